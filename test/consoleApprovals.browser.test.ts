// The staff console in Chromium against real running years: a preparer keys a quarter's figures and submits them, a
// different reviewer reads them beside the previous quarter and approves (one, or several at once), and the year sends
// them to HMRC (the emulator's ledger); a rejection goes back with its comment and is fixed; a parked step is retried
// from the console. Every screen is photographed to test/screenshots/ to be looked at. Real Temporal and PostgreSQL.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { eventually, startTestEngine, type TestEngine } from './helpers/engine';
import { openConsole, screenshot, SCREENSHOTS, signInPage, type ConsoleUnderTest } from './helpers/browser';
import { engineHmrcClient, startEmulator, userToken, type RunningEmulator } from './helpers/hmrcEmulator';
import { signedIn, TEST_PASSWORD, type ApiResponse, type SignedIn } from './helpers/staff';
import { clientOf, practiceAgent, syncEmulatorClock, type PracticeClient } from './helpers/taxYearDriver';

/**
 * A calendar day lasts this long: the first quarter opens about 27 s after the start and the second about 55 s, slow
 * enough for staff in a browser and quick enough for a test.
 */
const MS_PER_DAY = 300;
const UI_TIMEOUT = 20_000;

let hmrc: RunningEmulator;
let engine: TestEngine;
let ui: ConsoleUnderTest;
let agentUserId = '';
let manager: SignedIn;
let preparer: SignedIn;
let reviewer: SignedIn;
let admin: SignedIn;
/** A and B: sole traders authorised as main agent. C: authorised too, but the practice has no postcode for them. */
let a: PracticeClient & { taxYearId: string };
let b: PracticeClient & { taxYearId: string };
let c: PracticeClient & { taxYearId: string; postcode: string };
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  hmrc = await startEmulator();
  engine = await startTestEngine({
    ownDatabase: true,
    console: true,
    // A fresh token per call: on a compressed calendar HMRC's four-hour tokens last moments.
    hmrcClient: engineHmrcClient(hmrc, () => userToken(hmrc, agentUserId)),
  });
  ui = await openConsole(engine.app);
  manager = await signedIn(engine.app, engine.db, 'manager', 'Mona Manager');
  preparer = await signedIn(engine.app, engine.db, 'preparer', 'Priya Preparer');
  reviewer = await signedIn(engine.app, engine.db, 'reviewer', 'Rex Reviewer');
  admin = await signedIn(engine.app, engine.db, 'admin', 'Ada Admin');

  const agent = await practiceAgent(hmrc, engine);
  agentUserId = agent.agentUserId;
  const clientA = await clientOf(hmrc, engine, agent, [{ typeOfBusiness: 'self-employment', tradingName: 'Sole Trades' }]);
  const clientB = await clientOf(hmrc, engine, agent, [{ typeOfBusiness: 'self-employment', tradingName: 'Other Trades' }]);
  const clientC = await clientOf(hmrc, engine, agent, [{ typeOfBusiness: 'self-employment', tradingName: 'Late Trades' }]);
  const { postcode } = await engine.db.selectFrom('clients').select('postcode').where('id', '=', clientC.clientId).executeTakeFirstOrThrow();
  // HMRC checks the relationship with the client's postcode: without it the year parks its authorisation for staff.
  await engine.db.updateTable('clients').set({ postcode: null }).where('id', '=', clientC.clientId).execute();
  await engine.db.updateTable('clients').set({ assignee_id: preparer.staffId }).where('id', 'in', [clientA.clientId, clientB.clientId]).execute();

  const originAt = new Date(Date.now() + 500);
  syncEmulatorClock(hmrc, '2026-04-06', originAt, MS_PER_DAY);
  const start = async (clientId: string) => {
    const res = await manager.call('POST', '/api/tax-years', { clientId, taxYear: '2026-27', schedule: { mode: 'compressed', msPerDay: MS_PER_DAY, startAt: originAt.toISOString() } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body.id as string;
  };
  a = { ...clientA, taxYearId: await start(clientA.clientId) };
  b = { ...clientB, taxYearId: await start(clientB.clientId) };
  c = { ...clientC, postcode: postcode!, taxYearId: await start(clientC.clientId) };
}, 180_000);

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined);
  for (const year of [a, b, c]) if (year) await manager?.call('POST', `/api/tax-years/${year.taxYearId}/cancel`);
  await ui?.stop();
  await engine?.stop();
  await hmrc?.stop();
});

