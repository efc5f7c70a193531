import { describe, expect, it } from 'vitest';
import type { WireList, WireNumber } from '../../src/api/wire.ts';
import { callSim, errorOf } from '../support/sim-http.ts';
import { useSimulator } from '../support/simulator.ts';

const JWT = 'eyJhbGciOi.test.jwt';

// The real server: renew needs a project super-admin; an access key acts as the customer's admin.
describe('simulator: POST /numbers/renew', () => {
  it('refuses every customer identity with 403 PERMISSION_DENIED, renewing nothing', async () => {
    const sim = await useSimulator({ jwt: JWT, seed: { numbers: [{ number: '+15551230001' }] } });
    const before = sim.account.state.numbers[0]!.tmRenew;
    const body = { tm_renew: '2099-01-01T00:00:00Z' };
    const byKey = await callSim(`${sim.url}/numbers/renew`, { method: 'POST', body });
    const byJwt = await callSim(`${sim.url}/numbers/renew`, {
      method: 'POST',
      body,
      auth: false,
      headers: { authorization: `Bearer ${JWT}` },
    });
    for (const res of [byKey, byJwt]) {
      expect(res.status).toBe(403);
      expect(errorOf(res)).toMatchObject({ status: 'PERMISSION_DENIED', reason: 'PERMISSION_DENIED' });
    }
    expect(sim.account.state.numbers[0]!.tmRenew).toBe(before);
  });

  it('binds the body first: an empty one is 400, no credentials 401', async () => {
    const sim = await useSimulator();
    const empty = await callSim(`${sim.url}/numbers/renew`, { method: 'POST' });
    expect(errorOf(empty).reason).toBe('INVALID_JSON_BODY');
    const anonymous = await callSim(`${sim.url}/numbers/renew`, { method: 'POST', body: {}, auth: false });
    expect(anonymous.status).toBe(401);
  });
});

// The real server: gin's BindJSON fails on an empty body (EOF); `null` binds nothing.
describe('simulator: body binding', () => {
  it('answers an empty body on POST and every PUT with 400 INVALID_JSON_BODY, changing nothing', async () => {
    const sim = await useSimulator({ seed: { numbers: [{ number: '+899100000001', name: 'kept' }] } });
    const id = sim.account.state.numbers[0]!.id;
    const cases: [string, string][] = [
      ['POST', '/numbers'],
      ['PUT', `/numbers/${id}`],
      ['PUT', `/numbers/${id}/flow_ids`],
      ['PUT', `/numbers/${id}/metadata`],
    ];
    for (const [method, path] of cases) {
      for (const body of [undefined, '', '  \n']) {
        const res = await callSim(`${sim.url}${path}`, { method, ...(body !== undefined && { body }) });
        expect(res.status, `${method} ${path} ${JSON.stringify(body)}`).toBe(400);
        expect(errorOf(res)).toMatchObject({ status: 'INVALID_ARGUMENT', reason: 'INVALID_JSON_BODY' });
      }
    }
    expect(sim.account.state.numbers).toHaveLength(1);
    expect(sim.account.state.numbers[0]).toMatchObject({ name: 'kept', tmUpdate: null });
  });

  it('binds a null body as all fields empty, and ignores a body where none is bound', async () => {
    const sim = await useSimulator({ seed: { numbers: [{ number: '+899100000001', name: 'old' }] } });
    const id = sim.account.state.numbers[0]!.id;
    const put = await callSim(`${sim.url}/numbers/${id}`, { method: 'PUT', body: 'null' });
    expect(put.status).toBe(200);
    expect(put.json).toMatchObject({ name: '', detail: '' });
    const post = await callSim(`${sim.url}/numbers`, { method: 'POST', body: 'null' });
    expect(errorOf(post).reason).toBe('INVALID_ARGUMENT');
    const get = await callSim(`${sim.url}/numbers`, { method: 'GET', body: '{not json' });
    expect(get.status).toBe(200);
  });

  it('takes rtp_debug: null on PUT /metadata as false', async () => {
    const sim = await useSimulator({ seed: { numbers: [{ number: '+899100000001', rtp_debug: true }] } });
    const id = sim.account.state.numbers[0]!.id;
    const res = await callSim(`${sim.url}/numbers/${id}/metadata`, {
      method: 'PUT',
      body: { rtp_debug: null },
    });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ metadata: { rtp_debug: false } });
    const wrongType = await callSim(`${sim.url}/numbers/${id}/metadata`, {
      method: 'PUT',
      body: { rtp_debug: 'yes' },
    });
    expect(errorOf(wrongType).reason).toBe('INVALID_JSON_BODY');
  });
});

