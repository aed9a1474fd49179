// The FreeAgent emulator over loopback HTTP, driven through our FreeAgent client: OAuth and refresh, X-Subdomain,
// Self Assessment returns and payments with their status rules, accounting figures, the rate limit, and the ledger.
import { serve, type ServerType } from '@hono/node-server';
import got from 'got';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFreeAgentClient } from '../../integrations/freeagent/client';
import { toSelfEmploymentCumulative } from '../../integrations/freeagent/categoryMapping';
import { FreeAgentError, FreeAgentRateLimitError } from '../../integrations/freeagent/errors';
import { authorisationUrl, exchangeAuthorisationCode, refreshAccessToken, type FreeAgentOAuthApp } from '../../integrations/freeagent/oauth';
import type { TokenSet } from '../../integrations/freeagent/types';
import { FreeAgentEmulator, freeAgentRoutes, type FreeAgentEmulatorOptions } from '../../sandbox/freeagent/emulator';

const APP = { clientId: 'practice-engine', clientSecret: 'practice-engine-secret', redirectUri: 'http://localhost:3000/freeagent/callback' };

interface Running {
  emulator: FreeAgentEmulator;
  url: string;
  stop(): Promise<void>;
}

async function listen(app: Hono): Promise<{ url: string; stop(): Promise<void> }> {
  const server = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(s));
  });
  const address = server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  return { url, stop: () => new Promise((resolve) => server.close(() => resolve())) };
}

async function startEmulator(options: FreeAgentEmulatorOptions = {}): Promise<Running> {
  const emulator = await FreeAgentEmulator.create({
    rateLimitPerMinute: null,
    apps: [{ clientId: APP.clientId, clientSecrets: [APP.clientSecret], redirectUris: [APP.redirectUri], name: 'Practice Engine' }],
    accountManagers: [
      { name: 'Ann Senior', email: 'ann@practice.example', senior: true },
      { name: 'Bob Junior', email: 'bob@practice.example', senior: false },
    ],
    ...options,
  });
  const server = await listen(freeAgentRoutes(emulator));
  emulator.publicBaseUrl = server.url;
  return { emulator, ...server };
}

async function control(run: Running, method: 'GET' | 'POST', path: string, json?: unknown): Promise<{ status: number; body: any }> {
  const response = await got(`${run.url}/emulator${path}`, { method, ...(json === undefined ? {} : { json }), throwHttpErrors: false, responseType: 'json', retry: { limit: 0 } });
  return { status: response.statusCode, body: response.body };
}

function managerIds(run: Running): { ann: number; bob: number } {
  const [ann, bob] = [...run.emulator.state.accountManagers.values()];
  return { ann: ann!.id, bob: bob!.id };
}

async function seed(run: Running): Promise<void> {
  const { bob } = managerIds(run);
  const acme = await control(run, 'POST', '/companies', {
    subdomain: 'acme-plumbing',
    name: 'Acme Plumbing',
    users: [{ id: 119, first_name: 'Alice', last_name: 'Acme', email: 'alice@acme.example', unique_tax_reference: '1234567890', self_assessment_returns: 'documented' }],
    postings: [
      { dated_on: '2026-04-10', nominal_code: '001', debit_value: '-4200.5', description: 'Invoice 1' },
      { dated_on: '2026-06-30', nominal_code: '001', debit_value: '-1800.0', description: 'Invoice 2' },
      { dated_on: '2026-05-02', nominal_code: '101', debit_value: '275.0', description: 'Copper pipe' },
      { dated_on: '2026-05-20', nominal_code: '285', debit_value: '48.25', description: 'Hotel' },
      { dated_on: '2026-06-01', nominal_code: '051', debit_value: '-3.1', description: 'Bank interest' },
      // Outside the quarter: must not count.
      { dated_on: '2026-07-06', nominal_code: '001', debit_value: '-999.0', description: 'Invoice 3' },
    ],
  });
  expect(acme).toEqual({ status: 201, body: { company: { id: expect.any(Number), subdomain: 'acme-plumbing', users: [119], bank_accounts: [] } } });
  const rose = await control(run, 'POST', '/companies', {
    subdomain: 'rose-lettings',
    name: 'Rose Lettings',
    type: 'UkUnincorporatedLandlord',
    account_manager_id: bob,
    users: [
      {
        id: 7,
        first_name: 'Rose',
        last_name: 'Lane',
        email: 'rose@lettings.example',
        self_assessment_returns: [{ period_ends_on: '2026-04-05', filing_status: 'pending', payments: [{ label: 'Balancing Payment', due_on: '2027-01-31', amount_due: '1500.0' }] }],
      },
    ],
  });
  expect(rose.status).toBe(201);
}

/** Runs the OAuth grant as an account manager would, through the approve page. */
async function authorise(run: Running, accountManagerId: number): Promise<TokenSet> {
  return exchangeAuthorisationCode(oauthApp(run), await approve(run, accountManagerId), APP.redirectUri);
}

