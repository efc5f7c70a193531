import { describe, expect, it } from 'vitest';
import { runSteps, type Step } from '../../src/apply/run-steps.ts';

/** A step that records when it ran and can be made to fail or to wait for a gate. */
function step(
  id: string,
  log: string[],
  edges: Partial<Step> = {},
  behave: { fail?: boolean; gate?: Promise<void> } = {},
): Step {
  return {
    id,
    needs: [],
    waitsFor: [],
    blocked: (unfinished) => `blocked by ${unfinished.map((o) => o.status).join(',')}`,
    run: async () => {
      log.push(`start ${id}`);
      await behave.gate;
      log.push(`end ${id}`);
      if (behave.fail) throw new Error(`${id} broke`);
    },
    ...edges,
  };
}

/** Lets every pending promise callback run. */
const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

function gate(): { promise: Promise<void>; open: () => void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

describe('runSteps', () => {
  it('starts a step only after what it needs and waits for has ended', async () => {
    const log: string[] = [];
    const a = gate();
    const outcomes = await Promise.all([
      runSteps(
        [
          step('a', log, {}, { gate: a.promise }),
          step('b', log, { needs: ['a'] }),
          step('c', log, { waitsFor: ['a'] }),
          step('d', log),
        ],
        new AbortController().signal,
      ),
      settle().then(() => {
        expect(log).toEqual(['start a', 'start d', 'end d']);
        a.open();
      }),
    ]);
    expect(log.indexOf('start b')).toBeGreaterThan(log.indexOf('end a'));
    expect(log.indexOf('start c')).toBeGreaterThan(log.indexOf('end a'));
    expect([...outcomes[0].values()].every((o) => o.status === 'done')).toBe(true);
  });

  it('skips a step whose needed step failed, but runs one that only waited for it', async () => {
    const log: string[] = [];
    const ended: string[] = [];
    const outcomes = await runSteps(
      [
        step('a', log, {}, { fail: true }),
        step('b', log, { needs: ['a'] }),
        step('c', log, { waitsFor: ['a'] }),
        step('d', log, { needs: ['b'] }),
      ],
      new AbortController().signal,
      (s, o) => ended.push(`${s.id} ${o.status}`),
    );
    expect(outcomes.get('a')).toEqual({ status: 'failed', error: new Error('a broke') });
    expect(outcomes.get('b')).toEqual({ status: 'skipped', reason: 'blocked by failed' });
    expect(outcomes.get('c')).toEqual({ status: 'done' });
    expect(outcomes.get('d')).toEqual({ status: 'skipped', reason: 'blocked by skipped' });
    expect(log).not.toContain('start b');
    expect(ended).toEqual(['a failed', 'b skipped', 'c done', 'd skipped']);
  });

  it('starts nothing once aborted, while a step already running finishes', async () => {
    const log: string[] = [];
    const controller = new AbortController();
    const a = gate();
    const run = runSteps(
      [step('a', log, {}, { gate: a.promise }), step('b', log, { waitsFor: ['a'] })],
      controller.signal,
    );
    await settle();
    controller.abort();
    a.open();
    const outcomes = await run;
    expect(outcomes.get('a')).toEqual({ status: 'done' });
    expect(outcomes.get('b')).toEqual({ status: 'skipped', reason: 'not started: interrupted' });
    expect(log).toEqual(['start a', 'end a']);
  });

  it('refuses edges to unknown steps and cycles, before running anything', async () => {
    const log: string[] = [];
    await expect(runSteps([step('a', log, { needs: ['x'] })], new AbortController().signal)).rejects.toThrow(
      'step a waits for an unknown step x',
    );
    await expect(
      runSteps(
        [step('a', log, { needs: ['b'] }), step('b', log, { waitsFor: ['a'] })],
        new AbortController().signal,
      ),
    ).rejects.toThrow(/cycle/);
    expect(log).toEqual([]);
  });
});
