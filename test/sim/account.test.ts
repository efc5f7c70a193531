import { describe, expect, it } from 'vitest';
import type { WireBillingAccount, WireCustomer } from '../../src/api/wire-account.ts';
import type { WireNumber } from '../../src/api/wire.ts';
import { NORMAL_NUMBER_PRICE_MICROS, VIRTUAL_NUMBER_LIMITS } from '../../src/model/account.ts';
import { callSim, errorOf, type RawAnswer } from '../support/sim-http.ts';
import { useSimulator } from '../support/simulator.ts';

// The account endpoints and the purchase checks, as the real server's code behaves.
const NIL = '00000000-0000-0000-0000-000000000000';
const OTHER_CUSTOMER = '22222222-0000-4000-8000-000000000000';

const virtual = (i: number) => `+899${String(100_000_000 + i)}`;
const normal = (i: number) => `+1555${String(1_000_000 + i)}`;

function buy(url: string, number: string, type?: 'virtual'): Promise<RawAnswer> {
  return callSim(`${url}/numbers`, { method: 'POST', body: { number, ...(type && { type }) } });
}

async function customerOf(url: string): Promise<WireCustomer> {
  const res = await callSim(`${url}/customer`);
  expect(res.status).toBe(200);
  return res.json as WireCustomer;
}

async function billingOf(url: string): Promise<WireBillingAccount> {
  const res = await callSim(`${url}/billing_account`);
  expect(res.status).toBe(200);
  return res.json as WireBillingAccount;
}

function expectInternal(res: RawAnswer): void {
  expect(res.status).toBe(500);
  expect(errorOf(res)).toMatchObject({
    status: 'INTERNAL',
    reason: 'INTERNAL',
    message: 'An internal error occurred.',
  });
}

describe('GET /customer', () => {
  it('answers the caller: id, name, billing account, identity status and the webhook secret', async () => {
    const sim = await useSimulator();
    const customer = await customerOf(sim.url);
    expect(customer).toMatchObject({
      id: sim.account.state.customer.id,
      name: 'Simulated customer',
      billing_account_id: sim.account.state.billing!.id,
      status: 'active',
      identity_verification_status: 'verified',
    });
    expect(customer.webhook_secret).toBe(sim.account.state.customer.webhookSecret);
    expect(customer.webhook_secret!.length).toBeGreaterThanOrEqual(16);
  });

  it('makes a new webhook secret for every fresh account', async () => {
    const first = await customerOf((await useSimulator()).url);
    const second = await customerOf((await useSimulator()).url);
    expect(first.webhook_secret).not.toBe(second.webhook_secret);
  });

  it('takes name, identity status and secret from the options, over the seed', async () => {
    const seed = {
      customer: { name: 'Seeded', identity_verification: 'rejected', webhook_secret: 'whsec_seeded_0001' },
    };
    const seeded = await customerOf((await useSimulator({ seed })).url);
    expect(seeded).toMatchObject({
      name: 'Seeded',
      identity_verification_status: 'rejected',
      webhook_secret: 'whsec_seeded_0001',
    });
    const sim = await useSimulator({
      seed,
      customerName: 'Acme Telecom',
      identityVerification: 'pending',
      webhookSecret: 'whsec_option_0002',
    });
    expect(await customerOf(sim.url)).toMatchObject({
      name: 'Acme Telecom',
      identity_verification_status: 'pending',
      webhook_secret: 'whsec_option_0002',
    });
  });

  it('maps the older verified flag: false is none, true is verified', async () => {
    expect(
      (await customerOf((await useSimulator({ identityVerified: false })).url)).identity_verification_status,
    ).toBe('none');
    const seeded = await useSimulator({ seed: { customer: { identity_verified: false } } });
    expect((await customerOf(seeded.url)).identity_verification_status).toBe('none');
    const both = await useSimulator({ identityVerified: false, identityVerification: 'verified' });
    expect((await customerOf(both.url)).identity_verification_status).toBe('verified');
  });

  it('leaves an empty name out, as omitempty does', async () => {
    const sim = await useSimulator({ customerName: '' });
    expect(await customerOf(sim.url)).not.toHaveProperty('name');
  });
});

