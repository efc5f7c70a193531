import { realTiming, type Timing } from '../clock/timing.ts';

/**
 * A token bucket that keeps the client under the API's per-customer limit (about 17 requests/s,
 * burst 33). `acquire` resolves when a request may be sent; callers queue in arrival order.
 */
export class RateLimiter {
  private tokens: number;
  private last: number;
  private queue: Promise<void> = Promise.resolve();

  private readonly perSecond: number;
  private readonly burst: number;
  private readonly timing: Timing;

  constructor(perSecond: number, burst: number, timing: Timing = realTiming) {
    this.perSecond = perSecond;
    this.burst = burst;
    this.timing = timing;
    this.tokens = burst;
    this.last = timing.now();
  }

  /** Waits for one token. Calls are served first come, first served. */
  acquire(): Promise<void> {
    if (!Number.isFinite(this.perSecond) || this.perSecond <= 0) return Promise.resolve();
    const turn = this.queue.then(() => this.takeToken());
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  private async takeToken(): Promise<void> {
    for (;;) {
      const now = this.timing.now();
      this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.perSecond);
      this.last = now;
      if (this.tokens >= 1) {
        this.tokens -= 1;
        return;
      }
      await this.timing.sleep(Math.ceil(((1 - this.tokens) / this.perSecond) * 1000));
    }
  }
}
