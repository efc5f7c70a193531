import { describe, expect, it } from 'vitest';
import { buildPlan } from '../../src/plan/build-plan.ts';
import { checkGuards } from '../../src/plan/check-guards.ts';
import { currentNumber, desiredNumber, policy } from '../support/builders.ts';

function account(count: number) {
  return Array.from({ length: count }, (_, i) => currentNumber(`+899100${String(i).padStart(6, '0')}`));
}

/** Declares all but `releases` of the account's numbers, so the plan releases that many. */
function guardsFor(count: number, releases: number, allowMassDelete = false) {
  const current = account(count);
  const numbers = current.slice(releases).map((n) => desiredNumber(n.number));
  const p = policy();
  return checkGuards(buildPlan({ numbers, policy: p }, current), current, p, { allowMassDelete });
}

describe('mass-release guard', () => {
  it('does not apply under 10 managed numbers', () => {
    expect(guardsFor(9, 9)).toEqual([]);
  });
  it('allows exactly 30% of 10', () => {
    expect(guardsFor(10, 3)).toEqual([]);
  });
  it('refuses 31%', () => {
    expect(guardsFor(100, 31)).toEqual([expect.objectContaining({ code: 'MASS_RELEASE' })]);
    expect(guardsFor(100, 30)).toEqual([]);
  });
  it('gives way to --allow-mass-delete', () => {
    expect(guardsFor(10, 10, true)).toEqual([]);
  });
  it('counts only managed numbers', () => {
    const current = [...account(10), currentNumber('+15550000001')];
    const p = policy({ unmanaged: ['+899*'] });
    const plan = buildPlan({ numbers: [], policy: p }, current);
    expect(checkGuards(plan, current, p)).toEqual([]);
  });
});

describe('protect guard', () => {
  it('refuses a plan that would release a protected number, naming it', () => {
    const current = [currentNumber('+15551230000'), currentNumber('+15559990000')];
    const p = policy({ protect: ['+1555123*'] });
    const violations = checkGuards(buildPlan({ numbers: [], policy: p }, current), current, p);
    expect(violations).toEqual([expect.objectContaining({ code: 'PROTECTED_RELEASE' })]);
    expect(violations[0]!.message).toContain('+15551230000');
    expect(violations[0]!.message).not.toContain('+15559990000');
  });
});

describe('purchase guard', () => {
  it('refuses more normal purchases than policy.max_purchases; virtual numbers are free', () => {
    const numbers = ['+15550000001', '+15550000002', '+15550000003', '+899100000001'].map((n) =>
      desiredNumber(n),
    );
    const p = policy({ maxPurchases: 2 });
    expect(checkGuards(buildPlan({ numbers, policy: p }, []), [], p)).toEqual([
      expect.objectContaining({ code: 'TOO_MANY_PURCHASES' }),
    ]);
    const q = policy({ maxPurchases: 3 });
    expect(checkGuards(buildPlan({ numbers, policy: q }, []), [], q)).toEqual([]);
  });
});