/** The approve page and the account manager's approval: the authorisation code FreeAgent redirects back with. */
async function approve(run: Running, accountManagerId: number): Promise<string> {
  const approveUrl = authorisationUrl({ baseUrl: `${run.url}/v2`, clientId: APP.clientId }, APP.redirectUri, 'xyz-state');
  const page = await got(approveUrl, { throwHttpErrors: false });
  expect(page.statusCode).toBe(200);
  expect(page.body).toContain('Approve as Ann Senior (ann@practice.example)');
  const approved = await got.post(`${run.url}/v2/approve_app`, {
    form: { client_id: APP.clientId, redirect_uri: APP.redirectUri, state: 'xyz-state', account_manager_id: String(accountManagerId) },
    followRedirect: false,
    throwHttpErrors: false,
  });
  expect(approved.statusCode).toBe(302);
  const location = new URL(approved.headers.location!);
  expect(`${location.origin}${location.pathname}`).toBe(APP.redirectUri);
  expect(location.searchParams.get('state')).toBe('xyz-state');
  return location.searchParams.get('code')!;
}

function oauthApp(run: Running): FreeAgentOAuthApp {
  return { baseUrl: `${run.url}/v2`, clientId: APP.clientId, clientSecret: APP.clientSecret };
}

/** A token store as an activity would keep one: refreshes on request and remembers the new refresh token. */
function tokenStore(run: Running, initial: TokenSet) {
  const store = { tokens: initial, refreshes: 0 };
  const getAccessToken = async (options?: { forceRefresh?: boolean }) => {
    if (options?.forceRefresh) {
      store.tokens = await refreshAccessToken(oauthApp(run), store.tokens.refresh_token);
      store.refreshes += 1;
    }
    return store.tokens.access_token;
  };
  return { store, getAccessToken };
}

async function failure(promise: Promise<unknown>): Promise<FreeAgentError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(FreeAgentError);
  return err as FreeAgentError;
}

