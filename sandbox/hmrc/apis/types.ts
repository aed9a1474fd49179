// What an API module receives and gives back: the emulator's state and clock in, a list of routes out.
import type { ApiHandler } from '../platform/pipeline';
import type { EmulatorState } from '../state';

export interface ApiContext {
  state: EmulatorState;
  /** Call after every change to the state (persistence). */
  changed: () => void;
  /** Where callers reach the emulator, for links in answers. */
  publicBaseUrl: () => string;
}

/** One endpoint: HMRC's API name and version, the method and the path template exactly as in HMRC's OpenAPI file. */
export type Route = [api: string, version: string, method: string, path: string, handler: ApiHandler];
