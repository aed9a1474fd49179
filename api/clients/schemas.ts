// The clients resource's schemas: one set of field rules for the JSON routes and the CSV import, the list's sort and
// filters, and the shapes of the import's answer and the records export (the OpenAPI document is generated from them).
import { z } from '@hono/zod-openapi';
import { StepJsonSchema } from '../steps/schemas';
import type { ZodError } from 'zod';
import type { Client } from '../../db/schema';
import { invalidRequest, type FieldProblem } from '../errors';
import { IdsFilter, listQuerySchema } from '../lists';
import { ErrorSchema, NinoString, UtrString } from '../schemas';

export const AGENT_TYPES = ['main', 'supporting'] as const;

const NAME_RULE = 'expected a name of 1 to 200 characters';
/** Control characters: no name holds one, and PostgreSQL refuses NUL in text outright. */
export const CONTROL = /\p{Cc}/u;
const POSTCODE = /^(GIR 0AA|[A-Z]{1,2}[0-9][A-Z0-9]? [0-9][A-Z]{2})$/;
const POSTCODE_RULE = "expected a UK postcode such as 'SW1A 1AA': an outward code (SW1A) then an inward code of a digit and two letters (1AA)";
const SUBDOMAIN = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const SUBDOMAIN_RULE = "expected the client's FreeAgent subdomain (as in https://<subdomain>.freeagent.com): lower-case letters, digits and hyphens, not starting or ending with a hyphen, at most 63 characters";
const FREEAGENT_USER_RULE = "expected the client's FreeAgent user id: digits, as in /v2/users/<id>";

/** Upper case with one space before the inward code, as Royal Mail writes it ('sw1a1aa' -> 'SW1A 1AA'). */
export function normalisePostcode(value: string): string {
  const compact = value.replace(/\s+/g, '').toUpperCase();
  return compact.length > 3 ? `${compact.slice(0, -3)} ${compact.slice(-3)}` : compact;
}

function ruledString(typeRule: string, pattern: RegExp, rule: string, example: string, normalise: (value: string) => string) {
  return z
    .string({ error: typeRule })
    .transform(normalise)
    .refine((value) => pattern.test(value), rule)
    .openapi({ type: 'string', example });
}

export const PostcodeString = ruledString('expected a UK postcode as text', POSTCODE, POSTCODE_RULE, 'SW1A 1AA', normalisePostcode);
export const FreeAgentSubdomainString = ruledString('expected a FreeAgent subdomain as text', SUBDOMAIN, SUBDOMAIN_RULE, 'smith-plumbing', (v) => v.trim().toLowerCase());
export const FreeAgentUserIdString = ruledString('expected a FreeAgent user id as text', /^[0-9]{1,20}$/, FREEAGENT_USER_RULE, '123456', (v) => v.trim());

/** A checked string or null (null clears the field); the document says so, which the string's own type hides. */
function nullableText<T extends z.ZodType>(schema: T, example: string) {
  return schema.nullable().openapi({ type: ['string', 'null'], example });
}

/** Each field's rule, shared by POST, PUT and the CSV import (which checks a row field by field). */
export const clientFields = {
  name: z
    .string({ error: (issue) => (issue.input === undefined ? `required: ${NAME_RULE}` : 'expected the client name as text') })
    .trim()
    .min(1, NAME_RULE)
    .max(200, NAME_RULE)
    .refine((name) => !CONTROL.test(name), 'expected a name without control characters (tabs, line breaks, NUL)')
    .openapi({ example: 'Jane Smith' }),
  nino: nullableText(NinoString, 'AB123456C'),
  utr: nullableText(UtrString, '2234567890'),
  agentType: z.enum(AGENT_TYPES, { error: "expected 'main' or 'supporting'" }),
  postcode: nullableText(PostcodeString, 'SW1A 1AA'),
  freeagentSubdomain: nullableText(FreeAgentSubdomainString, 'smith-plumbing'),
  freeagentUserId: nullableText(FreeAgentUserIdString, '123456'),
  approveAutomatically: z.boolean({ error: 'expected true or false' }),
  assigneeId: z.uuid('expected the id (a UUID) of an active member of staff, or null').nullable(),
};

export type ClientFieldName = keyof typeof clientFields;
export const CLIENT_FIELD_NAMES = Object.keys(clientFields) as ClientFieldName[];

