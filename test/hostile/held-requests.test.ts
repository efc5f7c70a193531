import { createServer, connect, type Server, type Socket } from 'node:net';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { VOIPBIN_CUSTOMER_LIMIT } from '../../src/api/rate-limiter.ts';
import { startSimulator, type RunningSimulator } from '../../src/sim/server.ts';
import { runNumform } from '../support/cli.ts';
import { seedOfNumbers } from '../support/simulator.ts';

// Found by an attacker: a lone apply met 429s when its requests were held back mid-run, by a
// network pause or in a busy connection pool behind slow answers. The client counted refills up
// to its whole burst while the server's bucket, receiving nothing, stopped at 33; when the held
// requests landed, they and the counted tokens added up past it. Tokens plus requests not yet
// answered now stay within the burst (see RateLimiter).

/** Runs `stop` when the test is over, passed or failed (each test has its own: they run at once). */
type Defer = (stop: () => void | Promise<void>) => void;

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

/** A TCP relay whose `pause(ms)` holds every client-to-server byte for `ms`, then delivers it in order. */
async function pausableRelay(
  targetPort: number,
  defer: Defer,
): Promise<{ port: number; pause: (ms: number) => void }> {
  const sockets = new Set<Socket>();
  let heldUntil = 0;
  const server: Server = createServer((client) => {
    const upstream = connect(targetPort, '127.0.0.1');
    sockets.add(client).add(upstream);
    let lastDue = 0;
    client.on('data', (chunk) => {
      const now = Date.now();
      const due = Math.max(now, heldUntil, lastDue);
      lastDue = due;
      setTimeout(() => upstream.write(chunk), due - now);
    });
    upstream.pipe(client);
    const drop = (): void => {
      setTimeout(
        () => {
          client.destroy();
          upstream.destroy();
        },
        Math.max(0, lastDue - Date.now()) + 50,
      );
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  defer(
    () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  );
  return {
    port: (server.address() as { port: number }).port,
    pause: (ms) => {
      heldUntil = Date.now() + ms;
    },
  };
}

describe.concurrent('a lone apply whose requests are held back mid-run meets no 429', () => {
  it('when the network pauses for 2.5 s', async ({ onTestFinished }) => {
    const { sim, file } = await startRenames(onTestFinished);
    const relay = await pausableRelay(Number(new URL(sim.url).port), onTestFinished);
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
});
