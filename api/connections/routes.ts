// /api/connections/<provider>: the practice connects the engine once to HMRC (its agent) and to FreeAgent (its practice
// account), by OAuth authorization code, and sees each connection's status. The routes are the same for both.
import { authorisationUrl, exchangeAuthorisationCode, grantRefusal, toConnectionTokens } from '../../integrations/freeagent/oauth';
import { HmrcOAuthError, authorizationUrl, exchangeCode } from '../../integrations/hmrc/oauth';
import { createRouter } from '../context';
import { oauthConnectionRouter, type OAuthProvider } from './oauthRoutes';

const hmrc: OAuthProvider = {
  key: 'hmrc',
  name: 'HMRC',
  errorPrefix: 'HMRC',
  connection: ({ hmrc: configured }) =>
    configured && {
      tokens: configured.tokens,
      stateKey: configured.stateKey,
      authorizationUrl: (state) => authorizationUrl(configured.oauth, state),
      exchangeCode: (code, now) => exchangeCode(configured.oauth, code, now),
      // 400s (invalid_grant: used, expired, another app's): the agent starts again. 401 is our client secret, 5xx HMRC's.
      codeRefusal: (err) => (err instanceof HmrcOAuthError && err.status === 400 ? err.error : null),
    },
};

const freeagent: OAuthProvider = {
  key: 'freeagent',
  name: 'FreeAgent',
  errorPrefix: 'FREEAGENT',
  connection: ({ freeagent: configured }) =>
    configured && {
      tokens: configured.tokens,
      stateKey: configured.stateKey,
      authorizationUrl: (state) => authorisationUrl(configured.oauth, configured.oauth.redirectUri, state),
      exchangeCode: async (code, now) => toConnectionTokens(await exchangeAuthorisationCode(configured.oauth, code, configured.oauth.redirectUri), now),
      codeRefusal: grantRefusal,
    },
};

export const connectionsRouter = createRouter().route('/hmrc', oauthConnectionRouter(hmrc)).route('/freeagent', oauthConnectionRouter(freeagent));
