// Our HMRC client against the emulator: every request it sends fits HMRC's request schema and carries fraud prevention
// headers HMRC's checker finds valid; HMRC's answers come back as typed failures, retryable or not.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HMRC_APIS, lossesApiFor } from '../../integrations/hmrc/apiVersions';
import { collectBatchDevice } from '../../integrations/hmrc/batchDevice';
import { createHmrcClient, type HmrcCall } from '../../integrations/hmrc/client';
import { HmrcApiError } from '../../integrations/hmrc/errors';
import { FraudPreventionHeaderError, batchProcessDirectHeaders, webAppViaServerHeaders, type Vendor } from '../../integrations/hmrc/fraudPreventionHeaders';
import { matchEndpoint, requestValidator } from '../../sandbox/hmrc/oas';
import { schemaForTaxYear } from '../../sandbox/hmrc/oasLoader/taxYearVariants';
import { agentWithClient, startEmulator, type RunningEmulator } from '../helpers/hmrcEmulator';

const vendor: Vendor = {
  productName: 'Practice Engine',
  versions: { 'practice-engine': '0.1.0' },
  licenseIds: { 'practice-engine': 'a3c1e2f0b9d8c7a6e5f4d3c2b1a0f9e8d7c6b5a4a3c1e2f0b9d8c7a6e5f4d3c2' },
  practiceUserId: 'practice-1',
};
const deviceId = randomUUID();

let hmrc: RunningEmulator;
const schemaProblems: string[] = [];

/** Fails the test (at the end) for any body that does not fit HMRC's request schema for that tax year. */
function checkRequest(call: HmrcCall): void {
  if (call.body === undefined) return;
  const match = matchEndpoint(call.method, call.path, call.api.version);
  if (!match) {
    schemaProblems.push(`${call.method} ${call.path}: no such endpoint in HMRC's definitions`);
    return;
  }
  const taxYear = Object.entries(match.params).find(([name, value]) => /taxYear/i.test(name) && /^\d{4}-\d{2}$/.test(value))?.[1];
  const validate = requestValidator(match.endpoint, taxYear ? (s) => schemaForTaxYear(s, taxYear) : undefined);
  if (validate && !validate(call.body)) schemaProblems.push(`${call.method} ${call.path}: ${JSON.stringify(validate.errors?.slice(0, 3))}`);
}

beforeAll(async () => {
  hmrc = await startEmulator();
});
afterAll(async () => {
  await hmrc?.stop();
});

function clientFor(token: string, timeoutMs?: number) {
  return createHmrcClient({
    baseUrl: hmrc.url,
    accessToken: () => token,
    fraudPreventionHeaders: () => batchProcessDirectHeaders(collectBatchDevice(deviceId), vendor, new Date()).headers,
    onRequest: checkRequest,
    ...(timeoutMs ? { timeoutMs } : {}),
  });
}

