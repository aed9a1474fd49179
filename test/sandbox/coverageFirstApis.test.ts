// Every documented error of Agent Authorisation 2.0, Self Assessment Test Support 1.0 and Individual Details 2.0,
// provoked through HTTP, with the list checked against HMRC's definitions.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCoverage } from '../helpers/errorCoverage';
import { agentWithClient, appToken, call, startEmulator, userToken, type RunningEmulator } from '../helpers/hmrcEmulator';

let hmrc: RunningEmulator;
let app: string;
const agents = new ErrorCoverage('agent-authorisation', '2.0');
const support = new ErrorCoverage('mtd-sa-test-support', '1.0');
const details = new ErrorCoverage('self-assessment-individual-details', '2.0');

beforeAll(async () => {
  hmrc = await startEmulator();
  app = await appToken(hmrc);
});
afterAll(async () => {
  await hmrc?.stop();
});

const K = {
  create: 'Createanewauthorisation',
  list: 'Getallauthorisationrequestsforthelast30days',
  get: 'Getaninvitationbyid',
  cancel: 'Cancelaninvitationbyid',
  check: 'GetStatusofaRelationship',
  deauthorise: 'DeauthoriseClient',
};

describe('Agent Authorisation 2.0', () => {
  it('answers every documented error', async () => {
    const { client, agentToken: token, arn, nino } = await agentWithClient(hmrc);
    const postcode: string = client.individualDetails.address.postcode;
    const v = '2.0';
    const itsa = (extra: Record<string, unknown> = {}) => ({ service: 'MTD-IT', clientType: 'personal', clientIdType: 'ni', clientId: nino, knownFact: postcode, agentType: 'main', ...extra });
    const check = (extra: Record<string, unknown> = {}) => ({ service: 'MTD-IT', clientIdType: 'ni', clientId: nino, knownFact: postcode, agentType: 'main', ...extra });
    const endpoints: [string, string, string, ((extra?: Record<string, unknown>) => Record<string, unknown>) | null][] = [
      [K.create, 'POST', `/agents/${arn}/invitations`, itsa],
      [K.list, 'GET', `/agents/${arn}/invitations`, null],
      [K.get, 'GET', `/agents/${arn}/invitations/ABCDEFGHJKLMN`, null],
      [K.cancel, 'DELETE', `/agents/${arn}/invitations/ABCDEFGHJKLMN`, null],
      [K.check, 'POST', `/agents/${arn}/relationships`, check],
      [K.deauthorise, 'PUT', `/agents/${arn}/deauthorise-client`, check],
    ];
    const noServices = (await call(hmrc, 'POST', '/create-test-user/agents', { token: app, body: { serviceNames: [] } })).body;
    const unsubscribed = await userToken(hmrc, noServices.userId);
    const individual = await userToken(hmrc, client.userId);
    const other = await agentWithClient(hmrc);
    for (const [key, method, path, body] of endpoints) {
      const b = body ? body() : undefined;
      agents.provokes(key, await call(hmrc, method, path, { token, version: false, headers: { accept: 'application/json' }, ...(b ? { body: b } : {}) }), 406, 'ACCEPT_HEADER_INVALID');
      agents.provokes(key, await call(hmrc, method, path, { version: v, ...(b ? { body: b } : {}) }), 401, 'UNAUTHORIZED');
      agents.provokes(key, await call(hmrc, method, path, { token: individual, version: v, ...(b ? { body: b } : {}) }), 403, 'NOT_AN_AGENT');
      agents.provokes(key, await call(hmrc, method, path, { token: unsubscribed, version: v, ...(b ? { body: b } : {}) }), 403, 'AGENT_NOT_SUBSCRIBED');
      agents.provokes(key, await call(hmrc, method, path, { token: other.agentToken, version: v, ...(b ? { body: b } : {}) }), 403, 'NO_PERMISSION_ON_AGENCY');
      agents.provokes(key, await call(hmrc, method, path.replace(arn, 'BAD'), { token, version: v, ...(b ? { body: b } : {}) }), 400, 'BAD_REQUEST');
      await fetch(`${hmrc.url}/emulator/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"serverErrorRate":1,"seed":3}' });
      let failed = await call(hmrc, method, path, { token, version: v, unchecked: true, ...(b ? { body: b } : {}) });
      for (let i = 0; failed.status !== 500 && i < 20; i++) failed = await call(hmrc, method, path, { token, version: v, unchecked: true, ...(b ? { body: b } : {}) });
      await fetch(`${hmrc.url}/emulator/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      agents.provokes(key, failed, 500, 'INTERNAL_SERVER_ERROR');
      if (!body) continue;
      const bad = (extra: Record<string, unknown>) => call(hmrc, method, path, { token, version: v, body: body(extra) });
      agents.provokes(key, await bad({ service: 'MTD-CT' }), 400, 'SERVICE_NOT_SUPPORTED');
      agents.provokes(key, await bad({ clientIdType: 'vrn' }), 400, 'CLIENT_ID_DOES_NOT_MATCH_SERVICE');
      agents.provokes(key, await bad({ clientId: 'X1' }), 400, 'CLIENT_ID_FORMAT_INVALID');
      agents.provokes(key, await bad({ knownFact: '??' }), 400, 'POSTCODE_FORMAT_INVALID');
      agents.provokes(key, await bad({ agentType: 'sleeping' }), 400, 'AGENT_TYPE_NOT_SUPPORTED');
      agents.provokes(key, await bad({ service: 'MTD-VAT', clientIdType: 'vrn', clientId: '123456789', knownFact: '1 May 2001' }), 400, 'VAT_REG_DATE_FORMAT_INVALID');
      if (key === K.deauthorise) continue;
      agents.provokes(key, await bad({ clientId: 'ZR999999A' }), 403, 'CLIENT_REGISTRATION_NOT_FOUND');
      agents.provokes(key, await bad({ knownFact: 'ZZ1 1ZZ' }), 403, 'POSTCODE_DOES_NOT_MATCH');
    }
    agents.provokes(K.create, await call(hmrc, 'POST', `/agents/${arn}/invitations`, { token, version: v, body: itsa({ clientType: 'trust' }) }), 400, 'CLIENT_TYPE_NOT_SUPPORTED');
    agents.provokes(K.create, await call(hmrc, 'POST', `/agents/${arn}/invitations`, { token, version: v, body: itsa() }), 403, 'ALREADY_AUTHORISED');
    const supporting = await call(hmrc, 'POST', `/agents/${arn}/invitations`, { token, version: v, body: itsa({ agentType: 'supporting' }) });
    expect(supporting.status).toBe(204);
    agents.provokes(K.create, await call(hmrc, 'POST', `/agents/${arn}/invitations`, { token, version: v, body: itsa({ agentType: 'supporting' }) }), 403, 'DUPLICATE_AUTHORISATION_REQUEST');
    agents.provokes(K.get, await call(hmrc, 'GET', `/agents/${arn}/invitations/ABCDEFGHJKLMN`, { token, version: v }), 404, 'INVITATION_NOT_FOUND');
    agents.provokes(K.cancel, await call(hmrc, 'DELETE', `/agents/${arn}/invitations/ABCDEFGHJKLMN`, { token, version: v }), 404, 'INVITATION_NOT_FOUND');
    const id = supporting.headers.get('location')!.split('/').pop();
    expect((await call(hmrc, 'DELETE', `/agents/${arn}/invitations/${id}`, { token, version: v })).status).toBe(204);
    agents.provokes(K.cancel, await call(hmrc, 'DELETE', `/agents/${arn}/invitations/${id}`, { token, version: v }), 403, 'INVALID_INVITATION_STATUS');
    agents.provokes(K.check, await call(hmrc, 'POST', `/agents/${arn}/relationships`, { token, version: v, body: check({ agentType: 'supporting' }) }), 404, 'RELATIONSHIP_NOT_FOUND');
    agents.provokes(K.deauthorise, await call(hmrc, 'PUT', `/agents/${other.arn}/deauthorise-client`, { token: other.agentToken, version: v, body: check() }), 403, 'NO_RELATIONSHIP');

    expect(
      agents.missing({
        // The emulator holds no VAT customers, so a VAT registration date can be malformed but never match or mismatch.
        [K.create]: ['VAT_REG_DATE_DOES_NOT_MATCH', 'VAT_CLIENT_INSOLVENT', 'ALREADY_BEING_PROCESSED'],
        [K.check]: ['VAT_REG_DATE_DOES_NOT_MATCH', 'VAT_CLIENT_INSOLVENT'],
      }),
    ).toEqual([]);
  });
});

describe('Self Assessment Test Support 1.0 and Individual Details 2.0', () => {
  it('answers every documented error', async () => {
    const { agentToken: token, nino } = await agentWithClient(hmrc);
    const stranger = (await call(hmrc, 'POST', '/create-test-user/individuals', { token: app, body: { serviceNames: ['mtd-income-tax'] } })).body.nino as string;
    const create = (body: unknown, n = nino) => call(hmrc, 'POST', `/individuals/self-assessment-test-support/business/${n}`, { token, body });
    const se = { typeOfBusiness: 'self-employment', tradingName: 'X', businessAddressLineOne: '1 Road', businessAddressCountryCode: 'FR' };
    const k = 'business_create';
    support.provokes(k, await create(se, 'AB12'), 400, 'FORMAT_NINO');
    support.provokes(k, await create(se, stranger), 403, 'CLIENT_OR_AGENT_NOT_AUTHORISED');
    support.provokes(k, await create({ typeOfBusiness: 'farm' }), 400, 'FORMAT_TYPE_OF_BUSINESS');
    support.provokes(k, await create({ ...se, commencementDate: '2020-13-01' }), 400, 'FORMAT_DATE');
    support.provokes(k, await create({ ...se, accountingType: 'BARTER' }), 400, 'FORMAT_ACCOUNTING_TYPE');
    support.provokes(k, await create({ ...se, businessAddressCountryCode: 'GB', businessAddressPostcode: 'NOPE' }), 400, 'FORMAT_POSTCODE');
    support.provokes(k, await create({ ...se, businessAddressCountryCode: 'GBR' }), 400, 'FORMAT_COUNTRY_CODE');
    const latency = { latencyEndDate: '2027-04-05', taxYear1: '2025-26', latencyIndicator1: 'A', taxYear2: '2026-27', latencyIndicator2: 'Q' };
    support.provokes(k, await create({ ...se, latencyDetails: { ...latency, latencyIndicator1: 'M' } }), 400, 'FORMAT_LATENCY_INDICATOR');
    support.provokes(k, await create({ ...se, latencyDetails: { ...latency, taxYear1: '2025' } }), 400, 'FORMAT_TAX_YEAR');
    support.provokes(k, await create({ ...se, latencyDetails: { ...latency, taxYear1: '2025-27' } }), 400, 'RULE_TAX_YEAR_RANGE_INVALID');
    support.provokes(k, await create({ ...se, businessAddressCountryCode: 'GB' }), 400, 'MISSING_POSTCODE');
    support.provokes(k, await create({ ...se, firstAccountingPeriodStartDate: '2026-04-06' }), 400, 'MISSING_FIRST_ACCOUNTING_PERIOD_END_DATE');
    support.provokes(k, await create({ ...se, firstAccountingPeriodEndDate: '2027-04-05' }), 400, 'MISSING_FIRST_ACCOUNTING_PERIOD_START_DATE');
    support.provokes(k, await create({ ...se, firstAccountingPeriodStartDate: '2026-04-06', firstAccountingPeriodEndDate: '2026-12-31' }), 400, 'RULE_FIRST_ACCOUNTING_DATE_RANGE_INVALID');
    support.provokes(k, await create({ ...se, commencementDate: '2099-01-01' }), 400, 'RULE_COMMENCEMENT_DATE_NOT_SUPPORTED');
    support.provokes(k, await create({}), 400, 'RULE_INCORRECT_OR_EMPTY_BODY_SUBMITTED');
    support.provokes(k, await create({ typeOfBusiness: 'self-employment', tradingName: 'X' }), 400, 'RULE_MISSING_BUSINESS_ADDRESS');
    support.provokes(k, await create({ typeOfBusiness: 'self-employment', businessAddressLineOne: '1', businessAddressCountryCode: 'FR' }), 400, 'RULE_MISSING_TRADING_NAME');
    support.provokes(k, await create({ typeOfBusiness: 'uk-property', tradingName: 'X' }), 400, 'RULE_UNEXPECTED_TRADING_NAME');
    support.provokes(k, await create({ typeOfBusiness: 'uk-property', businessAddressLineOne: '1' }), 400, 'RULE_UNEXPECTED_BUSINESS_ADDRESS');
    expect((await create({ typeOfBusiness: 'foreign-property' })).status).toBe(201);
    support.provokes(k, await create({ typeOfBusiness: 'foreign-property' }), 400, 'RULE_PROPERTY_BUSINESS_ADDED');

    const del = (n: string, id: string) => call(hmrc, 'DELETE', `/individuals/self-assessment-test-support/business/${n}/${id}`, { token });
    support.provokes('business_delete', await del('AB12', 'XBIS00000000001'), 400, 'FORMAT_NINO');
    support.provokes('business_delete', await del(nino, 'X1'), 400, 'FORMAT_BUSINESS_ID');
    support.provokes('business_delete', await del(nino, 'XBIS99999999999'), 404, 'MATCHING_RESOURCE_NOT_FOUND');
    support.provokes('business_delete', await del(stranger, 'XBIS99999999999'), 403, 'CLIENT_OR_AGENT_NOT_AUTHORISED');

    const status = (n: string, taxYear: string, details: object[]) => call(hmrc, 'POST', `/individuals/self-assessment-test-support/itsa-status/${n}/${taxYear}`, { token, body: { itsaStatusDetails: details } });
    const good = { submittedOn: '2026-04-06T09:00:00.000Z', status: 'Annual', statusReason: 'Rollover' };
    const s = 'itsa_status_create_amend';
    support.provokes(s, await status('AB12', '2026-27', [good]), 400, 'FORMAT_NINO');
    support.provokes(s, await status(stranger, '2026-27', [good]), 403, 'CLIENT_OR_AGENT_NOT_AUTHORISED');
    support.provokes(s, await status(nino, '2026', [good]), 400, 'FORMAT_TAX_YEAR');
    support.provokes(s, await status(nino, '2026-28', [good]), 400, 'RULE_TAX_YEAR_RANGE_INVALID');
    support.provokes(s, await status(nino, '2026-27', [{ ...good, status: 'Busy' }]), 400, 'FORMAT_STATUS');
    support.provokes(s, await status(nino, '2026-27', [{ ...good, statusReason: 'Because' }]), 400, 'FORMAT_STATUS_REASON');
    support.provokes(s, await status(nino, '2026-27', [{ ...good, businessIncome2YearsPrior: -1 }]), 400, 'FORMAT_BUSINESS_INCOME_2_YEARS_PRIOR');
    support.provokes(s, await status(nino, '2026-27', [{ ...good, submittedOn: 'today' }]), 400, 'FORMAT_SUBMITTED_ON');
    support.provokes(s, await status(nino, '2026-27', [good, good]), 400, 'DUPLICATE_SUBMITTED_ON');

    const checkpoints = (method: string, query: string) => call(hmrc, method, `/individuals/self-assessment-test-support/vendor-state/checkpoints${query}`, { token });
    support.provokes('checkpoints_list', await checkpoints('GET', '?nino=AB12'), 400, 'FORMAT_NINO');
    support.provokes('checkpoints_list', await checkpoints('GET', `?nino=${stranger}`), 403, 'CLIENT_OR_AGENT_NOT_AUTHORISED');
    support.provokes('checkpoints_create', await checkpoints('POST', '?nino=AB12'), 400, 'FORMAT_NINO');
    support.provokes('checkpoints_create', await checkpoints('POST', `?nino=${stranger}`), 403, 'CLIENT_OR_AGENT_NOT_AUTHORISED');
    const lonely = await agentWithClient(hmrc);
    support.provokes('checkpoints_create', await call(hmrc, 'POST', `/individuals/self-assessment-test-support/vendor-state/checkpoints?nino=${lonely.nino}`, { token: lonely.agentToken }), 404, 'MATCHING_RESOURCE_NOT_FOUND');
    const created = await checkpoints('POST', `?nino=${nino}`);
    expect(created.status).toBe(201);
    const cp = (method: string, id: string, suffix = '', t = token) => call(hmrc, method, `/individuals/self-assessment-test-support/vendor-state/checkpoints/${id}${suffix}`, { token: t });
    for (const [key, method, suffix] of [['checkpoints_delete', 'DELETE', ''], ['checkpoints_restore', 'POST', '/restore']] as const) {
      support.provokes(key, await cp(method, 'short', suffix), 400, 'FORMAT_CHECKPOINT_ID');
      support.provokes(key, await cp(method, 'a'.repeat(36), suffix), 404, 'MATCHING_RESOURCE_NOT_FOUND');
      support.provokes(key, await cp(method, created.body.checkpointId, suffix, lonely.agentToken), 403, 'CLIENT_OR_AGENT_NOT_AUTHORISED');
    }
    support.provokes('vendor_state_delete', await call(hmrc, 'DELETE', `/individuals/self-assessment-test-support/vendor-state?nino=${stranger}`, { token }), 403, 'CLIENT_OR_AGENT_NOT_AUTHORISED');
    support.provokes('vendor_state_delete', await call(hmrc, 'DELETE', `/individuals/self-assessment-test-support/vendor-state?nino=${lonely.nino}`, { token: lonely.agentToken }), 404, 'MATCHING_RESOURCE_NOT_FOUND');
    expect(support.missing()).toEqual([]);

    const read = (n: string, taxYear: string, query = '', t = token, headers: Record<string, string> = {}) => call(hmrc, 'GET', `/individuals/person/itsa-status/${n}/${taxYear}${query}`, { token: t, version: '2.0', headers });
    const d = 'ITSA_Status_retrieve';
    details.provokes(d, await read('AB12', '2026-27'), 400, 'FORMAT_NINO');
    details.provokes(d, await read(nino, '2026'), 400, 'FORMAT_TAX_YEAR');
    details.provokes(d, await read(nino, '2026-28'), 400, 'RULE_TAX_YEAR_RANGE_INVALID');
    details.provokes(d, await read(nino, '2026-27', '?futureYears=soon'), 400, 'FORMAT_FUTURE_YEARS');
    details.provokes(d, await read(nino, '2026-27', '?history=all'), 400, 'FORMAT_HISTORY');
    details.provokes(d, await read(stranger, '2026-27'), 403, 'CLIENT_OR_AGENT_NOT_AUTHORISED');
    const notMtd = (await call(hmrc, 'POST', '/create-test-user/individuals', { token: app, body: { serviceNames: ['national-insurance'] } })).body;
    details.provokes(d, await read(notMtd.nino, '2026-27', '', await userToken(hmrc, notMtd.userId)), 403, 'CLIENT_NOT_MTD_ENROLLED');
    // A signed-up customer always has a status for the year they ask about; HMRC's NOT_FOUND scenario shows the 404.
    details.provokes(d, await read(nino, '2026-27', '', token, { 'gov-test-scenario': 'NOT_FOUND' }), 404, 'MATCHING_RESOURCE_NOT_FOUND');
    expect(details.missing()).toEqual([]);
  });
});
