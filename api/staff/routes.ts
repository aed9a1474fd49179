// /api/staff: the practice's staff. Everyone may list and read them; only admins add, change roles, reset passwords and
// deactivate (rows are kept: audit events name them). A role change or deactivation ends that person's sessions, and
// the practice always keeps one active admin.
import { z } from '@hono/zod-openapi';
import { sql, type Transaction } from 'kysely';
import type { Database, Staff, StaffRole } from '../../db/schema';
import { recordAudit } from '../audit';
import { staffOf } from '../auth/middleware';
import { ROLES } from '../auth/permissions';
import { EmailString, PasswordString } from '../auth/routes';
import { hashPassword } from '../auth/passwords';
import { endStaffSessions } from '../auth/sessions';
import { StaffExistsError, addStaffMember, staffJson } from '../auth/staffAccounts';
import { createRouter } from '../context';
import { ApiError, invalidRequest } from '../errors';
import { IdsFilter, contentRangeHeader, idList, listQuerySchema, setContentRange } from '../lists';
import { apiRoute } from '../route';
import { ErrorSchema, UuidParam, errorResponses } from '../schemas';

const RoleEnum = z.enum(ROLES, { error: `expected one of ${ROLES.join(', ')}` });

const StaffMemberSchema = z
  .object({
    id: z.uuid(),
    email: z.string(),
    name: z.string(),
    role: z.enum(ROLES),
    active: z.boolean(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('StaffMember');

const NameString = z
  .string({ error: 'expected the name as text' })
  .trim()
  .min(1, 'expected a name of 1 to 200 characters')
  .max(200, 'expected a name of 1 to 200 characters');

const NewStaffSchema = z.object({ email: EmailString, name: NameString, role: RoleEnum, password: PasswordString }).strict().openapi('NewStaffMember');

/**
 * What an admin may change. ra-data-simple-rest sends the whole record back, so the read-only fields are accepted:
 * `id` must be the path's, `email` must be the one on record (a new address is a new member of staff).
 */
const StaffChangeSchema = z
  .object({
    name: NameString.optional(),
    role: RoleEnum.optional(),
    active: z.boolean({ error: 'expected true or false' }).optional(),
    id: z.string({ error: 'expected the id in the path' }).optional(),
    email: z.string({ error: 'expected the email on record' }).optional(),
    createdAt: z.unknown().optional(),
    updatedAt: z.unknown().optional(),
  })
  .strict()
  .openapi('StaffChange');

const PasswordResetSchema = z.object({ password: PasswordString }).strict().openapi('PasswordReset');

const StaffFilter = z.object({
  id: IdsFilter.optional(),
  role: RoleEnum.optional(),
  active: z.boolean({ error: 'expected true or false' }).optional(),
  q: z.string({ error: 'expected text to search names and emails for' }).max(200, 'expected at most 200 characters').optional(),
});

const StaffListQuery = listQuerySchema(['name', 'email', 'role', 'createdAt'], StaffFilter);
const SORT_COLUMNS = { name: 'name', email: 'email', role: 'role', createdAt: 'created_at' } as const;

/** A LIKE pattern matching `text` anywhere, its own wildcards taken literally. */
function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
}

const staffNotFound = (id: string) => new ApiError(404, 'STAFF_NOT_FOUND', `No member of staff with id ${id}`, [{ field: 'id', rule: 'must be an existing member of staff' }]);

/**
 * The row, read once every other change to staff has finished: changes to roles and activity are few, and taking them
 * one at a time means two admins demoting each other at once cannot leave the practice without one.
 */
async function lockStaff(trx: Transaction<Database>, id: string): Promise<Staff> {
  await sql`select pg_advisory_xact_lock(hashtext('practice-engine:staff-changes'))`.execute(trx);
  const row = await trx.selectFrom('staff').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  if (!row) throw staffNotFound(id);
  return row;
}

/** Refuses a change that would leave no active admin (run after lockStaff, so the count cannot change underneath). */
async function keepAnAdmin(trx: Transaction<Database>, before: Staff, after: { role: StaffRole; active: boolean }, field: 'role' | 'active'): Promise<void> {
  const losesAdmin = before.role === 'admin' && before.active && (after.role !== 'admin' || !after.active);
  if (!losesAdmin) return;
  const admins = await trx.selectFrom('staff').select('id').where('role', '=', 'admin').where('active', '=', true).execute();
  if (admins.every((a) => a.id === before.id)) {
    const what = field === 'role' ? 'change the role of' : 'deactivate';
    throw new ApiError(409, 'LAST_ADMIN', `Cannot ${what} ${before.name}: they are the practice's last active admin. Make someone else an admin first.`, [
      { field, rule: 'the practice must keep at least one active admin' },
    ]);
  }
}

function auditAction(before: Staff, after: Staff): string {
  if (before.active && !after.active) return 'staff.deactivated';
  if (!before.active && after.active) return 'staff.reactivated';
  if (before.role !== after.role) return 'staff.role-changed';
  return 'staff.updated';
}

const conflict = (description: string) => ({ description, content: { 'application/json': { schema: ErrorSchema } } }) as const;

export const staffRouter = createRouter()
  .openapi(
    apiRoute('read', {
      method: 'get',
      path: '/',
      tags: ['Staff'],
      summary: 'List staff',
      description: 'ra-data-simple-rest: sort over name, email, role or createdAt; filter by id (one or several), role, active, or q (part of a name or email).',
      request: { query: StaffListQuery },
      responses: {
        200: { description: 'A page of staff', headers: contentRangeHeader, content: { 'application/json': { schema: z.array(StaffMemberSchema) } } },
        400: errorResponses[400],
      },
    }),
    async (c) => {
      const { db } = c.get('deps');
      const { sort, range, filter } = c.req.valid('query');
      const ids = idList(filter.id);
      let query = db.selectFrom('staff');
      if (ids) query = ids.length > 0 ? query.where('id', 'in', ids) : query.where(sql<boolean>`false`);
      if (filter.role) query = query.where('role', '=', filter.role);
      if (filter.active !== undefined) query = query.where('active', '=', filter.active);
      if (filter.q?.trim()) {
        const pattern = containsPattern(filter.q.trim());
        query = query.where((eb) => eb.or([eb('name', 'ilike', pattern), eb('email', 'ilike', pattern)]));
      }
      const [{ total }, rows] = await Promise.all([
        query.select((eb) => eb.fn.countAll<string>().as('total')).executeTakeFirstOrThrow(),
        query
          .selectAll()
          .orderBy(SORT_COLUMNS[sort.field], sort.order)
          .orderBy('id', sort.order)
          .offset(range.start)
          .limit(range.end - range.start + 1)
          .execute(),
      ]);
      setContentRange(c, 'staff', range.start, rows.length, Number(total));
      return c.json(rows.map(staffJson), 200);
    },
  )
  .openapi(
    apiRoute('read', {
      method: 'get',
      path: '/{id}',
      tags: ['Staff'],
      summary: 'Read a member of staff',
      request: { params: UuidParam },
      responses: { 200: { description: 'The member of staff', content: { 'application/json': { schema: StaffMemberSchema } } }, 400: errorResponses[400], 404: errorResponses[404] },
    }),
    async (c) => {
      const { db } = c.get('deps');
      const { id } = c.req.valid('param');
      const row = await db.selectFrom('staff').selectAll().where('id', '=', id).executeTakeFirst();
      if (!row) throw staffNotFound(id);
      return c.json(staffJson(row), 200);
    },
  )
  .openapi(
    apiRoute('staff:manage', {
      method: 'post',
      path: '/',
      tags: ['Staff'],
      summary: 'Add a member of staff',
      description: 'The password is theirs to change after signing in (PUT /api/auth/password).',
      request: { body: { required: true, content: { 'application/json': { schema: NewStaffSchema } } } },
      responses: {
        201: { description: 'The member of staff', content: { 'application/json': { schema: StaffMemberSchema } } },
        400: errorResponses[400],
        409: conflict('A member of staff with this email exists (active or not)'),
      },
    }),
    async (c) => {
      const { db } = c.get('deps');
      const body = c.req.valid('json');
      const actor = staffOf(c).id;
      try {
        const row = await db.transaction().execute((trx) => addStaffMember(trx, body, actor));
        return c.json(staffJson(row), 201);
      } catch (err) {
        if (err instanceof StaffExistsError) {
          throw new ApiError(409, 'STAFF_EXISTS', `A member of staff with email ${body.email} already exists`, [{ field: 'email', rule: 'must be unique among staff, active or not' }]);
        }
        throw err;
      }
    },
  )
  .openapi(
    apiRoute('staff:manage', {
      method: 'put',
      path: '/{id}',
      tags: ['Staff'],
      summary: "Change a member of staff's name, role or whether they are active",
      description: 'A role change or deactivation ends their sessions. The practice keeps at least one active admin (409 LAST_ADMIN). id, email, createdAt and updatedAt may be sent back as read.',
      request: { params: UuidParam, body: { required: true, content: { 'application/json': { schema: StaffChangeSchema } } } },
      responses: {
        200: { description: 'The member of staff as changed', content: { 'application/json': { schema: StaffMemberSchema } } },
        400: errorResponses[400],
        404: errorResponses[404],
        409: conflict('The change would leave the practice without an active admin'),
      },
    }),
    async (c) => {
      const { db } = c.get('deps');
      const { id } = c.req.valid('param');
      const body = c.req.valid('json');
      const actor = staffOf(c).id;
      if (body.id !== undefined && body.id.toLowerCase() !== id.toLowerCase()) throw invalidRequest([{ field: 'id', rule: 'must be the id in the path' }]);
      const row = await db.transaction().execute(async (trx) => {
        const before = await lockStaff(trx, id);
        if (body.email !== undefined && body.email.trim().toLowerCase() !== before.email) {
          throw invalidRequest([{ field: 'email', rule: 'cannot be changed: add a member of staff with the new email' }]);
        }
        const next = { name: body.name ?? before.name, role: body.role ?? before.role, active: body.active ?? before.active };
        if (next.name === before.name && next.role === before.role && next.active === before.active) return before;
        await keepAnAdmin(trx, before, next, next.active !== before.active && !next.active ? 'active' : 'role');
        const after = await trx.updateTable('staff').set({ ...next, updated_at: sql<Date>`now()` }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
        if (after.role !== before.role || !after.active) await endStaffSessions(trx, id);
        await recordAudit(trx, { actor, action: auditAction(before, after), entityType: 'staff', entityId: id, before: staffJson(before), after: staffJson(after) });
        return after;
      });
      return c.json(staffJson(row), 200);
    },
  )
  .openapi(
    apiRoute('staff:manage', {
      method: 'delete',
      path: '/{id}',
      tags: ['Staff'],
      summary: 'Deactivate a member of staff',
      description: 'They can no longer sign in and their sessions end. The row stays, because audit events name them; PUT active: true brings them back.',
      request: { params: UuidParam },
      responses: {
        200: { description: 'The member of staff, inactive', content: { 'application/json': { schema: StaffMemberSchema } } },
        400: errorResponses[400],
        404: errorResponses[404],
        409: conflict('They are the last active admin'),
      },
    }),
    async (c) => {
      const { db } = c.get('deps');
      const { id } = c.req.valid('param');
      const actor = staffOf(c).id;
      const row = await db.transaction().execute(async (trx) => {
        const before = await lockStaff(trx, id);
        if (!before.active) return before;
        await keepAnAdmin(trx, before, { role: before.role, active: false }, 'active');
        const after = await trx.updateTable('staff').set({ active: false, updated_at: sql<Date>`now()` }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
        await endStaffSessions(trx, id);
        await recordAudit(trx, { actor, action: 'staff.deactivated', entityType: 'staff', entityId: id, before: staffJson(before), after: staffJson(after) });
        return after;
      });
      return c.json(staffJson(row), 200);
    },
  )
  .openapi(
    apiRoute('staff:manage', {
      method: 'post',
      path: '/{id}/password',
      tags: ['Staff'],
      summary: "Reset a member of staff's password",
      description: 'Every session of theirs ends (an admin resetting their own keeps the session in use). Tell them the new password another way.',
      request: { params: UuidParam, body: { required: true, content: { 'application/json': { schema: PasswordResetSchema } } } },
      responses: { 204: { description: 'Reset' }, 400: errorResponses[400], 404: errorResponses[404] },
    }),
    async (c) => {
      const { db } = c.get('deps');
      const { id } = c.req.valid('param');
      const { password } = c.req.valid('json');
      const session = c.get('session')!;
      const passwordHash = await hashPassword(password);
      await db.transaction().execute(async (trx) => {
        const before = await lockStaff(trx, id);
        await trx.updateTable('staff').set({ password_hash: passwordHash, updated_at: sql<Date>`now()` }).where('id', '=', id).execute();
        await endStaffSessions(trx, id, id === session.staff.id ? session.id : undefined);
        await recordAudit(trx, { actor: session.staff.id, action: 'staff.password-reset', entityType: 'staff', entityId: id, before: staffJson(before), after: { sessionsEnded: true } });
      });
      return c.body(null, 204);
    },
  );
