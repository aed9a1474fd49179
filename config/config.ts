// The engine's configuration: every environment variable it reads, validated once at start-up.
import { z } from 'zod';

const port = z.coerce
  .number({ error: 'expected a port number' })
  .int('expected a whole port number')
  .min(1, 'expected a port from 1 to 65535')
  .max(65535, 'expected a port from 1 to 65535');

const postgresUrl = z
  .string()
  .refine((value) => /^postgres(ql)?:\/\/[^\s]+$/.test(value), 'expected a URL like postgres://user:password@host:5432/database');

const encryptionKey = z
  .string()
  .refine((value) => Buffer.from(value, 'base64').length === 32 && /^[A-Za-z0-9+/]+={0,2}$/.test(value), 'expected 32 random bytes in base64 (openssl rand -base64 32)');

/**
 * One entry per variable: its schema and what it is for. The README's configuration table and
 * docker-compose.yml are checked against this list by test/config.test.ts.
 */
export const configVariables = {
  NODE_ENV: {
    schema: z.enum(['development', 'test', 'production']).default('development'),
    description: 'development, test or production. Production refuses to start without ENCRYPTION_KEY.',
  },
  DATA_DIR: {
    schema: z.string().min(1, 'expected a folder path').default('.data'),
    description: 'Where `npm start` keeps the embedded PostgreSQL, the Temporal dev server database and local secrets.',
  },
  DATABASE_URL: {
    schema: postgresUrl.optional(),
    description: 'PostgreSQL connection URL. Unset: `npm start` runs an embedded PostgreSQL under DATA_DIR.',
  },
  EMBEDDED_POSTGRES_PORT: {
    schema: port.default(5433),
    description: 'Port of the embedded PostgreSQL when DATABASE_URL is unset.',
  },
  TEMPORAL_ADDRESS: {
    schema: z
      .string()
      .regex(/^[^\s:/]+:\d{1,5}$/, 'expected host:port, e.g. 127.0.0.1:7233')
      .optional(),
    description: 'Temporal frontend (host:port). Unset: `npm start` runs a Temporal dev server persisted under DATA_DIR.',
  },
  TEMPORAL_NAMESPACE: {
    schema: z.string().min(1, 'expected a namespace name').default('default'),
    description: 'Temporal namespace the workflows run in.',
  },
  TEMPORAL_TASK_QUEUE: {
    schema: z.string().min(1, 'expected a task queue name').default('practice-engine'),
    description: 'Task queue the worker polls and the API starts workflows on.',
  },
  TEMPORAL_DEV_PORT: {
    schema: port.default(7233),
    description: 'Frontend port of the dev server `npm start` runs when TEMPORAL_ADDRESS is unset.',
  },
  TEMPORAL_UI_PORT: {
    schema: port.default(8233),
    description: 'Web UI port of that dev server.',
  },
  TEMPORAL_UI_URL: {
    schema: z.url('expected an http(s) URL').optional(),
    description: "Base URL of the Temporal Web UI, for links to a client's workflow. Defaults to the dev server's UI.",
  },
  TEMPORAL_CLI: {
    schema: z.string().min(1, 'expected a path to the temporal binary').optional(),
    description: 'Path to the `temporal` CLI. Otherwise PATH, then $(go env GOPATH)/bin, then a build with `go install`.',
  },
  API_HOST: {
    schema: z.string().min(1, 'expected a host name or address').default('127.0.0.1'),
    description: 'Address the API listens on (0.0.0.0 in a container).',
  },
  API_PORT: {
    schema: port.default(3000),
    description: 'Port the API (and later the console) listens on.',
  },
  ENCRYPTION_KEY: {
    schema: encryptionKey.optional(),
    description: 'AES-256-GCM key for secrets at rest, 32 bytes in base64. Unset outside production: generated once into DATA_DIR.',
  },
  HMRC_BASE_URL: {
    schema: z.url('expected the HMRC API host, e.g. https://test-api.service.hmrc.gov.uk').optional(),
    description: "HMRC's API host: https://test-api.service.hmrc.gov.uk (sandbox) or https://api.service.hmrc.gov.uk. Unset: the embedded emulator.",
  },
  HMRC_AUTHORIZE_URL: {
    schema: z.url('expected the host of HMRC\'s grant page, e.g. https://test-www.tax.service.gov.uk').optional(),
    description: "Where the agent grants authority: https://test-www.tax.service.gov.uk or https://www.tax.service.gov.uk. Unset: HMRC_BASE_URL.",
  },
  VENDOR_PUBLIC_IP: {
    schema: z.string().regex(/^[0-9a-fA-F.:]+$/, 'expected an IPv4 or IPv6 address, e.g. 203.0.113.6').optional(),
    description: "The engine's public address as HMRC sees it, for the fraud prevention headers of staff actions (Gov-Vendor-Public-IP). Unset: sent empty, as HMRC allows on a private network.",
  },
  HMRC_RATE_LIMIT: {
    schema: z.coerce.number({ error: 'expected HMRC calls per second as a number' }).positive('expected more than 0 calls a second').default(3),
    description: "HMRC calls per second across every worker (the HMRC task queue's limit); HMRC's production limit is 3.",
  },
  HMRC_CLIENT_ID: {
    schema: z.string().min(1, 'expected the client id of your HMRC application').default('practice-engine-local'),
    description: "Client id of the practice's HMRC application. The embedded emulator registers it too.",
  },
  HMRC_CLIENT_SECRET: {
    schema: z.string().min(8, 'expected the client secret of your HMRC application (8 characters or more)').default('practice-engine-local-secret'),
    description: 'Client secret of that application. Keep the real one out of source control.',
  },
  FREEAGENT_BASE_URL: {
    schema: z.url("expected FreeAgent's API base including /v2, e.g. https://api.sandbox.freeagent.com/v2").optional(),
    description:
      "FreeAgent's API base including /v2: https://api.sandbox.freeagent.com/v2 (sandbox) or https://api.freeagent.com/v2. Unset: the embedded emulator, http://127.0.0.1:SANDBOX_PORT/freeagent/v2.",
  },
  FREEAGENT_CLIENT_ID: {
    schema: z.string().min(1, 'expected the OAuth identifier of your FreeAgent app').default('practice-engine-local'),
    description: "OAuth identifier of the practice's FreeAgent app (developer dashboard, with the Accountancy Practice API enabled).",
  },
  FREEAGENT_CLIENT_SECRET: {
    schema: z.string().min(8, 'expected the OAuth secret of your FreeAgent app (8 characters or more)').default('practice-engine-local-secret'),
    description: 'OAuth secret of that app. Keep the real one out of source control.',
  },
  SANDBOX_PORT: {
    schema: port.default(4010),
    description: '`npm run sandbox` only: port of the standalone HMRC emulator.',
  },
  SANDBOX_STATE_FILE: {
    schema: z.string().min(1, 'expected a file path').optional(),
    description: "`npm run sandbox` only: keep the emulator's state in this JSON file (in memory when unset).",
  },
  SANDBOX_RATE_LIMIT: {
    schema: z.coerce.number({ error: 'expected requests per second as a number' }).min(0, 'expected 0 (no limit) or more').default(3),
    description: "Requests per second per application the HMRC emulator allows before 429 (HMRC's production limit is 3; 0 = no limit).",
  },
  DEMO_PRACTICE: {
    schema: z.enum(['true', 'false']).default('true').transform((v) => v === 'true'),
    description: '`npm start` only: on an empty database, add demo clients whose 2026-27 years run on a compressed schedule.',
  },
  DEMO_MS_PER_DAY: {
    schema: z.coerce
      .number({ error: 'expected milliseconds per calendar day as a number' })
      .int('expected a whole number of milliseconds')
      .min(50, 'expected at least 50 ms per day')
      .max(86_400_000, 'expected at most 86400000 ms (a real day) per day')
      .default(1000),
    description: "`npm start` only: how long a calendar day of the demo's years lasts, when the demo is first seeded.",
  },
  LOG_LEVEL: {
    schema: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
    description: 'debug, info, warn or error.',
  },
} as const;

