// Individual Losses 6.0 and 7.0 over raw HTTP: HMRC's examples, every documented error, a year per version, lossesForCalculation.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { calculateIncomeTax } from '../../domain/incomeTax';
import { lossesForCalculation, lossesLastChangedOn } from '../../sandbox/hmrc/apis/individualLosses';
import { lossesStore } from '../../sandbox/hmrc/apis/individualLosses/store';
import type { BusinessRecord } from '../../sandbox/hmrc/apis/testSupport';
import { findApi, matchEndpoint, type HmrcEndpoint } from '../../sandbox/hmrc/oas';
import { businessesOf, finalDeclarations } from '../../sandbox/hmrc/taxpayerData';
import { agentWithClient, call, startEmulator, userToken, type CallResult, type RunningEmulator } from '../helpers/hmrcEmulator';

type Version = '6.0' | '7.0';

let hmrc: RunningEmulator;
beforeAll(async () => {
  hmrc = await startEmulator();
});
afterAll(async () => {
  await hmrc?.stop();
});

/** Error codes our requests drew from each endpoint (`6.0 POST /individuals/...`), for the coverage check at the end. */
const provoked = new Map<string, Set<string>>();

function endpointName(version: string, endpoint: { method: string; path: string }): string {
  return `${version} ${endpoint.method} ${endpoint.path}`;
}

function record(version: Version, method: string, path: string, result: CallResult): void {
  if (result.status < 400 || typeof result.body?.code !== 'string') return;
  const match = matchEndpoint(method, path.split('?')[0]!, version);
  if (!match) return;
  const codes: string[] = result.body.code === 'INVALID_REQUEST' ? result.body.errors.map((e: { code: string }) => e.code) : [result.body.code];
  const name = endpointName(version, match.endpoint);
  if (!provoked.has(name)) provoked.set(name, new Set());
  for (const code of codes) provoked.get(name)!.add(code);
}

interface Client {
  nino: string;
  agentUserId: string;
  token: string;
}

async function send(version: Version, method: string, path: string, client: Pick<Client, 'token'>, options: { body?: unknown; headers?: Record<string, string> } = {}) {
  const result = await call(hmrc, method, path, { token: client.token, version, ...options });
  record(version, method, path, result);
  return result;
}
const v6 = (method: string, path: string, client: Pick<Client, 'token'>, options?: { body?: unknown; headers?: Record<string, string> }) => send('6.0', method, path, client, options);
const v7 = (method: string, path: string, client: Pick<Client, 'token'>, options?: { body?: unknown; headers?: Record<string, string> }) => send('7.0', method, path, client, options);

function setClock(date: string): void {
  hmrc.emulator.clock.set(new Date(`${date}T12:00:00.000Z`));
}

/** A new MTD client with a main agent, on the emulator's clock set to `date`. */
async function newClient(date: string): Promise<Client> {
  setClock(date);
  const { nino, agent, agentToken } = await agentWithClient(hmrc);
  return { nino, agentUserId: agent.userId, token: agentToken };
}

/** Moves the clock; a fresh token, as the old one may have expired in the emulator's time. */
async function travel(client: Client, date: string): Promise<void> {
  setClock(date);
  client.token = await userToken(hmrc, client.agentUserId);
}

async function addBusiness(client: Client, typeOfBusiness: BusinessRecord['typeOfBusiness'], extra: Record<string, unknown> = {}): Promise<string> {
  const body =
    typeOfBusiness === 'self-employment'
      ? { typeOfBusiness, tradingName: 'Okafor Web Design', businessAddressLineOne: '1 High St', businessAddressCountryCode: 'GB', businessAddressPostcode: 'LS1 4AP', ...extra }
      : { typeOfBusiness, ...extra };
  const created = await call(hmrc, 'POST', `/individuals/self-assessment-test-support/business/${client.nino}`, { token: client.token, body });
  expect(created.status).toBe(201);
  return created.body.businessId as string;
}

/** HMRC's examples name fixed business ids; give the client businesses with exactly those ids. */
function seedBusiness(client: Client, businessId: string, typeOfBusiness: BusinessRecord['typeOfBusiness'], extra: Partial<BusinessRecord> = {}): void {
  businessesOf(hmrc.emulator.state, client.nino)[businessId] = { businessId, typeOfBusiness, ...extra };
}

function declare(client: Client, taxYear: string, submittedOn: string): void {
  finalDeclarations(hmrc.emulator.state, client.nino)[taxYear] = { taxYear, calculationId: '00000000-0000-4000-8000-000000000000', submittedOn, calculationType: 'final-declaration' };
}

function endpoint(version: Version, method: string, path: string): HmrcEndpoint {
  const found = findApi('individual-losses', version)!.endpoints.find((e) => e.method === method && e.path === path);
  if (!found) throw new Error(`no ${version} ${method} ${path}`);
  return found;
}

function example(version: Version, method: string, path: string, index = 0): Record<string, unknown> {
  return structuredClone(endpoint(version, method, path).requestBody!.examples[index]!.value) as Record<string, unknown>;
}

/** A timestamp taken on the emulator's clock set to `date` at noon (the clock ticks on from there). */
function noon(date: string) {
  return expect.stringMatching(new RegExp(`^${date}T12:00:\\d{2}\\.\\d{3}Z$`));
}

function expectError(result: CallResult, status: number, code: string, extra: Record<string, unknown> = {}): void {
  expect({ status: result.status, body: result.body }).toMatchObject({ status, body: { code, ...extra } });
}

function expectErrors(result: CallResult, codes: string[]): void {
  expect(result.status).toBe(400);
  expect(result.body.code).toBe('INVALID_REQUEST');
  expect(result.body.errors.map((e: { code: string }) => e.code).sort()).toEqual([...codes].sort());
}

const BFL = '/individuals/losses/{nino}/brought-forward-losses';
const CREATE_BFL = `${BFL}/tax-year/brought-forward-from/{taxYear}`;
const CLAIMS = '/individuals/losses/{nino}/loss-claims';
const ORDER = `${CLAIMS}/order/{taxYearClaimedFor}`;
const CHANGE_TYPE = `${CLAIMS}/{claimId}/tax-year/{taxYearClaimedFor}/change-type-of-claim`;
const CHANGE_AMOUNT = `${BFL}/{lossId}/tax-year/{taxYear}/change-loss-amount`;
const PER_BUSINESS = '/individuals/losses/{nino}/businesses/{businessId}/loss-claims/{taxYear}';

const bfl = (c: Client) => `/individuals/losses/${c.nino}/brought-forward-losses`;
const claims = (c: Client) => `/individuals/losses/${c.nino}/loss-claims`;
const perBusiness = (c: Client, businessId: string, taxYear: string) => `/individuals/losses/${c.nino}/businesses/${businessId}/loss-claims/${taxYear}`;

