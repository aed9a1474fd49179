// Fault injection for tests: a share of 5xx answers, 429s, added latency, and timeouts after the write was committed.

export interface FaultSettings {
  /** Share of requests (0-1) answered 500/503 before anything is done. */
  serverErrorRate: number;
  /** Share of requests answered 429 MESSAGE_THROTTLED_OUT before anything is done (on top of the real rate limit). */
  throttleRate: number;
  /** Share of successful writes whose response never comes: the write is applied, the connection is then dropped. */
  timeoutAfterCommitRate: number;
  /** Added to every response, in milliseconds. */
  latencyMs: number;
}

export const noFaults: FaultSettings = { serverErrorRate: 0, throttleRate: 0, timeoutAfterCommitRate: 0, latencyMs: 0 };

export function faultProblems(input: Record<string, unknown>): string[] {
  const problems: string[] = [];
  for (const key of ['serverErrorRate', 'throttleRate', 'timeoutAfterCommitRate'] as const) {
    const v = input[key];
    if (v !== undefined && (typeof v !== 'number' || v < 0 || v > 1)) problems.push(`${key}: expected a number from 0 to 1`);
  }
  const latency = input.latencyMs;
  if (latency !== undefined && (typeof latency !== 'number' || !Number.isInteger(latency) || latency < 0 || latency > 60_000)) {
    problems.push('latencyMs: expected whole milliseconds from 0 to 60000');
  }
  const unknown = Object.keys(input).filter((k) => !(k in noFaults));
  for (const key of unknown) problems.push(`${key}: not a fault setting (serverErrorRate, throttleRate, timeoutAfterCommitRate, latencyMs)`);
  return problems;
}

/** A small seeded generator (mulberry32), so a test run's faults can be replayed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
