import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { createServer, type ServerResponse } from 'node:http';
import { MockAgent } from 'undici';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, NetworkError } from '../../src/api/api-error.ts';
import { VoipbinClient, type ClientOptions } from '../../src/api/client.ts';
import { DEFAULT_ENDPOINT } from '../../src/api/endpoint.ts';
import { HttpTransport } from '../../src/api/http.ts';
import { NIL_UUID } from '../../src/model/number.ts';
import { apiError, useScriptedServer, type ScriptedAnswer } from '../support/scripted-server.ts';
import { virtualTiming } from '../support/virtual-timing.ts';
import { wireNumber } from '../support/wire-number.ts';

const KEY = 'vb_scripted_key_0123';
const ID = '0e2a6ab8-7c8a-4d4e-9f2b-1c1a2b3c4d5e';
const clients: VoipbinClient[] = [];
afterEach(async () => {
  while (clients.length) await clients.pop()!.close();
});

const ok: ScriptedAnswer = { body: wireNumber() };
const fail = (status: number, reason = 'SOME_REASON', headers: Record<string, string | string[]> = {}) => ({
  status,
  headers,
  body: apiError(reason),
});

/** A client on a virtual clock (so backoff is recorded, not waited) against scripted answers. */
async function scripted(answers: ScriptedAnswer[], options: Partial<ClientOptions> = {}) {
  const server = await useScriptedServer(answers);
  const timing = virtualTiming();
  const client = new VoipbinClient({
    endpoint: server.url,
    accessKey: KEY,
    ratePerSecond: 0,
    timing,
    ...options,
  });
  clients.push(client);
  return { client, timing, requests: server.requests };
}

const update = { name: 'n', detail: '', callFlowId: NIL_UUID, messageFlowId: NIL_UUID };