describe('Individual Losses 6.0: brought-forward losses', () => {
  it("accepts HMRC's example bodies, then lists, retrieves and amends what it stored", async () => {
    const client = await newClient('2022-06-01');
    seedBusiness(client, 'XBIS12345678910', 'self-employment');
    seedBusiness(client, 'XPIS12345678910', 'uk-property');
    seedBusiness(client, 'XFIS12345678910', 'foreign-property');
    const ids: Record<string, string> = {};
    for (let i = 0; i < 3; i++) {
      const body = example('6.0', 'POST', CREATE_BFL, i);
      const created = await v6('POST', `${bfl(client)}/tax-year/brought-forward-from/2021-22`, client, { body });
      expect(created.status).toBe(201);
      expect(created.body.lossId).toMatch(/^[A-Za-z0-9]{15}$/);
      ids[body.typeOfLoss as string] = created.body.lossId;
    }
    expect(Object.keys(ids).sort()).toEqual(['foreign-property', 'self-employment', 'uk-property-fhl']);
    const listed = await v6('GET', `${bfl(client)}/tax-year/2020-21`, client);
    expect(listed.status).toBe(200);
    expect(listed.body.losses.map((l: { lossId: string }) => l.lossId).sort()).toEqual(Object.values(ids).sort());
    expect(listed.body.losses.find((l: { typeOfLoss: string }) => l.typeOfLoss === 'uk-property-fhl')).toMatchObject({ businessId: 'XPIS12345678910', lossAmount: 500.99, taxYearBroughtForwardFrom: '2020-21', lastModified: noon('2022-06-01') });

    const filtered = await v6('GET', `${bfl(client)}/tax-year/2020-21?typeOfLoss=foreign-property&businessId=XFIS12345678910`, client);
    expect(filtered.body.losses).toHaveLength(1);

    const retrieved = await v6('GET', `${bfl(client)}/${ids['self-employment']}`, client);
    expect(retrieved).toMatchObject({ status: 200, body: { businessId: 'XBIS12345678910', typeOfLoss: 'self-employment', lossAmount: 5001.99, taxYearBroughtForwardFrom: '2020-21' } });

    const amended = await v6('POST', `${bfl(client)}/${ids['self-employment']}/tax-year/2021-22/change-loss-amount`, client, { body: example('6.0', 'POST', CHANGE_AMOUNT) });
    expect(amended).toMatchObject({ status: 200, body: { businessId: 'XBIS12345678910', typeOfLoss: 'self-employment', lossAmount: 3456.78, taxYearBroughtForwardFrom: '2020-21' } });
    expect((await v6('GET', `${bfl(client)}/${ids['self-employment']}`, client)).body.lossAmount).toBe(3456.78);
  });

  it('refuses badly formed requests: formats and shape first, then the loss year', async () => {
    const client = await newClient('2025-06-01');
    const se = await addBusiness(client, 'self-employment');
    const path = `${bfl(client)}/tax-year/brought-forward-from/2024-25`;
    const good = { taxYearBroughtForwardFrom: '2023-24', typeOfLoss: 'self-employment', businessId: se, lossAmount: 100 };

    // typeOfLoss is checked first, and alone.
    expectError(await v6('POST', `/individuals/losses/AA12345/brought-forward-losses/tax-year/brought-forward-from/2024-25`, client, { body: { ...good, typeOfLoss: 'self-employment-class2' } }), 400, 'FORMAT_TYPE_OF_LOSS', { paths: ['/typeOfLoss'] });
    expectErrors(await v6('POST', `/individuals/losses/AA12345/brought-forward-losses/tax-year/brought-forward-from/2024-26`, client, { body: good }), ['FORMAT_NINO', 'RULE_TAX_YEAR_RANGE_INVALID']);
    expectError(await v6('POST', `${bfl(client)}/tax-year/brought-forward-from/2017-18`, client, { body: good }), 400, 'RULE_TAX_YEAR_NOT_SUPPORTED');
    expectError(await v6('POST', `${bfl(client)}/tax-year/brought-forward-from/2026-27`, client, { body: good }), 400, 'RULE_TAX_YEAR_FOR_VERSION_NOT_SUPPORTED');
    expectError(await v6('POST', `${bfl(client)}/tax-year/brought-forward-from/2024`, client, { body: good }), 400, 'FORMAT_TAX_YEAR', { message: 'The taxYear format is invalid' });
    expectError(await v6('POST', path, client, { body: { ...good, lossAmount: 100.001 } }), 400, 'FORMAT_VALUE', { paths: ['/lossAmount'], message: 'The value must be between 0 and 99999999999.99' });
    expectError(await v6('POST', path, client, { body: { ...good, businessId: 'XBIS123' } }), 400, 'FORMAT_BUSINESS_ID', { paths: ['/businessId'] });
    expectError(await v6('POST', path, client, { body: { ...good, businessId: undefined, extra: 1 } }), 400, 'RULE_INCORRECT_OR_EMPTY_BODY_SUBMITTED', { paths: ['/businessId', '/extra'] });
    expectError(await v6('POST', path, client, {}), 400, 'RULE_INCORRECT_OR_EMPTY_BODY_SUBMITTED');
    expectErrors(await v6('POST', path, client, { body: { ...good, lossAmount: -1, businessId: 'nope' } }), ['FORMAT_VALUE', 'FORMAT_BUSINESS_ID']);

    // Then the loss's own year, with its path in the body.
    expectError(await v6('POST', path, client, { body: { ...good, taxYearBroughtForwardFrom: '2023-25' } }), 400, 'RULE_TAX_YEAR_RANGE_INVALID', { paths: ['/taxYearBroughtForwardFrom'] });
    expectError(await v6('POST', path, client, { body: { ...good, taxYearBroughtForwardFrom: '2017-18' } }), 400, 'RULE_TAX_YEAR_NOT_SUPPORTED', { paths: ['/taxYearBroughtForwardFrom'] });
    expectError(await v6('POST', path, client, { body: { ...good, taxYearBroughtForwardFrom: '2026-27' } }), 400, 'RULE_TAX_YEAR_FOR_VERSION_NOT_SUPPORTED', { paths: ['/taxYearBroughtForwardFrom'] });
    expectError(await v6('POST', path, client, { body: { ...good, taxYearBroughtForwardFrom: '2025-26' } }), 400, 'RULE_TAX_YEAR_NOT_ENDED', { paths: ['/taxYearBroughtForwardFrom'] });
    // Sandbox only: suspend-temporal-validations lets an in-year loss through.
    const early = await v6('POST', `${bfl(client)}/tax-year/brought-forward-from/2025-26`, client, { body: { ...good, taxYearBroughtForwardFrom: '2025-26' }, headers: { 'suspend-temporal-validations': 'true' } });
    expect(early.status).toBe(201);
  });

  it("applies HMRC's rules: the business, FHL from 2025-26, duplicates, and the amendment window", async () => {
    const client = await newClient('2026-06-01');
    const se = await addBusiness(client, 'self-employment');
    const uk = await addBusiness(client, 'uk-property');
    const create = (taxYear: string, body: Record<string, unknown>) => v6('POST', `${bfl(client)}/tax-year/brought-forward-from/${taxYear}`, client, { body });

    expectError(await create('2024-25', { taxYearBroughtForwardFrom: '2023-24', typeOfLoss: 'self-employment', businessId: 'XBIS99999999999', lossAmount: 10 }), 404, 'MATCHING_RESOURCE_NOT_FOUND');
    // A property loss for a self-employment is for an income source the taxpayer does not have.
    expectError(await create('2024-25', { taxYearBroughtForwardFrom: '2023-24', typeOfLoss: 'uk-property', businessId: se, lossAmount: 10 }), 404, 'MATCHING_RESOURCE_NOT_FOUND');
    expectError(await create('2025-26', { taxYearBroughtForwardFrom: '2024-25', typeOfLoss: 'uk-property-fhl', businessId: uk, lossAmount: 10 }), 400, 'RULE_BFL_NOT_SUPPORTED_FOR_FHL_PROPERTIES');
    expect((await create('2024-25', { taxYearBroughtForwardFrom: '2023-24', typeOfLoss: 'uk-property-fhl', businessId: uk, lossAmount: 10 })).status).toBe(201);

    const first = await create('2024-25', { taxYearBroughtForwardFrom: '2023-24', typeOfLoss: 'self-employment', businessId: se, lossAmount: 10 });
    expect(first.status).toBe(201);
    // One loss per business, type and year of origin, under whichever URL year it is sent.
    expectError(await create('2023-24', { taxYearBroughtForwardFrom: '2023-24', typeOfLoss: 'self-employment', businessId: se, lossAmount: 20 }), 400, 'RULE_DUPLICATE_SUBMISSION', { message: 'Submission already exists' });
    expect((await create('2024-25', { taxYearBroughtForwardFrom: '2023-24', typeOfLoss: 'self-employment-class4', businessId: se, lossAmount: 10 })).status).toBe(201);

    // 2022-23 was declared; its window closed on 31 January 2026.
    declare(client, '2022-23', '2023-12-01T10:00:00.000Z');
    expectError(await create('2022-23', { taxYearBroughtForwardFrom: '2021-22', typeOfLoss: 'self-employment', businessId: se, lossAmount: 10 }), 400, 'RULE_OUTSIDE_AMENDMENT_WINDOW');
    // An undeclared year can still be sent late.
    expect((await create('2021-22', { taxYearBroughtForwardFrom: '2020-21', typeOfLoss: 'self-employment', businessId: se, lossAmount: 10 })).status).toBe(201);
  });

  it('lists, retrieves, amends and deletes by lossId, with the tax year in the path', async () => {
    const client = await newClient('2025-06-01');
    const se = await addBusiness(client, 'self-employment');
    const created = await v6('POST', `${bfl(client)}/tax-year/brought-forward-from/2024-25`, client, { body: { taxYearBroughtForwardFrom: '2023-24', typeOfLoss: 'self-employment', businessId: se, lossAmount: 250.5 } });
    const lossId = created.body.lossId as string;

    // list
    expectError(await v6('GET', `${bfl(client)}/tax-year/2023-24?typeOfLoss=self-employment-class4`, client), 400, 'FORMAT_TYPE_OF_LOSS');
    expectError(await v6('GET', `${bfl(client)}/tax-year/2023-24?businessId=XBIS1`, client), 400, 'FORMAT_BUSINESS_ID');
    expectError(await v6('GET', `${bfl(client)}/tax-year/2022-23`, client), 404, 'MATCHING_RESOURCE_NOT_FOUND');
    expectError(await v6('GET', `${bfl(client)}/tax-year/2023-24?typeOfLoss=uk-property`, client), 404, 'MATCHING_RESOURCE_NOT_FOUND');
    expect((await v6('GET', `${bfl(client)}/tax-year/2023-24?typeOfLoss=self-employment&businessId=${se}`, client)).body.losses).toEqual([
      { lossId, businessId: se, typeOfLoss: 'self-employment', lossAmount: 250.5, taxYearBroughtForwardFrom: '2023-24', lastModified: noon('2025-06-01') },
    ]);

    // retrieve
    expectError(await v6('GET', `${bfl(client)}/not-a-loss-id`, client), 400, 'FORMAT_LOSS_ID');
    expectError(await v6('GET', `${bfl(client)}/AAZZ1234567890a`, client), 404, 'MATCHING_RESOURCE_NOT_FOUND');

    // change amount: lossAmount is looked at before anything else
    const amend = (body: unknown, id = lossId, taxYear = '2024-25') => v6('POST', `${bfl(client)}/${id}/tax-year/${taxYear}/change-loss-amount`, client, { body });
    expectError(await amend({}), 400, 'RULE_INCORRECT_OR_EMPTY_BODY_SUBMITTED');
    expectError(await amend({ lossAmount: 'lots' }, 'short'), 400, 'FORMAT_VALUE', { paths: ['/lossAmount'] });
    expectError(await amend({ lossAmount: 100000000000 }), 400, 'FORMAT_VALUE', { paths: ['/lossAmount'] });
    expectError(await amend({ lossAmount: 1, other: true }), 400, 'RULE_INCORRECT_OR_EMPTY_BODY_SUBMITTED', { paths: ['/other'] });
    expectError(await amend({ lossAmount: 1 }, 'short'), 400, 'FORMAT_LOSS_ID');
    expectError(await amend({ lossAmount: 1 }, 'AAZZ1234567890a'), 404, 'MATCHING_RESOURCE_NOT_FOUND');
    expectError(await amend({ lossAmount: 1 }, lossId, '2022-23'), 404, 'MATCHING_RESOURCE_NOT_FOUND');
    expectError(await amend({ lossAmount: 250.5 }), 400, 'RULE_NO_CHANGE', { message: 'The brought forward loss amount has not changed' });
    // The loss's own year names it too.
    expect(await amend({ lossAmount: 300 }, lossId, '2023-24')).toMatchObject({ status: 200, body: { lossAmount: 300 } });

    // delete
    const remove = (id = lossId, taxYear = '2024-25') => v6('DELETE', `${bfl(client)}/${id}/tax-year/${taxYear}`, client);
    expectError(await remove('short'), 400, 'FORMAT_LOSS_ID');
    expectError(await remove('AAZZ1234567890a'), 404, 'MATCHING_RESOURCE_NOT_FOUND');

    // Once 2024-25 (the year the loss is used in) is declared, the loss stays; amending it to zero is the way out.
    declare(client, '2024-25', '2025-07-01T09:00:00.000Z');
    expectError(await remove(), 400, 'RULE_DELETE_AFTER_FINAL_DECLARATION', { message: 'This loss cannot be deleted after final declaration' });
    expect((await amend({ lossAmount: 0 })).status).toBe(200);
    // After 31 January 2028 the window has closed for 2024-25 as well.
    await travel(client, '2028-02-01');
    expectError(await amend({ lossAmount: 5 }), 400, 'RULE_OUTSIDE_AMENDMENT_WINDOW');
    expectError(await remove(), 400, 'RULE_OUTSIDE_AMENDMENT_WINDOW');
    delete finalDeclarations(hmrc.emulator.state, client.nino)['2024-25'];
    expect((await remove()).status).toBe(204);
    expectError(await remove(), 404, 'MATCHING_RESOURCE_NOT_FOUND');
  });
});

