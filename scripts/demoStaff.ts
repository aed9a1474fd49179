// The demo practice's staff: one of each role, with passwords made up at first start, kept in DATA_DIR (readable by
// this user only) and printed at every start so a newcomer can sign in.
import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { addStaffMember } from '../api/auth/staffAccounts';
import type { Db } from '../db/connect';
import type { StaffRole } from '../db/schema';

const STAFF_FILE = 'demo-staff.json';

export interface DemoLogin {
  name: string;
  email: string;
  role: StaffRole;
  password: string;
}

const DEMO_STAFF: Omit<DemoLogin, 'password'>[] = [
  { name: 'Alex Admin', email: 'admin@demo.practice', role: 'admin' },
  { name: 'Morgan Manager', email: 'manager@demo.practice', role: 'manager' },
  { name: 'Priya Preparer', email: 'preparer@demo.practice', role: 'preparer' },
  { name: 'Ravi Reviewer', email: 'reviewer@demo.practice', role: 'reviewer' },
];

export async function seedDemoStaff(db: Db, dataDir: string): Promise<DemoLogin[]> {
  const logins = DEMO_STAFF.map((s) => ({ ...s, password: randomBytes(12).toString('base64url') }));
  for (const login of logins) await addStaffMember(db, login, 'demo');
  await writeFile(join(dataDir, STAFF_FILE), JSON.stringify(logins, null, 2) + '\n', { mode: 0o600 });
  return logins;
}

/** The logins a data folder's demo was seeded with, or null when it has none. */
export async function demoStaffLogins(dataDir: string): Promise<DemoLogin[] | null> {
  try {
    return JSON.parse(await readFile(join(dataDir, STAFF_FILE), 'utf8')) as DemoLogin[];
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

export function demoStaffLines(logins: DemoLogin[]): string[] {
  return ['  Demo staff:   sign in (POST /api/auth/login) as', ...logins.map((l) => `    ${l.role.padEnd(9)} ${l.email.padEnd(24)} password ${l.password}`)];
}

/** Signs in for the demo's own set-up calls, as a script would: a bearer token. */
export async function demoBearerToken(apiUrl: string, login: DemoLogin): Promise<string> {
  const response = await fetch(`${apiUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: login.email, password: login.password, mode: 'bearer' }) });
  const body = (await response.json()) as { token?: string; message?: string };
  if (!response.ok || !body.token) throw new Error(`Signing in as ${login.email} for the demo answered ${response.status}: ${body.message ?? ''}`);
  return body.token;
}
