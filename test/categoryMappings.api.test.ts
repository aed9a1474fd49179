// The practice edits the FreeAgent category mapping through the API: the table in force, overrides checked against
// HMRC's field names, removal, an audit event for each change, and activities reading the same table.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CATEGORY_MAPPING } from '../integrations/freeagent/categoryMapping';
import { loadCategoryMapping } from '../integrations/freeagent/categoryMappingStore';
import { startTestEngine, type TestEngine } from './helpers/engine';
import { signedIn, type SignedIn } from './helpers/staff';

let engine: TestEngine;
let ann: SignedIn;
let bob: SignedIn;
let reviewer: SignedIn;
// Codes of this file's own, so other files sharing the run's database are not disturbed.
const CODES = ['363', '285-7', '364'];

beforeAll(async () => {
  engine = await startTestEngine();
  await engine.db.deleteFrom('category_mappings').where('nominal_code', 'in', CODES).execute();
  [ann, bob, reviewer] = await Promise.all([signedIn(engine.app, engine.db, 'admin', 'Ann'), signedIn(engine.app, engine.db, 'admin', 'Bob'), signedIn(engine.app, engine.db, 'reviewer')]);
});
afterAll(async () => {
  await engine?.db.deleteFrom('category_mappings').where('nominal_code', 'in', CODES).execute();
  await engine?.stop();
});

/** As an admin (Ann unless another is given): overrides are the practice's configuration. */
const put = (code: string, body: unknown, staff?: SignedIn) =>
  engine.app.request(`/api/category-mappings/${code}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${(staff ?? ann).token}` },
    body: JSON.stringify(body),
  });
const get = (path: string, staff?: SignedIn) => engine.app.request(path, { headers: { authorization: `Bearer ${(staff ?? reviewer).token}` } });
const del = (code: string, staff?: SignedIn) => engine.app.request(`/api/category-mappings/${code}`, { method: 'DELETE', headers: { authorization: `Bearer ${(staff ?? ann).token}` } });

async function auditFor(code: string) {
  return engine.db.selectFrom('audit_events').selectAll().where('entity_type', '=', 'category_mapping').where('entity_id', '=', code).orderBy('id').execute();
}

describe('GET /api/category-mappings', () => {
  it("lists the table's rows as defaults, with a Content-Range for the console", async () => {
    const response = await get('/api/category-mappings');
    expect(response.status).toBe(200);
    const rows = (await response.json()) as { nominalCode: string; source: string }[];
    for (const row of CATEGORY_MAPPING) expect(rows).toContainEqual(expect.objectContaining({ id: row.nominalCode, nominalCode: row.nominalCode, source: 'default', updatedAt: null }));
    expect(response.headers.get('content-range')).toBe(`category-mappings 0-${rows.length - 1}/${rows.length}`);
    const one = await get('/api/category-mappings/285');
    expect(await one.json()).toEqual({
      id: '285',
      nominalCode: '285',
      freeAgentName: 'Accommodation and Meals',
      selfEmployment: 'periodExpenses.carVanTravelExpenses',
      ukProperty: 'expenses.travelCosts',
      source: 'default',
      updatedAt: null,
      updatedBy: null,
    });
    expect((await get('/api/category-mappings/364')).status).toBe(404);
  });
});

