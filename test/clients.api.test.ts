// /api/clients against a real PostgreSQL: add, read, change (react-admin's whole-record PUT) and delete, with an audit
// event for each change; the list's paging, sort and filters; the CSV import (preview, refusal, commit) and export
// (formula cells defused); a client's records export; and the roles that may not write.
import { randomUUID } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addStaffMember } from '../api/auth/staffAccounts';
import { utrCheckDigit } from '../domain/identifiers';
import { startTestEngine, type TestEngine } from './helpers/engine';
import { TEST_PASSWORD, signedIn, type SignedIn } from './helpers/staff';

let engine: TestEngine;
let manager: SignedIn;
let reviewer: SignedIn;
beforeAll(async () => {
  engine = await startTestEngine({ ownDatabase: true, inProcessWorkers: false });
  manager = await signedIn(engine.app, engine.db, 'manager', 'Mona Manager');
  reviewer = await signedIn(engine.app, engine.db, 'reviewer');
});
afterAll(async () => {
  await engine?.stop();
});

// NINO prefixes that pass HMRC's pattern; each test takes fresh numbers.
let ninoSeq = 200000;
function nino(prefix = 'AB'): string {
  ninoSeq += 1;
  return `${prefix}${ninoSeq}C`;
}
const utr = (nine: string) => utrCheckDigit(nine) + nine;
const UTR = utr('234567890');
const PAGING_UTR = utr('987654321');

const fieldsOf = (body: { fields?: { field: string }[] }) => (body.fields ?? []).map((f) => f.field);
const q = (value: unknown) => encodeURIComponent(JSON.stringify(value));

async function addClient(body: Record<string, unknown>) {
  const res = await manager.call('POST', '/api/clients', body);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as Record<string, any>;
}

async function auditOf(entityId: string) {
  return engine.db.selectFrom('audit_events').selectAll().where('entity_type', '=', 'client').where('entity_id', '=', entityId).orderBy('id').execute();
}

async function addTaxYear(clientId: string, taxYear = '2026-27') {
  return engine.db
    .insertInto('tax_years')
    .values({ client_id: clientId, tax_year: taxYear, workflow_id: `tax-year/${clientId}/${taxYear}`, stage: 'quarterly-updates', updated_at: new Date() })
    .returningAll()
    .executeTakeFirstOrThrow();
}