describe('FreeAgent emulator through the client', () => {
  let run: Running;
  let ann: ReturnType<typeof tokenStore>;

  beforeAll(async () => {
    run = await startEmulator();
    await seed(run);
    ann = tokenStore(run, await authorise(run, managerIds(run).ann));
  });
  afterAll(async () => {
    await run?.stop();
  });

  const acme = () => createFreeAgentClient({ baseUrl: `${run.url}/v2`, getAccessToken: ann.getAccessToken, subdomain: 'acme-plumbing', timeoutMs: 5000 });

  it('issues FreeAgent-shaped tokens, refuses a spent code, and rotates refresh tokens', async () => {
    const { bob } = managerIds(run);
    const tokens = await authorise(run, bob);
    expect(tokens).toEqual({ access_token: expect.stringMatching(/^fa_at_/), token_type: 'bearer', expires_in: 3600, refresh_token: expect.stringMatching(/^fa_rt_/), refresh_token_expires_in: 631151957 });

    const refreshed = await refreshAccessToken(oauthApp(run), tokens.refresh_token);
    expect(refreshed.refresh_token).not.toBe(tokens.refresh_token);
    expect(refreshed.access_token).not.toBe(tokens.access_token);
    const spent = await failure(refreshAccessToken(oauthApp(run), tokens.refresh_token));
    expect(spent.status).toBe(400);
    expect(spent.messages).toEqual(['The refresh token is not valid or was already used']);
    expect(spent.retryable).toBe(false);

    const badSecret = await failure(refreshAccessToken({ ...oauthApp(run), clientSecret: 'wrong' }, refreshed.refresh_token));
    expect(badSecret.status).toBe(401);
    expect(badSecret.messages).toEqual(['Client authentication failed: check client_id and client_secret']);

    const code = await approve(run, bob);
    const wrongRedirect = await failure(exchangeAuthorisationCode(oauthApp(run), code, 'http://localhost:3000/elsewhere'));
    expect(wrongRedirect.messages).toEqual(['redirect_uri does not match the one sent to approve_app']);
    // Codes are single use, even after a failed exchange.
    const reused = await failure(exchangeAuthorisationCode(oauthApp(run), code, APP.redirectUri));
    expect([reused.status, reused.messages]).toEqual([400, ['The authorisation code is not valid or was already used']]);

    const oldAccess = createFreeAgentClient({ baseUrl: `${run.url}/v2`, getAccessToken: async () => tokens.access_token });
    const refused = await failure(oldAccess.listClients());
    expect(refused.status).toBe(401);
    expect(refused.messages).toEqual(['Access token not recognised']);
  });

  it("lists the practice's clients with their subdomains, per account manager, following pagination", async () => {
    const client = createFreeAgentClient({ baseUrl: `${run.url}/v2`, getAccessToken: ann.getAccessToken });
    const clients = await client.listClients({ perPage: 1 });
    expect(clients.map((c) => [c.name, c.subdomain, c.type])).toEqual([
      ['Acme Plumbing', 'acme-plumbing', 'UkSoleTrader'],
      ['Rose Lettings', 'rose-lettings', 'UkUnincorporatedLandlord'],
    ]);

    const bob = tokenStore(run, await authorise(run, managerIds(run).bob));
    const bobsClients = await createFreeAgentClient({ baseUrl: `${run.url}/v2`, getAccessToken: bob.getAccessToken }).listClients();
    expect(bobsClients.map((c) => c.subdomain)).toEqual(['rose-lettings']);
    // A non-senior account manager cannot act for a client that is not theirs.
    const notTheirs = await failure(createFreeAgentClient({ baseUrl: `${run.url}/v2`, getAccessToken: bob.getAccessToken, subdomain: 'acme-plumbing' }).listUsers());
    expect(notTheirs.status).toBe(403);
  });

  it('selects the client company with X-Subdomain and refuses an unknown one', async () => {
    expect(await acme().listUsers()).toEqual([
      { url: `${run.url}/v2/users/119`, first_name: 'Alice', last_name: 'Acme', email: 'alice@acme.example', role: 'Owner', permission_level: 8, unique_tax_reference: '1234567890' },
    ]);
    const rose = createFreeAgentClient({ baseUrl: `${run.url}/v2`, getAccessToken: ann.getAccessToken, subdomain: 'rose-lettings' });
    expect((await rose.listUsers()).map((u) => u.email)).toEqual(['rose@lettings.example']);
    // Alice (user 119) belongs to Acme, not to Rose Lettings.
    const elsewhere = await failure(rose.listSelfAssessmentReturns(119));
    expect(elsewhere.status).toBe(404);
    expect(elsewhere.messages).toEqual(['User 119 not found']);

    const unknown = await failure(createFreeAgentClient({ baseUrl: `${run.url}/v2`, getAccessToken: ann.getAccessToken, subdomain: 'no-such-client' }).listUsers());
    expect(unknown.status).toBe(403);
    expect(unknown.messages).toEqual(["You are not an account manager for a client with the subdomain 'no-such-client'"]);
    expect(unknown.retryable).toBe(false);

    const without = await failure(createFreeAgentClient({ baseUrl: `${run.url}/v2`, getAccessToken: ann.getAccessToken }).listUsers());
    expect(without.status).toBe(400);
    expect(without.messages).toEqual(['X-Subdomain header missing: say which client company to act for']);
  });

  it("lists and gets a user's Self Assessment returns as FreeAgent's documentation shows them", async () => {
    const returns = await acme().listSelfAssessmentReturns(119);
    expect(returns).toEqual([
      {
        url: `${run.url}/v2/users/119/self_assessment_returns/2022-04-05`,
        period_ends_on: '2022-04-05',
        period_starts_on: '2021-04-06',
        payments: [{ label: 'Balancing Payment', amount_due: '-2250.0', due_on: '2023-01-31' }],
        filing_due_on: '2023-01-31',
        filing_status: 'filed',
        filed_at: '2023-10-10T10:32:49.000+00:00',
        filed_reference: 'YFM7CAZY2AQXUCRCQJOVS45UZUS4JWQN',
      },
      {
        url: `${run.url}/v2/users/119/self_assessment_returns/2023-04-05`,
        period_ends_on: '2023-04-05',
        period_starts_on: '2022-04-06',
        payments: [{ label: 'Balancing Payment', amount_due: '6181.82', due_on: '2024-01-31', status: 'unpaid' }],
        filing_due_on: '2024-01-31',
        filing_status: 'unfiled',
      },
      {
        url: `${run.url}/v2/users/119/self_assessment_returns/2024-04-05`,
        period_ends_on: '2024-04-05',
        period_starts_on: '2023-04-06',
        payments: [
          { label: 'Payment on Account', amount_due: '3009.01', due_on: '2024-01-31', status: 'unpaid' },
          { label: 'Payment on Account', amount_due: '3009.01', due_on: '2024-07-31', status: 'unpaid' },
          { label: 'Balancing Payment', amount_due: '-6018.02', due_on: '2025-01-31' },
        ],
        filing_due_on: '2025-01-31',
        filing_status: 'unfiled',
      },
    ]);
    expect(await acme().getSelfAssessmentReturn(119, '2024-04-05')).toEqual(returns[2]);
    const missing = await failure(acme().getSelfAssessmentReturn(119, '2019-04-05'));
    expect(missing.status).toBe(404);
    expect(missing.messages).toEqual(['Self Assessment return for the period ending 2019-04-05 not found']);
  });

  it('marks returns filed and unfiled by the status rules, and records each write once', async () => {
    const before = run.emulator.ledger.length;
    const filed = await acme().markSelfAssessmentReturnAsFiled(119, '2024-04-05');
    expect(filed.filing_status).toBe('marked_as_filed');
    expect(filed.filed_reference).toBeUndefined();
    // A repeat (a retried activity) changes nothing and is not a second write.
    expect((await acme().markSelfAssessmentReturnAsFiled(119, '2024-04-05')).filing_status).toBe('marked_as_filed');

    const online = await failure(acme().markSelfAssessmentReturnAsFiled(119, '2022-04-05'));
    expect(online.status).toBe(422);
    expect(online.messages).toEqual(['The return for the period ending 2022-04-05 was filed online from FreeAgent (filed); it cannot be marked as filed']);
    const pending = await failure(
      createFreeAgentClient({ baseUrl: `${run.url}/v2`, getAccessToken: ann.getAccessToken, subdomain: 'rose-lettings' }).markSelfAssessmentReturnAsUnfiled(7, '2026-04-05'),
    );
    expect(pending.status).toBe(422);
    expect(pending.messages).toEqual(['The return for the period ending 2026-04-05 was filed online from FreeAgent (pending); it cannot be marked as unfiled']);

    expect((await acme().markSelfAssessmentReturnAsUnfiled(119, '2024-04-05')).filing_status).toBe('unfiled');
    expect((await acme().markSelfAssessmentReturnAsUnfiled(119, '2024-04-05')).filing_status).toBe('unfiled');
    expect((await acme().getSelfAssessmentReturn(119, '2022-04-05')).filing_status).toBe('filed');

    const ledger = await control(run, 'GET', '/ledger?subdomain=acme-plumbing');
    expect(ledger.body.ledger.slice(before)).toEqual([
      expect.objectContaining({ sequence: before + 1, subdomain: 'acme-plumbing', method: 'PUT', path: '/v2/users/119/self_assessment_returns/2024-04-05/mark_as_filed', action: 'mark_as_filed', userId: 119, periodEndsOn: '2024-04-05', from: 'unfiled', to: 'marked_as_filed' }),
      expect.objectContaining({ sequence: before + 2, action: 'mark_as_unfiled', periodEndsOn: '2024-04-05', from: 'marked_as_filed', to: 'unfiled' }),
    ]);
  });

  it('marks payments paid and unpaid; a negative balancing payment has no status and cannot be marked', async () => {
    const before = run.emulator.ledger.length;
    const paid = await acme().markSelfAssessmentPaymentAsPaid(119, '2024-04-05', '2024-01-31');
    expect(paid.payments).toEqual([
      { label: 'Payment on Account', amount_due: '3009.01', due_on: '2024-01-31', status: 'marked_as_paid' },
      { label: 'Payment on Account', amount_due: '3009.01', due_on: '2024-07-31', status: 'unpaid' },
      { label: 'Balancing Payment', amount_due: '-6018.02', due_on: '2025-01-31' },
    ]);
    await acme().markSelfAssessmentPaymentAsPaid(119, '2024-04-05', '2024-01-31');

    const refund = await failure(acme().markSelfAssessmentPaymentAsPaid(119, '2024-04-05', '2025-01-31'));
    expect(refund.status).toBe(422);
    expect(refund.messages).toEqual(['Nothing is due on 2025-01-31 (amount due -6018.02); it cannot be marked as paid or unpaid']);
    const noSuch = await failure(acme().markSelfAssessmentPaymentAsPaid(119, '2024-04-05', '2024-03-31'));
    expect(noSuch.status).toBe(404);
    expect(noSuch.messages).toEqual(['Payment due on 2024-03-31 for the return for the period ending 2024-04-05 not found']);

    const unpaid = await acme().markSelfAssessmentPaymentAsUnpaid(119, '2024-04-05', '2024-01-31');
    expect(unpaid.payments[0]).toEqual({ label: 'Payment on Account', amount_due: '3009.01', due_on: '2024-01-31', status: 'unpaid' });

    expect(run.emulator.ledger.slice(before).map((e) => [e.action, e.paymentDueOn, e.from, e.to])).toEqual([
      ['mark_as_paid', '2024-01-31', 'unpaid', 'marked_as_paid'],
      ['mark_as_unpaid', '2024-01-31', 'marked_as_paid', 'unpaid'],
    ]);
  });

  it("gives a quarter's trial balance and profit and loss, which map to an HMRC cumulative body", async () => {
    const rows = await acme().getTrialBalanceSummary({ fromDate: '2026-04-06', toDate: '2026-07-05' });
    expect(rows).toEqual([
      { category: `${run.url}/v2/categories/001`, nominal_code: '001', display_nominal_code: '001', name: 'Sales', total: '-6000.5' },
      { category: `${run.url}/v2/categories/051`, nominal_code: '051', display_nominal_code: '051', name: 'Interest Received', total: '-3.1' },
      { category: `${run.url}/v2/categories/101`, nominal_code: '101', display_nominal_code: '101', name: 'Cost of Sales', total: '275.0' },
      { category: `${run.url}/v2/categories/285`, nominal_code: '285', display_nominal_code: '285', name: 'Accommodation and Meals', total: '48.25' },
    ]);
    const pnl = await acme().getProfitAndLossSummary({ fromDate: '2026-04-06', toDate: '2026-07-05' });
    expect(pnl).toEqual({
      from: '2026-04-06',
      to: '2026-07-05',
      income: '6003.6',
      expenses: '323.25',
      operating_profit: '5680.35',
      less: [
        { title: 'Corp. Tax', total: '0.0' },
        { title: 'Dividends', total: '0.0' },
        { title: 'Adjustments', total: '0.0' },
      ],
      retained_profit: '5680.35',
      retained_profit_brought_forward: '0.0',
      retained_profit_carried_forward: '5680.35',
    });
    const tooLong = await failure(acme().getProfitAndLossSummary({ fromDate: '2025-04-06', toDate: '2026-07-05' }));
    expect(tooLong.status).toBe(400);
    expect(tooLong.messages).toEqual(['Requested date periods must be equal to or less than 12 months or be contained within a single accounting year']);

    const { body, report } = toSelfEmploymentCumulative(rows, { periodStartDate: '2026-04-06', periodEndDate: '2026-07-05' });
    expect(body).toEqual({
      periodDates: { periodStartDate: '2026-04-06', periodEndDate: '2026-07-05' },
      periodIncome: { turnover: 6000.5, other: 0 },
      periodExpenses: { costOfGoods: 275, carVanTravelExpenses: 48.25 },
    });
    expect(report.excluded.map((e) => [e.nominalCode, e.amount])).toEqual([['051', -310]]);
    expect(report.unmapped).toEqual([]);
  });

  it('refreshes lazily: the first 401 after expiry brings a new token and the call succeeds', async () => {
    const refreshesBefore = ann.store.refreshes;
    const oldAccess = ann.store.tokens.access_token;
    run.emulator.advanceClock(3601 * 1000);
    const users = await acme().listUsers();
    expect(users.map((u) => u.email)).toEqual(['alice@acme.example']);
    expect(ann.store.refreshes).toBe(refreshesBefore + 1);
    expect(ann.store.tokens.access_token).not.toBe(oldAccess);
  });
});

