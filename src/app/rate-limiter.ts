// A token bucket per principal, held by one instance (nothing is shared between instances: a caller
// spreading its calls over n instances gets n times the rate). Used where one caller could otherwise
// take the whole instance: RevokeSessions (docs/design.md §2.7).

/** How many seconds of calls a principal may make at once after being idle. */
export const BURST_SECONDS = 5;
/** Below this many principals the table is never swept. */
const SWEEP_FLOOR = 1024;

interface Bucket {
  tokens: number;
  atMs: number;
}

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private sweepAt = SWEEP_FLOOR;
  readonly burst: number;

  constructor(readonly perSecond: number) {
    this.burst = Math.max(1, perSecond * BURST_SECONDS);
  }

  /**
   * Takes one call for `principal` at `nowMs`: 0 when it may go ahead, else how many milliseconds until
   * it may (nothing is taken then, so a caller that waits that long gets through).
   */
  take(principal: string, nowMs: number): number {
    const bucket = this.buckets.get(principal);
    const tokens = bucket ? this.refilled(bucket, nowMs) : this.burst;
    if (tokens >= 1) {
      if (bucket) {
        bucket.tokens = tokens - 1;
        bucket.atMs = nowMs;
      } else {
        this.buckets.set(principal, { tokens: tokens - 1, atMs: nowMs });
        if (this.buckets.size >= this.sweepAt) this.sweep(nowMs);
      }
      return 0;
    }
    if (bucket) {
      bucket.tokens = tokens;
      bucket.atMs = nowMs;
    }
    return Math.ceil(((1 - tokens) * 1000) / this.perSecond);
  }

  /** Principals with a bucket (one that is full again is the same as none, and is dropped at a sweep). */
  get size(): number {
    return this.buckets.size;
  }

  private refilled(bucket: Bucket, nowMs: number): number {
    // A clock that steps back refills nothing rather than taking tokens away.
    return Math.min(this.burst, bucket.tokens + (Math.max(0, nowMs - bucket.atMs) * this.perSecond) / 1000);
  }

  /**
   * Drops full buckets, so the table holds only principals seen within the last BURST_SECONDS or so,
   * however many principals call over time; amortised, since the next sweep waits for the table to
   * double.
   */
  private sweep(nowMs: number): void {
    for (const [principal, bucket] of this.buckets) if (this.refilled(bucket, nowMs) >= this.burst) this.buckets.delete(principal);
    this.sweepAt = Math.max(SWEEP_FLOOR, 2 * this.buckets.size);
  }
}
