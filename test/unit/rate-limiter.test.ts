import { describe, expect, it } from 'vitest';
import { RateLimiter } from '../../src/api/rate-limiter.ts';
import type { Timing } from '../../src/clock/timing.ts';

/** A clock that only moves when the limiter sleeps, so the schedule is exact. */
function virtualTiming(): Timing & { slept: number[] } {
  let now = 0;
  const slept: number[] = [];
  return {
    slept,
    now: () => now,
    sleep: (ms) => {
      slept.push(ms);
      now += ms;
      return Promise.resolve();
    },
  };
}

describe('RateLimiter', () => {
  it('lets a burst through, then spaces requests at the rate', async () => {
    const timing = virtualTiming();
    const limiter = new RateLimiter(2, 2, timing);
    const at: number[] = [];
    for (let i = 0; i < 5; i++) {
      await limiter.acquire();
      at.push(timing.now());
    }
    expect(at).toEqual([0, 0, 500, 1000, 1500]);
  });

  it('serves concurrent callers in arrival order', async () => {
    const timing = virtualTiming();
    const limiter = new RateLimiter(10, 1, timing);
    const order: number[] = [];
    await Promise.all([0, 1, 2, 3].map((i) => limiter.acquire().then(() => order.push(i))));
    expect(order).toEqual([0, 1, 2, 3]);
    expect(timing.now()).toBe(300);
  });

  it('is off at 0 requests per second', async () => {
    const timing = virtualTiming();
    const limiter = new RateLimiter(0, 0, timing);
    for (let i = 0; i < 100; i++) await limiter.acquire();
    expect(timing.slept).toEqual([]);
  });
});