describe('FreeAgent rate limit', () => {
  let run: Running;
  // 12:00:15 on a fixed clock: the minute resets in 45 seconds.
  const clock = { now: Date.parse('2026-05-01T12:00:15.000Z') };

  beforeAll(async () => {
    run = await startEmulator({ rateLimitPerMinute: 3, now: () => clock.now });
    await seed(run);
  });
  afterAll(async () => {
    await run?.stop();
  });

  it('answers 429 with Retry-After once a client has used its minute, counting per X-Subdomain', async () => {
    const tokens = await authorise(run, managerIds(run).ann);
    const getAccessToken = async () => tokens.access_token;
    const acme = createFreeAgentClient({ baseUrl: `${run.url}/v2`, getAccessToken, subdomain: 'acme-plumbing' });
    for (let i = 0; i < 3; i++) expect((await acme.listSelfAssessmentReturns(119)).length).toBe(3);
    const limited = await failure(acme.listSelfAssessmentReturns(119));
    expect(limited).toBeInstanceOf(FreeAgentRateLimitError);
    expect(limited.status).toBe(429);
    expect(limited.retryable).toBe(true);
    expect((limited as FreeAgentRateLimitError).retryAfterSeconds).toBe(45);
    expect(limited.messages).toEqual(['Rate limit exceeded: too many requests for this client in the current minute']);

    // Another client of the same practice has its own allowance.
    const rose = createFreeAgentClient({ baseUrl: `${run.url}/v2`, getAccessToken, subdomain: 'rose-lettings' });
    for (let i = 0; i < 3; i++) expect((await rose.listUsers()).map((u) => u.email)).toEqual(['rose@lettings.example']);
    expect(((await failure(rose.listUsers())) as FreeAgentRateLimitError).retryAfterSeconds).toBe(45);

    // The counter resets at the start of the next minute.
    clock.now = Date.parse('2026-05-01T12:01:00.000Z');
    expect((await acme.listSelfAssessmentReturns(119)).length).toBe(3);
  });
});

