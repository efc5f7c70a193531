import { describe, expect, it } from 'vitest';
import { createProgressReporter } from '../../src/apply/progress-reporter.ts';
import type { CreateChange } from '../../src/plan/plan-types.ts';
import { emptyManagedFields } from '../../src/model/number-fields.ts';
import { createVirtualClock } from '../support/virtual-clock.ts';

const change: CreateChange = {
  action: 'create',
  number: '+15551234567',
  type: 'normal',
  after: emptyManagedFields(),
  changed: [],
};

describe('the progress reporter', () => {
  it('says "Still pending..." exactly once per heartbeat while a purchase waits, and stops with it', async () => {
    const clock = createVirtualClock();
    const lines: string[] = [];
    const reporter = createProgressReporter((l) => lines.push(l), { timing: clock, heartbeatMs: 10_000 });
    reporter.onEvent({ kind: 'started', change });
    reporter.onEvent({ kind: 'purchase-pending', change, id: 'n1', status: 'purchase-pending' });
    await clock.advance(9_999);
    expect(lines).toHaveLength(2);
    await clock.advance(25_001);
    reporter.onEvent({ kind: 'completed', change, id: 'n1', elapsedMs: 35_000 });
    await clock.advance(60_000);
    expect(lines).toEqual([
      '+15551234567: Purchasing...',
      '+15551234567: Purchase pending [id=n1]; waiting for it to become active...',
      '+15551234567: Still pending... [00m10s elapsed]',
      '+15551234567: Still pending... [00m20s elapsed]',
      '+15551234567: Still pending... [00m30s elapsed]',
      '+15551234567: Purchase complete after 35s [id=n1]',
    ]);
    expect(clock.sleepers).toBe(0);
  });

  it('stops every heartbeat when closed', async () => {
    const clock = createVirtualClock();
    const lines: string[] = [];
    const reporter = createProgressReporter((l) => lines.push(l), { timing: clock, heartbeatMs: 10_000 });
    reporter.onEvent({ kind: 'purchase-pending', change, id: 'n1', status: 'provisioning' });
    reporter.close();
    await clock.advance(60_000);
    expect(lines).toHaveLength(1);
    expect(clock.sleepers).toBe(0);
  });

  it('stops the heartbeat of a wait that failed', async () => {
    const clock = createVirtualClock();
    const lines: string[] = [];
    const reporter = createProgressReporter((l) => lines.push(l), { timing: clock, heartbeatMs: 1_000 });
    reporter.onEvent({ kind: 'purchase-pending', change, id: 'n1', status: 'purchase-pending' });
    await clock.advance(1_000);
    reporter.onEvent({
      kind: 'failed',
      change,
      code: 'PURCHASE_FAILED',
      message: 'the purchase ended with status "purchase-failed"',
    });
    await clock.advance(5_000);
    expect(lines.slice(1)).toEqual([
      '+15551234567: Still pending... [00m01s elapsed]',
      '+15551234567: Purchase failed: the purchase ended with status "purchase-failed"',
    ]);
  });
});
