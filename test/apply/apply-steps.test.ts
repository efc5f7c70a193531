import { describe, expect, it } from 'vitest';
import type { ApplyEvent } from '../../src/apply/apply-events.ts';
import { applyPlan, type ApplyOptions } from '../../src/apply/apply-plan.ts';
import { NumformError } from '../../src/errors/numform-error.ts';
import type { CurrentNumber } from '../../src/model/number.ts';
import { buildPlan } from '../../src/plan/build-plan.ts';
import type { ResolvedNumber } from '../../src/plan/resolve-flows.ts';
import { currentNumber, desiredNumber, policy } from '../support/builders.ts';
import { FakeNumbersApi, type FakeApiOptions } from '../support/fake-numbers-api.ts';
import { virtualTiming } from '../support/virtual-timing.ts';

const START = 5_000_000;
const MAIN = 'd157ce07-0360-4cad-9007-c8ab89fccf9c';

/** Plans `desired` against `current` in a fake account and applies it on a virtual clock. */
async function apply(
  desired: ResolvedNumber[],
  current: CurrentNumber[] = [],
  api: Omit<FakeApiOptions, 'numbers' | 'timing'> = {},
  options: ApplyOptions = {},
) {
  const timing = virtualTiming(START);
  const fake = new FakeNumbersApi({ ...api, numbers: current, timing });
  const plan = buildPlan({ numbers: desired, policy: policy() }, current);
  const events: ApplyEvent[] = [];
  const result = await applyPlan(plan, fake, { timing, onEvent: (e) => events.push(e), ...options });
  const at = (op: string) => fake.calls.filter((c) => c.op === op).map((c) => c.at - START);
  return { plan, result, fake, events, at, timing };
}

const pending = (n: CurrentNumber): CurrentNumber => ({ ...n, status: 'purchase-pending' });