describe('identity verification', () => {
  it.each(['none', 'pending', 'rejected'])(
    'refuses normal purchases with 403 IDENTITY_VERIFICATION_REQUIRED when %s; virtual ones pass',
    async (status) => {
      const sim = await useSimulator({ identityVerification: status });
      const res = await buy(sim.url, normal(1));
      expect(res.status).toBe(403);
      expect(errorOf(res)).toMatchObject({
        status: 'PERMISSION_DENIED',
        reason: 'IDENTITY_VERIFICATION_REQUIRED',
      });
      expect((await buy(sim.url, virtual(1), 'virtual')).status).toBe(200);
      expect(sim.account.state.billing!.balanceMicros).toBe(1_000_000_000);
    },
  );
});

describe('GET /billing_account and the balance', () => {
  it('answers the plan type and the balance in integer micros (default free, $1,000.00)', async () => {
    const sim = await useSimulator();
    expect(await billingOf(sim.url)).toMatchObject({
      id: sim.account.state.billing!.id,
      customer_id: sim.account.state.customer.id,
      plan_type: 'free',
      plan_status: 'active',
      balance_credit: 1_000_000_000,
      balance_token: 0,
    });
  });

  it('takes the plan type and balance from options over the seed; dollars become micros', async () => {
    const seed = { billing_account: { plan_type: 'professional', balance_credit: 42_000_001 } };
    expect(await billingOf((await useSimulator({ seed })).url)).toMatchObject({
      plan_type: 'professional',
      balance_credit: 42_000_001,
    });
    expect(
      await billingOf((await useSimulator({ seed, planType: 'basic', balanceMicros: 7 })).url),
    ).toMatchObject({ plan_type: 'basic', balance_credit: 7 });
    expect((await billingOf((await useSimulator({ balance: 12.5 })).url)).balance_credit).toBe(12_500_000);
    const legacySeed = await useSimulator({ seed: { customer: { balance: 3.25 } } });
    expect((await billingOf(legacySeed.url)).balance_credit).toBe(3_250_000);
  });

  it('charges $5.00 for each normal purchase, nothing for a virtual one', async () => {
    const sim = await useSimulator({ balanceMicros: 20_000_000 });
    expect((await buy(sim.url, normal(1))).status).toBe(200);
    expect((await buy(sim.url, virtual(1), 'virtual')).status).toBe(200);
    expect((await buy(sim.url, normal(2))).status).toBe(200);
    expect((await billingOf(sim.url)).balance_credit).toBe(10_000_000);
  });

  it('checks balance_credit >= 5,000,000 for each purchase, one at a time', async () => {
    const sim = await useSimulator({ balanceMicros: 10_000_000 });
    expect((await buy(sim.url, normal(1))).status).toBe(200);
    expect((await buy(sim.url, normal(2))).status).toBe(200);
    expectInternal(await buy(sim.url, normal(3)));
    expect((await billingOf(sim.url)).balance_credit).toBe(0);
    expect(sim.account.state.numbers.map((n) => n.number)).toEqual([normal(1), normal(2)]);
  });

  it('refuses a balance one micro short, and buys nothing', async () => {
    const sim = await useSimulator({ balanceMicros: 4_999_999 });
    expectInternal(await buy(sim.url, normal(1)));
    expect(sim.account.state.numbers).toEqual([]);
    expect((await billingOf(sim.url)).balance_credit).toBe(4_999_999);
  });

  it('skips the check on an unlimited plan, and charges all the same (the balance goes negative)', async () => {
    const sim = await useSimulator({ planType: 'unlimited', balanceMicros: 0 });
    expect((await buy(sim.url, normal(1))).status).toBe(200);
    expect((await buy(sim.url, normal(2))).status).toBe(200);
    expect((await billingOf(sim.url)).balance_credit).toBe(-10_000_000);
  });

  it('checks identity before the balance', async () => {
    const sim = await useSimulator({ identityVerification: 'none', balanceMicros: 0 });
    expect(errorOf(await buy(sim.url, normal(1))).reason).toBe('IDENTITY_VERIFICATION_REQUIRED');
  });
});

