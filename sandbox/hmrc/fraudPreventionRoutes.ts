// Fraud prevention headers: a verdict on every API request the emulator receives, and HMRC's Test Fraud Prevention
// Headers API (validate, and per-API feedback on the requests already received).
import { Hono, type Context } from 'hono';
import { validateFraudPreventionHeaders } from '../../domain/fraudPrevention';
import type { HmrcEmulator } from './emulator';
import { errorResponse, acceptedVersion, bearerToken, type EndpointSpec } from './platform/pipeline';
import { platformErrors } from './platform/errors';
import { grantForAccessToken } from './platform/oauth';

function requestHeaders(c: Context): Record<string, string> {
  return Object.fromEntries([...c.req.raw.headers.entries()].map(([k, v]) => [k.toLowerCase(), v]));
}

/** Judges the request's fraud prevention headers and keeps the verdict, as HMRC does for every MTD request. */
export function recordFraudVerdict(emulator: HmrcEmulator, c: Context, spec: EndpointSpec, clientId: string | null, correlationId: string): void {
  const verdict = validateFraudPreventionHeaders(requestHeaders(c), { now: emulator.clock.platformNow() });
  emulator.state.fraudVerdicts.push({
    at: new Date().toISOString(),
    correlationId,
    method: c.req.method,
    path: c.req.path,
    api: spec.api,
    clientId,
    connectionMethod: c.req.header('gov-client-connection-method') ?? null,
    code: verdict.code,
    errors: verdict.errors,
    warnings: verdict.warnings,
  });
  emulator.changed();
}

export function createFraudPreventionRoutes(emulator: HmrcEmulator) {
  const routes = new Hono();

  const checkCaller = (c: Context) => {
    if (acceptedVersion(c.req.header('accept')) !== '1.0') throw platformErrors.versionNotFound();
    const token = bearerToken(c.req.header('authorization'));
    if (!token) throw platformErrors.missingCredentials();
    const grant = grantForAccessToken(emulator.state, token, emulator.clock.platformNow());
    if (grant === null || grant === 'expired') throw platformErrors.invalidCredentials();
    return grant;
  };
  const fail = (c: Context, err: unknown) => {
    const rendered = errorResponse(err);
    if (!rendered) throw err;
    return c.json(rendered.body, rendered.status as 400);
  };

  routes.get('/test/fraud-prevention-headers/validate', (c) => {
    try {
      checkCaller(c);
    } catch (err) {
      return fail(c, err);
    }
    return c.json(validateFraudPreventionHeaders(requestHeaders(c), { now: emulator.clock.platformNow() }));
  });

  /** The verdicts on this application's requests to one API, newest first, optionally for one connection method. */
  routes.get('/test/fraud-prevention-headers/:api/validation-feedback', (c) => {
    let clientId: string;
    try {
      clientId = checkCaller(c).clientId;
    } catch (err) {
      return fail(c, err);
    }
    const api = c.req.param('api');
    const method = c.req.query('connectionMethod');
    const requests = emulator.state.fraudVerdicts
      .filter((v) => v.clientId === clientId && v.api === api && (!method || v.connectionMethod === method))
      .reverse()
      .map((v) => ({ path: v.path, method: v.method, correlationId: v.correlationId, requestTimestamp: v.at, connectionMethod: v.connectionMethod, code: v.code, errors: v.errors, warnings: v.warnings }));
    if (requests.length === 0) return c.json({ code: 'MATCHING_RESOURCE_NOT_FOUND', message: `No requests to ${api} have been received from this application` }, 404);
    return c.json({ specVersion: '3.3', api, connectionMethod: method ?? null, requests });
  });

  return routes;
}
