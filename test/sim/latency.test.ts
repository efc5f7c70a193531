import { describe, expect, it } from 'vitest';
import type { SimTiming } from '../../src/sim/server.ts';
import { callSim as call } from '../support/sim-http.ts';
import { useSimulator } from '../support/simulator.ts';

/**
 * A clock that moves only when slept on, where the simulator's own work after the first sleep
 * takes `workMs`: what a real server's time to build an answer looks like to the client.
 */
function clockWithWork(workMs: number): SimTiming & { slept: number[] } {
  let now = 0;
  const slept: number[] = [];
  return {
    slept,
    now: () => now,
    sleep: (ms) => {
      slept.push(ms);
      now += ms + (slept.length === 1 ? workMs : 0);
      return Promise.resolve();
    },
  };
}

describe('simulated latency', () => {
  it('answers latencyMs after the request arrived: half on the way in, then what the work left', async () => {
    const timing = clockWithWork(30);
    const sim = await useSimulator({ latencyMs: 100, timing, rateLimit: { perSecond: 0, burst: 1 } });
    expect((await call(`${sim.url}/numbers`)).status).toBe(200);
    expect(timing.slept).toEqual([50, 20]);
  });

  it('adds nothing more when the work took the whole second half', async () => {
    const timing = clockWithWork(80);
    const sim = await useSimulator({ latencyMs: 100, timing, rateLimit: { perSecond: 0, burst: 1 } });
    expect((await call(`${sim.url}/numbers`)).status).toBe(200);
    expect(timing.slept).toEqual([50]);
  });

  it('on the real clock, never answers before latencyMs has passed', async () => {
    // Timers fire late, so the simulator waits out the last stretch itself: this pins that it
    // does not stop short (how late it is, is the bench's to measure, not a test's).
    const sim = await useSimulator({ latencyMs: 15, rateLimit: { perSecond: 0, burst: 1 } });
    for (let i = 0; i < 10; i++) {
      const sent = performance.now();
      expect((await call(`${sim.url}/numbers`)).status).toBe(200);
      expect(performance.now() - sent).toBeGreaterThanOrEqual(15);
    }
  });
});
