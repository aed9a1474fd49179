// HMRC's rate limit: a token bucket per application (default 3 requests a second, HMRC's production limit).

export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; updatedAt: number }>();

  constructor(
    /** Requests per second per application; null or 0 means unlimited. */
    private perSecond: number | null,
    private readonly now: () => number = () => performance.now(),
  ) {}

  setRate(perSecond: number | null): void {
    this.perSecond = perSecond;
    this.buckets.clear();
  }

  get rate(): number | null {
    return this.perSecond;
  }

  /** Takes one request's token; false means throttle (429). The bucket holds at most one second's worth. */
  tryTake(key: string): boolean {
    if (!this.perSecond) return true;
    const now = this.now();
    const bucket = this.buckets.get(key) ?? { tokens: this.perSecond, updatedAt: now };
    bucket.tokens = Math.min(this.perSecond, bucket.tokens + ((now - bucket.updatedAt) / 1000) * this.perSecond);
    bucket.updatedAt = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }
}
