// The request pipeline for /v2 company and practice endpoints: bearer token, X-Subdomain selection, rate limit.
import type { Context, MiddlewareHandler } from 'hono';
import { FreeAgentApiError } from './errors';
import type { MinuteRateLimiter } from './rateLimiter';
import type { FreeAgentState, StoredCompany, TokenGrant } from './state';

export interface PipelineDeps {
  state: FreeAgentState;
  rateLimiter: MinuteRateLimiter;
  now: () => number;
}

export type PipelineEnv = { Variables: { grant: TokenGrant; company: StoredCompany | undefined } };

/** With X-RateLimit-Test: true, FreeAgent's sandbox drops the limit to 5 requests a minute. */
const RATE_LIMIT_TEST_LIMIT = 5;

export function authenticate(deps: PipelineDeps): MiddlewareHandler<PipelineEnv> {
  return async (c, next) => {
    const header = c.req.header('Authorization') ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) throw new FreeAgentApiError(401, ['No access token given: send Authorization: Bearer <access_token>']);
    const grant = deps.state.grantsByAccessToken.get(match[1]!);
    if (!grant) throw new FreeAgentApiError(401, ['Access token not recognised']);
    if (grant.accessExpiresAt <= deps.now()) throw new FreeAgentApiError(401, ['Access token expired: refresh it at /v2/token_endpoint']);
    c.set('grant', grant);

    const subdomain = c.req.header('X-Subdomain');
    let company: StoredCompany | undefined;
    if (subdomain !== undefined) {
      company = deps.state.companies.get(subdomain);
      const manager = deps.state.accountManagers.get(grant.accountManagerId);
      if (!company || !manager || (!manager.senior && company.accountManagerId !== manager.id)) {
        throw new FreeAgentApiError(403, [`You are not an account manager for a client with the subdomain '${subdomain}'`]);
      }
    }
    c.set('company', company);

    // Practice API limits count per client subdomain, not per practice.
    const key = company ? `company:${company.subdomain}` : `manager:${grant.accountManagerId}`;
    const testLimit = c.req.header('X-RateLimit-Test') === 'true' ? RATE_LIMIT_TEST_LIMIT : undefined;
    const wait = deps.rateLimiter.take(key, deps.now(), testLimit);
    if (wait !== null) throw new FreeAgentApiError(429, ['Rate limit exceeded: too many requests for this client in the current minute'], { 'Retry-After': String(wait) });
    await next();
  };
}

/** The client company a practice token acts for; company endpoints need X-Subdomain. */
export function companyOf(c: Context<PipelineEnv>): StoredCompany {
  const company = c.get('company');
  if (!company) throw new FreeAgentApiError(400, ['X-Subdomain header missing: say which client company to act for']);
  return company;
}
