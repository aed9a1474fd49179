// `npm run migrate [-- down]`: applies (or reverts) the migrations on DATABASE_URL.
import { ConfigError, loadConfig } from '../config/config';
import { createDb } from '../db/connect';
import { migrateAllDown, migrateToLatest } from '../db/migrate';

async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.DATABASE_URL) throw new ConfigError([{ variable: 'DATABASE_URL', rule: 'required: the database to migrate' }]);
  const db = createDb(config.DATABASE_URL, { max: 1 });
  try {
    const down = process.argv.includes('down');
    const names = down ? await migrateAllDown(db) : await migrateToLatest(db);
    process.stdout.write(`${down ? 'Reverted' : 'Applied'}: ${names.length > 0 ? names.join(', ') : 'nothing to do'}\n`);
  } finally {
    await db.destroy();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
