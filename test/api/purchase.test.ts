import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { MockAgent } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import {
  ApiError,
  BadResponseError,
  NetworkError,
  PurchaseOutcomeUnknownError,
} from '../../src/api/api-error.ts';
import { lookupOffsets, VoipbinClient, type ClientOptions } from '../../src/api/client.ts';
import { DEFAULT_ENDPOINT } from '../../src/api/endpoint.ts';
import type { NumformError } from '../../src/errors/numform-error.ts';
import { NIL_UUID } from '../../src/model/number.ts';
import { apiError, useScriptedServer, type ScriptedAnswer } from '../support/scripted-server.ts';
import { virtualTiming } from '../support/virtual-timing.ts';
import { wireNumber } from '../support/wire-number.ts';

// A purchase is sent once per run. A 429 and a connection never made did nothing, so they are
// sent again; after any other failure that may have followed the work, numform looks for the
// number over a window and adopts it, or says the outcome is unknown, never re-sending it.

const KEY = 'vb_purchase_key_9a8b7c6d';
const ID = '0e2a6ab8-7c8a-4d4e-9f2b-1c1a2b3c4d5e';
const NUMBER = '+15551230001';
const WINDOW_WAITS = [1000, 2000, 4000, 8000, 16_000, 29_000];
const clients: VoipbinClient[] = [];
afterEach(async () => {
  while (clients.length) await clients.pop()!.close();
});

const create = {
  number: NUMBER,
  type: 'normal' as const,
  name: '',
  detail: '',
  callFlowId: NIL_UUID,
  messageFlowId: NIL_UUID,
};
const bought: ScriptedAnswer = { body: wireNumber() };
const emptyList: ScriptedAnswer = { body: { result: [], next_page_token: '' } };
const listing: ScriptedAnswer = { body: { result: [wireNumber()], next_page_token: '' } };
const fail = (status: number, reason = 'SOME_REASON', headers: Record<string, string> = {}) => ({
  status,
  headers,
  body: apiError(reason),
});
const proxyPage = (status: number): ScriptedAnswer => ({
  status,
  headers: { 'content-type': 'text/html' },
  body: `<html><h1>${status} from the proxy</h1></html>`,
});

async function scripted(answers: ScriptedAnswer[], options: Partial<ClientOptions> = {}) {
  const server = await useScriptedServer(answers);
  // Not from 0: the lookup window is measured from its start, not from the clock's zero.
  const timing = virtualTiming(1_000_000);
  const client = new VoipbinClient({
    endpoint: server.url,
    accessKey: KEY,
    ratePerSecond: 0,
    timing,
    ...options,
  });
  clients.push(client);
  const methods = (): string[] => server.requests.map((r) => r.method);
  return { client, timing, requests: server.requests, methods };
}

async function failureOf(client: VoipbinClient): Promise<NumformError> {
  return (await client.createNumber(create).then(
    () => {
      throw new Error('the purchase was reported as made');
    },
    (e: unknown) => e,
  )) as NumformError;
}

