import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useSimulator } from '../support/simulator.ts';
import { makeWorkspace } from '../support/workspace.ts';

// What numform prints to a pipe arrives whole, however slowly it is read (`numform export | tee
// numbers.yaml`, `numform plan --format json | jq`): the process once left before a pipe had
// drained, losing all but the first 64 KiB with a successful exit code. A reader that stops early
// (`| head`) ends nothing but the output: no stack trace, the command's own exit code.

const TSX = resolve('node_modules/.bin/tsx');
const MAIN = resolve('src/cli/main.ts');

/** A file with many problems, so that `validate --format json` prints well over 64 KiB. */
function manyProblems(count: number): string {
  const lines = ['numbers:'];
  for (let i = 0; i < count; i++)
    lines.push(`  - number: "+1555${String(i).padStart(7, '0')}"`, '    nmae: typo');
  return lines.join('\n') + '\n';
}

function runPiped(args: string[], cwd: string): Promise<{ code: number | null; stdout: string }> {
  return new Promise((done) => {
    const child = spawn(TSX, [MAIN, ...args], { cwd, env: { ...process.env, NO_COLOR: '1' } });
    const chunks: Buffer[] = [];
    // A reader a little slower than numform, as `jq`, `tee` or a CI log collector are.
    child.stdout.pause();
    setTimeout(() => child.stdout.resume(), 500);
    child.stdout.on('data', (d: Buffer) => chunks.push(d));
    child.on('close', (code) => done({ code, stdout: Buffer.concat(chunks).toString('utf8') }));
  });
}

describe('output written to a pipe', () => {
  it('validate --format json prints the whole report before exiting', { timeout: 60_000 }, async () => {
    const { dir } = makeWorkspace({ 'numbers.yaml': manyProblems(1500) });
    const run = await runPiped(['validate', '--format', 'json'], dir);
    expect(run.code).not.toBe(0);
    expect(run.stdout.length).toBeGreaterThan(65_536);
    const report = JSON.parse(run.stdout) as { issues: unknown[] };
    expect(report.issues).toHaveLength(1500);
  });

  it('leaves quietly with its own exit code when the reader stops early', { timeout: 60_000 }, async () => {
    // An export goes on after printing (it closes its connections), so a broken pipe's error
    // arrives while it still runs: `numform export | head -c 10`.
    const numbers = Array.from({ length: 3000 }, (_, i) => ({
      number: `+1555${String(i).padStart(7, '0')}`,
    }));
    const sim = await useSimulator({ seed: { numbers } });
    const { dir } = makeWorkspace();
    const runs = await Promise.all(
      [1, 2, 3].map(
        () =>
          new Promise<{ code: number | null; stderr: string }>((done) => {
            const child = spawn(TSX, [MAIN, 'export'], {
              cwd: dir,
              env: {
                ...process.env,
                NO_COLOR: '1',
                VOIPBIN_ACCESSKEY: 'vb_simulator',
                VOIPBIN_ENDPOINT: sim.url,
              },
            });
            let stderr = '';
            child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
            child.stdout.once('data', () => child.stdout.destroy());
            child.on('close', (code) => done({ code, stderr }));
          }),
      ),
    );
    for (const run of runs) {
      expect(run.stderr).not.toMatch(/EPIPE|Unhandled/);
      expect(run.code).toBe(0);
    }
  });
});
