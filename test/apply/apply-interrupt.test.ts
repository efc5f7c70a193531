import { describe, expect, it } from 'vitest';
import type { ApplyEvent } from '../../src/apply/apply-events.ts';
import { applyPlan, type ApplyOptions } from '../../src/apply/apply-plan.ts';
import { NumformError } from '../../src/errors/numform-error.ts';
import type { CurrentNumber } from '../../src/model/number.ts';
import { buildPlan } from '../../src/plan/build-plan.ts';
import type { ResolvedNumber } from '../../src/plan/resolve-flows.ts';
import { currentNumber, desiredNumber, policy } from '../support/builders.ts';
import { FakeNumbersApi, type FakeApiOptions } from '../support/fake-numbers-api.ts';
import { stoppedTiming, virtualTiming } from '../support/virtual-timing.ts';

const INTERRUPTED = 'interrupted before it finished; run apply again to finish it';

/** Calls held in flight until the test lets them answer; `open` lets every later call through too. */
function gate() {
  const held: (() => void)[] = [];
  let opened = false;
  return {
    hold: () => (opened ? Promise.resolve() : new Promise<void>((resolve) => held.push(resolve))),
    release: () => held.splice(0).forEach((answer) => answer()),
    open: () => {
      opened = true;
      held.splice(0).forEach((answer) => answer());
    },
  };
}

/** Lets every promise that can move, move (no timers involved). */
const settle = () => new Promise((resolve) => setImmediate(resolve));

const virtuals = (count: number) =>
  Array.from({ length: count }, (_, i) => desiredNumber(`+8991000000${String(i + 10)}`));

/** Starts applying `desired` against `current` in a fake account; the test drives it. */
function start(
  desired: ResolvedNumber[],
  current: CurrentNumber[],
  api: Omit<FakeApiOptions, 'numbers'>,
  options: ApplyOptions = {},
) {
  const timing = api.timing ?? virtualTiming();
  const fake = new FakeNumbersApi({ ...api, timing, numbers: current });
  const plan = buildPlan({ numbers: desired, policy: policy() }, current);
  const controller = new AbortController();
  const events: ApplyEvent[] = [];
  const done = applyPlan(plan, fake, {
    timing,
    signal: controller.signal,
    onEvent: (e) => events.push(e),
    ...options,
  });
  return { fake, controller, events, done };
}

describe('applyPlan: parallelism', () => {
  it('keeps exactly --parallelism requests in flight while more are queued', async () => {
    const calls = gate();
    const run = start(virtuals(12), [], { before: calls.hold }, { parallelism: 3 });
    const inFlight: number[] = [];
    for (let batch = 0; batch < 4; batch++) {
      await settle();
      inFlight.push(run.fake.inFlight);
      calls.release();
    }
    const result = await run.done;
    expect(inFlight).toEqual([3, 3, 3, 3]);
    expect(run.fake.maxInFlight).toBe(3);
    expect(result.completed).toHaveLength(12);
  });

  it('sends 10 requests at once by default', async () => {
    const calls = gate();
    const run = start(virtuals(12), [], { before: calls.hold });
    await settle();
    const first = run.fake.inFlight;
    calls.release();
    await settle();
    const second = run.fake.inFlight;
    calls.release();
    expect((await run.done).completed).toHaveLength(12);
    expect([first, second]).toEqual([10, 2]);
  });
});

describe('applyPlan: order', () => {
  it('starts no update before every POST is answered', async () => {
    const posts = gate();
    const have = currentNumber('+15557654321');
    const run = start(
      [desiredNumber('+899100000001'), desiredNumber('+15557654321', { name: 'Sales' })],
      [have],
      {
        before: (call) => (call.op === 'create' ? posts.hold() : undefined),
      },
    );
    await settle();
    expect(run.fake.log).toEqual(['create +899100000001']);
    posts.release();
    await run.done;
    expect(run.fake.log).toEqual(['create +899100000001', `update ${have.id}`]);
  });

  it('updates alongside a pending purchase instead of waiting for it', async () => {
    const polls = gate();
    const have = currentNumber('+15557654321');
    const run = start(
      [desiredNumber('+15551234567'), desiredNumber('+15557654321', { name: 'Sales' })],
      [have],
      {
        onCreate: (_input, made) => ({ number: { ...made, status: 'purchase-pending' }, adopted: false }),
        statusOnGet: () => 'active',
        before: (call) => (call.op === 'newest' ? polls.hold() : undefined),
      },
    );
    // Two turns: polls due at one moment gather for a turn before their shared read goes out.
    await settle();
    await settle();
    const whilePending = run.fake.log;
    polls.open();
    const result = await run.done;
    // The update went out while the purchase's first poll was still unanswered.
    expect([...whilePending].sort()).toEqual(
      ['create +15551234567', 'newest numbers', `update ${have.id}`].sort(),
    );
    expect(result.completed.map((c) => c.change.action)).toEqual(['update', 'create']);
  });
});

