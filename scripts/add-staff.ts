// `npm run staff:add -- --email priya@practice.example --name "Priya Shah" --role admin`: adds a member of staff to the
// database on DATABASE_URL (migrating it first), asking for the password without echo, or reading STAFF_PASSWORD when
// a script runs it. This is how a practice's first admin is made; after that, admins add staff in the console.
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config/config';
import { createDb } from '../db/connect';
import { migrateToLatest } from '../db/migrate';
import type { StaffRole } from '../db/schema';
import { EmailString } from '../api/auth/routes';
import { PASSWORD_RULE, passwordProblem } from '../api/auth/passwords';
import { ROLES } from '../api/auth/permissions';
import { StaffExistsError, addStaffMember } from '../api/auth/staffAccounts';

const USAGE = `Usage: npm run staff:add -- --email <email> --name <name> --role <${ROLES.join('|')}>
  DATABASE_URL (required) names the practice database; it is migrated to the latest schema first.
  The password is asked for without echo, or read from STAFF_PASSWORD (${PASSWORD_RULE}).`;

class UsageError extends Error {}

function parseOptions(argv: string[]): { email: string; name: string; role: StaffRole } {
  let values: { email?: string; name?: string; role?: string; help?: boolean };
  try {
    ({ values } = parseArgs({ args: argv, options: { email: { type: 'string' }, name: { type: 'string' }, role: { type: 'string' }, help: { type: 'boolean', short: 'h' } }, strict: true }));
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  const problems: string[] = [];
  const email = EmailString.safeParse(values.email ?? '');
  if (values.email === undefined) problems.push('--email: required');
  else if (!email.success) problems.push(`--email: ${email.error.issues[0]?.message ?? 'expected an email address'}`);
  const name = values.name?.trim() ?? '';
  if (values.name === undefined) problems.push('--name: required');
  else if (name.length < 1 || name.length > 200) problems.push('--name: expected a name of 1 to 200 characters');
  if (values.role === undefined) problems.push('--role: required');
  else if (!(ROLES as readonly string[]).includes(values.role)) problems.push(`--role: expected one of ${ROLES.join(', ')}`);
  if (problems.length > 0) throw new UsageError(problems.join('\n'));
  return { email: email.data!, name, role: values.role as StaffRole };
}

/** Reads a line from the terminal without showing it. */
function askHidden(prompt: string): Promise<string> {
  const stdin = process.stdin;
  if (!stdin.isTTY) throw new UsageError('No terminal to ask for the password on: set STAFF_PASSWORD instead');
  return new Promise((resolve, reject) => {
    let typed = '';
    process.stdout.write(prompt);
    stdin.setRawMode(true);
    stdin.resume();
    stdin.setEncoding('utf8');
    const finish = (error?: Error) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off('data', onData);
      process.stdout.write('\n');
      if (error) reject(error);
      else resolve(typed);
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') return finish();
        if (ch === '\u0003') return finish(new UsageError('Cancelled'));
        if (ch === '\u007f' || ch === '\b') typed = [...typed].slice(0, -1).join('');
        else if (ch >= ' ') typed += ch;
      }
    };
    stdin.on('data', onData);
  });
}

async function readPassword(): Promise<string> {
  const fromEnv = process.env.STAFF_PASSWORD;
  if (fromEnv !== undefined) {
    const problem = passwordProblem(fromEnv);
    if (problem) throw new UsageError(`STAFF_PASSWORD: ${problem}`);
    return fromEnv;
  }
  const password = await askHidden(`Password (${PASSWORD_RULE}): `);
  const problem = passwordProblem(password);
  if (problem) throw new UsageError(`Password: ${problem}`);
  if ((await askHidden('Same password again: ')) !== password) throw new UsageError('The passwords do not match');
  return password;
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const config = loadConfig();
  if (!config.DATABASE_URL) {
    throw new ConfigError([{ variable: 'DATABASE_URL', rule: 'required: the practice database to add the member of staff to, e.g. postgres://user:password@host:5432/practice' }]);
  }
  const password = await readPassword();
  const db = createDb(config.DATABASE_URL, { max: 1 });
  try {
    await migrateToLatest(db);
    const staff = await db.transaction().execute((trx) => addStaffMember(trx, { ...options, password }, 'cli'));
    // The id alone on stdout, for scripts (STAFF_ID=$(npm run -s staff:add -- ...)); the words on stderr.
    process.stderr.write(`Added ${staff.name} <${staff.email}> as ${staff.role}\n`);
    process.stdout.write(`${staff.id}\n`);
  } finally {
    await db.destroy();
  }
}

main().catch((err: unknown) => {
  if (err instanceof UsageError) process.stderr.write(`${err.message}\n\n${USAGE}\n`);
  else if (err instanceof StaffExistsError) process.stderr.write(`${err.message}: nothing changed\n`);
  else process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
