// One OAuth connection's routes, the same for every provider: its status, the start (a redirect to the provider's grant
// page with a signed state) and the callback (state checked, code exchanged, tokens sealed in the token store).
import { z } from '@hono/zod-openapi';
import type { ConnectionTokens, TokenStore } from '../../integrations/oauthTokenStore';
import { createRouter, type AppDependencies } from '../context';
import { apiRoute } from '../route';
import { ApiError } from '../errors';
import { ErrorSchema } from '../schemas';
import { issueState, stateProblem } from './oauthState';

/** What the routes need of a configured connection. */
export interface OAuthConnection {
  tokens: Pick<TokenStore, 'save' | 'status'>;
  stateKey: Buffer;
  authorizationUrl(state: string): string;
  exchangeCode(code: string, now: Date): Promise<ConnectionTokens>;
  /** The provider's reason when it refused the code (used, expired, not its own), or null for any other failure. */
  codeRefusal(err: unknown): string | null;
}

export interface OAuthProvider {
  /** Path segment and state context: 'hmrc', 'freeagent'. */
  key: string;
  /** As staff read it: 'HMRC', 'FreeAgent'. */
  name: string;
  /** Prefix of this provider's error codes: 'HMRC' gives HMRC_CODE_REFUSED. */
  errorPrefix: string;
  /** The connection, or undefined when this engine has none configured. */
  connection(deps: AppDependencies): OAuthConnection | undefined;
}

const StatusSchema = z.object({ status: z.enum(['not-connected', 'connected', 'reconnect-needed']) }).openapi('ConnectionStatus');

export function oauthConnectionRouter(provider: OAuthProvider) {
  const { name, errorPrefix } = provider;
  const connectionOf = (deps: AppDependencies) => {
    const connection = provider.connection(deps);
    if (!connection) throw new ApiError(503, `${errorPrefix}_NOT_CONFIGURED`, `This engine has no ${name} connection configured`);
    return connection;
  };

  return createRouter()
    .openapi(
      apiRoute('practice:configure', {
        method: 'get',
        path: '/',
        tags: ['Connections'],
        summary: `The practice's ${name} connection`,
        responses: { 200: { description: `Whether the engine can act for the practice with ${name}`, content: { 'application/json': { schema: StatusSchema } } } },
      }),
      async (c) => c.json({ status: await connectionOf(c.get('deps')).tokens.status() }, 200),
    )
    .openapi(
      apiRoute('practice:configure', {
        method: 'get',
        path: '/start',
        tags: ['Connections'],
        summary: `Sends the agent to ${name}'s grant page`,
        responses: { 302: { description: `Redirect to ${name}'s grant page` } },
      }),
      (c) => {
        const connection = connectionOf(c.get('deps'));
        return c.redirect(connection.authorizationUrl(issueState(connection.stateKey, provider.key, new Date())), 302);
      },
    )
    .openapi(
      // Public: the provider's redirect brings the agent back; the signed state (issued at /start) is what is checked.
      apiRoute('public', {
        method: 'get',
        path: '/callback',
        tags: ['Connections'],
        summary: `Where ${name} sends the agent back: exchanges the code and keeps the tokens, encrypted`,
        request: {
          query: z.object({
            code: z.string().optional(),
            state: z.string({ error: `expected the state ${name} sent back` }),
            error: z.string().optional(),
            error_description: z.string().optional(),
          }),
        },
        responses: {
          200: { description: 'Connected', content: { 'application/json': { schema: StatusSchema } } },
          400: { description: 'The agent did not grant authority, the state is wrong, or the code was refused', content: { 'application/json': { schema: ErrorSchema } } },
          502: { description: `${name} could not complete the exchange`, content: { 'application/json': { schema: ErrorSchema } } },
        },
      }),
      async (c) => {
        const deps = c.get('deps');
        const connection = connectionOf(deps);
        const query = c.req.valid('query');
        const problem = stateProblem(connection.stateKey, provider, query.state, new Date());
        if (problem) throw new ApiError(400, 'INVALID_STATE', `The ${name} connection could not be completed: ${problem}`, [{ field: 'state', rule: problem }]);
        if (query.error) throw new ApiError(400, `${errorPrefix}_AUTHORITY_NOT_GRANTED`, `${name} says: ${query.error_description ?? query.error}`, [{ field: 'error', rule: query.error }]);
        if (!query.code) throw new ApiError(400, 'INVALID_REQUEST', `${name} sent no code`, [{ field: 'code', rule: `expected the code ${name} sends back` }]);
        let tokens: ConnectionTokens;
        try {
          tokens = await connection.exchangeCode(query.code, new Date());
        } catch (err) {
          const refused = connection.codeRefusal(err);
          if (refused) throw new ApiError(400, `${errorPrefix}_CODE_REFUSED`, `${name} refused the code (${refused}); start the connection again`, [{ field: 'code', rule: refused }]);
          deps.log.warn(`${name} code exchange failed`, { error: err });
          throw new ApiError(502, `${errorPrefix}_UNAVAILABLE`, `${name} did not complete the code exchange; start the connection again shortly`);
        }
        await connection.tokens.save(tokens);
        deps.log.info(`Connected to ${name}`);
        return c.json({ status: 'connected' as const }, 200);
      },
    );
}
