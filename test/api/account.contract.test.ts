import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../src/api/api-error.ts';
import { VoipbinClient } from '../../src/api/client.ts';
import { NIL_UUID } from '../../src/model/number.ts';
import { apiError, useScriptedServer } from '../support/scripted-server.ts';
import { SIM_KEY } from '../support/sim-http.ts';
import { useClient, useSimulator } from '../support/simulator.ts';
import { virtualTiming } from '../support/virtual-timing.ts';

// The client's account reads, against the simulator and against scripted answers.
const scriptedClient = (url: string, accessKey = SIM_KEY) => useClientAt(url, { accessKey, maxRetries: 0 });

const closing: { close(): Promise<void> }[] = [];
afterEach(async () => {
  while (closing.length) await closing.pop()!.close();
});

function useClientAt(
  endpoint: string,
  options: { accessKey?: string; maxRetries?: number } = {},
): VoipbinClient {
  const client = new VoipbinClient({
    endpoint,
    accessKey: SIM_KEY,
    ratePerSecond: 0,
    retryBaseMs: 1,
    ...options,
  });
  closing.push(client);
  return client;
}

describe('getCustomer', () => {
  it('reads the id, the name and the identity status, and nothing else', async () => {
    const sim = await useSimulator({ customerName: 'Acme Telecom', identityVerification: 'pending' });
    expect(await useClient(sim).getCustomer()).toEqual({
      id: sim.account.state.customer.id,
      name: 'Acme Telecom',
      identityVerification: 'pending',
    });
  });

  it('reads a name left out (empty) as ""', async () => {
    const sim = await useSimulator({ customerName: '' });
    expect((await useClient(sim).getCustomer()).name).toBe('');
  });

  it("keeps an identity status it does not know, as the set is the server's to grow", async () => {
    const server = await useScriptedServer([
      { body: { id: 'c1', name: 'n', identity_verification_status: 'under_review' } },
    ]);
    expect((await scriptedClient(server.url).getCustomer()).identityVerification).toBe('under_review');
    expect(server.requests[0]).toMatchObject({ method: 'GET', url: '/v1.0/customer' });
  });

  it.each([
    [
      'no id',
      { name: 'n', identity_verification_status: 'verified' },
      'is a customer whose "id" is not usable text (it is missing)',
    ],
    [
      'a numeric name',
      { id: 'c1', name: 5, identity_verification_status: 'verified' },
      'is a customer whose "name" is not usable text (it is a number)',
    ],
    [
      'no identity status',
      { id: 'c1' },
      'is a customer whose "identity_verification_status" is not usable text (it is missing)',
    ],
    ['a list', [{ id: 'c1' }], 'is not a customer but a list'],
  ])('refuses an answer with %s as a bad response', async (_, body, problem) => {
    const server = await useScriptedServer([{ body }]);
    const error = (await scriptedClient(server.url)
      .getCustomer()
      .catch((e: unknown) => e)) as Error;
    expect(error).toMatchObject({ code: 'API_BAD_RESPONSE' });
    expect(error.message).toContain(`Could not read the customer: the answer (HTTP 200) ${problem}`);
  });
});

describe('getBillingAccount', () => {
  it('reads the plan type and the balance in integer micros, the charge of a purchase included', async () => {
    const sim = await useSimulator({ planType: 'basic', balanceMicros: 12_345_678 });
    const client = useClient(sim);
    expect(await client.getBillingAccount()).toEqual({ planType: 'basic', balanceMicros: 12_345_678 });
    await client.createNumber({
      number: '+15551230001',
      type: 'normal',
      name: '',
      detail: '',
      callFlowId: NIL_UUID,
      messageFlowId: NIL_UUID,
    });
    expect(await client.getBillingAccount()).toEqual({ planType: 'basic', balanceMicros: 7_345_678 });
  });

  it('answers undefined when the customer has no billing account (409 STATE_INVALID)', async () => {
    const sim = await useSimulator({ noBillingAccount: true });
    expect(await useClient(sim).getBillingAccount()).toBeUndefined();
  });

  it('reads a negative balance', async () => {
    const sim = await useSimulator({ planType: 'unlimited', balanceMicros: -15_000_000 });
    expect((await useClient(sim).getBillingAccount())?.balanceMicros).toBe(-15_000_000);
  });

  it('fails on any other 409, and on a balance that is not whole micros', async () => {
    const other = await useScriptedServer([{ status: 409, body: apiError('ALREADY_EXISTS') }]);
    await expect(scriptedClient(other.url).getBillingAccount()).rejects.toMatchObject({
      code: 'API_ALREADY_EXISTS',
    });
    const fractional = await useScriptedServer([{ body: { plan_type: 'free', balance_credit: 1.5 } }]);
    const error = (await scriptedClient(fractional.url)
      .getBillingAccount()
      .catch((e: unknown) => e)) as Error;
    expect(error.message).toContain('"balance_credit" is not a whole number of micros (it is a number 1.5)');
  });
});

