import { describe, expect, it } from 'vitest';
import { waitForPurchase, type WaitOptions } from '../../src/apply/wait-for-purchase.ts';
import { formatDuration, formatElapsed } from '../../src/clock/format-duration.ts';
import type { Timing } from '../../src/clock/timing.ts';
import { NumformError } from '../../src/errors/numform-error.ts';
import { currentNumber } from '../support/builders.ts';
import { FakeNumbersApi } from '../support/fake-numbers-api.ts';
import { stoppedTiming, virtualTiming } from '../support/virtual-timing.ts';

const START = 1_000_000;

/** A pending number in a fake account whose GETs answer `statuses` in turn (then the last one). */
function pendingPurchase(timing: Timing, statuses: string[]) {
  const number = currentNumber('+15551234567', { status: 'purchase-pending' });
  const api = new FakeNumbersApi({
    timing,
    numbers: [number],
    statusOnGet: (_id, earlier) => statuses[Math.min(earlier, statuses.length - 1)]!,
  });
  let scheduled = 0;
  const options = (overrides: Partial<WaitOptions> = {}): WaitOptions => ({
    timeoutMs: 60_000,
    firstPollMs: 1000,
    maxPollMs: 10_000,
    timing,
    signal: new AbortController().signal,
    call: (send) => {
      scheduled++;
      return send();
    },
    ...overrides,
  });
  const pollTimes = () => api.calls.filter((c) => c.op === 'get').map((c) => c.at - START);
  return { number, api, options, pollTimes, scheduled: () => scheduled };
}

async function rejection(promise: Promise<unknown>): Promise<NumformError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(NumformError);
  return error as NumformError;
}

describe('waitForPurchase on a virtual clock', () => {
  it('polls after 1 s, then 1.5x longer each time up to the cap, and polls once more at the timeout', async () => {
    const timing = virtualTiming(START);
    const w = pendingPurchase(timing, ['purchase-pending']);
    const ended = await waitForPurchase(w.api, w.number, w.options());
    expect(w.pollTimes()).toEqual([
      1000, 2500, 4750, 8125, 13_187.5, 20_781.25, 30_781.25, 40_781.25, 50_781.25, 60_000,
    ]);
    // Every poll goes through the applier's concurrency limit, and no sleep is wasted.
    expect(w.scheduled()).toBe(10);
    expect(timing.slept.every((ms) => ms > 0)).toBe(true);
    // Running out of time is an answer, not a failure: the real server may never settle it.
    expect(ended).toMatchObject({
      settled: false,
      number: { id: w.number.id, status: 'purchase-pending' },
      waitedMs: 60_000,
    });
  });

  it('keeps waiting through every in-progress status of the carrier', async () => {
    const timing = virtualTiming(START);
    const w = pendingPurchase(timing, [
      'provision-pending',
      'requirement-info-pending',
      'requirement-info-under-review',
      'requirement-info-exception',
      'active',
    ]);
    const done = await waitForPurchase(w.api, w.number, w.options());
    expect(done).toMatchObject({ settled: true, number: { status: 'active' } });
    expect(w.pollTimes()).toHaveLength(5);
  });

  it('ends the wait on a status it does not know, and leaves it to the caller to report', async () => {
    const timing = virtualTiming(START);
    const w = pendingPurchase(timing, ['purchase-pending', 'suspended']);
    const done = await waitForPurchase(w.api, w.number, w.options());
    expect(done).toMatchObject({ settled: true, number: { status: 'suspended' } });
    expect(w.pollTimes()).toEqual([1000, 2500]);
  });

  it('sleeps exactly until each poll, never more often', async () => {
    const timing = virtualTiming(START);
    const statuses = [...Array<string>(6).fill('purchase_pending'), 'active'];
    const w = pendingPurchase(timing, statuses);
    const done = await waitForPurchase(w.api, w.number, w.options({ maxPollMs: 1000 }));
    expect(done).toMatchObject({ settled: true, number: { id: w.number.id, status: 'active' } });
    expect(w.pollTimes()).toEqual([1000, 2000, 3000, 4000, 5000, 6000, 7000]);
    expect(timing.slept).toEqual([1000, 1000, 1000, 1000, 1000, 1000, 1000]);
  });

  it('takes the last poll at the timeout, and a purchase active by then is done', async () => {
    const timing = virtualTiming(START);
    const w = pendingPurchase(timing, ['purchase-pending', 'purchase-pending', 'purchase-pending', 'active']);
    const done = await waitForPurchase(w.api, w.number, w.options({ timeoutMs: 5000 }));
    expect(done).toMatchObject({ settled: true, number: { status: 'active' } });
    expect(w.pollTimes()).toEqual([1000, 2500, 4750, 5000]);
  });

  it('fails at once on purchase_failed, without waiting out the timeout', async () => {
    const timing = virtualTiming(START);
    const w = pendingPurchase(timing, ['purchase-pending', 'purchase_failed']);
    const error = await rejection(waitForPurchase(w.api, w.number, w.options()));
    expect(error.code).toBe('PURCHASE_FAILED');
    expect(error.message).toBe('the carrier ended the purchase (status "purchase_failed")');
    expect(error.hint).toBe(
      'Check the number in the VoIPBIN console; numform does not retry a purchase the carrier ended.',
    );
    expect(w.pollTimes()).toEqual([1000, 2500]);
  });

  it('returns an active number without polling or sleeping', async () => {
    const timing = virtualTiming(START);
    const w = pendingPurchase(timing, ['active']);
    const active = { ...w.number, status: 'active' };
    expect(await waitForPurchase(w.api, active, w.options())).toEqual({ settled: true, number: active });
    expect(w.api.calls).toEqual([]);
    expect(timing.slept).toEqual([]);
  });

  it('wakes from its sleep as soon as Ctrl-C aborts, without another poll', async () => {
    const timing = stoppedTiming();
    const w = pendingPurchase(timing, ['purchase-pending']);
    const controller = new AbortController();
    const waiting = waitForPurchase(w.api, w.number, w.options({ signal: controller.signal }));
    await new Promise((resolve) => setImmediate(resolve));
    expect(timing.sleeping()).toBe(1);
    const reason = new Error('stop');
    controller.abort(reason);
    await expect(waiting).rejects.toBe(reason);
    expect(w.api.calls).toEqual([]);
  });
});