type Variables = typeof configVariables;
export type ConfigVariableName = keyof Variables;
export type Config = { [K in ConfigVariableName]: z.output<Variables[K]['schema']> };

export class ConfigError extends Error {
  constructor(readonly problems: { variable: string; rule: string }[]) {
    super(
      'Configuration is not valid:\n' +
        problems.map(({ variable, rule }) => `  ${variable}: ${rule}`).join('\n'),
    );
    this.name = 'ConfigError';
  }
}

const schema = z.object(
  Object.fromEntries(Object.entries(configVariables).map(([name, v]) => [name, v.schema])) as {
    [K in ConfigVariableName]: Variables[K]['schema'];
  },
);

/** Reads and validates the configuration; empty strings count as unset. Throws ConfigError naming every bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const input: Record<string, string | undefined> = {};
  for (const name of Object.keys(configVariables)) {
    const value = env[name];
    input[name] = value === undefined || value.trim() === '' ? undefined : value.trim();
  }
  const result = schema.safeParse(input);
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((issue) => ({
        variable: String(issue.path[0]),
        rule: issue.code === 'invalid_value' ? `expected one of ${issue.values.join(', ')}` : issue.message,
      })),
    );
  }
  const config = result.data as Config;
  if (config.NODE_ENV === 'production' && !config.ENCRYPTION_KEY) {
    throw new ConfigError([{ variable: 'ENCRYPTION_KEY', rule: 'required in production: 32 random bytes in base64' }]);
  }
  return config;
}

/** The settings a running engine (worker and API) needs once PostgreSQL and Temporal are known. */
export interface EngineSettings {
  databaseUrl: string;
  temporalAddress: string;
  temporalNamespace: string;
  taskQueue: string;
  temporalUiUrl: string | undefined;
  apiHost: string;
  /** For HMRC's fraud prevention headers: the engine's public address, when known. */
  vendorPublicIp: string | undefined;
  apiPort: number;
  encryptionKey: Buffer;
  hmrc: {
    /** Unset: the caller runs the embedded emulator and fills it in. */
    baseUrl: string | undefined;
    authorizeUrl: string | undefined;
    clientId: string;
    clientSecret: string;
    ratePerSecond: number;
  };
  freeagent: {
    /** FreeAgent's API base including /v2; the embedded emulator's when FREEAGENT_BASE_URL is unset. */
    baseUrl: string;
    clientId: string;
    clientSecret: string;
  };
}

