import { describe, expect, it } from 'vitest';
import { useSimulator } from '../support/simulator.ts';
import { virtualTiming } from '../support/virtual-timing.ts';
import { makeWorkspace, numbersYaml, numformAgainst } from '../support/workspace.ts';

describe('a slow or failing server is never minutes of silence', () => {
  it('says on stderr what is retried, when, and why, in its own words', async () => {
    const sim = await useSimulator({ accessKey: 'vb_simulator' });
    sim.faults.add({ kind: '503', method: 'GET', path: '/numbers', times: 2 });
    const { dir } = makeWorkspace({ 'numbers.yaml': numbersYaml([{ number: '+899100000001' }]) });
    const run = await numformAgainst(sim, dir)(['plan'], { timing: virtualTiming() });
    expect(run.code).toBe(0);
    const retries = run.stderr.split('\n').filter((l) => l.startsWith('Retrying'));
    expect(retries).toHaveLength(2);
    for (const line of retries) expect(line).toMatch(/^Retrying list numbers in \d+s \(HTTP 503\)\.\.\.$/);
  });

  it('stops at once on Ctrl-C during a retry wait while planning: exit 130, nothing changed, no bug report', async () => {
    const sim = await useSimulator();
    sim.faults.add({ kind: '503', method: 'GET', path: '/numbers', times: 10 });
    const { dir } = makeWorkspace({ 'numbers.yaml': numbersYaml([{ number: '+899100000001' }]) });
    const controller = new AbortController();
    const run = await numformAgainst(sim, dir)(['apply', '--auto-approve'], {
      signal: controller.signal,
      onStderr: (text) => {
        if (text.startsWith('Retrying')) controller.abort();
      },
    });
    expect(run.code).toBe(130);
    expect(run.stderr).toContain('Error: Interrupted; nothing was changed.');
    expect(run.stderr).not.toContain('bug in numform');
    expect(sim.requests.filter((r) => r.method !== 'GET')).toEqual([]);
  });
});
