// The emulator's clock: real time by default, or set to any instant (it keeps ticking from there) to exercise date rules.

export class EmulatorClock {
  private offsetMs = 0;

  constructor(private readonly realNow: () => number = Date.now) {}

  now(): Date {
    return new Date(this.realNow() + this.offsetMs);
  }

  /** Moves the clock so that it reads `instant` now; null goes back to real time. */
  set(instant: Date | null): void {
    this.offsetMs = instant === null ? 0 : instant.getTime() - this.realNow();
  }

  isReal(): boolean {
    return this.offsetMs === 0;
  }
}