describe('applyPlan: the requests each change sends', () => {
  it('creates a number with one POST of its fields', async () => {
    const desired = desiredNumber('+899100000001', { name: 'AI', detail: 'bot', callFlowId: MAIN });
    const { fake, result, events } = await apply([desired]);
    expect(fake.log).toEqual(['create +899100000001']);
    expect(fake.calls[0]!.args).toEqual({
      number: '+899100000001',
      type: 'virtual',
      name: 'AI',
      detail: 'bot',
      callFlowId: MAIN,
      messageFlowId: '00000000-0000-0000-0000-000000000000',
    });
    const id = result.completed[0]!.id;
    expect(fake.numbers.get(id)).toMatchObject({ number: '+899100000001', name: 'AI' });
    expect(events.map((e) => e.kind)).toEqual(['started', 'completed']);
    expect(events[1]).toMatchObject({ id, elapsedMs: 0 });
    expect(events[1]).not.toHaveProperty('how');
  });

  it('follows a create with PUT .../metadata only when rtp_debug differs from what the POST gave', async () => {
    const wanted = desiredNumber('+899100000001', { rtpDebug: true });
    const plain = await apply([wanted]);
    const id = plain.result.completed[0]!.id;
    expect(plain.fake.log).toEqual(['create +899100000001', `metadata ${id}`]);
    expect(plain.fake.calls[1]!.args).toEqual({ rtpDebug: true });

    const given = await apply([wanted], [], {
      onCreate: (_input, made) => ({ number: { ...made, rtpDebug: true }, adopted: false }),
    });
    expect(given.fake.log).toEqual(['create +899100000001']);
  });

  it('PUTs the desired fields onto a number adopted after an ambiguous POST', async () => {
    const desired = desiredNumber('+15551234567', { name: 'Support', detail: 'desk', callFlowId: MAIN });
    const { fake, result, events } = await apply([desired], [], {
      // The POST that landed carried other fields (an older configuration's).
      onCreate: (_input, made) => ({ number: { ...made, name: 'Old', detail: '' }, adopted: true }),
    });
    const id = result.completed[0]!.id;
    expect(fake.log).toEqual(['create +15551234567', `update ${id}`]);
    expect(fake.calls[1]!.args).toEqual({
      name: 'Support',
      detail: 'desk',
      callFlowId: MAIN,
      messageFlowId: '00000000-0000-0000-0000-000000000000',
    });
    expect(fake.numbers.get(id)).toMatchObject({ name: 'Support', detail: 'desk', callFlowId: MAIN });
    expect(events.at(-1)).toMatchObject({ kind: 'completed', id, how: 'adopted' });
  });

  it('waits for a pending purchase, polling every 500 ms, and times the change from its start', async () => {
    const { fake, result, events, at } = await apply([desiredNumber('+15551234567')], [], {
      onCreate: (_input, made) => ({ number: pending(made), adopted: false }),
      statusOnGet: (_id, earlier) => (earlier < 1 ? 'purchase-pending' : 'active'),
    });
    const id = result.completed[0]!.id;
    // Each poll reads the newest page, which shows the fresh purchase: no GET of the number.
    expect(fake.log).toEqual(['create +15551234567', 'newest numbers', 'newest numbers']);
    expect(at('newest')).toEqual([500, 1000]);
    expect(events).toEqual([
      expect.objectContaining({ kind: 'started' }),
      expect.objectContaining({ kind: 'purchase-pending', id, status: 'purchase-pending' }),
      expect.objectContaining({ kind: 'completed', id, elapsedMs: 1000 }),
    ]);
  });

  it('updates a number whose purchase is pending at once, without polling it', async () => {
    const have = pending(currentNumber('+15551234567'));
    const { fake, plan, events, at } = await apply(
      [desiredNumber('+15551234567', { name: 'Support' })],
      [have],
      { statusOnGet: () => 'active' },
    );
    expect(plan.changes[0]).toMatchObject({ action: 'update', reason: { code: 'PENDING_PURCHASE' } });
    expect(fake.log).toEqual([`update ${have.id}`]);
    expect(at('update')).toEqual([0]);
    expect(events.map((e) => e.kind)).toEqual(['started', 'completed']);
    expect(fake.numbers.get(have.id)).toMatchObject({ name: 'Support', status: 'purchase-pending' });
  });

  it('sends only the metadata PUT for an rtp_debug-only update, and only the PUT for a name update', async () => {
    const a = currentNumber('+15551234567');
    const b = currentNumber('+15557654321', { rtpDebug: true });
    const { fake } = await apply(
      [
        desiredNumber('+15551234567', { rtpDebug: true }),
        desiredNumber('+15557654321', { name: 'Sales', rtpDebug: true }),
      ],
      [a, b],
    );
    expect(fake.log).toEqual([`metadata ${a.id}`, `update ${b.id}`]);
    expect(fake.numbers.get(a.id)).toMatchObject({ rtpDebug: true, name: '' });
    expect(fake.numbers.get(b.id)).toMatchObject({ rtpDebug: true, name: 'Sales' });
  });

  it('creates first, updates once the POSTs are answered, and releases last', async () => {
    const update = currentNumber('+15557654321');
    const release = currentNumber('+899100000009');
    const { fake, result } = await apply(
      [desiredNumber('+15557654321', { name: 'Sales' }), desiredNumber('+899100000001')],
      [update, release],
    );
    expect(fake.log).toEqual(['create +899100000001', `update ${update.id}`, `delete ${release.id}`]);
    expect(result.completed.map((c) => c.change.action)).toEqual(['create', 'update', 'delete']);
    expect(result.completed.at(-1)!.id).toBe(release.id);
  });

  it('releases nothing once a change failed, saying how many failed', async () => {
    const release = currentNumber('+899100000009');
    const refused = new NumformError('API_ERROR', 'VoIPBIN refused', { hint: 'try later' });
    const { fake, result, events } = await apply(
      [desiredNumber('+899100000001'), desiredNumber('+899100000002')],
      [release],
      {
        before: (call) => {
          if (call.op === 'create') throw refused;
        },
      },
    );
    expect(fake.log).toEqual(['create +899100000001', 'create +899100000002']);
    expect(result.failed.map((f) => [f.change.number, f.message, f.hint])).toEqual([
      ['+899100000001', 'VoIPBIN refused', 'try later'],
      ['+899100000002', 'VoIPBIN refused', 'try later'],
    ]);
    expect(result.skipped.map((s) => [s.change.action === 'create' ? null : s.change.id, s.reason])).toEqual([
      [release.id, 'release skipped because 2 earlier changes failed'],
    ]);
    expect(result.interrupted).toBe(false);
    expect(events.filter((e) => e.kind === 'failed')).toHaveLength(2);
    expect(events.at(-1)).toMatchObject({
      kind: 'skipped',
      reason: 'release skipped because 2 earlier changes failed',
    });
  });

  it('reports an unexpected error as a bug, and still releases nothing', async () => {
    const release = currentNumber('+899100000009');
    const { result, fake } = await apply([desiredNumber('+899100000001')], [release], {
      before: () => {
        throw new TypeError('boom');
      },
    });
    expect(result.failed[0]).toMatchObject({ message: 'Unexpected error: boom' });
    expect(result.skipped[0]!.reason).toBe('release skipped because 1 earlier change failed');
    expect(fake.log).toEqual(['create +899100000001']);
  });
});

