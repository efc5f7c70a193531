import { describe, expect, it } from 'vitest';
import { applyPlan } from '../../src/apply/apply-plan.ts';
import { buildPlan } from '../../src/plan/build-plan.ts';
import type { RunningSimulator } from '../../src/sim/server.ts';
import { desiredNumber, policy } from '../support/builders.ts';
import { useClient, useSimulator } from '../support/simulator.ts';
import { virtualTiming } from '../support/virtual-timing.ts';
import { makeWorkspace, numbersYaml, numformAgainst } from '../support/workspace.ts';

const OTHER_CUSTOMER = '22222222-0000-4000-8000-000000000000';
/** A purchase delay no test outlives: purchases complete only when a test completes them. */
const NEVER = 3_600_000;

/** Makes every pending purchase complete at the simulator's next read. */
function completePurchases(sim: RunningSimulator): void {
  for (const n of sim.account.state.numbers) if (n.settlesAt !== null) n.settlesAt = 0;
}

/** Records each fault the simulator injects, as `kind METHOD path`, until `stop` ends all faults. */
function recordFaults(sim: RunningSimulator): { injected: string[]; stop: () => void } {
  const injected: string[] = [];
  const pick = sim.faults.pick.bind(sim.faults);
  let stopped = false;
  sim.faults.pick = (method, path) => {
    if (stopped) return undefined;
    const fault = pick(method, path);
    // Ids are random; the number they stand for is not.
    const shown = path.replace(
      /[0-9a-f-]{36}/,
      (id) => sim.account.state.numbers.find((n) => n.id === id)?.number ?? id,
    );
    if (fault) injected.push(`${fault.kind} ${method} ${shown}`);
    return fault;
  };
  return { injected, stop: () => (stopped = true) };
}

const FAULTY_NUMBERS = [1, 2, 3, 4].map((i) => desiredNumber(`+1555000000${i}`, { name: `n${i}` }));

/**
 * Applies until it succeeds (at most 5 times) against a simulator failing a share of its requests,
 * one request at a time, so the seeded faults fall on the same requests in every run.
 */
async function applyWithRandomFaults() {
  const sim = await useSimulator({
    faults: { rate: 0.4, seed: 21, kinds: ['503', 'reset'] },
    seed: { numbers: [{ number: '+899100000009' }, { number: '+15550000009' }] },
  });
  const faults = recordFaults(sim);
  // Virtual time: a purchase that failed ambiguously is looked for over a minute.
  const timing = virtualTiming();
  const client = useClient(sim, { timing });
  const outcomes: string[] = [];
  const failures: string[] = [];
  while (outcomes.length < 5 && outcomes.at(-1) !== 'complete') {
    try {
      const plan = buildPlan({ numbers: FAULTY_NUMBERS, policy: policy() }, await client.listNumbers());
      const result = await applyPlan(plan, client, { parallelism: 1, timing });
      outcomes.push(result.failed.length > 0 ? `${result.failed.length} failed` : 'complete');
      failures.push(...result.failed.map((f) => `${f.change.number}: ${f.message}`));
    } catch (error) {
      outcomes.push(`plan failed: ${(error as Error).message}`);
    }
  }
  faults.stop();
  const live = sim.account.state.numbers
    .filter((n) => n.tmDelete === null)
    .map((n) => n.number)
    .sort();
  const after = buildPlan({ numbers: FAULTY_NUMBERS, policy: policy() }, await client.listNumbers());
  return {
    outcomes,
    failures: failures.map((f) => f.replace(/numform-[A-Z2-7]{16}/g, 'numform-…')),
    posts: sim.requests
      .filter((r) => r.method === 'POST')
      .map((r) => (JSON.parse(r.body) as { number: string }).number),
    faults: faults.injected,
    stats: Object.fromEntries(sim.stats),
    live,
    balance: sim.account.state.billing?.balanceMicros,
    changesLeft: after.changes.length,
  };
}

