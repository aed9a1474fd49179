// Property-based fuzzing of every operation in the control API's OpenAPI document (fast-check), signed in as an admin
// (who may call everything): malformed paths, queries, bodies, content types and sizes never yield a 5xx, and every
// 400 names each failing field and its rule.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { startTestEngine, type TestEngine } from './helpers/engine';
import { request, signedIn, type ApiResponse, type SignedIn } from './helpers/staff';

interface JsonSchema {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  enum?: unknown[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
}

interface Operation {
  method: string;
  path: string;
  queryNames: string[];
  bodySchema: JsonSchema | null;
  bodyType: string | null;
}

let engine: TestEngine;
let admin: SignedIn;
let operations: Operation[];
let components: Record<string, JsonSchema>;

beforeAll(async () => {
  engine = await startTestEngine({ ownDatabase: true, inProcessWorkers: false });
  admin = await signedIn(engine.app, engine.db, 'admin');
  const doc = (await request(engine.app, 'GET', '/api/openapi.json')).body as {
    paths: Record<string, Record<string, { parameters?: { name: string; in: string }[]; requestBody?: { content: Record<string, { schema: JsonSchema }> } }>>;
    components: { schemas: Record<string, JsonSchema> };
  };
  components = doc.components?.schemas ?? {};
  operations = Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, op]) => {
      const [bodyType, media] = Object.entries(op.requestBody?.content ?? {})[0] ?? [null, null];
      return {
        method: method.toUpperCase(),
        path,
        queryNames: (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name),
        bodySchema: media?.schema ?? null,
        bodyType,
      };
    }),
  );
});
afterAll(async () => {
  await engine?.stop();
});

function resolve(schema: JsonSchema | undefined): JsonSchema {
  if (!schema) return {};
  if (schema.$ref) return resolve(components[schema.$ref.split('/').pop()!]);
  return schema;
}

const nasty = fc.constantFrom('', ' ', '..', '../../etc/passwd', '%00', 'null', 'undefined', '1e309', '-1', "'; drop table clients; --", '<script>', '=cmd|calc', '\u0000', '😀', 'a'.repeat(5000));
const anyJson = fc.jsonValue({ maxDepth: 3 });

/** Values shaped a little like what a field wants, and a lot not. */
function valueFor(schema: JsonSchema, depth = 0): fc.Arbitrary<unknown> {
  const s = resolve(schema);
  const options: fc.Arbitrary<unknown>[] = [anyJson, nasty, fc.constant(null)];
  if (s.enum) options.push(fc.constantFrom(...s.enum));
  if (s.type === 'integer' || s.type === 'number') options.push(fc.integer(), fc.double(), fc.constantFrom(2 ** 53, -(2 ** 31), 0));
  if (s.type === 'string') options.push(fc.string(), fc.uuid(), fc.constantFrom('2026-27', 'AB123456C', '2026-05-07', '2026-05-07T10:00:00Z'));
  if (s.type === 'boolean') options.push(fc.boolean());
  if (s.type === 'array' && depth < 3) options.push(fc.array(valueFor(s.items ?? {}, depth + 1), { maxLength: 4 }));
  if (s.properties && depth < 3) options.push(objectFor(s, depth + 1));
  for (const alternative of [...(s.anyOf ?? []), ...(s.oneOf ?? [])]) if (depth < 3) options.push(valueFor(alternative, depth + 1));
  return fc.oneof(...options);
}

function objectFor(schema: JsonSchema, depth = 0): fc.Arbitrary<Record<string, unknown>> {
  const s = resolve(schema);
  const keys = Object.keys(s.properties ?? {});
  const shaped = keys.length > 0 ? fc.record(Object.fromEntries(keys.map((k) => [k, valueFor(s.properties![k]!, depth)])), { requiredKeys: [] }) : fc.constant({});
  return fc.tuple(shaped, fc.option(fc.dictionary(fc.string({ maxLength: 8 }), anyJson, { maxKeys: 2 }), { nil: undefined })).map(([o, extra]) => ({ ...o, ...(extra ?? {}) }));
}

