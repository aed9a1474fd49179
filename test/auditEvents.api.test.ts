// The audit trail and the practice's alerts through the API, read-only, against rows written straight into PostgreSQL:
// filters, sorting (newest first by default), Content-Range paging, actors named as staff see them, and 400s and 404s.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEngine, type TestEngine } from './helpers/engine';
import { signedIn, type SignedIn } from './helpers/staff';

let engine: TestEngine;
let reviewer: SignedIn;
let manager: SignedIn;

beforeAll(async () => {
  engine = await startTestEngine({ ownDatabase: true, inProcessWorkers: false });
  reviewer = await signedIn(engine.app, engine.db, 'reviewer', 'Rhea Reviewer');
  manager = await signedIn(engine.app, engine.db, 'manager', 'Manu Manager');
});
afterAll(async () => {
  await engine?.stop();
});

const q = (params: Record<string, unknown>) =>
  '?' +
  Object.entries(params)
    .map(([k, v]) => `${k}=${encodeURIComponent(JSON.stringify(v))}`)
    .join('&');

describe('GET /api/audit-events', () => {
  const yearId = randomUUID();
  const stepEntity = `${yearId}/q1-update`;
  let inserted: { id: string; at: string; actor: string; action: string; entity_type: string; entity_id: string }[];

  beforeAll(async () => {
    const rows = [
      { at: '2026-05-01T09:00:00Z', actor: 'engine', action: 'step.opened', entity_type: 'step', entity_id: stepEntity },
      { at: '2026-05-02T09:00:00Z', actor: manager.staffId, action: 'step.figures-entered', entity_type: 'step', entity_id: stepEntity },
      { at: '2026-05-03T09:00:00Z', actor: reviewer.staffId, action: 'step.approved', entity_type: 'step', entity_id: stepEntity },
      { at: '2026-05-04T09:00:00Z', actor: 'automation', action: 'step.submitted', entity_type: 'step', entity_id: stepEntity },
      { at: '2026-05-05T09:00:00Z', actor: 'engine', action: 'stepping.other', entity_type: 'step', entity_id: `${yearId}/q2-update` },
      { at: '2026-05-06T09:00:00Z', actor: 'engine', action: 'tax-year.stage-changed', entity_type: 'tax_year', entity_id: yearId },
    ];
    const ids = await engine.db
      .insertInto('audit_events')
      .values(
        rows.map((r) => ({
          occurred_at: new Date(r.at),
          actor: r.actor,
          action: r.action,
          entity_type: r.entity_type,
          entity_id: r.entity_id,
          before: r.action === 'step.approved' ? JSON.stringify({ status: 'awaiting-review' }) : null,
          after: JSON.stringify({ seq: r.at }),
        })),
      )
      .returning('id')
      .execute();
    inserted = rows.map((r, i) => ({ ...r, id: ids[i]!.id }));
  });

  it('lists newest first by default, with Content-Range over the whole table and each actor named', async () => {
    const total = Number((await engine.db.selectFrom('audit_events').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
    const res = await reviewer.call('GET', '/api/audit-events');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-range')).toBe(`audit-events 0-${Math.min(total, 25) - 1}/${total}`);
    const times = res.body.map((e: { occurredAt: string }) => e.occurredAt);
    expect(times).toEqual([...times].sort().reverse());
    // The sign-ins of this file's staff happened just now; the rows above are dated May 2026.
    expect(res.body[0].action).toBe('staff.signed-in');
    expect(res.body[0].actorName).toMatch(/^(Rhea Reviewer|Manu Manager)$/);
  });

  it("filters by entity, newest first, with before and after, naming staff actors and leaving 'engine' and 'automation' as they are", async () => {
    const res = await reviewer.call('GET', `/api/audit-events${q({ filter: { entityType: 'step', entityId: stepEntity } })}`);
    expect(res.headers.get('content-range')).toBe('audit-events 0-3/4');
    expect(res.body.map((e: any) => [e.action, e.actor, e.actorName])).toEqual([
      ['step.submitted', 'automation', 'automation'],
      ['step.approved', reviewer.staffId, 'Rhea Reviewer'],
      ['step.figures-entered', manager.staffId, 'Manu Manager'],
      ['step.opened', 'engine', 'engine'],
    ]);
    expect(res.body[1]).toEqual({
      id: inserted[2]!.id,
      occurredAt: '2026-05-03T09:00:00.000Z',
      actor: reviewer.staffId,
      actorName: 'Rhea Reviewer',
      action: 'step.approved',
      entityType: 'step',
      entityId: stepEntity,
      before: { status: 'awaiting-review' },
      after: { seq: '2026-05-03T09:00:00Z' },
    });
  });

  it("matches an action exactly, or by a prefix ending in '.' (so 'step.' is not 'stepping.')", async () => {
    const prefix = await reviewer.call('GET', `/api/audit-events${q({ filter: { action: 'step.', entityId: stepEntity }, sort: ['action', 'ASC'] })}`);
    expect(prefix.body.map((e: any) => e.action)).toEqual(['step.approved', 'step.figures-entered', 'step.opened', 'step.submitted']);
    const allSteps = await reviewer.call('GET', `/api/audit-events${q({ filter: { action: 'step.' } })}`);
    expect(allSteps.headers.get('content-range')).toBe('audit-events 0-3/4');
    const exact = await reviewer.call('GET', `/api/audit-events${q({ filter: { action: 'stepping.other' } })}`);
    expect(exact.body.map((e: any) => e.id)).toEqual([inserted[4]!.id]);
    // A prefix's LIKE wildcards are literal.
    expect((await reviewer.call('GET', `/api/audit-events${q({ filter: { action: 'step%.' } })}`)).body).toEqual([]);
  });

  it('filters by actor, by a from (inclusive) and to (exclusive) window, and by ids; sorts and pages', async () => {
    const byActor = await reviewer.call('GET', `/api/audit-events${q({ filter: { actor: 'engine', entityId: stepEntity } })}`);
    expect(byActor.body.map((e: any) => e.action)).toEqual(['step.opened']);
    const window = await reviewer.call('GET', `/api/audit-events${q({ filter: { from: '2026-05-02T09:00:00Z', to: '2026-05-05T09:00:00+00:00' } })}`);
    expect(window.body.map((e: any) => e.action)).toEqual(['step.submitted', 'step.approved', 'step.figures-entered']);
    const ids = await reviewer.call('GET', `/api/audit-events${q({ filter: { id: [inserted[0]!.id, Number(inserted[5]!.id)] }, sort: ['occurredAt', 'ASC'] })}`);
    expect(ids.body.map((e: any) => e.id)).toEqual([inserted[0]!.id, inserted[5]!.id]);
    const page = await reviewer.call('GET', `/api/audit-events${q({ filter: { from: '2026-05-01T00:00:00Z', to: '2026-05-07T00:00:00Z' }, sort: ['occurredAt', 'ASC'], range: [2, 3] })}`);
    expect(page.headers.get('content-range')).toBe('audit-events 2-3/6');
    expect(page.body.map((e: any) => e.action)).toEqual(['step.approved', 'step.submitted']);
    // Text order is the database's collation: compare with PostgreSQL's own.
    const byActorSort = await reviewer.call('GET', `/api/audit-events${q({ filter: { entityId: stepEntity }, sort: ['actor', 'DESC'] })}`);
    const expected = await engine.db.selectFrom('audit_events').select('actor').where('entity_id', '=', stepEntity).orderBy('actor', 'desc').execute();
    expect(byActorSort.body.map((e: any) => e.actor)).toEqual(expected.map((e) => e.actor));
    expect(new Set(expected.map((e) => e.actor))).toEqual(new Set(['engine', 'automation', manager.staffId, reviewer.staffId]));
  });

  it('names changes made through the API with the staff member who made them', async () => {
    const admin = await signedIn(engine.app, engine.db, 'admin', 'Ade Admin');
    const created = await admin.call('POST', '/api/staff', { email: 'audited@practice.test', name: 'Audited', role: 'preparer', password: 'a long enough passphrase' });
    const res = await reviewer.call('GET', `/api/audit-events${q({ filter: { entityType: 'staff', entityId: created.body.id } })}`);
    expect(res.body).toHaveLength(1);
    expect(res.body[0]).toMatchObject({ action: 'staff.created', actor: admin.staffId, actorName: 'Ade Admin', before: null, after: { email: 'audited@practice.test' } });
    const one = await reviewer.call('GET', `/api/audit-events/${res.body[0].id}`);
    expect(one.body).toEqual(res.body[0]);
  });

  it('answers 404 for an unknown id and 400 naming each bad parameter, never 500', async () => {
    const none = await reviewer.call('GET', '/api/audit-events/999999999999');
    expect(none.status).toBe(404);
    expect(none.body).toMatchObject({ code: 'AUDIT_EVENT_NOT_FOUND', fields: [{ field: 'id' }] });
    for (const id of ['abc', '0', '99999999999999999999', '9223372036854775808']) {
      const bad = await reviewer.call('GET', `/api/audit-events/${id}`);
      expect(bad.status, id).toBe(400);
      expect(bad.body.fields.map((f: any) => f.field)).toEqual(['id']);
    }
    const badList = await reviewer.call('GET', `/api/audit-events${q({ filter: { from: 'yesterday', id: ['x'], who: 'me' }, sort: ['before', 'ASC'] })}`);
    expect(badList.status).toBe(400);
    expect(badList.body.fields.map((f: any) => f.field).sort()).toEqual(['filter', 'filter.from', 'filter.id.0', 'sort.0']);
    expect((await reviewer.call('GET', '/api/audit-events?range=[5,1]')).status).toBe(400);
  });

  it('has no way to change the trail', async () => {
    const first = inserted[0]!.id;
    expect((await manager.call('DELETE', `/api/audit-events/${first}`)).status).toBe(404);
    expect((await manager.call('PUT', `/api/audit-events/${first}`, { action: 'x' })).status).toBe(404);
    expect((await manager.call('POST', '/api/audit-events', { action: 'x' })).status).toBe(404);
  });
});

describe('GET /api/alerts', () => {
  let ids: Record<string, string>;

  beforeAll(async () => {
    const rows = [
      { key: 'business-details 1.0', kind: 'api-deprecation' as const, created_at: new Date('2026-06-01T09:00:00Z'), resolved_at: new Date('2026-06-03T09:00:00Z') },
      { key: 'hmrc', kind: 'reconnect' as const, created_at: new Date('2026-07-01T09:00:00Z'), resolved_at: null },
      { key: 'year-1/q1-update', kind: 'deadline-at-risk' as const, created_at: new Date('2026-08-01T09:00:00Z'), resolved_at: null },
      { key: 'year-2/q1-update', kind: 'deadline-at-risk' as const, created_at: new Date('2026-08-02T09:00:00Z'), resolved_at: new Date('2026-08-05T09:00:00Z') },
    ];
    const out = await engine.db
      .insertInto('alerts')
      .values(rows.map((r) => ({ ...r, message: `About ${r.key}`, details: JSON.stringify({ key: r.key }) })))
      .returning(['id', 'key'])
      .execute();
    ids = Object.fromEntries(out.map((r) => [r.key, r.id]));
  });

  it('lists newest first by default with Content-Range, open or resolved', async () => {
    const res = await reviewer.call('GET', '/api/alerts');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-range')).toBe('alerts 0-3/4');
    expect(res.body.map((a: any) => a.key)).toEqual(['year-2/q1-update', 'year-1/q1-update', 'hmrc', 'business-details 1.0']);
    expect(res.body[2]).toEqual({
      id: ids.hmrc,
      kind: 'reconnect',
      key: 'hmrc',
      message: 'About hmrc',
      details: { key: 'hmrc' },
      open: true,
      createdAt: '2026-07-01T09:00:00.000Z',
      resolvedAt: null,
    });
    expect(res.body[0]).toMatchObject({ open: false, resolvedAt: '2026-08-05T09:00:00.000Z' });
  });

  it('filters by open, kind and id, and sorts by kind or createdAt', async () => {
    const open = await reviewer.call('GET', `/api/alerts${q({ filter: { open: true }, sort: ['createdAt', 'ASC'] })}`);
    expect(open.body.map((a: any) => a.key)).toEqual(['hmrc', 'year-1/q1-update']);
    const resolvedAtRisk = await reviewer.call('GET', `/api/alerts${q({ filter: { open: false, kind: 'deadline-at-risk' } })}`);
    expect(resolvedAtRisk.body.map((a: any) => a.key)).toEqual(['year-2/q1-update']);
    const byKind = await reviewer.call('GET', `/api/alerts${q({ sort: ['kind', 'ASC'], range: [0, 1] })}`);
    expect(byKind.headers.get('content-range')).toBe('alerts 0-1/4');
    expect(byKind.body.map((a: any) => a.kind)).toEqual(['api-deprecation', 'deadline-at-risk']);
    const many = await reviewer.call('GET', `/api/alerts${q({ filter: { id: [ids.hmrc, ids['business-details 1.0']] } })}`);
    expect(many.body.map((a: any) => a.key)).toEqual(['hmrc', 'business-details 1.0']);
    const none = await reviewer.call('GET', `/api/alerts${q({ filter: { id: [] } })}`);
    expect(none.body).toEqual([]);
    expect(none.headers.get('content-range')).toBe('alerts */0');
  });

  it('reads one, 404 for an unknown id, 400 naming bad filters', async () => {
    const one = await reviewer.call('GET', `/api/alerts/${ids.hmrc}`);
    expect(one.body).toMatchObject({ id: ids.hmrc, kind: 'reconnect', open: true });
    const none = await reviewer.call('GET', `/api/alerts/${randomUUID()}`);
    expect(none.status).toBe(404);
    expect(none.body.code).toBe('ALERT_NOT_FOUND');
    const bad = await reviewer.call('GET', `/api/alerts${q({ filter: { kind: 'fire', open: 'yes' } })}`);
    expect(bad.status).toBe(400);
    expect(bad.body.fields.map((f: any) => f.field).sort()).toEqual(['filter.kind', 'filter.open']);
    expect((await manager.call('DELETE', `/api/alerts/${ids.hmrc}`)).status).toBe(404);
  });
});