describe('applyPlan: waiting for purchases', () => {
  const neverActive = {
    onCreate: (_input: unknown, made: CurrentNumber) => ({ number: pending(made), adopted: false }),
    statusOnGet: () => 'purchase-pending',
  };

  it('waits 10 minutes by default, polling every 500 ms for 15 s, then less often up to every 10 s', async () => {
    const { result, at, events } = await apply([desiredNumber('+15551234567')], [], neverActive);
    // Still pending when the wait ends: bought, reported as pending, not failed.
    expect(result.failed).toEqual([]);
    expect(result.pending.map((p) => [p.change.number, p.status])).toEqual([
      ['+15551234567', 'purchase-pending'],
    ]);
    expect(events.at(-1)).toMatchObject({
      kind: 'still-pending',
      status: 'purchase-pending',
      waitedMs: 600_000,
    });
    const steady = Array.from({ length: 30 }, (_, i) => 500 + i * 500);
    // From 15 s on, each interval is 1.5 times the last (750, 1125, ...) until it reaches 10 s,
    // each poll put on the nearest 500 ms tick (so purchases made together stay polled together).
    const growing = [16_000, 17_000, 18_500, 21_000, 25_000, 30_500, 39_000];
    const capped = Array.from({ length: 56 }, (_, i) => 49_000 + i * 10_000);
    expect(at('newest')).toEqual([...steady, ...growing, ...capped, 600_000]);
    expect(at('get')).toEqual([]);
  });

  it('takes its pacing and timeout from the options', async () => {
    const { result, at } = await apply([desiredNumber('+15551234567')], [], neverActive, {
      waitTimeoutMs: 3000,
      firstPollMs: 500,
      steadyPollMs: 1000,
      maxPollMs: 600,
      pollAlignMs: 100,
    });
    expect(result.failed).toEqual([]);
    expect(result.pending).toHaveLength(1);
    expect(at('newest')).toEqual([500, 1000, 1600, 2200, 2800, 3000]);
  });

  it('fails a purchase that ends in purchase_failed at its first poll', async () => {
    const { result, at } = await apply([desiredNumber('+15551234567')], [], {
      onCreate: (_input, made) => ({ number: pending(made), adopted: false }),
      statusOnGet: () => 'purchase_failed',
    });
    expect(result.failed.map((f) => [f.message, f.hint])).toEqual([
      [
        'the carrier ended the purchase (status "purchase_failed")',
        'Check the number in the VoIPBIN console; numform does not retry a purchase the carrier ended.',
      ],
    ]);
    expect(at('newest')).toEqual([500]);
  });
});
