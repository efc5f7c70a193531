import { describe, expect, it } from 'vitest';
import { useClient, useSimulator } from '../support/simulator.ts';
import { makeWorkspace, numbersYaml, numformAgainst } from '../support/workspace.ts';

const OTHER_CUSTOMER = '22222222-0000-4000-8000-000000000000';

describe('apply when things go wrong', () => {
  it('skips every release after a failed create, then converges once the cause is fixed', async () => {
    const sim = await useSimulator({
      seed: {
        numbers: [{ number: '+899100000005', customer_id: OTHER_CUSTOMER }, { number: '+899100000009' }],
      },
    });
    const { dir, write } = makeWorkspace({
      'numbers.yaml': numbersYaml([{ number: '+899100000005' }, { number: '+899100000001' }]),
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

    write('numbers.yaml', numbersYaml([{ number: '+899100000001' }]));
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
    expect(run.stdout).toContain('the purchase ended with status "purchase_failed"');
    expect(run.stdout).not.toContain('still pending');
  });

  it('fails a purchase still pending after --wait-timeout with how to resume, and never buys it twice', async () => {
    const sim = await useSimulator({ purchaseDelayMs: 2500 });
    const { dir } = makeWorkspace({
      'numbers.yaml': numbersYaml([{ number: '+15551234567', name: 'Support' }]),
    });
    const numform = numformAgainst(sim, dir);
    const run = await numform(['apply', '--auto-approve', '--wait-timeout', '1s']);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/still pending \(status "purchase-pending"\) after 1s/);
    expect(run.stdout).toMatch(
      /run `numform apply` again later to resume waiting \(it will not buy it twice\)/,
    );

    const again = await numform(['apply', '--auto-approve']);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/Note: \+15551234567 is still pending purchase/);
    expect(sim.stats.get('POST /numbers')).toBe(1);
    expect(sim.account.state.customer.balance).toBe(995);
  });

  it('updates a number whose purchase is still pending at once, without waiting for it', async () => {
    const sim = await useSimulator({ purchaseDelayMs: 60_000 });
    const { dir, write } = makeWorkspace({
      'numbers.yaml': numbersYaml([{ number: '+15551234567', name: 'Support' }]),
    });
    const numform = numformAgainst(sim, dir);
    expect((await numform(['apply', '--auto-approve', '--wait-timeout', '100ms'])).code).toBe(1);

    write('numbers.yaml', numbersYaml([{ number: '+15551234567', name: 'Support desk' }]));
    const polls = sim.stats.get('GET /numbers/{id}') ?? 0;
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
    expect(sim.stats.get('GET /numbers/{id}') ?? 0).toBe(polls);
  });

  it('buys once when the purchase request is reset after the server did the work', async () => {
    const sim = await useSimulator();
    sim.faults.add({ kind: 'reset', method: 'POST' });
    const { dir } = makeWorkspace({
      'numbers.yaml': numbersYaml([{ number: '+15551234567', name: 'Support' }]),
    });
    const numform = numformAgainst(sim, dir);
    const run = await numform(['apply', '--auto-approve']);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('found in the account after an interrupted request; bought once');
    expect(sim.stats.get('POST /numbers')).toBe(1);
    expect(sim.account.state.customer.balance).toBe(995);
    expect((await numform(['plan'])).stdout).toContain('No changes.');
  });

  it('survives random 503s and resets: apply converges and buys each number once', async () => {
    const sim = await useSimulator({
      faults: { rate: 0.25, seed: 42, kinds: ['503', 'reset'] },
      seed: { numbers: [{ number: '+899100000009' }, { number: '+15550000009' }] },
    });
    const numbers = [1, 2, 3, 4].map((i) => ({ number: `+1555000000${i}`, name: `n${i}` }));
    const { dir } = makeWorkspace({ 'numbers.yaml': numbersYaml(numbers) });
    const numform = numformAgainst(sim, dir);
    let code = 1;
    for (let attempt = 0; attempt < 5 && code !== 0; attempt++)
      code = (await numform(['apply', '--auto-approve'])).code;
    expect(code).toBe(0);
    const live = sim.account.state.numbers
      .filter((n) => n.tmDelete === null)
      .map((n) => n.number)
      .sort();
    expect(live).toEqual(numbers.map((n) => n.number));
    expect(sim.account.state.customer.balance).toBe(1000 - 4 * 5);
  });

  it('stops starting work on Ctrl-C, exits 130, and a second apply converges', async () => {
    const sim = await useSimulator({
      purchaseDelayMs: 1500,
      seed: { numbers: [{ number: '+899100000009' }] },
    });
    const { dir } = makeWorkspace({
      'numbers.yaml': numbersYaml([{ number: '+15551234567', name: 'Support' }, { number: '+899100000001' }]),
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
    await new Promise((r) => setTimeout(r, 1600));
    const final = await numform(['plan', '--detailed-exitcode']);
    expect(final).toMatchObject({ code: 0 });
    expect((await useClient(sim).listNumbers()).map((n) => n.number).sort()).toEqual([
      '+15551234567',
      '+899100000001',
    ]);
  });
});