describe('Individual Losses 6.0: loss claims', () => {
  it("accepts HMRC's example bodies for create, change type and order", async () => {
    const client = await newClient('2021-06-01');
    seedBusiness(client, 'XBIS12356589871', 'self-employment');
    seedBusiness(client, 'XPIS12356589871', 'uk-property');
    seedBusiness(client, 'XFIS12356589871', 'foreign-property');
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const created = await v6('POST', claims(client), client, { body: example('6.0', 'POST', CLAIMS, i) });
      expect(created.status).toBe(201);
      expect(created.body.claimId).toMatch(/^[A-Za-z0-9]{15}$/);
      ids.push(created.body.claimId);
    }
    const listed = await v6('GET', `${claims(client)}/tax-year/2019-20`, client);
    expect(listed.body.claims).toHaveLength(3);
    // Carry-sideways claims are used in the order they came, until the order is amended.
    const sideways = await v6('GET', `${claims(client)}/tax-year/2019-20?typeOfClaim=carry-sideways`, client);
    expect(sideways.body.claims.map((c: { sequence: number }) => c.sequence)).toEqual([1, 2]);
    const retrieved = await v6('GET', `${claims(client)}/${ids[0]}`, client);
    expect(retrieved.body).toMatchObject({ taxYearClaimedFor: '2019-20', typeOfClaim: expect.any(String), lastModified: noon('2021-06-01') });

    // Change type: the example turns a self-employment carry-sideways claim into carry-forward.
    const se = (await v6('POST', claims(client), client, { body: { businessId: 'XBIS12356589871', typeOfLoss: 'self-employment', typeOfClaim: 'carry-sideways', taxYearClaimedFor: '2020-21' } })).body.claimId;
    const changed = await v6('POST', `${claims(client)}/${se}/tax-year/2020-21/change-type-of-claim`, client, { body: example('6.0', 'POST', CHANGE_TYPE) });
    expect(changed).toMatchObject({ status: 200, body: { typeOfLoss: 'self-employment', businessId: 'XBIS12356589871', typeOfClaim: 'carry-forward', taxYearClaimedFor: '2020-21' } });
    expect(changed.body.sequence).toBeUndefined();

    // Order: the example names three claim ids, so the year's carry-sideways claims carry exactly those.
    const store = lossesStore(hmrc.emulator.state, client.nino);
    const exampleIds = ['1234567890ABCDE', '1234567890ABDE0', '1234567890ABEF1'];
    exampleIds.forEach((claimId, i) => {
      store.claims[claimId] = { claimId, businessId: 'XBIS12356589871', typeOfLoss: 'self-employment', typeOfClaim: 'carry-sideways', taxYearClaimedFor: '2022-23', sequence: i + 1, lastModified: '2023-05-01T00:00:00.000Z' };
    });
    const ordered = await v6('PUT', `${claims(client)}/order/2022-23`, client, { body: example('6.0', 'PUT', ORDER) });
    expect(ordered.status).toBe(200);
    expect(ordered.body).toBeUndefined();
    const after = await v6('GET', `${claims(client)}/tax-year/2022-23`, client);
    expect(Object.fromEntries(after.body.claims.map((c: { claimId: string; sequence: number }) => [c.claimId, c.sequence]))).toEqual({ '1234567890ABCDE': 2, '1234567890ABDE0': 3, '1234567890ABEF1': 1 });
  });

  it('refuses bad claims: enumerations first, then formats and shape, then the year and the claim type', async () => {
    const client = await newClient('2025-06-01');
    const se = await addBusiness(client, 'self-employment');
    const good = { businessId: se, typeOfLoss: 'self-employment', typeOfClaim: 'carry-sideways', taxYearClaimedFor: '2024-25' };
    const create = (body: unknown, nino = client.nino) => v6('POST', `/individuals/losses/${nino}/loss-claims`, client, { body });

    expectErrors(await create({ ...good, typeOfLoss: 'self-employment-class4', typeOfClaim: 'carry-back' }, 'AA12345'), ['FORMAT_TYPE_OF_LOSS', 'FORMAT_TYPE_OF_CLAIM']);
    expectErrors(await create({ ...good, businessId: undefined }, 'AA12345'), ['FORMAT_NINO', 'RULE_INCORRECT_OR_EMPTY_BODY_SUBMITTED']);
    expectError(await create({ ...good, businessId: 'XBIS1' }), 400, 'FORMAT_BUSINESS_ID', { paths: ['/businessId'] });
    expectError(await create({ ...good, taxYearClaimedFor: '2024' }), 400, 'FORMAT_TAX_YEAR', { paths: ['/taxYearClaimedFor'], message: 'The provided tax year claimed for is invalid' });
    expectError(await create({ ...good, taxYearClaimedFor: '2024-26' }), 400, 'RULE_TAX_YEAR_RANGE_INVALID', { paths: ['/taxYearClaimedFor'] });
    expectError(await create({ ...good, taxYearClaimedFor: '2018-19' }), 400, 'RULE_TAX_YEAR_NOT_SUPPORTED', { paths: ['/taxYearClaimedFor'] });
    expectError(await create({ ...good, taxYearClaimedFor: '2026-27' }), 400, 'RULE_TAX_YEAR_FOR_VERSION_NOT_SUPPORTED', { paths: ['/taxYearClaimedFor'] });
    expectError(await create({ ...good, typeOfClaim: 'carry-sideways-fhl' }), 400, 'RULE_TYPE_OF_CLAIM_INVALID');
    expectError(await create({ ...good, typeOfLoss: 'uk-property', typeOfClaim: 'carry-forward' }), 400, 'RULE_TYPE_OF_CLAIM_INVALID');
    expectError(await create({}), 400, 'RULE_INCORRECT_OR_EMPTY_BODY_SUBMITTED');
  });

  it("applies HMRC's back-end rules to new claims", async () => {
    const client = await newClient('2026-02-01');
    const se = await addBusiness(client, 'self-employment', { commencementDate: '2019-01-01' });
    const uk = await addBusiness(client, 'uk-property');
    const later = await addBusiness(client, 'self-employment', { tradingName: 'Started 2023', commencementDate: '2023-05-01' });
    const ceased = await addBusiness(client, 'self-employment', { tradingName: 'Ceased', commencementDate: '2018-01-01', cessationDate: '2025-09-30' });
    const create = (body: Record<string, unknown>) => v6('POST', claims(client), client, { body: { typeOfLoss: 'self-employment', typeOfClaim: 'carry-sideways', ...body } });

    expectError(await create({ businessId: 'XBIS99999999999', taxYearClaimedFor: '2023-24' }), 404, 'MATCHING_RESOURCE_NOT_FOUND');
    expectError(await create({ businessId: later, taxYearClaimedFor: '2022-23' }), 400, 'RULE_NO_ACCOUNTING_PERIOD');
    // 2025-26 runs to 5 April 2026; a business that ceased in September 2025 has had its last period end.
    expectError(await create({ businessId: se, taxYearClaimedFor: '2025-26' }), 400, 'RULE_ACCOUNTING_PERIOD_NOT_ENDED');
    expect((await create({ businessId: ceased, taxYearClaimedFor: '2025-26' })).status).toBe(201);

    await travel(client, '2026-06-01');
    expectError(await create({ businessId: uk, typeOfLoss: 'uk-property', typeOfClaim: 'carry-sideways-fhl', taxYearClaimedFor: '2025-26' }), 400, 'RULE_CSFHL_CLAIM_NOT_SUPPORTED');
    expect((await create({ businessId: uk, typeOfLoss: 'uk-property', typeOfClaim: 'carry-sideways-fhl', taxYearClaimedFor: '2024-25' })).status).toBe(201);
    expect((await create({ businessId: se, taxYearClaimedFor: '2025-26' })).status).toBe(201);
    expectError(await create({ businessId: se, taxYearClaimedFor: '2025-26' }), 400, 'RULE_DUPLICATE_SUBMISSION', { message: 'This claim matches a previous submission' });
    // Another type of claim for the same loss is not a duplicate.
    expect((await create({ businessId: se, typeOfClaim: 'carry-forward', taxYearClaimedFor: '2025-26' })).status).toBe(201);

    declare(client, '2021-22', '2022-11-01T10:00:00.000Z');
    expectError(await create({ businessId: se, taxYearClaimedFor: '2021-22' }), 400, 'RULE_OUTSIDE_AMENDMENT_WINDOW');
  });

  it('lists, retrieves, deletes and changes the type of claims, with the errors HMRC documents', async () => {
    const client = await newClient('2025-06-01');
    const se = await addBusiness(client, 'self-employment');
    const uk = await addBusiness(client, 'uk-property');
    const make = async (body: Record<string, unknown>) => (await v6('POST', claims(client), client, { body: { taxYearClaimedFor: '2024-25', ...body } })).body.claimId as string;
    const seClaim = await make({ businessId: se, typeOfLoss: 'self-employment', typeOfClaim: 'carry-sideways' });
    const seForward = await make({ businessId: se, typeOfLoss: 'self-employment', typeOfClaim: 'carry-forward' });
    const ukClaim = await make({ businessId: uk, typeOfLoss: 'uk-property', typeOfClaim: 'carry-sideways' });

    // list
    expectError(await v6('GET', `${claims(client)}/tax-year/2024-25?typeOfClaim=carry-forward`, client), 400, 'FORMAT_TYPE_OF_CLAIM');
    expectError(await v6('GET', `${claims(client)}/tax-year/2024-25?typeOfLoss=self-employment-class4`, client), 400, 'FORMAT_TYPE_OF_LOSS');
    expectError(await v6('GET', `${claims(client)}/tax-year/2024-25?businessId=XPIS1`, client), 400, 'FORMAT_BUSINESS_ID');
    expectError(await v6('GET', `${claims(client)}/tax-year/2023-24`, client), 404, 'MATCHING_RESOURCE_NOT_FOUND');
    const listed = await v6('GET', `${claims(client)}/tax-year/2024-25?typeOfLoss=uk-property&businessId=${uk}&typeOfClaim=carry-sideways`, client);
    expect(listed.body.claims).toEqual([{ businessId: uk, typeOfLoss: 'uk-property', typeOfClaim: 'carry-sideways', taxYearClaimedFor: '2024-25', claimId: ukClaim, sequence: 2, lastModified: noon('2025-06-01') }]);

    // retrieve
    expectError(await v6('GET', `${claims(client)}/short`, client), 400, 'FORMAT_CLAIM_ID');
    expectError(await v6('GET', `${claims(client)}/AAZZ0123456789a`, client), 404, 'MATCHING_RESOURCE_NOT_FOUND');
    expect((await v6('GET', `${claims(client)}/${seClaim}`, client)).body).toEqual({ taxYearClaimedFor: '2024-25', typeOfLoss: 'self-employment', typeOfClaim: 'carry-sideways', businessId: se, sequence: 1, lastModified: noon('2025-06-01') });

    // change type
    const change = (id: string, body: unknown, taxYear = '2024-25') => v6('POST', `${claims(client)}/${id}/tax-year/${taxYear}/change-type-of-claim`, client, { body });
    expectError(await change('short', { typeOfClaim: 'carry-back' }), 400, 'FORMAT_TYPE_OF_CLAIM', { paths: ['/typeOfClaim'] });
    expectErrors(await change('short', {}), ['FORMAT_CLAIM_ID', 'RULE_INCORRECT_OR_EMPTY_BODY_SUBMITTED']);
    expectError(await change(seClaim, { typeOfClaim: 'carry-forward' }, '2024'), 400, 'FORMAT_TAX_YEAR', { message: 'The provided tax year claimed for is invalid' });
    expectError(await change('AAZZ0123456789a', { typeOfClaim: 'carry-forward' }), 404, 'MATCHING_RESOURCE_NOT_FOUND');
    expectError(await change(seClaim, { typeOfClaim: 'carry-forward' }, '2023-24'), 404, 'MATCHING_RESOURCE_NOT_FOUND');
    expectError(await change(seClaim, { typeOfClaim: 'carry-forward-to-carry-sideways' }), 400, 'RULE_TYPE_OF_CLAIM_INVALID');
    expectError(await change(seClaim, { typeOfClaim: 'carry-sideways' }), 400, 'RULE_NO_CHANGE', { message: 'This claim matches a previous submission' });
    // The business already has a carry-forward claim for 2024-25: changing to it would duplicate it.
    expectError(await change(seClaim, { typeOfClaim: 'carry-forward' }), 400, 'RULE_NO_CHANGE');
    expect((await change(ukClaim, { typeOfClaim: 'carry-forward-to-carry-sideways' })).body).toMatchObject({ typeOfClaim: 'carry-forward-to-carry-sideways' });
    expect((await change(ukClaim, { typeOfClaim: 'carry-sideways' })).body).toMatchObject({ typeOfClaim: 'carry-sideways', sequence: 2 });

    // delete: the year in the path must be the claim's
    const remove = (id: string, taxYear = '2024-25') => v6('DELETE', `${claims(client)}/${id}/tax-year/${taxYear}`, client);
    expectError(await remove('short'), 400, 'FORMAT_CLAIM_ID');
    expectError(await remove(seForward, '2023-24'), 404, 'MATCHING_RESOURCE_NOT_FOUND');
    expect((await remove(seClaim)).status).toBe(204);
    // The remaining carry-sideways claim moves up: sequences stay 1..n.
    expect((await v6('GET', `${claims(client)}/${ukClaim}`, client)).body.sequence).toBe(1);
    expectError(await remove(seClaim), 404, 'MATCHING_RESOURCE_NOT_FOUND');

    // After the final declaration's window has closed nothing changes.
    declare(client, '2024-25', '2025-09-01T10:00:00.000Z');
    await travel(client, '2028-02-01');
    expectError(await change(ukClaim, { typeOfClaim: 'carry-forward-to-carry-sideways' }), 400, 'RULE_OUTSIDE_AMENDMENT_WINDOW');
    expectError(await remove(ukClaim), 400, 'RULE_OUTSIDE_AMENDMENT_WINDOW');
  });

  it('changes a property claim to carry-sideways-fhl only before 2025-26', async () => {
    const client = await newClient('2026-06-01');
    const uk = await addBusiness(client, 'uk-property');
    const make = async (taxYearClaimedFor: string) => (await v6('POST', claims(client), client, { body: { businessId: uk, typeOfLoss: 'uk-property', typeOfClaim: 'carry-sideways', taxYearClaimedFor } })).body.claimId as string;
    const recent = await make('2025-26');
    const older = await make('2024-25');
    expectError(await v6('POST', `${claims(client)}/${recent}/tax-year/2025-26/change-type-of-claim`, client, { body: { typeOfClaim: 'carry-sideways-fhl' } }), 400, 'RULE_CSFHL_CLAIM_NOT_SUPPORTED');
    const changed = await v6('POST', `${claims(client)}/${older}/tax-year/2024-25/change-type-of-claim`, client, { body: { typeOfClaim: 'carry-sideways-fhl' } });
    expect(changed.body).toMatchObject({ typeOfClaim: 'carry-sideways-fhl' });
  });

  it('amends the order of carry-sideways claims only as a whole, numbered from 1 without gaps', async () => {
    const client = await newClient('2025-06-01');
    const a = await addBusiness(client, 'self-employment', { tradingName: 'A' });
    const b = await addBusiness(client, 'self-employment', { tradingName: 'B' });
    const make = async (businessId: string, typeOfClaim = 'carry-sideways') => (await v6('POST', claims(client), client, { body: { businessId, typeOfLoss: 'self-employment', typeOfClaim, taxYearClaimedFor: '2024-25' } })).body.claimId as string;
    const first = await make(a);
    const second = await make(b);
    const forward = await make(a, 'carry-forward');
    const order = (body: unknown, taxYear = '2024-25', nino = client.nino) => v6('PUT', `/individuals/losses/${nino}/loss-claims/order/${taxYear}`, client, { body });
    const list = (...entries: [string, number][]) => ({ typeOfClaim: 'carry-sideways', listOfLossClaims: entries.map(([claimId, sequence]) => ({ claimId, sequence })) });

    expectError(await order({ ...list([first, 1]), typeOfClaim: 'carry-forward' }, '2024', 'AA12345'), 400, 'FORMAT_TYPE_OF_CLAIM');
    expectErrors(await order(list([first, 1]), '2024', 'AA12345'), ['FORMAT_NINO', 'FORMAT_TAX_YEAR']);
    expectError(await order({ typeOfClaim: 'carry-sideways' }), 400, 'RULE_INCORRECT_OR_EMPTY_BODY_SUBMITTED', { paths: ['/listOfLossClaims'] });
    expectError(await order(list(['short', 1], [second, 2])), 400, 'FORMAT_CLAIM_ID', { paths: ['/listOfLossClaims/0/claimId'] });
    expectError(await order(list([`${first}X`, 1], [second, 2])), 400, 'FORMAT_CLAIM_ID', { paths: ['/listOfLossClaims/0/claimId'] });
    expectErrors(await order(list([first, 1], [second, 100])), ['FORMAT_VALUE', 'RULE_SEQUENCE_ORDER_BROKEN']);
    const outOfRange = await order(list([first, 0], [second, 1]));
    expectErrors(outOfRange, ['FORMAT_VALUE', 'RULE_INVALID_SEQUENCE_START']);
    expect(outOfRange.body.errors[0]).toEqual({ code: 'FORMAT_VALUE', message: 'The value must be between 1 and 99', paths: ['/listOfLossClaims/0/sequence'] });
    expectError(await order(list([first, 2], [second, 3])), 400, 'RULE_INVALID_SEQUENCE_START');
    expectError(await order(list([first, 1], [second, 3])), 400, 'RULE_SEQUENCE_ORDER_BROKEN');
    expectError(await order(list([second, 1])), 400, 'RULE_LOSS_CLAIMS_MISSING');
    expectError(await order(list([first, 1], [second, 2], ['AAZZ0123456789a', 3])), 404, 'MATCHING_RESOURCE_NOT_FOUND');
    // A carry-forward claim has no place in the order.
    expectError(await order(list([first, 1], [second, 2], [forward, 3])), 404, 'MATCHING_RESOURCE_NOT_FOUND');
    expectError(await order(list([first, 1], [second, 2]), '2023-24'), 404, 'MATCHING_RESOURCE_NOT_FOUND');
    expectError(await order(list([first, 1], [first, 2], [second, 3])), 400, 'RULE_INCORRECT_OR_EMPTY_BODY_SUBMITTED', { paths: ['/listOfLossClaims/1/claimId'] });

    expect((await order(list([second, 1], [first, 2]))).status).toBe(200);
    expect((await v6('GET', `${claims(client)}/${second}`, client)).body.sequence).toBe(1);

    declare(client, '2024-25', '2025-09-01T10:00:00.000Z');
    await travel(client, '2028-02-01');
    expectError(await order(list([first, 1], [second, 2])), 400, 'RULE_OUTSIDE_AMENDMENT_WINDOW');
  });
});

