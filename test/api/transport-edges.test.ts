import { MockAgent } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiError, BadResponseError } from '../../src/api/api-error.ts';
import { VoipbinClient, type ClientOptions } from '../../src/api/client.ts';
import { DEFAULT_ENDPOINT } from '../../src/api/endpoint.ts';
import { checkLimit } from '../../src/api/http.ts';
import { apiError, useScriptedServer, type ScriptedAnswer } from '../support/scripted-server.ts';
import { virtualTiming } from '../support/virtual-timing.ts';
import { wireNumber } from '../support/wire-number.ts';

const KEY = 'vb_edges_key_0123456';
const ID = '0e2a6ab8-7c8a-4d4e-9f2b-1c1a2b3c4d5e';
const clients: VoipbinClient[] = [];
afterEach(async () => {
  while (clients.length) await clients.pop()!.close();
});

/** A client that sends each call once, against scripted answers. */
async function scripted(answers: ScriptedAnswer[], options: Partial<ClientOptions> = {}) {
  const server = await useScriptedServer(answers);
  const client = new VoipbinClient({
    endpoint: server.url,
    accessKey: KEY,
    ratePerSecond: 0,
    maxRetries: 0,
    timing: virtualTiming(),
    ...options,
  });
  clients.push(client);
  return client;
}

async function failureOf(answer: ScriptedAnswer): Promise<unknown> {
  const client = await scripted([answer]);
  return client.getNumber(ID).catch((e: unknown) => e);
}

describe('checkLimit', () => {
  it('accepts the largest allowed value and refuses one more', () => {
    expect(checkLimit('limit', 10, 10)).toBe(10);
    expect(() => checkLimit('limit', 11, 10)).toThrow(RangeError);
  });
});

describe('transport: the size cap is the most it reads, not less', () => {
  it('accepts an answer of exactly the cap, announced or not', async () => {
    const text = JSON.stringify(wireNumber());
    const size = Buffer.byteLength(text);
    const announced = await scripted([{ body: text }], { maxResponseBytes: size });
    expect((await announced.getNumber(ID)).id).toBe(ID);
    // Without a length, the cap applies to what arrives.
    const agent = new MockAgent();
    agent.disableNetConnect();
    agent
      .get('https://api.voipbin.net')
      .intercept({ path: `/v1.0/numbers/${ID}`, method: 'GET' })
      .reply(200, text);
    const unannounced = new VoipbinClient({
      endpoint: DEFAULT_ENDPOINT,
      accessKey: KEY,
      ratePerSecond: 0,
      dispatcher: agent,
      maxResponseBytes: size,
    });
    clients.push(unannounced);
    expect((await unannounced.getNumber(ID)).id).toBe(ID);
  });
});

describe('transport: bodies that are not what was asked for', () => {
  it('reads a success body of only blanks as empty', async () => {
    const error = await failureOf({ body: ' \n ' });
    expect(error).toBeInstanceOf(BadResponseError);
    expect((error as BadResponseError).message).toContain('is empty, where JSON was expected');
  });

  it.each([
    ['', 'an empty body'],
    [' \n', 'an empty body'],
    ['null', "a JSON body without VoIPBIN's error envelope"],
    ['{"error":"boom"}', "a JSON body without VoIPBIN's error envelope"],
    ['{"error":["boom"]}', "a JSON body without VoIPBIN's error envelope"],
    ['{"error":null}', "a JSON body without VoIPBIN's error envelope"],
    ['Error: <html> is not here', 'a body that is not JSON'],
    ['\n  <!DOCTYPE html><p>down</p>', 'an HTML page'],
  ])('names an error answer %j as %s', async (body, foreign) => {
    const error = await failureOf({ status: 502, body });
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).details.foreignBody).toBe(foreign);
  });
});

describe('transport: what an answer says about itself', () => {
  it('reads an HTML page by its content type, whatever the body starts with', async () => {
    const error = await failureOf({
      status: 502,
      headers: { 'content-type': 'text/html' },
      body: 'Bad gateway',
    });
    expect((error as ApiError).details.foreignBody).toBe('an HTML page');
  });

  it('treats a 300 as an error even with a usable body', async () => {
    const error = await failureOf({ status: 300, body: wireNumber() });
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).httpStatus).toBe(300);
  });

  it("keeps the envelope's status, and the request id header of an unusable success answer", async () => {
    const refused = await failureOf({ status: 400, body: apiError('INVALID_ID') });
    expect((refused as ApiError).details.status).toBe('X');
    const unusable = await failureOf({ headers: { 'x-request-id': 'req_odd' }, body: 'not json' });
    expect(unusable).toBeInstanceOf(BadResponseError);
    expect((unusable as BadResponseError).message).toMatch(/, request_id req_odd\)$/);
  });
});
