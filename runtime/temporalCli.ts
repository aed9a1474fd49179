// Finds the `temporal` CLI (TEMPORAL_CLI, PATH, $(go env GOPATH)/bin) or builds it with Go; null means "use the SDK's download".
import { execFile, spawn } from 'node:child_process';
import { access, constants } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';

/** Later tags carry replace directives and cannot be go-installed. */
export const TEMPORAL_CLI_MODULE = 'github.com/temporalio/cli/cmd/temporal@v1.5.1';

const run = promisify(execFile);

async function isExecutable(path: string): Promise<boolean> {
  try {
    await access(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

async function goBinDirs(env: NodeJS.ProcessEnv): Promise<string[]> {
  try {
    const { stdout } = await run('go', ['env', 'GOBIN', 'GOPATH'], { env });
    const [gobin, gopath] = stdout.split('\n').map((line) => line.trim());
    return [gobin, ...(gopath ?? '').split(delimiter).filter(Boolean).map((p) => join(p, 'bin'))].filter((d): d is string => Boolean(d));
  } catch {
    return [];
  }
}

/** The first `temporal` found: TEMPORAL_CLI (which must exist), then PATH, then Go's bin folders. */
export async function findTemporalCli(env: NodeJS.ProcessEnv = process.env): Promise<string | null> {
  const configured = env.TEMPORAL_CLI?.trim();
  if (configured) {
    if (await isExecutable(configured)) return configured;
    throw new Error(`TEMPORAL_CLI: expected an executable temporal binary, but '${configured}' is missing or not executable`);
  }
  for (const dir of (env.PATH ?? '').split(delimiter).filter(Boolean)) {
    if (await isExecutable(join(dir, 'temporal'))) return join(dir, 'temporal');
  }
  for (const dir of await goBinDirs(env)) {
    if (await isExecutable(join(dir, 'temporal'))) return join(dir, 'temporal');
  }
  return null;
}

async function hasGo(env: NodeJS.ProcessEnv): Promise<boolean> {
  try {
    await run('go', ['version'], { env });
    return true;
  } catch {
    return false;
  }
}

/**
 * Finds the CLI, building it with `go install` when Go is present (minutes, once; progress goes to `progress`).
 * Returns null when there is neither a CLI nor Go: the caller falls back to the SDK's download of the dev server.
 */
export async function ensureTemporalCli(
  env: NodeJS.ProcessEnv = process.env,
  progress: (line: string) => void = (line) => process.stderr.write(line + '\n'),
): Promise<string | null> {
  const found = await findTemporalCli(env);
  if (found) return found;
  if (!(await hasGo(env))) return null;
  progress(`Building the Temporal CLI with 'go install ${TEMPORAL_CLI_MODULE}' (first time only; it takes a few minutes)...`);
  await new Promise<void>((resolve, reject) => {
    const child = spawn('go', ['install', TEMPORAL_CLI_MODULE], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const onOutput = (chunk: Buffer) => chunk.toString().split('\n').filter(Boolean).forEach((line) => progress(`  ${line}`));
    child.stdout.on('data', onOutput);
    child.stderr.on('data', onOutput);
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`go install ${TEMPORAL_CLI_MODULE} exited with code ${code}`))));
  });
  const built = await findTemporalCli(env);
  if (!built) throw new Error(`go install ${TEMPORAL_CLI_MODULE} finished but no temporal binary is in $(go env GOPATH)/bin`);
  progress(`Temporal CLI built: ${built}`);
  return built;
}
