import { describe, expect, it } from 'vitest';
import type { AccountFacts } from '../../src/model/account.ts';
import type { CurrentNumber } from '../../src/model/number.ts';
import { buildPlan } from '../../src/plan/build-plan.ts';
import { orderForLimits } from '../../src/plan/order-for-limits.ts';
import type { Plan } from '../../src/plan/plan-types.ts';
import { predictFailures } from '../../src/plan/predict-failures.ts';
import type { ResolvedNumber } from '../../src/plan/resolve-flows.ts';
import { currentNumber, desiredNumber, policy } from '../support/builders.ts';

const DAY = 86_400_000;
const NOW = Date.parse('2026-06-15T12:00:00Z');

function facts(
  billing: AccountFacts['billing'] | 'none' = { planType: 'basic', balanceMicros: 100_000_000 },
  identityVerification = 'verified',
  accessKey?: AccountFacts['accessKey'],
): AccountFacts {
  return {
    customer: { id: '5e4a0680-804e-11ec-8477-2fea5968d85b', name: 'Acme', identityVerification },
    ...(billing !== 'none' && { billing }),
    ...(accessKey && { accessKey }),
  };
}

function plan(numbers: ResolvedNumber[], current: CurrentNumber[] = []): Plan {
  return buildPlan({ numbers, policy: policy() }, current);
}

const normal = (n: number) => `+1555000${String(n).padStart(4, '0')}`;
const virtual = (n: number) => `+899100${String(n).padStart(6, '0')}`;
const buy = (count: number) => Array.from({ length: count }, (_, i) => desiredNumber(normal(i + 1)));

describe('predictFailures: purchases', () => {
  it('predicts nothing for a plan VoIPBIN would accept', () => {
    expect(
      predictFailures(plan(buy(3)), [], facts({ planType: 'basic', balanceMicros: 15_000_000 })),
    ).toEqual([]);
  });

  it('refuses normal purchases unless identity is verified, listing them', () => {
    for (const status of ['none', 'pending', 'rejected', 'Verified']) {
      const [d, ...rest] = predictFailures(plan(buy(2)), [], facts(undefined, status));
      expect(rest).toEqual([]);
      expect(d).toEqual({
        severity: 'error',
        code: 'IDENTITY_NOT_VERIFIED',
        message: `The plan buys 2 normal numbers (+15550000001, +15550000002), but the account's identity verification is "${status}": VoIPBIN sells normal numbers only to verified customers.`,
        hint: 'Complete identity verification in the VoIPBIN console, or leave the normal numbers out of this apply (--target the others). Virtual numbers need no verification.',
      });
    }
  });

  it('lets an unverified account create virtual numbers and change the ones it has', () => {
    const current = [currentNumber(normal(1))];
    const p = plan([desiredNumber(normal(1), { name: 'new' }), desiredNumber(virtual(1))], current);
    expect(predictFailures(p, current, facts(undefined, 'pending'))).toEqual([]);
  });

  it('refuses purchases the balance cannot cover at $5.00 each, with balance, need and shortfall', () => {
    const short = predictFailures(plan(buy(3)), [], facts({ planType: 'free', balanceMicros: 7_500_000 }));
    expect(short).toEqual([
      {
        severity: 'error',
        code: 'INSUFFICIENT_BALANCE',
        message:
          'The plan buys 3 normal numbers at $5.00 each, which needs a balance of $15.00; the balance is $7.50, $7.50 short.',
        hint: 'Add at least $7.50 to the balance in the VoIPBIN console, or buy fewer numbers in this apply (--target). VoIPBIN checks the balance before each purchase and charges it after.',
      },
    ]);
    // Exactly enough is enough; a micro less is not.
    expect(predictFailures(plan(buy(3)), [], facts({ planType: 'free', balanceMicros: 15_000_000 }))).toEqual(
      [],
    );
    const [one] = predictFailures(plan(buy(1)), [], facts({ planType: 'free', balanceMicros: 4_999_999 }));
    expect(one!.message).toBe(
      'The plan buys 1 normal number at $5.00 each, which needs a balance of $5.00; the balance is $4.999999, $0.000001 short.',
    );
    const [negative] = predictFailures(
      plan(buy(1)),
      [],
      facts({ planType: 'basic', balanceMicros: -2_000_000 }),
    );
    expect(negative!.message).toContain('the balance is -$2.00, $7.00 short.');
  });

  it('does not check the balance on the unlimited plan type, nor for virtual numbers', () => {
    expect(predictFailures(plan(buy(4)), [], facts({ planType: 'unlimited', balanceMicros: 0 }))).toEqual([]);
    const virtuals = plan([desiredNumber(virtual(1)), desiredNumber(virtual(2))]);
    expect(predictFailures(virtuals, [], facts({ planType: 'free', balanceMicros: 0 }))).toEqual([]);
  });

  it('refuses every purchase, normal or virtual, without a billing account', () => {
    const p = plan([...buy(1), desiredNumber(virtual(1))]);
    expect(predictFailures(p, [], facts('none'))).toEqual([
      {
        severity: 'error',
        code: 'NO_BILLING_ACCOUNT',
        message:
          'The account has no billing account, so VoIPBIN refuses every purchase: the plan would add 2 numbers (+15550000001, +899100000001).',
        hint: 'Set up billing for the account in the VoIPBIN console, then plan again.',
      },
    ]);
    expect(predictFailures(plan([desiredNumber(virtual(1))]), [], facts('none')).map((d) => d.code)).toEqual([
      'NO_BILLING_ACCOUNT',
    ]);
    // Updates and releases need no billing account.
    const current = [currentNumber(normal(1)), currentNumber(normal(2))];
    const changes = plan([desiredNumber(normal(1), { name: 'x' })], current);
    expect(predictFailures(changes, current, facts('none'))).toEqual([]);
  });

  it('reports every failure it can see at once: identity and balance both', () => {
    const found = predictFailures(plan(buy(2)), [], facts({ planType: 'free', balanceMicros: 0 }, 'none'));
    expect(found.map((d) => d.code)).toEqual(['IDENTITY_NOT_VERIFIED', 'INSUFFICIENT_BALANCE']);
  });

  it('lists at most five numbers and says how many more', () => {
    const [d] = predictFailures(plan(buy(7)), [], facts(undefined, 'none'));
    expect(d!.message).toContain(
      '(+15550000001, +15550000002, +15550000003, +15550000004, +15550000005 and 2 more)',
    );
  });
});

