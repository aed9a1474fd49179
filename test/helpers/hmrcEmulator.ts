// An HMRC emulator on a loopback port for tests, and a raw-HTTP caller that checks every answer against HMRC's schemas.
import { randomUUID } from 'node:crypto';
import { serve, type ServerType } from '@hono/node-server';
import { collectBatchDevice } from '../../integrations/hmrc/batchDevice';
import { createHmrcClient, type HmrcClient, type HmrcClientOptions } from '../../integrations/hmrc/client';
import { fraudPreventionHeadersFor, type Vendor } from '../../integrations/hmrc/fraudPreventionHeaders';
import { expect } from 'vitest';
import { HmrcEmulator, type HmrcEmulatorOptions } from '../../sandbox/hmrc/emulator';
import { findApi, matchEndpoint, responseValidator } from '../../sandbox/hmrc/oas';
import { schemaForTaxYear } from '../../sandbox/hmrc/oasLoader/taxYearVariants';

/** The vendor our tests' HMRC clients describe in their fraud prevention headers. */
export const TEST_VENDOR: Vendor = {
  productName: 'Practice Engine',
  versions: { 'practice-engine': '0.1.0' },
  licenseIds: { 'practice-engine': 'b9d8c7a6e5f4d3c2b1a0f9e8d7c6b5a4a3c1e2f0b9d8c7a6e5f4d3c2b1a0f9e8' },
  practiceUserId: 'practice-1',
};

/**
 * Our HMRC client against the emulator, choosing fraud prevention headers as runtime/hmrcConnection.ts does (the staff
 * member's session when a call has one, else batch).
 */
export function engineHmrcClient(running: RunningEmulator, accessToken: HmrcClientOptions['accessToken'], options: Partial<HmrcClientOptions> = {}): HmrcClient {
  const deviceId = randomUUID();
  return createHmrcClient({
    baseUrl: running.url,
    accessToken,
    fraudPreventionHeaders: (c) => fraudPreventionHeadersFor(c, collectBatchDevice(deviceId), TEST_VENDOR, new Date()),
    timeoutMs: 5_000,
    ...options,
  });
}

export const TEST_APP = { clientId: 'test-app', clientSecret: 'test-app-secret', redirectUri: 'http://localhost:3000/callback' };

export interface RunningEmulator {
  emulator: HmrcEmulator;
  url: string;
  stop(): Promise<void>;
}

