import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../src/api/api-error.ts';
import type { SimulatorOptions } from '../../src/sim/server.ts';
import { SIM_CUSTOMER_ID } from '../../src/sim/seed.ts';
import { useClient, useSimulator } from '../support/simulator.ts';
import { makeWorkspace, numbersYaml, numformAgainst } from '../support/workspace.ts';
import type { CliRun } from '../support/cli.ts';

const DAY_MS = 86_400_000;
const OTHER_CUSTOMER = '0b9e9b8c-1111-4222-8333-944455556666';

const virtual = (i: number): string => `+899100${String(i).padStart(6, '0')}`;
const added = (i: number): string => `+899200${String(i).padStart(6, '0')}`;

/**
 * A simulator with the given account, a workspace holding a configuration of `numbers`, and a
 * numform that keeps everything it printed, so that each test can check the webhook secret
 * (which GET /customer serves to every plan) never came out.
 */
async function scenario(options: SimulatorOptions, numbers: Record<string, unknown>[], extra = '') {
  const sim = await useSimulator(options);
  const { dir } = makeWorkspace({ 'numbers.yaml': numbersYaml(numbers, extra) });
  const cli = numformAgainst(sim, dir);
  const printed: string[] = [];
  const numform = async (args: string[]): Promise<CliRun> => {
    const run = await cli(args);
    printed.push(run.stdout, run.stderr);
    return run;
  };
  /** Requests that would change the account: none may come from a refused plan. */
  const writes = () => sim.requests.filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.url}`);
  /** The secret is in no output and no file of the workspace (plan files included). */
  const expectSecretKept = (): void => {
    const secret = sim.account.state.customer.webhookSecret;
    expect(secret.length).toBeGreaterThan(15);
    const files = readdirSync(dir).map((f) => readFileSync(join(dir, f), 'utf8'));
    expect(printed.length).toBeGreaterThan(0);
    for (const text of [...printed, ...files]) expect(text).not.toContain(secret);
  };
  return { sim, dir, numform, writes, expectSecretKept };
}

describe('plan predicts what VoIPBIN would refuse, end to end', () => {
  it('refuses normal purchases while identity verification is pending, and buys the virtual one alone', async () => {
    const { sim, numform, writes, expectSecretKept } = await scenario({ identityVerification: 'pending' }, [
      { number: '+15551234567', name: 'Support' },
      { number: virtual(1) },
    ]);
    const plan = await numform(['plan']);
    expect(plan.code).toBe(1);
    expect(plan.stdout).toContain('+ +15551234567 will be purchased (normal)');
    // Said where the refused purchase is declared.
    expect(plan.stderr).toContain(
      `numbers.yaml:2:5: The plan buys 1 normal number (+15551234567), but the account's identity verification is "pending": VoIPBIN sells normal numbers only to verified customers. [IDENTITY_NOT_VERIFIED]`,
    );
    expect(plan.stderr).toContain('nothing was changed');
    const apply = await numform(['apply', '--auto-approve']);
    expect(apply.code).toBe(1);
    expect(apply.stderr).toContain('[IDENTITY_NOT_VERIFIED]');
    expect(writes()).toEqual([]);

    // The prediction is real: VoIPBIN refuses that purchase, and the hint's way out works.
    const client = useClient(sim);
    const refused = await client
      .createNumber({ number: '+15551234567', type: 'normal', name: '', detail: '', ...noFlows })
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ApiError);
    expect((refused as ApiError).details.reason).toBe('IDENTITY_VERIFICATION_REQUIRED');
    const some = await numform(['apply', '--auto-approve', '--target', virtual(1)]);
    expect(some.code).toBe(0);
    expect(some.stdout).toContain('Apply complete: 1 created, 0 updated, 0 deleted.');
    expectSecretKept();
  });

  it('refuses purchases the balance cannot cover, giving balance, need and shortfall', async () => {
    const { numform, writes, expectSecretKept } = await scenario(
      { planType: 'basic', balanceMicros: 7_000_000 },
      [{ number: '+15551234567' }, { number: '+15551234568' }],
    );
    const plan = await numform(['plan']);
    expect(plan.code).toBe(1);
    expect(plan.stderr).toContain(
      'The plan buys 2 normal numbers at $5.00 each, which needs a balance of $10.00; the balance is $7.00, $3.00 short. [INSUFFICIENT_BALANCE]',
    );
    expect(plan.stderr).toContain('Add at least $3.00');
    expect((await numform(['apply', '--auto-approve'])).code).toBe(1);
    expect(writes()).toEqual([]);

    // One purchase fits; it is charged, and then the second one is short.
    const one = await numform(['apply', '--auto-approve', '--target', '+15551234567']);
    expect(one.code).toBe(0);
    const second = await numform(['plan']);
    expect(second.code).toBe(1);
    expect(second.stderr).toContain(
      'which needs a balance of $5.00; the balance is $2.00, $3.00 short. [INSUFFICIENT_BALANCE]',
    );
    expect(writes()).toHaveLength(1);
    expectSecretKept();
  });

  it('refuses every purchase without a billing account, but plans updates', async () => {
    const { sim, numform, writes, expectSecretKept } = await scenario(
      { noBillingAccount: true, seed: { numbers: [{ number: virtual(1), name: 'old' }] } },
      [{ number: virtual(1), name: 'new' }, { number: virtual(2) }, { number: '+15551234567' }],
    );
    const plan = await numform(['plan']);
    expect(plan.code).toBe(1);
    expect(plan.stderr).toContain(
      `The account has no billing account, so VoIPBIN refuses every purchase: the plan would add 2 numbers (+15551234567, ${virtual(2)}). [NO_BILLING_ACCOUNT]`,
    );
    expect(writes()).toEqual([]);
    // The prediction is real: even a free virtual number is refused.
    await expect(
      useClient(sim).createNumber({ number: virtual(2), type: 'virtual', name: '', detail: '', ...noFlows }),
    ).rejects.toBeInstanceOf(ApiError);
    const update = await numform(['apply', '--auto-approve', '--target', virtual(1)]);
    expect(update.code).toBe(0);
    expect(update.stdout).toContain('Apply complete: 0 created, 1 updated, 0 deleted.');
    expectSecretKept();
  });

  it('swaps virtual numbers at the basic plan limit in one apply, releasing first', async () => {
    const held = Array.from({ length: 50 }, (_, i) => ({ number: virtual(i + 1) }));
    const kept = held.slice(3);
    const { sim, numform, expectSecretKept } = await scenario(
      { planType: 'basic', seed: { numbers: held } },
      [...kept, ...[1, 2, 3].map((i) => ({ number: added(i) }))],
    );
    // At the limit, a create first is refused: the order matters.
    const client = useClient(sim);
    await expect(
      client.createNumber({ number: added(9), type: 'virtual', name: '', detail: '', ...noFlows }),
    ).rejects.toBeInstanceOf(ApiError);

    const plan = await numform(['plan']);
    expect(plan.code).toBe(0);
    const within = "released first to stay within the basic plan's 50 virtual numbers";
    expect(plan.stdout.split(within)).toHaveLength(4);
    expect(plan.stdout).toContain(`- ${virtual(1)} will be released (virtual) (${within})`);
    expect(plan.stdout).toContain('Plan: 3 to create, 0 to update, 3 to delete.');

    const apply = await numform(['apply', '--auto-approve']);
    expect(apply.code).toBe(0);
    expect(apply.stdout).toContain('Apply complete: 3 created, 0 updated, 3 deleted.');
    const again = await numform(['plan']);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('No changes.');
    const numbers = (await client.listNumbers()).map((n) => n.number).sort();
    expect(numbers).toEqual([...kept.map((n) => n.number), added(1), added(2), added(3)].sort());
    expectSecretKept();
  });

  it('refuses, with the numbers, virtual creates that cannot fit even releasing first', async () => {
    const held = Array.from({ length: 5 }, (_, i) => ({ number: virtual(i + 1) }));
    const { numform, writes, expectSecretKept } = await scenario(
      { planType: 'free', seed: { numbers: held } },
      [...held.slice(1), ...[1, 2, 3].map((i) => ({ number: added(i) }))],
    );
    const plan = await numform(['plan']);
    expect(plan.code).toBe(1);
    expect(plan.stdout).not.toContain('released first');
    expect(plan.stderr).toMatch(
      /The free plan allows 5 virtual numbers; the account holds 5 and the plan creates 3, which makes 8: 3 over the limit, so VoIPBIN would refuse 3 creates\. \[VIRTUAL_NUMBER_LIMIT\]/,
    );
    expect((await numform(['apply', '--auto-approve'])).code).toBe(1);
    expect(writes()).toEqual([]);
    expectSecretKept();
  });

  it('names an expired key as the likely cause of the 401, and sends nothing', async () => {
    const expired = new Date(Date.now() - DAY_MS).toISOString();
    const { numform, writes, expectSecretKept } = await scenario({ accessKeyExpiresAt: expired }, [
      { number: virtual(1) },
    ]);
    for (const command of [['plan'], ['apply', '--auto-approve']]) {
      const run = await numform(command);
      expect(run.code).toBe(1);
      expect(run.stdout).toBe('');
      expect(run.stderr).toContain('HTTP 401 INVALID_CREDENTIALS');
      expect(run.stderr).toMatch(/^Hint: .*expired.*access keys list shows when each key expires/m);
    }
    expect(writes()).toEqual([]);
    expectSecretKept();
  });

  it('warns about a key that expires within 14 days, and still plans (exit 0)', async () => {
    const soon = new Date(Date.now() + 3 * DAY_MS).toISOString();
    const { numform, expectSecretKept } = await scenario({ accessKeyExpiresAt: soon }, [
      { number: virtual(1) },
    ]);
    const plan = await numform(['plan']);
    expect(plan.code).toBe(0);
    expect(plan.stdout).toContain(`Warning: The access key expires at ${soon} (in 2d)`);
    expect(plan.stdout).toContain('[ACCESS_KEY_EXPIRING]');
    expect(plan.stdout).toContain('Plan: 1 to create, 0 to update, 0 to delete.');
    expect((await numform(['apply', '--auto-approve'])).code).toBe(0);
    // A warning is no change: a converged account still exits 0 with --detailed-exitcode.
    const after = await numform(['plan', '--detailed-exitcode']);
    expect(after.code).toBe(0);
    expect(after.stdout).toContain('[ACCESS_KEY_EXPIRING]');
    expect(after.stdout).toContain('No changes.');

    const later = await scenario({ accessKeyExpiresAt: new Date(Date.now() + 30 * DAY_MS).toISOString() }, [
      { number: virtual(1) },
    ]);
    const quiet = await later.numform(['plan']);
    expect(quiet.code).toBe(0);
    expect(quiet.stdout).not.toContain('ACCESS_KEY_EXPIRING');
    expectSecretKept();
    later.expectSecretKept();
  });

  it('stops a configuration pinned to another account before planning, pointing at the pin', async () => {
    const { numform, writes, expectSecretKept } = await scenario(
      { identityVerification: 'none', balanceMicros: 0 },
      [{ number: '+15551234567' }],
      `policy:\n  account: ${OTHER_CUSTOMER}\n`,
    );
    for (const command of [['plan'], ['apply', '--auto-approve']]) {
      const run = await numform(command);
      expect(run.code).toBe(1);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(
        new RegExp(
          `^numbers\\.yaml:2:12: This configuration belongs to account ${OTHER_CUSTOMER} \\(policy\\.account\\), but the access key is for account Simulated customer \\(${SIM_CUSTOMER_ID}\\)\\. \\[ACCOUNT_MISMATCH\\]`,
        ),
      );
      // The pin comes first: the purchase the account could not make is not even mentioned.
      expect(run.stderr).not.toContain('IDENTITY_NOT_VERIFIED');
      expect(run.stderr).not.toContain('INSUFFICIENT_BALANCE');
    }
    expect(writes()).toEqual([]);
    expectSecretKept();
  });

  it('states the cost of 2 purchases in text, markdown and JSON, and apply charges that much', async () => {
    const { sim, numform, expectSecretKept } = await scenario(
      { planType: 'basic', balanceMicros: 50_000_000, seed: { numbers: [{ number: '+15550000001' }] } },
      [
        { number: '+15550000001' },
        { number: '+15551234567' },
        { number: '+15551234568' },
        { number: virtual(1) },
      ],
    );
    const line = 'Cost: $10.00 now, then $15.00 a month.';
    const text = await numform(['plan', '--out', 'saved.plan']);
    expect(text.code).toBe(0);
    expect(text.stdout.split('\n')).toContain(line);
    const markdown = await numform(['plan', '--format', 'markdown']);
    expect(markdown.stdout.split('\n')).toContain(line);
    const json = await numform(['plan', '--format', 'json']);
    expect((JSON.parse(json.stdout) as { cost: unknown }).cost).toEqual({
      now_micros: 10_000_000,
      monthly_micros: 15_000_000,
      until_released_micros: null,
    });

    const apply = await numform(['apply', '--auto-approve', '--plan', 'saved.plan']);
    expect(apply.code).toBe(0);
    expect(sim.account.state.billing!.balanceMicros).toBe(40_000_000);
    expectSecretKept();
  });
});

const noFlows = {
  callFlowId: '00000000-0000-0000-0000-000000000000',
  messageFlowId: '00000000-0000-0000-0000-000000000000',
};