// The real server: the token is bound into `tm_create < ?`, so a token that is no time is no error.
describe('simulator: page tokens compared as text', () => {
  const numbers = [
    { number: '+899100000001', tm_create: '2026-03-10T00:00:00Z' },
    { number: '+899100000002', tm_create: '2026-03-12T10:30:00.5Z' },
  ];

  it('answers a garbage token with 200: what sorts before it as text', async () => {
    const sim = await useSimulator({ seed: { numbers, flows: [{ name: 'IVR' }] } });
    const garbage = await callSim(`${sim.url}/numbers?page_token=garbage`);
    expect(garbage.status).toBe(200);
    expect((garbage.json as WireList<WireNumber>).result.map((n) => n.number)).toEqual([
      '+899100000002',
      '+899100000001',
    ]);
    const low = await callSim(`${sim.url}/numbers?page_token=2000`);
    expect(low.status).toBe(200);
    expect(low.json).toEqual({ result: [], next_page_token: '' });
    const flows = await callSim(`${sim.url}/flows?page_token=%25%27%3B--`);
    expect(flows.status).toBe(200);
  });

  it('compares the six-digit form: a token between two times splits them', async () => {
    const sim = await useSimulator({ seed: { numbers } });
    const page = (await callSim(`${sim.url}/numbers?page_token=2026-03-12T10:30:00.500000Z`))
      .json as WireList<WireNumber>;
    expect(page.result.map((n) => n.number)).toEqual(['+899100000001']);
    const later = (await callSim(`${sim.url}/numbers?page_token=2026-03-12T10:30:00.500001Z`))
      .json as WireList<WireNumber>;
    expect(later.result).toHaveLength(2);
  });
});

// The real server: the code marshals RFC3339Nano with null when unset; the docs' forms are stale.
describe('simulator: timestamps', () => {
  it("renders the code's form by default: Go RFC3339Nano, null when unset", async () => {
    const sim = await useSimulator({
      seed: { numbers: [{ number: '+899100000001', tm_create: '2026-03-12T10:30:00.120000Z' }] },
    });
    const [n] = ((await callSim(`${sim.url}/numbers`)).json as WireList<WireNumber>).result;
    expect(n).toMatchObject({
      tm_create: '2026-03-12T10:30:00.12Z',
      tm_purchase: null,
      tm_update: null,
      tm_delete: null,
    });
  });

  it("renders the old docs' form only when asked", async () => {
    const sim = await useSimulator({
      timestampStyle: 'legacy',
      seed: { numbers: [{ number: '+899100000001', tm_create: '2026-03-12T10:30:00.12Z' }] },
    });
    const [n] = ((await callSim(`${sim.url}/numbers`)).json as WireList<WireNumber>).result;
    expect(n).toMatchObject({
      tm_create: '2026-03-12 10:30:00.120000',
      tm_update: '9999-01-01 00:00:00.000000',
    });
  });
});

// The real server: a client's X-Request-Id matching [A-Za-z0-9_-]{1,64} is echoed.
describe('simulator: X-Request-Id', () => {
  const longest = 'a'.repeat(63) + '_';
  it.each([['numform-0123_abc'], [longest]])('echoes %s on a success', async (id) => {
    const sim = await useSimulator();
    const res = await callSim(`${sim.url}/numbers`, { headers: { 'x-request-id': id } });
    expect(res.status).toBe(200);
    expect(res.headers['x-request-id']).toBe(id);
  });

  it.each([[`${longest}b`], ['has.dot'], ['space here']])('replaces %s with its own', async (id) => {
    const sim = await useSimulator();
    const res = await callSim(`${sim.url}/numbers/bad-id`, { headers: { 'x-request-id': id } });
    expect(res.headers['x-request-id']).toMatch(/^req_[A-Z2-7]{26}$/);
    expect(errorOf(res).request_id).toBe(res.headers['x-request-id']);
  });
});
