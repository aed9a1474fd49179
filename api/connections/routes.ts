// /api/connections/hmrc: the practice connects its agent to HMRC once (OAuth authorization code), and sees the status.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { createRoute, z } from '@hono/zod-openapi';
import { exchangeCode, HmrcOAuthError, authorizationUrl } from '../../integrations/hmrc/oauth';
import { createRouter, type AppDependencies } from '../context';
import { ApiError } from '../errors';
import { ErrorSchema } from '../schemas';

const STATE_MINUTES = 10;

/** A self-checking state (nonce, expiry, HMAC): no server-side session is needed between start and callback. */
export function issueState(key: Buffer, now: Date): string {
  const payload = Buffer.from(JSON.stringify({ n: randomBytes(12).toString('base64url'), e: now.getTime() + STATE_MINUTES * 60_000 })).toString('base64url');
  return `${payload}.${createHmac('sha256', key).update(`oauth-state:${payload}`).digest('base64url')}`;
}

export function stateProblem(key: Buffer, state: string, now: Date): string | null {
  const [payload, signature] = state.split('.');
  if (!payload || !signature) return 'expected the state HMRC sent back unchanged';
  const expected = createHmac('sha256', key).update(`oauth-state:${payload}`).digest();
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'expected the state this engine issued';
  const { e } = JSON.parse(Buffer.from(payload, 'base64url').toString()) as { e: number };
  return e < now.getTime() ? 'the connection attempt is older than 10 minutes; start again' : null;
}

function hmrcOf(deps: AppDependencies) {
  if (!deps.hmrc) throw new ApiError(503, 'HMRC_NOT_CONFIGURED', 'This engine has no HMRC connection configured');
  return deps.hmrc;
}

const StatusSchema = z.object({ status: z.enum(['not-connected', 'connected', 'reconnect-needed']) }).openapi('HmrcConnectionStatus');

export const connectionsRouter = createRouter()
  .openapi(
    createRoute({
      method: 'get',
      path: '/hmrc',
      tags: ['Connections'],
      summary: "The practice's HMRC connection",
      responses: { 200: { description: 'Whether the engine can act for the practice with HMRC', content: { 'application/json': { schema: StatusSchema } } } },
    }),
    async (c) => c.json({ status: await hmrcOf(c.get('deps')).tokens.status() }, 200),
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/hmrc/start',
      tags: ['Connections'],
      summary: "Sends the agent to HMRC's grant page",
      responses: { 302: { description: "Redirect to HMRC's grant page" } },
    }),
    (c) => {
      const deps = c.get('deps');
      const hmrc = hmrcOf(deps);
      return c.redirect(authorizationUrl(hmrc.oauth, issueState(hmrc.stateKey, new Date())), 302);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/hmrc/callback',
      tags: ['Connections'],
      summary: 'Where HMRC sends the agent back: exchanges the code and keeps the tokens, encrypted',
      request: { query: z.object({ code: z.string().optional(), state: z.string({ error: 'expected the state HMRC sent back' }), error: z.string().optional(), error_description: z.string().optional() }) },
      responses: {
        200: { description: 'Connected', content: { 'application/json': { schema: StatusSchema } } },
        400: { description: 'The agent did not grant authority, or the state is wrong', content: { 'application/json': { schema: ErrorSchema } } },
      },
    }),
    async (c) => {
      const deps = c.get('deps');
      const hmrc = hmrcOf(deps);
      const query = c.req.valid('query');
      const problem = stateProblem(hmrc.stateKey, query.state, new Date());
      if (problem) throw new ApiError(400, 'INVALID_STATE', `The HMRC connection could not be completed: ${problem}`, [{ field: 'state', rule: problem }]);
      if (query.error) throw new ApiError(400, 'HMRC_AUTHORITY_NOT_GRANTED', `HMRC says: ${query.error_description ?? query.error}`, [{ field: 'error', rule: query.error }]);
      if (!query.code) throw new ApiError(400, 'INVALID_REQUEST', 'HMRC sent no code', [{ field: 'code', rule: 'expected the code HMRC sends back' }]);
      try {
        await hmrc.tokens.save(await exchangeCode(hmrc.oauth, query.code, new Date()));
      } catch (err) {
        if (err instanceof HmrcOAuthError) throw new ApiError(400, 'HMRC_CODE_REFUSED', `HMRC refused the code (${err.error}); start the connection again`, [{ field: 'code', rule: err.error }]);
        throw err;
      }
      deps.log.info('Connected to HMRC');
      return c.json({ status: 'connected' as const }, 200);
    },
  );
