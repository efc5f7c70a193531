import { describe, expect, it } from 'vitest';
import type { ApplyEvent } from '../../src/apply/apply-events.ts';
import { applyPlan } from '../../src/apply/apply-plan.ts';
import type { CreateNumberInput } from '../../src/api/client.ts';
import type { AccountFacts } from '../../src/model/account.ts';
import { buildPlan } from '../../src/plan/build-plan.ts';
import { orderForLimits } from '../../src/plan/order-for-limits.ts';
import { currentNumber, desiredNumber, policy } from '../support/builders.ts';
import { FakeNumbersApi } from '../support/fake-numbers-api.ts';
import { virtualTiming } from '../support/virtual-timing.ts';

const FIRST = '+15551234567';
const SECOND = '+15551234568';
const HELD = (numbers: string) =>
  `held: the purchases of ${numbers} are still pending at the carrier; --release-while-pending releases anyway`;

/** Lets every promise that can move, move (no timers involved). */
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('applyPlan: releases held by purchases still pending', () => {
  it('names every pending purchase that holds a release, and says the release is held', async () => {
    const timing = virtualTiming();
    const old = currentNumber('+15550009999');
    const fake = new FakeNumbersApi({
      timing,
      numbers: [old],
      onCreate: (_input, made) => ({ number: { ...made, status: 'purchase-pending' }, adopted: false }),
      statusOnGet: () => 'purchase-pending',
    });
    const plan = buildPlan(
      { numbers: [desiredNumber(SECOND), desiredNumber(FIRST)], policy: policy({ prune: true }) },
      [old],
    );
    const events: ApplyEvent[] = [];
    const result = await applyPlan(plan, fake, {
      timing,
      waitTimeoutMs: 5000,
      onEvent: (e) => events.push(e),
    });
    expect(result.held.map((h) => [h.change.number, h.reason])).toEqual([
      ['+15550009999', HELD(`${FIRST}, ${SECOND}`)],
    ]);
    expect(events.filter((e) => e.kind === 'held').map((e) => e.change.number)).toEqual(['+15550009999']);
  });

  it('calls a release interrupted, not held, when Ctrl-C came after a purchase stayed pending', async () => {
    const timing = virtualTiming();
    const old = currentNumber('+15550009999');
    let answerSecond = (): void => undefined;
    const fake = new FakeNumbersApi({
      timing,
      numbers: [old],
      // The second purchase is still in flight when Ctrl-C comes; the first stays pending.
      before: (call) =>
        call.op === 'create' && (call.args as CreateNumberInput).number === SECOND
          ? new Promise<void>((resolve) => (answerSecond = resolve))
          : undefined,
      onCreate: (input, made) => ({
        number: input.number === FIRST ? { ...made, status: 'purchase-pending' } : made,
        adopted: false,
      }),
      statusOnGet: () => 'purchase-pending',
    });
    const plan = buildPlan(
      { numbers: [desiredNumber(FIRST), desiredNumber(SECOND)], policy: policy({ prune: true }) },
      [old],
    );
    const controller = new AbortController();
    const events: ApplyEvent[] = [];
    const done = applyPlan(plan, fake, {
      timing,
      waitTimeoutMs: 5000,
      signal: controller.signal,
      onEvent: (e) => events.push(e),
    });
    for (let i = 0; i < 20 && !events.some((e) => e.kind === 'still-pending'); i++) await settle();
    expect(events.filter((e) => e.kind === 'still-pending').map((e) => e.change.number)).toEqual([FIRST]);
    controller.abort();
    answerSecond();
    const result = await done;
    expect(result.held).toEqual([]);
    expect(result.skipped.map((s) => [s.change.number, s.reason])).toEqual([
      ['+15550009999', 'not started: interrupted'],
    ]);
  });
});

describe('applyPlan: a create waiting for the releases that make room', () => {
  const free: AccountFacts = {
    customer: { id: '5e4a0680-804e-11ec-8477-2fea5968d85b', name: 'Acme', identityVerification: 'verified' },
    billing: { planType: 'free', balanceMicros: 0 },
  };

  it('names every release it waited for when one of them failed', async () => {
    // Six virtual numbers on a plan that allows five: the create waits for two releases.
    const current = Array.from({ length: 6 }, (_, i) => currentNumber(`+89910000000${i + 1}`));
    const desired = [
      ...current.slice(0, 4).map((n) => desiredNumber(n.number)),
      desiredNumber('+899200000001'),
    ];
    const plan = orderForLimits(buildPlan({ numbers: desired, policy: policy() }, current), current, free);
    const fake = new FakeNumbersApi({
      numbers: current,
      before: (call) => {
        if (call.op === 'delete' && call.target === current[4]!.id) throw new Error('carrier release failed');
      },
    });
    const result = await applyPlan(plan, fake);
    expect(result.skipped.map((s) => [s.change.number, s.reason])).toEqual([
      [
        '+899200000001',
        'not created: the release of +899100000005, +899100000006, which makes room for it, did not succeed',
      ],
    ]);
  });

  it('says it did not start when Ctrl-C came first, not that the release failed', async () => {
    const current = Array.from({ length: 5 }, (_, i) => currentNumber(`+89910000000${i + 1}`));
    const desired = [
      ...current.slice(0, 4).map((n) => desiredNumber(n.number)),
      desiredNumber('+899200000001'),
    ];
    const plan = orderForLimits(buildPlan({ numbers: desired, policy: policy() }, current), current, free);
    expect(plan.changes.map((c) => c.reason?.code)).toEqual(['RELEASED_FIRST', 'AFTER_RELEASE']);
    const controller = new AbortController();
    controller.abort();
    const result = await applyPlan(plan, new FakeNumbersApi({ numbers: current }), {
      signal: controller.signal,
    });
    expect(result.skipped.map((s) => [s.change.number, s.reason])).toEqual([
      ['+899100000005', 'not started: interrupted'],
      ['+899200000001', 'not started: interrupted'],
    ]);
  });
});
