// Opens the practice database: a kysely instance over a pg pool, with DATE columns kept as 'YYYY-MM-DD' strings.
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './schema';

// A tax date is a calendar day, not an instant: never let pg turn it into a local-midnight Date.
pg.types.setTypeParser(pg.types.builtins.DATE, (value) => value);
// bigint ids (audit events) stay strings rather than losing precision.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => value);

export type Db = Kysely<Database>;

export function createDb(databaseUrl: string, options: { max?: number; onIdleError?: (err: Error) => void } = {}): Db {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: options.max ?? 10 });
  // An idle connection the server closed (restart, shutdown) must not crash the process; the pool replaces it.
  pool.on('error', options.onIdleError ?? (() => undefined));
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}
