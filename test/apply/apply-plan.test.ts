import { describe, expect, it } from 'vitest';
import type { ApplyEvent } from '../../src/apply/apply-events.ts';
import { applyPlan } from '../../src/apply/apply-plan.ts';
import { formatApplyEvent } from '../../src/apply/progress-lines.ts';
import { buildPlan } from '../../src/plan/build-plan.ts';
import type { ResolvedNumber } from '../../src/plan/resolve-flows.ts';
import { desiredNumber, policy } from '../support/builders.ts';
import { useClient, useSimulator } from '../support/simulator.ts';
import type { RunningSimulator } from '../../src/sim/server.ts';
import { virtualTiming } from '../support/virtual-timing.ts';

const MAIN = 'd157ce07-0360-4cad-9007-c8ab89fccf9c';

/** Plans `numbers` against the simulator's account, applies the plan, and plans again. */
async function applyAndReplan(sim: RunningSimulator, numbers: ResolvedNumber[]) {
  const client = useClient(sim);
  const plan = buildPlan({ numbers, policy: policy() }, await client.listNumbers());
  const before = new Map(sim.stats);
  const result = await applyPlan(plan, client);
  const sent = (route: string) => (sim.stats.get(route) ?? 0) - (before.get(route) ?? 0);
  const after = buildPlan({ numbers, policy: policy() }, await client.listNumbers());
  return { plan, result, sent, after, client };
}

describe('applyPlan against the simulator', () => {
  it('polls a pending purchase at the default pace until it is active', async () => {
    // The purchase never completes on its own: the test completes it at 25 s of virtual time.
    const sim = await useSimulator({ purchaseDelayMs: 3_600_000 });
    const client = useClient(sim);
    const timing = virtualTiming();
    timing.at(25_000, () => {
      for (const n of sim.account.state.numbers) n.settlesAt = 0;
    });
    const plan = buildPlan({ numbers: [desiredNumber('+15551234567')], policy: policy() }, []);
    const events: ApplyEvent[] = [];
    const result = await applyPlan(plan, client, { timing, onEvent: (e) => events.push(e) });
    expect(result.failed).toEqual([]);
    const id = result.completed[0]!.id;
    expect(events.map(formatApplyEvent)).toEqual([
      '+15551234567: Purchasing...',
      `+15551234567: Purchase pending [id=${id}]; waiting for it to become active...`,
      `+15551234567: Purchase complete after 25s [id=${id}]`,
    ]);
    // Polls every 500 ms up to 15 s, then at 16, 17, 18.5, 21 and 25 s (1.5 times longer each
    // time, on the 500 ms grid), each one page of the newest numbers, which shows the purchase.
    expect(sim.stats.get('GET /numbers')).toBe(35);
    expect(sim.stats.get('GET /numbers/{id}')).toBeUndefined();
    expect(timing.now()).toBe(25_000);
    expect(sim.stats.get('POST /numbers')).toBe(1);
  });

  it('sends only PUT .../metadata for an rtp_debug change, and then plans no changes', async () => {
    const sim = await useSimulator({ seed: { numbers: [{ number: '+15551234567', name: 'Support' }] } });
    const numbers = [desiredNumber('+15551234567', { name: 'Support', rtpDebug: true })];
    const { plan, result, sent, after, client } = await applyAndReplan(sim, numbers);
    expect(plan.changes.map((c) => [c.action, c.action === 'delete' ? [] : c.changed])).toEqual([
      ['update', ['rtpDebug']],
    ]);
    expect(result.completed).toHaveLength(1);
    expect(sent('PUT /numbers/{id}/metadata')).toBe(1);
    expect(sent('PUT /numbers/{id}')).toBe(0);
    expect(sent('GET /numbers/{id}')).toBe(0);
    expect(after.changes).toEqual([]);
    expect((await client.listNumbers())[0]).toMatchObject({ name: 'Support', rtpDebug: true });
  });

  it('sends only PUT /numbers/{id} for a name change, with every PUT field kept', async () => {
    const sim = await useSimulator({
      seed: {
        flows: [{ id: MAIN, name: 'Main IVR' }],
        numbers: [
          { number: '+15551234567', name: 'Support', detail: 'desk', call_flow_id: MAIN, rtp_debug: true },
        ],
      },
    });
    const numbers = [
      desiredNumber('+15551234567', {
        name: 'Support desk',
        detail: 'desk',
        callFlowId: MAIN,
        rtpDebug: true,
      }),
    ];
    const { plan, sent, after, client } = await applyAndReplan(sim, numbers);
    expect(plan.changes.map((c) => (c.action === 'delete' ? [] : c.changed))).toEqual([['name']]);
    expect(sent('PUT /numbers/{id}')).toBe(1);
    expect(sent('PUT /numbers/{id}/metadata')).toBe(0);
    expect(after.changes).toEqual([]);
    expect((await client.listNumbers())[0]).toMatchObject({
      name: 'Support desk',
      detail: 'desk',
      callFlowId: MAIN,
      rtpDebug: true,
    });
  });

  it('sends one PUT of each kind when the name and rtp_debug both change', async () => {
    const sim = await useSimulator({ seed: { numbers: [{ number: '+15551234567', rtp_debug: true }] } });
    const numbers = [desiredNumber('+15551234567', { name: 'Support', rtpDebug: false })];
    const { sent, after } = await applyAndReplan(sim, numbers);
    expect(sent('PUT /numbers/{id}')).toBe(1);
    expect(sent('PUT /numbers/{id}/metadata')).toBe(1);
    expect(after.changes).toEqual([]);
  });

  it('starts nothing once interrupted, and says so for every change', async () => {
    const sim = await useSimulator({ seed: { numbers: [{ number: '+899100000009' }] } });
    const client = useClient(sim);
    const current = await client.listNumbers();
    const plan = buildPlan(
      { numbers: [desiredNumber('+15551234567'), desiredNumber('+899100000001')], policy: policy() },
      current,
    );
    const controller = new AbortController();
    controller.abort();
    const result = await applyPlan(plan, client, { signal: controller.signal });
    expect(result.interrupted).toBe(true);
    expect(result.completed).toEqual([]);
    expect(result.skipped.map((s) => `${s.change.action} ${s.change.number}: ${s.reason}`)).toEqual([
      'create +15551234567: not started: interrupted',
      'create +899100000001: not started: interrupted',
      'delete +899100000009: not started: interrupted',
    ]);
    expect([...sim.stats.keys()]).toEqual(['GET /numbers']);
  });
});