describe('transport: what is retried', () => {
  it.each([400, 401, 403, 404, 409, 422, 499])('sends a call answered %i exactly once', async (status) => {
    const { client, timing, requests } = await scripted([fail(status), ok]);
    const error = (await client.getNumber(ID).catch((e: unknown) => e)) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error.httpStatus).toBe(status);
    expect(requests).toHaveLength(1);
    expect(timing.slept).toEqual([]);
  });

  it.each([500, 502, 503, 504, 599])('retries a GET, PUT and DELETE answered %i', async (status) => {
    for (const call of [
      (c: VoipbinClient) => c.getNumber(ID),
      (c: VoipbinClient) => c.updateNumber(ID, update),
      (c: VoipbinClient) => c.updateMetadata(ID, { rtpDebug: true }),
      (c: VoipbinClient) => c.deleteNumber(ID),
    ]) {
      const { client, requests } = await scripted([fail(status), ok]);
      await call(client);
      expect(requests.map((r) => r.method)).toHaveLength(2);
      expect(requests[0]!.method).toBe(requests[1]!.method);
    }
  });

  it('retries a reset GET', async () => {
    const { client, requests } = await scripted([{ reset: true }, ok]);
    expect((await client.getNumber(ID)).id).toBe(ID);
    expect(requests).toHaveLength(2);
  });

  it('gives up after 4 retries by default, backing off from 250 ms, doubling, plus up to one step of jitter', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0);
    const low = await scripted([fail(503)]);
    await expect(low.client.getNumber(ID)).rejects.toMatchObject({ httpStatus: 503 });
    expect(low.requests).toHaveLength(5);
    expect(low.timing.slept).toEqual([250, 500, 1000, 2000]);

    vi.spyOn(Math, 'random').mockReturnValue(0.999);
    const high = await scripted([fail(503)]);
    await expect(high.client.getNumber(ID)).rejects.toMatchObject({ httpStatus: 503 });
    expect(high.timing.slept).toEqual([499, 749, 1249, 2249]);
  });

  it('caps the backoff at 10 s and honours maxRetries and retryBaseMs', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0);
    const { client, timing, requests } = await scripted([fail(500)], { maxRetries: 3, retryBaseMs: 4000 });
    await expect(client.getNumber(ID)).rejects.toMatchObject({ httpStatus: 500 });
    expect(requests).toHaveLength(4);
    expect(timing.slept).toEqual([4000, 8000, 10_000]);
  });

  it.each<[string, string | string[] | undefined, number]>([
    ['whole seconds', '2', 2000],
    ['zero', '0', 0],
    ['a fraction', '1.5', 1500],
    ['more than the 30 s cap', '120', 30_000],
    ['a repeated header (the first counts)', ['3', '7'], 3000],
    ['an HTTP date (not understood: normal backoff)', 'Wed, 21 Oct 2015 07:28:00 GMT', 250],
    ['a negative value (normal backoff)', '-1', 250],
    ['no header (normal backoff)', undefined, 250],
  ])('waits out a 429 with Retry-After as %s', async (_, header, wait) => {
    vi.spyOn(Math, 'random').mockReturnValue(0);
    const headers = header === undefined ? {} : { 'retry-after': header };
    const { client, timing, requests } = await scripted([fail(429, 'RATE_LIMIT_EXCEEDED', headers), ok]);
    await client.getNumber(ID);
    expect(timing.slept).toEqual([wait]);
    expect(requests).toHaveLength(2);
  });

  it('honours Retry-After on a 503 too', async () => {
    const { client, timing } = await scripted([fail(503, 'UNAVAILABLE', { 'retry-after': '4' }), ok]);
    await client.getNumber(ID);
    expect(timing.slept).toEqual([4000]);
  });

  it('keeps the Retry-After of the error it finally throws', async () => {
    const { client } = await scripted([fail(429, 'RATE_LIMIT_EXCEEDED', { 'retry-after': '3' })], {
      maxRetries: 0,
    });
    const error = (await client.getNumber(ID).catch((e: unknown) => e)) as ApiError;
    expect(error.details.retryAfterSeconds).toBe(3);
  });

  it("spaces requests at the server's 16.7 per second by default after a burst of 32", async () => {
    const server = await useScriptedServer([ok]);
    const timing = virtualTiming();
    const client = new VoipbinClient({ endpoint: server.url, accessKey: KEY, timing });
    clients.push(client);
    for (let i = 0; i < 34; i++) await client.getNumber(ID);
    // 1 / 16.7 s, rounded up to whole milliseconds; at 17/s it would be 59.
    expect(timing.slept).toEqual([60, 60]);
    expect(client.requestsSent).toBe(34);
  });
});