/** A browser of the member of staff's own (its own cookies), signed in through the login page. */
async function browserOf(staff: SignedIn): Promise<Page> {
  const context = await ui.browser.newContext({ viewport: { width: 1440, height: 900 } });
  contexts.push(context);
  const page = await context.newPage();
  await signInPage(page, ui.url, staff.email, TEST_PASSWORD);
  return page;
}

function list(caller: SignedIn, filter: Record<string, unknown>): Promise<ApiResponse> {
  const query = new URLSearchParams({ filter: JSON.stringify(filter), range: JSON.stringify([0, 99]) });
  return caller.call('GET', `/api/steps?${query.toString()}`);
}

/** The step of a year, once the projection shows it in the given status. */
async function stepOf(year: { taxYearId: string }, stepKey: string, status?: string, timeoutMs = 90_000): Promise<any> {
  const res = await eventually(
    () => list(manager, { taxYearId: year.taxYearId }),
    (r) => r.status === 200 && r.body.some((s: any) => s.stepKey === stepKey && (!status || s.status === status)),
    timeoutMs,
  );
  return res.body.find((s: any) => s.stepKey === stepKey);
}

const quarterKey = (client: PracticeClient, q: number) => `quarterly-update/${client.businessIds[0]}/q${q}`;

const CUMULATIVE = 'PUT /individuals/business/self-employment/{nino}/{businessId}/cumulative/{taxYear}';

async function ledger(nino: string): Promise<any[]> {
  const response = await fetch(`${hmrc.url}/emulator/ledger?nino=${nino}&operation=${encodeURIComponent(CUMULATIVE)}`);
  return ((await response.json()) as { entries: any[] }).entries;
}

/**
 * Goes to a console page with its lists read afresh: within the console a new hash is the same document, and a list
 * already read may be shown as it was, so the app bar's refresh reads everything again.
 */
async function load(page: Page, path: string): Promise<void> {
  const inConsole = page.url().startsWith(`${ui.url}/#/`);
  await page.goto(`${ui.url}/#${path}`);
  if (inConsole) await page.getByRole('button', { name: 'Refresh' }).first().click();
}

/** Opens a tab of the approvals inbox afresh. */
async function inbox(page: Page, tab: 'review' | 'figures' | 'attention'): Promise<void> {
  await load(page, `/approvals?tab=${tab}`);
  await page.getByRole('tab', { selected: true }).waitFor({ timeout: UI_TIMEOUT });
}

/** The inbox row of a client's step, found by the client's name and part of the step's title. */
function rowOf(page: Page, client: PracticeClient, title: string): Locator {
  return page.locator('tr.RaDataTable-row').filter({ hasText: `Client ${client.nino}` }).filter({ hasText: title });
}

/** Opens a step's row in the inbox (reloading until the projection lists it there) and returns its panel. */
async function openStep(page: Page, tab: 'review' | 'figures' | 'attention', client: PracticeClient, title: string, stepId: string): Promise<Locator> {
  await expect
    .poll(
      async () => {
        await inbox(page, tab);
        return rowOf(page, client, title)
          .first()
          .waitFor({ timeout: 5_000 })
          .then(() => true)
          .catch(() => false);
      },
      { timeout: 60_000, interval: 500 },
    )
    .toBe(true);
  const panel = page.locator(`[data-step-panel="${stepId}"]`);
  // The console remembers an opened row: a second click would close it.
  if (!(await panel.isVisible())) await rowOf(page, client, title).first().getByText(`Client ${client.nino}`).click();
  await panel.waitFor({ timeout: UI_TIMEOUT });
  return panel;
}

