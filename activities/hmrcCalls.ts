// The recording caller every HMRC activity goes through: each call kept with HMRC's correlation id, deprecation notices
// turned into practice alerts, HMRC's failures turned into Temporal failures, and the read-first helpers writes share.
import { ApplicationFailure } from '@temporalio/activity';
import { sql } from 'kysely';
import type { Db } from '../db/connect';
import type { HmrcCall, HmrcClient, HmrcResult } from '../integrations/hmrc/client';
import { HmrcApiError } from '../integrations/hmrc/errors';
import type { WebSession } from '../integrations/hmrc/fraudPreventionHeaders';
import { ReconnectNeeded } from '../integrations/oauthTokenStore';

export interface HmrcActivityDependencies {
  db: Db;
  hmrc: HmrcClient;
}

/** What every activity input may carry: the staff member's session when staff triggered the step (none for batch). */
export interface StaffSession {
  session?: WebSession;
}

/** The details a failure carries for staff: HMRC's code, message, paths and correlation id, unchanged. */
export interface HmrcFailureDetails {
  code: string;
  message: string;
  errors: HmrcApiError['errors'];
  correlationId: string | null;
  status: number | null;
  location?: string;
}

/** HMRC's failure as Temporal sees it: business errors are final, throttling, server errors and timeouts are retried. */
export function toActivityFailure(err: unknown): unknown {
  if (err instanceof ReconnectNeeded) {
    // The step waits for the practice to reconnect: retried with backoff, never failed.
    return ApplicationFailure.create({ message: err.message, type: 'ReconnectNeeded', nonRetryable: false, details: [{ provider: err.provider, reason: err.reason }] });
  }
  if (err instanceof HmrcApiError) {
    const details: HmrcFailureDetails[] = [
      { code: err.code, message: err.hmrcMessage, errors: err.errors, correlationId: err.correlationId, status: err.status, ...(err.location ? { location: err.location } : {}) },
    ];
    return ApplicationFailure.create({ message: err.message, type: err.retryable ? `HmrcRetryable.${err.kind}` : 'HmrcBusinessError', nonRetryable: !err.retryable, details });
  }
  return err;
}

/** HMRC's details on a failure the caller made, or undefined for any other error. */
export function hmrcDetails(err: unknown): HmrcFailureDetails | undefined {
  return err instanceof ApplicationFailure ? (err.details?.[0] as HmrcFailureDetails | undefined) : undefined;
}

/** True for HMRC's 404 (whatever its code): the resource is not there, which reads often expect. */
export function notFound(err: unknown): boolean {
  return hmrcDetails(err)?.status === 404;
}

/** True when HMRC refused with this code (Agent Authorisation answers state as 403s with a code). */
export function refusedWith(err: unknown, code: string): boolean {
  return hmrcDetails(err)?.code === code;
}

/** Values equal as HMRC compares money: 1000 and 1000.00 are the same amount. */
export function sameFigures(submitted: unknown, stored: unknown): boolean {
  if (typeof submitted === 'number' && typeof stored === 'number') return Math.round(submitted * 100) === Math.round(stored * 100);
  if (submitted && typeof submitted === 'object') {
    if (!stored || typeof stored !== 'object') return false;
    return Object.entries(submitted).every(([k, v]) => sameFigures(v, (stored as Record<string, unknown>)[k]));
  }
  return submitted === stored;
}

export function createHmrcCaller(deps: HmrcActivityDependencies) {
  /** Every call is kept with HMRC's correlation id; a deprecation notice becomes a practice alert (once per API). */
  async function call<T>(request: HmrcCall): Promise<HmrcResult<T>> {
    let result: HmrcResult<T> | undefined;
    let failure: unknown;
    try {
      result = await deps.hmrc.call<T>(request);
      return result;
    } catch (err) {
      failure = err;
      throw toActivityFailure(err);
    } finally {
      const apiError = failure instanceof HmrcApiError ? failure : undefined;
      await deps.db
        .insertInto('hmrc_calls')
        .values({
          api: request.api.name,
          version: request.api.version,
          method: request.method,
          path: request.path,
          status: result?.status ?? apiError?.status ?? null,
          correlation_id: result?.correlationId ?? apiError?.correlationId ?? null,
          error_code: apiError?.code ?? (failure instanceof ReconnectNeeded ? 'RECONNECT_NEEDED' : null),
        })
        .execute();
      if (result?.deprecation) {
        const key = `${request.api.name} ${request.api.version}`;
        const details = JSON.stringify(result.deprecation);
        await deps.db
          .insertInto('alerts')
          .values({
            kind: 'api-deprecation',
            key,
            message: `HMRC has deprecated ${key}${result.deprecation.sunset ? `; it will be withdrawn on ${result.deprecation.sunset}` : ''}.`,
            details,
          })
          .onConflict((oc) => oc.columns(['kind', 'key']).doUpdateSet({ details, resolved_at: null, created_at: sql<Date>`now()` }))
          .execute();
      }
    }
  }

  /** A read whose 404 means "HMRC holds nothing": null then, so the caller can tell absence from failure. */
  async function readOrNull<T>(request: HmrcCall): Promise<HmrcResult<T> | null> {
    return call<T>(request).catch((err: unknown) => {
      if (notFound(err)) return null;
      throw err;
    });
  }

  /** A replacing PUT, sent only when HMRC does not already hold the same figures (read first: the reconcile path). */
  async function putUnlessHeld(api: HmrcCall['api'], path: string, body: Record<string, unknown>, session?: WebSession): Promise<{ submitted: boolean }> {
    const existing = await readOrNull<Record<string, unknown>>({ api, method: 'GET', path, webSession: session });
    if (existing && sameFigures(body, existing.body)) return { submitted: false };
    await call({ api, method: 'PUT', path, body, webSession: session });
    return { submitted: true };
  }

  return { call, readOrNull, notFound, putUnlessHeld, sameFigures };
}

export type HmrcCaller = ReturnType<typeof createHmrcCaller>;
