// The dashboard's numbers against clients, years, steps and alerts written straight into PostgreSQL: exact counts, the
// 14- and 30-day windows relative to asOf, overdue and needs-attention lists, stages, the milestone matrix and the
// deadline chart. And the API reference page, served offline from swagger-ui-dist.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { londonDate } from '../domain/timeline';
import { startTestEngine, type TestEngine } from './helpers/engine';
import { request, signedIn, type SignedIn } from './helpers/staff';

let engine: TestEngine;
let preparer: SignedIn;

beforeAll(async () => {
  engine = await startTestEngine({ ownDatabase: true, inProcessWorkers: false });
  preparer = await signedIn(engine.app, engine.db, 'preparer');
});
afterAll(async () => {
  await engine?.stop();
});

const STATUSES = ['scheduled', 'waiting', 'awaiting-figures', 'awaiting-preparer', 'awaiting-review', 'awaiting-client', 'in-progress', 'needs-attention', 'done', 'skipped', 'cancelled'];
const MILESTONES = ['setup', 'q1', 'q2', 'q3', 'q4', 'year-end', 'final-declaration', 'payments'];
const STAGES = ['starting', 'authorisation', 'in-year', 'year-end', 'final-declaration', 'payments', 'complete', 'not-in-mtd', 'cancelled'];

function counts(keys: string[], nonZero: Record<string, number>): Record<string, number> {
  return { ...Object.fromEntries(keys.map((k) => [k, 0])), ...nonZero };
}

