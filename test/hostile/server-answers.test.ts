import { afterEach, describe, expect, it } from 'vitest';
import { VoipbinClient, type ClientOptions } from '../../src/api/client.ts';
import type { WireFlow } from '../../src/api/wire.ts';
import { NumformError, toNumformError } from '../../src/errors/numform-error.ts';
import { NIL_UUID } from '../../src/model/number.ts';
import { runNumform } from '../support/cli.ts';
import {
  accountReadAnswer,
  SCRIPTED_WEBHOOK_SECRET,
  useScriptedServer,
  type ScriptedAnswer,
  type SeenRequest,
} from '../support/scripted-server.ts';
import { virtualTiming } from '../support/virtual-timing.ts';
import { makeWorkspace, numbersYaml } from '../support/workspace.ts';
import { wireNumber as validWireNumber } from '../support/wire-number.ts';

const KEY = 'vb_hostile_Q7w9Xk2Lm4Np8Rt6';
const ID = '0e2a6ab8-7c8a-4d4e-9f2b-1c1a2b3c4d5e';
const clients: VoipbinClient[] = [];
afterEach(async () => {
  while (clients.length) await clients.pop()!.close();
});

/** A number as VoIPBIN sends it, with any field replaced by something it never sends. */
function wireNumber(fields: Record<string, unknown> = {}): Record<string, unknown> {
  return { ...validWireNumber(), ...fields };
}

/** A flow as VoIPBIN sends it, with any field replaced. */
function wireFlow(fields: Record<string, unknown> = {}): Record<string, unknown> {
  const wire: WireFlow = {
    id: 'd157ce07-0360-4cad-9007-c8ab89fccf9c',
    customer_id: '5e4a0680-804e-11ec-8477-2fea5968d85b',
    type: 'flow',
    name: 'Main IVR',
    on_complete_flow_id: NIL_UUID,
    tm_create: '2026-03-12T10:30:00Z',
    tm_update: null,
    tm_delete: null,
  };
  return { ...wire, ...fields };
}

const list = (...result: unknown[]): ScriptedAnswer => ({
  body: { result, next_page_token: result.length ? '2026-03-12T10:30:00.000000Z' : '' },
});

/** Every 12-character piece of the key: a key cut anywhere still leaves one of them behind. */
function expectNoKey(text: string): void {
  for (let i = 0; i + 12 <= KEY.length; i++) expect(text).not.toContain(KEY.slice(i, i + 12));
}

/**
 * Runs one call against one small hostile server; the failure must be a NumformError with a
 * code that is not INTERNAL, with no piece of the key anywhere in what a user would see.
 */
