// FreeAgent activities against the FreeAgent emulator: the books as HMRC's cumulative update, and marking the return
// filed once, however often Temporal retries.
import { MockActivityEnvironment } from '@temporalio/testing';
import { ApplicationFailure } from '@temporalio/activity';
import got from 'got';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFreeAgentActivities } from '../../activities/freeagent';
import { createFreeAgentClient } from '../../integrations/freeagent/client';
import { grantFreeAgent, startFreeAgent, type RunningFreeAgent } from '../helpers/freeAgentEmulator';

let freeagent: RunningFreeAgent;
let url: string;
let token: string;

beforeAll(async () => {
  freeagent = await startFreeAgent();
  url = freeagent.url;
  const seeded = await got.post(`${url}/emulator/companies`, {
    json: {
      subdomain: 'okafor-web',
      name: 'Okafor Web Design',
      users: [{ id: 7, first_name: 'Amira', last_name: 'Okafor', email: 'amira@okafor.example', self_assessment_returns: [{ period_ends_on: '2027-04-05', filing_status: 'unfiled', payments: [] }] }],
      postings: [
        { dated_on: '2026-04-20', nominal_code: '001', debit_value: '-12000.5', description: 'Website build' },
        { dated_on: '2026-06-02', nominal_code: '101', debit_value: '1500.0', description: 'Stock photos' },
        { dated_on: '2026-07-10', nominal_code: '001', debit_value: '-999.0', description: 'After the quarter' },
      ],
    },
    throwHttpErrors: false,
  });
  expect(seeded.statusCode).toBe(201);
  const tokens = await grantFreeAgent(freeagent);
  token = tokens.access_token;
});
afterAll(async () => {
  await freeagent?.stop();
});

const activities = () => createFreeAgentActivities({ freeagentFor: (subdomain) => createFreeAgentClient({ baseUrl: `${url}/v2`, getAccessToken: async () => token, subdomain }) });

describe('FreeAgent activities', () => {
  it("turns the client's books for the quarter into HMRC's cumulative update, in HMRC's decimals", async () => {
    const env = new MockActivityEnvironment();
    const result: Awaited<ReturnType<ReturnType<typeof activities>['selfEmploymentUpdateFromFreeAgent']>> = await env.run(activities().selfEmploymentUpdateFromFreeAgent, { subdomain: 'okafor-web', periodStartDate: '2026-04-06', periodEndDate: '2026-07-05' });
    expect(result.body.periodDates).toEqual({ periodStartDate: '2026-04-06', periodEndDate: '2026-07-05' });
    expect(result.body.periodIncome.turnover).toBe(12000.5);
    expect(result.body.periodExpenses.costOfGoods).toBe(1500);
    expect(result.report.unmapped).toEqual([]);
  });

  it('marks the return filed once, and reports an unknown client as a final failure', async () => {
    const env = new MockActivityEnvironment();
    const a = activities();
    expect(await env.run(a.markFreeAgentReturnFiled, { subdomain: 'okafor-web', userId: 7, periodEndsOn: '2027-04-05' })).toEqual({ marked: true, filingStatus: 'marked_as_filed' });
    expect(await env.run(a.markFreeAgentReturnFiled, { subdomain: 'okafor-web', userId: 7, periodEndsOn: '2027-04-05' })).toEqual({ marked: false, filingStatus: 'marked_as_filed' });
    const { ledger } = (await got(`${url}/emulator/ledger?subdomain=okafor-web`).json()) as { ledger: { action: string }[] };
    expect(ledger.filter((e) => e.action === 'mark_as_filed')).toHaveLength(1);
    const unknown = (await env.run(a.markFreeAgentReturnFiled, { subdomain: 'nobody-here', userId: 7, periodEndsOn: '2027-04-05' }).catch((e: unknown) => e)) as ApplicationFailure;
    expect(unknown).toBeInstanceOf(ApplicationFailure);
    expect(unknown).toMatchObject({ type: 'FreeAgentError', nonRetryable: true });
  });
});
