import { AppError } from '../../server/errors.ts';

/**
 * A per-IP fixed-window counter kept in process memory, for the public survey endpoints: cheap enough to sit on the
 * hot submit path (no database round trip) and without any fingerprinting beyond the client address.
 */
export class IpRateLimiter {
  private readonly hits = new Map<string, { windowStart: number; count: number }>();
  constructor(
    readonly max: number,
    readonly windowMs: number,
  ) {}

  /** Counts a request; throws 429 once the IP is over `max` in the current window. */
  hit(ip: string, now: number): void {
    let e = this.hits.get(ip);
    if (!e || now - e.windowStart >= this.windowMs) {
      if (this.hits.size > 100_000) this.prune(now);
      e = { windowStart: now, count: 0 };
      this.hits.set(ip, e);
    }
    e.count++;
    if (e.count > this.max) throw new AppError('rate_limited', { status: 429 });
  }

  private prune(now: number) {
    for (const [ip, e] of this.hits) if (now - e.windowStart >= this.windowMs) this.hits.delete(ip);
  }
}
