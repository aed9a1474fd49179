// Calls HMRC's MTD APIs over got: versioned Accept header, bearer token, fraud prevention headers, HMRC's errors as
// typed failures. got never retries: Temporal owns retrying, and every write has a reconcile path instead.
import got, { RequestError } from 'got';
import { acceptHeader, type HmrcApiVersion } from './apiVersions';
import type { WebSession } from './fraudPreventionHeaders';
import { HmrcApiError, hmrcFailure } from './errors';

export interface HmrcCall {
  api: HmrcApiVersion;
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Path on HMRC's API host, e.g. /obligations/details/AA123456A/income-and-expenditure */
  path: string;
  query?: Record<string, string>;
  body?: unknown;
  /** Sandbox only: HMRC's Gov-Test-Scenario. */
  testScenario?: string;
  /** Set when a member of staff triggered the call from the console (WEB_APP_VIA_SERVER); absent for batch work. */
  webSession?: WebSession;
}

export interface HmrcResult<T> {
  status: number;
  body: T;
  correlationId: string | null;
  deprecation: { deprecation: string; sunset: string | null; link: string | null } | null;
  /** HMRC's Location header, where it names what a request created (Agent Authorisation's invitations). */
  location?: string;
}

export interface HmrcClientOptions {
  /** The emulator, HMRC's sandbox (https://test-api.service.hmrc.gov.uk) or production. */
  baseUrl: string;
  /** A live access token for the connection making the call. */
  accessToken: () => Promise<string> | string;
  /** The fraud prevention headers for this call: the staff member's session when it has one, otherwise batch. */
  fraudPreventionHeaders: (call: HmrcCall) => Record<string, string>;
  timeoutMs?: number;
  /** Sees every request before it goes (tests check bodies against HMRC's schemas here). */
  onRequest?: (call: HmrcCall) => void;
  /**
   * How many times a 429 is waited out (a second each, HMRC's limit being per second) before it becomes a retryable
   * failure. HMRC did not process a throttled request, so sending it again is safe; one activity may make several
   * calls, and a burst beyond the limit would otherwise fail the whole activity every time. Default 3.
   */
  throttledWaits?: number;
  /** Sees every answer, successful or not: correlation ids and deprecation notices are recorded from here. */
  onResponse?: (call: HmrcCall, result: HmrcResult<unknown>) => void;
}

export interface HmrcClient {
  call<T = unknown>(call: HmrcCall): Promise<HmrcResult<T>>;
}

export function createHmrcClient(options: HmrcClientOptions): HmrcClient {
  const http = got.extend({
    prefixUrl: options.baseUrl.replace(/\/$/, ''),
    retry: { limit: 0 },
    throwHttpErrors: false,
    followRedirect: false,
    timeout: { request: options.timeoutMs ?? 30_000 },
  });

  return {
    async call<T>(call: HmrcCall): Promise<HmrcResult<T>> {
      options.onRequest?.(call);
      const label = `${call.method} ${call.api.name} ${call.api.version} ${call.path}`;
      const headers: Record<string, string> = {
        accept: acceptHeader(call.api),
        authorization: `Bearer ${await options.accessToken()}`,
        ...options.fraudPreventionHeaders(call),
        ...(call.testScenario ? { 'gov-test-scenario': call.testScenario } : {}),
      };
      let response;
      try {
        const send = () =>
          http(call.path.replace(/^\//, ''), {
            method: call.method,
            headers,
            ...(call.query ? { searchParams: call.query } : {}),
            ...(call.body === undefined ? {} : { json: call.body }),
            responseType: 'text',
          });
        response = await send();
        for (let waited = 0; response.statusCode === 429 && waited < (options.throttledWaits ?? 3); waited += 1) {
          await new Promise((resolve) => setTimeout(resolve, 1_000));
          response = await send();
        }
      } catch (err) {
        if (err instanceof RequestError) {
          const timedOut = err.code === 'ETIMEDOUT' || err.name === 'TimeoutError';
          // Without an answer we cannot know whether a write happened: the caller reconciles before writing again.
          throw new HmrcApiError(timedOut ? 'timeout' : 'network', null, err.code ?? 'NETWORK_ERROR', err.message, [], null, label);
        }
        throw err;
      }
      const text = response.body;
      let body: unknown;
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        body = text;
      }
      const header = (name: string) => {
        const value = response.headers[name];
        return Array.isArray(value) ? (value[0] ?? null) : (value ?? null);
      };
      const deprecation = header('deprecation');
      const location = header('location');
      const result: HmrcResult<T> = {
        status: response.statusCode,
        body: body as T,
        correlationId: header('x-correlationid'),
        deprecation: deprecation ? { deprecation, sunset: header('sunset'), link: header('link') } : null,
        ...(location ? { location } : {}),
      };
      options.onResponse?.(call, result);
      if (response.statusCode >= 400) throw hmrcFailure(response.statusCode, body, result.correlationId, label, result.location);
      return result;
    },
  };
}
