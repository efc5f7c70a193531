import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run.ts';
import { StopRequest, type CliIO } from '../../src/cli/io.ts';
import { useSimulator } from '../support/simulator.ts';
import { makeWorkspace, numbersYaml } from '../support/workspace.ts';

/**
 * Runs `numform apply` in-process against a simulator, with a prompt the test answers through
 * `readLine` and a signal the test aborts: the real CLI, with a terminal and signals it controls.
 */
async function applyAt(
  prompt: (controller: AbortController) => CliIO['readLine'],
  options: { purchaseDelayMs?: number; onStderr?: (all: string, controller: AbortController) => void } = {},
) {
  const sim = await useSimulator({
    ...(options.purchaseDelayMs !== undefined && { purchaseDelayMs: options.purchaseDelayMs }),
    seed: { numbers: [{ number: '+899100000009' }, { number: '+899100000002' }] },
  });
  const { dir } = makeWorkspace({
    'numbers.yaml': numbersYaml([{ number: '+15551234567' }, { number: '+899100000002' }]),
  });
  const controller = new AbortController();
  let stdout = '';
  let stderr = '';
  const readLine = prompt(controller);
  const code = await runCli(['apply'], {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: {
      write: (s: string) => {
        stderr += s;
        options.onStderr?.(stderr, controller);
      },
    },
    env: { NO_COLOR: '1', VOIPBIN_ENDPOINT: sim.url, VOIPBIN_ACCESSKEY: 'vb_simulator' },
    cwd: dir,
    signal: controller.signal,
    ...(readLine && { readLine }),
  });
  const changes =
    (sim.stats.get('POST /numbers') ?? 0) +
    (sim.stats.get('DELETE /numbers/{id}') ?? 0) +
    (sim.stats.get('PUT /numbers/{id}') ?? 0);
  return { code, stdout, stderr, changes, sim };
}

/** A prompt that is never answered, and says when it is shown. */
function unanswered(onShown: () => void): CliIO['readLine'] {
  return () => {
    onShown();
    return new Promise<string | undefined>(() => undefined);
  };
}

describe('the approval prompt, cancelled', () => {
  it('Ctrl-C at the prompt cancels it at once: nothing changed, exit 130, no bug report', async () => {
    const run = await applyAt((controller) => unanswered(() => controller.abort(new StopRequest('SIGINT'))));
    expect(run.code).toBe(130);
    expect(run.stderr).toContain('Error: Apply cancelled at the prompt; nothing was changed.');
    expect(run.stderr).not.toContain('bug in numform');
    expect(run.changes).toBe(0);
  });

  it('SIGTERM at the prompt cancels it the same way, with exit 143', async () => {
    const run = await applyAt((controller) => unanswered(() => controller.abort(new StopRequest('SIGTERM'))));
    expect(run.code).toBe(143);
    expect(run.stderr).toContain('Apply cancelled at the prompt; nothing was changed.');
    expect(run.changes).toBe(0);
  });

  it('an abort without a StopRequest reason counts as Ctrl-C', async () => {
    const run = await applyAt((controller) => unanswered(() => controller.abort()));
    expect(run.code).toBe(130);
    expect(run.changes).toBe(0);
  });

  it('Ctrl-D (end of input) cancels the apply: APPLY_CANCELLED, exit 1, nothing changed', async () => {
    const run = await applyAt(() => () => Promise.resolve(undefined));
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('Error: Apply cancelled (end of input); nothing was changed.');
    expect(run.stderr).not.toContain('bug in numform');
    expect(run.changes).toBe(0);
  });

  it('without a terminal it refuses to ask, and says how to approve', async () => {
    const run = await applyAt(() => undefined);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('Refusing to apply: there is no terminal to ask for approval.');
    expect(run.changes).toBe(0);
  });

  it('"yes" still applies', async () => {
    const run = await applyAt(() => () => Promise.resolve('yes'));
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Apply complete: 1 created, 0 updated, 1 deleted.');
  });
});

describe('stopped while a purchase is pending', () => {
  it('reports the purchase as bought (with its id), not as not done, and releases nothing', async () => {
    const run = await applyAt(() => () => Promise.resolve('yes'), {
      purchaseDelayMs: 60_000,
      onStderr: (all, controller) => {
        if (all.includes('Purchase pending') && !controller.signal.aborted) {
          controller.abort(new StopRequest('SIGTERM'));
        }
      },
    });
    expect(run.code).toBe(143);
    const [, id] = /Purchase pending \[id=([^\]]+)\]/.exec(run.stderr)!;
    expect(run.stdout).toContain(
      'Apply interrupted (0 created, 0 updated, 0 deleted; 1 bought, still pending).',
    );
    expect(run.stdout).toContain(`Bought, still pending at the carrier`);
    expect(run.stdout).toContain(`  +15551234567: [id=${id}] status "purchase-pending"\n`);
    expect(run.stdout).toContain('Not done:\n  +899100000009: not started: interrupted\n');
    expect(run.sim.stats.get('POST /numbers')).toBe(1);
    expect(run.sim.stats.get('DELETE /numbers/{id}') ?? 0).toBe(0);
  });
});
