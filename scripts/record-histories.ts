// `npm run histories:record [-- test files]`: runs the whole-year workflow tests with RECORD_HISTORIES=1, so each
// recordHistory() call writes test/histories/<name>.json for the replay tests, then lists what was written.
import { spawn } from 'node:child_process';
import { stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { historiesDir, loadRecordedHistories } from '../test/helpers/histories';

const DEFAULT_TESTS = ['test/clientTaxYear.workflow.test.ts'];

async function main(): Promise<void> {
  const tests = process.argv.slice(2);
  const vitestPackage = createRequire(import.meta.url).resolve('vitest/package.json');
  const vitest = join(dirname(vitestPackage), 'vitest.mjs');
  const startedAt = Date.now();

  const code = await new Promise<number>((resolve, reject) => {
    const child = spawn(process.execPath, [vitest, 'run', '--project', 'integration', ...(tests.length > 0 ? tests : DEFAULT_TESTS)], {
      stdio: 'inherit',
      env: { ...process.env, RECORD_HISTORIES: '1' },
    });
    child.once('error', reject);
    child.once('exit', (exitCode, signal) => resolve(exitCode ?? (signal ? 1 : 0)));
  });
  if (code !== 0) {
    process.stderr.write('The tests failed: histories they wrote may be partial, do not commit them.\n');
    process.exit(code);
  }

  const histories = await loadRecordedHistories();
  const modified = await Promise.all(histories.map(async (h) => (await stat(join(historiesDir, h.file))).mtimeMs >= startedAt));
  const written = histories.filter((_, i) => modified[i]);
  if (written.length === 0) {
    process.stderr.write('No history was written: call recordHistory(handle, name) in a test once its workflow has closed.\n');
    process.exit(1);
  }
  for (const h of written) process.stdout.write(`${h.file}: ${h.events} events, ${Math.round(h.bytes / 1024)} KiB\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
