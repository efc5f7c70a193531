import { describe, expect, it } from 'vitest';
import { useSimulator } from '../support/simulator.ts';
import { makeWorkspace, numbersYaml, numformAgainst } from '../support/workspace.ts';

// The real server as its code behaves, where it differs from its documentation.
const GONE_FLOW = 'dead0000-0000-4000-8000-000000000001';

describe('numform against the real server', () => {
  it('refuses at plan time a rename of a number whose flow no longer exists, and sends nothing', async () => {
    const sim = await useSimulator({
      seed: { numbers: [{ number: '+899100000001', name: 'Old', call_flow_id: GONE_FLOW }] },
    });
    const { dir } = makeWorkspace({
      'numbers.yaml': numbersYaml([{ number: '+899100000001', name: 'New', call_flow_id: GONE_FLOW }]),
    });
    const run = await numformAgainst(sim, dir)(['apply', '--auto-approve']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      `numbers.yaml:2:5: +899100000001: call_flow_id ${GONE_FLOW} is not a live flow of this account`,
    );
    expect(run.stderr).toContain('point call_flow at a flow that exists, or at none');
    expect(sim.requests.filter((r) => r.method !== 'GET')).toEqual([]);
  });

  it('repoints the flows of such a number through PUT /flow_ids, then renames it', async () => {
    const sim = await useSimulator({
      seed: {
        flows: [{ name: 'Main IVR' }],
        numbers: [{ number: '+899100000001', name: 'Old', call_flow_id: GONE_FLOW }],
      },
    });
    const { dir, write } = makeWorkspace({
      'numbers.yaml': numbersYaml([{ number: '+899100000001', name: 'Old', call_flow: 'Main IVR' }]),
    });
    const numform = numformAgainst(sim, dir);
    expect((await numform(['apply', '--auto-approve'])).code).toBe(0);
    expect(sim.stats.get('PUT /numbers/{id}/flow_ids')).toBe(1);
    expect(sim.stats.get('PUT /numbers/{id}') ?? 0).toBe(0);
    write('numbers.yaml', numbersYaml([{ number: '+899100000001', name: 'New', call_flow: 'Main IVR' }]));
    expect((await numform(['apply', '--auto-approve'])).code).toBe(0);
    expect(sim.stats.get('PUT /numbers/{id}')).toBe(1);
    expect((await numform(['plan'])).stdout).toContain('No changes.');
  });

  it('counts a release of a number released behind its back as done, saying it was already gone', async () => {
    const sim = await useSimulator({
      seed: { numbers: [{ number: '+899100000001' }, { number: '+899100000009' }] },
    });
    const { dir } = makeWorkspace({ 'numbers.yaml': numbersYaml([{ number: '+899100000001' }]) });
    const releasedElsewhere = (): string => {
      // While the user reads the plan, another job releases the number.
      const n = sim.account.state.numbers.find((x) => x.number === '+899100000009')!;
      sim.account.deleteNumber(n.customerId, n.id);
      return 'yes';
    };
    const run = await numformAgainst(sim, dir)(['apply'], { answers: [releasedElsewhere] });
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(
      /^\+899100000009: Release complete after \d+s \[id=[0-9a-f-]{36}\] \(already gone: released elsewhere since the plan was read\)$/m,
    );
    expect(run.stdout).toContain('Apply complete: 0 created, 0 updated, 1 deleted.');
  });

  it('fails an update of a number released behind its back with what happened, and releases nothing', async () => {
    const sim = await useSimulator({
      seed: { numbers: [{ number: '+899100000001', name: 'Keep' }, { number: '+899100000009' }] },
    });
    const { dir } = makeWorkspace({
      'numbers.yaml': numbersYaml([{ number: '+899100000001', name: 'Renamed' }]),
    });
    const releasedElsewhere = (): string => {
      const n = sim.account.state.numbers.find((x) => x.number === '+899100000001')!;
      sim.account.deleteNumber(n.customerId, n.id);
      return 'yes';
    };
    const run = await numformAgainst(sim, dir)(['apply'], { answers: [releasedElsewhere] });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(
      /\+899100000001: VoIPBIN refused to update number: HTTP 404 RESOURCE_NOT_FOUND/,
    );
    expect(run.stdout).toContain(
      'hint: The account no longer holds this number: it was released elsewhere (the console, another job) after the plan was read.',
    );
    expect(run.stdout).toContain('+899100000009: release skipped because 1 earlier change failed');
    expect(sim.stats.get('DELETE /numbers/{id}') ?? 0).toBe(0);
  });

  it('lets two applies on one account both succeed when each releases what the other already released', async () => {
    const sim = await useSimulator({
      seed: {
        numbers: [{ number: '+899100000001' }, ...[5, 6, 7, 8].map((i) => ({ number: `+89910000000${i}` }))],
      },
    });
    const { dir } = makeWorkspace({ 'numbers.yaml': numbersYaml([{ number: '+899100000001' }]) });
    const numform = numformAgainst(sim, dir);
    // Both have planned before either answers: their plans release the same four numbers.
    let arrived = 0;
    let bothPlanned: () => void = () => undefined;
    const barrier = new Promise<void>((resolve) => (bothPlanned = resolve));
    const approve = async (): Promise<string> => {
      if (++arrived === 2) bothPlanned();
      await barrier;
      return 'yes';
    };
    const runs = await Promise.all([
      numform(['apply', '--allow-mass-delete'], { answers: [approve] }),
      numform(['apply', '--allow-mass-delete'], { answers: [approve] }),
    ]);
    expect(runs.map((r) => r.code)).toEqual([0, 0]);
    for (const run of runs) expect(run.stdout).toContain('Apply complete: 0 created, 0 updated, 4 deleted.');
    const gone = runs.flatMap((r) => r.stderr.split('\n').filter((l) => l.includes('(already gone')));
    expect(gone).toHaveLength(4);
    expect(sim.stats.get('DELETE /numbers/{id}')).toBe(8);
  });

  it('waits through provision-pending after the POST and ends it as still pending, not as a failure', async () => {
    // A carrier that answers provision-pending at once and never changes it.
    const sim = await useSimulator({ purchaseStatus: 'provision-pending' });
    const { dir } = makeWorkspace({ 'numbers.yaml': numbersYaml([{ number: '+15551234567' }]) });
    const numform = numformAgainst(sim, dir);
    const run = await numform(['apply', '--auto-approve', '--wait-timeout', '150ms']);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('Purchase pending [id=');
    expect(run.stderr).toMatch(
      /Still pending at the carrier after \d+s \[id=[0-9a-f-]{36}\] \(status "provision-pending"\)/,
    );
    expect(run.stdout).toContain('Apply complete: 0 created, 0 updated, 0 deleted; 1 bought, still pending.');
    expect(run.stdout + run.stderr).not.toMatch(/Apply failed|carrier ended/);
    const plan = await numform(['plan']);
    expect(plan.stdout).toMatch(
      /Note: \+15551234567 has been pending purchase for \d+s \(status "provision-pending"\)/,
    );
    expect(plan.stdout).toContain('No changes.');
    expect(sim.stats.get('POST /numbers')).toBe(1);
  });

  it('adopts a purchase answered 503 REQUEST_TIMEOUT that lands seconds later, with one POST', async () => {
    const sim = await useSimulator();
    sim.faults.add({ kind: 'slow-purchase', method: 'POST', slowMs: 20, lateMs: 300 });
    const { dir } = makeWorkspace({
      'numbers.yaml': numbersYaml([{ number: '+15551234567', name: 'Sales' }]),
    });
    const numform = numformAgainst(sim, dir);
    const run = await numform(['apply', '--auto-approve']);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(
      /^\+15551234567: Purchase complete after \d+s \[id=[0-9a-f-]{36}\] \(already in the account after an unclear answer: adopted, not bought twice\)$/m,
    );
    expect(sim.postsByNumber.get('+15551234567')).toBe(1);
    expect(sim.account.state.billing?.balanceMicros).toBe(995_000_000);
    expect((await numform(['plan'])).stdout).toContain('No changes.');
  });

  it('waits out 429s on purchases (two jobs on one account) and converges in one apply', async () => {
    const sim = await useSimulator();
    sim.faults.add({ kind: '429', method: 'POST', times: 2, retryAfterS: 0 });
    sim.faults.add({ kind: '429-bare', method: 'POST', times: 1 });
    const { dir } = makeWorkspace({
      'numbers.yaml': numbersYaml([{ number: '+15551234567' }, { number: '+899100000001' }]),
    });
    const numform = numformAgainst(sim, dir);
    const run = await numform(['apply', '--auto-approve']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Apply complete: 2 created, 0 updated, 0 deleted.');
    expect(sim.stats.get('POST /numbers')).toBe(5);
    expect([...sim.postsByNumber.values()].reduce((a, b) => a + b, 0)).toBe(5);
    // A 429 did nothing: each number was bought once.
    expect(sim.account.state.billing?.balanceMicros).toBe(995_000_000);
    expect(sim.account.state.numbers.map((n) => n.number).sort()).toEqual(['+15551234567', '+899100000001']);
    expect((await numform(['plan'])).stdout).toContain('No changes.');
  });

  it('holds policy.max_monthly_cost to what a month costs while releases wait for a purchase that never settles', async () => {
    const sim = await useSimulator({
      purchaseDelayMs: 'never',
      seed: { numbers: [{ number: '+15557654321' }, { number: '+15557654000' }, { number: '+15550000001' }] },
    });
    const config = (max: number) =>
      numbersYaml(
        [{ number: '+15557654321' }, { number: '+15550000001' }, { number: '+15551234567' }],
        `policy:\n  max_monthly_cost: ${max}\n`,
      );
    const { dir, write } = makeWorkspace({ 'numbers.yaml': config(15) });
    const numform = numformAgainst(sim, dir);
    // Buy one, release one: $15.00 a month after, but $20.00 while the release waits.
    const refused = await numform(['plan']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(
      "After this plan the account's 4 normal numbers would cost $20.00 a month while its releases wait for its purchases to be confirmed; policy.max_monthly_cost allows $15.00. [MONTHLY_COST_LIMIT]",
    );
    write('numbers.yaml', config(20));
    const plan = await numform(['plan']);
    expect(plan.code).toBe(0);
    expect(plan.stdout).toContain(
      'Cost: $5.00 now, then $15.00 a month ($20.00 a month until the releases run, which wait for the purchases to be confirmed).',
    );
  });
});