describe('Individual Losses 6.0: a year with losses, and what the calculation gets', () => {
  it('brought-forward loss 2024-25, carry-sideways claims, their order, a change of type, deletions', async () => {
    const client = await newClient('2025-06-01');
    const a = await addBusiness(client, 'self-employment', { tradingName: 'A' });
    const b = await addBusiness(client, 'self-employment', { tradingName: 'B' });
    const uk = await addBusiness(client, 'uk-property');
    const loss = async (taxYear: string, body: Record<string, unknown>) => {
      const created = await v6('POST', `${bfl(client)}/tax-year/brought-forward-from/${taxYear}`, client, { body });
      expect(created.status).toBe(201);
      return created.body.lossId as string;
    };
    // Brought into 2024-25: the URL names the year it is used in, the body the year it arose.
    const seLoss = await loss('2024-25', { taxYearBroughtForwardFrom: '2023-24', typeOfLoss: 'self-employment', businessId: a, lossAmount: 5000.5 });
    await loss('2024-25', { taxYearBroughtForwardFrom: '2023-24', typeOfLoss: 'self-employment-class4', businessId: a, lossAmount: 1200 });
    // The URL may also name the loss's own year: a 2023-24 loss is still brought into 2024-25.
    await loss('2023-24', { taxYearBroughtForwardFrom: '2023-24', typeOfLoss: 'uk-property', businessId: uk, lossAmount: 800.25 });
    // A 2021-22 loss sent under 2022-23 is brought into 2022-23, not this year.
    await loss('2022-23', { taxYearBroughtForwardFrom: '2021-22', typeOfLoss: 'uk-property', businessId: uk, lossAmount: 99 });

    const claim = async (businessId: string) => (await v6('POST', claims(client), client, { body: { businessId, typeOfLoss: 'self-employment', typeOfClaim: 'carry-sideways', taxYearClaimedFor: '2024-25' } })).body.claimId as string;
    const claimA = await claim(a);
    const claimB = await claim(b);
    expect((await v6('PUT', `${claims(client)}/order/2024-25`, client, { body: { typeOfClaim: 'carry-sideways', listOfLossClaims: [{ claimId: claimB, sequence: 1 }, { claimId: claimA, sequence: 2 }] } })).status).toBe(200);

    const ordered = lossesForCalculation(hmrc.emulator.state, client.nino, '2024-25');
    expect(ordered.map((l) => [l.businessId, l.sidewaysSequence])).toEqual([[b, 1], [a, 2], [uk, undefined]]);
    expect(ordered[1]).toMatchObject({ typeOfBusiness: 'self-employment', lossesBroughtForward: 500050, class4LossesBroughtForward: 120000, carrySideways: true, input: { lossesBroughtForward: 500050, class4LossesBroughtForward: 120000, carryLossSideways: true } });

    const changed = await v6('POST', `${claims(client)}/${claimA}/tax-year/2024-25/change-type-of-claim`, client, { body: { typeOfClaim: 'carry-forward' } });
    expect(changed.body).toEqual({ taxYearClaimedFor: '2024-25', typeOfLoss: 'self-employment', typeOfClaim: 'carry-forward', businessId: a, lastModified: noon('2025-06-01') });

    const losses = lossesForCalculation(hmrc.emulator.state, client.nino, '2024-25');
    expect(losses).toEqual([
      {
        businessId: b,
        typeOfBusiness: 'self-employment',
        lossesBroughtForward: 0,
        fhlLossesBroughtForward: 0,
        class4LossesBroughtForward: 0,
        carrySideways: true,
        sidewaysSequence: 1,
        carrySidewaysFhl: false,
        carryForward: false,
        carryForwardToCarrySideways: false,
        lossesCarriedBackFromNextYear: 0,
        sources: { lossIds: [], claimIds: [claimB] },
        input: { lossesBroughtForward: 0, class4LossesBroughtForward: 0, carryLossSideways: true },
      },
      {
        businessId: a,
        typeOfBusiness: 'self-employment',
        lossesBroughtForward: 500050,
        fhlLossesBroughtForward: 0,
        class4LossesBroughtForward: 120000,
        carrySideways: false,
        carrySidewaysFhl: false,
        carryForward: true,
        carryForwardToCarrySideways: false,
        lossesCarriedBackFromNextYear: 0,
        sources: { lossIds: [seLoss, expect.any(String)], claimIds: [claimA] },
        input: { lossesBroughtForward: 500050, class4LossesBroughtForward: 120000, carryLossSideways: false },
      },
      expect.objectContaining({ businessId: uk, typeOfBusiness: 'uk-property', lossesBroughtForward: 80025, carrySideways: false, input: { lossesBroughtForward: 80025 } }),
    ]);
    expect(lossesForCalculation(hmrc.emulator.state, client.nino, '2022-23')).toEqual([expect.objectContaining({ businessId: uk, lossesBroughtForward: 9900 })]);
    expect(lossesLastChangedOn(hmrc.emulator.state, client.nino, '2024-25')).toEqual(noon('2025-06-01'));

    // Straight into the calculation: B's loss goes sideways, A's profit takes its brought-forward loss.
    const [sideways, forward, property] = losses as [(typeof losses)[number], (typeof losses)[number], (typeof losses)[number]];
    const result = calculateIncomeTax({
      taxYear: '2024-25',
      residency: 'england',
      selfEmployments: [
        { id: sideways.businessId, income: 100000, expenses: 600000, ...(sideways.typeOfBusiness === 'self-employment' ? sideways.input : {}) },
        { id: forward.businessId, income: 3000000, expenses: 500000, ...(forward.typeOfBusiness === 'self-employment' ? forward.input : {}) },
      ],
      ukProperty: { income: 1000000, expenses: 200000, ...property.input },
    });
    expect(result.selfEmployments[0]).toMatchObject({ netLoss: 500000, lossUsedSideways: 500000 });
    expect(result.selfEmployments[1]).toMatchObject({ lossesBroughtForward: 500100, lossesBroughtForwardUsed: 500100, class4LossesBroughtForward: 120000 });
    expect(result.ukProperty).toMatchObject({ lossesBroughtForward: 80100, lossesBroughtForwardUsed: 80100 });

    expect((await v6('DELETE', `${bfl(client)}/${seLoss}/tax-year/2024-25`, client)).status).toBe(204);
    expect((await v6('DELETE', `${claims(client)}/${claimB}/tax-year/2024-25`, client)).status).toBe(204);
    const after = lossesForCalculation(hmrc.emulator.state, client.nino, '2024-25');
    expect(after.map((l) => [l.businessId, l.lossesBroughtForward, l.class4LossesBroughtForward, l.carrySideways])).toEqual([
      [a, 0, 120000, false],
      [uk, 80025, 0, false],
    ]);
    const ledger = hmrc.emulator.state.ledger.filter((e) => e.nino === client.nino && e.api === 'individual-losses');
    expect(ledger.map((e) => e.taxYear)).toContain('2024-25');
  });

  it('splits versions by tax year: 6.0 refuses 2026-27 onwards, 7.0 refuses earlier years', async () => {
    const client = await newClient('2027-06-01');
    const se = await addBusiness(client, 'self-employment');
    expectError(await v6('GET', `${claims(client)}/tax-year/2026-27`, client), 400, 'RULE_TAX_YEAR_FOR_VERSION_NOT_SUPPORTED', {
      message: 'This version of the API supports tax years up to, and including, 2025-26. For tax years 2026–27 onwards, a new version is in development',
    });
    expectError(await v7('GET', perBusiness(client, se, '2025-26'), client), 400, 'RULE_TAX_YEAR_NOT_SUPPORTED');
    // Each version has only its own paths.
    expect((await call(hmrc, 'GET', `${claims(client)}/tax-year/2025-26`, { token: client.token, version: '7.0', unchecked: true })).status).toBe(404);
    expect((await call(hmrc, 'GET', perBusiness(client, se, '2026-27'), { token: client.token, version: '6.0', unchecked: true })).status).toBe(404);
  });
});

