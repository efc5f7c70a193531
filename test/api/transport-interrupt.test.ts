import { describe, expect, it } from 'vitest';
import { VoipbinClient } from '../../src/api/client.ts';
import { useScriptedServer } from '../support/scripted-server.ts';
import { stoppedTiming } from '../support/virtual-timing.ts';
import { NIL_UUID } from '../../src/model/number.ts';

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

describe('Ctrl-C during a purchase', () => {
  async function purchaseUntilSleeping(answers: Parameters<typeof useScriptedServer>[0]) {
    const server = await useScriptedServer(answers);
    const timing = stoppedTiming();
    const controller = new AbortController();
    const client = new VoipbinClient({
      endpoint: server.url,
      accessKey: 'vb_test_key',
      ratePerSecond: 0,
      timing,
      signal: controller.signal,
    });
    const pending = client
      .createNumber({
        number: '+15551230001',
        type: 'normal',
        name: '',
        detail: '',
        callFlowId: NIL_UUID,
        messageFlowId: NIL_UUID,
      })
      .catch((e: unknown) => e);
    while (timing.sleeping() === 0) await settle();
    return { server, client, controller, pending };
  }

  it('stops waiting out a 429 on the POST at once, and sends it no more', async () => {
    const { server, client, controller, pending } = await purchaseUntilSleeping([
      { status: 429, headers: { 'retry-after': '30' }, body: { error: { reason: 'RATE_LIMIT_EXCEEDED' } } },
    ]);
    try {
      expect(server.requests.map((r) => r.method)).toEqual(['POST']);
      const reason = new Error('Ctrl-C');
      controller.abort(reason);
      expect(await pending).toBe(reason);
      await settle();
      expect(server.requests).toHaveLength(1);
    } finally {
      await client.close();
    }
  });

  it('stops the lookup window at once, and looks no more', async () => {
    const { server, client, controller, pending } = await purchaseUntilSleeping([
      { status: 503, body: { error: { reason: 'REQUEST_TIMEOUT' } } },
      { body: { result: [], next_page_token: '' } },
    ]);
    try {
      expect(server.requests.map((r) => r.method)).toEqual(['POST', 'GET']);
      const reason = new Error('Ctrl-C');
      controller.abort(reason);
      expect(await pending).toBe(reason);
      await settle();
      expect(server.requests).toHaveLength(2);
    } finally {
      await client.close();
    }
  });
});
