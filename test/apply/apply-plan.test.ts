import { describe, expect, it } from 'vitest';
import type { ApplyEvent } from '../../src/apply/apply-events.ts';
import { applyPlan } from '../../src/apply/apply-plan.ts';
import { formatApplyEvent } from '../../src/apply/progress-lines.ts';
import { formatElapsed } from '../../src/apply/wait-for-purchase.ts';
import { buildPlan } from '../../src/plan/build-plan.ts';
import { desiredNumber, policy } from '../support/builders.ts';
import { useClient, useSimulator } from '../support/simulator.ts';

describe('applyPlan against the simulator', () => {
  it('says "Still pending..." on every heartbeat while a purchase waits', async () => {
    const sim = await useSimulator({ purchaseDelayMs: 700 });
    const client = useClient(sim);
    const plan = buildPlan({ numbers: [desiredNumber('+15551234567')], policy: policy() }, []);
    const events: ApplyEvent[] = [];
    const result = await applyPlan(plan, client, {
      heartbeatMs: 200,
      firstPollMs: 100,
      maxPollMs: 100,
      onEvent: (e) => events.push(e),
    });
    expect(result.failed).toEqual([]);
    const lines = events.map(formatApplyEvent);
    expect(lines[0]).toBe('+15551234567: Purchasing...');
    expect(
      lines.filter((l) => /Still pending\.\.\. \[00m00s elapsed\]/.test(l)).length,
    ).toBeGreaterThanOrEqual(2);
    expect(lines.at(-1)).toMatch(/^\+15551234567: Purchase complete after \d+s \[id=/);
  });

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

  it('formats elapsed time as Terraform does', () => {
    expect(formatElapsed(20_000)).toBe('00m20s');
    expect(formatElapsed(125_000)).toBe('02m05s');
  });
});
