import { describe, expect, it } from 'vitest';
import { useSimulator } from '../support/simulator.ts';
import { makeWorkspace, numbersYaml, numformAgainst } from '../support/workspace.ts';

describe('releases wait for declared purchases to be confirmed', () => {
  it('holds releases in every run while a declared purchase is pending, and says so', async () => {
    const sim = await useSimulator({
      // Purchases that never settle, as on the real server.
      purchaseDelayMs: 'never',
      seed: { numbers: [{ number: '+15550000009', name: 'Old line' }, { number: '+899100000002' }] },
    });
    const { dir } = makeWorkspace({
      'numbers.yaml': numbersYaml([
        { number: '+15551234567', name: 'New line' },
        { number: '+899100000002' },
      ]),
    });
    const numform = numformAgainst(sim, dir);
    // First run: the purchase stays pending past --wait-timeout, so the release is held, as the
    // plan holds it in every later run; nothing failed.
    const first = await numform(['apply', '--auto-approve', '--wait-timeout', '100ms']);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain(
      '  +15550000009: held: the purchase of +15551234567 is still pending at the carrier; --release-while-pending releases anyway',
    );
    expect(sim.stats.get('DELETE /numbers/{id}') ?? 0).toBe(0);

    // Every later run holds it too, and the plan says why and how to go past it.
    const plan = await numform(['plan']);
    expect(plan.stdout).toContain(
      '- +15550000009 will be released (normal) (held: the purchase of +15551234567 is not confirmed yet; --release-while-pending releases anyway)',
    );
    const second = await numform(['apply', '--auto-approve']);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('Apply complete: 0 created, 0 updated, 0 deleted.\n1 release held:');
    expect(second.stderr).toContain('+15550000009: Skipped: held: the purchase of +15551234567');
    expect(sim.stats.get('DELETE /numbers/{id}') ?? 0).toBe(0);
    expect(sim.stats.get('POST /numbers')).toBe(1);

    // The way past it, said explicitly.
    const forced = await numform(['apply', '--auto-approve', '--release-while-pending']);
    expect(forced.code).toBe(0);
    expect(forced.stdout).toContain('Apply complete: 0 created, 0 updated, 1 deleted.');
  });

  it('releases at once when no declared purchase is pending', async () => {
    const sim = await useSimulator({
      seed: { numbers: [{ number: '+15550000009' }, { number: '+899100000002' }] },
    });
    const { dir } = makeWorkspace({ 'numbers.yaml': numbersYaml([{ number: '+899100000002' }]) });
    const run = await numformAgainst(sim, dir)(['apply', '--auto-approve']);
    expect(run.stdout).toContain('Apply complete: 0 created, 0 updated, 1 deleted.');
  });
});
