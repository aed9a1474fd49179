// One HMRC API request through the platform, in HMRC's order: Accept header, credentials, rate limit, scope,
// fraud prevention headers (recorded), Gov-Test-Scenario, the client-agent relationship, then the API's own handler.
import type { Context } from 'hono';
import { HmrcError, HmrcErrors, errorBody, platformErrors } from './errors';
import { grantForAccessToken } from './oauth';
import { endpointError, isDocumented } from './validation';
import type { HmrcEndpoint } from '../oasLoader/types';
import type { EmulatorState, Grant, TestUser } from '../state';

export interface EndpointSpec {
  api: string;
  version: string;
  method: string;
  /** Path template as in HMRC's OpenAPI, e.g. /individuals/business/details/{nino}/list */
  path: string;
  /** Scopes any one of which allows the call (HMRC lists one per endpoint). Empty: no scope needed. */
  scopes: string[];
  /** Gov-Test-Scenario values documented for the endpoint, without the default. */
  scenarios: string[];
  /** User-restricted (OAuth user token) or application-restricted (client-credentials token). */
  access: 'user' | 'application';
  /** Agents with a supporting relationship may not call it (HMRC README §1.9). */
  mainAgentOnly: boolean;
  /** Whether HMRC requires fraud prevention headers on it (all MTD APIs; not Agent Authorisation or Test User). */
  fraudPreventionHeaders: boolean;
  /** HMRC's definition of the endpoint: errors, schemas, examples. */
  oas: HmrcEndpoint;
}

export interface ApiRequest {
  endpoint: EndpointSpec;
  params: Record<string, string>;
  query: Record<string, string>;
  header(name: string): string | undefined;
  /** Parsed JSON body, undefined when there was none. */
  body: unknown;
  scenario: string | null;
  grant: Grant;
  /** The signed-in test user, or null for an application token. */
  user: TestUser | null;
  correlationId: string;
  now: Date;
}

export interface ApiResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** A write HMRC accepted: recorded in the ledger with these keys. */
  write?: { nino?: string; taxYear?: string; businessId?: string };
  /** A POST that only reads (Agent Authorisation's relationship check): no ledger entry, and no lost answer under faults. */
  readOnly?: boolean;
}

export type ApiHandler = (request: ApiRequest) => ApiResponse | Promise<ApiResponse>;

export interface PipelineDependencies {
  state: EmulatorState;
  now: () => Date;
  takeRateToken: (clientId: string) => boolean;
}

const ACCEPT = /^application\/vnd\.hmrc\.(\d+\.\d+)\+json$/;

/** The version an Accept header asks for, or throws 406 ACCEPT_HEADER_INVALID. */
export function acceptedVersion(accept: string | undefined): string {
  const match = ACCEPT.exec((accept ?? '').split(',')[0]!.trim());
  if (!match) throw platformErrors.acceptHeaderInvalid();
  return match[1]!;
}

export function bearerToken(authorization: string | undefined): string | null {
  const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
  return match ? match[1]! : null;
}

/** Resolves the token to a grant (401s as HMRC answers them), takes a rate-limit token (429), checks scope (403). */
export function authorise(deps: PipelineDependencies, c: Context, endpoint: EndpointSpec): { grant: Grant; user: TestUser | null } {
  const token = bearerToken(c.req.header('authorization'));
  if (!token) throw platformErrors.missingCredentials();
  const grant = grantForAccessToken(deps.state, token, deps.now());
  if (grant === null || grant === 'expired') throw platformErrors.invalidCredentials();
  if (!deps.takeRateToken(grant.clientId)) throw platformErrors.throttled();
  if (endpoint.access === 'user' && grant.userId === null) throw platformErrors.incorrectAccessTokenType();
  if (endpoint.scopes.length > 0 && !endpoint.scopes.some((s) => grant.scopes.includes(s))) throw platformErrors.invalidScope();
  const user = grant.userId === null ? null : (deps.state.users[grant.userId] ?? null);
  if (grant.userId !== null && !user) throw platformErrors.invalidCredentials();
  return { grant, user };
}

/** Gov-Test-Scenario: absent, DEFAULT or STATEFUL run the stateful emulator; a documented value is returned; others are 400. */
export function testScenario(endpoint: EndpointSpec, header: string | undefined): string | null {
  const value = header?.trim();
  if (!value || value === 'DEFAULT' || value === 'STATEFUL') return null;
  if (!endpoint.scenarios.includes(value)) throw platformErrors.incorrectGovTestScenario();
  return value;
}

/**
 * May this user act for this NINO on this endpoint? The individual for their own NINO, if signed up to MTD; an agent
 * with a relationship for it (a main one where the endpoint is main-agent only). Otherwise 403 CLIENT_OR_AGENT_NOT_AUTHORISED.
 */
export function checkActingFor(state: EmulatorState, user: TestUser | null, endpoint: EndpointSpec, nino: string): void {
  const notAuthorised = () => endpointError(endpoint.oas, 'CLIENT_OR_AGENT_NOT_AUTHORISED');
  if (!user) throw notAuthorised();
  const client = Object.values(state.users).find((u) => u.kind === 'individual' && u.nino === nino);
  const signedUp = client?.kind === 'individual' && Boolean(client.mtdItId);
  if (client && !signedUp && isDocumented(endpoint.oas, 'CLIENT_NOT_MTD_ENROLLED')) throw endpointError(endpoint.oas, 'CLIENT_NOT_MTD_ENROLLED');
  if (user.kind === 'individual') {
    if (user.nino !== nino || !signedUp) throw notAuthorised();
    return;
  }
  const relationship = state.relationships.find((r) => r.arn === user.agentServicesAccountNumber && r.nino === nino);
  if (!signedUp || !relationship || (endpoint.mainAgentOnly && relationship.agentType !== 'main')) throw notAuthorised();
}

/** Renders any error thrown in the pipeline or a handler as HMRC would. */
export function errorResponse(err: unknown): { status: number; body: unknown; headers?: Record<string, string> } | null {
  if (err instanceof HmrcErrors) return errorBody(err.errors);
  if (err instanceof HmrcError) {
    const { status, body } = errorBody([err]);
    return { status, body, ...(err.headers ? { headers: err.headers } : {}) };
  }
  return null;
}
