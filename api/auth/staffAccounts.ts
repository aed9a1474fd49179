// Adding a member of staff, the one way: the API's staff routes, `npm run staff:add` and the demo practice all use it.
import { sql, type Kysely } from 'kysely';
import type { Database, Staff, StaffRole } from '../../db/schema';
import { recordAudit } from '../audit';
import { hashPassword, passwordProblem } from './passwords';

export interface NewStaffMember {
  email: string;
  name: string;
  role: StaffRole;
  password: string;
}

export class StaffExistsError extends Error {
  constructor(readonly email: string) {
    super(`A member of staff with email ${email} already exists`);
  }
}

/** The public view of a member of staff (never the password hash). */
export function staffJson(row: Staff) {
  return { id: row.id, email: row.email, name: row.name, role: row.role, active: row.active, createdAt: row.created_at.toISOString(), updatedAt: row.updated_at.toISOString() };
}

export async function addStaffMember(db: Kysely<Database>, input: NewStaffMember, actor: string): Promise<Staff> {
  const problem = passwordProblem(input.password);
  if (problem) throw new RangeError(`password: ${problem}`);
  const row = await db
    .insertInto('staff')
    .values({ email: input.email.trim().toLowerCase(), name: input.name.trim(), role: input.role, password_hash: await hashPassword(input.password), updated_at: sql<Date>`now()` })
    .onConflict((oc) => oc.column('email').doNothing())
    .returningAll()
    .executeTakeFirst();
  if (!row) throw new StaffExistsError(input.email);
  await recordAudit(db, { actor, action: 'staff.created', entityType: 'staff', entityId: row.id, after: staffJson(row) });
  return row;
}