describe('PUT and DELETE /api/category-mappings/:nominalCode', () => {
  it('adds an override, shows it in the table in force, audits it, and removes it again', async () => {
    const created = await put('363', { freeAgentName: 'Computer Software', selfEmployment: 'periodExpenses.adminCosts', ukProperty: null }, ann);
    expect(created.status).toBe(200);
    expect(await created.json()).toMatchObject({ nominalCode: '363', selfEmployment: 'periodExpenses.adminCosts', ukProperty: null, source: 'override', updatedBy: ann.staffId });

    // The name is kept when a later edit leaves it out.
    const updated = await put('363', { selfEmployment: 'periodExpenses.otherExpenses', ukProperty: { excluded: 'Not a property cost' } }, bob);
    expect(await updated.json()).toMatchObject({ freeAgentName: 'Computer Software', selfEmployment: 'periodExpenses.otherExpenses', ukProperty: { excluded: 'Not a property cost' } });

    const list = (await (await get('/api/category-mappings')).json()) as { nominalCode: string; source: string }[];
    expect(list.find((r) => r.nominalCode === '363')).toMatchObject({ source: 'override', updatedBy: bob.staffId });
    const mapping = await loadCategoryMapping(engine.db);
    expect(mapping.find((m) => m.nominalCode === '363')).toMatchObject({ selfEmployment: 'periodExpenses.otherExpenses', ukProperty: { excluded: 'Not a property cost' }, basis: 'override' });

    const removed = await del('363', ann);
    expect(removed.status).toBe(200);
    expect((await get('/api/category-mappings/363')).status).toBe(404);
    const again = await del('363');
    expect(again.status).toBe(404);
    expect(await again.json()).toMatchObject({ code: 'CATEGORY_MAPPING_OVERRIDE_NOT_FOUND', fields: [{ field: 'nominalCode' }] });

    const audit = await auditFor('363');
    expect(audit.map((e) => [e.action, e.actor])).toEqual([
      ['category-mapping.override.create', ann.staffId],
      ['category-mapping.override.update', bob.staffId],
      ['category-mapping.override.delete', ann.staffId],
    ]);
    expect(audit[0]!.before).toBeNull();
    expect(audit[1]!.before).toMatchObject({ selfEmployment: 'periodExpenses.adminCosts' });
    expect(audit[1]!.after).toMatchObject({ selfEmployment: 'periodExpenses.otherExpenses' });
    expect(audit[2]!.after).toBeNull();
  });

  it("overrides a table row, and the table's row applies again once the override is removed", async () => {
    const overridden = await put('285-7', { freeAgentName: 'Accommodation and Meals: directors', selfEmployment: { excluded: 'Personal, not business' }, ukProperty: { excluded: 'Personal, not business' } });
    expect(overridden.status).toBe(200);
    const mapping = await loadCategoryMapping(engine.db);
    expect(mapping.find((m) => m.nominalCode === '285-7')).toMatchObject({ selfEmployment: { excluded: 'Personal, not business' }, basis: 'override' });
    expect(mapping.find((m) => m.nominalCode === '285')).toMatchObject({ selfEmployment: 'periodExpenses.carVanTravelExpenses', basis: 'table' });
    expect((await del('285-7')).status).toBe(200);
    expect((await loadCategoryMapping(engine.db)).find((m) => m.nominalCode === '285-7')).toBeUndefined();
    expect((await auditFor('285-7')).map((e) => e.actor)).toEqual([ann.staffId, ann.staffId]);
  });

  it('refuses a typo in a target with 400 naming the field and the rule, and suggests the field meant', async () => {
    const typo = await put('364', { freeAgentName: 'Software', selfEmployment: 'periodExpenses.adminCost', ukProperty: null });
    expect(typo.status).toBe(400);
    const body = (await typo.json()) as { code: string; fields: { field: string; rule: string }[] };
    expect(body.code).toBe('INVALID_REQUEST');
    expect(body.fields).toHaveLength(1);
    expect(body.fields[0]!.field).toBe('selfEmployment');
    expect(body.fields[0]!.rule).toContain("'periodExpenses.adminCost' is not an HMRC self-employment field (did you mean 'periodExpenses.adminCosts'?)");
    expect(body.fields[0]!.rule).toContain('periodExpenses.professionalFees');

    const propertyTypo = await put('364', { freeAgentName: 'Software', selfEmployment: null, ukProperty: 'periodExpenses.adminCosts' });
    expect(((await propertyTypo.json()) as { fields: { field: string; rule: string }[] }).fields[0]).toMatchObject({ field: 'ukProperty', rule: expect.stringContaining('is not an HMRC UK property field') });
    expect(await auditFor('364')).toEqual([]);
  });

  it('refuses other bad input with 400 naming each field, never a 500', async () => {
    const cases: [string, unknown, string][] = [
      ['364', { selfEmployment: 'periodExpenses.adminCosts', ukProperty: null }, 'freeAgentName'],
      ['364', { freeAgentName: 'Software', ukProperty: null }, 'selfEmployment'],
      ['364', { freeAgentName: 'Software', selfEmployment: { excluded: ' ' }, ukProperty: null }, 'selfEmployment.excluded'],
      ['364', { freeAgentName: 'Software', selfEmployment: { excluded: 'a' }, ukProperty: { excluded: 'b' } }, 'ukProperty.excluded'],
      ['364', { freeAgentName: 'Software', selfEmployment: null, ukProperty: null, colour: 'red' }, '(body)'],
      ['750', { freeAgentName: 'Bank', selfEmployment: null, ukProperty: null }, 'nominalCode'],
      ['abc', { freeAgentName: 'X', selfEmployment: null, ukProperty: null }, 'nominalCode'],
    ];
    for (const [code, body, field] of cases) {
      const response = await put(code, body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      const fields = ((await response.json()) as { fields: { field: string }[] }).fields.map((f) => f.field);
      expect(fields, JSON.stringify(body)).toContain(field);
    }
    const malformed = await engine.app.request('/api/category-mappings/364', { method: 'PUT', headers: { 'content-type': 'application/json', authorization: `Bearer ${ann.token}` }, body: '{"selfEmployment":' });
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ code: 'MALFORMED_REQUEST' });
    expect(await auditFor('364')).toEqual([]);
  });
});

describe('who may change the mapping', () => {
  it('lets every role read it, and only an admin change it', async () => {
    expect((await get('/api/category-mappings/285', reviewer)).status).toBe(200);
    const manager = await signedIn(engine.app, engine.db, 'manager');
    const refused = await put('364', { freeAgentName: 'Software', selfEmployment: null, ukProperty: null }, manager);
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ code: 'FORBIDDEN' });
    expect((await del('285', manager)).status).toBe(403);
    expect(await auditFor('364')).toEqual([]);
  });
});
