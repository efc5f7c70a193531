import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { SimState } from '../../src/sim/sim-types.ts';
import { runNumform } from '../support/cli.ts';
import { startSimCommand, type SimCommand } from '../support/sim-command.ts';
import { callSim, errorOf } from '../support/sim-http.ts';

const running: SimCommand[] = [];
afterEach(async () => {
  while (running.length) await running.pop()!.stop();
});

async function sim(args: string[]): Promise<string> {
  const started = await startSimCommand(['--port', '0', ...args]);
  running.push(started);
  return started.url;
}

const buy = (url: string, number = '+15551230001') =>
  callSim(`${url}/numbers`, { method: 'POST', body: { number } });

describe('numform sim: purchase flags', () => {
  it('--purchase-delay never with --pending-status: purchases answer that status and never settle', async () => {
    const data = join(mkdtempSync(join(tmpdir(), 'numform-sim-')), 'account.json');
    const url = await sim([
      '--purchase-delay',
      'never',
      '--pending-status',
      'provision-pending',
      '--data',
      data,
    ]);
    expect((await buy(url)).json).toMatchObject({ status: 'provision-pending' });
    const saved = JSON.parse(readFileSync(data, 'utf8')) as SimState;
    expect(saved.numbers[0]).toMatchObject({ status: 'provision-pending', settlesAt: null });
  });

  it('--purchase-status sets what every normal purchase answers; virtual numbers stay active', async () => {
    const url = await sim(['--purchase-status', 'requirement-info-pending']);
    expect((await buy(url)).json).toMatchObject({ status: 'requirement-info-pending' });
    const virtual = await callSim(`${url}/numbers`, {
      method: 'POST',
      body: { number: '+899100000001', type: 'virtual' },
    });
    expect(virtual.json).toMatchObject({ status: 'active' });
  });
});

describe('numform sim: fault flags', () => {
  it('--faults slow-purchase answers 503 REQUEST_TIMEOUT, and the number lands', async () => {
    const url = await sim([
      '--faults',
      'slow-purchase',
      '--fault-rate',
      '1',
      '--fault-slow',
      '0',
      '--fault-late',
      '0',
    ]);
    const res = await buy(url);
    expect(res.status).toBe(503);
    expect(errorOf(res).reason).toBe('REQUEST_TIMEOUT');
    const listed = await callSim(`${url}/numbers`);
    expect(listed.json).toMatchObject({ result: [{ number: '+15551230001' }] });
  });

  it('--faults 429-bare answers 429 without Retry-After', async () => {
    const url = await sim(['--faults', '429-bare', '--fault-rate', '1']);
    const res = await callSim(`${url}/numbers`);
    expect(res.status).toBe(429);
    expect(res.headers).not.toHaveProperty('retry-after');
  });

  it('lists every fault kind and the never delay in its help', async () => {
    const help = await runNumform(['sim', '--help']);
    const text = help.stdout.replace(/\s+/g, ' ');
    for (const word of ['slow-purchase', '429-bare', '429 (with Retry-After)', 'proxy-html', 'never']) {
      expect(text).toContain(word);
    }
  });

  // An already aborted signal: a simulator started by mistake would stop at once, exiting 0.
  it.each([
    [['--faults', '503,bogus'], 'unknown fault kind "bogus"; expected 503, reset,'],
    [['--purchase-status', ' '], 'expected a status'],
    [['--pending-status', ''], 'expected a status'],
    [['--purchase-delay', 'sometimes'], '"sometimes" is not a duration'],
    [['--fault-late', '11m'], 'expected a duration from 0 to 10m;'],
  ])('refuses %j', async (args, message) => {
    const run = await runNumform(['sim', ...args], { signal: AbortSignal.abort() });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(message);
    expect(run.stdout).toBe('');
  });
});
