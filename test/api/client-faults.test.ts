import { describe, expect, it } from 'vitest';
import { ApiError, PurchaseOutcomeUnknownError } from '../../src/api/api-error.ts';
import type { CreateNumberInput } from '../../src/api/client.ts';
import type { NumformError } from '../../src/errors/numform-error.ts';
import { NIL_UUID } from '../../src/model/number.ts';
import { useClient, useSimulator } from '../support/simulator.ts';
import { virtualTiming } from '../support/virtual-timing.ts';
import { makeWorkspace, numbersYaml, numformAgainst } from '../support/workspace.ts';

const KEY = 'vb_live_7f3c9a1e5b2d';
const purchase: CreateNumberInput = {
  number: '+15551230001',
  type: 'normal',
  name: 'Support',
  detail: '',
  callFlowId: NIL_UUID,
  messageFlowId: NIL_UUID,
};

describe('client: how the key travels', () => {
  it('sends the key in the cookie of every request, never in a URL, with JSON headers', async () => {
    const sim = await useSimulator({ accessKey: KEY, seed: { numbers: [{ number: '+899100000001' }] } });
    const client = useClient(sim, { accessKey: KEY });
    const [existing] = await client.listNumbers();
    await client.listFlows();
    const { number } = await client.createNumber(purchase);
    await client.getNumber(number.id);
    await client.updateNumber(number.id, {
      name: 'x',
      detail: '',
      callFlowId: NIL_UUID,
      messageFlowId: NIL_UUID,
    });
    await client.updateMetadata(number.id, { rtpDebug: true });
    await client.deleteNumber(existing!.id);
    expect(sim.requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      'GET /v1.0/numbers?page_size=100',
      'GET /v1.0/flows?page_size=100',
      'POST /v1.0/numbers',
      `GET /v1.0/numbers/${number.id}`,
      `PUT /v1.0/numbers/${number.id}`,
      `PUT /v1.0/numbers/${number.id}/metadata`,
      `DELETE /v1.0/numbers/${existing!.id}`,
    ]);
    for (const r of sim.requests) {
      expect(r.headers.cookie).toBe(`accesskey=${KEY}`);
      expect(r.headers.authorization).toBeUndefined();
      expect(r.headers.accept).toBe('application/json');
      expect(r.headers['user-agent']).toBe('numform');
      const hasBody = r.method === 'POST' || r.method === 'PUT';
      expect(r.headers['content-type']).toBe(hasBody ? 'application/json' : undefined);
      expect(r.body === '').toBe(!hasBody);
    }
    expect(JSON.parse(sim.requests[2]!.body)).toEqual({
      number: '+15551230001',
      type: 'normal',
      name: 'Support',
      detail: '',
      call_flow_id: NIL_UUID,
      message_flow_id: NIL_UUID,
    });
    expect(JSON.parse(sim.requests[5]!.body)).toEqual({ rtp_debug: true });
  });
});

describe('client: pages at the default size', () => {
  it.each([
    [101, 2],
    [200, 3],
    [250, 3],
  ])('reads all %i numbers in %i pages of at most 100', async (count, pages) => {
    const numbers = Array.from({ length: count }, (_, i) => ({
      number: `+899100${String(i + 1).padStart(6, '0')}`,
    }));
    const sim = await useSimulator({ seed: { numbers }, virtualLimit: 0 });
    const client = useClient(sim);
    const listed = await client.listNumbers();
    expect(listed).toHaveLength(count);
    expect(new Set(listed.map((n) => n.number)).size).toBe(count);
    expect(sim.requests).toHaveLength(pages);
    for (const r of sim.requests) expect(new URL(r.url, sim.url).searchParams.get('page_size')).toBe('100');
  });

  it('clamps a larger page size to 100', async () => {
    const numbers = Array.from({ length: 150 }, (_, i) => ({
      number: `+899100${String(i + 1).padStart(6, '0')}`,
    }));
    const sim = await useSimulator({ seed: { numbers }, virtualLimit: 0 });
    const client = useClient(sim, { pageSize: 1000 });
    expect(await client.listNumbers()).toHaveLength(150);
    expect(new URL(sim.requests[0]!.url, sim.url).searchParams.get('page_size')).toBe('100');
    const small = useClient(sim, { pageSize: 0 });
    await small.listFlows();
    expect(new URL(sim.requests.at(-1)!.url, sim.url).searchParams.get('page_size')).toBe('1');
  });
});