describe('predictFailures: the limit on virtual numbers', () => {
  const held = (count: number) => Array.from({ length: count }, (_, i) => currentNumber(virtual(i + 1)));
  const free = facts({ planType: 'free', balanceMicros: 0 });

  it('refuses creates beyond the limit, with the numbers', () => {
    const current = held(4);
    const p = plan(
      [
        ...current.map((n) => desiredNumber(n.number)),
        desiredNumber(virtual(11)),
        desiredNumber(virtual(12)),
      ],
      current,
    );
    expect(predictFailures(p, current, free)).toEqual([
      {
        severity: 'error',
        code: 'VIRTUAL_NUMBER_LIMIT',
        message:
          'The free plan allows 5 virtual numbers; the account holds 4 and the plan creates 2, which makes 6: 1 over the limit, so VoIPBIN would refuse a create.',
        hint: 'Release virtual numbers the configuration no longer needs, create fewer (--target), or move the account to a plan type with a higher limit.',
      },
    ]);
    const basic = facts({ planType: 'basic', balanceMicros: 0 });
    expect(predictFailures(p, current, basic)).toEqual([]);
  });

  it('counts the releases orderForLimits runs first, and only those', () => {
    const current = held(5);
    const swap = plan(
      [
        ...current.slice(0, 3).map((n) => desiredNumber(n.number)),
        desiredNumber(virtual(11)),
        desiredNumber(virtual(12)),
      ],
      current,
    );
    // Creates first, the swap cannot fit.
    expect(predictFailures(swap, current, free).map((d) => d.message)).toEqual([
      'The free plan allows 5 virtual numbers; the account holds 5 and the plan creates 2, which makes 7: 2 over the limit, so VoIPBIN would refuse 2 creates.',
    ]);
    expect(predictFailures(orderForLimits(swap, current, free), current, free)).toEqual([]);
  });

  it('names held releases as what keeps the plan from fitting', () => {
    const current = [...held(5), currentNumber(normal(1), { status: 'purchase-pending' })];
    const p = plan(
      [
        desiredNumber(normal(1)),
        ...current.slice(0, 4).map((n) => desiredNumber(n.number)),
        desiredNumber(virtual(11)),
        desiredNumber(virtual(12)),
      ],
      current,
    );
    const ordered = orderForLimits(p, current, free);
    const [d] = predictFailures(ordered, current, free);
    expect(d).toMatchObject({
      code: 'VIRTUAL_NUMBER_LIMIT',
      message:
        'The free plan allows 5 virtual numbers; the account holds 5 and the plan creates 2, which makes 7: 2 over the limit, so VoIPBIN would refuse 2 creates.',
      hint: '1 virtual release of the plan is held while purchases are unconfirmed, so it cannot make room (--release-while-pending releases anyway). Release virtual numbers the configuration no longer needs, create fewer (--target), or move the account to a plan type with a higher limit.',
    });
  });

  it('counts only virtual releases as held, and says "are" and "they" for several', () => {
    const current = [
      ...held(5),
      currentNumber(normal(1), { status: 'purchase-pending' }),
      currentNumber(normal(2)),
    ];
    const p = plan(
      [
        desiredNumber(normal(1)),
        ...current.slice(0, 3).map((n) => desiredNumber(n.number)),
        desiredNumber(virtual(11)),
        desiredNumber(virtual(12)),
      ],
      current,
    );
    // Every release waits for the pending purchase: two virtual ones and a normal one.
    expect(p.changes.filter((c) => c.action === 'delete').map((c) => [c.number, c.reason?.code])).toEqual([
      [normal(2), 'HELD'],
      [virtual(4), 'HELD'],
      [virtual(5), 'HELD'],
    ]);
    const [d] = predictFailures(orderForLimits(p, current, free), current, free);
    expect(d!.hint).toBe(
      '2 virtual releases of the plan are held while purchases are unconfirmed, so they cannot make room (--release-while-pending releases anyway). Release virtual numbers the configuration no longer needs, create fewer (--target), or move the account to a plan type with a higher limit.',
    );
  });

  it('says how many releases ran first when even they are not enough', () => {
    const current = held(5);
    const p = plan(
      [
        ...current.slice(0, 4).map((n) => desiredNumber(n.number)),
        desiredNumber(virtual(11)),
        desiredNumber(virtual(12)),
      ],
      current,
    );
    // orderForLimits cannot fit this plan; a plan marked by hand shows the count after the release.
    const marked: Plan = {
      ...p,
      changes: p.changes.map((c) =>
        c.action === 'delete' ? { ...c, reason: { code: 'RELEASED_FIRST', message: '' } } : c,
      ),
    };
    expect(predictFailures(marked, current, free)[0]!.message).toBe(
      'The free plan allows 5 virtual numbers; the account holds 5 and the plan creates 2 after releasing 1, which makes 6: 1 over the limit, so VoIPBIN would refuse a create.',
    );
  });

  it('has nothing to say about an account over its limit that creates nothing', () => {
    const current = held(8);
    const p = plan(
      current.slice(0, 7).map((n) => desiredNumber(n.number)),
      current,
    );
    expect(predictFailures(p, current, free)).toEqual([]);
  });
});

