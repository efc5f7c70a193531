import { describe, expect, it } from 'vitest';
import { VoipbinClient } from '../../src/api/client.ts';
import { checkLimit } from '../../src/api/http.ts';
import { NIL_UUID } from '../../src/model/number.ts';
import { useScriptedServer, type ScriptedAnswer } from '../support/scripted-server.ts';
import { wireNumber } from '../support/wire-number.ts';

const KEY = 'vb_paths_test_key_0123456789';
const FLOW = 'd157ce07-0360-4cad-9007-c8ab89fccf9c';

/** A client of a server that gives these answers in order, with no retries to hide anything. */
async function clientOf(answers: ScriptedAnswer[]) {
  const server = await useScriptedServer(answers);
  const client = new VoipbinClient({ endpoint: server.url, accessKey: KEY, maxRetries: 0, ratePerSecond: 0 });
  return { client, requests: server.requests };
}

const apiError = (httpStatus: number, reason: string) => ({
  status: httpStatus,
  body: { error: { status: 'X', reason, message: 'refused', request_id: 'req_1' } },
});

describe('the newest page of numbers (purchase polling)', () => {
  it('asks for one full page and leaves out what the API reports deleted', async () => {
    const { client, requests } = await clientOf([
      {
        body: {
          result: [
            wireNumber({ id: 'a', number: '+15550000001' }),
            wireNumber({ id: 'b', number: '+15550000002', status: 'deleted' }),
            wireNumber({ id: 'c', number: '+15550000003', tm_delete: '2026-03-12T10:31:00Z' }),
            wireNumber({ id: 'd', number: '+15550000004', status: 'purchase-pending' }),
          ],
          next_page_token: '',
        },
      },
    ]);
    const newest = await client.listNewestNumbers();
    expect(newest.map((n) => n.number)).toEqual(['+15550000001', '+15550000004']);
    expect(requests.map((r) => `${r.method} ${r.url}`)).toEqual(['GET /v1.0/numbers?page_size=100']);
    await client.close();
  });
});

describe('PUT /numbers/{id}/flow_ids', () => {
  it('sends both flows, and only them, to the number by its id', async () => {
    const { client, requests } = await clientOf([{ body: wireNumber({ id: 'a/b', call_flow_id: FLOW }) }]);
    const updated = await client.updateFlowIds('a/b', { callFlowId: FLOW, messageFlowId: NIL_UUID });
    expect(updated.callFlowId).toBe(FLOW);
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({ method: 'PUT', url: '/v1.0/numbers/a%2Fb/flow_ids' });
    expect(JSON.parse(requests[0]!.body)).toEqual({ call_flow_id: FLOW, message_flow_id: NIL_UUID });
    await client.close();
  });
});

describe('GET /flows/{id}', () => {
  it.each([404, 403])('reads a %i as "no such flow of this account"', async (status) => {
    const { client } = await clientOf([apiError(status, 'NOT_FOUND')]);
    expect(await client.getFlow(FLOW)).toBeUndefined();
    await client.close();
  });

  it('does not hide any other failure', async () => {
    const { client } = await clientOf([apiError(400, 'INVALID_ARGUMENT')]);
    await expect(client.getFlow(FLOW)).rejects.toMatchObject({ httpStatus: 400 });
    await client.close();
  });
});

describe('GET /billing_account', () => {
  it('reads 409 STATE_INVALID as "no billing account", and nothing else so', async () => {
    const none = await clientOf([apiError(409, 'STATE_INVALID')]);
    expect(await none.client.getBillingAccount()).toBeUndefined();
    await none.client.close();
    const other = await clientOf([apiError(409, 'ALREADY_EXISTS')]);
    await expect(other.client.getBillingAccount()).rejects.toMatchObject({ httpStatus: 409 });
    await other.client.close();
  });
});

describe('the endpoint check and the access key', () => {
  it('never repeats the key, wherever in the endpoint it was pasted', () => {
    for (const endpoint of [`not a url ${KEY}`, `http://${KEY}.example.com/v1.0`, `ftp://127.0.0.1/${KEY}`]) {
      let message = '';
      try {
        new VoipbinClient({ endpoint, accessKey: KEY });
      } catch (error) {
        message = (error as Error).message;
      }
      expect(message, endpoint).not.toBe('');
      expect(message, endpoint).not.toContain(KEY);
    }
  });
});

describe('checkLimit', () => {
  it('accepts the bounds themselves and refuses what lies outside', () => {
    expect(checkLimit('n', 1, 10)).toBe(1);
    expect(checkLimit('n', 10, 10)).toBe(10);
    for (const bad of [0, 11, 1.5, Number.NaN]) expect(() => checkLimit('n', bad, 10)).toThrow(RangeError);
  });
});
