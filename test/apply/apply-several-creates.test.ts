import { describe, expect, it } from 'vitest';
import { applyPlan } from '../../src/apply/apply-plan.ts';
import { createProgressReporter } from '../../src/apply/progress-reporter.ts';
import type { CurrentNumber } from '../../src/model/number.ts';
import { emptyManagedFields } from '../../src/model/number-fields.ts';
import { buildPlan } from '../../src/plan/build-plan.ts';
import type { CreateChange } from '../../src/plan/plan-types.ts';
import { desiredNumber, policy } from '../support/builders.ts';
import { FakeNumbersApi } from '../support/fake-numbers-api.ts';
import { createVirtualClock } from '../support/virtual-clock.ts';
import { virtualTiming } from '../support/virtual-timing.ts';

const pending = (n: CurrentNumber): CurrentNumber => ({ ...n, status: 'purchase-pending' });

describe('applyPlan with several creates', () => {
  it('sends every POST and waits for every pending purchase, all polled with one read', async () => {
    const timing = virtualTiming(1_000_000);
    const fake = new FakeNumbersApi({
      timing,
      onCreate: (_input, made) => ({ number: pending(made), adopted: false }),
      statusOnGet: (_id, earlier) => (earlier < 1 ? 'purchase-pending' : 'active'),
    });
    const numbers = ['+15551230001', '+15551230002', '+15551230003'];
    const plan = buildPlan({ numbers: numbers.map((n) => desiredNumber(n)), policy: policy() }, []);
    const result = await applyPlan(plan, fake, { timing });

    expect(fake.calls.filter((c) => c.op === 'create').map((c) => c.target)).toEqual(numbers);
    const ids = result.completed.map((c) => c.id);
    expect(result.completed.map((c) => c.change.number).sort()).toEqual(numbers);
    expect(new Set(ids).size).toBe(3);
    // Both polls of the three purchases are one page of the newest numbers each, not six GETs.
    expect(fake.log).toEqual([...numbers.map((n) => `create ${n}`), 'newest numbers', 'newest numbers']);
    expect(result.failed).toEqual([]);
    expect(result.skipped).toEqual([]);
  });
});

describe('the progress reporter on a clock that does not start at zero', () => {
  it('counts the heartbeat from the start of the wait', async () => {
    const change: CreateChange = {
      action: 'create',
      number: '+15551234567',
      type: 'normal',
      after: emptyManagedFields(),
      changed: [],
    };
    const clock = createVirtualClock(7_000_000);
    const lines: string[] = [];
    const reporter = createProgressReporter((l) => lines.push(l), { timing: clock, heartbeatMs: 5_000 });
    reporter.onEvent({ kind: 'purchase-pending', change, id: 'n1', status: 'purchase-pending' });
    await clock.advance(10_000);
    reporter.close();
    expect(lines.slice(1)).toEqual([
      '+15551234567: Still pending... [00m05s elapsed]',
      '+15551234567: Still pending... [00m10s elapsed]',
    ]);
  });
});
