// What every route handler can reach: the database, the Temporal client and the settings the API needs.
import type { Client } from '@temporalio/client';
import { OpenAPIHono } from '@hono/zod-openapi';
import type { Db } from '../db/connect';
import type { Logger } from '../runtime/log';
import type { FreeAgentOAuthSettings } from '../integrations/freeagent/oauth';
import type { FreeAgentTokenStore } from '../integrations/freeagent/tokenStore';
import type { HmrcOAuthSettings } from '../integrations/hmrc/oauth';
import type { HmrcTokenStore } from '../integrations/hmrc/tokenStore';
import type { ActiveSession } from './auth/sessions';
import { validationHook } from './errors';

export interface AppDependencies {
  db: Db;
  temporal: Client;
  taskQueue: string;
  /** Base URL of the Temporal Web UI for links to workflows, if there is one. */
  temporalUiUrl: string | undefined;
  namespace: string;
  /** Compressed schedules (a year in minutes) are for demos and tests, never production. */
  allowCompressedSchedules: boolean;
  log: Logger;
  /** The practice's HMRC connection (OAuth settings, token store, key for signing OAuth state), when configured. */
  hmrc?: { oauth: HmrcOAuthSettings; tokens: HmrcTokenStore; stateKey: Buffer };
  /** The engine's public address, for HMRC's fraud prevention headers (VENDOR_PUBLIC_IP). */
  vendorPublicIp?: string;
  /** Where the built staff console is (admin-ui/dist); without it no console is served. */
  consoleDir?: string;
  /** The practice's FreeAgent connection (its app, token store, key for signing OAuth state), when configured. */
  freeagent?: { oauth: FreeAgentOAuthSettings; tokens: FreeAgentTokenStore; stateKey: Buffer };
}

/** `session` is set by api/auth/middleware.ts: the signed-in member of staff, or null. */
export type AppEnv = { Variables: { deps: AppDependencies; session: ActiveSession | null; csrfRejected: boolean } };

/** A router whose failed validations become our 400 shape. */
export function createRouter() {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
}