describe('Individual Losses 7.0: losses and claims per business and year', () => {
  it("accepts HMRC's example bodies and gives them back", async () => {
    const client = await newClient('2027-06-01');
    const se = await addBusiness(client, 'self-employment');
    for (const index of [0, 1]) {
      const body = example('7.0', 'PUT', PER_BUSINESS, index);
      expect((await v7('PUT', perBusiness(client, se, '2026-27'), client, { body })).status).toBe(204);
      expect(await v7('GET', perBusiness(client, se, '2026-27'), client)).toMatchObject({ status: 200, body: { submittedOn: noon('2027-06-01'), ...body } });
      expect((await v7('GET', perBusiness(client, se, '2026-27'), client)).body).toEqual({ submittedOn: noon('2027-06-01'), ...body });
    }
  });

  it('PUT 2026-27 for a business, GET, amend (a PUT replaces), DELETE; and what the calculation gets', async () => {
    const client = await newClient('2027-06-01');
    const se = await addBusiness(client, 'self-employment');
    // A 6.0 loss from 2025-26 is brought into 2026-27 until 7.0 says how much is brought in.
    expect((await v6('POST', `${bfl(client)}/tax-year/brought-forward-from/2025-26`, client, { body: { taxYearBroughtForwardFrom: '2025-26', typeOfLoss: 'self-employment', businessId: se, lossAmount: 700 } })).status).toBe(201);
    expect(lossesForCalculation(hmrc.emulator.state, client.nino, '2026-27')).toEqual([expect.objectContaining({ businessId: se, lossesBroughtForward: 70000 })]);

    const path = perBusiness(client, se, '2026-27');
    const first = {
      claims: { carryBack: { previousYearGeneralIncome: 1500.5, earlyYearLosses: 200 }, carrySideways: { currentYearGeneralIncome: 3000 }, preferenceOrder: { applyFirst: 'carry-back' }, carryForward: { currentYearLosses: 400.01 } },
      losses: { broughtForwardLosses: 2500.75 },
    };
    expect((await v7('PUT', path, client, { body: first })).status).toBe(204);
    expect((await v7('GET', path, client)).body).toEqual({ submittedOn: noon('2027-06-01'), ...first });
    expect(lossesForCalculation(hmrc.emulator.state, client.nino, '2026-27')).toEqual([
      {
        businessId: se,
        typeOfBusiness: 'self-employment',
        lossesBroughtForward: 250075,
        fhlLossesBroughtForward: 0,
        class4LossesBroughtForward: 0,
        carrySideways: true,
        carrySidewaysFhl: false,
        carrySidewaysAmount: 300000,
        carryForward: true,
        carryForwardAmounts: { currentYearLosses: 40001, previousYearsLosses: 0 },
        carryForwardToCarrySideways: false,
        carryBack: { previousYearGeneralIncome: 150050, earlyYearLosses: 20000, terminalLosses: 0 },
        preferenceOrder: 'carry-back',
        lossesCarriedBackFromNextYear: 0,
        sources: { lossIds: [expect.any(String)], claimIds: [], lossesAndClaimsSubmittedOn: noon('2027-06-01') },
        input: { lossesBroughtForward: 250075, class4LossesBroughtForward: 0, carryLossSideways: true },
      },
    ]);
    // The s64 carry-back reaches 2025-26's calculation.
    expect(lossesForCalculation(hmrc.emulator.state, client.nino, '2025-26')).toEqual([expect.objectContaining({ businessId: se, lossesCarriedBackFromNextYear: 150050 })]);

    await travel(client, '2027-07-01');
    const amended = { claims: { carrySideways: { currentYearGeneralIncome: 1200 } }, losses: { broughtForwardLosses: 300 } };
    expect((await v7('PUT', path, client, { body: amended })).status).toBe(204);
    expect((await v7('GET', path, client)).body).toEqual({ submittedOn: noon('2027-07-01'), ...amended });
    expect(lossesForCalculation(hmrc.emulator.state, client.nino, '2026-27')[0]).toMatchObject({ lossesBroughtForward: 30000, carrySidewaysAmount: 120000, carryForward: false, input: { carryLossSideways: true } });
    expect(lossesForCalculation(hmrc.emulator.state, client.nino, '2026-27')[0]!.carryBack).toBeUndefined();
    expect(lossesForCalculation(hmrc.emulator.state, client.nino, '2025-26')).toEqual([]);
    expect(lossesLastChangedOn(hmrc.emulator.state, client.nino, '2025-26')).toEqual(noon('2027-07-01'));

    expect((await v7('DELETE', path, client)).status).toBe(204);
    expectError(await v7('GET', path, client), 404, 'MATCHING_RESOURCE_NOT_FOUND');
    expectError(await v7('DELETE', path, client), 404, 'MATCHING_RESOURCE_NOT_FOUND');
    expect(lossesForCalculation(hmrc.emulator.state, client.nino, '2026-27')[0]).toMatchObject({ lossesBroughtForward: 70000, carrySideways: false });
    expect(hmrc.emulator.state.ledger.filter((e) => e.nino === client.nino && e.operation.startsWith('DELETE /individuals/losses')).map((e) => [e.taxYear, e.businessId])).toEqual([['2026-27', se]]);
  });

  it('refuses what HMRC refuses', async () => {
    const client = await newClient('2026-12-01');
    const se = await addBusiness(client, 'self-employment');
    const uk = await addBusiness(client, 'uk-property');
    const path = perBusiness(client, se, '2026-27');
    const put = (body: unknown, to = path, headers?: Record<string, string>) => v7('PUT', to, client, { body, headers });

    expectError(await put({ losses: { broughtForwardLosses: 10 } }), 400, 'RULE_TAX_YEAR_NOT_ENDED', { message: 'The specified tax year has not yet ended' });
    expect((await put({ losses: { broughtForwardLosses: 10 } }, path, { 'suspend-temporal-validations': 'true' })).status).toBe(204);
    await travel(client, '2027-06-01');

    expectErrors(await put({ losses: { broughtForwardLosses: 10 } }, `/individuals/losses/AA12345/businesses/XBIS1/loss-claims/2026`), ['FORMAT_NINO', 'FORMAT_BUSINESS_ID', 'FORMAT_TAX_YEAR']);
    expectError(await put({ losses: { broughtForwardLosses: 10 } }, perBusiness(client, se, '2026-28')), 400, 'RULE_TAX_YEAR_RANGE_INVALID');
    expectError(await put({ losses: { broughtForwardLosses: 10 } }, perBusiness(client, se, '2025-26')), 400, 'RULE_TAX_YEAR_NOT_SUPPORTED');
    expectError(await put({}), 400, 'RULE_INCORRECT_OR_EMPTY_BODY_SUBMITTED');
    expectError(await put({ claims: {}, losses: { broughtForwardLosses: 1 } }), 400, 'RULE_INCORRECT_OR_EMPTY_BODY_SUBMITTED', { paths: ['/claims'] });
    expectError(await put({ losses: { broughtForwardLosses: '10' }, other: 1 }), 400, 'RULE_INCORRECT_OR_EMPTY_BODY_SUBMITTED', { paths: ['/losses/broughtForwardLosses', '/other'] });
    expectError(await put({ losses: { broughtForwardLosses: -10 } }), 400, 'FORMAT_VALUE', { paths: ['/losses/broughtForwardLosses'] });
    expectError(await put({ claims: { carryBack: { previousYearGeneralIncome: 1 }, carrySideways: { currentYearGeneralIncome: 1 }, preferenceOrder: { applyFirst: 'sideways' } } }), 400, 'FORMAT_PREFERENCE_ORDER', {
      paths: ['/claims/preferenceOrder/applyFirst'],
    });
    expectError(await put({ claims: { carryBack: { previousYearGeneralIncome: 1 }, carrySideways: { currentYearGeneralIncome: 1 } } }), 400, 'RULE_MISSING_PREFERENCE_ORDER', { paths: ['/claims'] });
    expectError(await put({ claims: { carrySideways: { currentYearGeneralIncome: 1 }, preferenceOrder: { applyFirst: 'carry-sideways' } } }), 400, 'RULE_PREFERENCE_ORDER_NOT_ALLOWED', { paths: ['/claims/preferenceOrder/applyFirst'] });
    expectError(await put({ claims: { carryBack: { terminalLosses: 1 }, carryForward: { currentYearLosses: 1 } } }), 400, 'RULE_CARRY_FORWARD_AND_TERMINAL_LOSS_NOT_ALLOWED');
    expectErrors(await put({ claims: { carryBack: { terminalLosses: 1.001, previousYearGeneralIncome: 1 }, carrySideways: { currentYearGeneralIncome: 1 }, carryForward: { currentYearLosses: 1 } } }), [
      'FORMAT_VALUE',
      'RULE_CARRY_FORWARD_AND_TERMINAL_LOSS_NOT_ALLOWED',
      'RULE_MISSING_PREFERENCE_ORDER',
    ]);

    expectError(await put({ losses: { broughtForwardLosses: 10 } }, perBusiness(client, 'XBIS99999999999', '2026-27')), 404, 'MATCHING_RESOURCE_NOT_FOUND', { message: 'Matching resource not found' });
    expectError(await put({ claims: { carryBack: { earlyYearLosses: 10 } } }, perBusiness(client, uk, '2026-27')), 400, 'RULE_CARRY_BACK_CLAIM');
    expect((await put({ claims: { carrySideways: { currentYearGeneralIncome: 10 } } }, perBusiness(client, uk, '2026-27'))).status).toBe(204);

    expectErrors(await v7('GET', `/individuals/losses/AA12345/businesses/XBIS1/loss-claims/2026`, client), ['FORMAT_NINO', 'FORMAT_BUSINESS_ID', 'FORMAT_TAX_YEAR']);
    expectError(await v7('GET', perBusiness(client, se, '2027-28'), client), 404, 'MATCHING_RESOURCE_NOT_FOUND');
    expectErrors(await v7('DELETE', `/individuals/losses/AA12345/businesses/XBIS1/loss-claims/2026-28`, client), ['FORMAT_NINO', 'FORMAT_BUSINESS_ID', 'RULE_TAX_YEAR_RANGE_INVALID']);

    declare(client, '2026-27', '2027-08-01T09:00:00.000Z');
    // Within the window an amendment is fine.
    expect((await put({ losses: { broughtForwardLosses: 20 } })).status).toBe(204);
    await travel(client, '2030-02-01');
    expectError(await put({ losses: { broughtForwardLosses: 30 } }), 400, 'RULE_OUTSIDE_AMENDMENT_WINDOW');
    expectError(await v7('DELETE', path, client), 400, 'RULE_OUTSIDE_AMENDMENT_WINDOW');
  });
});

