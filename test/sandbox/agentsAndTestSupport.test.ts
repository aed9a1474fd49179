// Create Test User, Agent Authorisation 2.0, Test Support and ITSA status through raw HTTP, answers checked against HMRC's schemas.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentWithClient, appToken, call, startEmulator, userToken, type RunningEmulator } from '../helpers/hmrcEmulator';

let hmrc: RunningEmulator;
let app: string;
beforeAll(async () => {
  hmrc = await startEmulator();
  app = await appToken(hmrc);
});
afterAll(async () => {
  await hmrc?.stop();
});

async function agentAndClient() {
  const agent = (await call(hmrc, 'POST', '/create-test-user/agents', { token: app, body: { serviceNames: ['agent-services'] } })).body;
  const client = (await call(hmrc, 'POST', '/create-test-user/individuals', { token: app, body: { serviceNames: ['mtd-income-tax'] } })).body;
  return { agent, client, token: await userToken(hmrc, agent.userId), arn: agent.agentServicesAccountNumber as string };
}

function invitation(nino: string, postcode: string, extra: Record<string, unknown> = {}) {
  return { service: 'MTD-IT', clientType: 'personal', clientIdType: 'ni', clientId: nino, knownFact: postcode, agentType: 'main', ...extra };
}

describe('Create Test User', () => {
  it('creates individuals with the identifiers of the services asked for, and agents with an ARN', async () => {
    const individual = await call(hmrc, 'POST', '/create-test-user/individuals', { token: app, body: { serviceNames: ['national-insurance', 'self-assessment', 'mtd-income-tax'] } });
    expect(individual.status).toBe(201);
    expect(individual.body.nino).toMatch(/^[A-Z]{2}\d{6}[A-D]$/);
    expect(individual.body.saUtr).toMatch(/^\d{10}$/);
    expect(individual.body.mtdItId).toMatch(/^XJIT\d{11}$/);
    const bare = await call(hmrc, 'POST', '/create-test-user/individuals', { token: app });
    expect(bare.status).toBe(201);
    expect(bare.body.nino).toBeUndefined();
    const agent = await call(hmrc, 'POST', '/create-test-user/agents', { token: app, body: { serviceNames: ['agent-services'] } });
    expect(agent.body.agentServicesAccountNumber).toMatch(/^[A-Z]ARN\d{7}$/);
    const services = await call(hmrc, 'GET', '/create-test-user/services', { token: app });
    expect(services.body.map((s: { key: string }) => s.key)).toContain('mtd-income-tax');
  });

  it('needs an application token, and refuses unknown services', async () => {
    const user = (await call(hmrc, 'POST', '/create-test-user/individuals', { token: app, body: { serviceNames: ['mtd-income-tax'] } })).body;
    const withUserToken = await call(hmrc, 'POST', '/create-test-user/individuals', { token: await userToken(hmrc, user.userId), body: {}, unchecked: true });
    expect(withUserToken.status).toBe(201);
    const bad = await call(hmrc, 'POST', '/create-test-user/individuals', { token: app, body: { serviceNames: ['time-travel'] }, unchecked: true });
    expect(bad.status).toBe(400);
    expect(bad.body.paths).toEqual(['/serviceNames']);
  });
});

