import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { WireAccessKey } from '../../src/api/wire-account.ts';
import type { WireList } from '../../src/api/wire.ts';
import { callSim, errorOf, SIM_KEY } from '../support/sim-http.ts';
import { useSimulator } from '../support/simulator.ts';
import { virtualTiming } from '../support/virtual-timing.ts';

// Access keys with expiry, as the real server's authenticate middleware and key list behave.
const START = Date.UTC(2026, 2, 12, 10, 30);
const DAY_MS = 24 * 3_600_000;

async function listKeys(url: string, query = ''): Promise<WireList<WireAccessKey>> {
  const res = await callSim(`${url}/accesskeys${query}`);
  expect(res.status).toBe(200);
  return res.json as WireList<WireAccessKey>;
}

describe('GET /accesskeys', () => {
  it("lists the simulator's key by its first 11 characters, never the key or its hash", async () => {
    const sim = await useSimulator();
    const res = await callSim(`${sim.url}/accesskeys`);
    const { result } = res.json as WireList<WireAccessKey>;
    expect(result).toHaveLength(1);
    expect(result[0]).toMatchObject({
      customer_id: sim.account.state.customer.id,
      token_prefix: 'vb_simulato',
      tm_expire: null,
      tm_delete: null,
    });
    expect(result[0]).not.toHaveProperty('token');
    expect(res.text).not.toContain(SIM_KEY);
    expect(res.text).not.toContain(createHash('sha256').update(SIM_KEY).digest('hex'));
  });

  it("takes the prefix of whatever key it was started with, and that key's expiry from the options", async () => {
    const key = 'vb_a3Bf9xKmPq2nR7sT4wYzLp8mN5qR1xWe';
    const sim = await useSimulator({ accessKey: key, accessKeyExpiresAt: '2030-01-02T03:04:05Z' });
    const res = await callSim(`${sim.url}/accesskeys`, { headers: { cookie: `accesskey=${key}` } });
    expect((res.json as WireList<WireAccessKey>).result).toEqual([
      expect.objectContaining({ token_prefix: 'vb_a3Bf9xKm', tm_expire: '2030-01-02T03:04:05Z' }),
    ]);
  });

  it("lists the seed's other keys too, newest first, a page at a time", async () => {
    const sim = await useSimulator({
      seed: {
        access_keys: [
          {
            token_prefix: 'vb_ciKey001',
            name: 'CI',
            tm_expire: '2026-05-01T00:00:00Z',
            tm_create: '2026-01-01T00:00:00Z',
          },
          { token_prefix: 'vb_laptop01', tm_create: '2026-02-01T00:00:00Z' },
        ],
      },
    });
    const first = await listKeys(sim.url, '?page_size=2');
    expect(first.result.map((k) => k.token_prefix)).toEqual(['vb_simulato', 'vb_laptop01']);
    expect(first.result[1]).not.toHaveProperty('name');
    const rest = await listKeys(sim.url, `?page_size=2&page_token=${first.next_page_token}`);
    expect(rest.result).toEqual([
      expect.objectContaining({ token_prefix: 'vb_ciKey001', name: 'CI', tm_expire: '2026-05-01T00:00:00Z' }),
    ]);
    expect((await listKeys(sim.url, `?page_token=${rest.next_page_token}`)).result).toEqual([]);
  });

  it('answers 401 without credentials, as every endpoint does', async () => {
    const sim = await useSimulator();
    const res = await callSim(`${sim.url}/accesskeys`, { auth: false });
    expect(res.status).toBe(401);
    expect(errorOf(res).reason).toBe('AUTHENTICATION_REQUIRED');
  });
});

describe('an expiring access key', () => {
  it('is accepted up to its tm_expire, then every request answers 401 INVALID_CREDENTIALS', async () => {
    const timing = virtualTiming(START);
    const expiresAt = new Date(START + 14 * DAY_MS).toISOString();
    const sim = await useSimulator({ timing, accessKeyExpiresAt: expiresAt });
    expect((await listKeys(sim.url)).result[0]!.tm_expire).toBe(expiresAt.replace('.000Z', 'Z'));
    await timing.sleep(14 * DAY_MS);
    expect((await callSim(`${sim.url}/customer`)).status).toBe(200);
    await timing.sleep(1);
    for (const path of ['/customer', '/billing_account', '/accesskeys', '/numbers', '/flows']) {
      const res = await callSim(`${sim.url}${path}`);
      expect(res.status, path).toBe(401);
      expect(errorOf(res), path).toMatchObject({
        status: 'UNAUTHENTICATED',
        reason: 'INVALID_CREDENTIALS',
        message: 'The provided credentials are invalid.',
      });
    }
    const buy = await callSim(`${sim.url}/numbers`, { method: 'POST', body: { number: '+15551230001' } });
    expect(buy.status).toBe(401);
    expect(sim.account.state.numbers).toEqual([]);
  });

  it('never expires by default, however far the clock moves', async () => {
    const timing = virtualTiming(START);
    const sim = await useSimulator({ timing });
    await timing.sleep(3650 * DAY_MS);
    expect((await callSim(`${sim.url}/customer`)).status).toBe(200);
  });

  it("takes a seeded key's expiry when the seed lists the simulator's key by its token", async () => {
    const seed = { access_keys: [{ token: SIM_KEY, tm_expire: '2020-01-01T00:00:00Z' }] };
    const sim = await useSimulator({ seed });
    expect((await callSim(`${sim.url}/numbers`)).status).toBe(401);
    // The option wins over the seed: null is never.
    const renewed = await useSimulator({ seed, accessKeyExpiresAt: null });
    expect((await callSim(`${renewed.url}/numbers`)).status).toBe(200);
  });

  it('accepts another seeded key by its token, and refuses it once expired', async () => {
    const timing = virtualTiming(START);
    const other = 'vb_otherKey0123456789';
    const sim = await useSimulator({
      timing,
      seed: { access_keys: [{ token: other, tm_expire: new Date(START + DAY_MS).toISOString() }] },
    });
    const asOther = { headers: { cookie: `accesskey=${other}` }, auth: false };
    expect((await callSim(`${sim.url}/numbers`, asOther)).status).toBe(200);
    await timing.sleep(DAY_MS + 1);
    expect((await callSim(`${sim.url}/numbers`, asOther)).status).toBe(401);
    expect((await callSim(`${sim.url}/numbers`)).status).toBe(200);
    expect((await listKeys(sim.url)).result.map((k) => k.token_prefix)).toContain('vb_otherKey');
  });
});
