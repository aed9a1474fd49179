// The emulator's clock: real time by default, or set to any instant (it keeps ticking from there) to exercise date
// rules; with a rate, it runs as fast as a compressed tax year, so HMRC's date rules hold for a year run in minutes.

export class EmulatorClock {
  private anchorReal = 0;
  private anchorAt: number | null = null;
  private rate = 1;

  constructor(private readonly realNow: () => number = Date.now) {}

  now(): Date {
    if (this.anchorAt === null) return new Date(this.realNow());
    return new Date(this.anchorAt + (this.realNow() - this.anchorReal) * this.rate);
  }

  /** Moves the clock so that it reads `instant` now and then runs `rate` times as fast as real time; null goes back to real time. */
  set(instant: Date | null, rate = 1): void {
    if (!(rate > 0) || !Number.isFinite(rate)) throw new RangeError(`rate: expected a positive number, got ${rate}`);
    this.anchorReal = this.realNow();
    this.anchorAt = instant === null ? null : instant.getTime();
    this.rate = instant === null ? 1 : rate;
  }

  /**
   * The time for the platform's own rules (token lifetimes, fraud-header timestamps): a compressed year compresses
   * HMRC's business dates, not four-hour tokens, so at any rate but 1 the platform keeps real time.
   */
  platformNow(): Date {
    return this.rate === 1 ? this.now() : new Date(this.realNow());
  }

  isReal(): boolean {
    return this.anchorAt === null;
  }

  speed(): number {
    return this.rate;
  }
}