export async function startEmulator(options: HmrcEmulatorOptions = {}): Promise<RunningEmulator> {
  const emulator = await HmrcEmulator.create({
    rateLimitPerSecond: null,
    applications: [{ clientId: TEST_APP.clientId, clientSecrets: [TEST_APP.clientSecret], redirectUris: [TEST_APP.redirectUri], name: 'Test app' }],
    ...options,
  });
  const server = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: emulator.app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(s));
  });
  const address = server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  emulator.publicBaseUrl = url;
  return { emulator, url, stop: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** A complete, valid BATCH_PROCESS_DIRECT set (HMRC README §4.5 examples). */
export function batchFraudHeaders(now = new Date()): Record<string, string> {
  return {
    'Gov-Client-Connection-Method': 'BATCH_PROCESS_DIRECT',
    'Gov-Client-Device-ID': 'beec798b-b366-47fa-b1f8-92cede14a1ce',
    'Gov-Client-Local-IPs': '10.1.2.3',
    'Gov-Client-Local-IPs-Timestamp': new Date(now.getTime() - 1000).toISOString(),
    'Gov-Client-MAC-Addresses': 'ea%3A43%3A1a%3A5d%3A21%3A45',
    'Gov-Client-Timezone': 'UTC+00:00',
    'Gov-Client-User-Agent': 'os-family=Linux&os-version=6.1&device-manufacturer=Practice%20Engine&device-model=Worker',
    'Gov-Client-User-IDs': 'os=worker&practice-engine=batch',
    'Gov-Vendor-License-IDs': 'practice-engine=8D7963490527D33716835EE7C195516D5E562E03B224E9B359836466EE40CDE1',
    'Gov-Vendor-Product-Name': 'Practice%20Engine',
    'Gov-Vendor-Version': 'practice-engine=0.1.0',
  };
}

export interface CallOptions {
  token?: string;
  /** API version for the Accept header; false sends none. */
  version?: string | false;
  body?: unknown;
  headers?: Record<string, string>;
  /** Skip checking the answer against HMRC's schema (for answers HMRC does not define, e.g. 401 from the platform). */
  unchecked?: boolean;
}

export interface CallResult {
  status: number;
  body: any;
  headers: Headers;
}

/**
 * Calls the emulator over HTTP. Every JSON answer to an HMRC path is checked against the schema HMRC publishes for that
 * endpoint and status, so each test is also a contract test.
 */
export async function call(running: RunningEmulator, method: string, path: string, options: CallOptions = {}): Promise<CallResult> {
  const headers: Record<string, string> = { ...batchFraudHeaders(), ...(options.headers ?? {}) };
  if (options.version !== false) headers.accept = `application/vnd.hmrc.${options.version ?? '1.0'}+json`;
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let body: string | undefined;
  if (options.body !== undefined) {
    headers['content-type'] ??= 'application/json';
    body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
  }
  const response = await fetch(`${running.url}${path}`, { method, headers, body });
  const text = await response.text();
  const parsed: unknown = text ? JSON.parse(text) : undefined;
  expect(response.headers.get('x-correlationid') ?? 'n/a', `${method} ${path} carries X-CorrelationId`).toMatch(/^[0-9a-f-]{36}$|^n\/a$/);
  if (!options.unchecked && parsed !== undefined && options.version !== false) checkAgainstSchema(method, path, options.version ?? '1.0', response.status, parsed);
  return { status: response.status, body: parsed, headers: response.headers };
}

/**
 * Fields where HMRC's published schema cannot be met, so the emulator follows HMRC's examples (which the real service
 * returns) instead. Each was checked by hand against ../shared/hmrc/oas; test/unit/hmrcOas.test.ts lists the examples.
 */
const KNOWN_SCHEMA_DEFECTS: { api: string; path: string; field: string; why: string }[] = [
  { api: 'agent-authorisation', path: '/agents/{arn}/invitations', field: '/service', why: "an array whose items are a oneOf of two identical string types, which nothing can satisfy; HMRC's examples send the string 'MTD-IT'" },
  { api: 'agent-authorisation', path: '/agents/{arn}/invitations/{invitationId}', field: '/service', why: 'as above' },
  // BSAS retrieve definitions put minimum 0 on adjustments the adjust endpoints accept as negative deltas (and HMRC's own
  // adjust examples send negative ones), so an adjusted summary cannot be shown within them.
  { api: 'self-assessment-bsas', path: '/individuals/self-assessment/adjustable-summary/{nino}/uk-property/{calculationId}/{taxYear}', field: '/adjustments/expenses/residentialFinancialCost', why: 'minimum 0 on a delta' },
  { api: 'self-assessment-bsas', path: '/individuals/self-assessment/adjustable-summary/{nino}/foreign-property/{calculationId}/{taxYear}', field: '/adjustments/propertyLevelDetail', why: 'minimum 0 on income deltas' },
  { api: 'self-assessment-bsas', path: '/individuals/self-assessment/adjustable-summary/{nino}/foreign-property/{calculationId}/{taxYear}', field: '/adjustments/countryLevelDetail', why: 'minimum 0 on residentialFinancialCost deltas' },
];

function checkAgainstSchema(method: string, path: string, version: string, status: number, body: unknown): void {
  const match = matchEndpoint(method, path.split('?')[0]!, version);
  if (!match) return;
  // HMRC picks the response definition by tax year, and its definitions overlap, so check against that year's only.
  const taxYear = Object.entries(match.params).find(([name, value]) => /taxYear/i.test(name) && /^\d{4}-\d{2}$/.test(value))?.[1];
  const validate = responseValidator(match.endpoint, status, taxYear ? (schema) => schemaForTaxYear(schema, taxYear) : undefined);
  if (!validate || validate(body)) return;
  const defects = KNOWN_SCHEMA_DEFECTS.filter((d) => d.api === match.api.name && d.path === match.endpoint.path);
  const real = (validate.errors ?? []).filter(
    (e) => !defects.some((d) => e.instancePath === d.field || e.instancePath.startsWith(`${d.field}/`) || e.instancePath.replace(/^\/\d+/, '') === d.field),
  );
  expect(real, `${method} ${path} ${status} fits HMRC's schema`).toEqual([]);
}

export function apiVersion(api: string, version: string): string {
  if (!findApi(api, version)) throw new Error(`no ${api} ${version} in the bundle`);
  return version;
}

/** An application token and a new agent (with an ARN) and MTD client, the agent authorised as `agentType`. */
export async function agentWithClient(running: RunningEmulator, agentType: 'main' | 'supporting' = 'main') {
  const app = await appToken(running);
  const agent = (await call(running, 'POST', '/create-test-user/agents', { token: app, body: { serviceNames: ['agent-services'] } })).body;
  const client = (await call(running, 'POST', '/create-test-user/individuals', { token: app, body: { serviceNames: ['mtd-income-tax', 'self-assessment'] } })).body;
  const agentToken = await userToken(running, agent.userId);
  const invite = await call(running, 'POST', `/agents/${agent.agentServicesAccountNumber}/invitations`, {
    token: agentToken,
    version: '2.0',
    body: { service: 'MTD-IT', clientType: 'personal', clientIdType: 'ni', clientId: client.nino, knownFact: client.individualDetails.address.postcode, agentType },
  });
  expect(invite.status).toBe(204);
  const invitationId = invite.headers.get('location')!.split('/').pop()!;
  const accepted = await fetch(`${running.url}/emulator/invitations/${invitationId}/accept`, { method: 'POST' });
  expect(accepted.status).toBe(200);
  return { app, agent, client, agentToken, arn: agent.agentServicesAccountNumber as string, nino: client.nino as string };
}

export async function appToken(running: RunningEmulator): Promise<string> {
  const response = await fetch(`${running.url}/emulator/oauth/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
  return ((await response.json()) as { access_token: string }).access_token;
}

export async function userToken(running: RunningEmulator, userId: string, scopes?: string[]): Promise<string> {
  const response = await fetch(`${running.url}/emulator/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ userId, ...(scopes ? { scopes } : {}) }),
  });
  return ((await response.json()) as { access_token: string }).access_token;
}
