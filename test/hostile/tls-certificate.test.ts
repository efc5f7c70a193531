import { readFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { runNumform } from '../support/cli.ts';

// A server whose TLS certificate is refused (here self-signed, as behind a proxy that inspects
// TLS) was retried four times, about 5 s, and reported with a generic "check your network". The
// same certificate comes back on every attempt: the run now ends at the first refusal, saying
// what to do. The fixture is a self-signed certificate for 127.0.0.1, made for this test only.

const fixture = (name: string): Buffer => readFileSync(new URL(`../fixtures/tls/${name}`, import.meta.url));

const cleanup: (() => void)[] = [];
afterEach(() => {
  while (cleanup.length) cleanup.pop()!();
});

it('a refused certificate ends the run at once with what to do, retrying nothing', async () => {
  let handshakesRefused = 0;
  let requests = 0;
  const server: Server = createServer(
    { key: fixture('self-signed-key.pem'), cert: fixture('self-signed-cert.pem') },
    (_request, response) => {
      requests++;
      response.end('{}');
    },
  );
  server.on('tlsClientError', () => handshakesRefused++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanup.push(() => server.close());
  const port = (server.address() as { port: number }).port;
  const dir = mkdtempSync(join(tmpdir(), 'numform-tls-'));
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'numbers.yaml'), "version: 1\nnumbers:\n  - number: '+15551234567'\n");

  const run = await runNumform(['plan', join(dir, 'numbers.yaml')], {
    env: { VOIPBIN_ACCESSKEY: 'vb_secret_key_1234', VOIPBIN_ENDPOINT: `https://127.0.0.1:${port}/v1.0` },
  });

  expect(run.code).toBe(1);
  expect(run.stderr).toContain('DEPTH_ZERO_SELF_SIGNED_CERT');
  expect(run.stderr).toContain("The server's TLS certificate was refused");
  expect(run.stderr).toContain('NODE_EXTRA_CA_CERTS');
  expect(run.stderr).not.toContain('Retrying');
  expect(run.stderr).not.toContain('retried before giving up');
  expect(run.stderr + run.stdout).not.toContain('vb_secret_key_1234');
  expect(requests).toBe(0);
  // One refused handshake for each of the five reads a plan sends at once; retried, each read
  // would have met five.
  expect(handshakesRefused).toBeGreaterThan(0);
  expect(handshakesRefused).toBeLessThanOrEqual(5);
});
