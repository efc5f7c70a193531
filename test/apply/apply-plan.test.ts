import { describe, expect, it } from 'vitest';
import { applyPlan } from '../../src/apply/apply-plan.ts';
import { buildPlan } from '../../src/plan/build-plan.ts';
import { desiredNumber, policy } from '../support/builders.ts';
import { useClient, useSimulator } from '../support/simulator.ts';

describe('applyPlan against the simulator', () => {
  it('keeps at most --parallelism requests in flight', async () => {
    const sim = await useSimulator({ latencyMs: 40, virtualLimit: 0 });
    const client = useClient(sim, { connections: 20 });
    const numbers = Array.from({ length: 12 }, (_, i) =>
      desiredNumber(`+899100${String(i + 1).padStart(6, '0')}`),
    );
    const plan = buildPlan({ numbers, policy: policy() }, []);
    const result = await applyPlan(plan, client, { parallelism: 3 });
    expect(result.completed).toHaveLength(12);
    expect(sim.maxInFlight).toBeLessThanOrEqual(3);
    expect(sim.maxInFlight).toBeGreaterThan(1);
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
    expect(result.skipped.map((s) => `${s.change.action} ${s.change.number}`)).toEqual([
      'create +15551234567',
      'create +899100000001',
      'delete +899100000009',
    ]);
    expect(sim.stats.get('POST /numbers') ?? 0).toBe(0);
  });
});
