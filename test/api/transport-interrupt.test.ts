import { describe, expect, it } from 'vitest';
import { VoipbinClient } from '../../src/api/client.ts';
import { useScriptedServer } from '../support/scripted-server.ts';
import { stoppedTiming } from '../support/virtual-timing.ts';

const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('Ctrl-C reaches the transport', () => {
  it('stops waiting out a Retry-After at once, and sends no retry', async () => {
    const server = await useScriptedServer([
      { status: 503, headers: { 'retry-after': '30' }, body: { error: { reason: 'UNAVAILABLE' } } },
    ]);
    const timing = stoppedTiming();
    const controller = new AbortController();
    const client = new VoipbinClient({
      endpoint: server.url,
      accessKey: 'vb_test_key',
      ratePerSecond: 0,
      timing,
      signal: controller.signal,
    });
    try {
      const pending = client.getNumber('n1').catch((e: unknown) => e);
      while (timing.sleeping() === 0) await settle();
      expect(server.requests).toHaveLength(1);
      const reason = new Error('Ctrl-C');
      controller.abort(reason);
      expect(await pending).toBe(reason);
      await settle();
      expect(server.requests).toHaveLength(1);
    } finally {
      await client.close();
    }
  });
});
