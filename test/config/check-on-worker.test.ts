import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkOnWorker } from '../../src/config/start-loading-config.ts';
import { StopRequest } from '../../src/cli/io.ts';

/** A worker script, written to a file of its own. */
function workerScript(code: string): URL {
  const file = join(mkdtempSync(join(tmpdir(), 'numform-worker-')), 'worker.mjs');
  writeFileSync(file, code);
  return pathToFileURL(file);
}

const SOURCES = [{ file: 'numbers.yaml', text: 'version: 1\nnumbers: []\n' }];

// Found by an attacker: Ctrl-C or SIGTERM while a large configuration was checked on the worker
// thread waited for the check to end (seconds, for a file of many megabytes), then went on.
describe('checkOnWorker', () => {
  it('ends a check still running as soon as a stop is asked for, with the stop as its reason', async () => {
    // A check that never ends on its own.
    const script = workerScript('setInterval(() => undefined, 1000);\n');
    const controller = new AbortController();
    const checking = checkOnWorker(SOURCES, ['numbers.yaml'], controller.signal, script);
    const stop = new StopRequest('SIGTERM');
    setTimeout(() => controller.abort(stop), 50);
    await expect(checking).rejects.toBe(stop);
  });

  it('ends at once when the stop was asked for before the check began', async () => {
    const script = workerScript('setInterval(() => undefined, 1000);\n');
    const controller = new AbortController();
    const stop = new StopRequest('SIGINT');
    controller.abort(stop);
    await expect(checkOnWorker(SOURCES, ['numbers.yaml'], controller.signal, script)).rejects.toBe(stop);
  });

  it('gives the desired state a check sends back, with no stop asked for', async () => {
    const desired = { policy: { prune: false }, numbers: [] };
    const script = workerScript(
      "import { parentPort } from 'node:worker_threads';\n" +
        `parentPort.postMessage({ issues: [], desired: ${JSON.stringify(desired)} });\n`,
    );
    const controller = new AbortController();
    await expect(checkOnWorker(SOURCES, ['numbers.yaml'], controller.signal, script)).resolves.toEqual(
      desired,
    );
    // A stop after the check is over changes nothing.
    controller.abort(new StopRequest('SIGINT'));
  });
});