const queryValue = fc.oneof(
  nasty,
  fc.string(),
  anyJson.map((v) => JSON.stringify(v)),
  fc.constantFrom('["name","ASC"]', '["nope","DESC"]', '[0,24]', '[5,1]', '[0,100000]', '[-1,2]', '{"q":"a"}', '{"status":["done"]}', '{"unknown":1}', '{"id":["x"]}', '{'),
);

function requestFor(op: Operation) {
  const pathValue = fc.oneof(fc.uuid(), nasty, fc.string({ minLength: 1 }));
  const params = (op.path.match(/\{[^}]+\}/g) ?? []).map(() => pathValue);
  const query = fc.array(fc.tuple(fc.constantFrom(...(op.queryNames.length > 0 ? op.queryNames : ['x'])), queryValue), { maxLength: 3 });
  const body = fc.oneof(
    op.bodySchema ? objectFor(op.bodySchema).map((o) => JSON.stringify(o)) : anyJson.map((v) => JSON.stringify(v)),
    anyJson.map((v) => JSON.stringify(v)),
    fc.string(),
    fc.constant('{"unterminated":'),
    fc.constant('name,nino\n"unclosed,AB123456C\n'),
  );
  const contentType = fc.constantFrom(op.bodyType ?? 'application/json', 'application/json', 'text/plain', 'text/csv', 'application/x-www-form-urlencoded', '');
  return fc.record({ params: fc.tuple(...params), query, body, contentType });
}

async function send(op: Operation, r: { params: string[]; query: [string, string][]; body: string; contentType: string }): Promise<ApiResponse> {
  let i = 0;
  const path = op.path.replace(/\{[^}]+\}/g, () => encodeURIComponent(r.params[i++]!) || '%20');
  const search = new URLSearchParams(r.query).toString();
  const hasBody = !['GET', 'HEAD', 'DELETE'].includes(op.method);
  const headers: Record<string, string> = r.contentType && hasBody ? { 'content-type': r.contentType } : {};
  let res = await admin.call(op.method, `${path}${search ? `?${search}` : ''}`, hasBody ? r.body : undefined, headers);
  if (res.status === 401 && op.path !== '/api/auth/login') {
    // A fuzzed sign-out ended the session: sign in again and carry on.
    admin = await signedIn(engine.app, engine.db, 'admin');
    res = await admin.call(op.method, `${path}${search ? `?${search}` : ''}`, hasBody ? r.body : undefined, headers);
  }
  return res;
}

function checkAnswer(op: Operation, res: ApiResponse): void {
  const where = `${op.method} ${op.path} -> ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`;
  // A connection this engine has not configured answers 503 by design; nothing else may be a 5xx.
  const unconfigured = res.status === 503 && /_NOT_CONFIGURED$/.test(res.body?.code ?? '');
  expect(res.status >= 500 && !unconfigured, where).toBe(false);
  if (res.status >= 400 && res.status !== 405) {
    expect(typeof res.body?.code, where).toBe('string');
    expect(typeof res.body?.message, where).toBe('string');
  }
  if (res.status === 400) {
    expect(Array.isArray(res.body.fields) && res.body.fields.length > 0, where).toBe(true);
    for (const f of res.body.fields) {
      expect(typeof f.field === 'string' && f.field.length > 0, where).toBe(true);
      expect(typeof f.rule === 'string' && f.rule.length > 0, where).toBe(true);
    }
  }
}

describe('fuzzing every operation', () => {
  it('never answers a 5xx, and every 400 names its fields and rules', async () => {
    let requests = 0;
    for (const op of operations) {
      await fc.assert(
        fc.asyncProperty(requestFor(op), async (r) => {
          requests += 1;
          checkAnswer(op, await send(op, r));
        }),
        { numRuns: 40, seed: 20261122 },
      );
    }
    expect(requests).toBe(operations.length * 40);
  }, 600_000);

  it('refuses an oversized body with 413 naming the body, never reading it whole', async () => {
    const huge = JSON.stringify({ name: 'x'.repeat(2 * 1024 * 1024) });
    const res = await admin.call('POST', '/api/clients', huge);
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({ code: 'BODY_TOO_LARGE', fields: [{ field: '(body)' }] });
  });
});