async function failure(
  answers: ScriptedAnswer[],
  call: (client: VoipbinClient) => Promise<unknown>,
  options: Partial<ClientOptions> = {},
): Promise<NumformError & { requests: SeenRequest[] }> {
  const server = await useScriptedServer(answers);
  const client = new VoipbinClient({
    endpoint: server.url,
    accessKey: KEY,
    ratePerSecond: 0,
    timing: virtualTiming(),
    ...options,
  });
  clients.push(client);
  const error = await call(client).then(
    () => {
      throw new Error('the hostile answer was accepted');
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(NumformError);
  const e = toNumformError(error);
  expect(e.code).not.toBe('INTERNAL');
  expectNoKey(`${e.code} ${e.message} ${e.hint ?? ''} ${JSON.stringify(e)}`);
  return Object.assign(e, { requests: server.requests });
}

/** How a message names a request whose answer carried no id: by the X-Request-Id numform sent. */
function sentId(e: { requests: SeenRequest[] }): string {
  const id = e.requests.at(-1)!.headers['x-request-id'];
  expect(id).toMatch(/^numform-[A-Z2-7]{16}-\d+$/);
  return `X-Request-Id ${String(id)}; the answer carried no request_id`;
}

const listNumbers = (c: VoipbinClient) => c.listNumbers();
const getNumber = (c: VoipbinClient) => c.getNumber(ID);

describe('hostile server: success answers numform cannot use', () => {
  it('a 200 with an HTML page', async () => {
    const e = await failure(
      [
        {
          headers: { 'content-type': 'text/html' },
          body: '<!doctype html><title>Sign in to the Wi-Fi</title>',
        },
      ],
      listNumbers,
    );
    expect(e.code).toBe('API_BAD_RESPONSE');
    expect(e.message).toBe(
      'Could not list numbers: the answer (HTTP 200) is an HTML page, not JSON: <!doctype html><title>Sign in to the Wi-Fi</title> ' +
        `(GET /numbers, ${sentId(e)})`,
    );
    expect(e.hint).toMatch(/^numform did not use this answer\. Check --endpoint/);
  });

  it('a 200 with invalid JSON', async () => {
    const e = await failure([{ body: '{"result": [{"id": ' }], listNumbers);
    expect(e.code).toBe('API_BAD_RESPONSE');
    expect(e.message).toMatch(
      /^Could not list numbers: the answer \(HTTP 200\) is not valid JSON: \{"result": \[\{"id": \(/,
    );
  });

  it('a 200 with an empty body where a number was expected', async () => {
    const e = await failure([{ body: '' }], getNumber);
    expect(e.code).toBe('API_BAD_RESPONSE');
    expect(e.message).toBe(
      `Could not get number: the answer (HTTP 200) is empty, where JSON was expected (GET /numbers/${ID}, ${sentId(e)})`,
    );
  });

  it('a 200 whose list has no result', async () => {
    const e = await failure([{ body: { ok: true } }], listNumbers);
    expect(e.code).toBe('API_BAD_RESPONSE');
    expect(e.message).toContain('the answer (HTTP 200) has no "result" list: {"ok":true}');
  });

  it('a 200 whose body is a bare value', async () => {
    const e = await failure([{ body: '"fine"' }], getNumber);
    expect(e.code).toBe('API_BAD_RESPONSE');
    expect(e.message).toContain('the answer (HTTP 200) is not a number but "fine"');
  });
});

describe('hostile server: numbers of the wrong shape', () => {
  it('one unparsable timestamp on one listed number', async () => {
    const e = await failure(
      [list(wireNumber({ id: 'a', number: '+15550000001' }), wireNumber({ tm_update: 'yesterday' }))],
      listNumbers,
    );
    expect(e.code).toBe('API_BAD_RESPONSE');
    expect(e.message).toBe(
      'Could not list numbers: the answer (HTTP 200) lists a number (item 2 of 2 on the page, number +15551230001, ' +
        `id ${ID}) whose tm_update is not a time: "yesterday" (GET /numbers, ${sentId(e)})`,
    );
  });

  it.each(['tm_create', 'tm_purchase', 'tm_renew', 'tm_delete'])(
    'an unparsable %s on the number asked for',
    async (field) => {
      const e = await failure([{ body: wireNumber({ [field]: '12/03/2026' }) }], getNumber);
      expect(e.code).toBe('API_BAD_RESPONSE');
      expect(e.message).toContain(
        `is a number (number +15551230001, id ${ID}) whose ${field} is not a time: "12/03/2026"`,
      );
    },
  );

  it('a timestamp that is not text', async () => {
    const e = await failure([list(wireNumber({ tm_create: 1_700_000_000 }))], listNumbers);
    expect(e.message).toContain('whose tm_create is not a time: 1700000000');
  });

  it('a listed number with number: null', async () => {
    const e = await failure([list(wireNumber({ number: null }))], listNumbers);
    expect(e.code).toBe('API_BAD_RESPONSE');
    expect(e.message).toContain(
      `lists a number (item 1 of 1 on the page, id ${ID}) without a "number" (it is null)`,
    );
  });

  it('a listed number without an id', async () => {
    const { id: _, ...noId } = wireNumber();
    const e = await failure([list(noId)], listNumbers);
    expect(e.code).toBe('API_BAD_RESPONSE');
    expect(e.message).toContain(
      'lists a number (item 1 of 1 on the page, number +15551230001) without an "id" (it is missing)',
    );
  });

  it('a listed item that is not an object', async () => {
    const e = await failure([list(wireNumber(), null)], listNumbers);
    expect(e.message).toContain('lists, as item 2 of 2 on the page, null where a number was expected');
  });

  it('a number whose status is not text', async () => {
    const e = await failure([{ body: wireNumber({ status: 7 }) }], getNumber);
    expect(e.message).toContain(`is a number (number +15551230001, id ${ID}) whose "status" is not text`);
  });

  it('a null tm_create on the last item of a full page: an error, never part of the list', async () => {
    const e = await failure(
      [
        list(wireNumber({ id: 'a', number: '+15550000001' }), wireNumber({ tm_create: null })),
        list(wireNumber({ id: 'c', number: '+15550000003', tm_create: '2026-03-01T00:00:00Z' })),
      ],
      listNumbers,
      { pageSize: 2 },
    );
    expect(e.code).toBe('API_BAD_RESPONSE');
    expect(e.message).toBe(
      `Could not list numbers: the answer (HTTP 200) ends a full page with an item (id ${ID}) that has no tm_create, ` +
        'so the rest of the list cannot be asked for; numform refuses to work from part of a list ' +
        `(GET /numbers, ${sentId(e)})`,
    );
    expect(e.requests).toHaveLength(1);
  });

  it('a flow with an unparsable time', async () => {
    const e = await failure([list(wireFlow({ tm_update: 'soon' }))], (c) => c.listFlows());
    expect(e.code).toBe('API_BAD_RESPONSE');
    expect(e.message).toMatch(
      /^Could not list flows: the answer \(HTTP 200\) lists a flow \(item 1 of 1 on the page, id d157ce07-\S+\) whose tm_update is not a time: "soon" \(GET \/flows, /,
    );
  });

  it('a request id with control characters, cleaned', async () => {
    const e = await failure(
      [
        {
          status: 400,
          body: { error: { reason: 'X', message: 'no', request_id: 'req_\u001b[2J\u202eabc' } },
        },
      ],
      getNumber,
    );
    expect(e.message).toMatch(/, request_id req_ \[2J abc\)$/);
  });
});

describe('hostile server: lists and answers without end', () => {
  it('a list that returns new items forever stops at the cap', async () => {
    let page = 0;
    const e = await failure(
      [
        {
          body: () => {
            page++;
            const time = new Date(Date.UTC(2026, 0, 1) - page * 1000).toISOString();
            return {
              result: [1, 2].map((i) =>
                wireNumber({ id: `id-${page}-${i}`, number: `+1555${page}${i}`, tm_create: time }),
              ),
              next_page_token: time,
            };
          },
        },
      ],
      listNumbers,
      { pageSize: 2, maxListed: 7 },
    );
    expect(e.code).toBe('LISTING_TOO_LONG');
    expect(e.message).toBe(
      'VoIPBIN listed more than 7 numbers; numform stopped reading there, as it would rather refuse than plan from a list that may never end.',
    );
    expect(e.hint).toMatch(/^If the account really holds more than 7 numbers, raise --max-numbers/);
    expect(e.requests).toHaveLength(4);
  });

  it('headers, then a byte every few moments: given up at the deadline', async () => {
    const e = await failure([{ dripEveryMs: 30 }], listNumbers, {
      requestTimeoutMs: 250,
      bodyTimeoutMs: 10_000,
      maxRetries: 1,
    });
    expect(e.code).toBe('NETWORK_DEADLINE');
    // The id of the last attempt: with no answer at all, the only one a user can quote.
    expect(e.message).toMatch(
      /^Could not list numbers: no complete answer within 250 ms, the deadline of one request \(GET \/numbers, X-Request-Id numform-[A-Z2-7]{16}-2\)$/,
    );
    // Under load the deadline can pass before the server has read a request: count at most.
    expect(e.requests.length).toBeLessThanOrEqual(2);
  });
});

describe('hostile server: error answers', () => {
  it("a proxy's HTML error page is named as such, with its status", async () => {
    const e = await failure(
      [
        {
          status: 502,
          headers: { 'content-type': 'text/html' },
          body: '<html><h1>502 Bad Gateway</h1></html>',
        },
      ],
      getNumber,
      { maxRetries: 0 },
    );
    expect(e.code).toBe('API_HTTP_502');
    expect(e.message).toBe(
      `Could not get number: HTTP 502 with an HTML page, not a VoIPBIN error answer: <html><h1>502 Bad Gateway</h1></html> (GET /numbers/${ID}, ${sentId(e)})`,
    );
    expect(e.hint).toMatch(/^Something other than the VoIPBIN API answered/);
  });

  it('plain text with a 401 does not borrow VoIPBIN reasons', async () => {
    const e = await failure([{ status: 401, body: 'denied' }], getNumber);
    expect(e.message).toContain('HTTP 401 with a body that is not JSON, not a VoIPBIN error answer: denied');
    expect(e.code).toBe('API_HTTP_401');
  });

  it('an envelope whose fields are not text', async () => {
    const e = await failure(
      [{ status: 400, body: { error: { reason: { nested: true }, message: 42, request_id: null } } }],
      getNumber,
    );
    expect(e.code).toBe('API_HTTP_400');
    expect(e.message).toBe(
      `VoIPBIN refused to get number: HTTP 400 {"nested":true}: 42 (GET /numbers/${ID}, ${sentId(e)})`,
    );
  });
});

describe('hostile server: the key echoed back', () => {
  it('in reason, message and request id: redacted everywhere', async () => {
    const e = await failure(
      [
        {
          status: 403,
          headers: { 'x-request-id': KEY },
          body: {
            error: { status: KEY, reason: KEY, message: `cookie: accesskey=${KEY}`, request_id: `rq-${KEY}` },
          },
        },
      ],
      getNumber,
    );
    expect(e.code).toBe('API_HTTP_403');
    expect(e.message).toBe(
      `VoIPBIN refused to get number: HTTP 403 [REDACTED]: cookie: accesskey=[REDACTED] (GET /numbers/${ID}, request_id rq-[REDACTED])`,
    );
  });

  it('in a long HTML page with the key across the 200th character', async () => {
    const head = '<html><body>';
    const body = `${head}${'x'.repeat(200 - head.length - 14)}${KEY}${'y'.repeat(400)}</body></html>`;
    expect(body.indexOf(KEY)).toBe(186);
    const e = await failure([{ status: 400, headers: { 'content-type': 'text/html' }, body }], getNumber);
    expect(e.message).toContain('x[REDACTED]y');
  });

  it('in a 200 answer that is not JSON, and in a wrong-shaped number', async () => {
    const notJson = await failure([{ body: `oops ${KEY}` }], getNumber);
    expect(notJson.message).toContain('is not valid JSON: oops [REDACTED]');
    const shaped = await failure([list(wireNumber({ tm_update: KEY }))], listNumbers);
    expect(shaped.message).toContain('whose tm_update is not a time: "[REDACTED]"');
  });
});

describe('hostile server: the real CLI ends with exit code 1, not a bug report', () => {
  /** A server that answers the numbers list with `numbers` and anything else with an empty list. */
  async function planAgainst(numbers: ScriptedAnswer) {
    const server = await useScriptedServer([
      {
        ...numbers,
        body: (seen: SeenRequest) =>
          seen.url.startsWith('/v1.0/numbers')
            ? numbers.body
            : (accountReadAnswer(seen) ?? { result: [], next_page_token: '' }),
      },
    ]);
    const { dir } = makeWorkspace({ 'numbers.yaml': numbersYaml([{ number: '+15551230001' }]) });
    const run = await runNumform(['plan'], {
      cwd: dir,
      env: { VOIPBIN_ENDPOINT: server.url, VOIPBIN_ACCESSKEY: KEY },
    });
    expect(run.code).toBe(1);
    expect(run.stderr).not.toMatch(/bug in numform|Unexpected error/);
    expectNoKey(run.stdout + run.stderr);
    expect(run.stdout + run.stderr).not.toContain(SCRIPTED_WEBHOOK_SECRET);
    return run;
  }

  it('a listed number with number: null', async () => {
    const run = await planAgainst(list(wireNumber({ number: null })));
    expect(run.stderr).toContain(
      `Error: Could not list numbers: the answer (HTTP 200) lists a number (item 1 of 1 on the page, id ${ID}) without a "number" (it is null)`,
    );
    expect(run.stderr).toContain('Hint: numform did not use this answer.');
  });

  it('a 200 with an HTML page echoing the key across the 200th character', async () => {
    const body = `<html><body>${'x'.repeat(174)}${KEY}${'y'.repeat(400)}</body></html>`;
    const run = await planAgainst({ body });
    expect(run.stderr).toContain('the answer (HTTP 200) is an HTML page, not JSON: <html><body>xxx');
    expect(run.stderr).toContain('x[REDACTED]y');
  });

  it('an unparsable timestamp', async () => {
    const run = await planAgainst(list(wireNumber({ tm_renew: 'never' })));
    expect(run.stderr).toContain('whose tm_renew is not a time: "never"');
  });
});
