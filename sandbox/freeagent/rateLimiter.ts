// FreeAgent's per-minute request limit, counted per client company (X-Subdomain); counters reset at the start of each minute.
export class MinuteRateLimiter {
  private readonly counts = new Map<string, { minute: number; count: number }>();

  constructor(private readonly limitPerMinute: number | null) {}

  /** Counts a request; returns the seconds to wait (for Retry-After) when over the limit, else null. */
  take(key: string, nowMs: number, limitOverride?: number): number | null {
    const limit = limitOverride ?? this.limitPerMinute;
    if (limit === null) return null;
    const minute = Math.floor(nowMs / 60_000);
    const entry = this.counts.get(key);
    const current = entry && entry.minute === minute ? entry : { minute, count: 0 };
    this.counts.set(key, current);
    if (current.count >= limit) return Math.max(1, Math.ceil(((minute + 1) * 60_000 - nowMs) / 1000));
    current.count += 1;
    return null;
  }

  reset(): void {
    this.counts.clear();
  }
}