/** A valid value for each path parameter, and a bad one for each tax-year check. */
const PARAMS: Record<string, string> = { lossId: 'AAZZ1234567890a', claimId: 'AAZZ0123456789a', businessId: 'XBIS12345678910' };
const TAX_YEAR_PARAMS = ['taxYear', 'taxYearClaimedFor', 'taxYearBroughtForwardFrom'];

function concrete(version: Version, template: string, nino: string, taxYear?: string): string {
  const year = version === '7.0' ? '2026-27' : '2024-25';
  return template.replace(/\{(\w+)\}/g, (_, name: string) => (name === 'nino' ? nino : TAX_YEAR_PARAMS.includes(name) ? (taxYear ?? year) : PARAMS[name]!));
}

const ALL_ENDPOINTS = (['6.0', '7.0'] as const).flatMap((version) => findApi('individual-losses', version)!.endpoints.map((e) => ({ version, e })));

describe('Individual Losses: what every endpoint checks the same way', () => {
  it('has all 14 endpoints: 11 in 6.0, 3 in 7.0', () => {
    expect(ALL_ENDPOINTS.filter((x) => x.version === '6.0')).toHaveLength(11);
    expect(ALL_ENDPOINTS.filter((x) => x.version === '7.0')).toHaveLength(3);
    const registered = hmrc.emulator.registeredEndpoints().filter((s) => s.api === 'individual-losses');
    expect(registered.map((s) => endpointName(s.version, s)).sort()).toEqual(ALL_ENDPOINTS.map(({ version, e }) => endpointName(version, e)).sort());
  });

  it('refuses a NINO the agent may not act for, an unknown Gov-Test-Scenario and a malformed NINO', async () => {
    const client = await newClient('2027-06-01');
    for (const { version, e } of ALL_ENDPOINTS) {
      const body = e.requestBody ? e.requestBody.examples[0]!.value : undefined;
      const name = endpointName(version, e);
      const stranger = await send(version, e.method, concrete(version, e.path, 'TC663795B'), client, { body });
      expect(stranger.body?.code, name).toBe('CLIENT_OR_AGENT_NOT_AUTHORISED');
      expect(stranger.status, name).toBe(403);
      const scenario = await send(version, e.method, concrete(version, e.path, client.nino), client, { body, headers: { 'Gov-Test-Scenario': 'NO_SUCH_SCENARIO' } });
      expect(scenario.body?.code, name).toBe('RULE_INCORRECT_GOV_TEST_SCENARIO');
      const nino = await send(version, e.method, concrete(version, e.path, 'AA12345'), client, { body });
      expect(nino.body?.code, name).toBe('FORMAT_NINO');
    }
  });

  it('checks path tax years: format, range, minimum and (6.0) the version ceiling', async () => {
    const client = await newClient('2027-06-01');
    for (const { version, e } of ALL_ENDPOINTS.filter(({ e }) => TAX_YEAR_PARAMS.some((p) => e.path.includes(`{${p}}`)))) {
      const body = e.requestBody ? e.requestBody.examples[0]!.value : undefined;
      const name = endpointName(version, e);
      const cases: [string, string][] = [
        ['2024', 'FORMAT_TAX_YEAR'],
        ['2024-26', 'RULE_TAX_YEAR_RANGE_INVALID'],
        [version === '7.0' ? '2025-26' : '2017-18', 'RULE_TAX_YEAR_NOT_SUPPORTED'],
        ...(version === '6.0' ? ([['2026-27', 'RULE_TAX_YEAR_FOR_VERSION_NOT_SUPPORTED']] as [string, string][]) : []),
      ];
      for (const [taxYear, code] of cases) {
        const result = await send(version, e.method, concrete(version, e.path, client.nino, taxYear), client, { body });
        expect({ status: result.status, code: result.body?.code }, `${name} ${taxYear}`).toEqual({ status: 400, code });
      }
    }
  });
});

