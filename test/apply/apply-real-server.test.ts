import { describe, expect, it } from 'vitest';
import type { ApplyEvent } from '../../src/apply/apply-events.ts';
import { applyPlan, type ApplyOptions } from '../../src/apply/apply-plan.ts';
import type { CurrentNumber } from '../../src/model/number.ts';
import { buildPlan } from '../../src/plan/build-plan.ts';
import type { ResolvedNumber } from '../../src/plan/resolve-flows.ts';
import { currentNumber, desiredNumber, policy } from '../support/builders.ts';
import { FakeNumbersApi, type FakeApiOptions } from '../support/fake-numbers-api.ts';
import { virtualTiming } from '../support/virtual-timing.ts';

// What the real server does that its documentation does not say: purchases that stay pending,
// carrier statuses, flows re-checked on PUT, numbers released elsewhere.
const START = 7_000_000;
const FLOW = 'd157ce07-0360-4cad-9007-c8ab89fccf9c';
const OTHER = 'a0a0a0a0-0000-4000-8000-000000000002';

async function apply(
  desired: ResolvedNumber[],
  current: CurrentNumber[],
  api: Omit<FakeApiOptions, 'numbers' | 'timing'> = {},
  options: ApplyOptions = {},
) {
  const timing = virtualTiming(START);
  const fake = new FakeNumbersApi({ ...api, numbers: current, timing });
  const plan = buildPlan({ numbers: desired, policy: policy({ prune: true }) }, current);
  const events: ApplyEvent[] = [];
  const result = await applyPlan(plan, fake, { timing, onEvent: (e) => events.push(e), ...options });
  return { plan, result, fake, events };
}

const neverSettles: Omit<FakeApiOptions, 'numbers' | 'timing'> = {
  onCreate: (_input, made) => ({ number: { ...made, status: 'purchase-pending' }, adopted: false }),
  statusOnGet: () => 'purchase-pending',
};

describe('applyPlan against the real server', () => {
  it('holds the releases of a run whose purchase is still pending when the wait ends, failing nothing', async () => {
    const old = currentNumber('+15550009999');
    const { result, fake } = await apply([desiredNumber('+15551234567')], [old], neverSettles, {
      waitTimeoutMs: 5000,
    });
    expect(result.failed).toEqual([]);
    expect(result.skipped).toEqual([]);
    expect(result.pending.map((p) => p.change.number)).toEqual(['+15551234567']);
    expect(result.held.map((h) => [h.change.number, h.reason])).toEqual([
      [
        '+15550009999',
        'held: the purchase of +15551234567 is still pending at the carrier; --release-while-pending releases anyway',
      ],
    ]);
    expect(fake.log.filter((c) => c.startsWith('delete'))).toEqual([]);
  });

  it('releases after the wait with --release-while-pending, the purchase still reported as pending', async () => {
    const old = currentNumber('+15550009999');
    const { result, fake } = await apply([desiredNumber('+15551234567')], [old], neverSettles, {
      waitTimeoutMs: 5000,
      releaseWhilePending: true,
    });
    expect(result.held).toEqual([]);
    expect(result.pending).toHaveLength(1);
    expect(result.completed.map((c) => c.change.number)).toEqual(['+15550009999']);
    expect(fake.log.at(-1)).toBe(`delete ${old.id}`);
  });

  it('fails a purchase the POST itself answers as ended by the carrier, and skips the releases', async () => {
    const old = currentNumber('+15550009999');
    const { result, fake } = await apply([desiredNumber('+15551234567')], [old], {
      onCreate: (_input, made) => ({ number: { ...made, status: 'purchase-failed' }, adopted: false }),
    });
    expect(result.failed.map((f) => [f.change.number, f.code])).toEqual([
      ['+15551234567', 'PURCHASE_FAILED'],
    ]);
    expect(result.skipped.map((s) => s.reason)).toEqual(['release skipped because 1 earlier change failed']);
    expect(fake.log).toEqual(['create +15551234567']);
  });

  it('waits through provision-pending after the POST, and says so when a purchase ends suspended', async () => {
    const { result, events } = await apply([desiredNumber('+15551234567')], [], {
      onCreate: (_input, made) => ({ number: { ...made, status: 'provision-pending' }, adopted: false }),
      statusOnGet: (_id, earlier) => (earlier < 2 ? 'requirement-info-pending' : 'suspended'),
    });
    expect(result.failed).toEqual([]);
    expect(result.completed.map((c) => c.change.number)).toEqual(['+15551234567']);
    expect(events.map((e) => e.kind)).toEqual(['started', 'purchase-pending', 'completed']);
    expect(events.at(-1)).toMatchObject({ kind: 'completed', status: 'suspended' });
  });

  it('changes flows alone through PUT /flow_ids, and name with flows through PUT /numbers/{id}', async () => {
    const flowsOnly = currentNumber('+899100000001', { callFlowId: FLOW });
    const renamed = currentNumber('+899100000002', { callFlowId: FLOW });
    const { fake } = await apply(
      [
        desiredNumber('+899100000001', { callFlowId: OTHER }),
        desiredNumber('+899100000002', { name: 'New', callFlowId: OTHER }),
      ],
      [flowsOnly, renamed],
    );
    expect(fake.log).toEqual([`flows ${flowsOnly.id}`, `update ${renamed.id}`]);
    expect(fake.calls[0]!.args).toEqual({ callFlowId: OTHER, messageFlowId: flowsOnly.messageFlowId });
  });

  it('sends an update of a number whose purchase is pending at once, without waiting', async () => {
    const pending = currentNumber('+15551234567', { status: 'purchase-pending' });
    const { fake, result } = await apply([desiredNumber('+15551234567', { name: 'Now' })], [pending]);
    expect(fake.log).toEqual([`update ${pending.id}`]);
    expect(result.completed).toHaveLength(1);
  });

  it('counts a release of a number released elsewhere since the plan as done, and says it was already gone', async () => {
    const gone = currentNumber('+899100000009');
    const timing = virtualTiming(START);
    const fake = new FakeNumbersApi({ numbers: [gone], timing });
    const plan = buildPlan({ numbers: [], policy: policy({ prune: true }) }, [gone]);
    fake.numbers.delete(gone.id); // released in the console between plan and apply
    const events: ApplyEvent[] = [];
    const result = await applyPlan(plan, fake, { timing, onEvent: (e) => events.push(e) });
    expect(result.failed).toEqual([]);
    expect(result.completed.map((c) => c.change.number)).toEqual(['+899100000009']);
    expect(events.at(-1)).toMatchObject({ kind: 'completed', how: 'already-gone' });
  });
});