describe('purchase: the lookup window', () => {
  it('looks at once, then 1, 3, 7, 15, 31 and 60 s after the failure', () => {
    expect(lookupOffsets(60_000)).toEqual([0, 1000, 3000, 7000, 15_000, 31_000, 60_000]);
    expect(lookupOffsets(5000)).toEqual([0, 1000, 3000, 5000]);
    expect(lookupOffsets(500)).toEqual([0, 500]);
    expect(lookupOffsets(0)).toEqual([0]);
  });

  it('adopts a number that appears seconds after a 503 REQUEST_TIMEOUT, with one POST', async () => {
    const { client, timing, methods } = await scripted([
      fail(503, 'REQUEST_TIMEOUT'),
      emptyList,
      emptyList,
      listing,
    ]);
    const result = await client.createNumber(create);
    expect(result).toMatchObject({ adopted: true, number: { id: ID, number: NUMBER } });
    expect(methods()).toEqual(['POST', 'GET', 'GET', 'GET']);
    expect(timing.slept).toEqual([1000, 2000]);
  });

  it.each<[string, ScriptedAnswer]>([
    ['a 502', fail(502)],
    ['a 503 REQUEST_TIMEOUT', fail(503, 'REQUEST_TIMEOUT')],
    ['a 504', fail(504)],
    ['a 501', fail(501)],
    ['a 505', fail(505)],
    ["a proxy's HTML 502", proxyPage(502)],
    ["a proxy's HTML 500", proxyPage(500)],
    ['a reset after the request was sent', { reset: true }],
    ['an unusable success answer', { body: '<html>Thanks!</html>' }],
  ])('after %s: looks over the window, then says the outcome is unknown', async (_, first) => {
    const { client, timing, methods } = await scripted([first, emptyList]);
    const error = await failureOf(client);
    expect(error).toBeInstanceOf(PurchaseOutcomeUnknownError);
    expect(error.code).toBe('PURCHASE_OUTCOME_UNKNOWN');
    expect((error as PurchaseOutcomeUnknownError).number).toBe(NUMBER);
    const cause = error.cause as Error;
    expect(
      cause instanceof ApiError || cause instanceof NetworkError || cause instanceof BadResponseError,
    ).toBe(true);
    expect(error.message).toBe(
      `The outcome of the purchase of ${NUMBER} is unknown: ${cause.message}; the number did not ` +
        'appear in the account within 60 s. The purchase was NOT re-sent.',
    );
    expect(error.hint).toMatch(/^Run `numform plan` later: .*shows the number .* or plans it again/);
    expect(methods()).toEqual(['POST', ...Array<string>(7).fill('GET')]);
    expect(timing.slept).toEqual(WINDOW_WAITS);
  });

  it("names a proxy's page for what it is, with its status, in the unknown outcome", async () => {
    const { client } = await scripted([proxyPage(502), emptyList], { purchaseLookupWindowMs: 0 });
    const error = await failureOf(client);
    expect(error.message).toContain(
      'Could not create number: HTTP 502 with an HTML page, not a VoIPBIN error answer: <html><h1>502 from the proxy</h1></html>',
    );
  });

  it('gives up at the deadline of a purchase still being served, and finds it afterwards', async () => {
    const { client, methods } = await scripted([{ stallBody: true }, emptyList, listing], {
      requestTimeoutMs: 150,
    });
    const result = await client.createNumber(create);
    expect(result.adopted).toBe(true);
    expect(methods()).toEqual(['POST', 'GET', 'GET']);
  });

  it('looks once at the window end when the window is 5 s, and not at all past it', async () => {
    const { client, timing, methods } = await scripted([fail(503), emptyList], {
      purchaseLookupWindowMs: 5000,
    });
    const error = await failureOf(client);
    expect(error.message).toContain('within 5 s');
    expect(timing.slept).toEqual([1000, 2000, 2000]);
    expect(methods()).toEqual(['POST', 'GET', 'GET', 'GET', 'GET']);
  });

  it('looks once, without waiting, with a window of 0', async () => {
    const { client, timing, methods } = await scripted([fail(503), emptyList], {
      purchaseLookupWindowMs: 0,
    });
    expect((await failureOf(client)).code).toBe('PURCHASE_OUTCOME_UNKNOWN');
    expect(timing.slept).toEqual([]);
    expect(methods()).toEqual(['POST', 'GET']);
  });

  it('skips the lookups a slow lookup has outlived', async () => {
    const timing = virtualTiming();
    let lookups = 0;
    const slowFirst: ScriptedAnswer = {
      body: () => {
        // The first lookup takes 9 virtual seconds (a large account read under retries).
        if (++lookups === 1) void timing.sleep(9000);
        return { result: [], next_page_token: '' };
      },
    };
    const { client, methods } = await scripted([fail(503), slowFirst], { timing });
    await failureOf(client);
    // 9 s went by in the first lookup: the next is at 15 s, then 31 s and 60 s.
    expect(timing.slept).toEqual([9000, 6000, 16_000, 29_000]);
    expect(methods()).toEqual(['POST', 'GET', 'GET', 'GET', 'GET']);
  });

  it('keeps looking after a lookup fails, and adopts what a later one finds', async () => {
    const { client, timing, methods } = await scripted([fail(503), fail(503, 'UNAVAILABLE'), listing], {
      maxRetries: 0,
    });
    const result = await client.createNumber(create);
    expect(result.adopted).toBe(true);
    expect(methods()).toEqual(['POST', 'GET', 'GET']);
    expect(timing.slept).toEqual([1000]);
  });

  it('says when the account could not be read at the end of the window', async () => {
    const { client, methods } = await scripted([fail(504), fail(503, 'UNAVAILABLE')], {
      maxRetries: 0,
      purchaseLookupWindowMs: 1000,
    });
    const error = await failureOf(client);
    expect(error.code).toBe('PURCHASE_OUTCOME_UNKNOWN');
    expect(error.message).toMatch(
      /; the account could not be read at the end of 1 s of looking \(VoIPBIN refused to list numbers: HTTP 503 UNAVAILABLE: .*\)\. The purchase was NOT re-sent\.$/,
    );
    expect(methods()).toEqual(['POST', 'GET', 'GET']);
  });

  it('refuses a window that is not a whole number of ms', () => {
    for (const bad of [-1, 1.5, Number.NaN, 2 ** 31]) {
      expect(
        () => new VoipbinClient({ endpoint: DEFAULT_ENDPOINT, accessKey: KEY, purchaseLookupWindowMs: bad }),
      ).toThrow(RangeError);
    }
  });
});

