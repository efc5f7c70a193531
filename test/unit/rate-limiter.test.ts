import { describe, expect, it } from 'vitest';
import { burstFor, RateLimiter } from '../../src/api/rate-limiter.ts';
import { take } from '../support/take-token.ts';
import { stoppedTiming, virtualTiming } from '../support/virtual-timing.ts';

describe('RateLimiter', () => {
  it('lets a burst through, then spaces requests at the rate', async () => {
    const timing = virtualTiming();
    const limiter = new RateLimiter(2, 2, timing);
    const at: number[] = [];
    for (let i = 0; i < 5; i++) {
      await take(limiter);
      at.push(timing.now());
    }
    expect(at).toEqual([0, 0, 500, 1000, 1500]);
  });

  it('serves concurrent callers in arrival order', async () => {
    const timing = virtualTiming();
    const limiter = new RateLimiter(10, 1, timing);
    const order: number[] = [];
    await Promise.all([0, 1, 2, 3].map((i) => take(limiter).then(() => order.push(i))));
    expect(order).toEqual([0, 1, 2, 3]);
    expect(timing.now()).toBe(300);
  });

  it('is off at 0 requests per second', async () => {
    const timing = virtualTiming();
    const limiter = new RateLimiter(0, 0, timing);
    for (let i = 0; i < 100; i++) await take(limiter);
    expect(timing.slept).toEqual([]);
  });
});

describe('RateLimiter: requests not yet answered', () => {
  it('counts no refill until a request sent from a full bucket is answered: the server saw it by then', async () => {
    // The server's bucket was full too, and refills only from a request's arrival, which a new
    // connection's handshakes can put long after the send.
    const timing = virtualTiming();
    const limiter = new RateLimiter(1, 2, timing);
    const first = await limiter.acquire();
    await limiter.acquire();
    await timing.sleep(500);
    limiter.answered(first);
    await limiter.acquire();
    // One token at 1/s counted from 0.5 s (from the send it would have come at 1 s).
    expect(timing.now()).toBe(1500);
  });

  it('keeps tokens plus unanswered requests within the burst mid-run, not only from a full bucket', async () => {
    // A network pause: two requests sent from an empty bucket are held for 10 s. The server's
    // bucket stops at its burst meanwhile, so the client may not refill past 4 − 2.
    const timing = virtualTiming();
    const limiter = new RateLimiter(1, 4, timing);
    for (let i = 0; i < 4; i++) await take(limiter);
    const held = [await limiter.acquire(), await limiter.acquire()];
    expect(timing.now()).toBe(2000);
    await timing.sleep(10_000);
    for (const ticket of held) limiter.answered(ticket);
    const at: number[] = [];
    for (let i = 0; i < 3; i++) {
      await take(limiter);
      at.push(timing.now());
    }
    expect(at).toEqual([12_000, 12_000, 13_000]);
  });

  it('counts a request once however often it is reported answered', async () => {
    const timing = virtualTiming();
    const limiter = new RateLimiter(1, 2, timing);
    const answered = await limiter.acquire();
    await limiter.acquire();
    limiter.answered(answered);
    limiter.answered(answered);
    await timing.sleep(10_000);
    await limiter.acquire();
    expect(timing.now()).toBe(10_000);
    // Two unanswered now fill the burst: the next waits for one to lapse (30 s after its send).
    await limiter.acquire();
    expect(timing.now()).toBe(31_000);
  });

  it('lets a request count as unanswered for 30 s at most, if its end is never reported', async () => {
    const timing = virtualTiming();
    const limiter = new RateLimiter(1, 2, timing);
    await limiter.acquire();
    await limiter.acquire();
    await limiter.acquire();
    expect(timing.now()).toBe(31_000);
  });

  it('wakes a wait for room as soon as an answer makes some, then waits only for the refill', async () => {
    let now = 0;
    const sleeps: number[] = [];
    // Sleeps end only when their signal aborts, so a wake can come from nothing but the answer.
    const timing = {
      now: () => now,
      sleep: (ms: number, signal?: AbortSignal) =>
        new Promise<void>((_resolve, reject) => {
          sleeps.push(ms);
          signal?.addEventListener('abort', () => reject(signal.reason as Error), { once: true });
        }),
    };
    const limiter = new RateLimiter(1, 2, timing);
    const first = await limiter.acquire();
    await limiter.acquire();
    const controller = new AbortController();
    const waiting = limiter.acquire(controller.signal);
    await new Promise((resolve) => setImmediate(resolve));
    expect(sleeps).toEqual([30_000]);
    now = 400;
    limiter.answered(first);
    await new Promise((resolve) => setImmediate(resolve));
    expect(sleeps).toEqual([30_000, 1000]);
    const reason = new Error('Ctrl-C');
    controller.abort(reason);
    await expect(waiting).rejects.toBe(reason);
  });
});