describe('FreeAgent client failures', () => {
  let server: { url: string; stop(): Promise<void> };
  beforeAll(async () => {
    const app = new Hono()
      .get('/v2/users', async (c) => {
        await new Promise((resolve) => setTimeout(resolve, 500));
        return c.json({ users: [] });
      })
      .get('/v2/categories', (c) => c.json({ errors: [{ message: 'Something broke' }, { message: 'and again' }] }, 503));
    server = await listen(app);
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('makes timeouts and 5xx retryable FreeAgentErrors, and reads an array of error messages', async () => {
    const client = createFreeAgentClient({ baseUrl: `${server.url}/v2`, getAccessToken: async () => 'token', subdomain: 'x', timeoutMs: 100 });
    const timeout = await failure(client.listUsers());
    expect([timeout.failure, timeout.status, timeout.retryable]).toEqual(['timeout', undefined, true]);
    const unavailable = await failure(client.listCategories());
    expect([unavailable.failure, unavailable.status, unavailable.retryable]).toEqual(['http', 503, true]);
    expect(unavailable.messages).toEqual(['Something broke', 'and again']);
  });
});

describe('FreeAgent emulator controls and mounting', () => {
  let run: Running;
  beforeAll(async () => {
    run = await startEmulator();
  });
  afterAll(async () => {
    await run?.stop();
  });

  it('lets an authorisation code live 15 minutes', async () => {
    const code = await approve(run, managerIds(run).ann);
    run.emulator.advanceClock(15 * 60_000 + 1000);
    const expired = await failure(exchangeAuthorisationCode(oauthApp(run), code, APP.redirectUri));
    expect([expired.status, expired.messages]).toEqual([400, ['The authorisation code expired (codes last 15 minutes)']]);
  });

  it('refuses a malformed seed with the fields at fault, and a duplicate subdomain', async () => {
    const bad = await control(run, 'POST', '/companies', { subdomain: 'Bad Name', name: '', users: [{ first_name: 'A', last_name: 'B', email: 'not-an-email' }] });
    expect(bad.status).toBe(422);
    expect(bad.body.errors.map((e: { message: string }) => e.message.split(':')[0])).toEqual(['subdomain', 'name', 'users.0.email']);
    expect((await control(run, 'POST', '/companies', { subdomain: 'solo', name: 'Solo' })).status).toBe(201);
    const again = await control(run, 'POST', '/companies', { subdomain: 'solo', name: 'Solo again' });
    expect(again).toEqual({ status: 409, body: { errors: { error: { message: "A client with the subdomain 'solo' already exists" } } } });
  });

  it('logs every API request with its answer, filterable by client and method, keeping the latest thousand', async () => {
    const before = run.emulator.requests.length;
    await got(`${run.url}/v2/users`, { headers: { 'X-Subdomain': 'solo' }, throwHttpErrors: false });
    await got.put(`${run.url}/v2/users/1/self_assessment_returns/2027-04-05/mark_as_filed`, { headers: { 'X-Subdomain': 'solo' }, throwHttpErrors: false });
    await got(`${run.url}/v2/clients`, { throwHttpErrors: false });
    expect(run.emulator.requests.slice(before)).toEqual([
      { at: expect.any(String), method: 'GET', path: '/v2/users', subdomain: 'solo', status: 401 },
      { at: expect.any(String), method: 'PUT', path: '/v2/users/1/self_assessment_returns/2027-04-05/mark_as_filed', subdomain: 'solo', status: 401 },
      { at: expect.any(String), method: 'GET', path: '/v2/clients', status: 401 },
    ]);
    const puts = await control(run, 'GET', '/requests?subdomain=solo&method=put');
    expect(puts.body.requests.map((r: { method: string; path: string }) => `${r.method} ${r.path}`)).toEqual(['PUT /v2/users/1/self_assessment_returns/2027-04-05/mark_as_filed']);

    for (let i = 0; i < 1005; i++) await run.emulator.app.request('/v2/company');
    expect(run.emulator.requests).toHaveLength(1000);
    expect(run.emulator.requests.every((r) => r.path === '/v2/company')).toBe(true);
  });

  it('can be mounted under a prefix, answering in FreeAgent\'s error format', async () => {
    const host = new Hono().route('/freeagent', freeAgentRoutes(run.emulator));
    const response = await host.request('/freeagent/v2/clients');
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ errors: { error: { message: 'No access token given: send Authorization: Bearer <access_token>' } } });
  });
});