describe('a customer without a billing account', () => {
  it('answers GET /billing_account with 409 FAILED_PRECONDITION / STATE_INVALID', async () => {
    const sim = await useSimulator({ noBillingAccount: true });
    const res = await callSim(`${sim.url}/billing_account`);
    expect(res.status).toBe(409);
    expect(errorOf(res)).toMatchObject({
      status: 'FAILED_PRECONDITION',
      reason: 'STATE_INVALID',
      message: 'The operation is invalid for the current resource state.',
    });
    expect((await customerOf(sim.url)).billing_account_id).toBe(NIL);
  });

  it('fails every purchase, normal and virtual, with 500; identity is still checked first', async () => {
    const sim = await useSimulator({ noBillingAccount: true, planType: 'unlimited' });
    expectInternal(await buy(sim.url, normal(1)));
    expectInternal(await buy(sim.url, virtual(1), 'virtual'));
    expect(sim.account.state.numbers).toEqual([]);
    const unverified = await useSimulator({ noBillingAccount: true, identityVerification: 'pending' });
    expect((await buy(unverified.url, normal(1))).status).toBe(403);
  });

  it('comes from a seed with billing_account: null; a billing option gives it one back', async () => {
    const seed = { billing_account: null };
    expect((await callSim(`${(await useSimulator({ seed })).url}/billing_account`)).status).toBe(409);
    const sim = await useSimulator({ seed, planType: 'basic' });
    expect(await billingOf(sim.url)).toMatchObject({ plan_type: 'basic', balance_credit: 1_000_000_000 });
  });
});

describe('the admin lists', () => {
  it.each(['/customers', '/billing_accounts'])('answer %s with 403 to an access key', async (path) => {
    const sim = await useSimulator();
    const res = await callSim(`${sim.url}${path}`);
    expect(res.status).toBe(403);
    expect(errorOf(res).reason).toBe('PERMISSION_DENIED');
    expect((await callSim(`${sim.url}${path}`, { auth: false })).status).toBe(401);
  });
});

describe('the virtual-number tier limit by plan type', () => {
  /** `count` virtual numbers the customer already holds, plus a deleted one and another customer's. */
  function holding(count: number) {
    return [
      ...Array.from({ length: count }, (_, i) => ({ number: virtual(i + 1) })),
      { number: virtual(900), customer_id: OTHER_CUSTOMER },
    ];
  }

  // The billing manager's PlanLimitMap.
  const LIMITS: [string, number][] = [
    ['free', 5],
    ['basic', 50],
    ['professional', 500],
  ];

  it('agrees with the table and the price the planner predicts from', () => {
    expect(VIRTUAL_NUMBER_LIMITS).toEqual(Object.fromEntries(LIMITS));
    expect(NORMAL_NUMBER_PRICE_MICROS).toBe(5_000_000);
  });

  it.each(LIMITS)('%s: buys up to %i, then answers 500', async (planType, limit) => {
    const sim = await useSimulator({ planType, seed: { numbers: holding(limit - 1) } });
    expect((await buy(sim.url, virtual(800), 'virtual')).status).toBe(200);
    expectInternal(await buy(sim.url, virtual(801), 'virtual'));
    // Normal numbers do not count, and a release makes room again.
    expect((await buy(sim.url, normal(1))).status).toBe(200);
    const bought = sim.account.state.numbers.find((n) => n.number === virtual(800))!;
    expect((await callSim(`${sim.url}/numbers/${bought.id}`, { method: 'DELETE' })).status).toBe(200);
    expect((await buy(sim.url, virtual(801), 'virtual')).status).toBe(200);
  });

  it('unlimited: no limit', async () => {
    const sim = await useSimulator({ planType: 'unlimited', seed: { numbers: holding(600) } });
    expect((await buy(sim.url, virtual(800), 'virtual')).status).toBe(200);
  });

  it('lets virtualLimit override the plan type, while GET /billing_account still shows the plan', async () => {
    const sim = await useSimulator({ planType: 'professional', virtualLimit: 1 });
    expect((await buy(sim.url, virtual(1), 'virtual')).status).toBe(200);
    expectInternal(await buy(sim.url, virtual(2), 'virtual'));
    expect((await billingOf(sim.url)).plan_type).toBe('professional');
    const none = await useSimulator({ virtualLimit: 0, seed: { numbers: holding(10) } });
    expect((await buy(none.url, virtual(800), 'virtual')).status).toBe(200);
  });

  it('fails virtual purchases on a plan type the billing manager does not know; normal ones pass', async () => {
    const sim = await useSimulator({ seed: { billing_account: { plan_type: 'gold' } } });
    expectInternal(await buy(sim.url, virtual(1), 'virtual'));
    const res = await buy(sim.url, normal(1));
    expect(res.status).toBe(200);
    expect((res.json as WireNumber).type).toBe('normal');
  });
});
