// /api/clients: the practice's clients. The list in ra-data-simple-rest's shape, add, read, change and delete one, import
// many from CSV (previewed first), export them as CSV, and a client's whole digital record for the client to take away.
import { createHash } from 'node:crypto';
import { z } from '@hono/zod-openapi';
import { createRouter } from '../context';
import { staffOf } from '../auth/middleware';
import { apiRoute } from '../route';
import { ApiError } from '../errors';
import { contentRangeHeader, setContentRange } from '../lists';
import { ErrorSchema, UuidParam, errorResponses } from '../schemas';
import { EXPORT_COLUMNS, MAX_IMPORT_ROWS, readClientCsv, writeCsv, type ExportColumn } from './csv';
import { checkImport, commitImport } from './import';
import { clientRecords, recordsFilename } from './records';
import {
  ClientListQuery,
  ClientRecordsSchema,
  ClientSchema,
  ClientUpdateSchema,
  ImportErrorSchema,
  ImportQuery,
  ImportResultSchema,
  NewClientSchema,
  clientValidationHook,
  toClientJson,
} from './schemas';
import { clientOrder, clientWhere, createClient, deleteClient, findClient, listClients, updateClient } from './store';

const TAGS = ['Clients'];
const json = <T extends z.ZodType>(description: string, schema: T) => ({ description, content: { 'application/json': { schema } } });
const conflict = (description: string) => json(description, ErrorSchema);
const attachment = (filename: string) => `attachment; filename="${filename}"`;