describe('client: an ambiguous POST', () => {
  it('sends a POST that keeps failing with 503 once, looking for the number over the window', async () => {
    const sim = await useSimulator();
    sim.faults.add({ kind: '503', method: 'POST', times: 10 });
    const timing = virtualTiming();
    const client = useClient(sim, { timing });
    const error = (await client.createNumber(purchase).catch((e: unknown) => e)) as NumformError;
    expect(error).toBeInstanceOf(PurchaseOutcomeUnknownError);
    expect(error.code).toBe('PURCHASE_OUTCOME_UNKNOWN');
    expect(error.cause).toMatchObject({ code: 'API_SERVICE_UNAVAILABLE' });
    expect(sim.requests.map((r) => r.method)).toEqual(['POST', ...Array<string>(7).fill('GET')]);
    expect(sim.account.state.numbers).toHaveLength(0);
  });

  it('honours purchaseLookupWindowMs', async () => {
    const sim = await useSimulator();
    sim.faults.add({ kind: '503', method: 'POST', times: 10 });
    const timing = virtualTiming();
    const client = useClient(sim, { timing, purchaseLookupWindowMs: 5000 });
    const error = (await client.createNumber(purchase).catch((e: unknown) => e)) as NumformError;
    expect(error.message).toContain('did not appear in the account within 5 s');
    expect(timing.slept).toEqual([1000, 2000, 2000]);
    expect(sim.stats.get('GET /numbers')).toBe(4);
    expect(sim.stats.get('POST /numbers')).toBe(1);
  });

  it('does not re-send a POST whose connection dropped: the server may have read it', async () => {
    const sim = await useSimulator();
    sim.faults.add({ kind: 'reset-before', method: 'POST', times: 1 });
    const client = useClient(sim, { timing: virtualTiming() });
    const error = (await client.createNumber(purchase).catch((e: unknown) => e)) as NumformError;
    expect(error.code).toBe('PURCHASE_OUTCOME_UNKNOWN');
    expect(error.message).toMatch(
      /^The outcome of the purchase of \+15551230001 is unknown: Could not create number: UND_ERR_SOCKET: other side closed \(POST \/numbers, X-Request-Id numform-[A-Z2-7]{16}-1\); the number did not appear in the account within 60 s\. The purchase was NOT re-sent\.$/,
    );
    expect(error.hint).toMatch(/^Run `numform plan` later: it reads the account/);
    expect(sim.stats.get('POST /numbers')).toBe(1);
    expect(sim.account.state.billing?.balanceMicros).toBe(1_000_000_000);
  });
});

describe('client: timeouts', () => {
  // undici checks header and body timeouts on a coarse (about 1 s) timer, hence the long slow answer.
  it('gives up on an answer slower than the headers timeout and asks again', async () => {
    const sim = await useSimulator({ seed: { numbers: [{ number: '+899100000001' }] } });
    sim.faults.add({ kind: 'slow', method: 'GET', slowMs: 3000, times: 1 });
    const client = useClient(sim, { headersTimeoutMs: 100 });
    expect(await client.listNumbers()).toHaveLength(1);
    expect(sim.stats.get('GET /numbers')).toBe(2);
  });
});

describe('client: a gateway that quotes the key back', () => {
  it('redacts the key from an API error message that quotes the cookie, and does not retry the 400', async () => {
    const sim = await useSimulator({ accessKey: KEY });
    sim.faults.add({ kind: 'echo', method: 'GET' });
    const client = useClient(sim, { accessKey: KEY });
    const error = (await client.listNumbers().catch((e: unknown) => e)) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error.details.apiMessage).toBe(
      'Refused request GET /v1.0/numbers?page_size=100 with cookie "accesskey=[REDACTED]".',
    );
    expect(`${error.message}\n${JSON.stringify(error)}`).not.toContain(KEY);
    expect(sim.requests).toHaveLength(1);
  });

  it("redacts the key from a proxy's HTML error page, retried like any 502", async () => {
    const sim = await useSimulator({ accessKey: KEY });
    sim.faults.add({ kind: 'proxy-html', method: 'GET', times: 10 });
    const client = useClient(sim, { accessKey: KEY, maxRetries: 1 });
    const error = (await client.listNumbers().catch((e: unknown) => e)) as ApiError;
    expect(error.code).toBe('API_HTTP_502');
    expect(error.message).toContain('cookie: accesskey=[REDACTED]</pre>');
    expect(error.message).not.toContain(KEY);
    expect(sim.requests).toHaveLength(2);
  });

  it.each([
    ['the environment', [], { VOIPBIN_ACCESSKEY: KEY }],
    ['--accesskey', ['--accesskey', KEY], { VOIPBIN_ACCESSKEY: undefined }],
    ['--accesskey=', [`--accesskey=${KEY}`], { VOIPBIN_ACCESSKEY: undefined }],
  ])('keeps the key given in %s out of what the CLI prints', async (_, args, env) => {
    const sim = await useSimulator({ accessKey: KEY });
    sim.faults.add({ kind: 'echo', method: 'GET' });
    const { dir } = makeWorkspace({ 'numbers.yaml': numbersYaml([{ number: '+899100000001' }]) });
    const run = await numformAgainst(sim, dir)(['plan', ...args], { env });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('HTTP 400 INVALID_REQUEST');
    expect(run.stderr).toContain('cookie "accesskey=[REDACTED]"');
    expect(run.stdout + run.stderr).not.toContain(KEY);
  });
});
