import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { VOIPBIN_CUSTOMER_LIMIT } from '../../src/api/rate-limiter.ts';
import { startSimulator, type RunningSimulator } from '../../src/sim/server.ts';
import { runNumform } from '../support/cli.ts';
import { startPausableRelay, type Defer } from '../support/pausable-relay.ts';
import { seedOfNumbers } from '../support/simulator.ts';

// Found by attackers: a lone apply met 429s when its requests were held back mid-run, by a
// network pause or in a busy connection pool behind slow answers. The client counted refills up
// to its whole burst while the server's bucket, receiving nothing, stopped at 33; when the held
// requests landed, they and the counted tokens added up past it. Tokens plus requests not yet
// answered now stay within the burst (see RateLimiter); a request that timed out counts until
// one sent after it is answered, as it may still be on its way; and a request waits for a free
// connection before it takes a token, not in the pool's queue.

const COUNT = 300;

/** A simulator at VoIPBIN's limit holding COUNT numbers, and a file renaming every one. */
async function startRenames(defer: Defer): Promise<{ sim: RunningSimulator; file: string }> {
  const sim = await startSimulator({ seed: seedOfNumbers(COUNT), rateLimit: { ...VOIPBIN_CUSTOMER_LIMIT } });
  defer(() => sim.close());
  const dir = mkdtempSync(join(tmpdir(), 'numform-held-'));
  defer(() => rmSync(dir, { recursive: true, force: true }));
  const lines = ['version: 1', 'numbers:'];
  for (let i = 0; i < COUNT; i++) {
    lines.push(`  - number: "+1555${String(1_000_000 + i).slice(-7)}"`, `    name: renamed${i}`);
  }
  const file = join(dir, 'numbers.yaml');
  writeFileSync(file, lines.join('\n') + '\n');
  return { sim, file };
}

/** Calls `act` once the run has reported `count` updates done: its burst is long spent by then. */
function after(count: number, act: () => void): { onStderr: (text: string) => void; acted: () => boolean } {
  let done = 0;
  let acted = false;
  return {
    acted: () => acted,
    onStderr: (text) => {
      done += text.match(/Modifications complete/g)?.length ?? 0;
      if (!acted && done >= count) {
        acted = true;
        act();
      }
    },
  };
}

describe.concurrent('a lone apply whose requests are held back mid-run meets no 429', () => {
  it('when the network pauses for 2.5 s', async ({ onTestFinished }) => {
    const { sim, file } = await startRenames(onTestFinished);
    const relay = await startPausableRelay(Number(new URL(sim.url).port), onTestFinished);
    const pause = after(100, () => relay.pause(2500));
    const run = await runNumform(['apply', file, '--auto-approve'], {
      env: { VOIPBIN_ACCESSKEY: 'vb_simulator', VOIPBIN_ENDPOINT: `http://127.0.0.1:${relay.port}/v1.0` },
      onStderr: pause.onStderr,
    });
    expect(run.code).toBe(0);
    expect(pause.acted()).toBe(true);
    // The account's budget was full when the run started, and nothing else used it.
    expect(run.stderr).not.toContain('HTTP 429');
    expect(sim.rateLimited).toBe(0);
    expect(sim.account.state.numbers.filter((n) => n.name.startsWith('renamed'))).toHaveLength(COUNT);
  }, 120_000);

  it('when the network pauses for 2.5 s and requests time out in it (--request-timeout 1s)', async ({
    onTestFinished,
  }) => {
    const { sim, file } = await startRenames(onTestFinished);
    const relay = await startPausableRelay(Number(new URL(sim.url).port), onTestFinished);
    const pause = after(100, () => relay.pause(2500));
    const run = await runNumform(['apply', file, '--auto-approve', '--request-timeout', '1s'], {
      env: { VOIPBIN_ACCESSKEY: 'vb_simulator', VOIPBIN_ENDPOINT: `http://127.0.0.1:${relay.port}/v1.0` },
      onStderr: pause.onStderr,
    });
    expect(run.code).toBe(0);
    expect(pause.acted()).toBe(true);
    // The timeouts were met, and retried.
    expect(run.stderr).toContain('Retrying');
    expect(run.stderr).not.toContain('HTTP 429');
    expect(sim.rateLimited).toBe(0);
    expect(sim.account.state.numbers.filter((n) => n.name.startsWith('renamed'))).toHaveLength(COUNT);
  }, 120_000);

  it('when ten answers take 3 s at --parallelism 100 (requests queue in the pool of 10 connections)', async ({
    onTestFinished,
  }) => {
    const { sim, file } = await startRenames(onTestFinished);
    const slow = after(100, () => sim.faults.add({ kind: 'slow', method: 'PUT', times: 10, slowMs: 3000 }));
    const run = await runNumform(['apply', file, '--auto-approve', '--parallelism', '100'], {
      env: { VOIPBIN_ACCESSKEY: 'vb_simulator', VOIPBIN_ENDPOINT: sim.url },
      onStderr: slow.onStderr,
    });
    expect(run.code).toBe(0);
    expect(slow.acted()).toBe(true);
    expect(run.stderr).not.toContain('HTTP 429');
    expect(sim.rateLimited).toBe(0);
    expect(sim.account.state.numbers.filter((n) => n.name.startsWith('renamed'))).toHaveLength(COUNT);
  }, 120_000);

  it('and Ctrl-C in a pause at --parallelism 100 takes back the requests waiting for a connection', async ({
    onTestFinished,
  }) => {
    // Found by an attacker: requests beyond the pool's 10 connections waited in its queue, where a
    // stop could not take them back; they left once timeouts freed the connections.
    const { sim, file } = await startRenames(onTestFinished);
    const relay = await startPausableRelay(Number(new URL(sim.url).port), onTestFinished);
    const stop = new AbortController();
    let stoppedAt = Infinity;
    const pause = after(100, () => {
      relay.pause(6000);
      setTimeout(() => {
        stoppedAt = Date.now();
        stop.abort(new Error('SIGINT'));
      }, 1000);
    });
    const run = await runNumform(
      ['apply', file, '--auto-approve', '--parallelism', '100', '--request-timeout', '3s'],
      {
        env: { VOIPBIN_ACCESSKEY: 'vb_simulator', VOIPBIN_ENDPOINT: `http://127.0.0.1:${relay.port}/v1.0` },
        signal: stop.signal,
        onStderr: pause.onStderr,
      },
    );
    expect(run.code).toBe(130);
    expect(stoppedAt).toBeLessThan(Infinity);
    // Nothing new leaves after the stop (a request already on its way to the socket may take a moment).
    expect(relay.requestTimes.filter((t) => t > stoppedAt + 100)).toEqual([]);
    expect(sim.account.state.numbers.filter((n) => n.name.startsWith('renamed')).length).toBeLessThan(COUNT);
  }, 120_000);
});
