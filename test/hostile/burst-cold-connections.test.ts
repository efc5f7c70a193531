import { createServer, connect, type Server, type Socket } from 'node:net';
import { afterEach, expect, it } from 'vitest';
import { VOIPBIN_CUSTOMER_LIMIT } from '../../src/api/rate-limiter.ts';
import { startSimulator, type RunningSimulator } from '../../src/sim/server.ts';
import { runNumform } from '../support/cli.ts';
import { seedOfNumbers } from '../support/simulator.ts';

// Found by an attacker: with the client's burst at 32 of the server's 33, a lone run met a 429
// when its first requests reached the server late (new connections: a TCP and a TLS handshake)
// while later ones came quickly, and on a loaded machine. The burst is 32 now, and refills are
// not counted until the server has certainly seen the first requests (see RateLimiter).

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanup.length) await cleanup.pop()!();
});

/** A TCP relay that holds each new connection's first bytes for `handshakeMs` (a handshake's round trips). */
async function coldConnectionRelay(targetPort: number, handshakeMs: number): Promise<number> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = connect(targetPort, '127.0.0.1');
    sockets.add(client).add(upstream);
    client.pause();
    setTimeout(() => {
      client.pipe(upstream);
      upstream.pipe(client);
      client.resume();
    }, handshakeMs);
    const drop = (): void => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanup.push(
    () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  );
  return (server.address() as { port: number }).port;
}

it('a lone export of a 6,000-number account over connections that take 100 ms to open meets no 429', async () => {
  const sim: RunningSimulator = await startSimulator({
    seed: seedOfNumbers(6000),
    rateLimit: { ...VOIPBIN_CUSTOMER_LIMIT },
  });
  cleanup.push(() => sim.close());
  const port = await coldConnectionRelay(Number(new URL(sim.url).port), 100);
  const run = await runNumform(['export'], {
    env: { VOIPBIN_ACCESSKEY: 'vb_simulator', VOIPBIN_ENDPOINT: `http://127.0.0.1:${port}/v1.0` },
  });
  expect(run.code).toBe(0);
  expect(run.stdout.match(/- number:/g)?.length).toBe(6000);
  // The account's budget was full when the run started, and nothing else used it.
  expect(sim.rateLimited).toBe(0);
  expect(run.stderr).not.toContain('HTTP 429');
}, 60_000);
