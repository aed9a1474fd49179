// Long-running helper processes (PostgreSQL, the Temporal dev server) that we start, watch and stop in order.
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';

export interface ServiceProcess {
  child: ChildProcess;
  /** The last few KiB the process wrote to stderr, for error messages. */
  stderrTail(): string;
  /** Rejects if the process exits; the caller races it against a readiness check. */
  exited: Promise<never>;
}

/**
 * Spawns a service in its own process group, so Ctrl-C reaches only us and we stop services after the worker,
 * not before. It is killed if this process exits without stopping it.
 */
export function spawnService(command: string, args: string[], options: Pick<SpawnOptions, 'uid' | 'gid' | 'env'> = {}): ServiceProcess {
  const child = spawn(command, args, { ...options, detached: true, stdio: ['ignore', 'ignore', 'pipe'] });
  let tail = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    tail = (tail + chunk.toString()).slice(-4000);
  });
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const exited = new Promise<never>((_, reject) => {
    child.once('exit', (code, signal) => {
      process.removeListener('exit', killOnExit);
      reject(new Error(`${command} exited (code ${code}, signal ${signal}): ${tail.trim()}`));
    });
    child.once('error', reject);
  });
  exited.catch(() => undefined);
  return { child, stderrTail: () => tail, exited };
}

/** Asks a child process to stop (SIGTERM unless told), then SIGKILLs it if it has not gone within the grace period. */
export function stopProcess(child: ChildProcess, graceMs = 10_000, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill(signal);
  });
}
