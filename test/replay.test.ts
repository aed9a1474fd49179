// Replays every recorded history in test/histories/ against today's workflow bundle: a change that would break a year
// already running (an activity moved, a timer added or dropped) fails here instead of in production. Such changes go
// behind patched(); `npm run histories:record` records new histories.
import { Worker } from '@temporalio/worker';
import { describe, expect, inject, it } from 'vitest';
import { installTemporalRuntime } from '../runtime/engine';
import { createLogger } from '../runtime/log';
import { historiesDir, loadRecordedHistories } from './helpers/histories';

describe('recorded workflow histories', () => {
  it('replay on the current workflow code without non-determinism', async () => {
    const recorded = await loadRecordedHistories();
    // A replay test that replays nothing passes whatever the code does.
    expect(recorded.length, `no recorded histories in ${historiesDir}: run npm run histories:record`).toBeGreaterThan(0);

    installTemporalRuntime(createLogger('error'));
    const failures: string[] = [];
    let replayed = 0;
    const results = Worker.runReplayHistories(
      { workflowBundle: { codePath: inject('workflowBundlePath') }, replayName: 'replay-test' },
      recorded.map((r) => ({ workflowId: r.workflowId, history: r.history })),
    );
    for await (const result of results) {
      const { file } = recorded[replayed]!;
      replayed += 1;
      if (result.error) failures.push(`${file}: ${result.error.name}: ${result.error.message}`);
    }
    expect(failures).toEqual([]);
    expect(replayed).toBe(recorded.length);
  }, 120_000);
});
