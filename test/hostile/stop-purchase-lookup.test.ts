import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { VOIPBIN_CUSTOMER_LIMIT } from '../../src/api/rate-limiter.ts';
import { startSimulator } from '../../src/sim/server.ts';
import { runNumform } from '../support/cli.ts';
import { seedOfNumbers } from '../support/simulator.ts';

// Found by an attacker: the lookup of a purchase whose answer was lost (VoIPBIN's 503
// REQUEST_TIMEOUT while the purchase carries on) lists the account's numbers; after a stop only
// the first page of that listing was asked for, so on an account of several pages the lookup
// failed with the stop and the run said the purchase's outcome was unknown, though it had landed.
// The lookup settles a change under way, so it is finished after a stop.

const COUNT = 250;

describe('Ctrl-C while a purchase is under way, on an account of several pages', () => {
  it('still looks the purchase up and reports it bought', async ({ onTestFinished }) => {
    const sim = await startSimulator({
      seed: seedOfNumbers(COUNT),
      rateLimit: { ...VOIPBIN_CUSTOMER_LIMIT },
    });
    onTestFinished(() => sim.close());
    const dir = mkdtempSync(join(tmpdir(), 'numform-stop-lookup-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const lines = ['version: 1', 'numbers:'];
    for (let i = 0; i < COUNT; i++) lines.push(`  - number: "+1555${String(1_000_000 + i).slice(-7)}"`);
    lines.push('  - number: "+15559990001"');
    const file = join(dir, 'numbers.yaml');
    writeFileSync(file, lines.join('\n') + '\n');
    // The gateway gives up after 2 s; the purchase lands with the 503.
    sim.faults.add({ kind: 'slow-purchase', slowMs: 2000, lateMs: 0 });
    const stop = new AbortController();
    const run = await runNumform(['apply', file, '--auto-approve'], {
      env: { VOIPBIN_ACCESSKEY: 'vb_simulator', VOIPBIN_ENDPOINT: sim.url },
      signal: stop.signal,
      onStderr: (text) => {
        if (text.includes('Purchasing...')) setTimeout(() => stop.abort(new Error('SIGINT')), 500);
      },
    });
    expect(stop.signal.aborted).toBe(true);
    expect(sim.account.state.numbers.some((n) => n.number === '+15559990001')).toBe(true);
    expect(run.code).toBe(130);
    // What the README promises: "a purchase already made is reported as bought (with its id)".
    expect(run.stderr + run.stdout).not.toMatch(/outcome (is )?unknown/i);
    expect(run.stderr + run.stdout).toMatch(/\+15559990001.*bought/);
  }, 60_000);
});
