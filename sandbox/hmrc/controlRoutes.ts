// The emulator's own controls under /emulator/: tokens without a browser, the ledger, faults, the clock, the rate limit.
import { Hono, type Context } from 'hono';
import type { HmrcEmulator } from './emulator';
import { faultProblems, noFaults, type FaultSettings } from './platform/faults';
import { KNOWN_SCOPES, issueGrant } from './platform/oauth';
import { HmrcError } from './platform/errors';
import { respondToInvitation } from './apis/agentAuthorisation';
import { accountsControlRoutes } from './apis/selfAssessmentAccounts';

function invalid(c: Context, problems: string[]) {
  return c.json({ code: 'INVALID_REQUEST', message: 'Invalid request', errors: problems.map((p) => ({ code: 'INVALID_FIELD', message: p })) }, 400);
}

async function jsonBody(c: Context): Promise<Record<string, unknown> | null> {
  const text = await c.req.text();
  if (text.trim() === '') return {};
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

export function createEmulatorControlRoutes(emulator: HmrcEmulator) {
  const routes = new Hono();
  const oauth = () => ({ state: emulator.state, now: () => emulator.clock.platformNow(), refreshDelayMs: 0, changed: () => emulator.changed() });

  /** {"userId": ...} -> the tokens the authorization-code flow would give that user; {} -> an application token. */
  routes.post('/oauth/token', async (c) => {
    const body = await jsonBody(c);
    if (!body) return invalid(c, ['body: expected a JSON object']);
    const apps = Object.values(emulator.state.applications);
    const clientId = typeof body.clientId === 'string' ? body.clientId : apps[0]?.clientId;
    if (!clientId || !emulator.state.applications[clientId]) return invalid(c, ['clientId: expected a registered application']);
    if (body.userId === undefined) return c.json(issueGrant(oauth(), clientId, null, []));
    if (typeof body.userId !== 'string' || !emulator.state.users[body.userId]) return invalid(c, ['userId: expected the userId of a test user']);
    const scopes = body.scopes === undefined ? [...KNOWN_SCOPES] : body.scopes;
    if (!Array.isArray(scopes) || scopes.some((s) => typeof s !== 'string' || !(KNOWN_SCOPES as readonly string[]).includes(s))) {
      return invalid(c, [`scopes: expected a list of ${KNOWN_SCOPES.join(', ')}`]);
    }
    return c.json(issueGrant(oauth(), clientId, body.userId, scopes as string[]));
  });

  /** Ends every live access token (of one user, or all), as if four hours had passed: the next call gets 401. */
  routes.post('/oauth/expire-access-tokens', async (c) => {
    const body = await jsonBody(c);
    if (!body) return invalid(c, ['body: expected a JSON object']);
    let expired = 0;
    for (const grant of Object.values(emulator.state.grants)) {
      if (body.userId !== undefined && grant.userId !== body.userId) continue;
      grant.accessTokenExpiresAt = new Date(0).toISOString();
      expired += 1;
    }
    emulator.changed();
    return c.json({ expired });
  });

  routes.post('/applications', async (c) => {
    const body = await jsonBody(c);
    const problems: string[] = [];
    if (!body) return invalid(c, ['body: expected a JSON object']);
    if (typeof body.clientId !== 'string' || body.clientId.length < 3) problems.push('clientId: expected an id of at least 3 characters');
    if (typeof body.clientSecret !== 'string' || body.clientSecret.length < 8) problems.push('clientSecret: expected a secret of at least 8 characters');
    if (!Array.isArray(body.redirectUris) || body.redirectUris.length > 5 || body.redirectUris.some((u) => typeof u !== 'string' || !URL.canParse(u))) {
      problems.push('redirectUris: expected up to 5 absolute URLs');
    }
    if (problems.length > 0) return invalid(c, problems);
    const app = { clientId: body.clientId as string, clientSecrets: [body.clientSecret as string], redirectUris: body.redirectUris as string[], name: typeof body.name === 'string' ? body.name : (body.clientId as string) };
    emulator.state.applications[app.clientId] = app;
    emulator.changed();
    return c.json({ clientId: app.clientId, name: app.name, redirectUris: app.redirectUris }, 201);
  });

  routes.get('/ledger', (c) => {
    const { nino, api, operation, taxYear, businessId } = c.req.query();
    const entries = emulator.state.ledger.filter(
      (e) =>
        (!nino || e.nino === nino) &&
        (!api || e.api === api) &&
        (!operation || e.operation === operation) &&
        (!taxYear || e.taxYear === taxYear) &&
        (!businessId || e.businessId === businessId),
    );
    return c.json({ entries });
  });

  routes.get('/faults', (c) => c.json(emulator.faults));
  routes.post('/faults', async (c) => {
    const body = await jsonBody(c);
    if (!body) return invalid(c, ['body: expected a JSON object']);
    const { seed, ...settings } = body;
    const problems = faultProblems(settings);
    if (seed !== undefined && (typeof seed !== 'number' || !Number.isInteger(seed))) problems.push('seed: expected a whole number');
    if (problems.length > 0) return invalid(c, problems);
    emulator.faults = { ...noFaults, ...(settings as Partial<FaultSettings>) };
    if (typeof seed === 'number') emulator.setFaultSeed(seed);
    return c.json(emulator.faults);
  });

  routes.get('/clock', (c) => c.json({ now: emulator.clock.now().toISOString(), real: emulator.clock.isReal(), rate: emulator.clock.speed() }));
  routes.post('/clock', async (c) => {
    const body = await jsonBody(c);
    if (!body) return invalid(c, ['body: expected a JSON object']);
    if (body.now !== null && (typeof body.now !== 'string' || Number.isNaN(Date.parse(body.now)))) {
      return invalid(c, ['now: expected an ISO 8601 date-time, or null for real time']);
    }
    if (body.rate !== undefined && (typeof body.rate !== 'number' || !(body.rate > 0) || body.rate > 1e7)) {
      return invalid(c, ['rate: expected how many times faster than real time the clock runs, above 0 and at most 10000000']);
    }
    emulator.clock.set(body.now === null ? null : new Date(body.now as string), (body.rate as number | undefined) ?? 1);
    return c.json({ now: emulator.clock.now().toISOString(), real: emulator.clock.isReal(), rate: emulator.clock.speed() });
  });

  routes.get('/rate-limit', (c) => c.json({ perSecond: emulator.rateLimiter.rate }));
  routes.post('/rate-limit', async (c) => {
    const body = await jsonBody(c);
    if (!body) return invalid(c, ['body: expected a JSON object']);
    const rate = body.perSecond;
    if (rate !== null && (typeof rate !== 'number' || rate <= 0)) return invalid(c, ['perSecond: expected a positive number, or null for no limit']);
    emulator.rateLimiter.setRate(rate as number | null);
    return c.json({ perSecond: emulator.rateLimiter.rate });
  });

  routes.get('/fraud-prevention/verdicts', (c) => {
    const { correlationId, code } = c.req.query();
    return c.json({ verdicts: emulator.state.fraudVerdicts.filter((v) => (!correlationId || v.correlationId === correlationId) && (!code || v.code === code)) });
  });

  /** The client's answer to an agent's invitation, without the sign-in page (scripts and tests). */
  routes.post('/invitations/:invitationId/:decision{accept|reject}', (c) => {
    try {
      const invitation = respondToInvitation(emulator.state, c.req.param('invitationId'), c.req.param('decision') === 'accept', emulator.clock.now());
      emulator.changed();
      return c.json({ invitationId: invitation.invitationId, status: invitation.status, agentType: invitation.agentType, arn: invitation.arn, clientId: invitation.clientId });
    } catch (err) {
      if (err instanceof HmrcError) return c.json({ code: err.code, message: err.message }, err.status as 403);
      throw err;
    }
  });

  /** Announces (or, with deprecation null, withdraws) the deprecation of an API version: its answers then carry the headers. */
  routes.post('/deprecations', async (c) => {
    const body = await jsonBody(c);
    if (!body) return invalid(c, ['body: expected a JSON object']);
    const problems: string[] = [];
    if (typeof body.api !== 'string' || typeof body.version !== 'string') problems.push('api and version: expected an HMRC API name and version, e.g. "business-details" and "2.0"');
    const date = (field: string) => body[field] === undefined || (typeof body[field] === 'string' && !Number.isNaN(Date.parse(body[field] as string)));
    if (body.deprecation !== null && !(typeof body.deprecation === 'string' && date('deprecation'))) problems.push('deprecation: expected an ISO 8601 date-time, or null to withdraw');
    if (!date('sunset')) problems.push('sunset: expected an ISO 8601 date-time');
    if (body.link !== undefined && (typeof body.link !== 'string' || !URL.canParse(body.link))) problems.push('link: expected an absolute URL');
    if (problems.length > 0) return invalid(c, problems);
    const key = `${body.api as string} ${body.version as string}`;
    if (body.deprecation === null) delete emulator.deprecations[key];
    else emulator.deprecations[key] = { deprecation: new Date(body.deprecation as string), ...(body.sunset ? { sunset: new Date(body.sunset as string) } : {}), ...(body.link ? { link: body.link as string } : {}) };
    return c.json({ deprecations: Object.fromEntries(Object.entries(emulator.deprecations).map(([k, d]) => [k, { deprecation: d.deprecation.toISOString(), sunset: d.sunset?.toISOString() ?? null, link: d.link ?? null }])) });
  });

  /** The relationships HMRC holds (agent, client NINO, main or supporting). */
  routes.get('/relationships', (c) => c.json({ relationships: emulator.state.relationships }));

  routes.route('/accounts', accountsControlRoutes({ state: emulator.state, changed: () => emulator.changed(), publicBaseUrl: () => emulator.publicBaseUrl }, { now: () => emulator.clock.now() }));

  routes.post('/reset', (c) => {
    emulator.reset();
    return c.body(null, 204);
  });

  return routes;
}