describe('one client: add, read, change, delete', () => {
  it('adds a client with every field normalised, reads it back, and records who added it', async () => {
    const given = nino();
    const created = await addClient({
      name: '  Jane Smith ',
      nino: `${given.slice(0, 2).toLowerCase()} ${given.slice(2, 4)} ${given.slice(4, 6)} ${given.slice(6)}`,
      utr: `${UTR.slice(0, 5)} ${UTR.slice(5)}`,
      agentType: 'supporting',
      postcode: ' sw1a1aa ',
      freeagentSubdomain: 'Smith-Plumbing',
      freeagentUserId: '4242',
      approveAutomatically: true,
      assigneeId: manager.staffId,
    });
    expect(created).toMatchObject({
      name: 'Jane Smith',
      nino: given,
      utr: UTR,
      agentType: 'supporting',
      postcode: 'SW1A 1AA',
      freeagentSubdomain: 'smith-plumbing',
      freeagentUserId: '4242',
      approveAutomatically: true,
      assigneeId: manager.staffId,
    });
    expect(created.createdAt).toBe(created.updatedAt);

    const read = await reviewer.call('GET', `/api/clients/${created.id}`);
    expect(read.status).toBe(200);
    expect(read.body).toEqual(created);

    const audit = await auditOf(created.id);
    expect(audit.map((a) => [a.action, a.actor, a.before])).toEqual([['client.created', manager.staffId, null]]);
    expect(audit[0]!.after).toEqual(created);
  });

  it('defaults what is left out: main agent, no automatic approval, nothing else', async () => {
    const created = await addClient({ name: 'Bare Minimum' });
    expect(created).toMatchObject({ nino: null, utr: null, agentType: 'main', postcode: null, freeagentSubdomain: null, freeagentUserId: null, approveAutomatically: false, assigneeId: null });
  });

  it('answers 404 CLIENT_NOT_FOUND for an unknown id and 400 for one that is not a UUID', async () => {
    const missing = await manager.call('GET', `/api/clients/${randomUUID()}`);
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ code: 'CLIENT_NOT_FOUND', fields: [{ field: 'id', rule: 'must be the id of an existing client' }] });
    const malformed = await manager.call('GET', '/api/clients/not-a-uuid');
    expect(malformed.status).toBe(400);
    expect(fieldsOf(malformed.body)).toEqual(['id']);
  });

  it('names each field that breaks a rule, and each unknown field', async () => {
    const res = await manager.call('POST', '/api/clients', {
      name: '',
      nino: 'XX12345',
      utr: '1234567890',
      postcode: 'not a postcode',
      freeagentSubdomain: 'bad_sub.domain',
      freeagentUserId: 'abc',
      agentType: 'sole',
      colour: 'blue',
    });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('INVALID_REQUEST');
    const rules = Object.fromEntries(res.body.fields.map((f: { field: string; rule: string }) => [f.field, f.rule]));
    expect(Object.keys(rules).sort()).toEqual(['agentType', 'colour', 'freeagentSubdomain', 'freeagentUserId', 'name', 'nino', 'postcode', 'utr']);
    expect(rules.name).toBe('expected a name of 1 to 200 characters');
    expect(rules.nino).toMatch(/National Insurance number/);
    expect(rules.utr).toMatch(/check digit/);
    expect(rules.postcode).toMatch(/UK postcode such as 'SW1A 1AA'/);
    expect(rules.freeagentSubdomain).toMatch(/lower-case letters, digits and hyphens/);
    expect(rules.colour).toMatch(/^is not a field of a client/);
    expect(rules.agentType).toBe("expected 'main' or 'supporting'");

    // Malformed to the last byte is still a 400 naming the field, never a 500 (PostgreSQL refuses NUL in text).
    const nul = await manager.call('POST', '/api/clients', { name: 'Nul\u0000Name', '': 1 });
    expect(nul.status).toBe(400);
    expect(fieldsOf(nul.body).sort()).toEqual(['""', 'name']);
    const search = await manager.call('GET', `/api/clients?filter=${q({ q: 'a\u0000' })}`);
    expect(search.status).toBe(400);
    expect(fieldsOf(search.body)).toEqual(['filter.q']);
  });

  it('refuses a second client with the same NINO (409 naming nino), and an assignee who is not active staff', async () => {
    const shared = nino();
    await addClient({ name: 'First', nino: shared });
    const dup = await manager.call('POST', '/api/clients', { name: 'Second', nino: shared });
    expect(dup.status).toBe(409);
    expect(dup.body).toMatchObject({ code: 'CLIENT_EXISTS', fields: [{ field: 'nino' }] });

    const leaver = await addStaffMember(engine.db, { email: `leaver-${randomUUID().slice(0, 6)}@practice.test`, name: 'Leaver', role: 'preparer', password: TEST_PASSWORD }, 'test');
    await engine.db.updateTable('staff').set({ active: false }).where('id', '=', leaver.id).execute();
    for (const assigneeId of [leaver.id, randomUUID()]) {
      const res = await manager.call('POST', '/api/clients', { name: 'Assigned', assigneeId });
      expect(res.status).toBe(400);
      expect(fieldsOf(res.body)).toEqual(['assigneeId']);
    }
    expect(await engine.db.selectFrom('clients').select('id').where('name', '=', 'Assigned').execute()).toEqual([]);
  });

  it("takes react-admin's whole-record PUT: read-only fields ignored, changes audited with before and after", async () => {
    const created = await addClient({ name: 'Old Name', nino: nino(), postcode: 'EC1A 1BB' });
    await new Promise((resolve) => setTimeout(resolve, 5));
    const sentBack = { ...created, name: 'New Name', postcode: null, approveAutomatically: true };
    const res = await manager.call('PUT', `/api/clients/${created.id}`, sentBack);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ id: created.id, name: 'New Name', postcode: null, approveAutomatically: true, nino: created.nino, createdAt: created.createdAt });
    expect(Date.parse(res.body.updatedAt)).toBeGreaterThan(Date.parse(created.updatedAt));

    // Only the name: the rest keeps its value.
    const partial = await manager.call('PUT', `/api/clients/${created.id}`, { name: 'Newer Name' });
    expect(partial.body).toMatchObject({ name: 'Newer Name', approveAutomatically: true, nino: created.nino });

    // The same record again changes nothing and records nothing.
    const again = await manager.call('PUT', `/api/clients/${created.id}`, partial.body);
    expect(again.status).toBe(200);
    expect(again.body.updatedAt).toBe(partial.body.updatedAt);

    const audit = await auditOf(created.id);
    expect(audit.map((a) => a.action)).toEqual(['client.created', 'client.updated', 'client.updated']);
    expect(audit[1]).toMatchObject({ actor: manager.staffId, before: { name: 'Old Name', postcode: 'EC1A 1BB', approveAutomatically: false }, after: { name: 'New Name', postcode: null, approveAutomatically: true } });
    expect(audit[2]).toMatchObject({ before: { name: 'New Name' }, after: { name: 'Newer Name' } });
  });

  it('checks an assignee only when it changes: a record whose assignee has left still saves', async () => {
    const leaver = await addStaffMember(engine.db, { email: `gone-${randomUUID().slice(0, 6)}@practice.test`, name: 'Gone', role: 'preparer', password: TEST_PASSWORD }, 'test');
    const client = await addClient({ name: 'Looked After', assigneeId: leaver.id });
    await engine.db.updateTable('staff').set({ active: false }).where('id', '=', leaver.id).execute();
    const saved = await manager.call('PUT', `/api/clients/${client.id}`, { ...client, name: 'Still Looked After' });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ name: 'Still Looked After', assigneeId: leaver.id });
    const moved = await manager.call('PUT', `/api/clients/${client.id}`, { assigneeId: randomUUID() });
    expect(moved.status).toBe(400);
    expect(moved.body.fields).toEqual([{ field: 'assigneeId', rule: 'must be the id of an active member of staff' }]);
    const cleared = await manager.call('PUT', `/api/clients/${client.id}`, { assigneeId: null });
    expect(cleared.body.assigneeId).toBeNull();
  });

  it('refuses a PUT whose id is not the path’s, with an unknown field, or taking another client’s NINO', async () => {
    const a = await addClient({ name: 'Client A', nino: nino() });
    const b = await addClient({ name: 'Client B', nino: nino() });
    const otherId = await manager.call('PUT', `/api/clients/${a.id}`, { ...a, id: b.id });
    expect(otherId.status).toBe(400);
    expect(otherId.body.fields).toEqual([{ field: 'id', rule: "must equal the id in the path: a client's id cannot change" }]);
    const unknown = await manager.call('PUT', `/api/clients/${a.id}`, { ...a, assignee: 'someone' });
    expect(unknown.status).toBe(400);
    expect(fieldsOf(unknown.body)).toEqual(['assignee']);
    const taken = await manager.call('PUT', `/api/clients/${a.id}`, { nino: b.nino });
    expect(taken.status).toBe(409);
    expect(taken.body).toMatchObject({ code: 'CLIENT_EXISTS', fields: [{ field: 'nino' }] });
    const gone = await manager.call('PUT', `/api/clients/${randomUUID()}`, { name: 'Ghost' });
    expect(gone.status).toBe(404);
    expect((await manager.call('GET', `/api/clients/${a.id}`)).body).toEqual(a);
  });

  it('deletes a client with no tax years (answering it, audited), and keeps one with a tax year (409 naming the rule)', async () => {
    const kept = await addClient({ name: 'Has A Year', nino: nino() });
    await addTaxYear(kept.id);
    const refused = await manager.call('DELETE', `/api/clients/${kept.id}`);
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('CLIENT_HAS_TAX_YEARS');
    expect(refused.body.message).toContain('2026-27');
    expect(refused.body.fields[0].rule).toMatch(/no tax years/);
    expect((await manager.call('GET', `/api/clients/${kept.id}`)).status).toBe(200);

    const doomed = await addClient({ name: 'To Delete', nino: nino() });
    const deleted = await manager.call('DELETE', `/api/clients/${doomed.id}`);
    expect(deleted.status).toBe(200);
    expect(deleted.body).toEqual(doomed);
    expect((await manager.call('GET', `/api/clients/${doomed.id}`)).status).toBe(404);
    expect((await manager.call('DELETE', `/api/clients/${doomed.id}`)).status).toBe(404);
    const audit = await auditOf(doomed.id);
    expect(audit.map((a) => [a.action, a.actor])).toEqual([
      ['client.created', manager.staffId],
      ['client.deleted', manager.staffId],
    ]);
    expect(audit[1]).toMatchObject({ before: doomed, after: null });
  });

  it('keeps the NINO of a client whose year is under way (409 naming nino), and lets it change once the year is done', async () => {
    const client = await addClient({ name: 'Year Under Way', nino: nino() });
    await addTaxYear(client.id);
    const refused = await manager.call('PUT', `/api/clients/${client.id}`, { nino: nino() });
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ code: 'NINO_IN_USE', fields: [{ field: 'nino', rule: 'must not change while a tax year of this client is under way' }] });
    expect((await manager.call('PUT', `/api/clients/${client.id}`, { name: 'Renamed Under Way' })).status).toBe(200);
    await engine.db.updateTable('tax_years').set({ stage: 'complete' }).where('client_id', '=', client.id).execute();
    const changed = await manager.call('PUT', `/api/clients/${client.id}`, { nino: 'ZX 99 99 99 A' });
    expect(changed.status).toBe(200);
    expect(changed.body.nino).toBe('ZX999999A');
  });

  it('lets a reviewer read but not write (403 naming the permission), and writes nothing', async () => {
    const client = await addClient({ name: 'Reviewed', nino: nino() });
    expect((await reviewer.call('GET', '/api/clients')).status).toBe(200);
    const attempts = [
      await reviewer.call('POST', '/api/clients', { name: 'Nope' }),
      await reviewer.call('PUT', `/api/clients/${client.id}`, { name: 'Nope' }),
      await reviewer.call('DELETE', `/api/clients/${client.id}`),
      await reviewer.call('POST', '/api/clients/import?dryRun=false', 'name\nNope\n', { 'content-type': 'text/csv' }),
    ];
    for (const res of attempts) {
      expect(res.status).toBe(403);
      expect(res.body).toMatchObject({ code: 'FORBIDDEN' });
      expect(res.body.message).toContain("'clients:write'");
    }
    expect((await manager.call('GET', `/api/clients/${client.id}`)).body.name).toBe('Reviewed');
    expect(await engine.db.selectFrom('clients').select('id').where('name', '=', 'Nope').execute()).toEqual([]);
  });
});