async function fillPounds(panel: Locator, path: string, value: string): Promise<void> {
  const input = panel.locator(`input[data-path="${path}"]`);
  await input.fill(value);
}

/** A screenshot once panels and menus have finished opening or closing; a dialog is photographed as the screen shows it. */
async function shot(page: Page, name: string, options: { dialog?: boolean } = {}): Promise<void> {
  await page.waitForTimeout(600);
  if (options.dialog) await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`) });
  else await screenshot(page, name);
}

async function notified(page: Page, text: string | RegExp): Promise<void> {
  await expect.poll(() => page.getByText(text).count(), { timeout: UI_TIMEOUT }).toBeGreaterThan(0);
}

/** The step's status as the console's steps list shows it, reloading until it is `status`. */
async function seeStatusInStepList(page: Page, client: PracticeClient, title: string, status: string): Promise<void> {
  const filter = encodeURIComponent(JSON.stringify({ q: `Client ${client.nino}` }));
  await expect
    .poll(
      async () => {
        await load(page, `/steps?filter=${filter}&sort=dueDate&order=ASC&page=1&perPage=25`);
        const row = page.locator('tr.RaDataTable-row').filter({ hasText: title }).first();
        return row
          .locator(`[data-status="${status}"]`)
          .waitFor({ timeout: 5_000 })
          .then(() => true)
          .catch(() => false);
      },
      { timeout: 90_000, interval: 1_000 },
    )
    .toBe(true);
}

describe('approvals in the console', () => {
  it('log in, approve a quarterly update, and see the workflow move on', async () => {
    const q1 = await stepOf(a, quarterKey(a, 1), 'awaiting-figures');

    // The preparer keys the figures in pounds and pence, saves them and submits them for review.
    const prep = await browserOf(preparer);
    const panel = await openStep(prep, 'figures', a, 'Q1 update', q1.id);
    await shot(prep, 'inbox-preparer-enter-figures');
    // A reviewer's buttons are not the preparer's to see.
    expect(await panel.getByRole('button', { name: 'Approve', exact: true }).count()).toBe(0);
    await fillPounds(panel, 'periodIncome.turnover', '10,000.00');
    await fillPounds(panel, 'periodIncome.other', '0');
    await fillPounds(panel, 'periodExpenses.consolidatedExpenses', '2500.50');
    await panel.getByRole('button', { name: 'Save figures' }).click();
    await notified(prep, /Figures saved/);
    const keyed = await eventually(() => preparer.call('GET', `/api/steps/${q1.id}`), (r) => r.body.status === 'awaiting-preparer');
    expect(keyed.body.detail.figures).toEqual({ periodIncome: { turnover: 1_000_000, other: 0 }, periodExpenses: { consolidatedExpenses: 250_050 } });
    await panel.getByLabel('Note for the reviewer (optional)').fill('Ties to the bank statements');
    await panel.getByRole('button', { name: 'Submit for review' }).click();
    await notified(prep, /Submitted for review/);
    const submitted = await eventually(() => preparer.call('GET', `/api/steps/${q1.id}`), (r) => r.body.status === 'awaiting-review');
    expect(submitted.body).toMatchObject({ preparedBy: preparer.staffId });

    // A different member of staff, the reviewer, sees it in their inbox with its figures and who prepared it.
    const rev = await browserOf(reviewer);
    const review = await openStep(rev, 'review', a, 'Q1 update', q1.id);
    await expect.poll(() => review.getByText('Priya Preparer').count(), { timeout: UI_TIMEOUT }).toBeGreaterThan(0);
    await expect.poll(() => review.locator('[data-field="periodIncome.turnover"]').innerText(), { timeout: UI_TIMEOUT }).toMatch(/Turnover\s+£10,000\.00/);
    expect(await review.locator('[data-field="periodExpenses.consolidatedExpenses"]').innerText()).toMatch(/Consolidated expenses\s+£2,500\.50/);
    expect(await review.getByText('Ties to the bank statements').count()).toBe(1);
    await shot(rev, 'inbox-reviewer-q1');
    await review.getByRole('button', { name: 'Approve', exact: true }).click();
    await notified(rev, /Approved: .* is now in progress/);

    // The year moves on by itself: sent to HMRC, the obligation confirmed, the step done.
    const done = await eventually(() => reviewer.call('GET', `/api/steps/${q1.id}`), (r) => r.body.status === 'done', 90_000);
    expect(done.body).toMatchObject({ preparedBy: preparer.staffId, approvedBy: reviewer.staffId, detail: { result: { submitted: true, obligationFulfilled: true } } });
    const sent = await ledger(a.nino);
    expect(sent).toHaveLength(1);
    await seeStatusInStepList(rev, a, 'Q1 update', 'done');
    await shot(rev, 'step-list-q1-done');
    // A row opens the client's tax year.
    await rev.locator('tr.RaDataTable-row').filter({ hasText: 'Q1 update' }).first().getByText(`Client ${a.nino}`).click();
    await rev.waitForURL((u) => u.hash.startsWith(`#/tax-years/${a.taxYearId}/show`), { timeout: UI_TIMEOUT });

    // The second quarter, keyed differently: the reviewer reads it beside the first, with what changed highlighted.
    const q2 = await stepOf(a, quarterKey(a, 2), 'awaiting-figures', 120_000);
    const q2Panel = await openStep(prep, 'figures', a, 'Q2 update', q2.id);
    await fillPounds(q2Panel, 'periodIncome.turnover', '26000'); // year to date: £16,000 this quarter against £10,000
    await fillPounds(q2Panel, 'periodIncome.other', '250');
    await q2Panel.getByLabel('Itemised (by category)').check();
    await fillPounds(q2Panel, 'periodExpenses.costOfGoods', '3,000');
    await fillPounds(q2Panel, 'periodExpenses.adminCosts', '1500.25');
    await expect.poll(() => q2Panel.locator('[data-field="periodIncome.turnover"]').getAttribute('data-highlight'), { timeout: UI_TIMEOUT }).toBe('up');
    await shot(prep, 'inbox-preparer-q2-preview');
    await q2Panel.getByRole('button', { name: 'Save figures' }).click();
    await notified(prep, /Figures saved/);
    await eventually(() => preparer.call('GET', `/api/steps/${q2.id}`), (r) => r.body.status === 'awaiting-preparer');
    await q2Panel.getByRole('button', { name: 'Submit for review' }).click();
    await eventually(() => preparer.call('GET', `/api/steps/${q2.id}`), (r) => r.body.status === 'awaiting-review');

    const q2Review = await openStep(rev, 'review', a, 'Q2 update', q2.id);
    const turnover = q2Review.locator('[data-field="periodIncome.turnover"]');
    await expect.poll(() => turnover.innerText(), { timeout: UI_TIMEOUT }).toMatch(/£10,000\.00\s+£16,000\.00\s+\+£6,000\.00\s+Up 60%\s+£26,000\.00/);
    expect(await q2Review.locator('[data-field="periodExpenses.consolidatedExpenses"]').getAttribute('data-highlight')).toBe('missing');
    expect(await q2Review.locator('[data-field="periodExpenses.costOfGoods"]').getAttribute('data-highlight')).toBe('new');
    expect(await q2Review.locator('[data-field="periodIncome.other"]').innerText()).toMatch(/Up from nil/);
    await shot(rev, 'inbox-figures-side-by-side');

    // Several at once: the second quarter and the client's other income, approved in bulk with a progress bar.
    const otherIncome = await stepOf(a, 'other-income', 'awaiting-review');
    await inbox(rev, 'review');
    for (const [title] of [['Q2 update'], ['Income declared outside MTD software']]) {
      await rowOf(rev, a, title!).first().locator('input[type="checkbox"]').check();
    }
    await rev.getByRole('button', { name: 'Approve selected' }).click();
    const summary = rev.locator('[data-bulk-summary]');
    await summary.waitFor({ timeout: 60_000 });
    expect(await summary.innerText()).toContain('2 approved, 0 refused, 0 not found.');
    expect(await rev.locator('[data-progress]').getAttribute('data-progress')).toBe('2/2');
    await shot(rev, 'inbox-bulk-approved', { dialog: true });
    await rev.getByRole('button', { name: 'Close' }).click();
    await eventually(() => reviewer.call('GET', `/api/steps/${otherIncome.id}`), (r) => r.body.status === 'done', 60_000);
    const q2Done = await eventually(() => reviewer.call('GET', `/api/steps/${q2.id}`), (r) => r.body.status === 'done', 90_000);
    expect(q2Done.body).toMatchObject({ approvedBy: reviewer.staffId, detail: { figures: { periodExpenses: { costOfGoods: 300_000, adminCosts: 150_025 } } } });
    expect(await ledger(a.nino)).toHaveLength(2);
  }, 300_000);

  it('reject, fix and retry', async () => {
    const q1 = await stepOf(b, quarterKey(b, 1), 'awaiting-figures');

    // The manager keys B's figures (a sign slipped on the turnover) and, having prepared them, may not approve them.
    const mgr = await browserOf(manager);
    const keying = await openStep(mgr, 'figures', b, 'Q1 update', q1.id);
    await fillPounds(keying, 'periodIncome.turnover', '-2500');
    await fillPounds(keying, 'periodExpenses.consolidatedExpenses', '400');
    await keying.getByRole('button', { name: 'Save figures' }).click();
    await eventually(() => manager.call('GET', `/api/steps/${q1.id}`), (r) => r.body.status === 'awaiting-preparer');
    await keying.getByRole('button', { name: 'Submit for review' }).click();
    await eventually(() => manager.call('GET', `/api/steps/${q1.id}`), (r) => r.body.status === 'awaiting-review');
    const own = await openStep(mgr, 'review', b, 'Q1 update', q1.id);
    await own.getByRole('button', { name: 'Approve', exact: true }).click();
    await notified(mgr, 'The reviewer must not be the preparer (four eyes) (by.staffId: must differ from the preparer)');
    await shot(mgr, 'inbox-four-eyes-refused');
    expect((await manager.call('GET', `/api/steps/${q1.id}`)).body.status).toBe('awaiting-review');

    // The reviewer rejects it: the dialog will not send a rejection without a comment.
    const rev = await browserOf(reviewer);
    const review = await openStep(rev, 'review', b, 'Q1 update', q1.id);
    await review.getByRole('button', { name: 'Reject' }).click();
    const dialog = rev.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Reject' }).click();
    await expect.poll(() => dialog.getByText('A rejection needs a comment').count(), { timeout: UI_TIMEOUT }).toBe(1);
    await dialog.getByLabel(/What needs fixing/).fill('Turnover is negative: check the sign');
    await shot(rev, 'inbox-reject-dialog', { dialog: true });
    await dialog.getByRole('button', { name: 'Reject' }).click();
    await notified(rev, /Rejected: sent back to the preparer/);
    const rejected = await eventually(() => reviewer.call('GET', `/api/steps/${q1.id}`), (r) => r.body.status === 'awaiting-preparer');
    expect(rejected.body.preparedBy).toBeNull();
    expect(rejected.body.detail.comments.at(-1)).toMatchObject({ by: reviewer.staffId, action: 'reject', text: 'Turnover is negative: check the sign' });

    // The preparer sees why, fixes the turnover and submits again; the reviewer approves.
    const prep = await browserOf(preparer);
    await inbox(prep, 'figures');
    await expect.poll(() => rowOf(prep, b, 'Q1 update').innerText(), { timeout: UI_TIMEOUT }).toContain('Rejected: Turnover is negative: check the sign');
    const fixing = await openStep(prep, 'figures', b, 'Q1 update', q1.id);
    expect(await fixing.locator('[data-next-action]').innerText()).toBe('Rejected: Turnover is negative: check the sign');
    expect(await fixing.locator('[data-comment-action="reject"]').innerText()).toContain('Rex Reviewer');
    expect(await fixing.locator('input[data-path="periodIncome.turnover"]').inputValue()).toBe('-2500.00');
    await shot(prep, 'inbox-preparer-sees-rejection');
    await fillPounds(fixing, 'periodIncome.turnover', '2,500.00');
    await fixing.getByRole('button', { name: 'Save figures' }).click();
    await notified(prep, /Figures saved/);
    await eventually(() => preparer.call('GET', `/api/steps/${q1.id}`), (r) => r.body.detail.figures?.periodIncome?.turnover === 250_000);
    await fixing.getByRole('button', { name: 'Submit for review' }).click();
    await eventually(() => preparer.call('GET', `/api/steps/${q1.id}`), (r) => r.body.status === 'awaiting-review' && r.body.preparedBy === preparer.staffId);
    const again = await openStep(rev, 'review', b, 'Q1 update', q1.id);
    await again.getByRole('button', { name: 'Approve', exact: true }).click();
    await notified(rev, /Approved: /);
    const done = await eventually(() => reviewer.call('GET', `/api/steps/${q1.id}`), (r) => r.body.status === 'done', 90_000);
    expect(done.body.detail.figures).toEqual({ periodIncome: { turnover: 250_000 }, periodExpenses: { consolidatedExpenses: 40_000 } });
    expect(await ledger(b.nino)).toHaveLength(1);
    const comments = done.body.detail.comments.map((x: any) => x.action);
    expect(comments).toContain('reject');

    // Client C's year parked its authorisation: the practice has no postcode for them. The connections page says so.
    const auth = await stepOf(c, 'authorisation', 'needs-attention');
    expect(auth.problem).toMatchObject({ code: 'POSTCODE_MISSING', retriesBySelf: false });
    const adm = await browserOf(admin);
    await adm.goto(`${ui.url}/#/connections`);
    const cRow = adm.locator('tbody tr').filter({ hasText: `Client ${c.nino}` });
    await expect.poll(() => cRow.locator('[data-problem="POSTCODE_MISSING"]').count(), { timeout: UI_TIMEOUT }).toBe(1);
    expect(await cRow.innerText()).toContain("Add it on the client's record, then press Retry");
    await expect.poll(() => adm.locator('tbody tr').filter({ hasText: `Client ${a.nino}` }).locator('[data-relationship="main"]').count(), { timeout: UI_TIMEOUT }).toBe(1);
    expect(await adm.locator('tbody tr').filter({ hasText: `Client ${a.nino}` }).locator('[data-obligations="yes"]').count()).toBe(1);
    await expect.poll(() => adm.locator('[data-connection="hmrc"] [data-status="not-configured"]').count(), { timeout: UI_TIMEOUT }).toBe(1);
    await shot(adm, 'connections');

    // The postcode is added; the preparer retries the step from the steps list, and the year carries on.
    expect((await manager.call('PUT', `/api/clients/${c.clientId}`, { postcode: c.postcode })).status).toBe(200);
    const needing = encodeURIComponent(JSON.stringify({ needsAttention: true }));
    await prep.goto(`${ui.url}/#/steps?filter=${needing}&sort=dueDate&order=ASC&page=1&perPage=25`);
    const parkedRow = prep.locator('tbody tr').filter({ hasText: `Client ${c.nino}` }).filter({ hasText: 'POSTCODE_MISSING' });
    await parkedRow.waitFor({ timeout: UI_TIMEOUT });
    await shot(prep, 'step-list-needs-attention');
    await parkedRow.getByRole('button', { name: 'Retry' }).click();
    await notified(prep, /Retry requested/);
    const authorised = await eventually(() => preparer.call('GET', `/api/steps/${auth.id}`), (r) => r.body.status === 'done', 90_000);
    expect(authorised.body).toMatchObject({ detail: { result: { agentType: 'main' } } });
    await seeStatusInStepList(prep, c, 'Agent authorisation', 'done');
  }, 300_000);

  it("shows HMRC Assist's messages and the calculation on a calculation step awaiting review", async () => {
    // The years here do not reach their calculation (after the year end), so the inbox's list is answered with a
    // calculation step shaped as workflows/taxYear/declaration.ts stores it: this checks how the console shows it.
    const calculationId = '6b5f5c8f-0d4a-4c43-8f1e-2b8d5c1e9a10';
    const step = {
      ...(await stepOf(a, 'other-income')),
      id: 'c0ffee00-0000-4000-8000-000000000001',
      stepKey: 'calculation',
      kind: 'calculation',
      milestone: 'final-declaration',
      title: 'Tax calculation and HMRC Assist review',
      status: 'awaiting-review',
      nextAction: "Read HMRC Assist's messages and the calculation, then approve",
      dueDate: '2028-01-31',
      preparedBy: null,
      approvedBy: null,
      problem: null,
      detail: {
        figures: null,
        previousFigures: null,
        figuresSource: null,
        comments: [],
        flags: [],
        result: {
          calculationId,
          summary: { calculationId, totalIncomeReceivedPence: 6_400_000, totalTaxableIncomePence: 5_142_900, incomeTaxChargedPence: 779_580, class4Pence: 248_400, totalIncomeTaxAndNicsDuePence: 1_027_980, errors: [], warnings: [] },
          assist: {
            reportId: 'a1b2c3d4-0000-4000-8000-000000000002',
            messages: [
              {
                title: 'Payments on account may be due',
                body: 'The Income Tax and National Insurance due is £10,279.80. As this is over £1,000, payments on account for the next tax year are likely to be set.',
                action: 'Tell the customer about payments on account due on 31 January and 31 July.',
                links: [{ title: 'Understanding your Self Assessment tax bill: payments on account', url: 'https://www.gov.uk/understand-self-assessment-bill/payments-on-account' }],
                path: 'calculation/taxCalculation/totalIncomeTaxAndNicsDue',
              },
            ],
          },
        },
      },
    };
    const rev = await browserOf(reviewer);
    await rev.route(/\/api\/steps\?/, async (route) => {
      const filter = JSON.parse(new URL(route.request().url()).searchParams.get('filter') ?? '{}');
      if (filter.status !== 'awaiting-review') return route.continue();
      await route.fulfill({ status: 200, contentType: 'application/json', headers: { 'Content-Range': 'steps 0-0/1' }, body: JSON.stringify([step]) });
    });
    const panel = await openStep(rev, 'review', a, 'Tax calculation', step.id);
    const message = panel.locator('[data-assist-message]');
    await message.waitFor({ timeout: UI_TIMEOUT });
    expect(await message.innerText()).toContain('Payments on account may be due');
    expect(await message.innerText()).toContain('Action: Tell the customer about payments on account');
    expect(await panel.innerText()).toMatch(/Income Tax and NICs due\s+£10,279\.80/);
    await shot(rev, 'inbox-calculation-assist');
  }, 120_000);

  it('shows staff, alerts and the audit trail to an admin', async () => {
    const adm = await browserOf(admin);

    // Staff: add a member, change their role, reset their password.
    await adm.goto(`${ui.url}/#/staff`);
    await adm.locator('tbody tr').filter({ hasText: 'Rex Reviewer' }).waitFor({ timeout: UI_TIMEOUT });
    await shot(adm, 'staff-list');
    await adm.getByRole('link', { name: 'Add a member of staff' }).click();
    await adm.locator('input[name="email"]').fill('sam@practice.test');
    await adm.locator('input[name="name"]').fill('Sam Second');
    await adm.getByRole('combobox', { name: 'Role' }).click();
    await adm.getByRole('option', { name: /^Preparer/ }).click();
    await adm.getByRole('listbox').waitFor({ state: 'hidden' });
    await adm.locator('input[name="password"]').fill('a long enough password');
    await shot(adm, 'staff-create');
    await adm.getByRole('button', { name: 'Save' }).click();
    await adm.locator('tbody tr').filter({ hasText: 'Sam Second' }).waitFor({ timeout: UI_TIMEOUT });
    const sam = await engine.db.selectFrom('staff').select(['id', 'role']).where('email', '=', 'sam@practice.test').executeTakeFirstOrThrow();
    expect(sam.role).toBe('preparer');
    await adm.locator('tbody tr').filter({ hasText: 'Sam Second' }).getByText('Sam Second').click();
    await adm.waitForURL((u) => u.hash.includes(`/staff/${sam.id}`));
    await expect.poll(() => adm.locator('input[name="name"]').inputValue(), { timeout: UI_TIMEOUT }).toBe('Sam Second');
    await adm.getByRole('combobox', { name: 'Role' }).click();
    await adm.getByRole('option', { name: /^Reviewer/ }).click();
    await adm.getByRole('listbox').waitFor({ state: 'hidden' });
    await shot(adm, 'staff-edit');
    await adm.getByRole('button', { name: 'Save' }).click();
    // Saved, the console goes back to the list.
    await adm.waitForURL((u) => u.hash.startsWith('#/staff') && !u.hash.includes(sam.id), { timeout: UI_TIMEOUT });
    expect((await engine.db.selectFrom('staff').select('role').where('id', '=', sam.id).executeTakeFirstOrThrow()).role).toBe('reviewer');
    await adm.goto(`${ui.url}/#/staff/${sam.id}`);
    await adm.getByRole('button', { name: 'Reset password' }).click();
    await adm.getByRole('dialog').getByLabel('New password').fill('another long password');
    await shot(adm, 'staff-reset-password', { dialog: true });
    await adm.getByRole('dialog').getByRole('button', { name: 'Reset password' }).click();
    await notified(adm, /Password reset: Sam Second must sign in again/);
    const login = await engine.app.request('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'sam@practice.test', password: 'another long password', mode: 'bearer' }) });
    expect(login.status).toBe(200);

    // Alerts: the deadlines the quarters passed were raised as at risk.
    await adm.goto(`${ui.url}/#/alerts`);
    await expect.poll(() => adm.locator('tbody tr').count(), { timeout: UI_TIMEOUT }).toBeGreaterThan(0);
    await shot(adm, 'alerts');

    // The audit trail: the rejection, with the step's record before and after, field by field.
    const filter = encodeURIComponent(JSON.stringify({ action: 'step.rejected' }));
    await adm.goto(`${ui.url}/#/audit-events?filter=${filter}&sort=occurredAt&order=DESC&page=1&perPage=50`);
    const row = adm.locator('tbody tr').filter({ hasText: 'step.rejected' }).first();
    await row.waitFor({ timeout: UI_TIMEOUT });
    expect(await row.innerText()).toContain('Rex Reviewer');
    await row.getByText('step.rejected').click();
    const diff = adm.getByRole('table', { name: 'Before and after' });
    await diff.waitFor({ timeout: UI_TIMEOUT });
    expect(await diff.innerText()).toMatch(/status\s+awaiting-review\s+awaiting-preparer\s+Changed/);
    await shot(adm, 'audit-trail');
  }, 180_000);
});
