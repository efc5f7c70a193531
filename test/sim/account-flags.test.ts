import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { WireAccessKey, WireBillingAccount, WireCustomer } from '../../src/api/wire-account.ts';
import type { WireList } from '../../src/api/wire.ts';
import { parseTimestampMicros } from '../../src/api/timestamps.ts';
import type { SimState } from '../../src/sim/sim-types.ts';
import { runNumform } from '../support/cli.ts';
import { startSimCommand, type SimCommand } from '../support/sim-command.ts';
import { callSim, errorOf } from '../support/sim-http.ts';
import { useSimulator } from '../support/simulator.ts';

const running: SimCommand[] = [];
afterEach(async () => {
  while (running.length) await running.pop()!.stop();
});

async function sim(args: string[]): Promise<string> {
  const started = await startSimCommand(['--port', '0', ...args]);
  running.push(started);
  return started.url;
}

const tempFile = (name: string) => join(mkdtempSync(join(tmpdir(), 'numform-sim-')), name);
const json = async <T>(url: string) => (await callSim(url)).json as T;
const buy = (url: string, number: string, type?: string) =>
  callSim(`${url}/numbers`, { method: 'POST', body: { number, ...(type && { type }) } });

describe('numform sim: account flags', () => {
  it('--customer-name, --identity and --webhook-secret shape GET /customer', async () => {
    const url = await sim([
      '--customer-name',
      'Acme Telecom',
      '--identity',
      'pending',
      '--webhook-secret',
      'whsec_cli_01',
    ]);
    expect(await json<WireCustomer>(`${url}/customer`)).toMatchObject({
      name: 'Acme Telecom',
      identity_verification_status: 'pending',
      webhook_secret: 'whsec_cli_01',
    });
    expect((await buy(url, '+15551230001')).status).toBe(403);
  });

  it('--unverified is --identity none', async () => {
    const url = await sim(['--unverified']);
    expect((await json<WireCustomer>(`${url}/customer`)).identity_verification_status).toBe('none');
  });

  it('--plan and --balance (dollars) shape GET /billing_account and the limits', async () => {
    const url = await sim(['--plan', 'basic', '--balance', '7.5']);
    expect(await json<WireBillingAccount>(`${url}/billing_account`)).toMatchObject({
      plan_type: 'basic',
      balance_credit: 7_500_000,
    });
    expect((await buy(url, '+15551230001')).status).toBe(200);
    expect((await buy(url, '+15551230002')).status).toBe(500);
  });

  it('--no-billing-account: 409 on GET /billing_account, 500 on every purchase', async () => {
    const url = await sim(['--no-billing-account']);
    const res = await callSim(`${url}/billing_account`);
    expect(res.status).toBe(409);
    expect(errorOf(res).reason).toBe('STATE_INVALID');
    expect((await buy(url, '+899100000001', 'virtual')).status).toBe(500);
  });

  it('--virtual-limit overrides the plan', async () => {
    const url = await sim(['--plan', 'professional', '--virtual-limit', '1']);
    expect((await buy(url, '+899100000001', 'virtual')).status).toBe(200);
    expect((await buy(url, '+899100000002', 'virtual')).status).toBe(500);
  });

  it('--key-expires-at in the past: every request answers 401', async () => {
    const url = await sim(['--key-expires-at', '2020-01-01T00:00:00Z']);
    const res = await callSim(`${url}/customer`);
    expect(res.status).toBe(401);
    expect(errorOf(res).reason).toBe('INVALID_CREDENTIALS');
  });

  it('--key-expires-in 30d sets tm_expire 30 days after the start', async () => {
    const before = Date.now();
    const url = await sim(['--key-expires-in', '30d']);
    const after = Date.now();
    const keys = await json<WireList<WireAccessKey>>(`${url}/accesskeys`);
    const expires = parseTimestampMicros(keys.result[0]!.tm_expire)! / 1000;
    const days30 = 30 * 24 * 3_600_000;
    expect(expires).toBeGreaterThanOrEqual(before + days30);
    expect(expires).toBeLessThanOrEqual(after + days30);
  });

  it('lists the account flags in its help', async () => {
    const help = (await runNumform(['sim', '--help'])).stdout.replace(/\s+/g, ' ');
    for (const flag of [
      '--customer-name',
      '--identity',
      '--webhook-secret',
      '--plan',
      '--balance',
      '--no-billing-account',
      '--key-expires-in',
      '--key-expires-at',
      'free 5, basic 50, professional 500, unlimited none',
    ]) {
      expect(help).toContain(flag);
    }
  });

  it.each([
    [['--identity', 'maybe'], "argument 'maybe' is invalid"],
    [['--plan', 'gold'], "argument 'gold' is invalid"],
    [['--balance', '-5'], 'expected a number from 0'],
    [['--key-expires-in', '2w'], '"2w" is not a duration'],
    [['--key-expires-at', 'tomorrow'], 'expected a time like 2026-04-01T00:00:00Z'],
    [['--identity', 'none', '--unverified'], "cannot be used with option '--unverified'"],
    [
      ['--no-billing-account', '--plan', 'basic'],
      "option '--no-billing-account' cannot be used with option '--plan",
    ],
    [['--key-expires-in', '1d', '--key-expires-at', '2030-01-01T00:00:00Z'], 'cannot be used with option'],
  ])('refuses %j', async (args, message) => {
    const run = await runNumform(['sim', ...args], { signal: AbortSignal.abort() });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(message);
    expect(run.stdout).toBe('');
  });
});

