import { describe, expect, it } from 'vitest';
import { buildPlan } from '../../src/plan/build-plan.ts';
import { estimateCost, formatCost } from '../../src/plan/estimate-cost.ts';
import { currentNumber, desiredNumber, policy } from '../support/builders.ts';

describe('estimateCost', () => {
  it('charges $5.00 per normal number bought now, and $5.00 a month per normal number held after', () => {
    const current = [
      currentNumber('+15550000001'),
      currentNumber('+15550000002'),
      currentNumber('+15550000003'),
      currentNumber('+899100000001'),
    ];
    const numbers = [
      desiredNumber('+15550000001'),
      desiredNumber('+15550000002', { name: 'updated: no cost' }),
      desiredNumber('+15551111111'),
      desiredNumber('+15552222222'),
      desiredNumber('+899100000002'),
    ];
    // Bought: 2 normal (+1 virtual, free). Released: +15550000003 (normal) and +899100000001.
    const plan = buildPlan({ numbers, policy: policy() }, current);
    // Until +15550000003 is released, which waits for the purchases: 5 normal numbers.
    expect(estimateCost(plan, current)).toEqual({
      nowMicros: 10_000_000,
      monthlyMicros: 20_000_000,
      untilReleasedMicros: 25_000_000,
    });
    expect(formatCost(estimateCost(plan, current))).toBe(
      'Cost: $10.00 now, then $20.00 a month ($25.00 a month until the releases run, which wait for the purchases to be confirmed).',
    );
  });

  it('counts numbers the plan leaves alone: unmanaged, not targeted, or kept by prune: false', () => {
    const current = [
      currentNumber('+15550000001'),
      currentNumber('+15550000002'),
      currentNumber('+15550000003'),
    ];
    const unmanaged = buildPlan(
      { numbers: [desiredNumber('+15550000001')], policy: policy({ unmanaged: ['+15550000002'] }) },
      current,
    );
    // +15550000003 is released; +15550000002 is unmanaged and still billed.
    expect(estimateCost(unmanaged, current)).toEqual({ nowMicros: 0, monthlyMicros: 10_000_000 });
    const kept = buildPlan({ numbers: [], policy: policy({ prune: false }) }, current);
    expect(estimateCost(kept, current)).toEqual({ nowMicros: 0, monthlyMicros: 15_000_000 });
  });

  it('keeps billing a held release (apply does not make it), and ignores deleted and non-normal numbers', () => {
    const current = [
      currentNumber('+15550000001', { status: 'purchase-pending' }),
      currentNumber('+15550000002'),
      currentNumber('+15550000009', { status: 'deleted' }),
      currentNumber('+15550000008', { type: 'sip' }),
    ];
    const plan = buildPlan({ numbers: [desiredNumber('+15550000001')], policy: policy() }, current);
    expect(plan.changes.filter((c) => c.reason?.code === 'HELD').map((c) => c.number)).toContain(
      '+15550000002',
    );
    expect(estimateCost(plan, current)).toEqual({ nowMicros: 0, monthlyMicros: 10_000_000 });
  });

  it('is nothing for virtual numbers alone', () => {
    const plan = buildPlan({ numbers: [desiredNumber('+899100000001')], policy: policy() }, []);
    expect(estimateCost(plan, [])).toEqual({ nowMicros: 0, monthlyMicros: 0 });
  });
});

describe('formatCost', () => {
  it('says what is paid now and then each month', () => {
    expect(formatCost({ nowMicros: 10_000_000, monthlyMicros: 15_000_000 })).toBe(
      'Cost: $10.00 now, then $15.00 a month.',
    );
    expect(formatCost({ nowMicros: 0, monthlyMicros: 0 })).toBe('Cost: $0.00 now, then $0.00 a month.');
  });
});
