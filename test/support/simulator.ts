import { afterEach } from 'vitest';
import { VoipbinClient, type ClientOptions } from '../../src/api/client.ts';
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
