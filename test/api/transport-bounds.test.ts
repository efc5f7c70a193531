import { MockAgent } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiError, BadResponseError, NetworkError } from '../../src/api/api-error.ts';
import { VoipbinClient, type ClientOptions } from '../../src/api/client.ts';
import { DEFAULT_ENDPOINT } from '../../src/api/endpoint.ts';
import { DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_REQUEST_TIMEOUT_MS } from '../../src/api/http.ts';
import { DEFAULT_MAX_LISTED } from '../../src/api/paginate.ts';
import type { NumformError } from '../../src/errors/numform-error.ts';
import { NIL_UUID } from '../../src/model/number.ts';
import { useScriptedServer, type ScriptedAnswer } from '../support/scripted-server.ts';
import { virtualTiming } from '../support/virtual-timing.ts';
import { wireNumber } from '../support/wire-number.ts';

const KEY = 'vb_bounds_key_5f1e2d3c4b5a';
const ID = '0e2a6ab8-7c8a-4d4e-9f2b-1c1a2b3c4d5e';
const clients: VoipbinClient[] = [];
afterEach(async () => {
  while (clients.length) await clients.pop()!.close();
});

async function scripted(answers: ScriptedAnswer[], options: Partial<ClientOptions> = {}) {
  const server = await useScriptedServer(answers);
  const client = new VoipbinClient({
    endpoint: server.url,
    accessKey: KEY,
    ratePerSecond: 0,
    timing: virtualTiming(),
    ...options,
  });
  clients.push(client);
  return { client, requests: server.requests };
}

describe('transport: documented bounds', () => {
  it('gives every request 60 s, reads at most 32 MiB of an answer, and lists at most 100,000 numbers', () => {
    expect(DEFAULT_REQUEST_TIMEOUT_MS).toBe(60_000);
    expect(DEFAULT_MAX_RESPONSE_BYTES).toBe(32 * 1024 * 1024);
    expect(DEFAULT_MAX_LISTED).toBe(100_000);
  });

  it.each<[keyof ClientOptions, number]>([
    ['requestTimeoutMs', 0],
    ['requestTimeoutMs', 2 ** 31],
    ['requestTimeoutMs', Number.NaN],
    ['maxResponseBytes', 1.5],
    ['maxListed', 0],
    ['maxListed', Number.NaN],
  ])('refuses %s = %d rather than run unbounded or fail every request', (name, value) => {
    expect(() => new VoipbinClient({ endpoint: DEFAULT_ENDPOINT, accessKey: KEY, [name]: value })).toThrow(
      new RangeError(
        `${name} must be a whole number from 1 to ${name === 'requestTimeoutMs' ? 2 ** 31 - 1 : Number.MAX_SAFE_INTEGER}, not ${value}`,
      ),
    );
  });
});

describe('transport: an overall deadline per request', () => {
  it('gives up on a body that drips a byte at a time, though no pause is long enough for the body timeout', async () => {
    const { client, requests } = await scripted([{ dripEveryMs: 20 }], {
      requestTimeoutMs: 300,
      bodyTimeoutMs: 10_000,
      maxRetries: 0,
    });
    const error = await client.getNumber(ID).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect(error).toMatchObject({
      code: 'NETWORK_DEADLINE',
      message: expect.stringMatching(
        new RegExp(
          `^Could not get number: no complete answer within 300 ms, the deadline of one request \\(GET /numbers/${ID}, X-Request-Id numform-[A-Z2-7]{16}-1\\)$`,
        ),
      ) as string,
      hint: expect.stringMatching(/answered too slowly or stopped sending/) as string,
    });
    // Under load the deadline can pass before the server has read the request: count at most.
    expect(requests.length).toBeLessThanOrEqual(1);
  });

  it('gives up on a body that never comes, and retries a GET like any network failure', async () => {
    const { client, requests } = await scripted([{ stallBody: true }, { body: wireNumber() }], {
      requestTimeoutMs: 150,
      bodyTimeoutMs: 10_000,
    });
    expect((await client.getNumber(ID)).id).toBe(ID);
    expect(requests.length).toBeGreaterThanOrEqual(2);
  });
});

