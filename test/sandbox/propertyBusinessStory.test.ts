// A 2026-27 tax year of UK property and of foreign property through Property Business 6.0: four cumulative updates as
// the quarters end, an annual submission, the ledger of accepted writes and the figures the calculation will use.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { figuresFor, findSourceYear } from '../../sandbox/hmrc/taxpayerData';
import { agentWithClient, call, startEmulator, userToken, type CallOptions, type RunningEmulator } from '../helpers/hmrcEmulator';

const VERSION = '6.0';
const UK_CUMULATIVE = '/individuals/business/property/uk/{nino}/{businessId}/cumulative/{taxYear}';
const FOREIGN_CUMULATIVE = '/individuals/business/property/foreign/{nino}/{businessId}/cumulative/{taxYear}';

let hmrc: RunningEmulator;
beforeAll(async () => {
  hmrc = await startEmulator();
});
afterAll(async () => {
  await hmrc?.stop();
});

interface Agent {
  nino: string;
  userId: string;
  token: string;
}

async function agentAt(instant: string): Promise<Agent> {
  hmrc.emulator.clock.set(new Date(instant));
  const { agent, nino, agentToken } = await agentWithClient(hmrc);
  return { nino, userId: agent.userId, token: agentToken };
}

/** Moves the emulator's clock; the agent signs in again, as a token from months ago would have expired. */
async function moveClock(agent: Agent, instant: string): Promise<void> {
  hmrc.emulator.clock.set(new Date(instant));
  agent.token = await userToken(hmrc, agent.userId);
}

function path(template: string, params: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => params[name]!);
}

async function hmrcCall(agent: Agent, method: string, url: string, options: CallOptions = {}) {
  return call(hmrc, method, url, { token: agent.token, version: VERSION, ...options });
}

async function newBusiness(agent: Agent, typeOfBusiness: string): Promise<string> {
  const created = await call(hmrc, 'POST', `/individuals/self-assessment-test-support/business/${agent.nino}`, { token: agent.token, body: { typeOfBusiness } });
  expect(created.status).toBe(201);
  return created.body.businessId as string;
}

async function ledger(nino: string, operation: string): Promise<{ taxYear: string; businessId: string; status: number; emulatorTime: string }[]> {
  const response = await fetch(`${hmrc.url}/emulator/ledger?${new URLSearchParams({ nino, operation })}`);
  return ((await response.json()) as { entries: { taxYear: string; businessId: string; status: number; emulatorTime: string }[] }).entries;
}

describe('a year of UK property', () => {
  it('takes four quarterly updates and an annual submission, and adds up to the figures in pence', async () => {
    const agent = await agentAt('2026-04-10T09:00:00Z');
    const businessId = await newBusiness(agent, 'uk-property');
    const cumulative = path(UK_CUMULATIVE, { nino: agent.nino, businessId, taxYear: '2026-27' });
    const update = (toDate: string, rent: number, running: number, finance: number) => ({
      fromDate: '2026-04-06',
      toDate,
      ukProperty: {
        income: { periodAmount: rent, premiumsOfLeaseGrant: 1500, reversePremiums: 250.25, otherIncome: 300, taxDeducted: 100 },
        expenses: { premisesRunningCosts: running, repairsAndMaintenance: 1200.4, financialCosts: 300, professionalFees: 450, costOfServices: 100, other: 75.1, travelCosts: 60, residentialFinancialCost: finance, residentialFinancialCostsCarriedForward: 150 },
      },
    });

    const quarters: [string, string, number, number, number][] = [
      ['2026-07-10T09:00:00Z', '2026-07-05', 3000, 500, 600],
      ['2026-10-12T09:00:00Z', '2026-10-05', 6000, 1000, 1200],
      ['2027-01-09T09:00:00Z', '2027-01-05', 9000, 1500, 1800],
      ['2027-04-15T09:00:00Z', '2027-04-05', 12000, 2000, 2400],
    ];
    for (const [instant, toDate, rent, running, finance] of quarters) {
      await moveClock(agent, instant);
      expect((await hmrcCall(agent, 'PUT', cumulative, { body: update(toDate, rent, running, finance) })).status).toBe(204);
      if (toDate === '2026-10-05') {
        // A correction that would go backwards is refused and leaves no trace in the ledger.
        expect((await hmrcCall(agent, 'PUT', cumulative, { body: update('2026-07-05', rent, running, finance) })).body.code).toBe('RULE_SUBMISSION_END_DATE_CANNOT_MOVE_BACKWARDS');
      }
    }

    const writes = await ledger(agent.nino, `PUT ${UK_CUMULATIVE}`);
    expect(writes).toHaveLength(4);
    expect(writes.every((w) => w.status === 204 && w.taxYear === '2026-27' && w.businessId === businessId)).toBe(true);
    expect(writes.map((w) => w.emulatorTime.slice(0, 10))).toEqual(['2026-07-10', '2026-10-12', '2027-01-09', '2027-04-15']);

    const latest = await hmrcCall(agent, 'GET', cumulative);
    expect(latest.body).toMatchObject({ fromDate: '2026-04-06', toDate: '2027-04-05', ukProperty: { income: { periodAmount: 12000 } } });
    const history = findSourceYear(hmrc.emulator.state, agent.nino, businessId, '2026-27')!.cumulativeHistory;
    expect(history.map((s) => s.periodEndDate)).toEqual(['2026-07-05', '2026-10-05', '2027-01-05', '2027-04-05']);

    const annual = {
      ukProperty: {
        adjustments: { balancingCharge: 200, privateUseAdjustment: 100, nonResidentLandlord: false },
        allowances: {
          annualInvestmentAllowance: 1000,
          costOfReplacingDomesticItems: 250.5,
          structuredBuildingAllowance: [{ amount: 300, firstYear: { qualifyingDate: '2026-06-01', qualifyingAmountExpenditure: 10000 }, building: { name: 'Mill House', postcode: 'LS6 2AB' } }],
        },
      },
    };
    expect((await hmrcCall(agent, 'PUT', path('/individuals/business/property/uk/{nino}/{businessId}/annual/{taxYear}', { nino: agent.nino, businessId, taxYear: '2026-27' }), { body: annual })).status).toBe(200);
    expect(await ledger(agent.nino, 'PUT /individuals/business/property/uk/{nino}/{businessId}/annual/{taxYear}')).toHaveLength(1);

    expect(figuresFor(hmrc.emulator.state, agent.nino, '2026-27')).toEqual([
      {
        businessId,
        typeOfBusiness: 'uk-property',
        // Rents 12,000 + premiums 1,500 + reverse premiums 250.25 + other 300 (tax deducted is not income).
        income: 1_405_025,
        // 2,000 + 1,200.40 + 300 + 450 + 100 + 75.10 + 60; residential finance costs apart.
        expenses: 418_550,
        // Balancing charge 200 + private use 100 - (AIA 1,000 + domestic items 250.50 + SBA 300).
        adjustments: -125_050,
        // 2,400 this year + 150 brought forward.
        residentialFinanceCosts: 255_000,
      },
    ]);
  });
});

