// Starts a Temporal dev server (the CLI's, or the SDK's download as a fallback) and waits until it really answers.
import { Connection } from '@temporalio/client';
import { TypedSearchAttributes } from '@temporalio/common';
import { spawnService, stopProcess } from './childProcess';
import { taxYearSearchAttributeKeys } from './searchAttributes';

export interface DevServer {
  address: string;
  uiUrl: string | null;
  stop(): Promise<void>;
}

export interface DevServerOptions {
  /** Path of the `temporal` CLI, or null to let the SDK download a dev server. */
  cli: string | null;
  dbFilename: string;
  port: number;
  /** null: headless. */
  uiPort: number | null;
  ip?: string;
  /** How long to wait for the server to answer; a cold machine needs far more than the SDK's 5 seconds. */
  readyTimeoutMs?: number;
}

export async function startTemporalDevServer(options: DevServerOptions): Promise<DevServer> {
  const ip = options.ip ?? '127.0.0.1';
  const address = `${ip}:${options.port}`;
  const uiUrl = options.uiPort === null ? null : `http://${ip}:${options.uiPort}`;
  if (options.cli === null) return startDownloadedDevServer(options, ip, uiUrl);

  const args = [
    'server', 'start-dev',
    '--ip', ip,
    '--port', String(options.port),
    '--db-filename', options.dbFilename,
    '--sqlite-pragma', 'journal_mode=WAL',
    '--sqlite-pragma', 'synchronous=NORMAL',
    '--log-level', 'error',
    // Registered at launch, so a workflow's first upsert never meets an unknown attribute (`TaxYearStage=Keyword`).
    ...taxYearSearchAttributeKeys.flatMap((key) => ['--search-attribute', `${key.name}=${TypedSearchAttributes.toMetadataType(key.type)}`]),
    ...(options.uiPort === null ? ['--headless'] : ['--ui-port', String(options.uiPort)]),
  ];
  const service = spawnService(options.cli, args);
  try {
    await Promise.race([waitUntilReady(address, options.readyTimeoutMs ?? 120_000), service.exited]);
  } catch (err) {
    service.child.kill('SIGKILL');
    throw new Error(`The Temporal dev server did not start: ${(err as Error).message}`, { cause: err });
  }
  return { address, uiUrl, stop: () => stopProcess(service.child) };
}

async function startDownloadedDevServer(options: DevServerOptions, ip: string, uiUrl: string | null): Promise<DevServer> {
  const { TestWorkflowEnvironment } = await import('@temporalio/testing');
  const env = await TestWorkflowEnvironment.createLocal({
    server: {
      ip,
      port: options.port,
      dbFilename: options.dbFilename,
      ui: options.uiPort !== null,
      ...(options.uiPort === null ? {} : { uiPort: options.uiPort }),
      extraArgs: ['--sqlite-pragma', 'journal_mode=WAL'],
      searchAttributes: [...taxYearSearchAttributeKeys],
    },
  });
  return { address: `${ip}:${options.port}`, uiUrl, stop: () => env.teardown() };
}

/** Polls until the frontend answers and the default namespace is registered. */
export async function waitUntilReady(address: string, timeoutMs: number, namespace = 'default'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    let connection: Connection | undefined;
    try {
      connection = await Connection.connect({ address, connectTimeout: 2_000 });
      await connection.workflowService.describeNamespace({ namespace });
      return;
    } catch (err) {
      lastError = err;
      await new Promise((r) => setTimeout(r, 500));
    } finally {
      await connection?.close().catch(() => undefined);
    }
  }
  throw new Error(`Temporal at ${address} did not answer within ${timeoutMs} ms: ${lastError instanceof Error ? lastError.message : String(lastError)}`);
}
