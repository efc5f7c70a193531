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

  it('503 answers as the error translator does for an unavailable service, before any work', async () => {
    const sim = await useSimulator();
    sim.faults.add({ kind: '503', method: 'POST' });
    const res = await post(`${sim.url}/numbers`, { number: '+899100000001', type: 'virtual' });
    expect(res.status).toBe(503);
    expect((JSON.parse(res.text) as WireErrorEnvelope).error).toMatchObject({
      status: 'UNAVAILABLE',
      reason: 'SERVICE_UNAVAILABLE',
      message: 'An upstream service is temporarily unavailable.',
    });
    expect(sim.account.state.numbers).toHaveLength(0);
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

  // The real server: the rate limiters' 429 carries Retry-After and details; a relayed one neither.
  it('429 answers as the rate limiter does, with Retry-After, before any work', async () => {
    const sim = await useSimulator();
    sim.faults.add({ kind: '429', method: 'POST', retryAfterS: 3 });
    const res = await post(`${sim.url}/numbers`, { number: '+899100000001', type: 'virtual' });
    expect(res.status).toBe(429);
    expect(res.headers['retry-after']).toBe('3');
    const { error } = JSON.parse(res.text) as WireErrorEnvelope;
    expect(error).toMatchObject({
      status: 'RESOURCE_EXHAUSTED',
      reason: 'RATE_LIMIT_EXCEEDED',
      message: 'Too many requests. Please try again later.',
      details: [{ limited_by: 'customer' }],
    });
    expect(sim.account.state.numbers).toHaveLength(0);
    expect((await post(`${sim.url}/numbers`, { number: '+899100000001', type: 'virtual' })).status).toBe(200);
  });

  it('429-bare answers a relayed 429: no Retry-After, no details, before any work', async () => {
    const sim = await useSimulator();
    sim.faults.add({ kind: '429-bare', method: 'POST' });
    const res = await post(`${sim.url}/numbers`, { number: '+899100000001', type: 'virtual' });
    expect(res.status).toBe(429);
    expect(res.headers).not.toHaveProperty('retry-after');
    const { error } = JSON.parse(res.text) as WireErrorEnvelope;
    expect(error).toEqual({
      status: 'RESOURCE_EXHAUSTED',
      reason: 'RATE_LIMIT_EXCEEDED',
      message: 'Too many requests. Please retry later.',
      request_id: res.headers['x-request-id'],
    });
    expect(sim.account.state.numbers).toHaveLength(0);
  });

  it('picks scripted faults by method and path, the given number of times', () => {
    const plan = new FaultPlan();
    plan.add({ kind: 'echo', method: 'GET', path: '/flows', times: 2 });
    expect(plan.pick('GET', '/numbers')).toBeUndefined();
    expect(plan.pick('POST', '/flows')).toBeUndefined();
    expect(plan.pick('GET', '/flows')).toEqual({ kind: 'echo', slowMs: 2000, lateMs: 100, retryAfterS: 1 });
    expect(plan.pick('GET', '/flows/1')?.kind).toBe('echo');
    expect(plan.pick('GET', '/flows')).toBeUndefined();
  });

  it('fills each timing from the fault, else from its kind', () => {
    const plan = new FaultPlan();
    plan.add({ kind: 'slow-purchase' });
    plan.add({ kind: 'slow' });
    plan.add({ kind: 'slow-purchase', slowMs: 15_000, lateMs: 3000 });
    plan.add({ kind: '429', retryAfterS: 7 });
    expect(plan.pick('POST', '/numbers')).toEqual({
      kind: 'slow-purchase',
      slowMs: 50,
      lateMs: 100,
      retryAfterS: 1,
    });
    expect(plan.pick('GET', '/numbers')).toMatchObject({ kind: 'slow', slowMs: 2000 });
    expect(plan.pick('POST', '/numbers')).toMatchObject({ slowMs: 15_000, lateMs: 3000 });
    expect(plan.pick('GET', '/numbers')).toMatchObject({ kind: '429', retryAfterS: 7 });
  });

  it('draws a random slow-purchase only on POST /numbers', () => {
    const plan = new FaultPlan({ rate: 1, seed: 3, kinds: ['slow-purchase'], lateMs: 5 });
    expect(plan.pick('GET', '/numbers')).toBeUndefined();
    expect(plan.pick('POST', '/numbers/renew')).toBeUndefined();
    expect(plan.pick('POST', '/numbers')).toMatchObject({ kind: 'slow-purchase', lateMs: 5 });
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
