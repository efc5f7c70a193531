import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { WireList, WireNumber } from '../../src/api/wire.ts';
import type { SimState } from '../../src/sim/sim-types.ts';
import { callSim, errorOf } from '../support/sim-http.ts';
import { useSimulator } from '../support/simulator.ts';
import { virtualTiming } from '../support/virtual-timing.ts';

const NUMBER = '+15551230001';

const post = (url: string, number = NUMBER) =>
  callSim(`${url}/numbers`, { method: 'POST', body: { number } });

async function listed(url: string): Promise<string[]> {
  return ((await callSim(`${url}/numbers`)).json as WireList<WireNumber>).result.map((n) => n.number);
}

// The real server: the gateway gives up after 15 s with 503 REQUEST_TIMEOUT, the purchase carries on.
describe('simulator fault: slow-purchase', () => {
  it('answers 503 REQUEST_TIMEOUT after slowMs, then the number lands lateMs later', async () => {
    const timing = virtualTiming(Date.UTC(2026, 2, 12));
    const sim = await useSimulator({ timing });
    sim.faults.add({ kind: 'slow-purchase', slowMs: 15_000, lateMs: 4000 });
    const started = timing.now();
    const res = await post(sim.url);
    expect(res.status).toBe(503);
    expect(errorOf(res)).toMatchObject({
      status: 'UNAVAILABLE',
      reason: 'REQUEST_TIMEOUT',
      message: 'The request timed out.',
    });
    expect(timing.now() - started).toBe(15_000);
    expect(await listed(sim.url)).toEqual([]);
    expect(sim.account.numbersInFlight()).toEqual([NUMBER]);
    await timing.sleep(3999);
    expect(await listed(sim.url)).toEqual([]);
    await timing.sleep(1);
    expect(await listed(sim.url)).toEqual([NUMBER]);
    expect(sim.account.numbersInFlight()).toEqual([]);
    expect(sim.account.state.billing?.balanceMicros).toBe(995_000_000);
  });

  it('refuses a duplicate POST with 500 while the purchase is in flight, and after it landed', async () => {
    const timing = virtualTiming(Date.UTC(2026, 2, 12));
    const sim = await useSimulator({ timing });
    sim.faults.add({ kind: 'slow-purchase', slowMs: 10, lateMs: 1000 });
    expect((await post(sim.url)).status).toBe(503);
    const during = await post(sim.url);
    expect(during.status).toBe(500);
    expect(errorOf(during)).toMatchObject({ status: 'INTERNAL', reason: 'INTERNAL' });
    await timing.sleep(1000);
    const after = await post(sim.url);
    expect(after.status).toBe(500);
    expect(sim.account.state.numbers.map((n) => n.number)).toEqual([NUMBER]);
    expect(sim.postsByNumber.get(NUMBER)).toBe(3);
    expect((await post(sim.url, '+15551230002')).status).toBe(200);
    expect(sim.postsByNumber.get('+15551230002')).toBe(1);
  });

  it('runs the quick checks at once: a purchase refused before the carrier order gets no 503', async () => {
    const sim = await useSimulator({ identityVerified: false });
    sim.faults.add({ kind: 'slow-purchase', slowMs: 60_000 });
    const res = await post(sim.url);
    expect(res.status).toBe(403);
    expect(errorOf(res).reason).toBe('IDENTITY_VERIFICATION_REQUIRED');
    expect(sim.account.numbersInFlight()).toEqual([]);
  });

  it('waits for its POST /numbers: other requests pass it by', async () => {
    const timing = virtualTiming(Date.UTC(2026, 2, 12));
    const sim = await useSimulator({ timing, seed: { numbers: [{ number: '+899100000001' }] } });
    sim.faults.add({ kind: 'slow-purchase', lateMs: 0 });
    expect((await callSim(`${sim.url}/numbers`)).status).toBe(200);
    const id = sim.account.state.numbers[0]!.id;
    expect((await callSim(`${sim.url}/numbers/${id}`, { method: 'PUT', body: {} })).status).toBe(200);
    expect((await post(sim.url)).status).toBe(503);
    expect(timing.slept).toEqual([50]);
    expect(await listed(sim.url)).toContain(NUMBER);
  });

  it('keeps a purchase in flight in the data file, and the landed number once a read lands it', async () => {
    const dataFile = join(mkdtempSync(join(tmpdir(), 'numform-sim-')), 'account.json');
    const timing = virtualTiming(Date.UTC(2026, 2, 12));
    const sim = await useSimulator({ timing, dataFile });
    sim.faults.add({ kind: 'slow-purchase', slowMs: 10, lateMs: 100 });
    await post(sim.url);
    const saved = () => JSON.parse(readFileSync(dataFile, 'utf8')) as SimState;
    expect(saved().inFlight?.map((p) => p.request.number)).toEqual([NUMBER]);
    await timing.sleep(100);
    await listed(sim.url);
    expect(saved().inFlight).toEqual([]);
    expect(saved().numbers.map((n) => n.number)).toEqual([NUMBER]);
  });
});
