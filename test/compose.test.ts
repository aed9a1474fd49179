// docker-compose.yml cannot run here (no Docker engine), so check it agrees with the config module and the Dockerfile.
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { configVariables, loadConfig } from '../config/config';

const compose = parse(await readFile(new URL('../docker-compose.yml', import.meta.url), 'utf8')) as {
  services: Record<string, { image?: string; build?: unknown; environment?: Record<string, string>; depends_on?: Record<string, unknown>; ports?: string[] }>;
};

describe('docker-compose.yml', () => {
  it('runs PostgreSQL, a Temporal server on PostgreSQL, the Temporal UI and the engine', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['engine', 'postgres', 'temporal', 'temporal-ui']);
    expect(compose.services.postgres!.image).toMatch(/^postgres:/);
    expect(compose.services.temporal!.image).toMatch(/^temporalio\/auto-setup:/);
    expect(compose.services.temporal!.environment).toMatchObject({ DB: 'postgres12', POSTGRES_SEEDS: 'postgres' });
    expect(compose.services['temporal-ui']!.image).toMatch(/^temporalio\/ui:/);
    expect(compose.services.engine!.build).toBeDefined();
  });

  it("gives the engine only variables the config module knows, and a configuration it accepts", () => {
    const env = compose.services.engine!.environment!;
    for (const name of Object.keys(env)) expect(Object.keys(configVariables), `${name} is not a config variable`).toContain(name);
    // Compose fills ${NAME:-default} from the default and insists on ${NAME:?message}: stand in a user's value for the latter.
    const userValues: Record<string, string> = { ENCRYPTION_KEY: Buffer.alloc(32, 9).toString('base64') };
    const resolved = Object.fromEntries(
      Object.entries(env).map(([k, v]) => [k, String(v).replace(/\$\{([A-Z_]+):-([^}]*)\}/g, '$2').replace(/\$\{([A-Z_]+):\?[^}]*\}/g, (_, name: string) => userValues[name] ?? '')]),
    );
    expect(env.ENCRYPTION_KEY).toMatch(/^\$\{ENCRYPTION_KEY:\?/);
    const config = loadConfig(resolved);
    expect(config.NODE_ENV).toBe('production');
    expect(new URL(config.DATABASE_URL!).hostname).toBe('postgres');
    expect(config.TEMPORAL_ADDRESS).toBe('temporal:7233');
    expect(config.API_HOST).toBe('0.0.0.0');
    expect(compose.services.engine!.ports).toContain(`${config.API_PORT}:${config.API_PORT}`);
    expect(Object.keys(compose.services.engine!.depends_on ?? {}).sort()).toEqual(['postgres', 'temporal']);
  });

  it('the Dockerfile runs the engine script the README names', async () => {
    const dockerfile = await readFile(new URL('../Dockerfile', import.meta.url), 'utf8');
    const pkg = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8')) as { scripts: Record<string, string> };
    expect(dockerfile).toMatch(/CMD \["npm", "run", "engine"\]/);
    expect(pkg.scripts.engine).toBe('tsx scripts/engine.ts');
  });
});