describe('waitForPurchase: polls of waits begun together', () => {
  it('moves every poll to the nearest multiple of alignMs, on a clock that reads later at every call', async () => {
    // As a real clock does: two reads in a row are never equal.
    const virtual = virtualTiming(START + 300.5);
    let creep = 0;
    const timing: Timing = { now: () => virtual.now() + (creep += 0.001), sleep: virtual.sleep };
    const w = pendingPurchase(timing, ['purchase-pending', 'purchase-pending', 'active']);
    await waitForPurchase(w.api, w.number, w.options({ alignMs: 500 }));
    // 1300.5 ms to the nearest half second, then 1.5 s and 2.25 s later, each on the grid again
    // though each poll is read a moment after its tick.
    expect(w.pollTimes().map(Math.round)).toEqual([1500, 3000, 5500]);
  });
});

describe('durations in progress lines', () => {
  it('rounds to seconds below a minute and shows minutes from 60 s on', () => {
    expect(formatDuration(0)).toBe('0s');
    expect(formatDuration(34_400)).toBe('34s');
    expect(formatDuration(59_499)).toBe('59s');
    expect(formatDuration(59_500)).toBe('1m00s');
    expect(formatDuration(125_000)).toBe('2m05s');
    expect(formatDuration(754_000)).toBe('12m34s');
  });

  it('shows elapsed time as Terraform does, truncating to whole seconds', () => {
    expect(formatElapsed(0)).toBe('00m00s');
    expect(formatElapsed(20_999)).toBe('00m20s');
    expect(formatElapsed(125_000)).toBe('02m05s');
    expect(formatElapsed(754_000)).toBe('12m34s');
  });
});