describe('the list (ra-data-simple-rest)', () => {
  const ids: string[] = [];
  beforeAll(async () => {
    // 30 clients named 'Paging 00'..'Paging 29': every third supporting, every fifth on FreeAgent, odd ones approved automatically.
    const rows = await engine.db
      .insertInto('clients')
      .values(
        Array.from({ length: 30 }, (_, i) => ({
          name: `Paging ${String(i).padStart(2, '0')}`,
          nino: `PG${String(300000 + i)}A`,
          utr: i === 7 ? PAGING_UTR : null,
          agent_type: i % 3 === 0 ? ('supporting' as const) : ('main' as const),
          postcode: i === 11 ? 'KW15 1XZ' : 'M1 1AE',
          freeagent_subdomain: i % 5 === 0 ? `paging-${i}` : null,
          approve_automatically: i % 2 === 1,
          assignee_id: i < 4 ? manager.staffId : null,
          updated_at: new Date(),
        })),
      )
      .returning('id')
      .execute();
    ids.push(...rows.map((r) => r.id));
  });

  const list = (params: string) => reviewer.call('GET', `/api/clients?${params}`);

  it('pages with Content-Range and sorts by name either way', async () => {
    const first = await list(`sort=${q(['name', 'ASC'])}&range=${q([0, 9])}&filter=${q({ q: 'paging' })}`);
    expect(first.status).toBe(200);
    expect(first.headers.get('content-range')).toBe('clients 0-9/30');
    expect(first.body.map((c: { name: string }) => c.name)).toEqual(Array.from({ length: 10 }, (_, i) => `Paging ${String(i).padStart(2, '0')}`));
    expect(Object.keys(first.body[0]).sort()).toEqual(
      ['agentType', 'approveAutomatically', 'assigneeId', 'createdAt', 'freeagentSubdomain', 'freeagentUserId', 'id', 'name', 'nino', 'postcode', 'updatedAt', 'utr'].sort(),
    );

    const last = await list(`sort=${q(['name', 'ASC'])}&range=${q([25, 34])}&filter=${q({ q: 'PAGING' })}`);
    expect(last.headers.get('content-range')).toBe('clients 25-29/30');
    expect(last.body.map((c: { name: string }) => c.name)).toEqual(['Paging 25', 'Paging 26', 'Paging 27', 'Paging 28', 'Paging 29']);

    const beyond = await list(`range=${q([40, 49])}&filter=${q({ q: 'paging' })}`);
    expect(beyond.body).toEqual([]);
    expect(beyond.headers.get('content-range')).toBe('clients */30');

    const desc = await list(`sort=${q(['name', 'DESC'])}&range=${q([0, 1])}&filter=${q({ q: 'paging' })}`);
    expect(desc.body.map((c: { name: string }) => c.name)).toEqual(['Paging 29', 'Paging 28']);

    const byNino = await list(`sort=${q(['nino', 'DESC'])}&range=${q([0, 0])}&filter=${q({ q: 'paging' })}`);
    expect(byNino.body[0].nino).toBe('PG300029A');

    const byType = await list(`sort=${q(['agentType', 'DESC'])}&range=${q([0, 9])}&filter=${q({ q: 'paging' })}`);
    expect(byType.body.every((c: { agentType: string }) => c.agentType === 'supporting')).toBe(true);
  });

  it('searches name, NINO, UTR and postcode with q, ignoring case and spaces', async () => {
    const names = async (filter: object) => (await list(`range=${q([0, 99])}&filter=${q(filter)}`)).body.map((c: { name: string }) => c.name);
    expect(await names({ q: 'pg 30 00 12' })).toEqual(['Paging 12']);
    expect(await names({ q: PAGING_UTR.slice(0, 7) })).toEqual(['Paging 07']);
    expect(await names({ q: 'kw151xz' })).toEqual(['Paging 11']);
    expect(await names({ q: 'paging 2' })).toHaveLength(10);
    // LIKE's wildcards are taken literally.
    expect(await names({ q: 'pag%' })).toEqual([]);
  });

  it('filters by agentType, assigneeId (null: no one), approveAutomatically and freeagent', async () => {
    const total = async (filter: object) => (await list(`filter=${q({ q: 'paging', ...filter })}`)).headers.get('content-range');
    expect(await total({ agentType: 'supporting' })).toBe('clients 0-9/10');
    expect(await total({ assigneeId: manager.staffId })).toBe('clients 0-3/4');
    expect(await total({ assigneeId: null })).toBe('clients 0-24/26');
    expect(await total({ approveAutomatically: true })).toBe('clients 0-14/15');
    expect(await total({ freeagent: true })).toBe('clients 0-5/6');
    expect(await total({ freeagent: false, agentType: 'supporting' })).toBe('clients 0-7/8');
  });

  it('answers getMany: filter id as an array or as one id', async () => {
    const many = await list(`filter=${q({ id: [ids[3], ids[17]] })}`);
    expect(many.body.map((c: { id: string }) => c.id).sort()).toEqual([ids[3], ids[17]].sort());
    expect(many.headers.get('content-range')).toBe('clients 0-1/2');
    const one = await list(`filter=${q({ id: ids[5] })}`);
    expect(one.body.map((c: { name: string }) => c.name)).toEqual(['Paging 05']);
    const none = await list(`filter=${q({ id: [] })}`);
    expect(none.body).toEqual([]);
  });

  it('names the parameter of a bad sort, range or filter with 400', async () => {
    const cases: [string, string][] = [
      [`sort=${q(['colour', 'ASC'])}`, 'sort.0'],
      [`sort=${q(['name', 'UP'])}`, 'sort.1'],
      [`range=${q([5, 1])}`, 'range'],
      [`range=${q([0, 5000])}`, 'range'],
      ['range=abc', 'range'],
      [`filter=${q({ colour: 'red' })}`, 'filter.colour'],
      [`filter=${q({ id: ['not-a-uuid'] })}`, 'filter.id'],
      [`filter=${q({ agentType: 'sole' })}`, 'filter.agentType'],
      [`filter=${q({ freeagent: 'yes' })}`, 'filter.freeagent'],
    ];
    for (const [params, field] of cases) {
      const res = await list(params);
      expect(res.status, params).toBe(400);
      expect(fieldsOf(res.body).some((f) => f === field || f.startsWith(`${field}.`)), `${params}: ${JSON.stringify(res.body)}`).toBe(true);
    }
    const colour = await list(`filter=${q({ colour: 'red' })}`);
    expect(colour.body.fields[0].rule).toMatch(/^is not a filter of clients: the filters are q, id, agentType/);
  });
});