describe('RateLimiter: requests that fail without an answer', () => {
  it('gives back at once the room of a request refused or reset: it will not arrive later', async () => {
    const timing = virtualTiming();
    const limiter = new RateLimiter(1, 2, timing);
    const refused = await limiter.acquire();
    await limiter.acquire();
    limiter.failed(refused, { mayStillArrive: false });
    await timing.sleep(5000);
    await limiter.acquire();
    expect(timing.now()).toBe(5000);
  });

  it('holds the room of a timed-out request until one sent after it is answered', async () => {
    // A network pause: the timed-out request is still held on its way, and lands with the rest.
    const timing = virtualTiming();
    const limiter = new RateLimiter(1, 3, timing);
    for (let i = 0; i < 3; i++) await take(limiter);
    const early = await limiter.acquire();
    const timedOut = await limiter.acquire();
    await timing.sleep(8000);
    limiter.failed(timedOut, { mayStillArrive: true });
    // Sent before the timeout: its answer proves nothing about the timed-out request.
    limiter.answered(early);
    await timing.sleep(10_000);
    const at: number[] = [];
    const after = await limiter.acquire();
    at.push(timing.now());
    await limiter.acquire();
    at.push(timing.now());
    // Two tokens, not three, and no third until an answer: sent after the timeout, this one's
    // shows the network carries requests again.
    limiter.answered(after);
    await limiter.acquire();
    at.push(timing.now());
    expect(at).toEqual([20_000, 20_000, 21_000]);
  });

  it('lets a timed-out request lapse a whole lapse after it failed, not after it was sent', async () => {
    const timing = virtualTiming();
    const limiter = new RateLimiter(1, 1, timing);
    const timedOut = await limiter.acquire();
    await timing.sleep(4000);
    limiter.failed(timedOut, { mayStillArrive: true });
    await limiter.acquire();
    // Lapsed at 34 s, then a token refilled at 1/s (from the send, it would have lapsed at 30 s).
    expect(timing.now()).toBe(35_000);
  });

  it('lets requests count as long as their deadline, when that is longer than 30 s', async () => {
    const timing = virtualTiming();
    const limiter = new RateLimiter(1, 1, timing, 45_000);
    await limiter.acquire();
    await limiter.acquire();
    expect(timing.now()).toBe(46_000);
  });
});

describe('RateLimiter: the budget', () => {
  it("bursts one request less than the server's 33/16.7 s worth: 32 at 16.7/s", () => {
    expect(burstFor(16.7)).toBe(32);
    expect(burstFor(17)).toBe(32);
    expect(burstFor(4)).toBe(6);
    expect(burstFor(50)).toBe(97);
    expect(burstFor(0.5)).toBe(1);
  });

  it.each([16.7, 17, 4, 50, 0.3])('lets the whole burst through at once at %s/s', async (rate) => {
    const timing = virtualTiming();
    const limiter = new RateLimiter(rate, burstFor(rate), timing);
    for (let i = 0; i < burstFor(rate); i++) await take(limiter);
    expect(timing.slept).toEqual([]);
  });
});