describe('predictFailures: the access key', () => {
  const key = (expiresAt: string | null) => facts(undefined, 'verified', { expiresAt });
  const none = plan([]);

  it('is an error once expired, and a warning within 14 days', () => {
    expect(predictFailures(none, [], key('2026-06-15T11:00:00Z'), NOW)).toEqual([
      {
        severity: 'error',
        code: 'ACCESS_KEY_EXPIRED',
        message:
          'The access key expired at 2026-06-15T11:00:00.000Z (1h ago): VoIPBIN refuses it, so apply would fail.',
        hint: 'Create a new access key in the VoIPBIN admin console and give it to numform (VOIPBIN_ACCESSKEY or --accesskey) wherever it runs.',
      },
    ]);
    expect(predictFailures(none, [], key('2026-06-15T12:00:00Z'), NOW)[0]!.code).toBe('ACCESS_KEY_EXPIRED');
    expect(predictFailures(none, [], key('2026-06-20T12:00:00Z'), NOW)).toEqual([
      expect.objectContaining({
        severity: 'warning',
        code: 'ACCESS_KEY_EXPIRING',
        message:
          'The access key expires at 2026-06-20T12:00:00.000Z (in 5d); from then on every plan and apply with it fails.',
      }),
    ]);
    expect(predictFailures(none, [], key(new Date(NOW + 14 * DAY).toISOString()), NOW)[0]!.code).toBe(
      'ACCESS_KEY_EXPIRING',
    );
  });

  it('is silent beyond 14 days, without expiry, without the key, and without the time', () => {
    expect(predictFailures(none, [], key(new Date(NOW + 14 * DAY + 1).toISOString()), NOW)).toEqual([]);
    expect(predictFailures(none, [], key(null), NOW)).toEqual([]);
    expect(predictFailures(none, [], key('never'), NOW)).toEqual([]);
    expect(predictFailures(none, [], facts(), NOW)).toEqual([]);
    expect(predictFailures(none, [], key('2020-01-01T00:00:00Z'))).toEqual([]);
  });
});