export const NewClientSchema = z
  .strictObject({
    name: clientFields.name,
    nino: clientFields.nino.optional(),
    utr: clientFields.utr.optional(),
    agentType: clientFields.agentType.default('main'),
    postcode: clientFields.postcode.optional(),
    freeagentSubdomain: clientFields.freeagentSubdomain.optional(),
    freeagentUserId: clientFields.freeagentUserId.optional(),
    approveAutomatically: clientFields.approveAutomatically.default(false),
    assigneeId: clientFields.assigneeId.optional(),
  })
  .openapi('NewClient');
export type NewClientInput = z.output<typeof NewClientSchema>;

const READ_ONLY = 'read-only: accepted (react-admin sends the whole record back) and ignored';

/**
 * PUT: the fields given replace the stored ones and those left out keep their values (null clears one). The read-only
 * fields a client sends back with the record are accepted and ignored, bar an id that is not the path's.
 */
export const ClientUpdateSchema = z
  .strictObject({
    id: z.uuid('expected the id of the client in the path').optional().openapi({ description: 'read-only: must equal the id in the path' }),
    createdAt: z.unknown().optional().openapi({ description: READ_ONLY }),
    updatedAt: z.unknown().optional().openapi({ description: READ_ONLY }),
    name: clientFields.name.optional(),
    nino: clientFields.nino.optional(),
    utr: clientFields.utr.optional(),
    agentType: clientFields.agentType.optional(),
    postcode: clientFields.postcode.optional(),
    freeagentSubdomain: clientFields.freeagentSubdomain.optional(),
    freeagentUserId: clientFields.freeagentUserId.optional(),
    approveAutomatically: clientFields.approveAutomatically.optional(),
    assigneeId: clientFields.assigneeId.optional(),
  })
  .openapi('ClientUpdate');
export type ClientChanges = Partial<Pick<NewClientInput, ClientFieldName>>;

export const ClientSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    nino: z.string().nullable(),
    utr: z.string().nullable(),
    agentType: z.enum(AGENT_TYPES),
    postcode: z.string().nullable(),
    freeagentSubdomain: z.string().nullable(),
    freeagentUserId: z.string().nullable(),
    approveAutomatically: z.boolean(),
    assigneeId: z.uuid().nullable(),
    createdAt: z.string().openapi({ example: '2026-11-22T09:00:00.000Z' }),
    updatedAt: z.string(),
  })
  .openapi('Client');
export type ClientJson = z.infer<typeof ClientSchema>;