/**
 * Codes HMRC documents that no request can draw, each with the reason; the check below keeps this list honest.
 */
const UNREACHABLE: Record<string, string> = {
  [`6.0 POST ${CHANGE_TYPE} FORMAT_VALUE`]:
    "the body's only field is the typeOfClaim string; HMRC's own validator (v6 Def1_AmendLossClaimTypeValidator) never returns FORMAT_VALUE, and no Gov-Test-Scenario of the endpoint does",
};

describe('Individual Losses: documented errors', () => {
  it('has provoked every error code HMRC documents for every endpoint of both versions', () => {
    const missing: string[] = [];
    const documented: string[] = [];
    for (const { version, e } of ALL_ENDPOINTS) {
      const codes = new Set(Object.values(e.responses).flatMap((r) => r.errors.map((x) => x.code)));
      for (const code of codes) {
        const key = `${endpointName(version, e)} ${code}`;
        documented.push(key);
        const drawn = provoked.get(endpointName(version, e))?.has(code) ?? false;
        if (UNREACHABLE[key]) expect(drawn, `${key} is listed as unreachable but was provoked`).toBe(false);
        else if (!drawn) missing.push(key);
      }
    }
    expect(missing).toEqual([]);
    expect(documented.length).toBeGreaterThan(150);
  });
});
