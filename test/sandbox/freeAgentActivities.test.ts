// FreeAgent activities against the FreeAgent emulator: the books as HMRC's cumulative update, and marking the return
// filed once, however often Temporal retries.
import { serve, type ServerType } from '@hono/node-server';
import { MockActivityEnvironment } from '@temporalio/testing';
import { ApplicationFailure } from '@temporalio/activity';
import got from 'got';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFreeAgentActivities } from '../../activities/freeagent';
import { createFreeAgentClient } from '../../integrations/freeagent/client';
import { exchangeAuthorisationCode } from '../../integrations/freeagent/oauth';
import { FreeAgentEmulator, freeAgentRoutes } from '../../sandbox/freeagent/emulator';

const APP = { clientId: 'engine', clientSecret: 'engine-secret', redirectUri: 'http://localhost:3000/api/connections/freeagent/callback' };
let emulator: FreeAgentEmulator;
let server: ServerType;
let url: string;
let token: string;

beforeAll(async () => {
  emulator = await FreeAgentEmulator.create({
    rateLimitPerMinute: null,
    apps: [{ clientId: APP.clientId, clientSecrets: [APP.clientSecret], redirectUris: [APP.redirectUri], name: 'Practice Engine' }],
    accountManagers: [{ name: 'Ann Senior', email: 'ann@practice.example', senior: true }],
  });
  server = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: freeAgentRoutes(emulator).fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(s));
  });
  const address = server.address();
  url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  emulator.publicBaseUrl = url;
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
  const manager = [...emulator.state.accountManagers.values()][0]!;
  const approved = await got.post(`${url}/v2/approve_app`, { form: { client_id: APP.clientId, redirect_uri: APP.redirectUri, state: 's', account_manager_id: String(manager.id) }, followRedirect: false, throwHttpErrors: false });
  const tokens = await exchangeAuthorisationCode({ baseUrl: `${url}/v2`, clientId: APP.clientId, clientSecret: APP.clientSecret }, new URL(approved.headers.location!).searchParams.get('code')!, APP.redirectUri);
  token = tokens.access_token;
});
afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
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
