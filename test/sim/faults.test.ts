import { request } from 'undici';
import { describe, expect, it } from 'vitest';
import type { WireErrorEnvelope } from '../../src/api/wire.ts';
import { FaultPlan } from '../../src/sim/faults.ts';
import { useSimulator } from '../support/simulator.ts';

const KEY = 'vb_simulator';
const cookie = { cookie: `accesskey=${KEY}` };

async function post(
  url: string,
  body: unknown,
): Promise<{ status: number; text: string; headers: Record<string, unknown> }> {
  const res = await request(url, {
    method: 'POST',
    headers: { ...cookie, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.statusCode, text: await res.body.text(), headers: res.headers };
}

describe('simulator faults', () => {
  it('reset-before drops the connection without doing the work', async () => {
    const sim = await useSimulator();
    sim.faults.add({ kind: 'reset-before', method: 'POST' });
    await expect(
      post(`${sim.url}/numbers`, { number: '+899100000001', type: 'virtual' }),
    ).rejects.toMatchObject({
      code: 'UND_ERR_SOCKET',
    });
    expect(sim.account.state.numbers).toHaveLength(0);
    expect((await post(`${sim.url}/numbers`, { number: '+899100000001', type: 'virtual' })).status).toBe(200);
    expect(sim.account.state.numbers).toHaveLength(1);
  });

  it('reset drops the connection after doing the work', async () => {
    const sim = await useSimulator();
    sim.faults.add({ kind: 'reset', method: 'POST' });
    await expect(post(`${sim.url}/numbers`, { number: '+899100000001', type: 'virtual' })).rejects.toThrow();
    expect(sim.account.state.numbers).toHaveLength(1);
  });

  it('echo answers 400 quoting the cookie, without doing the work', async () => {
    const sim = await useSimulator();
    sim.faults.add({ kind: 'echo', path: '/numbers' });
    const res = await post(`${sim.url}/numbers`, { number: '+899100000001', type: 'virtual' });
    expect(res.status).toBe(400);
    const { error } = JSON.parse(res.text) as WireErrorEnvelope;
    expect(error).toMatchObject({ status: 'INVALID_ARGUMENT', reason: 'INVALID_REQUEST' });
    expect(error.message).toBe(`Refused request POST /v1.0/numbers with cookie "accesskey=${KEY}".`);
    expect(sim.account.state.numbers).toHaveLength(0);
  });

  it('proxy-html answers 502 with an HTML page quoting the cookie', async () => {
    const sim = await useSimulator();
    sim.faults.add({ kind: 'proxy-html' });
    const res = await post(`${sim.url}/numbers`, { number: '+899100000001', type: 'virtual' });
    expect(res.status).toBe(502);
    expect(res.headers['content-type']).toBe('text/html');
    expect(res.text).toMatch(/^<html>.*502 Bad Gateway.*cookie: accesskey=vb_simulator<\/pre>/);
    expect(sim.account.state.numbers).toHaveLength(0);
  });

  it('picks scripted faults by method and path, the given number of times', () => {
    const plan = new FaultPlan();
    plan.add({ kind: 'echo', method: 'GET', path: '/flows', times: 2 });
    expect(plan.pick('GET', '/numbers')).toBeUndefined();
    expect(plan.pick('POST', '/flows')).toBeUndefined();
    expect(plan.pick('GET', '/flows')).toEqual({ kind: 'echo', slowMs: 2000 });
    expect(plan.pick('GET', '/flows/1')?.kind).toBe('echo');
    expect(plan.pick('GET', '/flows')).toBeUndefined();
  });

  it('records every request with its headers and body', async () => {
    const sim = await useSimulator();
    await post(`${sim.url}/numbers?x=1`, { number: '+899100000001', type: 'virtual' });
    expect(sim.requests).toHaveLength(1);
    expect(sim.requests[0]).toMatchObject({
      method: 'POST',
      url: '/v1.0/numbers?x=1',
      body: '{"number":"+899100000001","type":"virtual"}',
    });
    expect(sim.requests[0]!.headers.cookie).toBe(`accesskey=${KEY}`);
  });
});
