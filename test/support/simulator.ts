import { afterEach } from 'vitest';
import { VoipbinClient, type ClientOptions } from '../../src/api/client.ts';
import type { SimSeed } from '../../src/sim/seed.ts';
import { startSimulator, type RunningSimulator, type SimulatorOptions } from '../../src/sim/server.ts';

const running: { close(): Promise<void> }[] = [];

afterEach(async () => {
  while (running.length) await running.pop()!.close();
});

/** Starts a simulator on 127.0.0.1:0 that is stopped after the test. */
export async function useSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  const sim = await startSimulator({ rateLimit: { perSecond: 0, burst: 0 }, ...options });
  running.push(sim);
  return sim;
}

/** A client for the simulator, closed after the test; fast retries keep the suite quick. */
export function useClient(sim: RunningSimulator, options: Partial<ClientOptions> = {}): VoipbinClient {
  const client = new VoipbinClient({
    endpoint: sim.url,
    accessKey: 'vb_simulator',
    ratePerSecond: 0,
    retryBaseMs: 5,
    ...options,
  });
  running.push(client);
  return client;
}

/**
 * An account on the unlimited plan holding `count` normal numbers (+15551000000 on), each created
 * a second after the one before: one page of the listing per 100 numbers.
 */
export function seedOfNumbers(count: number): SimSeed {
  const base = Date.parse('2025-01-01T00:00:00Z');
  return {
    billing_account: { plan_type: 'unlimited' },
    numbers: Array.from({ length: count }, (_, i) => ({
      number: `+1555${String(1_000_000 + i).slice(-7)}`,
      name: `n${i}`,
      tm_create: new Date(base + i * 1000).toISOString(),
    })),
  };
}