describe('apply when things go wrong', () => {
  it('skips every release after a failed create, then converges once the cause is fixed', async () => {
    const sim = await useSimulator({
      seed: {
        numbers: [
          { number: '+899100000005', customer_id: OTHER_CUSTOMER },
          { number: '+899100000009' },
          { number: '+899100000002' },
        ],
      },
    });
    const { dir, write } = makeWorkspace({
      'numbers.yaml': numbersYaml([
        { number: '+899100000005' },
        { number: '+899100000001' },
        { number: '+899100000002' },
      ]),
    });
    const numform = numformAgainst(sim, dir);
    const run = await numform(['apply', '--auto-approve']);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('Apply failed: 1 of 3 changes failed');
    expect(run.stdout).toMatch(/\+899100000005: VoIPBIN refused to create number: HTTP 500 INTERNAL/);
    expect(run.stdout).toMatch(
      /hint: VoIPBIN answers several different problems with this 500: the number already exists/,
    );
    expect(run.stdout).toContain('+899100000009: release skipped because 1 earlier change failed');
    expect(sim.stats.get('DELETE /numbers/{id}') ?? 0).toBe(0);

    write('numbers.yaml', numbersYaml([{ number: '+899100000001' }, { number: '+899100000002' }]));
    const again = await numform(['apply', '--auto-approve']);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('Apply complete: 0 created, 0 updated, 1 deleted.');
    expect((await numform(['plan'])).stdout).toContain('No changes.');
  });

  it('fails a number whose purchase ends in purchase_failed at once, without waiting out the timeout', async () => {
    const sim = await useSimulator({
      purchaseDelayMs: 300,
      purchaseOutcomes: { '+15551234567': 'purchase_failed' },
    });
    const { dir } = makeWorkspace({ 'numbers.yaml': numbersYaml([{ number: '+15551234567' }]) });
    const run = await numformAgainst(sim, dir)(['apply', '--auto-approve']);
    expect(run.code).toBe(1);
    // A wait that had run into --wait-timeout would say "still pending" instead.
    expect(run.stdout).toContain('the carrier ended the purchase (status "purchase_failed")');
    expect(run.stdout).not.toContain('still pending');
  });

  it('ends a purchase still pending after --wait-timeout as bought, not failed, and never waits for it again', async () => {
    // The real server never settles a pending purchase: the simulator's "never" does the same.
    const sim = await useSimulator({ purchaseDelayMs: 'never' });
    const { dir } = makeWorkspace({
      'numbers.yaml': numbersYaml([{ number: '+15551234567', name: 'Support' }]),
    });
    const numform = numformAgainst(sim, dir);
    const run = await numform(['apply', '--auto-approve', '--wait-timeout', '200ms']);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(
      /^\+15551234567: Still pending at the carrier after \d+s \[id=[0-9a-f-]{36}\] \(status "purchase-pending"\): bought; numform stops waiting and will not buy it again$/m,
    );
    expect(run.stdout).toContain('Apply complete: 0 created, 0 updated, 0 deleted; 1 bought, still pending.');
    expect(run.stdout).toMatch(/^ {2}\+15551234567: \[id=[0-9a-f-]{36}\] status "purchase-pending"$/m);
    // Planning lists the empty account; the wait polls once more at the timeout before giving up,
    // with one page of the newest numbers.
    expect(sim.stats.get('GET /numbers')).toBe(2);
    expect(sim.stats.get('GET /numbers/{id}')).toBeUndefined();

    const again = await numform(['apply', '--auto-approve']);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(
      /Note: \+15551234567 has been pending purchase for \d+s \(status "purchase-pending"\)/,
    );
    expect(again.stdout).toContain('No changes.');
    // A purchase of an earlier run is not waited for again (planning's one page is the only read),
    // and never bought twice.
    expect(sim.stats.get('GET /numbers')).toBe(3);
    expect(sim.stats.get('GET /numbers/{id}')).toBeUndefined();
    expect(sim.stats.get('POST /numbers')).toBe(1);
    expect(sim.account.state.billing?.balanceMicros).toBe(995_000_000);
  });

  it('updates a number whose purchase is still pending at once, without waiting for it', async () => {
    const sim = await useSimulator({ purchaseDelayMs: 'never' });
    const { dir, write } = makeWorkspace({
      'numbers.yaml': numbersYaml([{ number: '+15551234567', name: 'Support' }]),
    });
    const numform = numformAgainst(sim, dir);
    expect((await numform(['apply', '--auto-approve', '--wait-timeout', '100ms'])).code).toBe(0);

    write('numbers.yaml', numbersYaml([{ number: '+15551234567', name: 'Support desk' }]));
    const reads = sim.stats.get('GET /numbers') ?? 0;
    const update = await numform(['apply', '--auto-approve']);
    expect(update.stdout).toContain(
      '~ +15551234567 will be updated in place (its purchase is still pending; VoIPBIN accepts changes meanwhile)',
    );
    expect(update.code).toBe(0);
    expect(update.stderr.split('\n').filter((l) => l.startsWith('+15551234567'))).toEqual([
      expect.stringMatching(/^\+15551234567: Modifying\.\.\. \[id=[0-9a-f-]{36}\]$/),
      expect.stringMatching(/^\+15551234567: Modifications complete after \d+s \[id=[0-9a-f-]{36}\]$/),
    ]);
    expect(sim.account.state.numbers[0]).toMatchObject({ name: 'Support desk', status: 'purchase-pending' });
    expect(sim.stats.get('POST /numbers')).toBe(1);
    expect(sim.stats.get('PUT /numbers/{id}')).toBe(1);
    // Planning's one page, and no poll.
    expect(sim.stats.get('GET /numbers')).toBe(reads + 1);
    expect(sim.stats.get('GET /numbers/{id}')).toBeUndefined();
  });

  it('buys once when the purchase request is reset after the server did the work, then PUTs the fields', async () => {
    const sim = await useSimulator();
    sim.faults.add({ kind: 'reset', method: 'POST' });
    // The POST lands with other fields than asked (as an older configuration's would have).
    const create = sim.account.createNumber.bind(sim.account);
    sim.account.createNumber = (customerId, body) => create(customerId, { ...body, name: 'Old line' });
    const { dir } = makeWorkspace({
      'numbers.yaml': numbersYaml([{ number: '+15551234567', name: 'Support' }]),
    });
    const numform = numformAgainst(sim, dir);
    const run = await numform(['apply', '--auto-approve']);
    expect(run.code).toBe(0);
    const id = sim.account.state.numbers[0]!.id;
    expect(run.stderr).toMatch(
      new RegExp(
        `^\\+15551234567: Purchase complete after \\d+s \\[id=${id}\\] \\(already in the account after an unclear answer: adopted, not bought twice\\)$`,
        'm',
      ),
    );
    expect(sim.stats.get('POST /numbers')).toBe(1);
    expect(sim.stats.get('PUT /numbers/{id}')).toBe(1);
    expect(sim.account.state.numbers[0]).toMatchObject({ name: 'Support' });
    expect(sim.account.state.billing?.balanceMicros).toBe(995_000_000);
    expect((await numform(['plan'])).stdout).toContain('No changes.');
  });

  it('survives random 503s and resets: apply converges, buys each number once, and the run replays exactly', async () => {
    const first = await applyWithRandomFaults();
    const second = await applyWithRandomFaults();
    // One request at a time consumes the seeded faults in the same order, so a failure replays.
    expect(second).toEqual(first);
    // This seed answers two POSTs with 503 and resets another after the work. A purchase is sent
    // once per run: the two refused ones end "outcome unknown" and are sent again by the next run
    // only, once it has read the account; the reset one is found and adopted.
    expect(first.faults).toContain('reset POST /numbers');
    expect(first.outcomes[0]).toBe('2 failed');
    expect(first.failures).toHaveLength(2);
    for (const failure of first.failures) {
      expect(failure).toMatch(
        /^\+1555000000[23]: The outcome of the purchase of .* is unknown: .*HTTP 503.*NOT re-sent\.$/,
      );
    }
    expect(first.posts).toEqual([...FAULTY_NUMBERS.map((n) => n.number), '+15550000002', '+15550000003']);
    expect(first.outcomes.at(-1)).toBe('complete');
    expect(first.live).toEqual(FAULTY_NUMBERS.map((n) => n.number));
    expect(first.balance).toBe(1_000_000_000 - 4 * 5_000_000);
    expect(first.changesLeft).toBe(0);
  });

  it('stops starting work on Ctrl-C, exits 130, and a second apply converges', async () => {
    const sim = await useSimulator({
      purchaseDelayMs: NEVER,
      seed: { numbers: [{ number: '+899100000009' }, { number: '+899100000002' }] },
    });
    const { dir } = makeWorkspace({
      'numbers.yaml': numbersYaml([
        { number: '+15551234567', name: 'Support' },
        { number: '+899100000001' },
        { number: '+899100000002' },
      ]),
    });
    const numform = numformAgainst(sim, dir);
    const controller = new AbortController();
    const run = await numform(['apply', '--auto-approve'], {
      signal: controller.signal,
      onStderr: (text) => {
        if (text.includes('Purchase pending')) controller.abort();
      },
    });
    expect(run.code).toBe(130);
    expect(run.stdout).toContain('Apply interrupted');
    expect(run.stdout).toContain('+899100000009: not started: interrupted');
    expect(sim.stats.get('DELETE /numbers/{id}') ?? 0).toBe(0);

    const again = await numform(['apply', '--auto-approve']);
    expect(again.code).toBe(0);
    expect(sim.stats.get('POST /numbers')).toBe(2);
    // The release waits until the purchases the configuration declares are confirmed.
    expect(again.stdout).toContain('1 release held');
    completePurchases(sim);
    expect((await numform(['apply', '--auto-approve'])).stdout).toContain('1 deleted');
    const final = await numform(['plan', '--detailed-exitcode']);
    expect(final).toMatchObject({ code: 0 });
    expect((await useClient(sim).listNumbers()).map((n) => n.number).sort()).toEqual([
      '+15551234567',
      '+899100000001',
      '+899100000002',
    ]);
  });

  it('reports a create refused after Ctrl-C as failed, and exits 1, not 130', async () => {
    const sim = await useSimulator({
      seed: {
        numbers: [
          { number: '+899100000005', customer_id: OTHER_CUSTOMER },
          { number: '+899100000009' },
          { number: '+899100000002' },
        ],
      },
    });
    const controller = new AbortController();
    // Ctrl-C arrives while the POST is at the server, which then refuses it.
    const pick = sim.faults.pick.bind(sim.faults);
    sim.faults.pick = (method, path) => {
      if (method === 'POST') controller.abort();
      return pick(method, path);
    };
    const { dir } = makeWorkspace({
      'numbers.yaml': numbersYaml([{ number: '+899100000005' }, { number: '+899100000002' }]),
    });
    const run = await numformAgainst(sim, dir)(['apply', '--auto-approve'], { signal: controller.signal });
    expect(controller.signal.aborted).toBe(true);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('Apply failed: 1 of 2 changes failed (0 created, 0 updated, 0 deleted).');
    expect(run.stdout).toContain('  +899100000009: release skipped because 1 earlier change failed');
    expect(run.stderr).toMatch(
      /^\+899100000005: Creation failed: VoIPBIN refused to create number: HTTP 500/m,
    );
    expect(sim.stats.get('POST /numbers')).toBe(1);
    expect(sim.stats.get('DELETE /numbers/{id}') ?? 0).toBe(0);
  });
});
