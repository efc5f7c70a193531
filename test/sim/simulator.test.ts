import { describe, expect, it } from 'vitest';
import type { WireErrorEnvelope, WireList, WireNumber } from '../../src/api/wire.ts';
import { callSim as call, SIM_KEY as KEY } from '../support/sim-http.ts';
import { useSimulator } from '../support/simulator.ts';

const FLOW = 'd157ce07-0360-4cad-9007-c8ab89fccf9c';

const reason = (json: unknown) => (json as WireErrorEnvelope).error.reason;

describe('simulator fidelity: routing and auth', () => {
  it('answers an unknown route 404 ROUTE_NOT_FOUND without asking for credentials', async () => {
    const sim = await useSimulator();
    const res = await call(`${sim.url}/numberz`, { auth: false });
    expect(res.status).toBe(404);
    expect(reason(res.json)).toBe('ROUTE_NOT_FOUND');
    expect((await call(`${sim.url}/numbers`, { method: 'PATCH' })).status).toBe(404);
  });

  it('checks credentials before validating anything', async () => {
    const sim = await useSimulator();
    const res = await call(`${sim.url}/numbers?page_size=abc`, { auth: false });
    expect(res.status).toBe(401);
    expect(reason(res.json)).toBe('AUTHENTICATION_REQUIRED');
  });

  it('accepts the key as a query parameter, refuses it as a Bearer token, and accepts a JWT', async () => {
    const sim = await useSimulator({ jwt: 'eyJhbGciOi.test.jwt' });
    expect((await call(`${sim.url}/numbers?accesskey=${KEY}`, { auth: false })).status).toBe(200);
    const bearerKey = await call(`${sim.url}/numbers`, {
      auth: false,
      headers: { authorization: `Bearer ${KEY}` },
    });
    expect(bearerKey.status).toBe(401);
    expect(reason(bearerKey.json)).toBe('INVALID_CREDENTIALS');
    expect(
      (
        await call(`${sim.url}/numbers`, {
          auth: false,
          headers: { authorization: 'Bearer eyJhbGciOi.test.jwt' },
        })
      ).status,
    ).toBe(200);
  });

  it('echoes a valid X-Request-Id and generates one otherwise, in the header and the envelope', async () => {
    const sim = await useSimulator();
    const echoed = await call(`${sim.url}/numbers/nope`, { headers: { 'x-request-id': 'my-id_1' } });
    expect(echoed.headers['x-request-id']).toBe('my-id_1');
    expect((echoed.json as WireErrorEnvelope).error.request_id).toBe('my-id_1');
    const generated = await call(`${sim.url}/numbers/nope`, { headers: { 'x-request-id': 'bad id!' } });
    expect(generated.headers['x-request-id']).toMatch(/^req_[A-Z2-7]{26}$/);
  });

  it('answers the rate limit with 429, Retry-After and details', async () => {
    const sim = await useSimulator({ rateLimit: { perSecond: 1, burst: 1 } });
    await call(`${sim.url}/numbers`);
    const limited = await call(`${sim.url}/numbers`);
    expect(limited.status).toBe(429);
    expect(limited.headers['retry-after']).toBe('1');
    expect((limited.json as WireErrorEnvelope).error).toMatchObject({
      reason: 'RATE_LIMIT_EXCEEDED',
      details: [{ limited_by: 'customer' }],
    });
  });
});

describe('simulator fidelity: lists', () => {
  it('clamps page_size, refuses a non-integer, and gives "" only for an empty page', async () => {
    const numbers = Array.from({ length: 3 }, (_, i) => ({ number: `+89910000000${i + 1}` }));
    const sim = await useSimulator({ seed: { numbers } });
    for (const size of ['0', '-5', '1000']) {
      const res = await call(`${sim.url}/numbers?page_size=${size}`);
      expect((res.json as WireList<WireNumber>).result).toHaveLength(3);
    }
    const bad = await call(`${sim.url}/numbers?page_size=1.5`);
    expect(bad.status).toBe(400);
    expect(reason(bad.json)).toBe('INVALID_REQUEST_PARAMETER');
    const page = (await call(`${sim.url}/numbers?page_size=2`)).json as WireList<WireNumber>;
    expect(page.next_page_token).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    const last = (await call(`${sim.url}/numbers?page_size=2&page_token=${page.next_page_token}`))
      .json as WireList<WireNumber>;
    expect(last.result).toHaveLength(1);
    expect(last.next_page_token).not.toBe('');
    const empty = (await call(`${sim.url}/numbers?page_token=${last.next_page_token}`)).json;
    expect(empty).toEqual({ result: [], next_page_token: '' });
  });

  it('lists only flows of type "flow", leaving empty fields out', async () => {
    const sim = await useSimulator({
      seed: { flows: [{ name: 'IVR' }, { name: 'Queue', type: 'queue' }, { name: '' }] },
    });
    const flows = (await call(`${sim.url}/flows`)).json as WireList<Record<string, unknown>>;
    expect(flows.result).toHaveLength(2);
    expect(flows.result.find((f) => f.name === undefined)).not.toHaveProperty('detail');
  });
});