describe('FreeAgent banking', () => {
  let run: Running;
  let client: ReturnType<typeof createFreeAgentClient>;
  let current: number;
  let amex: number;
  /** Transaction ids by name, in date order. */
  const tx = { invoice: 0, flour: 0, hotel: 0, flourManual: 0, cardFee: 0, late: 0 };
  const at = '2026-07-20T09:00:00.000Z';
  const quarter = { fromDate: '2026-04-06', toDate: '2026-07-05' };

  beforeAll(async () => {
    run = await startEmulator({ now: () => Date.parse(at) });
    const seeded = await control(run, 'POST', '/companies', {
      subdomain: 'brook-bakery',
      name: 'Brook Bakery',
      bank_accounts: [
        {
          name: 'Business Current Account',
          bank_name: 'Starling',
          opening_balance: '1000.0',
          bank_transactions: [
            { dated_on: '2026-04-10', amount: '2500.0', description: 'Invoice 101 paid', transaction_id: 'fit-1', explanations: [{ nominal_code: '001', gross_value: '2500.0', description: 'Invoice 101' }] },
            { dated_on: '2026-04-15', amount: '-45.6', description: 'Flour Mill Ltd' },
            { dated_on: '2026-05-01', amount: '-120.0', description: 'Hotel Bristol', explanations: [{ nominal_code: '285', gross_value: '-100.0', description: 'Room' }] },
            { dated_on: '2026-06-20', amount: '-9.99', description: 'Card fee', explanations: [{ nominal_code: '285', gross_value: '-9.99', marked_for_review: true }] },
            { dated_on: '2026-07-10', amount: '-30.0', description: 'After the quarter' },
            { dated_on: '2026-05-05', amount: '-45.6', description: 'Flour Mill Ltd', is_manual: true },
          ],
        },
      ],
    });
    expect(seeded).toEqual({ status: 201, body: { company: { id: expect.any(Number), subdomain: 'brook-bakery', users: [], bank_accounts: [expect.any(Number)] } } });
    current = seeded.body.company.bank_accounts[0];
    const card = await control(run, 'POST', '/companies/brook-bakery/bank_accounts', {
      name: 'Amex',
      type: 'CreditCardAccount',
      bank_transactions: [{ dated_on: '2026-05-12', amount: '-60.0', description: 'Fuel' }],
    });
    expect(card).toEqual({ status: 201, body: { bank_account: { id: expect.any(Number), bank_transactions: [expect.any(Number)] } } });
    amex = card.body.bank_account.id;
    const tokens = await authorise(run, managerIds(run).ann);
    client = createFreeAgentClient({ baseUrl: `${run.url}/v2`, getAccessToken: async () => tokens.access_token, subdomain: 'brook-bakery' });
    const all = await client.listBankTransactions({ bankAccount: `${run.url}/v2/bank_accounts/${current}` });
    expect(all.map((t) => t.dated_on)).toEqual(['2026-04-10', '2026-04-15', '2026-05-01', '2026-05-05', '2026-06-20', '2026-07-10']);
    [tx.invoice, tx.flour, tx.hotel, tx.flourManual, tx.cardFee, tx.late] = ids(all) as [number, number, number, number, number, number];
  });
  afterAll(async () => {
    await run?.stop();
  });

  const account = (id: number) => `${run.url}/v2/bank_accounts/${id}`;

  function ids(transactions: { url: string }[]): number[] {
    return transactions.map((t) => Number(t.url.split('/').at(-1)));
  }

  it('lists bank accounts as FreeAgent does, with balances from their transactions, filtered by type', async () => {
    const accounts = await client.listBankAccounts();
    expect(accounts).toEqual([
      {
        url: account(current),
        opening_balance: '1000.0',
        type: 'StandardBankAccount',
        name: 'Business Current Account',
        is_personal: false,
        is_primary: true,
        status: 'active',
        currency: 'GBP',
        // 1000 + 2500 - 45.60 - 120 - 9.99 - 30 - 45.60
        current_balance: '3248.81',
        bank_name: 'Starling',
        latest_activity_date: '2026-07-10',
        updated_at: at,
        created_at: at,
      },
      {
        url: account(amex),
        opening_balance: '0.0',
        type: 'CreditCardAccount',
        name: 'Amex',
        is_personal: false,
        is_primary: false,
        status: 'active',
        currency: 'GBP',
        current_balance: '-60.0',
        latest_activity_date: '2026-05-12',
        updated_at: at,
        created_at: at,
      },
    ]);
    expect((await client.listBankAccounts({ view: 'credit_card_accounts' })).map((a) => a.name)).toEqual(['Amex']);
    expect(await client.listBankAccounts({ view: 'paypal_accounts' })).toEqual([]);
  });

  it('lists one account\'s transactions by view and date; partly explained ones stay unexplained', async () => {
    const unexplained = await client.listBankTransactions({ bankAccount: account(current), view: 'unexplained', ...quarter });
    expect(unexplained.map((t) => [t.dated_on, t.description, t.amount, t.unexplained_amount])).toEqual([
      ['2026-04-15', 'Flour Mill Ltd', '-45.6', '-45.6'],
      ['2026-05-01', 'Hotel Bristol', '-120.0', '-20.0'],
      ['2026-05-05', 'Flour Mill Ltd', '-45.6', '-45.6'],
    ]);
    expect(unexplained[1]).toEqual({
      url: `${run.url}/v2/bank_transactions/${tx.hotel}`,
      amount: '-120.0',
      bank_account: account(current),
      dated_on: '2026-05-01',
      description: 'Hotel Bristol',
      full_description: 'Hotel Bristol/OTHER/£120.0',
      uploaded_at: at,
      unexplained_amount: '-20.0',
      is_manual: false,
      created_at: at,
      updated_at: at,
      matching_transactions_count: 0,
      bank_transaction_explanations: [
        {
          url: expect.stringMatching(new RegExp(`^${run.url}/v2/bank_transaction_explanations/\\d+$`)),
          bank_transaction: `${run.url}/v2/bank_transactions/${tx.hotel}`,
          bank_account: account(current),
          dated_on: '2026-05-01',
          description: 'Room',
          category: `${run.url}/v2/categories/285`,
          gross_value: '-100.0',
          marked_for_review: false,
          is_deletable: true,
        },
      ],
    });
    // The two Flour Mill lines match each other; a manual one was never uploaded.
    expect(unexplained[2]).toMatchObject({ matching_transactions_count: 1, is_manual: true });
    expect(unexplained[2]).not.toHaveProperty('uploaded_at');

    // Without dates the one after the quarter shows too.
    expect(ids(await client.listBankTransactions({ bankAccount: account(current), view: 'unexplained' }))).toEqual([tx.flour, tx.hotel, tx.flourManual, tx.late]);
    expect(ids(await client.listBankTransactions({ bankAccount: account(current), view: 'explained', ...quarter }))).toEqual([tx.invoice, tx.cardFee]);
    expect(ids(await client.listBankTransactions({ bankAccount: account(current), view: 'marked_for_review' }))).toEqual([tx.cardFee]);
    expect(ids(await client.listBankTransactions({ bankAccount: account(current), view: 'manual' }))).toEqual([tx.flourManual]);
    expect(ids(await client.listBankTransactions({ bankAccount: account(current), view: 'imported', fromDate: '2026-05-01', toDate: '2026-06-30' }))).toEqual([tx.hotel, tx.cardFee]);
    expect(ids(await client.listBankTransactions({ bankAccount: account(current), updatedSince: '2026-07-20T09:00:01Z' }))).toEqual([]);
    // The other account's transactions stay in it.
    expect((await client.listBankTransactions({ bankAccount: account(amex), view: 'unexplained', ...quarter })).map((t) => [t.description, t.unexplained_amount])).toEqual([['Fuel', '-60.0']]);
  });

  it('takes explanations through the controls, refusing ones that do not fit the transaction', async () => {
    const over = await control(run, 'POST', `/companies/brook-bakery/bank_transactions/${tx.hotel}/explanations`, [{ nominal_code: '285', gross_value: '-20.01' }]);
    expect(over).toEqual({ status: 422, body: { errors: [{ message: 'The explanations add up to more than the -20.0 left to explain' }] } });
    const sign = await control(run, 'POST', `/companies/brook-bakery/bank_transactions/${tx.hotel}/explanations`, [{ nominal_code: '285', gross_value: '20.0' }]);
    expect(sign.body.errors[0].message).toBe("gross_value 20.0 must be non-zero with the sign of the transaction's amount");
    const category = await control(run, 'POST', `/companies/brook-bakery/bank_transactions/${tx.hotel}/explanations`, [{ nominal_code: '444', gross_value: '-20.0' }]);
    expect(category.body.errors[0].message).toBe('No category with the nominal code 444');
    const badSeed = await control(run, 'POST', '/companies/brook-bakery/bank_accounts', { name: 'Savings', bank_transactions: [{ dated_on: '2026-05-01', amount: '10.0', explanations: [{ gross_value: '11.0' }] }] });
    expect(badSeed).toEqual({ status: 422, body: { errors: [{ message: 'bank_transactions.0.explanations: The explanations add up to more than the 10.0 left to explain' }] } });
    expect((await client.listBankAccounts()).map((a) => a.name)).toEqual(['Business Current Account', 'Amex']);

    expect(await control(run, 'POST', `/companies/brook-bakery/bank_transactions/${tx.hotel}/explanations`, [{ nominal_code: '285', gross_value: '-20.0', description: 'Breakfast' }])).toEqual({
      status: 201,
      body: { bank_transaction: { id: tx.hotel, unexplained_amount: '0.0' } },
    });
    expect(ids(await client.listBankTransactions({ bankAccount: account(current), view: 'unexplained', ...quarter }))).toEqual([tx.flour, tx.flourManual]);
    const explained = (await client.listBankTransactions({ bankAccount: account(current), view: 'explained', ...quarter })).find((t) => t.description === 'Hotel Bristol');
    expect(explained?.bank_transaction_explanations.map((e) => [e.description, e.gross_value])).toEqual([
      ['Room', '-100.0'],
      ['Breakfast', '-20.0'],
    ]);
  });

  it('refuses a missing or unknown bank account and an unknown view', async () => {
    const missing = await failure(client.listBankTransactions({ bankAccount: undefined as unknown as string }));
    expect([missing.status, missing.messages]).toEqual([400, ["bank_account is required: the URL of one of the company's bank accounts"]]);
    const unknown = await failure(client.listBankTransactions({ bankAccount: account(1) }));
    expect([unknown.status, unknown.messages]).toEqual([404, [`Bank account ${account(1)} not found`]]);
    const view = await failure(client.listBankTransactions({ bankAccount: account(current), view: 'odd' as 'all' }));
    expect([view.status, view.messages]).toEqual([400, ["view must be one of all, unexplained, explained, manual, imported, marked_for_review; got 'odd'"]]);
    // A bare id works as well as the URL.
    expect((await client.listBankTransactions({ bankAccount: String(amex) })).map((t) => t.description)).toEqual(['Fuel']);
  });

  it('paginates with Link and X-Total-Count, and the client follows every page', async () => {
    const tokens = await authorise(run, managerIds(run).ann);
    const page = await got(`${run.url}/v2/bank_transactions`, {
      searchParams: { bank_account: account(current), view: 'all', per_page: 2, page: 2 },
      headers: { Authorization: `Bearer ${tokens.access_token}`, 'X-Subdomain': 'brook-bakery' },
      responseType: 'json',
    });
    expect(page.headers['x-total-count']).toBe('6');
    const link = (rel: string, n: number) => `<${run.url}/v2/bank_transactions?bank_account=${encodeURIComponent(account(current))}&view=all&per_page=2&page=${n}>; rel="${rel}"`;
    expect(page.headers.link).toBe([link('prev', 1), link('next', 3), link('first', 1), link('last', 3)].join(', '));
    expect(ids((page.body as { bank_transactions: { url: string }[] }).bank_transactions)).toEqual([tx.hotel, tx.flourManual]);

    const many = Array.from({ length: 130 }, (_, i) => ({ dated_on: '2026-06-01', amount: '-1.0', description: `Card ${i}` }));
    const busy = await control(run, 'POST', '/companies/brook-bakery/bank_accounts', { name: 'Busy', bank_transactions: many });
    expect(busy.status).toBe(201);
    const listed = await client.listBankTransactions({ bankAccount: account(busy.body.bank_account.id), view: 'unexplained', ...quarter });
    expect(listed).toHaveLength(130);
    expect(new Set(listed.map((t) => t.description)).size).toBe(130);
  });
});