describe('CSV import', () => {
  const csv = (body: string, dryRun: boolean, contentType = 'text/csv; charset=utf-8') =>
    manager.call('POST', `/api/clients/import?dryRun=${dryRun}`, body, { 'content-type': contentType });
  const countByName = async (names: string[]) => (await engine.db.selectFrom('clients').select('id').where('name', 'in', names).execute()).length;

  let goodNino: string;
  let quotedNino: string;
  let file: string;
  beforeAll(() => {
    goodNino = nino('CE');
    quotedNino = nino('CE');
    // A spreadsheet's export: a byte order mark, CRLF, headers in its own case, a quoted comma, a blank row.
    file = [
      '\uFEFFName,NINO,UTR,agenttype,Postcode,AssigneeEmail,approveAutomatically',
      `Import One,${goodNino.toLowerCase()},${UTR},supporting,ec1a 1bb,${manager.email.toUpperCase()},yes`,
      '',
      `"Two, Import",${quotedNino},,,,,`,
      'Import Three,AB12,,,not a postcode,,',
    ].join('\r\n');
  });

  it('previews a file: each row numbered as a spreadsheet does, with its problems and normalised values; nothing written', async () => {
    const res = await csv(file, true);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ dryRun: true, created: 0 });
    expect(res.body.rows.map((r: { row: number; ok: boolean }) => [r.row, r.ok])).toEqual([
      [2, true],
      [4, true],
      [5, false],
    ]);
    expect(res.body.rows[0]).toEqual({
      row: 2,
      ok: true,
      errors: [],
      client: {
        name: 'Import One',
        nino: goodNino,
        utr: UTR,
        agentType: 'supporting',
        postcode: 'EC1A 1BB',
        freeagentSubdomain: null,
        freeagentUserId: null,
        approveAutomatically: true,
        assigneeEmail: manager.email,
        assigneeId: manager.staffId,
      },
    });
    expect(res.body.rows[1].client).toMatchObject({ name: 'Two, Import', nino: quotedNino, agentType: 'main', approveAutomatically: false, assigneeId: null });
    expect(res.body.rows[2].errors.map((e: { field: string }) => e.field)).toEqual(['nino', 'postcode']);
    expect(res.body.rows[2].errors[1].rule).toMatch(/UK postcode/);
    expect(res.body.rows[2].client).toMatchObject({ name: 'Import Three', nino: 'AB12', postcode: 'not a postcode' });
    expect(await countByName(['Import One', 'Two, Import', 'Import Three'])).toBe(0);
  });

  it('refuses to commit a file with any bad row: 400 IMPORT_HAS_ERRORS with the rows, and nothing written', async () => {
    const before = await engine.db.selectFrom('audit_events').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    const res = await csv(file, false);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'IMPORT_HAS_ERRORS', dryRun: false, created: 0 });
    expect(res.body.rows).toHaveLength(3);
    expect(res.body.rows[2].ok).toBe(false);
    expect(res.body.fields).toEqual([
      { field: 'row 5.nino', rule: res.body.rows[2].errors[0].rule },
      { field: 'row 5.postcode', rule: res.body.rows[2].errors[1].rule },
    ]);
    expect(await countByName(['Import One', 'Two, Import', 'Import Three'])).toBe(0);
    const after = await engine.db.selectFrom('audit_events').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
  });

  it('commits a clean file: every client added in one go, one audit event each and one for the import', async () => {
    const clean = file.split('\r\n').slice(0, -1).join('\r\n') + '\r\n';
    const res = await csv(clean, false);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ dryRun: false, created: 2 });
    const added = await engine.db.selectFrom('clients').selectAll().where('nino', 'in', [goodNino, quotedNino]).orderBy('name').execute();
    expect(added.map((c) => [c.name, c.nino, c.postcode, c.agent_type, c.assignee_id, c.approve_automatically])).toEqual([
      ['Import One', goodNino, 'EC1A 1BB', 'supporting', manager.staffId, true],
      ['Two, Import', quotedNino, null, 'main', null, false],
    ]);
    for (const client of added) {
      const audit = await auditOf(client.id);
      expect(audit.map((a) => [a.action, a.actor, a.before])).toEqual([['client.imported', manager.staffId, null]]);
      expect(audit[0]!.after).toMatchObject({ id: client.id, name: client.name, nino: client.nino });
    }
    const batch = await engine.db.selectFrom('audit_events').selectAll().where('action', '=', 'clients.imported').execute();
    expect(batch).toHaveLength(1);
    expect(batch[0]).toMatchObject({ actor: manager.staffId, entity_type: 'clients', after: { created: 2, clientIds: expect.arrayContaining(added.map((c) => c.id)) } });

    // The same file again: every NINO is now a client's.
    const again = await csv(clean, true);
    expect(again.body.rows.map((r: { errors: { field: string; rule: string }[] }) => r.errors)).toEqual([
      [{ field: 'nino', rule: 'must not already be a client: Import One has this NINO' }],
      [{ field: 'nino', rule: 'must not already be a client: Two, Import has this NINO' }],
    ]);
  });

  it('finds a NINO twice in the file, an unknown assignee and a bad yes/no, row by row', async () => {
    const twice = nino('CE');
    const res = await csv(
      ['name,nino,assigneeEmail,approveAutomatically', `Dup A,${twice},,`, `Dup B,${twice},nobody@practice.test,maybe`, ',,,', `Dup C,${nino('CE')},,`].join('\n'),
      true,
    );
    expect(res.status).toBe(200);
    expect(res.body.rows.map((r: { row: number; errors: { field: string; rule: string }[] }) => [r.row, r.errors])).toEqual([
      [2, [{ field: 'nino', rule: 'must be unique in the file: row 3 has the same NINO' }]],
      [
        3,
        [
          { field: 'approveAutomatically', rule: 'expected true or false (also yes/no, y/n, 1/0), or blank for false' },
          { field: 'nino', rule: 'must be unique in the file: row 2 has the same NINO' },
          { field: 'assigneeEmail', rule: 'must be the email of a member of staff' },
        ],
      ],
      [5, []],
    ]);
  });

  it('refuses a file that is not a client CSV, naming the column, the rule or the content type', async () => {
    const unknown = await csv('name,colour\nX,red\n', true);
    expect(unknown.status).toBe(400);
    expect(unknown.body.code).toBe('INVALID_CSV');
    expect(unknown.body.fields).toEqual([{ field: 'colour', rule: expect.stringMatching(/^is not a column of the client import/) }]);

    const noName = await csv('nino,utr\nAB123456C,\n', true);
    expect(noName.status).toBe(400);
    expect(noName.body.fields).toEqual([{ field: 'name', rule: expect.stringMatching(/must have a 'name' column/) }]);

    const unclosed = await csv('name,nino\n"unclosed,AB123456C\n', true);
    expect(unclosed.status).toBe(400);
    expect(unclosed.body.fields[0]).toMatchObject({ field: '(body)', rule: expect.stringMatching(/Quote Not Closed/) });

    const empty = await csv('', true);
    expect(empty.status).toBe(400);
    expect(fieldsOf(empty.body)).toEqual(['(body)']);

    const notCsv = await csv('{"name":"X"}', true, 'application/json');
    expect(notCsv.status).toBe(415);
    expect(notCsv.body).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE', fields: [{ field: 'content-type', rule: expect.stringMatching(/text\/csv/) }] });

    const badDryRun = await csv('name\nX\n', 'maybe' as unknown as boolean);
    expect(badDryRun.status).toBe(400);
    expect(fieldsOf(badDryRun.body)).toEqual(['dryRun']);
  });

  it('takes at most 10,000 clients in one file', async () => {
    const rows = Array.from({ length: 10_001 }, (_, i) => `Bulk ${i}`);
    const res = await csv(`name\n${rows.join('\n')}\n`, true);
    expect(res.status).toBe(400);
    expect(res.body.fields).toEqual([{ field: '(body)', rule: 'must hold at most 10000 client rows: split the file' }]);
  });
});

