// The console's client screens in Chromium against a real engine: importing clients from CSV (a bad row previewed and
// refused, a corrected file imported), the form showing the API's field rules, starting years in bulk, the dashboard's
// counts from rows written straight into PostgreSQL, and a client's year as a timeline with a step to retry.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { addStaffMember } from '../api/auth/staffAccounts';
import { londonDate } from '../domain/timeline';
import { startTestEngine, type TestEngine } from './helpers/engine';
import { openConsole, screenshot, signInPage, type ConsoleUnderTest } from './helpers/browser';
import { TEST_PASSWORD, signedIn } from './helpers/staff';

const POLL = { timeout: 15_000 };
const MANAGER = 'maya@practice.test';

let engine: TestEngine;
let ui: ConsoleUnderTest;
beforeAll(async () => {
  engine = await startTestEngine({ ownDatabase: true, inProcessWorkers: false, console: true });
  ui = await openConsole(engine.app);
  await addStaffMember(engine.db, { email: MANAGER, name: 'Maya Manager', role: 'manager', password: TEST_PASSWORD }, 'test');
});
afterAll(async () => {
  await ui?.stop();
  await engine?.stop();
});

async function managerPage(): Promise<Page> {
  const page = await ui.browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'en-GB', timezoneId: 'Europe/London' });
  page.setDefaultTimeout(15_000);
  // A failed test leaves the page it saw: test/screenshots/failed-<test>.png.
  onTestFailed(async ({ task }) => {
    await screenshot(page, `failed-${task.name.slice(0, 40).replace(/\W+/g, '-')}`).catch(() => undefined);
  });
  await signInPage(page, ui.url, MANAGER, TEST_PASSWORD);
  return page;
}

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

async function addClient(name: string, nino: string | null = null): Promise<string> {
  return (await engine.db.insertInto('clients').values({ name, nino, utr: null }).returning('id').executeTakeFirstOrThrow()).id;
}

