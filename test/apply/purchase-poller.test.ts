import { describe, expect, it } from 'vitest';
import { applyPlan } from '../../src/apply/apply-plan.ts';
import type { CurrentNumber } from '../../src/model/number.ts';
import { buildPlan } from '../../src/plan/build-plan.ts';
import { desiredNumber, policy } from '../support/builders.ts';
import { FakeNumbersApi } from '../support/fake-numbers-api.ts';
import { createVirtualClock } from '../support/virtual-clock.ts';

/**
 * `count` purchases answered 60 ms apart (17/s, as the rate limit spaces them), each pending for
 * 5 s after its POST; the clock is driven until the apply ends. Returns the calls made.
 */
async function applyPendingPurchases(count: number, pageSize?: number) {
  const clock = createVirtualClock();
  const boughtAt = new Map<string, number>();
  let posts = 0;
  const fake = new FakeNumbersApi({
    timing: clock,
    ...(pageSize !== undefined && { pageSize }),
    before: (call) => (call.op === 'create' ? clock.sleep(60 * posts++) : undefined),
    onCreate: (_input, made: CurrentNumber) => {
      boughtAt.set(made.id, clock.now());
      return { number: { ...made, status: 'purchase-pending' }, adopted: false };
    },
    statusOnGet: (id) => (clock.now() - boughtAt.get(id)! >= 5000 ? 'active' : 'purchase-pending'),
  });
  const numbers = Array.from({ length: count }, (_, i) => `+1555123${String(i).padStart(4, '0')}`);
  const plan = buildPlan({ numbers: numbers.map((n) => desiredNumber(n)), policy: policy() }, []);
  let finished = false;
  const done = applyPlan(plan, fake, { timing: clock, parallelism: count }).finally(() => {
    finished = true;
  });
  while (!finished) {
    await clock.advance(100);
    // A turn of the event loop: polls due together gather for one before their read goes out.
    await new Promise((resolve) => setImmediate(resolve));
  }
  const result = await done;
  const count_ = (op: string) => fake.calls.filter((c) => c.op === op).length;
  return { result, fake, creates: count_('create'), pages: count_('newest'), gets: count_('get') };
}

describe('polling many pending purchases', () => {
  it('answers 50 pending purchases with a few pages of the newest numbers, not a GET each', async () => {
    const { result, creates, pages, gets } = await applyPendingPurchases(50);
    expect(result.completed).toHaveLength(50);
    expect(result.pending).toEqual([]);
    expect(creates).toBe(50);
    expect(gets).toBe(0);
    // Each purchase is polled about 10 times (every 500 ms until 5 s have passed): about 500 GETs
    // one by one. Polls of purchases made over 3 s fall on shared 500 ms slots, one page each.
    expect(pages).toBeGreaterThan(0);
    expect(pages).toBeLessThanOrEqual(30);
  });

  it('reads a purchase pushed off the first page by newer ones with GET /numbers/{id}', async () => {
    const { result, fake, gets } = await applyPendingPurchases(15, 10);
    expect(result.completed).toHaveLength(15);
    // The five oldest purchases are never on a page of 10: each of their polls is a GET.
    const oldest = new Set(fake.calls.filter((c) => c.op === 'get').map((c) => c.target));
    expect(oldest.size).toBe(5);
    // Each is polled every 500 ms until its 5 s have passed: 10 times, or 9 when a poll lands on it.
    expect(gets).toBeGreaterThanOrEqual(5 * 9);
    expect(gets).toBeLessThanOrEqual(5 * 11);
  });
});