describe('simulator fidelity: numbers', () => {
  it('treats a +899 number posted without type as a normal purchase, as the real server does', async () => {
    const sim = await useSimulator();
    const res = await call(`${sim.url}/numbers`, { method: 'POST', body: { number: '+899100000001' } });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({
      type: 'normal',
      call_flow_id: '00000000-0000-0000-0000-000000000000',
      name: '',
    });
    expect(sim.account.state.billing?.balanceMicros).toBe(995_000_000);
  });

  it('rejects an empty number with 400 and a wrong JSON type with INVALID_JSON_BODY', async () => {
    const sim = await useSimulator();
    expect(reason((await call(`${sim.url}/numbers`, { method: 'POST', body: {} })).json)).toBe(
      'INVALID_ARGUMENT',
    );
    expect(
      reason((await call(`${sim.url}/numbers`, { method: 'POST', body: { number: '+1555', name: 5 } })).json),
    ).toBe('INVALID_JSON_BODY');
    expect(reason((await call(`${sim.url}/numbers`, { method: 'POST', body: '{oops' })).json)).toBe(
      'INVALID_JSON_BODY',
    );
  });

  it('blanks omitted fields on PUT, maps a non-UUID flow to nil, and skips the flow check on /flow_ids', async () => {
    const sim = await useSimulator({
      seed: {
        flows: [{ id: FLOW, name: 'IVR' }],
        numbers: [{ number: '+899100000001', name: 'n', detail: 'd', call_flow: 'IVR' }],
      },
    });
    const id = sim.account.state.numbers[0]!.id;
    const put = await call(`${sim.url}/numbers/${id}`, {
      method: 'PUT',
      body: { name: 'only name', call_flow_id: 'garbage' },
    });
    expect(put.json).toMatchObject({
      name: 'only name',
      detail: '',
      call_flow_id: '00000000-0000-0000-0000-000000000000',
    });
    expect((put.json as WireNumber).tm_update).not.toBeNull();
    const unknown = '11111111-1111-4111-8111-111111111111';
    const flowIds = await call(`${sim.url}/numbers/${id}/flow_ids`, {
      method: 'PUT',
      body: { call_flow_id: unknown },
    });
    expect(flowIds.json).toMatchObject({ call_flow_id: unknown });
    const meta = await call(`${sim.url}/numbers/${id}/metadata`, { method: 'PUT', body: {} });
    expect(meta.json).toMatchObject({ metadata: { rtp_debug: false } });
  });

  it('returns the deleted number from DELETE, then 404 RESOURCE_NOT_FOUND; unknown ids are NUMBER_NOT_FOUND', async () => {
    const sim = await useSimulator({ seed: { numbers: [{ number: '+899100000001' }] } });
    const id = sim.account.state.numbers[0]!.id;
    const deleted = await call(`${sim.url}/numbers/${id}`, { method: 'DELETE' });
    expect(deleted.json).toMatchObject({ status: 'deleted' });
    expect((deleted.json as WireNumber).tm_delete).not.toBeNull();
    expect(reason((await call(`${sim.url}/numbers/${id}`)).json)).toBe('RESOURCE_NOT_FOUND');
    expect(reason((await call(`${sim.url}/numbers/11111111-1111-4111-8111-111111111111`)).json)).toBe(
      'NUMBER_NOT_FOUND',
    );
    expect(reason((await call(`${sim.url}/numbers/00000000-0000-0000-0000-000000000000`)).json)).toBe(
      'INVALID_ID',
    );
  });

  it('lets a released number be created again', async () => {
    const sim = await useSimulator({ seed: { numbers: [{ number: '+899100000001' }] } });
    await call(`${sim.url}/numbers/${sim.account.state.numbers[0]!.id}`, { method: 'DELETE' });
    const again = await call(`${sim.url}/numbers`, {
      method: 'POST',
      body: { number: '+899100000001', type: 'virtual' },
    });
    expect(again.status).toBe(200);
  });

  it('serves available numbers: random free +899 numbers, and country_code required otherwise', async () => {
    const sim = await useSimulator();
    const virtual = (await call(`${sim.url}/available_numbers?type=virtual&page_size=5`)).json as WireList<{
      number: string;
      country: string;
      features: string[];
    }>;
    expect(virtual.result).toHaveLength(5);
    for (const n of virtual.result) {
      expect(n.number).toMatch(/^\+899(?!000)\d{9}$/);
      expect(n).toMatchObject({ country: '899', features: ['voice'] });
    }
    const normal = await call(`${sim.url}/available_numbers`);
    expect(normal.status).toBe(400);
    expect((normal.json as WireErrorEnvelope).error.message).toBe(
      'country_code is required for non-virtual number queries.',
    );
  });
});