async function addYear(clientId: string, taxYear: string, stage: string, extra: { payments?: unknown[]; penaltyPoints?: unknown[] } = {}): Promise<string> {
  return (
    await engine.db
      .insertInto('tax_years')
      .values({
        client_id: clientId,
        tax_year: taxYear,
        workflow_id: `tax-year/${clientId}/${taxYear}`,
        stage,
        ...(extra.payments ? { payments: JSON.stringify(extra.payments) } : {}),
        ...(extra.penaltyPoints ? { penalty_points: JSON.stringify(extra.penaltyPoints) } : {}),
      })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
}

interface StepRow {
  key: string;
  kind: string;
  milestone: string;
  status: string;
  due: string | null;
  title: string;
  opensOn?: string;
  nextAction?: string;
  problem?: unknown;
  result?: Record<string, unknown>;
}

async function addSteps(taxYearId: string, rows: StepRow[]): Promise<Record<string, string>> {
  const ids: Record<string, string> = {};
  for (const row of rows) {
    ids[row.key] = (
      await engine.db
        .insertInto('steps')
        .values({
          tax_year_id: taxYearId,
          step_key: row.key,
          kind: row.kind,
          milestone: row.milestone,
          status: row.status,
          due_date: row.due,
          title: row.title,
          opens_on: row.opensOn ?? null,
          next_action: row.nextAction ?? null,
          last_error: row.problem === undefined ? null : JSON.stringify(row.problem),
          detail: JSON.stringify({ result: row.result ?? {}, flags: [], comments: [] }),
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  }
  return ids;
}

describe('clients in the console', () => {
  it('previews a CSV with one bad row, refuses it, then imports the corrected file', async () => {
    const page = await managerPage();
    await page.goto(`${ui.url}/#/clients`);
    await page.getByRole('button', { name: 'Import CSV' }).first().click();
    const dialog = page.getByRole('dialog', { name: /import clients from csv/i });
    await expect.poll(() => dialog.count(), POLL).toBe(1);

    const header = 'name,nino,utr,agentType,postcode,approveAutomatically\n';
    const bad = `${header}Amelia Brookes,AB123456C,,main,sw1a 1aa,yes\nBilal Chaudhry,AB12345C,,supporting,M1 1AE,no\nCara Doyle,CE654321B,,main,LS1 4AP,\n`;
    await page.locator('[data-testid="import-file"]').setInputFiles({ name: 'clients.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) });

    // Row 3 (the second client, as a spreadsheet numbers it) has the bad NINO, with HMRC's rule under it.
    const badCell = dialog.locator('tr[data-row="3"] td[data-field="nino"]');
    await expect.poll(() => badCell.getAttribute('data-invalid'), POLL).toBe('true');
    expect(await badCell.innerText()).toContain('expected a National Insurance number');
    expect(await dialog.locator('td[data-invalid]').count()).toBe(1);
    expect(await dialog.locator('tr[data-row="2"] td[data-field="postcode"]').innerText()).toBe('SW1A 1AA');
    const importButton = dialog.getByRole('button', { name: 'Import 3 clients' });
    expect(await importButton.isDisabled()).toBe(true);
    await screenshot(page, 'clients-import-preview');

    const fixed = bad.replace('AB12345C', 'JK112233D');
    await page.locator('[data-testid="import-file"]').setInputFiles({ name: 'clients-fixed.csv', mimeType: 'text/csv', buffer: Buffer.from(fixed) });
    await expect.poll(() => dialog.getByText('clients-fixed.csv').count(), POLL).toBe(1);
    await expect.poll(() => importButton.isEnabled(), POLL).toBe(true);
    expect(await dialog.locator('td[data-invalid]').count()).toBe(0);
    await importButton.click();
    await expect.poll(() => dialog.getByTestId('import-done').textContent(), POLL).toBe('Imported 3 clients.');
    await dialog.getByRole('button', { name: 'Close' }).click();

    for (const name of ['Amelia Brookes', 'Bilal Chaudhry', 'Cara Doyle']) {
      await expect.poll(() => page.getByRole('cell', { name }).count(), POLL).toBe(1);
    }
    const rows = await engine.db.selectFrom('clients').select(['name', 'nino', 'agent_type', 'postcode', 'approve_automatically']).where('name', 'in', ['Amelia Brookes', 'Bilal Chaudhry', 'Cara Doyle']).orderBy('name').execute();
    expect(rows).toEqual([
      { name: 'Amelia Brookes', nino: 'AB123456C', agent_type: 'main', postcode: 'SW1A 1AA', approve_automatically: true },
      { name: 'Bilal Chaudhry', nino: 'JK112233D', agent_type: 'supporting', postcode: 'M1 1AE', approve_automatically: false },
      { name: 'Cara Doyle', nino: 'CE654321B', agent_type: 'main', postcode: 'LS1 4AP', approve_automatically: false },
    ]);
    await screenshot(page, 'clients-list');

    // Search is the API's: a NINO typed with spaces finds its client.
    await page.getByPlaceholder('Name, NINO, UTR or postcode').fill('jk 11 22 33');
    await expect.poll(() => page.getByRole('cell', { name: 'Amelia Brookes' }).count(), POLL).toBe(0);
    expect(await page.getByRole('cell', { name: 'Bilal Chaudhry' }).count()).toBe(1);
    await page.close();
  });

  it("shows the API's rules under their fields when adding and editing a client, and saves once they are right", async () => {
    const page = await managerPage();
    await page.goto(`${ui.url}/#/clients/create`);
    await page.locator('input[name="name"]').fill('Dara Evans');
    await page.locator('input[name="nino"]').fill('QQ12345');
    await page.getByRole('button', { name: 'Save' }).click();
    const ninoField = page.locator('.ra-input-nino');
    await expect.poll(() => ninoField.innerText(), POLL).toContain('expected a National Insurance number: two letters, six digits and A, B, C or D');
    await screenshot(page, 'client-form-error');
    expect(await engine.db.selectFrom('clients').select('id').where('name', '=', 'Dara Evans').execute()).toEqual([]);

    await page.locator('input[name="nino"]').fill('ce 65 43 21 a');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => engine.db.selectFrom('clients').select('nino').where('name', '=', 'Dara Evans').executeTakeFirst(), POLL).toEqual({ nino: 'CE654321A' });
    await expect.poll(() => page.getByRole('heading', { name: 'Dara Evans', level: 1 }).count(), POLL).toBe(1);

    // Editing: PUT's rules show the same way (a postcode HMRC would not match), and a good value saves.
    await page.getByRole('link', { name: 'Edit' }).click();
    await page.locator('input[name="postcode"]').fill('NOT A POSTCODE');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => page.locator('.ra-input-postcode').innerText(), POLL).toContain('expected a UK postcode');
    await screenshot(page, 'client-edit-error');
    await page.locator('input[name="postcode"]').fill('cf10 1aa');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => engine.db.selectFrom('clients').select('postcode').where('name', '=', 'Dara Evans').executeTakeFirst(), POLL).toEqual({ postcode: 'CF10 1AA' });
    await page.close();
  });

  it('starts the 2026-27 year for the selected clients, 50 a request, with each outcome counted', async () => {
    const a = await addClient('Ezra Fenwick', 'AB111111A');
    const b = await addClient('Fay Gill', 'AB222222B');
    // Fay's year is already running (no worker takes it up here): the API answers already-running.
    const manager = await signedIn(engine.app, engine.db, 'manager');
    expect((await manager.call('POST', '/api/tax-years', { clientId: b, taxYear: '2026-27' })).status).toBe(201);
    const page = await managerPage();
    await page.goto(`${ui.url}/#/clients?filter=${encodeURIComponent(JSON.stringify({ q: 'AB' }))}`);
    await expect.poll(() => page.getByRole('cell', { name: 'Ezra Fenwick' }).count(), POLL).toBe(1);
    for (const name of ['Ezra Fenwick', 'Fay Gill']) await page.getByRole('row', { name: new RegExp(name) }).getByRole('checkbox').check();
    await page.getByRole('button', { name: 'Start 2026-27 year' }).click();
    const dialog = page.getByRole('dialog', { name: /start the 2026-27 year for 2 clients/i });
    await dialog.getByRole('button', { name: 'Start 2 years' }).click();
    await expect.poll(() => dialog.getByTestId('bulk-start-summary').innerText(), POLL).toMatch(/1\s*started\s*1\s*already running\s*0\s*failed/);
    await screenshot(page, 'clients-bulk-start');
    const started = await engine.db.selectFrom('tax_years').select(['client_id', 'tax_year']).where('client_id', '=', a).execute();
    expect(started).toEqual([{ client_id: a, tax_year: '2026-27' }]);
    for (const id of [a, b]) await engine.temporal.workflow.getHandle(`tax-year/${id}/2026-27`).terminate('test over');
    await page.close();
  });
});

describe('the dashboard', () => {
  it('shows the counts of the rows in PostgreSQL, for the chosen tax year', async () => {
    const today = londonDate(new Date());
    const g = await addClient('Gwen Hall');
    const h = await addClient('Hari Iyer');
    const gy = await addYear(g, '2026-27', 'in-year');
    const hy = await addYear(h, '2026-27', 'authorisation');
    const old = await addYear(g, '2025-26', 'payments');
    await addSteps(gy, [
      { key: 'q1', kind: 'quarterly-update', milestone: 'q1', status: 'done', due: addDays(today, -40), title: 'Q1 update: Hall Joinery' },
      { key: 'q2', kind: 'quarterly-update', milestone: 'q2', status: 'needs-attention', due: addDays(today, -2), title: 'Q2 update: Hall Joinery' },
      { key: 'q3', kind: 'quarterly-update', milestone: 'q3', status: 'awaiting-review', due: addDays(today, 5), title: 'Q3 update: Hall Joinery' },
      { key: 'q4', kind: 'quarterly-update', milestone: 'q4', status: 'scheduled', due: addDays(today, 20), title: 'Q4 update: Hall Joinery' },
    ]);
    await addSteps(hy, [
      { key: 'authorisation', kind: 'authorisation', milestone: 'setup', status: 'awaiting-client', due: null, title: 'Agent authorisation and ITSA status' },
      { key: 'q3', kind: 'quarterly-update', milestone: 'q3', status: 'awaiting-figures', due: addDays(today, 5), title: 'Q3 update: Iyer Lettings' },
    ]);
    await addSteps(old, [{ key: 'final-declaration', kind: 'final-declaration', milestone: 'final-declaration', status: 'needs-attention', due: addDays(today, 10), title: 'Final declaration' }]);
    await engine.db
      .insertInto('alerts')
      .values([
        { kind: 'deadline-at-risk', key: `dash-${gy}`, message: 'Q2 is at risk', details: null, resolved_at: null },
        { kind: 'reconnect', key: 'dash-hmrc', message: 'Reconnect HMRC', details: null, resolved_at: null },
      ])
      .execute();
    const clients = Number((await engine.db.selectFrom('clients').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
    const years2026 = Number((await engine.db.selectFrom('tax_years').select((eb) => eb.fn.countAll<string>().as('n')).where('tax_year', '=', '2026-27').executeTakeFirstOrThrow()).n);

    const page = await managerPage();
    await page.goto(`${ui.url}/#/`);
    const kpi = (id: string) => page.getByTestId(id).locator('[data-count]').innerText();
    await expect.poll(() => kpi('kpi-clients'), POLL).toBe(String(clients));
    expect(await page.getByTestId('as-of').innerText()).toContain('(today)');
    expect(await kpi('kpi-years')).toBe(String(years2026));
    expect(await kpi('kpi-attention')).toBe('1'); // 2026-27 only: the 2025-26 declaration is another year
    expect(await kpi('kpi-overdue')).toBe('1');
    expect(await kpi('kpi-14')).toBe('2');
    expect(await kpi('kpi-30')).toBe('3');

    const matrix = page.getByTestId('matrix');
    expect(await matrix.locator('tr[data-status="needs-attention"] td[data-milestone="q2"]').innerText()).toBe('1');
    expect(await matrix.locator('tr[data-status="awaiting-client"] td[data-milestone="setup"]').innerText()).toBe('1');
    expect(await matrix.locator('tr[data-status="done"] td[data-milestone="q1"]').innerText()).toBe('1');
    expect(await page.getByTestId('stages').locator('[data-stage="in-year"] [data-count]').innerText()).toBe(String(await countYears('in-year')));
    expect(await page.getByTestId('alerts').locator('[data-kind="deadline-at-risk"]').innerText()).toBe('1');
    expect(await page.getByTestId('needs-attention').getByRole('link', { name: 'Gwen Hall' }).count()).toBe(1);
    const deadlines = page.getByTestId('deadlines');
    expect(await deadlines.getByRole('link', { name: 'Q3 update: Iyer Lettings' }).count()).toBe(1);
    await deadlines.getByRole('tab', { name: /next 30 days/i }).click();
    await expect.poll(() => deadlines.getByRole('link', { name: 'Q4 update: Hall Joinery' }).count(), POLL).toBe(1);
    expect(await page.getByTestId('chart').locator(`g[data-due="${addDays(today, 5)}"]`).count()).toBe(1);
    await screenshot(page, 'dashboard');

    // Every year: the 2025-26 declaration counts too.
    await page.getByRole('combobox', { name: 'Tax year' }).click();
    await page.getByRole('option', { name: 'All years' }).click();
    await expect.poll(() => kpi('kpi-attention'), POLL).toBe('2');
    await page.close();
  });
});

async function countYears(stage: string): Promise<number> {
  return Number((await engine.db.selectFrom('tax_years').select((eb) => eb.fn.countAll<string>().as('n')).where('tax_year', '=', '2026-27').where('stage', '=', stage).executeTakeFirstOrThrow()).n);
}

describe("a client's page", () => {
  it('shows the year as a timeline, with the problem HMRC named and a Retry that reports why it was refused', async () => {
    const client = await addClient('Iris Jones', 'AB333333C');
    const payments = [
      { key: 'balancing-payment/2026-27', kind: 'balancing-payment', taxYear: '2026-27', dueDate: '2028-01-31', amountPence: 123456, status: 'due', paidOn: null, projection: null },
      { key: 'first-payment-on-account/2027-28', kind: 'first-payment-on-account', taxYear: '2027-28', dueDate: '2028-01-31', amountPence: 61728, status: 'due', paidOn: null, projection: null },
    ];
    const penaltyPoints = [{ obligation: 'quarterly', taxYear: '2026-27', dueDate: '2026-08-07', awardedOn: '2026-08-08', expiresOn: '2028-08-31' }];
    const year = await addYear(client, '2026-27', 'in-year', { payments, penaltyPoints });
    await addSteps(year, [
      { key: 'authorisation', kind: 'authorisation', milestone: 'setup', status: 'done', due: null, opensOn: '2026-04-06', title: 'Agent authorisation and ITSA status', result: { agentType: 'main', itsaStatus: 'MTD Mandated' } },
      {
        key: 'q1',
        kind: 'quarterly-update',
        milestone: 'q1',
        status: 'done',
        due: '2026-08-07',
        title: 'Q1 update: Jones Design',
        result: {
          submitted: true,
          submittedOn: '2026-08-01',
          obligationFulfilled: true,
          receivedDate: '2026-08-01',
          estimate: {
            calculationId: 'c0ffee00-0000-4000-8000-000000000001',
            calculationType: 'inYear',
            totalIncomeReceivedPence: 1250000,
            totalTaxableIncomePence: 0,
            incomeTaxChargedPence: 0,
            class2Pence: 0,
            class4Pence: 0,
            studentLoanPence: 0,
            capitalGainsTaxPence: 0,
            taxDeductedAtSourcePence: 0,
            totalIncomeTaxAndNicsDuePence: 0,
            endOfYearEstimatePence: 482150,
            errors: [],
            warnings: [],
            disclaimer: "This is an estimate from HMRC based on the figures sent so far this year. It is not a bill, and the tax due may change when the year's figures are complete.",
          },
        },
      },
      {
        key: 'q2',
        kind: 'quarterly-update',
        milestone: 'q2',
        status: 'needs-attention',
        due: '2026-11-07',
        title: 'Q2 update: Jones Design',
        nextAction: 'Correct the figures HMRC refused, then retry',
        problem: {
          code: 'RULE_BOTH_EXPENSES_SUPPLIED',
          message: 'Both expenses and consolidatedExpenses were supplied',
          errors: [{ code: 'RULE_BOTH_EXPENSES_SUPPLIED', message: 'Both expenses and consolidatedExpenses were supplied', paths: ['/periodExpenses/consolidatedExpenses'] }],
          correlationId: 'a1b2c3d4-correlation',
          retriesBySelf: false,
        },
      },
      { key: 'q3', kind: 'quarterly-update', milestone: 'q3', status: 'scheduled', due: '2027-02-07', title: 'Q3 update: Jones Design' },
      { key: 'final-declaration', kind: 'final-declaration', milestone: 'final-declaration', status: 'scheduled', due: '2028-01-31', title: 'Final declaration' },
    ]);

    const page = await managerPage();
    await page.goto(`${ui.url}/#/clients/${client}/show`);
    const timeline = page.getByRole('list', { name: '2026-27 timeline' });
    await expect.poll(() => timeline.locator('li[data-step-key]').count(), POLL).toBe(5);
    expect(await timeline.locator('li[data-step-key]').evaluateAll((items) => items.map((li) => li.getAttribute('data-step-key')))).toEqual(['authorisation', 'q1', 'q2', 'q3', 'final-declaration']);
    const q2 = timeline.locator('li[data-step-key="q2"]');
    expect(await q2.getByTestId('step-problem').innerText()).toMatch(/RULE_BOTH_EXPENSES_SUPPLIED[\s\S]*\/periodExpenses\/consolidatedExpenses[\s\S]*a1b2c3d4-correlation/);
    expect(await q2.getByRole('link', { name: 'Send quarterly updates' }).getAttribute('href')).toBe('https://www.gov.uk/guidance/use-making-tax-digital-for-income-tax/send-quarterly-updates');
    const q1 = timeline.locator('li[data-step-key="q1"]');
    expect(await q1.getByTestId('estimate-disclaimer').innerText()).toContain('This is an estimate from HMRC');
    expect(await q1.innerText()).toContain('£4,821.50');
    expect(await page.getByRole('table', { name: 'Payments' }).innerText()).toMatch(/Balancing payment[\s\S]*£1,234\.56/);
    expect(await page.getByText('Quarterly deadline of 7 Aug 2026 missed').count()).toBe(1);
    expect(await timeline.getByRole('button', { name: 'Retry' }).count()).toBe(1);

    await q2.getByRole('button', { name: 'Retry' }).click();
    await expect.poll(() => q2.getByTestId('retry-refused').innerText(), POLL).toContain("The tax year's workflow is not running (not started, complete or cancelled), so it takes no actions");
    await screenshot(page, 'client-page');

    // The same year from the tax years list: its row, then its page, the same timeline.
    await page.goto(`${ui.url}/#/tax-years?filter=${encodeURIComponent(JSON.stringify({ q: 'Iris' }))}`);
    const row = page.getByRole('row', { name: /Iris Jones/ });
    await expect.poll(() => row.count(), POLL).toBe(1);
    expect(await row.innerText()).toMatch(/2026-27[\s\S]*In year[\s\S]*2 of 5 done/);
    await screenshot(page, 'tax-years-list');
    await row.getByRole('cell', { name: '2026-27' }).click();
    await expect.poll(() => page.getByRole('list', { name: '2026-27 timeline' }).locator('li[data-step-key]').count(), POLL).toBe(5);
    await screenshot(page, 'tax-year-show');
    await page.close();
  });
});
