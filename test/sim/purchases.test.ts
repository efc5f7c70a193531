import { describe, expect, it } from 'vitest';
import type { WireList, WireNumber } from '../../src/api/wire.ts';
import { callSim } from '../support/sim-http.ts';
import { useSimulator } from '../support/simulator.ts';
import { virtualTiming } from '../support/virtual-timing.ts';

const YEAR_MS = 365 * 24 * 3_600_000;

/** A virtual clock at a real date, shared by the test and the simulator. */
const clockAtRealDate = () => virtualTiming(Date.UTC(2026, 2, 12, 10, 30));

async function buy(url: string, number: string): Promise<WireNumber> {
  const res = await callSim(`${url}/numbers`, { method: 'POST', body: { number } });
  expect(res.status).toBe(200);
  return res.json as WireNumber;
}

async function statusOf(url: string, id: string): Promise<string> {
  return ((await callSim(`${url}/numbers/${id}`)).json as WireNumber).status;
}

// The real server writes `status` only at purchase, whatever the carrier said then.
describe('simulator purchases: pending and carrier statuses', () => {
  it('keeps a purchase pending for good with purchaseDelayMs "never"', async () => {
    const timing = clockAtRealDate();
    const sim = await useSimulator({ timing, purchaseDelayMs: 'never' });
    const bought = await buy(sim.url, '+15551230001');
    expect(bought.status).toBe('purchase-pending');
    await timing.sleep(YEAR_MS);
    expect(await statusOf(sim.url, bought.id)).toBe('purchase-pending');
    const listed = (await callSim(`${sim.url}/numbers`)).json as WireList<WireNumber>;
    expect(listed.result.map((n) => n.status)).toEqual(['purchase-pending']);
  });

  it('turns a delayed purchase final once its delay has passed, and not before', async () => {
    const timing = clockAtRealDate();
    const sim = await useSimulator({ timing, purchaseDelayMs: 60_000, pendingStatus: 'purchase_pending' });
    const bought = await buy(sim.url, '+15551230001');
    expect(bought.status).toBe('purchase_pending');
    await timing.sleep(59_999);
    expect(await statusOf(sim.url, bought.id)).toBe('purchase_pending');
    await timing.sleep(1);
    expect(await statusOf(sim.url, bought.id)).toBe('active');
  });

  const statuses = [
    'provision-pending',
    'requirement-info-pending',
    'requirement-info-under-review',
    'requirement-info-exception',
    'purchase-failed',
    'suspended',
    'some-future-status',
  ];
  it.each(statuses)('answers the POST with purchaseStatus %s and keeps it', async (status) => {
    const timing = clockAtRealDate();
    const sim = await useSimulator({ timing, purchaseStatus: status });
    const bought = await buy(sim.url, '+15551230001');
    expect(bought.status).toBe(status);
    await timing.sleep(YEAR_MS);
    expect(await statusOf(sim.url, bought.id)).toBe(status);
    const virtual = await callSim(`${sim.url}/numbers`, {
      method: 'POST',
      body: { number: '+899100000001', type: 'virtual' },
    });
    expect(virtual.json).toMatchObject({ status: 'active' });
  });

  it('takes any pending status, then each number its own final status', async () => {
    const timing = clockAtRealDate();
    const sim = await useSimulator({
      timing,
      purchaseDelayMs: 1000,
      pendingStatus: 'requirement-info-under-review',
      purchaseStatus: 'provision-pending',
      purchaseOutcomes: { '+15551230002': 'purchase-failed' },
    });
    const first = await buy(sim.url, '+15551230001');
    const second = await buy(sim.url, '+15551230002');
    expect([first.status, second.status]).toEqual([
      'requirement-info-under-review',
      'requirement-info-under-review',
    ]);
    await timing.sleep(1000);
    expect(await statusOf(sim.url, first.id)).toBe('provision-pending');
    expect(await statusOf(sim.url, second.id)).toBe('purchase-failed');
  });
});

describe('simulator seed: numbers in any status', () => {
  it('keeps a seeded status as given, and tm_purchase when given (tm_create otherwise)', async () => {
    const timing = clockAtRealDate();
    const sim = await useSimulator({
      timing,
      purchaseDelayMs: 1000,
      seed: {
        numbers: [
          {
            number: '+15551230001',
            status: 'requirement-info-exception',
            tm_create: '2026-01-01T00:00:00Z',
            tm_purchase: '2026-01-02T03:04:05.5Z',
          },
          { number: '+15551230002', status: 'purchase_pending', tm_create: '2026-01-03T00:00:00Z' },
          { number: '+899100000001', tm_purchase: '2026-01-02T00:00:00Z' },
        ],
      },
    });
    await timing.sleep(YEAR_MS);
    const listed = (await callSim(`${sim.url}/numbers`)).json as WireList<WireNumber>;
    const byNumber = new Map(listed.result.map((n) => [n.number, n]));
    expect(byNumber.get('+15551230001')).toMatchObject({
      status: 'requirement-info-exception',
      tm_purchase: '2026-01-02T03:04:05.5Z',
      tm_renew: '2026-01-02T03:04:05.5Z',
      tm_create: '2026-01-01T00:00:00Z',
    });
    expect(byNumber.get('+15551230002')).toMatchObject({
      status: 'purchase_pending',
      tm_purchase: '2026-01-03T00:00:00Z',
    });
    expect(byNumber.get('+899100000001')).toMatchObject({ status: 'active', tm_purchase: null });
  });
});