describe('transport: the budget after a full burst', () => {
  it('counts refills from the moment an answer begins, not from the end of its body', async () => {
    // The first answer's headers come at once; its body only once the second request has arrived.
    const body = JSON.stringify(wireNumber());
    let held: ServerResponse | undefined;
    const server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      if (held === undefined) {
        held = res;
        res.flushHeaders();
        return;
      }
      res.end(body);
      held.end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const timing = virtualTiming();
      // A burst of one at 1/s: the second request needs a refill, counted once the first is answered.
      const client = new VoipbinClient({
        endpoint: `http://127.0.0.1:${(server.address() as { port: number }).port}/v1.0`,
        accessKey: KEY,
        ratePerSecond: 1,
        timing,
      });
      clients.push(client);
      const headersSeen = new Promise<void>((resolve) => {
        const onHeaders = (): void => {
          unsubscribe('undici:request:headers', onHeaders);
          resolve();
        };
        subscribe('undici:request:headers', onHeaders);
      });
      const first = client.getNumber(ID);
      await headersSeen;
      // After the client's own handling of those headers.
      await new Promise((resolve) => setImmediate(resolve));
      const [a, b] = await Promise.all([first, client.getNumber(ID)]);
      expect([a.id, b.id]).toEqual([ID, ID]);
      // Counted from the end of the first answer instead, the refill would have waited a second more.
      expect(timing.slept).toEqual([1000]);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe('transport: DELETE after an ambiguous attempt', () => {
  it.each<[string, ScriptedAnswer]>([
    ['a reset', { reset: true }],
    ['a 503', fail(503)],
    ['a 500', fail(500)],
  ])('counts a 404 after %s as done', async (_, first) => {
    const { client, requests } = await scripted([first, fail(404, 'RESOURCE_NOT_FOUND')]);
    await expect(client.deleteNumber(ID)).resolves.toBe('deleted');
    expect(requests.map((r) => r.method)).toEqual(['DELETE', 'DELETE']);
  });

  it('reads a 404 after a 429 as released elsewhere: a 429 did nothing', async () => {
    const { client, requests } = await scripted([fail(429), fail(404, 'RESOURCE_NOT_FOUND')]);
    await expect(client.deleteNumber(ID)).resolves.toBe('already-gone');
    expect(requests).toHaveLength(2);
  });

  it('does not count other errors after a reset as done', async () => {
    const gaveUp = await scripted([{ reset: true }, fail(503)], { maxRetries: 1 });
    await expect(gaveUp.client.deleteNumber(ID)).rejects.toMatchObject({ httpStatus: 503 });
    expect(gaveUp.requests).toHaveLength(2);
    const forbidden = await scripted([{ reset: true }, fail(403, 'PERMISSION_DENIED')]);
    await expect(forbidden.client.deleteNumber(ID)).rejects.toMatchObject({ httpStatus: 403 });
    expect(forbidden.requests).toHaveLength(2);
  });

  it('reads a first-attempt 404 as already gone, but a wrong route and a GET after a reset as errors', async () => {
    const first = await scripted([fail(404, 'NUMBER_NOT_FOUND')]);
    await expect(first.client.deleteNumber(ID)).resolves.toBe('already-gone');
    const route = await scripted([fail(404, 'ROUTE_NOT_FOUND')]);
    await expect(route.client.deleteNumber(ID)).rejects.toMatchObject({ httpStatus: 404 });
    const get = await scripted([{ reset: true }, fail(404)]);
    await expect(get.client.getNumber(ID)).rejects.toMatchObject({ httpStatus: 404 });
  });
});

describe('transport: answers that are not the usual JSON', () => {
  it("keeps the start of a proxy's HTML error page as the message, and the request id header", async () => {
    const page = `<html><body>502 Bad Gateway${'.'.repeat(300)}</body></html>`;
    const { client, requests } = await scripted(
      [{ status: 502, headers: { 'content-type': 'text/html', 'x-request-id': 'req_proxy' }, body: page }],
      { maxRetries: 1 },
    );
    const error = (await client.getNumber(ID).catch((e: unknown) => e)) as ApiError;
    expect(error.code).toBe('API_HTTP_502');
    expect(error.details.apiMessage).toBe(`${page.slice(0, 199)}…`);
    expect(error.details.foreignBody).toBe('an HTML page');
    expect(error.message).toMatch(
      /^Could not get number: HTTP 502 with an HTML page, not a VoIPBIN error answer: <html><body>502 Bad Gateway\.+… \(GET \/numbers\/\S+, request_id req_proxy\)$/,
    );
    expect(error.hint).toMatch(/^Something other than the VoIPBIN API answered .*A server-side failure/);
    expect(error.details.requestId).toBe('req_proxy');
    expect(requests).toHaveLength(2);
  });

  it("names a proxy's 429 and 403 pages as such, with their status, and waits the 429 out like any", async () => {
    const page = (status: number): ScriptedAnswer => ({
      status,
      headers: { 'content-type': 'text/html' },
      body: `<html><body>${status} from the edge</body></html>`,
    });
    const limited = await scripted([page(429)], { maxRateLimitRetries: 1 });
    const tooMany = (await limited.client.getNumber(ID).catch((e: unknown) => e)) as ApiError;
    expect(tooMany.code).toBe('API_HTTP_429');
    expect(tooMany.message).toMatch(
      /^Could not get number: HTTP 429 with an HTML page, not a VoIPBIN error answer: /,
    );
    expect(tooMany.hint).toMatch(
      /^Something other than the VoIPBIN API answered .* Something rate-limited the requests; lower --rate-limit/,
    );
    expect(limited.requests).toHaveLength(2);
    const denied = await scripted([page(403)]);
    const forbidden = (await denied.client.getNumber(ID).catch((e: unknown) => e)) as ApiError;
    expect(forbidden.message).toMatch(
      /^Could not get number: HTTP 403 with an HTML page, not a VoIPBIN error answer: /,
    );
    expect(forbidden.hint).toBe(
      'Something other than the VoIPBIN API answered (a proxy, gateway or captive portal?): check --endpoint / VOIPBIN_ENDPOINT and your network.',
    );
    expect(denied.requests).toHaveLength(1);
  });

  it("prefers the envelope's request id, and names a JSON body without an envelope as foreign", async () => {
    const { client } = await scripted(
      [
        { status: 400, headers: { 'x-request-id': 'req_header' }, body: apiError('INVALID_ID') },
        { status: 400, headers: { 'x-request-id': 'req_header' }, body: { message: 'no envelope' } },
      ],
      { maxRetries: 0 },
    );
    const first = (await client.getNumber(ID).catch((e: unknown) => e)) as ApiError;
    expect(first.details.requestId).toBe('req_scripted');
    const second = (await client.getNumber(ID).catch((e: unknown) => e)) as ApiError;
    expect(second.details).toMatchObject({
      status: '',
      reason: '',
      apiMessage: '{"message":"no envelope"}',
      requestId: 'req_header',
      foreignBody: "a JSON body without VoIPBIN's error envelope",
    });
    expect(second.code).toBe('API_HTTP_400');
  });

  it('has no request id when neither the envelope nor a header gives one, and takes the first of a repeated header', async () => {
    const { client, requests } = await scripted(
      [
        { status: 400, body: { message: 'bare' } },
        { status: 400, headers: { 'x-request-id': ['req_a', 'req_b'] }, body: { message: 'twice' } },
      ],
      { maxRetries: 0 },
    );
    const bare = (await client.getNumber(ID).catch((e: unknown) => e)) as ApiError;
    expect(bare.details.requestId).toBe('');
    // No id came back: the message names the one numform sent instead.
    const sent = requests[0]!.headers['x-request-id'] as string;
    expect(bare.details.sentRequestId).toBe(sent);
    expect(bare.message).toMatch(new RegExp(`X-Request-Id ${sent}; the answer carried no request_id\\)$`));
    const twice = (await client.getNumber(ID).catch((e: unknown) => e)) as ApiError;
    expect(twice.details.requestId).toBe('req_a');
  });

  it('treats a 2xx as success and a 3xx as an error sent once', async () => {
    const success = await scripted([{ status: 299, body: wireNumber() }]);
    expect((await success.client.getNumber(ID)).id).toBe(ID);
    const redirect = await scripted([{ status: 300, body: '' }]);
    await expect(redirect.client.getNumber(ID)).rejects.toMatchObject({ httpStatus: 300 });
    expect(redirect.requests).toHaveLength(1);
  });

  it('accepts an empty success body from DELETE', async () => {
    const { client, requests } = await scripted([{ status: 200, body: '' }]);
    await expect(client.deleteNumber(ID)).resolves.toBe('deleted');
    expect(requests).toHaveLength(1);
  });

  it('retries a body that stops arriving, after the body timeout', async () => {
    const { client, requests } = await scripted([{ stallBody: true }, ok], { bodyTimeoutMs: 100 });
    expect((await client.getNumber(ID)).id).toBe(ID);
    expect(requests).toHaveLength(2);
    const once = await scripted([{ stallBody: true }], { bodyTimeoutMs: 100, maxRetries: 0 });
    const error = await once.client.getNumber(ID).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as NetworkError).message).toMatch(
      /^Could not get number: UND_ERR_BODY_TIMEOUT: .* \(GET \/numbers\//,
    );
  });
});

describe('transport: naming the call and the connection', () => {
  it('names the operation in the error of every call', async () => {
    const { client } = await scripted([fail(400)], { maxRetries: 0 });
    const calls: [string, () => Promise<unknown>][] = [
      ['list numbers', () => client.listNumbers()],
      ['get number', () => client.getNumber(ID)],
      ['update number', () => client.updateNumber(ID, update)],
      ['update metadata', () => client.updateMetadata(ID, { rtpDebug: false })],
      ['delete number', () => client.deleteNumber(ID)],
      ['list flows', () => client.listFlows()],
    ];
    for (const [operation, call] of calls) {
      const error = (await call().catch((e: unknown) => e)) as ApiError;
      expect(error.message.startsWith(`VoIPBIN refused to ${operation}: HTTP 400`)).toBe(true);
    }
  });

  it('sends nothing more once closed', async () => {
    const { client, requests } = await scripted([ok], { maxRetries: 0 });
    await client.getNumber(ID);
    clients.splice(clients.indexOf(client), 1);
    await client.close();
    await expect(client.getNumber(ID)).rejects.toBeInstanceOf(NetworkError);
    expect(requests).toHaveLength(1);
  });

  it('joins an endpoint with trailing slashes and the path with one slash', async () => {
    const server = await useScriptedServer([ok]);
    const transport = new HttpTransport({ endpoint: `${server.url}//`, accessKey: KEY, ratePerSecond: 0 });
    try {
      await transport.send({
        operation: 'get number',
        method: 'GET',
        path: `/numbers/${ID}`,
        retry: 'safe-only',
      });
    } finally {
      await transport.close();
    }
    expect(server.requests.map((r) => r.url)).toEqual([`/v1.0/numbers/${ID}`]);
  });
});

describe('transport: the key never leaves in a message', () => {
  it('redacts the key from a network error that quotes it', async () => {
    const agent = new MockAgent();
    agent.disableNetConnect();
    const leak = Object.assign(new Error(`proxy refused request with Cookie: accesskey=${KEY}`), {
      code: 'ECONNREFUSED',
    });
    agent
      .get('https://api.voipbin.net')
      .intercept({ path: `/v1.0/numbers/${ID}`, method: 'GET' })
      .replyWithError(leak);
    const client = new VoipbinClient({
      endpoint: DEFAULT_ENDPOINT,
      accessKey: KEY,
      ratePerSecond: 0,
      maxRetries: 0,
      dispatcher: agent,
    });
    clients.push(client);
    const error = (await client.getNumber(ID).catch((e: unknown) => e)) as NetworkError;
    expect(error).toBeInstanceOf(NetworkError);
    expect(error.message).toMatch(
      new RegExp(
        `^Could not get number: ECONNREFUSED: proxy refused request with Cookie: accesskey=\\[REDACTED\\] \\(GET /numbers/${ID}, X-Request-Id numform-[A-Z2-7]{16}-1\\)$`,
      ),
    );
    expect(String((error.cause as Error).message)).not.toContain(KEY);
  });
});

describe('transport: one request per connection at a time', () => {
  it('sends no more requests at once than the pool has connections, and a stop takes back the rest', async () => {
    // Answers are held until the test lets them go: requests beyond the pool would queue inside it.
    const held: ServerResponse[] = [];
    const server = createServer((_req, res) => void held.push(res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const stop = new AbortController();
      const client = new VoipbinClient({
        endpoint: `http://127.0.0.1:${(server.address() as { port: number }).port}/v1.0`,
        accessKey: KEY,
        connections: 3,
        signal: stop.signal,
      });
      clients.push(client);
      const calls = Array.from({ length: 8 }, () =>
        client.getNumber(ID).then(
          () => 'answered',
          (e: unknown) => e,
        ),
      );
      await vi.waitFor(() => expect(held).toHaveLength(3));
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(held).toHaveLength(3);
      const reason = new Error('Ctrl-C');
      stop.abort(reason);
      for (const res of held)
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(wireNumber()));
      const outcomes = await Promise.all(calls);
      expect(outcomes.filter((o) => o === 'answered')).toHaveLength(3);
      expect(outcomes.filter((o) => o === reason)).toHaveLength(5);
      expect(held).toHaveLength(3);
      expect(client.requestsSent).toBe(3);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
