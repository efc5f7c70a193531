import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../../src/sim/server.ts';

// Found by an attacker: an access key that cannot be sent in a header (a pasted line break, a
// non-ASCII character) made undici refuse every request locally; the requests were retried, then
// never settled, and the process left with exit code 0 and no error, which a drift job reads as
// "no drift". The key is now refused before anything is sent, and a command whose requests never
// settle fails as a bug (main.ts) rather than ending silently.

const MAIN = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));
const TSX = fileURLToPath(new URL('../../node_modules/.bin/tsx', import.meta.url));

let sim: RunningSimulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

for (const [what, key] of [
  ['a non-ASCII character', 'vb_secretключ12345'],
  ['a pasted line break', 'vb_secretline\r\nX-Evil: 1'],
] as const) {
  it(`a key with ${what}: plan ends in an error, not a silent exit 0`, async () => {
    sim = await startSimulator({ rateLimit: { perSecond: 0, burst: 0 } });
    const dir = mkdtempSync(join(tmpdir(), 'numform-key-'));
    writeFileSync(join(dir, 'numbers.yaml'), "version: 1\nnumbers:\n  - number: '+15551234567'\n");
    // A child process: the failure is the process ending on its own, which an in-process run cannot show.
    const run = await new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn(TSX, [MAIN, 'plan', '--detailed-exitcode'], {
        cwd: dir,
        env: { ...process.env, VOIPBIN_ACCESSKEY: key, VOIPBIN_ENDPOINT: sim!.url, NO_COLOR: '1' },
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += String(d)));
      child.stderr.on('data', (d: Buffer) => (stderr += String(d)));
      child.on('close', (status) => resolve({ status, stdout, stderr }));
    });
    const output = run.stdout + run.stderr;
    expect(output).not.toContain('vb_secret');
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(
      /^Error: The access key given in VOIPBIN_ACCESSKEY has a character no key has/m,
    );
    // Refused before anything was sent.
    expect(sim.requests).toHaveLength(0);
  }, 90_000);
}
