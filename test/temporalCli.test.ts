// Finding the Temporal CLI: TEMPORAL_CLI first, then PATH, then Go's bin folder.
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findTemporalCli } from '../runtime/temporalCli';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'temporal-cli-'));
  await writeFile(join(dir, 'temporal'), '#!/bin/sh\necho temporal\n');
  await chmod(join(dir, 'temporal'), 0o755);
  await writeFile(join(dir, 'not-executable'), 'x');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('findTemporalCli', () => {
  it('takes TEMPORAL_CLI when set, and says so when it is wrong', async () => {
    expect(await findTemporalCli({ TEMPORAL_CLI: join(dir, 'temporal'), PATH: '' })).toBe(join(dir, 'temporal'));
    await expect(findTemporalCli({ TEMPORAL_CLI: join(dir, 'not-executable'), PATH: '' })).rejects.toThrow(/TEMPORAL_CLI: expected an executable/);
  });

  it('then looks on PATH', async () => {
    expect(await findTemporalCli({ PATH: `/nonexistent:${dir}` })).toBe(join(dir, 'temporal'));
  });

  const goBin = (() => {
    try {
      return join(execFileSync('go', ['env', 'GOROOT']).toString().trim(), 'bin');
    } catch {
      return null;
    }
  })();

  it.skipIf(goBin === null)('then in $(go env GOPATH)/bin', async () => {
    const gopath = await mkdtemp(join(tmpdir(), 'gopath-'));
    try {
      await mkdir(join(gopath, 'bin'));
      await writeFile(join(gopath, 'bin', 'temporal'), '#!/bin/sh\n');
      await chmod(join(gopath, 'bin', 'temporal'), 0o755);
      // PATH holds only Go, so the CLI can only come from GOPATH.
      expect(await findTemporalCli({ PATH: goBin!, GOPATH: gopath, HOME: process.env.HOME, GOCACHE: join(gopath, 'cache') })).toBe(join(gopath, 'bin', 'temporal'));
    } finally {
      await rm(gopath, { recursive: true, force: true });
    }
  });

  it('returns null when there is no CLI anywhere', async () => {
    expect(await findTemporalCli({ PATH: '/nonexistent' })).toBeNull();
  });
});