describe('predictFailures: renewals', () => {
  /** A normal number last renewed `daysAgo` days before NOW (15 June: 28 days after is what counts). */
  const renewed = (n: number, daysAgo: number) =>
    currentNumber(normal(n), { tmRenew: new Date(NOW - daysAgo * DAY).toISOString() });

  it('warns when the renewals of the next 7 days cost more than the balance', () => {
    const current = [renewed(1, 25), renewed(2, 22), renewed(3, 20), currentNumber(virtual(1))];
    const p = plan(
      current.map((n) => desiredNumber(n.number)),
      current,
    );
    const d = predictFailures(p, current, facts({ planType: 'basic', balanceMicros: 7_000_000 }), NOW);
    expect(d).toEqual([
      {
        severity: 'warning',
        code: 'RENEWAL_AT_RISK',
        message:
          '2 normal numbers renew within 7 days at $5.00 each (+15550000001 on 2026-06-18, +15550000002 on 2026-06-21), which needs $10.00; the balance is $7.00, enough for 1. VoIPBIN deletes a number whose renewal the balance cannot pay, and it is lost.',
        hint: 'Add at least $3.00 to the balance in the VoIPBIN console before the renewals, or release the numbers you no longer need.',
      },
    ]);
    expect(predictFailures(p, current, facts({ planType: 'basic', balanceMicros: 10_000_000 }), NOW)).toEqual(
      [],
    );
  });

  it('counts renewals already due, leaves out numbers the plan releases, and charges its purchases first', () => {
    const current = [renewed(1, 40), renewed(2, 27), renewed(3, 26)];
    const p = plan([desiredNumber(normal(1)), desiredNumber(normal(2)), desiredNumber(normal(9))], current);
    const [d, ...rest] = predictFailures(
      p,
      current,
      facts({ planType: 'basic', balanceMicros: 12_000_000 }),
      NOW,
    );
    expect(rest).toEqual([]);
    expect(d!.message).toBe(
      "2 normal numbers renew within 7 days at $5.00 each (+15550000001 on 2026-06-03, +15550000002 on 2026-06-16), which needs $10.00; the balance is $7.00 once this plan's purchase is charged, enough for 1. VoIPBIN deletes a number whose renewal the balance cannot pay, and it is lost.",
    );
  });

  it('still counts a number the plan changes, or whose release is held', () => {
    const current = [
      renewed(1, 25),
      renewed(2, 24),
      currentNumber(normal(3), { status: 'purchase-pending' }),
    ];
    // +15550000001 is renamed; +15550000002 is released, but held while +15550000003 is pending.
    const p = buildPlan(
      {
        numbers: [desiredNumber(normal(1), { name: 'renamed' }), desiredNumber(normal(3))],
        policy: policy(),
      },
      current,
    );
    expect(p.changes.map((c) => [c.action, c.number, c.reason?.code])).toEqual([
      ['update', normal(1), undefined],
      ['delete', normal(2), 'HELD'],
    ]);
    const [d] = predictFailures(p, current, facts({ planType: 'basic', balanceMicros: 7_000_000 }), NOW);
    expect(d!.message).toMatch(
      /^2 normal numbers renew within 7 days at \$5\.00 each \(\+15550000001 on 2026-06-18, \+15550000002 on 2026-06-19\)/,
    );
  });

  it('lists the renewals by date, then by number, and leaves out a number VoIPBIN has deleted', () => {
    const gone = currentNumber(normal(4), {
      status: 'deleted',
      tmRenew: new Date(NOW - 25 * DAY).toISOString(),
    });
    const current = [renewed(2, 22), renewed(3, 25), renewed(1, 22), gone];
    const p = plan(
      current.map((n) => desiredNumber(n.number)),
      current,
    );
    const [d] = predictFailures(p, current, facts({ planType: 'basic', balanceMicros: 0 }), NOW);
    expect(d!.message).toContain(
      '(+15550000003 on 2026-06-18, +15550000001 on 2026-06-21, +15550000002 on 2026-06-21)',
    );
  });

  it("charges only the plan's normal purchases, and warns of nothing when no renewal is due", () => {
    const current = [renewed(1, 25), renewed(2, 24), currentNumber(normal(3))];
    const p = plan(
      [
        ...current.map((n) => desiredNumber(n.number, n.number === normal(3) ? { name: 'renamed' } : {})),
        desiredNumber(normal(8)),
        desiredNumber(normal(9)),
        desiredNumber(virtual(1)),
      ],
      current,
    );
    const renewals = (balanceMicros: number, now = NOW) =>
      predictFailures(p, current, facts({ planType: 'basic', balanceMicros }), now).filter(
        (d) => d.code === 'RENEWAL_AT_RISK',
      );
    expect(renewals(17_000_000).map((d) => d.message)).toEqual([
      "2 normal numbers renew within 7 days at $5.00 each (+15550000001 on 2026-06-18, +15550000002 on 2026-06-19), which needs $10.00; the balance is $7.00 once this plan's purchases are charged, enough for 1. VoIPBIN deletes a number whose renewal the balance cannot pay, and it is lost.",
    ]);
    // A month earlier nothing is due: a balance the purchases overdraw is no renewal's concern.
    expect(renewals(0, NOW - 30 * DAY)).toEqual([]);
  });

  it('is silent on the unlimited plan type, without a billing account, without the time, and for virtual numbers', () => {
    const current = [
      renewed(1, 27),
      currentNumber(virtual(1), { tmRenew: new Date(NOW - 27 * DAY).toISOString() }),
    ];
    const p = plan(
      current.map((n) => desiredNumber(n.number)),
      current,
    );
    expect(predictFailures(p, current, facts({ planType: 'unlimited', balanceMicros: 0 }), NOW)).toEqual([]);
    expect(predictFailures(p, current, facts('none'), NOW)).toEqual([]);
    expect(predictFailures(p, current, facts({ planType: 'free', balanceMicros: 0 }))).toEqual([]);
    const [d] = predictFailures(p, current, facts({ planType: 'free', balanceMicros: 0 }), NOW);
    expect(d!.message).toMatch(/^1 normal number renews within 7 days .*\(\+15550000001 on 2026-06-16\)/);
    expect(d!.message).toContain('enough for 0.');
  });

  it('leaves out renewals more than 7 days away and numbers never renewed', () => {
    const current = [renewed(1, 20), currentNumber(normal(2), { tmRenew: null })];
    const p = plan(
      current.map((n) => desiredNumber(n.number)),
      current,
    );
    expect(predictFailures(p, current, facts({ planType: 'basic', balanceMicros: 0 }), NOW)).toEqual([]);
    // 21 days ago: due in exactly 7 days, which is within them.
    const edge = [renewed(1, 21)];
    const q = plan(
      edge.map((n) => desiredNumber(n.number)),
      edge,
    );
    expect(predictFailures(q, edge, facts({ planType: 'basic', balanceMicros: 0 }), NOW)).toHaveLength(1);
  });
});