describe('CSV export', () => {
  it('exports the filtered clients with formula cells defused, and is not taken for a client id', async () => {
    const hostile = "=cmd|' /C calc'!A0";
    const marker = `Export ${randomUUID().slice(0, 8)}`;
    const a = await addClient({ name: `${marker} Alpha`, nino: nino('EX'), postcode: 'M1 1AE', assigneeId: manager.staffId, approveAutomatically: true });
    await addClient({ name: `${marker} Beta`, freeagentSubdomain: 'beta-books', freeagentUserId: '77' });
    const evil = await addClient({ name: hostile });
    await manager.call('PUT', `/api/clients/${evil.id}`, { name: `${hostile} ${marker}` });

    const res = await reviewer.call('GET', `/api/clients/export.csv?sort=${q(['name', 'ASC'])}&filter=${q({ q: marker })}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="clients-\d{4}-\d{2}-\d{2}\.csv"$/);
    const text = res.body as string;
    expect(text.startsWith('id,name,nino,utr,agentType,postcode,freeagentSubdomain,freeagentUserId,approveAutomatically,assigneeEmail,createdAt,updatedAt\r\n')).toBe(true);
    // A byte order mark first, so a spreadsheet reads the file as UTF-8 (Response.text() drops it, so look at the bytes).
    const raw = await engine.app.request('/api/clients/export.csv', { headers: { authorization: `Bearer ${reviewer.token}` } });
    expect([...new Uint8Array(await raw.arrayBuffer()).slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const records = parse(text, { bom: true, columns: true }) as Record<string, string>[];
    expect(records.map((r) => r.name)).toEqual([`'${hostile} ${marker}`, `${marker} Alpha`, `${marker} Beta`]);
    expect(records[1]).toMatchObject({ id: a.id, nino: a.nino, postcode: 'M1 1AE', assigneeEmail: manager.email, approveAutomatically: 'true', agentType: 'main', createdAt: a.createdAt });
    expect(records[2]).toMatchObject({ freeagentSubdomain: 'beta-books', freeagentUserId: '77', approveAutomatically: 'false', nino: '', assigneeEmail: '' });
    expect(text).not.toMatch(/(^|[\r\n,])=cmd/);

    // The export imports as it is (its id and timestamps are read and ignored): here only the NINO clashes.
    const reimport = await manager.call('POST', '/api/clients/import?dryRun=true', text, { 'content-type': 'text/csv' });
    expect(reimport.status).toBe(200);
    expect(reimport.body.rows.map((r: { errors: { field: string }[] }) => r.errors.map((e) => e.field))).toEqual([[], ['nino'], []]);

    const bad = await reviewer.call('GET', `/api/clients/export.csv?filter=${q({ colour: 1 })}`);
    expect(bad.status).toBe(400);
    expect(fieldsOf(bad.body)).toEqual(['filter.colour']);
  });
});

describe("a client's records export", () => {
  it('holds the client, businesses, years with payments and penalty points, steps with their detail, and the audit trail', async () => {
    await engine.db
      .insertInto('practice')
      .values({ name: 'Ledger & Co', arn: 'ZARN1234567', updated_at: new Date() })
      .onConflict((oc) => oc.column('id').doUpdateSet({ name: 'Ledger & Co', arn: 'ZARN1234567' }))
      .execute();
    const client = await addClient({ name: "Siobhán O'Neill", nino: nino('RE'), assigneeId: manager.staffId });
    await manager.call('PUT', `/api/clients/${client.id}`, { postcode: 'BT1 1AA' });
    const business = await engine.db
      .insertInto('businesses')
      .values({ client_id: client.id, hmrc_business_id: 'XAIS12345678901', type: 'self-employment', trading_name: 'O’Neill Joinery', commencement_date: '2020-04-06', updated_at: new Date() })
      .returningAll()
      .executeTakeFirstOrThrow();
    const year = await engine.db
      .insertInto('tax_years')
      .values({
        client_id: client.id,
        tax_year: '2026-27',
        workflow_id: `tax-year/${client.id}/2026-27`,
        stage: 'quarterly-updates',
        payments: JSON.stringify([{ dueOn: '2027-01-31', amountPence: 123_45 }]),
        penalty_points: JSON.stringify([{ period: 'q1', awardedOn: '2026-08-08' }]),
        updated_at: new Date(),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    const detail = { figures: { periodIncome: { turnover: 1_000_000 } }, previousFigures: null, comments: [{ by: manager.staffId, text: 'Checked the van costs' }], flags: [], result: { submissionId: 'sub-1' } };
    const problem = { code: 'RULE_OVERLAPPING_PERIOD', message: 'Overlapping period', paths: ['/periodDates'] };
    await engine.db
      .insertInto('steps')
      .values({
        tax_year_id: year.id,
        step_key: 'q1-update',
        kind: 'quarterly-update',
        business_id: business.id,
        status: 'needs-attention',
        due_date: '2026-08-07',
        detail: JSON.stringify(detail),
        last_error: JSON.stringify(problem),
        updated_at: new Date(),
      })
      .execute();
    await engine.db
      .insertInto('audit_events')
      .values([
        { actor: 'engine', action: 'year.started', entity_type: 'tax_year', entity_id: year.id, before: null, after: JSON.stringify({ stage: 'authorisation' }) },
        { actor: manager.staffId, action: 'step.figures-entered', entity_type: 'step', entity_id: `${year.id}/q1-update`, before: null, after: JSON.stringify(detail.figures) },
        { actor: 'engine', action: 'year.started', entity_type: 'tax_year', entity_id: randomUUID(), before: null, after: null },
      ])
      .execute();

    const res = await reviewer.call('GET', `/api/clients/${client.id}/records`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="siobhan-o-neill-records-\d{4}-\d{2}-\d{2}\.json"$/);
    const records = res.body;
    expect(Math.abs(Date.parse(records.exportedAt) - Date.now())).toBeLessThan(60_000);
    expect(records.practice).toEqual({ name: 'Ledger & Co', arn: 'ZARN1234567' });
    expect(records.units).toMatch(/integer pence/);
    expect(records.client).toMatchObject({ id: client.id, name: "Siobhán O'Neill", postcode: 'BT1 1AA', assignee: { id: manager.staffId, name: 'Mona Manager', email: manager.email } });
    expect(records.businesses).toEqual([expect.objectContaining({ id: business.id, hmrcBusinessId: 'XAIS12345678901', type: 'self-employment', tradingName: 'O’Neill Joinery', commencementDate: '2020-04-06' })]);
    expect(records.taxYears).toHaveLength(1);
    expect(records.taxYears[0]).toMatchObject({ id: year.id, taxYear: '2026-27', payments: [{ dueOn: '2027-01-31', amountPence: 12345 }], penaltyPoints: [{ period: 'q1' }] });
    expect(records.taxYears[0].steps).toEqual([expect.objectContaining({ stepKey: 'q1-update', status: 'needs-attention', dueDate: '2026-08-07', detail: { ...detail, figuresSource: null }, problem })]);
    expect(records.auditEvents.map((e: { action: string; entityType: string }) => [e.action, e.entityType])).toEqual([
      ['client.created', 'client'],
      ['client.updated', 'client'],
      ['year.started', 'tax_year'],
      ['step.figures-entered', 'step'],
    ]);
    expect(records.auditEvents[0]).toMatchObject({ actor: manager.staffId, actorName: 'Mona Manager', before: null, after: { id: client.id } });
    expect(records.auditEvents[1]).toMatchObject({ before: { postcode: null }, after: { postcode: 'BT1 1AA' } });
    expect(records.auditEvents[2]).toMatchObject({ actor: 'engine', actorName: null, entityId: year.id });

    expect((await reviewer.call('GET', `/api/clients/${randomUUID()}/records`)).status).toBe(404);
  });
});

describe('the OpenAPI document', () => {
  it('describes every clients route under the Clients tag with who may call it', async () => {
    const doc = (await reviewer.call('GET', '/api/openapi.json')).body;
    const ops = Object.entries(doc.paths as Record<string, Record<string, { tags: string[]; 'x-access': string }>>)
      .filter(([path]) => path.startsWith('/api/clients'))
      .flatMap(([path, item]) => Object.entries(item).map(([method, op]) => [`${method.toUpperCase()} ${path}`, op['x-access'], op.tags.join()]));
    expect(ops.sort()).toEqual(
      [
        ['DELETE /api/clients/{id}', 'clients:write', 'Clients'],
        ['GET /api/clients', 'read', 'Clients'],
        ['GET /api/clients/export.csv', 'read', 'Clients'],
        ['GET /api/clients/{id}', 'read', 'Clients'],
        ['GET /api/clients/{id}/records', 'read', 'Clients'],
        ['POST /api/clients', 'clients:write', 'Clients'],
        ['POST /api/clients/import', 'clients:write', 'Clients'],
        ['PUT /api/clients/{id}', 'clients:write', 'Clients'],
      ].sort(),
    );
    expect(Object.keys(doc.components.schemas)).toEqual(expect.arrayContaining(['Client', 'NewClient', 'ClientUpdate', 'ClientImport', 'ClientImportRefused', 'ClientRecords']));
  });
});