describe('a year of foreign property', () => {
  it('registers the properties, takes four quarterly updates and an annual submission, and adds up in pence', async () => {
    const agent = await agentAt('2026-04-20T09:00:00Z');
    const businessId = await newBusiness(agent, 'foreign-property');
    const details = path('/individuals/business/property/foreign/{nino}/{businessId}/details/{taxYear}', { nino: agent.nino, businessId, taxYear: '2026-27' });
    const gite = (await hmrcCall(agent, 'POST', details, { body: { propertyName: 'Gîte des Pins', countryCode: 'FRA' } })).body.propertyId as string;
    const villa = (await hmrcCall(agent, 'POST', details, { body: { propertyName: 'Villa Azul', countryCode: 'ESP' } })).body.propertyId as string;
    expect((await hmrcCall(agent, 'GET', details)).body.foreignPropertyDetails).toHaveLength(2);

    const cumulative = path(FOREIGN_CUMULATIVE, { nino: agent.nino, businessId, taxYear: '2026-27' });
    const update = (toDate: string, quarter: number) => ({
      fromDate: '2026-04-06',
      toDate,
      foreignProperty: [
        {
          propertyId: gite,
          income: { rentIncome: { rentAmount: 2000 * quarter }, premiumsOfLeaseGrant: 0, otherPropertyIncome: 25.5 * quarter, foreignTaxPaidOrDeducted: 300, foreignTaxCreditRelief: true },
          expenses: { premisesRunningCosts: 400 * quarter, repairsAndMaintenance: 99.99, residentialFinancialCost: 120 * quarter, broughtFwdResidentialFinancialCost: 80 },
        },
        {
          propertyId: villa,
          income: { rentIncome: { rentAmount: 1500 * quarter } },
          expenses: { consolidatedExpenses: 350 * quarter },
        },
      ],
    });
    const quarters: [string, string][] = [
      ['2026-07-08T09:00:00Z', '2026-07-05'],
      ['2026-10-06T09:00:00Z', '2026-10-05'],
      ['2027-01-28T09:00:00Z', '2027-01-05'],
      ['2027-04-06T09:00:00Z', '2027-04-05'],
    ];
    for (const [i, [instant, toDate]] of quarters.entries()) {
      await moveClock(agent, instant);
      const answer = await hmrcCall(agent, 'PUT', cumulative, { body: update(toDate, i + 1) });
      expect(answer.status, JSON.stringify(answer.body)).toBe(204);
    }
    const writes = await ledger(agent.nino, `PUT ${FOREIGN_CUMULATIVE}`);
    expect(writes).toHaveLength(4);
    expect(writes.every((w) => w.taxYear === '2026-27' && w.businessId === businessId)).toBe(true);

    const villaOnly = await hmrcCall(agent, 'GET', `${cumulative}?propertyId=${villa}`);
    expect(villaOnly.body.foreignProperty).toEqual([{ propertyId: villa, income: { rentIncome: { rentAmount: 6000 } }, expenses: { consolidatedExpenses: 1400 } }]);

    const annual = {
      foreignProperty: [
        { propertyId: gite, adjustments: { balancingCharge: 50 }, allowances: { annualInvestmentAllowance: 500 } },
        { propertyId: villa, adjustments: { balancingCharge: 20 }, allowances: { propertyIncomeAllowance: 1000 } },
      ],
    };
    const annualPath = path('/individuals/business/property/foreign/{nino}/{businessId}/annual/{taxYear}', { nino: agent.nino, businessId, taxYear: '2026-27' });
    expect((await hmrcCall(agent, 'PUT', annualPath, { body: annual })).status).toBe(200);

    expect(figuresFor(hmrc.emulator.state, agent.nino, '2026-27')).toEqual([
      {
        businessId,
        typeOfBusiness: 'foreign-property',
        // Gîte 8,000 rent + 102 other; villa 6,000 rent.
        income: 1_410_200,
        // Gîte 1,600 + 99.99; villa consolidated 1,400.
        expenses: 309_999,
        // Balancing charges 50 + 20 - AIA 500.
        adjustments: -43_000,
        // Gîte 480 this year + 80 brought forward.
        residentialFinanceCosts: 56_000,
        propertyAllowance: 100_000,
      },
    ]);
  });
});
