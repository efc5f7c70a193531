import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { VOIPBIN_CUSTOMER_LIMIT } from '../../src/api/rate-limiter.ts';
import { startSimulator } from '../../src/sim/server.ts';
import { runNumform } from '../support/cli.ts';

// Found by an attacker: only the first poll of a purchase wait was put on the 500 ms grid; each
// later one was due a poll interval after its answer, and a round takes only the waits woken in
// the same turn of the event loop. Waits woken a millisecond apart started separate rounds, which
// met different delays and never joined again: 40 purchases made in 0.8 s ended up polled by 5-7
// list requests every 500 ms, and with 60 the polls alone took the whole budget. Every poll is on
// the grid now.

const COUNT = 40;

describe('purchases made together and pending for 10 s', () => {
  it('are polled with one list request per 500 ms tick, not ever more', async ({ onTestFinished }) => {
    const sim = await startSimulator({
      seed: { billing_account: { plan_type: 'unlimited' }, numbers: [] },
      rateLimit: { ...VOIPBIN_CUSTOMER_LIMIT },
      purchaseDelayMs: 10_000,
    });
    onTestFinished(() => sim.close());
    const dir = mkdtempSync(join(tmpdir(), 'numform-poll-rounds-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const lines = ['version: 1', 'policy:', '  max_purchases: 100', 'numbers:'];
    for (let i = 0; i < COUNT; i++) lines.push(`  - number: "+1666${String(1_000_000 + i).slice(-7)}"`);
    const file = join(dir, 'numbers.yaml');
    writeFileSync(file, lines.join('\n') + '\n');
    // When each list request reached the simulator.
    const listed: number[] = [];
    const push = sim.requests.push.bind(sim.requests);
    sim.requests.push = (...recorded) => {
      for (const r of recorded)
        if (r.method === 'GET' && r.url.startsWith('/v1.0/numbers?')) listed.push(Date.now());
      return push(...recorded);
    };
    const run = await runNumform(['apply', file, '--auto-approve'], {
      env: { VOIPBIN_ACCESSKEY: 'vb_simulator', VOIPBIN_ENDPOINT: sim.url },
    });
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('Purchase pending');
    // The plan's own read is the first; the polls follow. One chain of polls (each 500 ms or more
    // after the last) puts at most one request in a 500 ms window. The purchases began within
    // three 500 ms cells (32 at once, 8 more at the client's rate), so even with only the first
    // poll of each cell aligned, three chains at most.
    const perWindow = new Map<number, number>();
    for (const t of listed.slice(1))
      perWindow.set(Math.floor(t / 500), (perWindow.get(Math.floor(t / 500)) ?? 0) + 1);
    expect(Math.max(...perWindow.values())).toBeLessThanOrEqual(3);
  }, 60_000);
});