describe('RateLimiter: adapting to 429s', () => {
  it('halves the rate and drains the burst on a 429, then spaces requests at the new rate', async () => {
    const timing = virtualTiming();
    const limiter = new RateLimiter(10, 10, timing);
    let ticket = await take(limiter);
    for (let i = 1; i < 5; i++) ticket = await take(limiter);
    expect(limiter.rate).toBe(10);
    limiter.reportRateLimited(ticket);
    expect(limiter.rate).toBe(5);
    // Five tokens were left, and are gone: the next request waits a whole token at 5/s.
    await take(limiter);
    expect(timing.slept).toEqual([200]);
    expect(timing.now()).toBe(200);
  });

  it('climbs back linearly, a fortieth of the ceiling per second, to the ceiling and no further', async () => {
    const timing = virtualTiming();
    const limiter = new RateLimiter(20, 20, timing);
    limiter.reportRateLimited(await take(limiter));
    expect(limiter.rate).toBe(10);
    await timing.sleep(4000);
    expect(limiter.rate).toBe(12);
    await timing.sleep(16_000);
    expect(limiter.rate).toBe(20);
    await timing.sleep(60_000);
    expect(limiter.rate).toBe(20);
  });

  it('slows down once per burst of refusals: a 429 to a request granted before the cut changes nothing', async () => {
    const timing = virtualTiming();
    const limiter = new RateLimiter(16, 16, timing);
    const early = await take(limiter);
    const alsoEarly = await take(limiter);
    limiter.reportRateLimited(early);
    expect(limiter.rate).toBe(8);
    limiter.reportRateLimited(alsoEarly);
    expect(limiter.rate).toBe(8);
    // A request sent at the new rate and still refused: the budget is smaller still.
    const late = await take(limiter);
    expect(timing.now()).toBe(125);
    // By then the rate had climbed by 16/40 per second for 1/8 s: 8.05, halved.
    limiter.reportRateLimited(late);
    expect(limiter.rate).toBe(4.025);
  });

  it('never falls below a sixteenth of the ceiling', async () => {
    const timing = virtualTiming();
    const limiter = new RateLimiter(16, 16, timing);
    for (let i = 0; i < 10; i++) limiter.reportRateLimited(await take(limiter));
    expect(limiter.rate).toBe(1);
  });

  it('holds every queued request until the Retry-After has passed, not just the refused one', async () => {
    const timing = virtualTiming();
    const limiter = new RateLimiter(10, 10, timing);
    limiter.reportRateLimited(await take(limiter), 2000);
    const at: number[] = [];
    await Promise.all([0, 1, 2].map(() => take(limiter).then(() => at.push(timing.now()))));
    // At 2 s, tokens refilled at 5/s (10) are capped by the burst of the rate then: 10 × 5.5/10.
    expect(at).toEqual([2000, 2000, 2000]);
    expect(timing.slept).toEqual([2000]);
  });

  it('shrinks its burst with its rate, so two jobs at half the rate burst no more than one', async () => {
    const timing = virtualTiming();
    const limiter = new RateLimiter(10, 10, timing);
    limiter.reportRateLimited(await take(limiter));
    await timing.sleep(10_000);
    // 10 s later the rate is 5 + 2.5, and the bucket holds 7.5 tokens, not the full burst of 10.
    expect(limiter.rate).toBe(7.5);
    const at: number[] = [];
    for (let i = 0; i < 8; i++) {
      await take(limiter);
      at.push(timing.now() - 10_000);
    }
    expect(at).toEqual([0, 0, 0, 0, 0, 0, 0, 67]);
  });

  it('when off, paces nothing but still holds the queue for a Retry-After', async () => {
    const timing = virtualTiming();
    const limiter = new RateLimiter(0, 0, timing);
    limiter.reportRateLimited(await take(limiter), 3000);
    expect(limiter.rate).toBe(0);
    for (let i = 0; i < 50; i++) await take(limiter);
    expect(timing.slept).toEqual([3000]);
  });

  it('ends a wait in the queue when its signal aborts', async () => {
    const timing = stoppedTiming();
    const limiter = new RateLimiter(1, 1, timing);
    await take(limiter);
    const controller = new AbortController();
    const waiting = limiter.acquire(controller.signal);
    await new Promise((resolve) => setImmediate(resolve));
    expect(timing.sleeping()).toBe(1);
    const reason = new Error('Ctrl-C');
    controller.abort(reason);
    await expect(waiting).rejects.toBe(reason);
  });
});

describe('RateLimiter and the answers of 429', () => {
  it('keeps the longest Retry-After it was told, not the last', async () => {
    const timing = virtualTiming();
    const limiter = new RateLimiter(10, 10, timing);
    const ticket = await take(limiter);
    limiter.reportRateLimited(ticket, 5_000);
    limiter.reportRateLimited(ticket, 1_000);
    await take(limiter);
    expect(timing.now()).toBe(5_000);
  });

  it('halves the rate once for a burst of 429s to requests granted before the first', async () => {
    const timing = virtualTiming();
    const limiter = new RateLimiter(16, 16, timing);
    const first = await take(limiter);
    const second = await take(limiter);
    limiter.reportRateLimited(first);
    limiter.reportRateLimited(second);
    expect(limiter.rate).toBe(8);
    // A 429 to a request granted after the decrease halves it again (from what it regained
    // while that request waited for a token).
    limiter.reportRateLimited(await take(limiter));
    expect(limiter.rate).toBeCloseTo(4, 1);
  });

  it('sends as soon as the pause ends, without waiting again at its very end', async () => {
    const timing = virtualTiming();
    const limiter = new RateLimiter(10, 10, timing);
    limiter.reportRateLimited(await take(limiter), 1_000);
    await take(limiter);
    expect(timing.slept).toEqual([1_000]);
  });

  it('at 0 requests/s never waits, whatever the burst', async () => {
    const timing = virtualTiming();
    const limiter = new RateLimiter(0, 1, timing);
    for (let i = 0; i < 50; i++) await take(limiter);
    expect(timing.slept).toEqual([]);
  });
});