describe('applyPlan: Ctrl-C', () => {
  it('sends none of the queued calls once aborted; the calls in flight finish', async () => {
    const calls = gate();
    const release = currentNumber('+899100000009');
    const run = start(virtuals(5), [release], { before: calls.hold }, { parallelism: 2 });
    await settle();
    expect(run.fake.log).toEqual(['create +899100000010', 'create +899100000011']);
    run.controller.abort();
    calls.open();
    const result = await run.done;
    expect(run.fake.log).toEqual(['create +899100000010', 'create +899100000011']);
    expect(result.interrupted).toBe(true);
    expect(result.failed).toEqual([]);
    expect(result.completed.map((c) => c.change.number)).toEqual(['+899100000010', '+899100000011']);
    expect(result.skipped.map((s) => `${s.change.number}: ${s.reason}`)).toEqual([
      `+899100000012: ${INTERRUPTED}`,
      `+899100000013: ${INTERRUPTED}`,
      `+899100000014: ${INTERRUPTED}`,
      '+899100000009: not started: interrupted',
    ]);
  });

  it('says a purchase cut short by Ctrl-C after its POST was sent has an unknown outcome, not that it never started', async () => {
    const calls = gate();
    const stop = new AbortController();
    const run = start([desiredNumber('+15551234567')], [], {
      // The client was looking the number up after an unclear answer when Ctrl-C came.
      before: async () => {
        await calls.hold();
        throw stop.signal.reason;
      },
    });
    run.controller.signal.addEventListener('abort', () => stop.abort(run.controller.signal.reason));
    await settle();
    run.controller.abort();
    calls.open();
    const result = await run.done;
    expect(result.failed).toEqual([]);
    expect(result.skipped.map((s) => s.reason)).toEqual([
      'interrupted after its purchase request was sent, before the answer: the outcome is unknown and it was not re-sent; `numform plan` shows whether the account has it',
    ]);
  });

  it('does not send the metadata PUT that would follow a POST answered after Ctrl-C', async () => {
    const calls = gate();
    const run = start([desiredNumber('+899100000001', { rtpDebug: true })], [], { before: calls.hold });
    await settle();
    run.controller.abort();
    calls.open();
    const result = await run.done;
    expect(run.fake.log).toEqual(['create +899100000001']);
    // The POST was answered: the number is bought, though its metadata PUT was not sent.
    expect(result.skipped).toEqual([]);
    expect(result.pending.map((b) => b.change.number)).toEqual(['+899100000001']);
    expect(result.completed).toEqual([]);
  });

  it('reports a real API failure after Ctrl-C as failed, not interrupted', async () => {
    const calls = gate();
    const refused = new NumformError('API_ERROR', 'VoIPBIN refused', { hint: 'try later' });
    const release = currentNumber('+899100000009');
    const run = start([desiredNumber('+899100000001')], [release], {
      before: async () => {
        await calls.hold();
        throw refused;
      },
    });
    await settle();
    run.controller.abort();
    calls.open();
    const result = await run.done;
    expect(result.failed.map((f) => [f.change.number, f.message, f.hint])).toEqual([
      ['+899100000001', 'VoIPBIN refused', 'try later'],
    ]);
    expect(result.interrupted).toBe(true);
    expect(result.skipped.map((s) => s.reason)).toEqual(['release skipped because 1 earlier change failed']);
    expect(run.events.map((e) => e.kind)).toEqual(['started', 'failed', 'skipped']);
  });

  it('wakes a purchase wait at once and reports the change as interrupted', async () => {
    const timing = stoppedTiming();
    const run = start([desiredNumber('+15551234567')], [], {
      timing,
      onCreate: (_input, made) => ({ number: { ...made, status: 'purchase-pending' }, adopted: false }),
    });
    await settle();
    expect(timing.sleeping()).toBe(1);
    run.controller.abort();
    const result = await run.done;
    // Bought and still pending: reported as bought, not as left undone.
    expect(result.skipped).toEqual([]);
    expect(result.pending.map((b) => b.change.number)).toEqual(['+15551234567']);
    expect(result.failed).toEqual([]);
    expect(run.fake.log).toEqual(['create +15551234567']);
    // The progress says so too: the change ends as skipped, naming the number bought.
    const [bought] = result.pending;
    expect(run.events.map((e) => e.kind)).toEqual(['started', 'purchase-pending', 'skipped']);
    expect(run.events.at(-1)).toEqual({
      kind: 'skipped',
      change: bought!.change,
      reason: `bought [id=${bought!.id}]; stopped waiting for it to become active`,
    });
  });

  it('reports a purchase made before Ctrl-C as made when it is not pending', async () => {
    const calls = gate();
    const run = start([desiredNumber('+899100000001')], [], { before: calls.hold });
    await settle();
    run.controller.abort();
    calls.open();
    const result = await run.done;
    expect(run.fake.log).toEqual(['create +899100000001']);
    expect(result.completed.map((c) => c.change.number)).toEqual(['+899100000001']);
    expect(result.skipped).toEqual([]);
  });
});