describe('findAccessKey', () => {
  it('finds this key by its first 11 characters: no expiry by default', async () => {
    const sim = await useSimulator();
    expect(await useClient(sim).findAccessKey()).toEqual({ expiresAt: null });
  });

  it('reads its tm_expire as a fixed RFC 3339 time', async () => {
    const sim = await useSimulator({ accessKeyExpiresAt: '2030-01-02T03:04:05Z' });
    expect(await useClient(sim).findAccessKey()).toEqual({ expiresAt: '2030-01-02T03:04:05.000000Z' });
  });

  it('reads every page of the list to find it among other keys', async () => {
    const others = Array.from({ length: 5 }, (_, i) => ({
      token_prefix: `vb_other00${i}`,
      tm_expire: '2020-01-01T00:00:00Z',
      tm_create: `2026-02-0${i + 1}T00:00:00Z`,
    }));
    const sim = await useSimulator({
      seed: {
        access_keys: [
          { token: SIM_KEY, tm_expire: '2031-06-01T00:00:00Z', tm_create: '2026-01-01T00:00:00Z' },
          ...others,
        ],
      },
    });
    expect(await useClient(sim, { pageSize: 2 }).findAccessKey()).toEqual({
      expiresAt: '2031-06-01T00:00:00.000000Z',
    });
    // Ours is the oldest, so it is on the last page.
    expect(sim.stats.get('GET /accesskeys')).toBeGreaterThan(2);
  });

  it('answers undefined when two keys share the prefix, as it cannot tell which is this one', async () => {
    const sim = await useSimulator({
      seed: { access_keys: [{ token_prefix: SIM_KEY.slice(0, 11), tm_expire: '2027-01-01T00:00:00Z' }] },
    });
    expect(await useClient(sim).findAccessKey()).toBeUndefined();
  });

  it('answers undefined when the key is not listed', async () => {
    const server = await useScriptedServer([
      {
        body: {
          result: [{ id: 'k1', token_prefix: 'vb_someone_', tm_expire: null, tm_create: null }],
          next_page_token: 'x',
        },
      },
    ]);
    expect(await scriptedClient(server.url).findAccessKey()).toBeUndefined();
    expect(server.requests[0]!.url).toBe('/v1.0/accesskeys?page_size=100');
  });
});

describe('readAccountFacts', () => {
  it('reads the three into one AccountFacts', async () => {
    const sim = await useSimulator({
      customerName: 'Acme Telecom',
      planType: 'professional',
      balanceMicros: 25_000_000,
      accessKeyExpiresAt: '2030-01-02T03:04:05Z',
    });
    expect(await useClient(sim).readAccountFacts()).toEqual({
      customer: { id: sim.account.state.customer.id, name: 'Acme Telecom', identityVerification: 'verified' },
      billing: { planType: 'professional', balanceMicros: 25_000_000 },
      accessKey: { expiresAt: '2030-01-02T03:04:05.000000Z' },
    });
  });

  it('leaves billing out when there is no billing account', async () => {
    const sim = await useSimulator({ noBillingAccount: true });
    const facts = await useClient(sim).readAccountFacts();
    expect(facts).not.toHaveProperty('billing');
    expect(facts.accessKey).toEqual({ expiresAt: null });
  });

  it('sends the three requests at once', async () => {
    // Nothing is answered until all three have arrived: a client that waited for one answer
    // before asking the next would never get one.
    const bodies: Record<string, unknown> = {
      '/v1.0/customer': { id: 'c1', name: 'n', identity_verification_status: 'verified' },
      '/v1.0/billing_account': { plan_type: 'free', balance_credit: 0 },
      '/v1.0/accesskeys': { result: [], next_page_token: '' },
    };
    const waiting: { path: string; res: ServerResponse }[] = [];
    const server = createServer((req, res) => {
      waiting.push({ path: (req.url ?? '').split('?')[0]!, res });
      if (waiting.length < 3) return;
      for (const w of waiting) w.res.end(JSON.stringify(bodies[w.path]));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    closing.push({
      close: () =>
        new Promise<void>((resolve) => {
          server.closeAllConnections();
          server.close(() => resolve());
        }),
    });
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1.0`;
    const client = useClientAt(url, { maxRetries: 0 });
    expect((await client.readAccountFacts()).billing).toEqual({ planType: 'free', balanceMicros: 0 });
    expect(waiting.map((w) => w.path).sort()).toEqual(Object.keys(bodies).sort());
  });
});

describe('a key VoIPBIN refuses', () => {
  it('fails every account read with 401 and a hint naming expired, deleted and mistyped keys', async () => {
    const timing = virtualTiming(Date.UTC(2026, 2, 12));
    const sim = await useSimulator({ timing, accessKeyExpiresAt: '2026-03-13T00:00:00Z' });
    const client = useClient(sim);
    expect(await client.readAccountFacts()).toMatchObject({
      accessKey: { expiresAt: '2026-03-13T00:00:00.000000Z' },
    });
    await timing.sleep(2 * 24 * 3_600_000);
    for (const read of [
      () => client.getCustomer(),
      () => client.getBillingAccount(),
      () => client.findAccessKey(),
    ]) {
      const error = (await read().catch((e: unknown) => e)) as ApiError;
      expect(error).toBeInstanceOf(ApiError);
      expect(error.code).toBe('API_INVALID_CREDENTIALS');
      expect(error.hint).toMatch(/mistyped, expired or deleted/);
    }
    await expect(client.readAccountFacts()).rejects.toMatchObject({ code: 'API_INVALID_CREDENTIALS' });
    const error = (await client.getCustomer().catch((e: unknown) => e)) as ApiError;
    expect(error.message).toMatch(/^VoIPBIN refused to read the customer: HTTP 401 INVALID_CREDENTIALS/);
  });

  it('says a missing key is missing', async () => {
    const server = await useScriptedServer([
      {
        status: 401,
        body: {
          error: {
            status: 'UNAUTHENTICATED',
            reason: 'AUTHENTICATION_REQUIRED',
            message: 'Authentication is required.',
            request_id: 'r',
          },
        },
      },
    ]);
    const error = (await scriptedClient(server.url)
      .findAccessKey()
      .catch((e: unknown) => e)) as ApiError;
    expect(error.message).toMatch(/^VoIPBIN refused to list access keys: HTTP 401/);
    expect(error.hint).toMatch(/none reached VoIPBIN\. It is missing/);
  });
});