describe('GET /api/dashboard', () => {
  const clients: Record<string, string> = {};
  const years: Record<string, string> = {};
  const steps: Record<string, string> = {};

  beforeAll(async () => {
    for (const name of ['Alpha Ltd', 'Beta Bakes', 'Gamma Garages', 'Delta Dairy']) {
      clients[name] = (await engine.db.insertInto('clients').values({ name, nino: null, utr: null }).returning('id').executeTakeFirstOrThrow()).id;
    }
    const yearRows: [string, string, string, string][] = [
      ['A', 'Alpha Ltd', '2026-27', 'in-year'],
      ['B', 'Beta Bakes', '2026-27', 'in-year'],
      ['C', 'Gamma Garages', '2026-27', 'authorisation'],
      ['A0', 'Alpha Ltd', '2025-26', 'payments'],
    ];
    for (const [label, client, taxYear, stage] of yearRows) {
      const clientId = clients[client]!;
      years[label] = (
        await engine.db.insertInto('tax_years').values({ client_id: clientId, tax_year: taxYear, workflow_id: `tax-year/${clientId}/${taxYear}`, stage }).returning('id').executeTakeFirstOrThrow()
      ).id;
    }
    // [label, year, key, milestone, status, due date]: asOf is 2026-11-22 unless a test says otherwise.
    const stepRows: [string, string, string, string, string, string | null][] = [
      ['A-q1', 'A', 'q1-update', 'q1', 'done', '2026-08-07'],
      ['A-q2', 'A', 'q2-update', 'q2', 'needs-attention', '2026-11-07'],
      ['A-q3', 'A', 'q3-update', 'q3', 'awaiting-review', '2026-11-22'],
      ['A-q4', 'A', 'q4-update', 'q4', 'scheduled', '2026-12-21'],
      ['A-ye', 'A', 'year-end', 'year-end', 'scheduled', '2026-12-22'],
      ['B-q2', 'B', 'q2-update', 'q2', 'cancelled', '2026-11-30'],
      ['B-q3', 'B', 'q3-update', 'q3', 'awaiting-figures', '2026-12-05'],
      ['B-q4', 'B', 'q4-update', 'q4', 'scheduled', '2026-12-06'],
      ['C-auth', 'C', 'authorisation', 'setup', 'needs-attention', null],
      ['C-q1', 'C', 'q1-update', 'q1', 'waiting', '2026-11-21'],
      ['C-q3', 'C', 'q3-update', 'q3', 'done', '2026-12-01'],
      ['C-q4', 'C', 'q4-update', 'q4', 'skipped', '2026-12-10'],
      ['A0-q4', 'A0', 'q4-update', 'q4', 'needs-attention', '2026-02-07'],
      ['A0-fd', 'A0', 'final-declaration', 'final-declaration', 'awaiting-client', '2027-01-31'],
      ['A0-pay', 'A0', 'balancing-payment', 'payments', 'scheduled', '2026-12-01'],
    ];
    for (const [label, year, key, milestone, status, due] of stepRows) {
      steps[label] = (
        await engine.db
          .insertInto('steps')
          .values({ tax_year_id: years[year]!, step_key: key, kind: 'quarterly-update', milestone, status, due_date: due, title: `${label} title` })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    }
    await engine.db
      .insertInto('alerts')
      .values([
        { kind: 'deadline-at-risk', key: 'a', message: 'a', details: null, resolved_at: null },
        { kind: 'deadline-at-risk', key: 'b', message: 'b', details: null, resolved_at: null },
        { kind: 'deadline-at-risk', key: 'c', message: 'c', details: null, resolved_at: new Date() },
        { kind: 'reconnect', key: 'hmrc', message: 'hmrc', details: null, resolved_at: null },
        { kind: 'api-deprecation', key: 'x 1.0', message: 'x', details: null, resolved_at: new Date() },
      ])
      .execute();
  });

  const summary = (label: string, year: string, taxYear: string, client: string, milestone: string, status: string, dueDate: string | null) => ({
    stepId: steps[label],
    taxYearId: years[year],
    taxYear,
    clientId: clients[client],
    clientName: client,
    title: `${label} title`,
    milestone,
    dueDate,
    status,
  });

  it('counts every year as of 2026-11-22', async () => {
    const res = await preparer.call('GET', '/api/dashboard?asOf=2026-11-22');
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const d = res.body;
    expect(d.asOf).toBe('2026-11-22');
    expect(d.taxYear).toBeNull();
    expect(d.clients).toEqual({ total: 4 });
    expect(d.taxYears).toEqual({ total: 4, byStage: counts(STAGES, { 'in-year': 2, authorisation: 1, payments: 1 }) });

    expect(d.matrix.map((m: any) => m.milestone)).toEqual(MILESTONES);
    expect(d.matrix).toEqual([
      { milestone: 'setup', byStatus: counts(STATUSES, { 'needs-attention': 1 }), total: 1 },
      { milestone: 'q1', byStatus: counts(STATUSES, { done: 1, waiting: 1 }), total: 2 },
      { milestone: 'q2', byStatus: counts(STATUSES, { 'needs-attention': 1, cancelled: 1 }), total: 2 },
      { milestone: 'q3', byStatus: counts(STATUSES, { 'awaiting-review': 1, 'awaiting-figures': 1, done: 1 }), total: 3 },
      { milestone: 'q4', byStatus: counts(STATUSES, { scheduled: 2, skipped: 1, 'needs-attention': 1 }), total: 4 },
      { milestone: 'year-end', byStatus: counts(STATUSES, { scheduled: 1 }), total: 1 },
      { milestone: 'final-declaration', byStatus: counts(STATUSES, { 'awaiting-client': 1 }), total: 1 },
      { milestone: 'payments', byStatus: counts(STATUSES, { scheduled: 1 }), total: 1 },
    ]);

    // Due on asOf counts; 13 days after is the last day of the 14; 14 days after (2026-12-06) is not.
    expect(d.deadlines.next14Days).toEqual({
      count: 3,
      steps: [
        summary('A-q3', 'A', '2026-27', 'Alpha Ltd', 'q3', 'awaiting-review', '2026-11-22'),
        summary('A0-pay', 'A0', '2025-26', 'Alpha Ltd', 'payments', 'scheduled', '2026-12-01'),
        summary('B-q3', 'B', '2026-27', 'Beta Bakes', 'q3', 'awaiting-figures', '2026-12-05'),
      ],
    });
    // ...plus 2026-12-06 and 2026-12-21 (29 days after); 2026-12-22 is the 31st day. Done, skipped and cancelled never count.
    expect(d.deadlines.next30Days).toEqual({ count: 5 });
    expect(d.deadlines.overdue).toEqual({
      count: 3,
      steps: [
        summary('A0-q4', 'A0', '2025-26', 'Alpha Ltd', 'q4', 'needs-attention', '2026-02-07'),
        summary('A-q2', 'A', '2026-27', 'Alpha Ltd', 'q2', 'needs-attention', '2026-11-07'),
        summary('C-q1', 'C', '2026-27', 'Gamma Garages', 'q1', 'waiting', '2026-11-21'),
      ],
    });
    expect(d.needsAttention).toEqual({
      count: 3,
      steps: [
        summary('A0-q4', 'A0', '2025-26', 'Alpha Ltd', 'q4', 'needs-attention', '2026-02-07'),
        summary('A-q2', 'A', '2026-27', 'Alpha Ltd', 'q2', 'needs-attention', '2026-11-07'),
        summary('C-auth', 'C', '2026-27', 'Gamma Garages', 'setup', 'needs-attention', null),
      ],
    });

    expect(d.byDeadline).toEqual([
      { dueDate: '2026-02-07', byStatus: { 'needs-attention': 1 }, total: 1 },
      { dueDate: '2026-08-07', byStatus: { done: 1 }, total: 1 },
      { dueDate: '2026-11-07', byStatus: { 'needs-attention': 1 }, total: 1 },
      { dueDate: '2026-11-21', byStatus: { waiting: 1 }, total: 1 },
      { dueDate: '2026-11-22', byStatus: { 'awaiting-review': 1 }, total: 1 },
      { dueDate: '2026-12-01', byStatus: { done: 1, scheduled: 1 }, total: 2 },
      { dueDate: '2026-12-05', byStatus: { 'awaiting-figures': 1 }, total: 1 },
      { dueDate: '2026-12-06', byStatus: { scheduled: 1 }, total: 1 },
      { dueDate: '2026-12-21', byStatus: { scheduled: 1 }, total: 1 },
      { dueDate: '2026-12-22', byStatus: { scheduled: 1 }, total: 1 },
      { dueDate: '2027-01-31', byStatus: { 'awaiting-client': 1 }, total: 1 },
    ]);
    expect(d.alerts).toEqual({ open: { 'api-deprecation': 0, reconnect: 1, 'deadline-at-risk': 2 } });
  });

  it('counts one tax year when asked', async () => {
    const d = (await preparer.call('GET', '/api/dashboard?asOf=2026-11-22&taxYear=2026-27')).body;
    expect(d.taxYear).toBe('2026-27');
    expect(d.clients).toEqual({ total: 4 });
    expect(d.taxYears).toEqual({ total: 3, byStage: counts(STAGES, { 'in-year': 2, authorisation: 1 }) });
    expect(d.matrix.find((m: any) => m.milestone === 'q4')).toEqual({ milestone: 'q4', byStatus: counts(STATUSES, { scheduled: 2, skipped: 1 }), total: 3 });
    expect(d.matrix.find((m: any) => m.milestone === 'payments').total).toBe(0);
    expect(d.deadlines.next14Days.count).toBe(2);
    expect(d.deadlines.next14Days.steps.map((s: any) => s.stepId)).toEqual([steps['A-q3'], steps['B-q3']]);
    expect(d.deadlines.next30Days.count).toBe(4);
    expect(d.deadlines.overdue.steps.map((s: any) => s.stepId)).toEqual([steps['A-q2'], steps['C-q1']]);
    expect(d.needsAttention.steps.map((s: any) => s.stepId)).toEqual([steps['A-q2'], steps['C-auth']]);
    expect(d.byDeadline.map((b: any) => b.dueDate)).toEqual(['2026-08-07', '2026-11-07', '2026-11-21', '2026-11-22', '2026-12-01', '2026-12-05', '2026-12-06', '2026-12-21', '2026-12-22']);
    expect(d.alerts.open['deadline-at-risk']).toBe(2);
  });

  it('moves the windows with asOf', async () => {
    const d = (await preparer.call('GET', '/api/dashboard?asOf=2026-12-06')).body;
    expect(d.deadlines.next14Days.steps.map((s: any) => s.stepId)).toEqual([steps['B-q4']]);
    expect(d.deadlines.next14Days.count).toBe(1);
    expect(d.deadlines.next30Days.count).toBe(3);
    expect(d.deadlines.overdue.count).toBe(6);
    expect(d.needsAttention.count).toBe(3);
  });

  it("takes today in London when asOf is left out, and names each bad parameter", async () => {
    const today = await preparer.call('GET', '/api/dashboard');
    expect(today.status).toBe(200);
    expect(today.body.asOf).toBe(londonDate(new Date()));
    const bad = await preparer.call('GET', '/api/dashboard?asOf=2026-02-30&taxYear=2026-28');
    expect(bad.status).toBe(400);
    expect(bad.body.fields.map((f: any) => f.field).sort()).toEqual(['asOf', 'taxYear']);
    expect((await preparer.call('GET', '/api/dashboard?asOf=tomorrow')).body.fields).toEqual([{ field: 'asOf', rule: 'expected a date as YYYY-MM-DD' }]);
    expect((await request(engine.app, 'GET', '/api/dashboard')).status).toBe(401);
  });
});

describe('GET /api/docs', () => {
  it('serves the reference page without a session, every file it loads from this origin, over /api/openapi.json', async () => {
    const page = await request(engine.app, 'GET', '/api/docs');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = page.body as string;
    expect(html).toContain('<div id="swagger-ui"></div>');
    const refs = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(refs.sort()).toEqual(['/api/docs/assets/docs-init.js', '/api/docs/assets/favicon-32x32.png', '/api/docs/assets/swagger-ui-bundle.js', '/api/docs/assets/swagger-ui.css']);
    expect(html).not.toMatch(/https?:\/\//);

    const types: Record<string, RegExp> = { js: /^text\/javascript/, css: /^text\/css/, png: /^image\/png$/ };
    for (const ref of refs) {
      const res = await engine.app.request(ref);
      expect(res.status, ref).toBe(200);
      expect(res.headers.get('content-type'), ref).toMatch(types[ref.split('.').pop()!]!);
      expect((await res.arrayBuffer()).byteLength, ref).toBeGreaterThan(100);
    }
    const bundle = await request(engine.app, 'GET', '/api/docs/assets/swagger-ui-bundle.js');
    expect(bundle.body).toContain('SwaggerUIBundle');
    const init = (await request(engine.app, 'GET', '/api/docs/assets/docs-init.js')).body as string;
    expect(init).toContain("url: '/api/openapi.json'");
    expect(init).toContain('persistAuthorization: false');
    expect(init).toContain('validatorUrl: null');
    // The document it points at is there.
    expect((await request(engine.app, 'GET', '/api/openapi.json')).body.paths['/api/dashboard']).toBeDefined();
  });

  it('serves nothing outside its list of files', async () => {
    for (const path of ['/api/docs/assets/..%2Fpackage.json', '/api/docs/assets/%2E%2E%2F%2E%2E%2Fpackage.json', '/api/docs/assets/../package.json', '/api/docs/assets/index.html', '/api/docs/assets/swagger-ui-bundle.js.map', '/api/docs/assets/constructor', '/api/docs/assets/__proto__']) {
      const res = await request(engine.app, 'GET', path);
      expect(res.status, path).toBe(404);
      expect(JSON.stringify(res.body), path).not.toContain('swagger-ui-dist');
    }
  });
});