describe('the account in a data file', () => {
  it('keeps customer, billing account and keys across restarts; options still override', async () => {
    const dataFile = tempFile('account.json');
    const first = await useSimulator({ dataFile, planType: 'basic', balanceMicros: 12_000_000 });
    expect((await buy(first.url, '+15551230001')).status).toBe(200);
    const secret = first.account.state.customer.webhookSecret;
    await first.close();
    const second = await useSimulator({ dataFile });
    expect(await json<WireBillingAccount>(`${second.url}/billing_account`)).toMatchObject({
      plan_type: 'basic',
      balance_credit: 7_000_000,
    });
    expect((await json<WireCustomer>(`${second.url}/customer`)).webhook_secret).toBe(secret);
    expect((await json<WireList<WireAccessKey>>(`${second.url}/accesskeys`)).result).toHaveLength(1);
    await second.close();
    const third = await useSimulator({ dataFile, noBillingAccount: true });
    expect((await callSim(`${third.url}/billing_account`)).status).toBe(409);
  });

  it('reads a file an older simulator wrote: the balance was dollars, identity a flag', async () => {
    const dataFile = tempFile('old.json');
    const old = {
      customer: {
        id: '5e4a0680-804e-11ec-8477-2fea5968d85b',
        virtualLimit: 2,
        identityVerified: false,
        balance: 12.5,
      },
      numbers: [],
      flows: [],
    };
    writeFileSync(dataFile, JSON.stringify(old));
    const sim = await useSimulator({ dataFile });
    expect(await json<WireCustomer>(`${sim.url}/customer`)).toMatchObject({
      id: old.customer.id,
      name: 'Simulated customer',
      identity_verification_status: 'none',
    });
    expect(await json<WireBillingAccount>(`${sim.url}/billing_account`)).toMatchObject({
      plan_type: 'free',
      balance_credit: 12_500_000,
    });
    expect((await buy(sim.url, '+899100000001', 'virtual')).status).toBe(200);
    expect((await buy(sim.url, '+899100000002', 'virtual')).status).toBe(200);
    expect((await buy(sim.url, '+899100000003', 'virtual')).status).toBe(500);
    sim.persist();
    const saved = JSON.parse(readFileSync(dataFile, 'utf8')) as SimState;
    expect(saved.customer).not.toHaveProperty('balance');
    expect(saved.billing).toMatchObject({ balanceMicros: 12_500_000, virtualLimit: 2 });
  });
});