describe('HMRC client', () => {
  it('sends versioned, authorised, schema-valid requests with fraud headers HMRC finds valid', async () => {
    hmrc.emulator.clock.set(new Date('2026-04-07T09:00:00Z'));
    const { agentToken, nino, agent } = await agentWithClient(hmrc);
    const client = clientFor(agentToken);
    const created = await client.call<{ businessId: string }>({
      api: HMRC_APIS.testSupport,
      method: 'POST',
      path: `/individuals/self-assessment-test-support/business/${nino}`,
      body: { typeOfBusiness: 'self-employment', tradingName: 'Client Co', commencementDate: '2020-01-01', businessAddressLineOne: '1 Road', businessAddressCountryCode: 'GB', businessAddressPostcode: 'LS1 4AP' },
    });
    const businessId = created.body.businessId;
    hmrc.emulator.clock.set(new Date('2026-07-20T09:00:00Z'));
    const fresh = (await (await fetch(`${hmrc.url}/emulator/oauth/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userId: agent.userId }) })).json()) as { access_token: string };
    const later = clientFor(fresh.access_token);
    const put = await later.call({
      api: HMRC_APIS.selfEmployment,
      method: 'PUT',
      path: `/individuals/business/self-employment/${nino}/${businessId}/cumulative/2026-27`,
      body: { periodDates: { periodStartDate: '2026-04-06', periodEndDate: '2026-07-05' }, periodIncome: { turnover: 12000.5, other: 0 }, periodExpenses: { consolidatedExpenses: 2000 } },
    });
    expect(put.status).toBe(204);
    expect(put.correlationId).toMatch(/^[0-9a-f-]{36}$/);
    const obligations = await later.call<{ obligations: { obligationDetails: { status: string }[] }[] }>({
      api: HMRC_APIS.obligations,
      method: 'GET',
      path: `/obligations/details/${nino}/income-and-expenditure`,
      query: { fromDate: '2026-04-06', toDate: '2027-04-05' },
    });
    expect(obligations.body.obligations[0]!.obligationDetails[0]!.status).toBe('fulfilled');

    const verdicts = (await (await fetch(`${hmrc.url}/emulator/fraud-prevention/verdicts`)).json()) as { verdicts: { correlationId: string; code: string }[] };
    const ours = verdicts.verdicts.filter((v) => [put.correlationId, obligations.correlationId, created.correlationId].includes(v.correlationId));
    expect(ours).toHaveLength(3);
    expect(ours.every((v) => v.code !== 'INVALID_HEADERS')).toBe(true);
    expect(schemaProblems).toEqual([]);
  });

  it('turns HMRC errors into typed failures: business errors with codes and paths, retryable ones marked', async () => {
    const { agentToken, nino } = await agentWithClient(hmrc);
    const client = clientFor(agentToken);
    const failure = await client
      .call({ api: HMRC_APIS.testSupport, method: 'POST', path: `/individuals/self-assessment-test-support/business/${nino}`, body: { typeOfBusiness: 'self-employment', businessAddressCountryCode: 'GB' } })
      .catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(HmrcApiError);
    const business = failure as HmrcApiError;
    expect(business).toMatchObject({ kind: 'business', status: 400, code: 'INVALID_REQUEST', retryable: false });
    expect(business.errors.map((e) => e.code).sort()).toEqual(['MISSING_POSTCODE', 'RULE_MISSING_BUSINESS_ADDRESS', 'RULE_MISSING_TRADING_NAME']);
    expect(business.correlationId).toMatch(/^[0-9a-f-]{36}$/);

    const setFaults = (faults: object) => fetch(`${hmrc.url}/emulator/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(faults) });
    await setFaults({ serverErrorRate: 1, seed: 5 });
    const server = (await client.call({ api: HMRC_APIS.businessDetails, method: 'GET', path: `/individuals/business/details/${nino}/list` }).catch((e: unknown) => e)) as HmrcApiError;
    expect(server).toMatchObject({ kind: 'server', retryable: true });
    await setFaults({ throttleRate: 1 });
    const throttled = (await client.call({ api: HMRC_APIS.businessDetails, method: 'GET', path: `/individuals/business/details/${nino}/list` }).catch((e: unknown) => e)) as HmrcApiError;
    expect(throttled).toMatchObject({ kind: 'throttled', status: 429, code: 'MESSAGE_THROTTLED_OUT', retryable: true });
    // A throttle that lifts within the client's waits is waited out: the call gets HMRC's real answer (this client has
    // no businesses yet: 404), not the 429.
    const waitedOut = client
      .call({ api: HMRC_APIS.businessDetails, method: 'GET', path: `/individuals/business/details/${nino}/list` })
      .then((r) => r.status, (e: HmrcApiError) => e.status);
    await new Promise((r) => setTimeout(r, 300));
    await setFaults({});
    expect(await waitedOut).toBe(404);
    await setFaults({ timeoutAfterCommitRate: 1 });
    const dropped = (await client
      .call({ api: HMRC_APIS.testSupport, method: 'POST', path: `/individuals/self-assessment-test-support/business/${nino}`, body: { typeOfBusiness: 'uk-property' } })
      .catch((e: unknown) => e)) as HmrcApiError;
    expect(dropped.retryable).toBe(true);
    expect(['network', 'timeout']).toContain(dropped.kind);
    await setFaults({});
    // The write happened although no answer came: a reconcile read finds it.
    const list = await client.call<{ listOfBusinesses: { typeOfBusiness: string }[] }>({ api: HMRC_APIS.businessDetails, method: 'GET', path: `/individuals/business/details/${nino}/list` });
    expect(list.body.listOfBusinesses.map((b) => b.typeOfBusiness)).toEqual(['uk-property']);
  });

  it('records HMRC deprecation notices from every answer', async () => {
    const { agentToken, nino } = await agentWithClient(hmrc);
    await fetch(`${hmrc.url}/emulator/deprecations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ api: 'self-assessment-individual-details', version: '2.0', deprecation: '2026-10-01T00:00:00Z', sunset: '2027-04-01T00:00:00Z' }) });
    const seen: string[] = [];
    const client = createHmrcClient({
      baseUrl: hmrc.url,
      accessToken: () => agentToken,
      fraudPreventionHeaders: () => batchProcessDirectHeaders(collectBatchDevice(deviceId), vendor, new Date()).headers,
      onResponse: (call, result) => result.deprecation && seen.push(`${call.api.name} ${call.api.version} sunset ${result.deprecation.sunset}`),
    });
    await client.call({ api: HMRC_APIS.individualDetails, method: 'GET', path: `/individuals/person/itsa-status/${nino}/2026-27` });
    expect(seen).toEqual(['self-assessment-individual-details 2.0 sunset Thu, 01 Apr 2027 00:00:00 GMT']);
  });
});

describe('fraud prevention headers', () => {
  it('builds a web session set that HMRC finds valid, and refuses to build an invalid one', () => {
    const now = new Date('2026-11-22T10:00:00Z');
    const session = {
      deviceId,
      browserJsUserAgent: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Safari/537.36',
      clientPublicIp: '198.51.100.7',
      clientPublicPort: 51234,
      clientPublicIpSeenAt: '2026-11-22T09:59:59.123Z',
      screens: [{ width: 1920, height: 1080, scalingFactor: 1, colourDepth: 24 }],
      windowSize: { width: 1280, height: 900 },
      timezoneOffsetMinutes: 0,
      staffUserId: 'staff-42',
      multiFactor: [{ type: 'TOTP' as const, at: '2026-11-22T08:00:00Z', uniqueReference: 'c2f0b9d8e7a6f5e4d3c2b1a0' }],
      vendorPublicIp: '203.0.113.6',
    };
    const built = webAppViaServerHeaders(session, vendor, now);
    expect(built.headers['Gov-Client-Connection-Method']).toBe('WEB_APP_VIA_SERVER');
    expect(built.headers['Gov-Vendor-Forwarded']).toBe('by=203.0.113.6&for=198.51.100.7');
    expect(() => webAppViaServerHeaders({ ...session, clientPublicIp: '10.0.0.1' }, vendor, now)).toThrow(FraudPreventionHeaderError);

    // Staff on the practice's private network (no public address seen), no MFA, our own address unknown: the headers
    // HMRC allows empty are sent empty, and the set is still valid (with warnings to agree the gap with HMRC).
    const privateNetwork = webAppViaServerHeaders({ ...session, clientPublicIp: null, clientPublicPort: null, vendorPublicIp: null, multiFactor: [] }, vendor, now);
    for (const header of ['Gov-Client-Public-IP', 'Gov-Client-Public-IP-Timestamp', 'Gov-Client-Public-Port', 'Gov-Vendor-Forwarded', 'Gov-Vendor-Public-IP', 'Gov-Client-Multi-Factor']) {
      expect(privateNetwork.headers[header], header).toBe('');
    }
    expect(privateNetwork.headers['Gov-Client-Screens']).toBe('width=1920&height=1080&scaling-factor=1&colour-depth=24');
    expect(privateNetwork.warnings.flatMap((w) => w.headers)).toEqual(expect.arrayContaining(['gov-client-public-ip', 'gov-vendor-public-ip']));
  });

  it('picks Individual Losses 6.0 up to 2025-26 and 7.0 after', () => {
    expect(lossesApiFor('2025-26').version).toBe('6.0');
    expect(lossesApiFor('2026-27').version).toBe('7.0');
  });
});
