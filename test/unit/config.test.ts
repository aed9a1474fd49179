import { describe, expect, it } from 'vitest';
import { ConfigError, configVariables, engineSettings, loadConfig } from '../../config/config';

function problems(env: Record<string, string>) {
  try {
    loadConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).problems;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('gives the embedded defaults when nothing is set', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      NODE_ENV: 'development',
      DATA_DIR: '.data',
      DATABASE_URL: undefined,
      TEMPORAL_ADDRESS: undefined,
      TEMPORAL_NAMESPACE: 'default',
      TEMPORAL_TASK_QUEUE: 'practice-engine',
      API_PORT: 3000,
      EMBEDDED_POSTGRES_PORT: 5433,
      DEMO_PRACTICE: true,
      LOG_LEVEL: 'info',
    });
  });

  it('reads and coerces set values, treating blank as unset', () => {
    const config = loadConfig({ API_PORT: '8080', DATABASE_URL: 'postgres://u:p@db:5432/pe', TEMPORAL_ADDRESS: 'temporal:7233', DEMO_PRACTICE: 'false', TEMPORAL_UI_URL: '  ' });
    expect(config.API_PORT).toBe(8080);
    expect(config.DATABASE_URL).toBe('postgres://u:p@db:5432/pe');
    expect(config.TEMPORAL_ADDRESS).toBe('temporal:7233');
    expect(config.DEMO_PRACTICE).toBe(false);
    expect(config.TEMPORAL_UI_URL).toBeUndefined();
  });

  it('names every bad variable and what it expects', () => {
    expect(problems({ API_PORT: 'eighty', DATABASE_URL: 'mysql://x', TEMPORAL_ADDRESS: 'http://temporal', LOG_LEVEL: 'loud', ENCRYPTION_KEY: 'short' })).toEqual([
      { variable: 'DATABASE_URL', rule: 'expected a URL like postgres://user:password@host:5432/database' },
      { variable: 'TEMPORAL_ADDRESS', rule: 'expected host:port, e.g. 127.0.0.1:7233' },
      { variable: 'API_PORT', rule: 'expected a port number' },
      { variable: 'ENCRYPTION_KEY', rule: 'expected 32 random bytes in base64 (openssl rand -base64 32)' },
      { variable: 'LOG_LEVEL', rule: 'expected one of debug, info, warn, error' },
    ]);
    expect(problems({ API_PORT: '70000' })).toEqual([{ variable: 'API_PORT', rule: 'expected a port from 1 to 65535' }]);
  });

  it('puts the variable and rule in the message a person sees at start-up', () => {
    expect(() => loadConfig({ API_PORT: '0' })).toThrow(/API_PORT: expected a port from 1 to 65535/);
  });

  it('refuses production without an encryption key', () => {
    expect(problems({ NODE_ENV: 'production' })).toEqual([{ variable: 'ENCRYPTION_KEY', rule: 'required in production: 32 random bytes in base64' }]);
    const key = Buffer.alloc(32, 7).toString('base64');
    expect(loadConfig({ NODE_ENV: 'production', ENCRYPTION_KEY: key }).ENCRYPTION_KEY).toBe(key);
  });

  it('engineSettings needs the database, Temporal and the key once start-up is done', () => {
    expect(() => engineSettings(loadConfig({}))).toThrow(ConfigError);
    const key = Buffer.alloc(32, 1).toString('base64');
    const settings = engineSettings(loadConfig({ DATABASE_URL: 'postgres://localhost/pe', TEMPORAL_ADDRESS: 'localhost:7233', ENCRYPTION_KEY: key }));
    expect(settings.encryptionKey).toHaveLength(32);
    expect(settings.taskQueue).toBe('practice-engine');
  });

  it('describes every variable', () => {
    for (const [name, variable] of Object.entries(configVariables)) expect(variable.description.length, name).toBeGreaterThan(10);
  });
});