export function engineSettings(config: Config): EngineSettings {
  const missing: { variable: string; rule: string }[] = [];
  if (!config.DATABASE_URL) missing.push({ variable: 'DATABASE_URL', rule: 'required to run the engine on its own (npm start sets it)' });
  if (!config.TEMPORAL_ADDRESS) missing.push({ variable: 'TEMPORAL_ADDRESS', rule: 'required to run the engine on its own (npm start sets it)' });
  if (!config.ENCRYPTION_KEY) missing.push({ variable: 'ENCRYPTION_KEY', rule: 'required to run the engine on its own (npm start sets it)' });
  if (missing.length > 0) throw new ConfigError(missing);
  return {
    databaseUrl: config.DATABASE_URL!,
    temporalAddress: config.TEMPORAL_ADDRESS!,
    temporalNamespace: config.TEMPORAL_NAMESPACE,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    temporalUiUrl: config.TEMPORAL_UI_URL,
    apiHost: config.API_HOST,
    vendorPublicIp: config.VENDOR_PUBLIC_IP,
    apiPort: config.API_PORT,
    encryptionKey: Buffer.from(config.ENCRYPTION_KEY!, 'base64'),
    hmrc: {
      baseUrl: config.HMRC_BASE_URL,
      authorizeUrl: config.HMRC_AUTHORIZE_URL,
      clientId: config.HMRC_CLIENT_ID,
      clientSecret: config.HMRC_CLIENT_SECRET,
      ratePerSecond: config.HMRC_RATE_LIMIT,
    },
    freeagent: {
      // The embedded emulator serves FreeAgent under /freeagent on SANDBOX_PORT (runtime/hmrcEmulator.ts).
      baseUrl: config.FREEAGENT_BASE_URL ?? `http://127.0.0.1:${config.SANDBOX_PORT}/freeagent/v2`,
      clientId: config.FREEAGENT_CLIENT_ID,
      clientSecret: config.FREEAGENT_CLIENT_SECRET,
    },
  };
}