/** The import's body: CSV as UTF-8 text, or a 415 naming the rule (the body limit is app.ts's). */
async function csvText(contentType: string | undefined, body: ArrayBuffer): Promise<string> {
  const [mediaType, ...parameters] = (contentType ?? '').split(';').map((part) => part.trim().toLowerCase());
  const charset = parameters.find((p) => p.startsWith('charset='))?.slice('charset='.length).replace(/"/g, '');
  if (mediaType !== 'text/csv' || (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8')) {
    throw new ApiError(415, 'UNSUPPORTED_MEDIA_TYPE', `An import is a CSV file sent as text/csv in UTF-8, not ${contentType ?? 'a body without a content type'}`, [
      { field: 'content-type', rule: 'must be text/csv (UTF-8, the default; e.g. text/csv; charset=utf-8)' },
    ]);
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    throw new ApiError(400, 'INVALID_CSV', 'The file is not UTF-8 text', [{ field: '(body)', rule: 'must be UTF-8 text: save the spreadsheet as "CSV UTF-8"' }]);
  }
}

export const clientsRouter = createRouter()
  .openapi(
    apiRoute('read', {
      method: 'get',
      path: '/',
      tags: TAGS,
      summary: 'List clients',
      description:
        'ra-data-simple-rest: sort=["name","ASC"] (name, nino, createdAt, updatedAt, agentType), range=[0,24], filter={"q":"smith"}. Filters: q (name, NINO, UTR or postcode), id (one or many), agentType, assigneeId (null: no one), approveAutomatically, freeagent (has a FreeAgent subdomain).',
      request: { query: ClientListQuery },
      responses: {
        200: { description: 'One page of clients; Content-Range gives the page and the total', headers: contentRangeHeader, content: { 'application/json': { schema: z.array(ClientSchema) } } },
        400: errorResponses[400],
      },
    }),
    async (c) => {
      const params = c.req.valid('query');
      const { rows, total } = await listClients(c.get('deps').db, params);
      setContentRange(c, 'clients', params.range.start, rows.length, total);
      return c.json(rows.map(toClientJson), 200);
    },
    clientValidationHook,
  )
  .openapi(
    // Before /{id}, which would otherwise take 'export.csv' for an id.
    apiRoute('read', {
      method: 'get',
      path: '/export.csv',
      tags: TAGS,
      summary: 'Export clients as CSV',
      description:
        "Every client the list's sort and filter select (range is ignored: no paging), with the import's columns, so the file imports again. Cells that a spreadsheet would run as a formula (starting = + - @ tab or CR) get a leading '.",
      request: { query: ClientListQuery },
      responses: {
        200: { description: 'The clients as CSV (UTF-8 with a byte order mark, CRLF)', content: { 'text/csv': { schema: z.string() } } },
        400: errorResponses[400],
      },
    }),
    async (c) => {
      const { db } = c.get('deps');
      const { sort, filter } = c.req.valid('query');
      const rows = await db
        .selectFrom('clients')
        .selectAll('clients')
        .select((eb) => eb.selectFrom('staff').select('staff.email').whereRef('staff.id', '=', 'clients.assignee_id').as('assignee_email'))
        .where(clientWhere(filter))
        .orderBy(clientOrder(sort))
        .execute();
      const csv = writeCsv(
        rows.map((row) => {
          const cells: Record<string, unknown> = { ...toClientJson(row), assigneeEmail: row.assignee_email };
          return Object.fromEntries(EXPORT_COLUMNS.map((column) => [column, cells[column] == null ? '' : String(cells[column])])) as Record<ExportColumn, string>;
        }),
      );
      return c.body(csv, 200, {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': attachment(`clients-${new Date().toISOString().slice(0, 10)}.csv`),
        'Cache-Control': 'no-store',
      });
    },
    clientValidationHook,
  )
  .openapi(
    apiRoute('clients:write', {
      method: 'post',
      path: '/import',
      tags: TAGS,
      summary: 'Import clients from CSV (preview with dryRun=true, then add with dryRun=false)',
      description: `A text/csv body (UTF-8, at most 5 MiB and ${MAX_IMPORT_ROWS} clients) whose header names its columns in any order and case: name (required), nino, utr, agentType, postcode, freeagentSubdomain, freeagentUserId, approveAutomatically, assigneeEmail (id, createdAt and updatedAt, as the export has them, are read and ignored). Each row is checked by the rules of POST /api/clients, and a NINO must be neither twice in the file nor already a client's. Rows are numbered as a spreadsheet numbers them (the header is row 1). dryRun=true (the default) writes nothing; dryRun=false adds every client in one transaction, or none if any row has a problem.`,
      request: {
        query: ImportQuery,
        body: { required: true, content: { 'text/csv': { schema: z.string().openapi({ example: 'name,nino,postcode\nJane Smith,AB123456C,SW1A 1AA' }) } } },
      },
      responses: {
        200: json('The preview: each row with its problems and normalised values; nothing written', ImportResultSchema),
        201: json('Every client added', ImportResultSchema),
        400: json('IMPORT_HAS_ERRORS: a row has a problem and nothing was added (with every row); or the file is not a client CSV (INVALID_CSV names the column or rule)', z.union([ImportErrorSchema, ErrorSchema])),
        409: conflict('A client with one of the NINOs was added while the import ran; nothing was added'),
        413: conflict('The file is larger than 5 MiB'),
        415: conflict('The body is not text/csv in UTF-8'),
      },
    }),
    async (c) => {
      const { db } = c.get('deps');
      const { dryRun } = c.req.valid('query');
      const body = await c.req.arrayBuffer();
      const rows = await checkImport(db, readClientCsv(await csvText(c.req.header('content-type'), body)));
      if (dryRun) return c.json({ dryRun, rows, created: 0 }, 200);
      const failing = rows.filter((r) => !r.ok);
      if (failing.length > 0) {
        const fields = failing.flatMap((r) => r.errors.map((e) => ({ field: `row ${r.row}.${e.field}`, rule: e.rule }))).slice(0, 100);
        const message = `Nothing was imported: ${failing.length} of ${rows.length} rows have problems (first: row ${failing[0]!.row}, ${failing[0]!.errors[0]!.field} ${failing[0]!.errors[0]!.rule})`;
        return c.json({ code: 'IMPORT_HAS_ERRORS', message, fields, dryRun, rows, created: 0 as const }, 400);
      }
      const created = await commitImport(db, staffOf(c).id, rows, { sha256: createHash('sha256').update(new Uint8Array(body)).digest('hex'), bytes: body.byteLength });
      return c.json({ dryRun, rows, created: created.length }, 201);
    },
    clientValidationHook,
  )
  .openapi(
    apiRoute('clients:write', {
      method: 'post',
      path: '/',
      tags: TAGS,
      summary: 'Add a client',
      request: { body: { required: true, content: { 'application/json': { schema: NewClientSchema } } } },
      responses: {
        201: json('The client', ClientSchema),
        400: errorResponses[400],
        409: conflict('CLIENT_EXISTS: a client with this NINO exists'),
      },
    }),
    async (c) => {
      const row = await createClient(c.get('deps').db, staffOf(c).id, c.req.valid('json'));
      return c.json(toClientJson(row), 201);
    },
    clientValidationHook,
  )
  .openapi(
    apiRoute('read', {
      method: 'get',
      path: '/{id}',
      tags: TAGS,
      summary: 'Read a client',
      request: { params: UuidParam },
      responses: { 200: json('The client', ClientSchema), 400: errorResponses[400], 404: errorResponses[404] },
    }),
    async (c) => {
      const row = await findClient(c.get('deps').db, c.req.valid('param').id);
      return c.json(toClientJson(row), 200);
    },
    clientValidationHook,
  )
  .openapi(
    apiRoute('clients:write', {
      method: 'put',
      path: '/{id}',
      tags: TAGS,
      summary: 'Change a client',
      description:
        'The fields given replace the stored ones; fields left out keep their values, and null clears one. The whole record as GET answers it may be sent back: id (which must be the path\'s), createdAt and updatedAt are ignored. An assignee is checked only when it changes.',
      request: { params: UuidParam, body: { required: true, content: { 'application/json': { schema: ClientUpdateSchema } } } },
      responses: {
        200: json('The client as changed', ClientSchema),
        400: errorResponses[400],
        404: errorResponses[404],
        409: conflict('CLIENT_EXISTS: another client has this NINO'),
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const { id: bodyId, createdAt: _createdAt, updatedAt: _updatedAt, ...changes } = c.req.valid('json');
      if (bodyId !== undefined && bodyId !== id) {
        throw new ApiError(400, 'INVALID_REQUEST', `The body's id ${bodyId} is not the client ${id} in the path`, [{ field: 'id', rule: 'must equal the id in the path: a client\'s id cannot change' }]);
      }
      const row = await updateClient(c.get('deps').db, staffOf(c).id, id, changes);
      return c.json(toClientJson(row), 200);
    },
    clientValidationHook,
  )
  .openapi(
    apiRoute('clients:write', {
      method: 'delete',
      path: '/{id}',
      tags: TAGS,
      summary: 'Delete a client with no tax years',
      description: 'Answers the deleted client (react-admin shows it). A client with any tax year is kept: 409 CLIENT_HAS_TAX_YEARS.',
      request: { params: UuidParam },
      responses: {
        200: json('The client, now deleted', ClientSchema),
        400: errorResponses[400],
        404: errorResponses[404],
        409: conflict('CLIENT_HAS_TAX_YEARS: the client has tax years, whose records the practice must keep'),
      },
    }),
    async (c) => {
      const row = await deleteClient(c.get('deps').db, staffOf(c).id, c.req.valid('param').id);
      return c.json(toClientJson(row), 200);
    },
    clientValidationHook,
  )
  .openapi(
    apiRoute('read', {
      method: 'get',
      path: '/{id}/records',
      tags: TAGS,
      summary: "Download a client's digital records",
      description:
        "Everything the practice holds for the client, as JSON to keep: the client, its businesses, every tax year (payments, penalty points) with every step's figures, previous figures, comments, result and problem, and the audit events about all of them. Money is integer pence (see units).",
      request: { params: UuidParam },
      responses: {
        200: { description: 'The records, as an attachment named after the client and the day', content: { 'application/json': { schema: ClientRecordsSchema } } },
        400: errorResponses[400],
        404: errorResponses[404],
      },
    }),
    async (c) => {
      const now = new Date();
      const records = await clientRecords(c.get('deps').db, c.req.valid('param').id, now);
      c.header('Content-Disposition', attachment(recordsFilename(records.client.name, now)));
      c.header('Cache-Control', 'no-store');
      return c.json(records, 200);
    },
    clientValidationHook,
  );
