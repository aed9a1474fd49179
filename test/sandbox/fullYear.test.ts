// A client's whole 2026-27 through raw HTTP against the emulator, as an agent would run it, with the tax checked by hand
// against ../shared/reference/uk-income-tax-rules.md. Every answer is also checked against HMRC's schemas (see call()).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_APP, appToken, call, startEmulator, type RunningEmulator } from '../helpers/hmrcEmulator';

let hmrc: RunningEmulator;
beforeAll(async () => {
  hmrc = await startEmulator();
});
afterAll(async () => {
  await hmrc?.stop();
});

async function setClock(now: string): Promise<void> {
  const response = await fetch(`${hmrc.url}/emulator/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ now }) });
  expect(response.status).toBe(200);
}

/** Signs the agent in through HMRC's grant page, as the practice does once, and keeps the tokens fresh by refreshing. */
async function agentSession(userId: string, password: string) {
  const query = { response_type: 'code', client_id: TEST_APP.clientId, scope: 'read:self-assessment write:self-assessment read:self-assessment-assist write:self-assessment-assist write:sent-invitations read:sent-invitations read:check-relationship', redirect_uri: TEST_APP.redirectUri, state: 'journey' };
  const form = (path: string, fields: Record<string, string>) => fetch(`${hmrc.url}${path}`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() });
  const granted = await form('/oauth/authorize', { ...query, user_id: userId, password, decision: 'grant' });
  const code = new URL(granted.headers.get('location')!).searchParams.get('code')!;
  let tokens = (await (await form('/oauth/token', { client_id: TEST_APP.clientId, client_secret: TEST_APP.clientSecret, grant_type: 'authorization_code', redirect_uri: TEST_APP.redirectUri, code })).json()) as { access_token: string; refresh_token: string };
  return {
    token: () => tokens.access_token,
    /** Access tokens last four hours of HMRC's time: after the clock jumps, refresh as the engine would. */
    async refresh() {
      const response = await form('/oauth/token', { client_id: TEST_APP.clientId, client_secret: TEST_APP.clientSecret, grant_type: 'refresh_token', refresh_token: tokens.refresh_token });
      expect(response.status).toBe(200);
      tokens = (await response.json()) as typeof tokens;
    },
  };
}

describe('a whole tax year, 2026-27, for a sole trader', () => {
  it('runs from sign-up to the final declaration, with exactly one accepted write per obligation', async () => {
    await setClock('2026-04-07T09:00:00Z');
    const app = await appToken(hmrc);
    const agent = (await call(hmrc, 'POST', '/create-test-user/agents', { token: app, body: { serviceNames: ['agent-services'] } })).body;
    const client = (await call(hmrc, 'POST', '/create-test-user/individuals', { token: app, body: { serviceNames: ['mtd-income-tax', 'self-assessment'] } })).body;
    const nino: string = client.nino;
    const arn: string = agent.agentServicesAccountNumber;
    const session = await agentSession(agent.userId, agent.password);
    const as = (method: string, path: string, version: string, body?: unknown) => call(hmrc, method, path, { token: session.token(), version, ...(body === undefined ? {} : { body }) });

    // Authorisation: the agent invites, the client accepts, the relationship checks out as main.
    const postcode: string = client.individualDetails.address.postcode;
    const invite = await as('POST', `/agents/${arn}/invitations`, '2.0', { service: 'MTD-IT', clientType: 'personal', clientIdType: 'ni', clientId: nino, knownFact: postcode, agentType: 'main' });
    expect(invite.status).toBe(204);
    expect((await fetch(`${hmrc.url}/emulator/invitations/${invite.headers.get('location')!.split('/').pop()}/accept`, { method: 'POST' })).status).toBe(200);
    expect((await as('POST', `/agents/${arn}/relationships`, '2.0', { service: 'MTD-IT', clientIdType: 'ni', clientId: nino, knownFact: postcode, agentType: 'main' })).status).toBe(204);

    // The business, as HMRC would have it from sign-up.
    const created = await call(hmrc, 'POST', `/individuals/self-assessment-test-support/business/${nino}`, {
      token: session.token(),
      body: { typeOfBusiness: 'self-employment', tradingName: 'Journey Joinery', firstAccountingPeriodStartDate: '2026-04-06', firstAccountingPeriodEndDate: '2027-04-05', accountingType: 'CASH', commencementDate: '2020-01-01', businessAddressLineOne: '1 High Street', businessAddressCountryCode: 'GB', businessAddressPostcode: postcode },
    });
    expect(created.status).toBe(201);
    const list = await as('GET', `/individuals/business/details/${nino}/list`, '2.0');
    const businessId: string = list.body.listOfBusinesses[0].businessId;
    expect(businessId).toBe(created.body.businessId);

    const obligations = async () => {
      const response = await as('GET', `/obligations/details/${nino}/income-and-expenditure?fromDate=2026-04-06&toDate=2027-04-05`, '3.0');
      expect(response.status, JSON.stringify(response.body)).toBe(200);
      return response.body.obligations[0].obligationDetails as { periodEndDate: string; dueDate: string; status: string; receivedDate?: string }[];
    };
    expect((await obligations()).map((o) => [o.periodEndDate, o.dueDate, o.status])).toEqual([
      ['2026-07-05', '2026-08-07', 'open'],
      ['2026-10-05', '2026-11-07', 'open'],
      ['2027-01-05', '2027-02-07', 'open'],
      ['2027-04-05', '2027-05-07', 'open'],
    ]);

    // Four cumulative quarterly updates, each sent after its quarter ends.
    const quarters = [
      { end: '2026-07-05', sentOn: '2026-07-20', turnover: 15000, expenses: 2500 },
      { end: '2026-10-05', sentOn: '2026-10-20', turnover: 30000, expenses: 5000 },
      { end: '2027-01-05', sentOn: '2027-01-20', turnover: 45000, expenses: 7500 },
      { end: '2027-04-05', sentOn: '2027-04-20', turnover: 62000, expenses: 10000 },
    ];
    for (const q of quarters) {
      await setClock(`${q.sentOn}T10:00:00Z`);
      await session.refresh();
      const update = await as('PUT', `/individuals/business/self-employment/${nino}/${businessId}/cumulative/2026-27`, '5.0', {
        periodDates: { periodStartDate: '2026-04-06', periodEndDate: q.end },
        periodIncome: { turnover: q.turnover, other: 0 },
        periodExpenses: { consolidatedExpenses: q.expenses },
      });
      expect(update.status, JSON.stringify(update.body)).toBe(204);
    }
    expect((await obligations()).map((o) => [o.status, o.receivedDate])).toEqual([
      ['fulfilled', '2026-07-20'],
      ['fulfilled', '2026-10-20'],
      ['fulfilled', '2027-01-20'],
      ['fulfilled', '2027-04-20'],
    ]);

    // Year end: annual adjustments, the adjustable summary and an accounting adjustment, a brought-forward loss.
    await setClock('2027-05-10T10:00:00Z');
    await session.refresh();
    const annual = await as('PUT', `/individuals/business/self-employment/${nino}/${businessId}/annual/2026-27`, '5.0', {
      allowances: { annualInvestmentAllowance: 1500 },
      nonFinancials: { businessDetailsChangedRecently: false },
    });
    expect(annual.status, JSON.stringify(annual.body)).toBe(204);

    const trigger = await as('POST', `/individuals/self-assessment/adjustable-summary/${nino}/trigger`, '7.0', { accountingPeriod: { startDate: '2026-04-06', endDate: '2027-04-05' }, typeOfBusiness: 'self-employment', businessId });
    expect(trigger.status, JSON.stringify(trigger.body)).toBe(200);
    const bsasId: string = trigger.body.calculationId;
    const summary = await as('GET', `/individuals/self-assessment/adjustable-summary/${nino}/self-employment/${bsasId}/2026-27`, '7.0');
    expect(summary.status).toBe(200);
    expect(summary.body.metadata.summaryStatus).toBe('valid');
    const adjust = await as('POST', `/individuals/self-assessment/adjustable-summary/${nino}/self-employment/${bsasId}/adjust/2026-27`, '7.0', { expenses: { consolidatedExpenses: 500 } });
    expect(adjust.status, JSON.stringify(adjust.body)).toBe(200);

    const losses = await as('PUT', `/individuals/losses/${nino}/businesses/${businessId}/loss-claims/2026-27`, '7.0', { losses: { broughtForwardLosses: 2000 } });
    expect(losses.status, JSON.stringify(losses.body)).toBe(204);

    // The calculation the customer agrees to, HMRC Assist's feedback on it, and the final declaration.
    const intent = await as('POST', `/individuals/calculations/${nino}/self-assessment/2026-27/trigger/intent-to-finalise`, '8.0');
    expect(intent.status, JSON.stringify(intent.body)).toBe(202);
    const calculationId: string = intent.body.calculationId;
    const calc = await as('GET', `/individuals/calculations/${nino}/self-assessment/2026-27/${calculationId}`, '8.0');
    expect(calc.status).toBe(200);
    const tax = calc.body.calculation.taxCalculation;

    // By hand (reference §1): profit 62,000 - 10,000 expenses - 1,500 AIA - 500 BSAS adjustment = 50,000;
    // less the 2,000 loss brought forward = 48,000. Personal allowance 12,570, taxable 35,430.
    expect(tax.incomeTax.totalIncomeReceivedFromAllSources).toBe(48000);
    expect(tax.incomeTax.totalAllowancesAndDeductions).toBe(12570);
    expect(tax.incomeTax.totalTaxableIncome).toBe(35430);
    // Class 4 (§2): (48,000 - 12,570) x 6% = 2,125.80.
    expect(tax.nics.class4Nics.totalAmount).toBe(2125.8);
    if (/^(G|EH|AB|DD|KY|FK|PA|PH|IV|KA|KW|ML|TD|ZE|HS|DG)\d/.test(postcode)) {
      // Scotland 2026-27: starter 3,967 @19% = 753.73; basic 12,989 @20% = 2,597.80; intermediate 14,136 @21% = 2,968.56;
      // higher (48,000 - 43,662 =) 4,338 @42% = 1,821.96. Income tax 8,142.05; with Class 4, 10,267.85.
      expect(calc.body.inputs.personalInformation.taxRegime).toBe('scotland');
      expect(tax.incomeTax.incomeTaxCharged).toBe(8142.05);
      expect(tax.totalIncomeTaxAndNicsDue).toBe(10267.85);
    } else {
      // rUK and Wales 2026-27: 35,430 @20% = 7,086.00; with Class 4, 9,211.80.
      expect(tax.incomeTax.incomeTaxCharged).toBe(7086);
      expect(tax.totalIncomeTaxAndNicsDue).toBe(9211.8);
    }

    const report = await as('POST', `/individuals/self-assessment/assist/reports/${nino}/2026-27/${calculationId}`, '1.0');
    expect(report.status).toBe(200);
    expect(report.body.messages.map((m: { title: string }) => m.title)).toContain('Payments on account may be due');
    const ack = await as('POST', `/individuals/self-assessment/assist/reports/acknowledge/${nino}/${report.body.reportId}/${report.body.correlationId}`, '1.0');
    expect(ack.status).toBe(204);

    const declare = await as('POST', `/individuals/calculations/${nino}/self-assessment/2026-27/${calculationId}/final-declaration`, '8.0');
    expect(declare.status, JSON.stringify(declare.body)).toBe(204);
    const again = await as('POST', `/individuals/calculations/${nino}/self-assessment/2026-27/${calculationId}/final-declaration`, '8.0');
    expect(again).toMatchObject({ status: 400, body: { code: 'RULE_FINAL_DECLARATION_RECEIVED' } });

    const crystallisation = await as('GET', `/obligations/details/${nino}/crystallisation?taxYear=2026-27`, '3.0');
    expect(crystallisation.body.obligations[0]).toMatchObject({ periodStartDate: '2026-04-06', periodEndDate: '2027-04-05', dueDate: '2028-01-31', status: 'fulfilled', receivedDate: '2027-05-10' });

    // The ledger: exactly one accepted write per obligation, summary, adjustment, claim and declaration.
    const ledger = (await (await fetch(`${hmrc.url}/emulator/ledger?nino=${nino}`)).json()) as { entries: { operation: string }[] };
    const count = (operation: string) => ledger.entries.filter((e) => e.operation === operation).length;
    expect(count('PUT /individuals/business/self-employment/{nino}/{businessId}/cumulative/{taxYear}')).toBe(4);
    expect(count('PUT /individuals/business/self-employment/{nino}/{businessId}/annual/{taxYear}')).toBe(1);
    expect(count('POST /individuals/self-assessment/adjustable-summary/{nino}/trigger')).toBe(1);
    expect(count('POST /individuals/self-assessment/adjustable-summary/{nino}/self-employment/{calculationId}/adjust/{taxYear}')).toBe(1);
    expect(count('PUT /individuals/losses/{nino}/businesses/{businessId}/loss-claims/{taxYear}')).toBe(1);
    expect(count('POST /individuals/calculations/{nino}/self-assessment/{taxYear}/trigger/{calculationType}')).toBe(1);
    expect(count('POST /individuals/calculations/{nino}/self-assessment/{taxYear}/{calculationId}/{calculationType}')).toBe(1);
  });
});
