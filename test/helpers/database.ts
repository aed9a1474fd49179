// Scratch PostgreSQL databases on the test server: one per run (global setup) and one per test that needs its own.
import pg from 'pg';

async function admin(adminUrl: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/** Creates `practice_engine_<label>_<time>_<pid>` on the server of `adminUrl`; drop() removes it, connections and all. */
export async function createScratchDatabase(adminUrl: string, label: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `practice_engine_${label}_${Date.now()}_${process.pid}`;
  await admin(adminUrl, `create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => admin(adminUrl, `drop database if exists ${name} with (force)`) };
}