describe('Agent Authorisation 2.0', () => {
  it('invites a client, who accepts; the relationship then checks out as main and the agent can act', async () => {
    const { client, token, arn } = await agentAndClient();
    const postcode = client.individualDetails.address.postcode;
    const created = await call(hmrc, 'POST', `/agents/${arn}/invitations`, { token, version: '2.0', body: invitation(client.nino, postcode.toLowerCase()) });
    expect(created.status).toBe(204);
    const location = created.headers.get('location')!;
    expect(location).toMatch(new RegExp(`^/agents/${arn}/invitations/[A-Z0-9]{13}$`));

    const pending = await call(hmrc, 'GET', location, { token, version: '2.0' });
    expect(pending.body).toMatchObject({ arn, service: 'MTD-IT', status: 'Pending', agentType: 'main' });
    expect(pending.body.clientActionUrl).toContain('/appoint-someone-to-deal-with-HMRC-for-you/');

    const duplicate = await call(hmrc, 'POST', `/agents/${arn}/invitations`, { token, version: '2.0', body: invitation(client.nino, postcode) });
    expect(duplicate).toMatchObject({ status: 403, body: { code: 'DUPLICATE_AUTHORISATION_REQUEST' } });
    expect(duplicate.headers.get('location')).toBe(location);

    const check = () => call(hmrc, 'POST', `/agents/${arn}/relationships`, { token, version: '2.0', body: { service: 'MTD-IT', clientIdType: 'ni', clientId: client.nino, knownFact: postcode, agentType: 'main' } });
    expect(await check()).toMatchObject({ status: 404, body: { code: 'RELATIONSHIP_NOT_FOUND' } });

    // The client answers on the page the clientActionUrl points to.
    const form = new URLSearchParams({ user_id: client.userId, password: client.password, decision: 'accept' });
    const page = await fetch(pending.body.clientActionUrl, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form.toString() });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('You have authorised the agent');

    expect((await check()).status).toBe(204);
    expect((await call(hmrc, 'GET', location, { token, version: '2.0' })).body.status).toBe('Accepted');
    expect((await call(hmrc, 'DELETE', location, { token, version: '2.0' })).body.code).toBe('INVALID_INVITATION_STATUS');
    expect(await call(hmrc, 'POST', `/agents/${arn}/invitations`, { token, version: '2.0', body: invitation(client.nino, postcode) })).toMatchObject({ status: 403, body: { code: 'ALREADY_AUTHORISED' } });
    const list = await call(hmrc, 'GET', `/agents/${arn}/invitations`, { token, version: '2.0' });
    expect(list.body).toHaveLength(1);

    expect((await call(hmrc, 'GET', `/individuals/person/itsa-status/${client.nino}/2026-27`, { token, version: '2.0' })).status).toBe(200);

    expect((await call(hmrc, 'PUT', `/agents/${arn}/deauthorise-client`, { token, version: '2.0', body: { service: 'MTD-IT', clientIdType: 'ni', clientId: client.nino } })).status).toBe(204);
    expect((await check()).status).toBe(404);
    expect((await call(hmrc, 'PUT', `/agents/${arn}/deauthorise-client`, { token, version: '2.0', body: { service: 'MTD-IT', clientIdType: 'ni', clientId: client.nino } })).body.code).toBe('NO_RELATIONSHIP');
  });

  it('cancels a pending invitation; a supporting agent is supporting, and a new main agent replaces the old one', async () => {
    const { client, token, arn } = await agentAndClient();
    const postcode = client.individualDetails.address.postcode;
    const created = await call(hmrc, 'POST', `/agents/${arn}/invitations`, { token, version: '2.0', body: invitation(client.nino, postcode, { agentType: 'supporting' }) });
    const location = created.headers.get('location')!;
    expect((await call(hmrc, 'DELETE', location, { token, version: '2.0' })).status).toBe(204);
    expect((await call(hmrc, 'GET', location, { token, version: '2.0' })).body.status).toBe('Cancelled');

    const again = await call(hmrc, 'POST', `/agents/${arn}/invitations`, { token, version: '2.0', body: invitation(client.nino, postcode, { agentType: 'supporting' }) });
    await fetch(`${hmrc.url}/emulator/invitations/${again.headers.get('location')!.split('/').pop()}/accept`, { method: 'POST' });
    const check = (agentType: string, t = token, a = arn) => call(hmrc, 'POST', `/agents/${a}/relationships`, { token: t, version: '2.0', body: { service: 'MTD-IT', clientIdType: 'ni', clientId: client.nino, knownFact: postcode, agentType } });
    expect((await check('supporting')).status).toBe(204);
    expect((await check('main')).status).toBe(404);

    const second = await agentAndClient();
    const invite = await call(hmrc, 'POST', `/agents/${second.arn}/invitations`, { token: second.token, version: '2.0', body: invitation(client.nino, postcode) });
    await fetch(`${hmrc.url}/emulator/invitations/${invite.headers.get('location')!.split('/').pop()}/accept`, { method: 'POST' });
    expect((await check('main', second.token, second.arn)).status).toBe(204);
    expect((await check('supporting')).status).toBe(204);
  });

  it('checks a relationship as a read: no ledger entry, and an answer even while writes lose theirs', async () => {
    const { client, token, arn } = await agentAndClient();
    const postcode = client.individualDetails.address.postcode;
    const created = await call(hmrc, 'POST', `/agents/${arn}/invitations`, { token, version: '2.0', body: invitation(client.nino, postcode) });
    await fetch(`${hmrc.url}/emulator/invitations/${created.headers.get('location')!.split('/').pop()}/accept`, { method: 'POST' });
    const setFaults = (faults: object) => fetch(`${hmrc.url}/emulator/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(faults) });
    await setFaults({ timeoutAfterCommitRate: 1 });
    try {
      const check = await call(hmrc, 'POST', `/agents/${arn}/relationships`, { token, version: '2.0', body: { service: 'MTD-IT', clientIdType: 'ni', clientId: client.nino, knownFact: postcode, agentType: 'main' } });
      expect(check.status).toBe(204);
    } finally {
      await setFaults({});
    }
    const ledger = (await (await fetch(`${hmrc.url}/emulator/ledger?nino=${client.nino}&api=agent-authorisation`)).json()) as { entries: { operation: string }[] };
    expect(ledger.entries.map((e) => e.operation)).toEqual(['POST /agents/{arn}/invitations']);
  });

  it.each([
    [{ service: 'MTD-CT' }, 400, 'SERVICE_NOT_SUPPORTED'],
    [{ clientType: 'trust' }, 400, 'CLIENT_TYPE_NOT_SUPPORTED'],
    [{ clientIdType: 'vrn' }, 400, 'CLIENT_ID_DOES_NOT_MATCH_SERVICE'],
    [{ clientId: 'not-a-nino' }, 400, 'CLIENT_ID_FORMAT_INVALID'],
    [{ knownFact: 'XYZ' }, 400, 'POSTCODE_FORMAT_INVALID'],
    [{ agentType: 'silent' }, 400, 'AGENT_TYPE_NOT_SUPPORTED'],
    [{ service: undefined }, 400, 'BAD_REQUEST'],
    [{ clientId: 'ZR999999A' }, 403, 'CLIENT_REGISTRATION_NOT_FOUND'],
    [{ knownFact: 'ZZ1 1ZZ' }, 403, 'POSTCODE_DOES_NOT_MATCH'],
  ])('refuses an invitation with %j: %i %s', async (override, status, code) => {
    const { client, token, arn } = await agentAndClient();
    const body = invitation(client.nino, client.individualDetails.address.postcode, override);
    const response = await call(hmrc, 'POST', `/agents/${arn}/invitations`, { token, version: '2.0', body });
    expect(response.status).toBe(status);
    expect(response.body.code).toBe(code);
  });

  it('refuses callers who are not that agent', async () => {
    const { client, arn } = await agentAndClient();
    const other = await agentAndClient();
    const body = invitation(client.nino, client.individualDetails.address.postcode);
    expect((await call(hmrc, 'POST', `/agents/${arn}/invitations`, { token: other.token, version: '2.0', body })).body.code).toBe('NO_PERMISSION_ON_AGENCY');
    const individualToken = await userToken(hmrc, client.userId);
    expect((await call(hmrc, 'POST', `/agents/${arn}/invitations`, { token: individualToken, version: '2.0', body })).body.code).toBe('NOT_AN_AGENT');
    expect((await call(hmrc, 'GET', `/agents/${other.arn}/invitations/ABCDEFGHJKLMN`, { token: other.token, version: '2.0' })).body.code).toBe('INVITATION_NOT_FOUND');
  });
});

describe('Self Assessment Test Support and ITSA status', () => {
  it('creates test businesses with HMRC rules, one property business of each kind', async () => {
    const { agentToken: token, nino } = await agentWithClient(hmrc);
    const path = `/individuals/self-assessment-test-support/business/${nino}`;
    const se = await call(hmrc, 'POST', path, {
      token,
      body: { typeOfBusiness: 'self-employment', tradingName: 'Okafor Web Design', firstAccountingPeriodStartDate: '2026-04-06', firstAccountingPeriodEndDate: '2027-04-05', accountingType: 'CASH', commencementDate: '2020-01-01', businessAddressLineOne: '1 High St', businessAddressCountryCode: 'GB', businessAddressPostcode: 'LS1 4AP' },
    });
    expect(se.status).toBe(201);
    expect(se.body.businessId).toMatch(/^XBIS\d{11}$/);
    expect((await call(hmrc, 'POST', path, { token, body: { typeOfBusiness: 'uk-property' } })).status).toBe(201);
    expect(await call(hmrc, 'POST', path, { token, body: { typeOfBusiness: 'uk-property' } })).toMatchObject({ status: 400, body: { code: 'RULE_PROPERTY_BUSINESS_ADDED' } });

    const bad = await call(hmrc, 'POST', path, { token, body: { typeOfBusiness: 'self-employment', firstAccountingPeriodStartDate: '2026-05-01', firstAccountingPeriodEndDate: '2027-04-05', businessAddressCountryCode: 'GB', businessAddressLineOne: 'x' } });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('INVALID_REQUEST');
    expect(bad.body.errors.map((e: { code: string }) => e.code).sort()).toEqual(['MISSING_POSTCODE', 'RULE_FIRST_ACCOUNTING_DATE_RANGE_INVALID', 'RULE_MISSING_TRADING_NAME']);
    expect(await call(hmrc, 'POST', path, { token, body: { typeOfBusiness: 'shop' } })).toMatchObject({ status: 400, body: { code: 'FORMAT_TYPE_OF_BUSINESS', paths: ['/typeOfBusiness'] } });
    expect(await call(hmrc, 'POST', path, { token, body: {} })).toMatchObject({ status: 400, body: { code: 'RULE_INCORRECT_OR_EMPTY_BODY_SUBMITTED' } });
    expect((await call(hmrc, 'DELETE', `${path}/${se.body.businessId}`, { token })).status).toBe(204);
    expect((await call(hmrc, 'DELETE', `${path}/${se.body.businessId}`, { token })).body.code).toBe('MATCHING_RESOURCE_NOT_FOUND');
  });

  it('sets ITSA statuses that Individual Details then reads, with history and future years', async () => {
    const { agentToken: token, nino } = await agentWithClient(hmrc);
    const set = (taxYear: string, details: object[]) => call(hmrc, 'POST', `/individuals/self-assessment-test-support/itsa-status/${nino}/${taxYear}`, { token, body: { itsaStatusDetails: details } });
    expect((await set('2026-27', [{ submittedOn: '2026-04-06T09:00:00.000Z', status: 'MTD Voluntary', statusReason: 'MTD ITSA Opt-In' }, { submittedOn: '2026-06-01T09:00:00.000Z', status: 'MTD Mandated', statusReason: 'Sign up - return available', businessIncome2YearsPrior: 55000 }])).status).toBe(204);
    expect((await set('2027-28', [{ submittedOn: '2027-04-06T09:00:00.000Z', status: 'Annual', statusReason: 'MTD ITSA Opt-Out' }])).status).toBe(204);
    const dup = await set('2026-27', [{ submittedOn: '2026-04-06T09:00:00.000Z', status: 'Annual', statusReason: 'Rollover' }, { submittedOn: '2026-04-06T09:00:00.000Z', status: 'Annual', statusReason: 'Rollover' }]);
    expect(dup.body.code).toBe('DUPLICATE_SUBMITTED_ON');
    expect((await set('2026-27', [{ submittedOn: 'yesterday', status: 'Annual', statusReason: 'Rollover' }])).body.code).toBe('FORMAT_SUBMITTED_ON');
    expect((await set('2026-27', [{ submittedOn: '2026-04-06T09:00:00.000Z', status: 'Busy', statusReason: 'Rollover' }])).body.code).toBe('FORMAT_STATUS');

    const read = (query = '') => call(hmrc, 'GET', `/individuals/person/itsa-status/${nino}/2026-27${query}`, { token, version: '2.0' });
    expect((await read()).body.itsaStatuses).toEqual([{ taxYear: '2026-27', itsaStatusDetails: [{ submittedOn: '2026-06-01T09:00:00.000Z', status: 'MTD Mandated', statusReason: 'Sign up - return available', businessIncome2YearsPrior: 55000 }] }]);
    expect((await read('?history=true')).body.itsaStatuses[0].itsaStatusDetails).toHaveLength(2);
    expect((await read('?futureYears=true')).body.itsaStatuses.map((s: { taxYear: string }) => s.taxYear)).toEqual(['2026-27', '2027-28']);
    expect((await read('?history=maybe')).body.code).toBe('FORMAT_HISTORY');
    expect((await call(hmrc, 'GET', `/individuals/person/itsa-status/${nino}/2026-28`, { token, version: '2.0' })).body.code).toBe('RULE_TAX_YEAR_RANGE_INVALID');
    expect((await call(hmrc, 'GET', `/individuals/person/itsa-status/${nino}/26-27`, { token, version: '2.0' })).body.code).toBe('FORMAT_TAX_YEAR');
  });

  it('checkpoints and restores a customer\'s stateful data, and deletes it', async () => {
    const { agentToken: token, nino } = await agentWithClient(hmrc);
    await call(hmrc, 'POST', `/individuals/self-assessment-test-support/business/${nino}`, { token, body: { typeOfBusiness: 'uk-property' } });
    const checkpoint = await call(hmrc, 'POST', `/individuals/self-assessment-test-support/vendor-state/checkpoints?nino=${nino}`, { token });
    expect(checkpoint.status).toBe(201);
    const listed = await call(hmrc, 'GET', `/individuals/self-assessment-test-support/vendor-state/checkpoints?nino=${nino}`, { token });
    expect(listed.body.checkpoints).toEqual([expect.objectContaining({ checkpointId: checkpoint.body.checkpointId, nino })]);

    expect((await call(hmrc, 'DELETE', `/individuals/self-assessment-test-support/vendor-state?nino=${nino}`, { token })).status).toBe(204);
    expect((await call(hmrc, 'POST', `/individuals/self-assessment-test-support/business/${nino}`, { token, body: { typeOfBusiness: 'uk-property' } })).status).toBe(201);
    expect((await call(hmrc, 'POST', `/individuals/self-assessment-test-support/vendor-state/checkpoints/${checkpoint.body.checkpointId}/restore`, { token })).status).toBe(201);
    expect((await call(hmrc, 'POST', `/individuals/self-assessment-test-support/business/${nino}`, { token, body: { typeOfBusiness: 'uk-property' } })).body.code).toBe('RULE_PROPERTY_BUSINESS_ADDED');
    expect((await call(hmrc, 'DELETE', `/individuals/self-assessment-test-support/vendor-state/checkpoints/not-an-id`, { token })).body.code).toBe('FORMAT_CHECKPOINT_ID');
  });
});