describe('transport: answers too large to read', () => {
  it('refuses an answer over the size cap, by its length or by what arrives', async () => {
    const big = { body: wireNumber({ detail: 'x'.repeat(5000) }) };
    const { client } = await scripted([big], { maxResponseBytes: 1000 });
    const error = await client.getNumber(ID).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BadResponseError);
    expect(error).toMatchObject({
      code: 'API_BAD_RESPONSE',
      message: expect.stringContaining(
        'the answer (HTTP 200) is larger than 1000 bytes, the most numform reads of one answer',
      ) as string,
    });
    // Announced too long: refused at the headers, without waiting for a body that drips.
    const announced = await scripted([{ dripEveryMs: 50 }], {
      maxResponseBytes: 1000,
      requestTimeoutMs: 1000,
    });
    await expect(announced.client.getNumber(ID)).rejects.toMatchObject({ code: 'API_BAD_RESPONSE' });
    const agent = new MockAgent();
    agent.disableNetConnect();
    agent
      .get('https://api.voipbin.net')
      .intercept({ path: `/v1.0/numbers/${ID}`, method: 'GET' })
      .reply(200, 'x'.repeat(5000));
    const unannounced = new VoipbinClient({
      endpoint: DEFAULT_ENDPOINT,
      accessKey: KEY,
      ratePerSecond: 0,
      dispatcher: agent,
      maxResponseBytes: 1000,
    });
    clients.push(unannounced);
    await expect(unannounced.getNumber(ID)).rejects.toMatchObject({
      code: 'API_BAD_RESPONSE',
      message: expect.stringContaining('is larger than 1000 bytes') as string,
    });
  });
});

describe('transport: a purchase answered with something unusable', () => {
  const create = {
    number: '+15551230001',
    type: 'normal' as const,
    name: '',
    detail: '',
    callFlowId: NIL_UUID,
    messageFlowId: NIL_UUID,
  };

  it('looks the number up, and adopts it when the purchase went through', async () => {
    const { client, requests } = await scripted([
      { body: '<html>Thanks!</html>' },
      { body: { result: [wireNumber()], next_page_token: '' } },
    ]);
    const result = await client.createNumber(create);
    expect(result).toMatchObject({ adopted: true, number: { id: ID } });
    expect(requests.map((r) => r.method)).toEqual(['POST', 'GET']);
  });

  it('never sends it again when the lookups do not find it: the outcome is unknown', async () => {
    const { client, requests } = await scripted([
      { body: '' },
      { body: { result: [], next_page_token: '' } },
    ]);
    const error = (await client.createNumber(create).catch((e: unknown) => e)) as NumformError;
    expect(error.code).toBe('PURCHASE_OUTCOME_UNKNOWN');
    expect(error.message).toContain('is empty, where JSON was expected');
    expect(error.cause).toBeInstanceOf(BadResponseError);
    expect(requests.filter((r) => r.method === 'POST')).toHaveLength(1);
    expect(requests.length).toBeGreaterThan(2);
  });
});

describe('transport: a server that quotes the key', () => {
  it('keeps it out of reason, message, request id, code and hint', async () => {
    const { client } = await scripted(
      [
        {
          status: 400,
          body: {
            error: {
              status: KEY,
              reason: KEY.toUpperCase() === KEY ? KEY : `X_${KEY}`,
              message: `bad cookie accesskey=${KEY}`,
              request_id: `req_${KEY}`,
            },
          },
        },
      ],
      { maxRetries: 0 },
    );
    const error = (await client.getNumber(ID).catch((e: unknown) => e)) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error.code).toBe('API_HTTP_400');
    expect(error.message).toBe(
      `VoIPBIN refused to get number: HTTP 400 X_[REDACTED]: bad cookie accesskey=[REDACTED] (GET /numbers/${ID}, request_id req_[REDACTED])`,
    );
    expect(JSON.stringify({ ...error.details, hint: error.hint, code: error.code })).not.toContain(KEY);
  });

  it('redacts the key as a server may echo it URL-encoded', async () => {
    const key = 'vb/plus+key=0123456789';
    const server = await useScriptedServer([
      { status: 403, body: { error: { reason: 'PERMISSION_DENIED', message: encodeURIComponent(key) } } },
    ]);
    const client = new VoipbinClient({ endpoint: server.url, accessKey: key, ratePerSecond: 0 });
    clients.push(client);
    const error = (await client.getNumber(ID).catch((e: unknown) => e)) as ApiError;
    expect(error.details.apiMessage).toBe('[REDACTED]');
  });
});
