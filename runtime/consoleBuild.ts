// Builds the staff console with Vite when its build is missing or older than its sources, so `npm start` and the
// browser tests always serve the console as the code stands.
import { readdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';

export const CONSOLE_ROOT = resolve(import.meta.dirname, '..', 'admin-ui');
export const CONSOLE_DIST = join(CONSOLE_ROOT, 'dist');

async function newestSource(): Promise<number> {
  const sources = (await readdir(join(CONSOLE_ROOT, 'src'), { withFileTypes: true, recursive: true })).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
  sources.push(join(CONSOLE_ROOT, 'index.html'), join(CONSOLE_ROOT, 'vite.config.ts'));
  const times = await Promise.all(sources.map((path) => stat(path).then((s) => s.mtimeMs)));
  return Math.max(...times);
}

/** Builds admin-ui/dist if it is stale; returns whether it built. */
export async function ensureConsoleBuilt(say: (line: string) => void = () => undefined): Promise<boolean> {
  const built = await stat(join(CONSOLE_DIST, 'index.html')).then((s) => s.mtimeMs, () => 0);
  if (built > (await newestSource())) return false;
  say('Building the staff console (admin-ui/, Vite)...');
  const { build } = await import('vite');
  await build({ configFile: join(CONSOLE_ROOT, 'vite.config.ts'), logLevel: 'warn' });
  return true;
}
