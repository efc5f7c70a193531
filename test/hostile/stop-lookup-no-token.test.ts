import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { VOIPBIN_CUSTOMER_LIMIT } from '../../src/api/rate-limiter.ts';
import { startSimulator } from '../../src/sim/server.ts';
import { runNumform } from '../support/cli.ts';

// Found by an attacker: after a stop the transport gave a lost purchase's lookup a connection
// but not a token unless the bucket held one at that instant; in a run going at the client's rate
// it held none, so the lookup was never sent and the run said the purchase's outcome was unknown,
// though the number was in the account. And purchases whose POST still waited for a token when
// the stop came were reported as sent, outcome unknown, though never sent. The lookup now waits its
// turn after a stop, and a purchase counts as sent only once its request is written.

const COUNT = 60;
const SLOW_MS = 1000;

describe('Ctrl-C just before a lost purchase answer, in a run going at the rate limit', () => {
  it('still looks the purchase up and reports it bought', async ({ onTestFinished }) => {
    const sim = await startSimulator({
      seed: { billing_account: { plan_type: 'unlimited' }, numbers: [] },
      rateLimit: { ...VOIPBIN_CUSTOMER_LIMIT },
    });
    onTestFinished(() => sim.close());
    const dir = mkdtempSync(join(tmpdir(), 'numform-stop-token-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const lines = ['version: 1', 'policy:', '  max_purchases: 100', 'numbers:'];
    for (let i = 0; i < COUNT; i++) lines.push(`  - number: "+1666${String(1_000_000 + i).slice(-7)}"`);
    const file = join(dir, 'numbers.yaml');
    writeFileSync(file, lines.join('\n') + '\n');
    const stop = new AbortController();
    const posted: string[] = [];
    const push = sim.requests.push.bind(sim.requests);
    sim.requests.push = (...recorded) => {
      for (const r of recorded) {
        if (r.method !== 'POST') continue;
        posted.push((JSON.parse(String(r.body)) as { number: string }).number);
        // The 40th purchase (the fault added as it is recorded applies to it): the burst long
        // spent, the run goes at the client's rate. Ctrl-C a moment after the gateway gave up, while
        // the purchase's lookup waits behind the other requests queued for a token.
        if (posted.length === 40) {
          sim.faults.add({ kind: 'slow-purchase', method: 'POST', slowMs: SLOW_MS, lateMs: 0, times: 1 });
          setTimeout(() => stop.abort(new Error('SIGINT')), SLOW_MS + 100);
        }
      }
      return push(...recorded);
    };
    const run = await runNumform(['apply', file, '--auto-approve'], {
      env: { VOIPBIN_ACCESSKEY: 'vb_simulator', VOIPBIN_ENDPOINT: sim.url },
      signal: stop.signal,
    });
    expect(stop.signal.aborted).toBe(true);
    expect(run.code).toBe(130);
    const slowOne = posted[39]!;
    const said = (number: string): string =>
      run.stderr
        .split('\n')
        .filter((l) => l.startsWith(`${number}: `))
        .join('\n');
    // The slow purchase landed with its 503: the lookup should find it and report it bought.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(sim.account.state.numbers.some((n) => n.number === slowOne)).toBe(true);
    expect.soft(said(slowOne)).not.toMatch(/outcome is unknown/);
    // Second wrong report: purchases that waited for a token when the stop came were never sent,
    // yet are reported "interrupted after its purchase request was sent ... outcome is unknown".
    const claimedSent = run.stderr
      .split('\n')
      .filter((l) => l.includes('interrupted after its purchase request was sent'))
      .map((l) => l.split(':')[0]!);
    expect.soft(claimedSent.filter((number) => !posted.includes(number))).toEqual([]);
  }, 60_000);
});
