import { getEventListeners } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { RateLimiter } from '../../src/api/rate-limiter.ts';
import { take } from '../support/take-token.ts';
import { realTiming, type Timing } from '../../src/clock/timing.ts';

describe('realTiming.sleep', () => {
  it('rejects at once with the reason when the signal is already aborted', async () => {
    const controller = new AbortController();
    const reason = new Error('stop');
    controller.abort(reason);
    await expect(realTiming.sleep(60_000, controller.signal)).rejects.toBe(reason);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });

  it('wakes with the reason as soon as the signal aborts', async () => {
    const controller = new AbortController();
    const reason = new Error('Ctrl-C');
    const sleeping = realTiming.sleep(60_000, controller.signal);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(1);
    controller.abort(reason);
    await expect(sleeping).rejects.toBe(reason);
  });

  it('resolves after the time and stops listening to the signal', async () => {
    const controller = new AbortController();
    await expect(realTiming.sleep(1, controller.signal)).resolves.toBeUndefined();
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
    await expect(realTiming.sleep(1)).resolves.toBeUndefined();
  });

  it('reads about the wall clock, and does not step back when the wall clock is set back', () => {
    expect(Math.abs(realTiming.now() - Date.now())).toBeLessThan(1000);
    const before = realTiming.now();
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(Date.now() - 3_600_000);
      expect(Date.now()).toBeLessThan(before);
      expect(realTiming.now()).toBeGreaterThanOrEqual(before);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('RateLimiter: edge cases', () => {
  it('is off at an infinite rate', async () => {
    const slept: number[] = [];
    const timing: Timing = { now: () => 0, sleep: (ms) => (slept.push(ms), Promise.resolve()) };
    const limiter = new RateLimiter(Infinity, 1, timing);
    for (let i = 0; i < 10; i++) await take(limiter);
    expect(slept).toEqual([]);
  });

  it('keeps serving after a wait fails', async () => {
    let now = 0;
    let failNext = true;
    const timing: Timing = {
      now: () => now,
      sleep: (ms) => {
        if (failNext) {
          failNext = false;
          return Promise.reject(new Error('aborted'));
        }
        now += ms;
        return Promise.resolve();
      },
    };
    const limiter = new RateLimiter(1, 1, timing);
    await take(limiter);
    await expect(limiter.acquire()).rejects.toThrow('aborted');
    await take(limiter);
    expect(now).toBe(1000);
  });

  it('waits only for the missing part of a token', async () => {
    let now = 0;
    const slept: number[] = [];
    const timing: Timing = {
      now: () => now,
      sleep: (ms) => {
        slept.push(ms);
        now += ms;
        return Promise.resolve();
      },
    };
    const limiter = new RateLimiter(1, 1, timing);
    await take(limiter);
    now = 250;
    await take(limiter);
    expect(slept).toEqual([750]);
  });

  it('refills no more than the burst after a long pause', async () => {
    let now = 0;
    const slept: number[] = [];
    const timing: Timing = {
      now: () => now,
      sleep: (ms) => {
        slept.push(ms);
        now += ms;
        return Promise.resolve();
      },
    };
    const limiter = new RateLimiter(4, 2, timing);
    now = 60_000;
    for (let i = 0; i < 3; i++) await take(limiter);
    expect(slept).toEqual([250]);
  });
});