describe('purchase: answers that end it at once', () => {
  it("looks once, without waiting, after VoIPBIN's own 500, and throws that refusal", async () => {
    const { client, timing, methods } = await scripted([fail(500, 'INTERNAL'), emptyList]);
    const error = await failureOf(client);
    expect(error).toBeInstanceOf(ApiError);
    expect(error.code).toBe('API_INTERNAL');
    expect(methods()).toEqual(['POST', 'GET']);
    expect(timing.slept).toEqual([]);
  });

  it('adopts the number a 500 refused when the account holds it', async () => {
    const { client, methods } = await scripted([fail(500, 'INTERNAL'), listing]);
    expect(await client.createNumber(create)).toMatchObject({ adopted: true, number: { id: ID } });
    expect(methods()).toEqual(['POST', 'GET']);
  });

  it.each([400, 401, 403, 404, 409])('neither looks nor re-sends after a %i', async (status) => {
    const { client, methods } = await scripted([fail(status), emptyList, bought]);
    await expect(client.createNumber(create)).rejects.toMatchObject({ httpStatus: status });
    expect(methods()).toEqual(['POST']);
  });
});

describe('purchase: what did no work is sent again', () => {
  it('waits out a 429 for its Retry-After and sends the POST again', async () => {
    const { client, timing, methods } = await scripted([
      fail(429, 'RATE_LIMIT_EXCEEDED', { 'retry-after': '2' }),
      bought,
    ]);
    expect(await client.createNumber(create)).toMatchObject({ adopted: false, number: { id: ID } });
    expect(methods()).toEqual(['POST', 'POST']);
    expect(timing.slept).toEqual([2000]);
  });

  it('backs off a 429 without Retry-After exponentially, with jitter from the given source', async () => {
    const limited = fail(429, 'RATE_LIMIT_EXCEEDED');
    const { client, timing, methods } = await scripted([limited, limited, limited, bought], {
      random: () => 0.5,
    });
    await client.createNumber(create);
    expect(methods()).toEqual(['POST', 'POST', 'POST', 'POST']);
    expect(timing.slept).toEqual([250 + 125, 500 + 125, 1000 + 125]);
  });

  it('gives up on 429s after maxRateLimitRetries, with the 429 and no lookup', async () => {
    const { client, methods } = await scripted([fail(429, 'RATE_LIMIT_EXCEEDED')], {
      maxRateLimitRetries: 2,
      maxRetries: 0,
    });
    await expect(client.createNumber(create)).rejects.toMatchObject({ httpStatus: 429 });
    expect(methods()).toEqual(['POST', 'POST', 'POST']);
  });

  it('counts 429s apart from other failures: ten of them do not use up the GET retries', async () => {
    const limited = fail(429, 'RATE_LIMIT_EXCEEDED', { 'retry-after': '1' });
    const { client, requests } = await scripted([
      ...Array<ScriptedAnswer>(10).fill(limited),
      fail(503),
      bought,
    ]);
    expect((await client.getNumber(ID)).id).toBe(ID);
    expect(requests).toHaveLength(12);
  });

  it.each(['ECONNREFUSED', 'UND_ERR_CONNECT_TIMEOUT'])(
    'sends the POST again after %s: the request never reached the server',
    async (code) => {
      const agent = new MockAgent();
      agent.disableNetConnect();
      const pool = agent.get('https://api.voipbin.net');
      pool
        .intercept({ path: '/v1.0/numbers', method: 'POST' })
        .replyWithError(Object.assign(new Error('connect failed'), { code }));
      pool.intercept({ path: '/v1.0/numbers', method: 'POST' }).reply(200, wireNumber());
      const timing = virtualTiming();
      const client = new VoipbinClient({
        endpoint: DEFAULT_ENDPOINT,
        accessKey: KEY,
        ratePerSecond: 0,
        timing,
        dispatcher: agent,
      });
      clients.push(client);
      // No GET is intercepted: a lookup would fail the call.
      expect(await client.createNumber(create)).toMatchObject({ adopted: false, number: { id: ID } });
      expect(client.requestsSent).toBe(2);
      agent.assertNoPendingInterceptors();
    },
  );

  it('sends a purchase to a closed port at most maxRetries more times, and ends with the network error', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const client = new VoipbinClient({
      endpoint: `http://127.0.0.1:${port}/v1.0`,
      accessKey: KEY,
      ratePerSecond: 0,
      timing: virtualTiming(),
      maxRetries: 2,
    });
    clients.push(client);
    const error = await failureOf(client);
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as NetworkError).requestNotSent).toBe(true);
    expect(error.message).toMatch(/^Could not create number: ECONNREFUSED: /);
    expect(client.requestsSent).toBe(3);
  });
});