export function toClientJson(row: Client): ClientJson {
  return {
    id: row.id,
    name: row.name,
    nino: row.nino,
    utr: row.utr,
    agentType: row.agent_type,
    postcode: row.postcode,
    freeagentSubdomain: row.freeagent_subdomain,
    freeagentUserId: row.freeagent_user_id,
    approveAutomatically: row.approve_automatically,
    assigneeId: row.assignee_id,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

export const CLIENT_SORTABLE = ['name', 'nino', 'createdAt', 'updatedAt', 'agentType'] as const;

export const ClientFilterSchema = z.object({
  q: z
    .string({ error: 'expected text to search names, NINOs, UTRs and postcodes for' })
    .trim()
    .max(200, 'expected at most 200 characters')
    .refine((q) => !CONTROL.test(q), 'expected text without control characters')
    .optional()
    .openapi({ description: 'Case-insensitive search of name, NINO, UTR and postcode (spaces ignored in the last three)' }),
  id: IdsFilter.optional(),
  agentType: z.enum(AGENT_TYPES, { error: "expected 'main' or 'supporting'" }).optional(),
  assigneeId: z.uuid('expected the id (a UUID) of a member of staff, or null for clients no one looks after').nullable().optional(),
  approveAutomatically: z.boolean({ error: 'expected true or false' }).optional(),
  freeagent: z.boolean({ error: 'expected true (has a FreeAgent subdomain) or false' }).optional(),
});
export type ClientFilter = z.output<typeof ClientFilterSchema>;

export const ClientListQuery = listQuerySchema(CLIENT_SORTABLE, ClientFilterSchema);
export type ClientListParams = z.output<typeof ClientListQuery>;

export const ImportQuery = z.object({
  dryRun: z
    .enum(['true', 'false'], { error: 'expected true (preview, nothing written) or false (add the clients)' })
    .default('true')
    .transform((value) => value === 'true')
    .openapi({ param: { name: 'dryRun', in: 'query' }, example: 'true', description: 'true (the default) previews the import and writes nothing' }),
});

const FieldProblemSchema = z.object({ field: z.string(), rule: z.string() });

export const ImportedClientSchema = z
  .object({
    name: z.string().nullable(),
    nino: z.string().nullable(),
    utr: z.string().nullable(),
    agentType: z.string().nullable(),
    postcode: z.string().nullable(),
    freeagentSubdomain: z.string().nullable(),
    freeagentUserId: z.string().nullable(),
    approveAutomatically: z.union([z.boolean(), z.string()]).nullable(),
    assigneeEmail: z.string().nullable(),
    assigneeId: z.string().nullable(),
  })
  .openapi('ImportedClient', { description: "A row's values, normalised where they passed their rule and as given where they did not" });

export const ImportRowSchema = z
  .object({
    row: z.number().int().openapi({ description: 'The row as a spreadsheet numbers it: the header is row 1, so the first client is row 2' }),
    ok: z.boolean(),
    errors: z.array(FieldProblemSchema),
    client: ImportedClientSchema,
  })
  .openapi('ClientImportRow');

export const ImportResultSchema = z
  .object({ dryRun: z.boolean(), rows: z.array(ImportRowSchema), created: z.number().int() })
  .openapi('ClientImport');

export const ImportErrorSchema = ErrorSchema.extend({ dryRun: z.boolean(), rows: z.array(ImportRowSchema), created: z.literal(0) }).openapi('ClientImportRefused');

const AuditEventSchema = z.object({
  id: z.string(),
  occurredAt: z.string(),
  actor: z.string(),
  actorName: z.string().nullable().openapi({ description: 'The member of staff, when the actor is one' }),
  action: z.string(),
  entityType: z.string(),
  entityId: z.string(),
  before: z.unknown().nullable(),
  after: z.unknown().nullable(),
});


const RecordTaxYearSchema = z.object({
  id: z.uuid(),
  taxYear: z.string(),
  workflowId: z.string(),
  stage: z.string(),
  nextDeadline: z.string().nullable(),
  agentType: z.string().nullable(),
  itsaStatus: z.string().nullable(),
  payments: z.unknown(),
  penaltyPoints: z.unknown(),
  createdAt: z.string(),
  updatedAt: z.string(),
  steps: z.array(StepJsonSchema),
});

const RecordBusinessSchema = z.object({
  id: z.uuid(),
  hmrcBusinessId: z.string(),
  type: z.string(),
  tradingName: z.string().nullable(),
  commencementDate: z.string().nullable(),
  cessationDate: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const ClientRecordsSchema = z
  .object({
    exportedAt: z.string(),
    practice: z.object({ name: z.string(), arn: z.string().nullable() }).nullable(),
    units: z.string(),
    client: ClientSchema.extend({ assignee: z.object({ id: z.uuid(), name: z.string(), email: z.string() }).nullable() }),
    businesses: z.array(RecordBusinessSchema),
    taxYears: z.array(RecordTaxYearSchema),
    auditEvents: z.array(AuditEventSchema),
  })
  .openapi('ClientRecords', { description: "A client's digital records, for the client to keep" });
export type ClientRecords = z.infer<typeof ClientRecordsSchema>;

function unknownFieldRule(at: string): string {
  if (at === 'filter') return `is not a filter of clients: the filters are ${Object.keys(ClientFilterSchema.shape).join(', ')}`;
  if (at === '') return `is not a field of a client: the fields are ${CLIENT_FIELD_NAMES.join(', ')}`;
  return 'is not a field here';
}

/** Our 400 shape, with each unknown field named on its own (zod reports them together, at the object). */
export function clientProblems(error: ZodError): FieldProblem[] {
  return error.issues.flatMap((issue) => {
    const at = issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => {
        const name = key === '' ? '""' : key;
        return { field: at ? `${at}.${name}` : name, rule: unknownFieldRule(at) };
      });
    }
    return [{ field: at || '(body)', rule: issue.message }];
  });
}

export function clientValidationHook(result: { success: true } | { success: false; error: ZodError }): undefined {
  if (!result.success) throw invalidRequest(clientProblems(result.error));
  return undefined;
}
