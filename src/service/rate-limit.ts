/**
 * A per-user rate limit (RATE_LIMIT_PER_MINUTE): a sliding one-minute window of timestamps per
 * key, with an injected clock. Pure apart from its own memory; 0 turns it off.
 */

export interface RateDecision {
  allowed: boolean;
  /** Seconds until the next question would be allowed (0 when allowed). */
  retryAfterSeconds: number;
}

export class RateLimiter {
  private readonly hits = new Map<string, number[]>();

  /**
   * @param perMinute questions a key may ask in any 60 seconds; 0 allows everything
   * @param maxKeys keys remembered at most (the least recently used are forgotten)
   */
  constructor(
    private readonly perMinute: number,
    private readonly now: () => number = Date.now,
    private readonly maxKeys = 100_000,
  ) {
    if (!Number.isInteger(perMinute) || perMinute < 0) {
      throw new RangeError(`perMinute must be a non-negative integer, got ${perMinute}`);
    }
  }

  /** Says whether `key` may go on now, without recording anything (e.g. before checking a login). */
  check(key: string): RateDecision {
    if (this.perMinute === 0) return { allowed: true, retryAfterSeconds: 0 };
    const t = this.now();
    const recent = (this.hits.get(key) ?? []).filter((at) => t - at < 60_000);
    if (recent.length < this.perMinute) return { allowed: true, retryAfterSeconds: 0 };
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((recent[0]! + 60_000 - t) / 1000)) };
  }

  /** Records a question from `key` and says whether it is allowed. */
  take(key: string): RateDecision {
    if (this.perMinute === 0) return { allowed: true, retryAfterSeconds: 0 };
    const t = this.now();
    const recent = (this.hits.get(key) ?? []).filter((at) => t - at < 60_000);
    this.hits.delete(key);
    if (recent.length >= this.perMinute) {
      this.hits.set(key, recent);
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((recent[0]! + 60_000 - t) / 1000)) };
    }
    recent.push(t);
    this.hits.set(key, recent);
    if (this.hits.size > this.maxKeys) this.hits.delete(this.hits.keys().next().value!);
    return { allowed: true, retryAfterSeconds: 0 };
  }
}
