import { describe, expect, it } from 'vitest';
import { ApiError } from '../../src/api/api-error.ts';
import { realTiming, type Timing } from '../../src/clock/timing.ts';
import { NIL_UUID } from '../../src/model/number.ts';
import { NumformError } from '../../src/errors/numform-error.ts';
import { VoipbinClient, type CreateNumberInput } from '../../src/api/client.ts';
import { useClient, useSimulator } from '../support/simulator.ts';
import { virtualTiming } from '../support/virtual-timing.ts';

const FLOW_A = 'd157ce07-0360-4cad-9007-c8ab89fccf9c';
const FLOW_B = 'ff8e4528-a743-4913-948c-81abaf563f80';
const flows = [
  { id: FLOW_A, name: 'Main IVR' },
  { id: FLOW_B, name: 'Sales' },
];

/** A create request with every optional field empty. */
function emptyNumber(number: string, type: 'normal' | 'virtual'): CreateNumberInput {
  return { number, type, name: '', detail: '', callFlowId: NIL_UUID, messageFlowId: NIL_UUID };
}

function virtual(i: number): string {
  return `+899100${String(i).padStart(6, '0')}`;
}

describe('client against the simulator: auth', () => {
  it('answers a wrong key with 401 INVALID_CREDENTIALS and never prints the key', async () => {
    const sim = await useSimulator();
    const secret = 'vb_wrong_secret_key_123';
    const client = useClient(sim, { accessKey: secret });
    const error = await client.listNumbers().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    const apiError = error as ApiError;
    expect(apiError.httpStatus).toBe(401);
    expect(apiError.details.reason).toBe('INVALID_CREDENTIALS');
    // The simulator, like VoIPBIN, echoes the id numform sent, so the error quotes the same one.
    expect(apiError.details.requestId).toMatch(/^numform-[A-Z2-7]{16}-1$/);
    expect(apiError.details.requestId).toBe(sim.requests[0]!.headers['x-request-id']);
    expect(apiError.message).toContain(`request_id ${apiError.details.requestId})`);
    expect(`${apiError.message} ${apiError.hint}`).not.toContain(secret);
  });

  it('answers a missing key with 401 AUTHENTICATION_REQUIRED', async () => {
    const sim = await useSimulator();
    const client = useClient(sim, { accessKey: '' });
    await expect(client.listNumbers()).rejects.toMatchObject({ code: 'API_AUTHENTICATION_REQUIRED' });
  });

  it('refuses plain http to a non-loopback host before sending anything', () => {
    expect(() => new VoipbinClient({ endpoint: 'http://api.example.com/v1.0', accessKey: 'vb_x' })).toThrow(
      expect.objectContaining({ code: 'INSECURE_ENDPOINT' }) as Error,
    );
  });
});

describe('client against the simulator: pagination', () => {
  it('reads every number across several pages, newest first, without repeats', async () => {
    const numbers = Array.from({ length: 23 }, (_, i) => ({ number: virtual(i + 1) }));
    const sim = await useSimulator({ seed: { numbers } });
    const client = useClient(sim, { pageSize: 5 });
    const listed = await client.listNumbers();
    expect(listed.map((n) => n.number).sort()).toEqual(numbers.map((n) => n.number).sort());
    expect(sim.stats.get('GET /numbers')).toBeGreaterThanOrEqual(5);
  });

  it('keeps numbers that share a create time across a page boundary', async () => {
    const tie = '2026-03-12T10:30:00.123456Z';
    // Newest first: two distinct, then three sharing one time, then two older; pages of four
    // split the tie, so the server's own token would skip the fourth and fifth numbers.
    const times = [
      '2026-03-14T00:00:00Z',
      '2026-03-13T00:00:00Z',
      tie,
      tie,
      tie,
      '2026-03-11T00:00:00Z',
      '2026-03-10T00:00:00Z',
    ];
    const numbers = times.map((tm_create, i) => ({ number: virtual(i + 1), tm_create }));
    const sim = await useSimulator({ seed: { numbers } });
    const client = useClient(sim, { pageSize: 4 });
    const listed = await client.listNumbers();
    expect(listed.map((n) => n.number).sort()).toEqual(numbers.map((n) => n.number));
    expect(new Set(listed.map((n) => n.id)).size).toBe(7);
  });

  it('shows the tie loses numbers with the server token as-is (why the client pages inclusively)', async () => {
    const tie = '2026-03-12T10:30:00.123456Z';
    const sim = await useSimulator({
      seed: { numbers: [1, 2, 3].map((i) => ({ number: virtual(i), tm_create: tie })) },
    });
    const first = sim.account.listNumbers(sim.account.state.customer.id, sim.account.now(), 2);
    const next = sim.account.listNumbers(sim.account.state.customer.id, first[1]!.tmCreate, 2);
    expect(first).toHaveLength(2);
    expect(next).toHaveLength(0);
  });

  it('refuses to plan from a partial list when a whole page shares one time', async () => {
    const tie = '2026-03-12T10:30:00.123456Z';
    const sim = await useSimulator({
      seed: { numbers: [1, 2, 3, 4].map((i) => ({ number: virtual(i), tm_create: tie })) },
    });
    const client = useClient(sim, { pageSize: 2 });
    await expect(client.listNumbers()).rejects.toMatchObject({ code: 'PAGINATION_STUCK' });
  });

  it('ends on an empty account with one request', async () => {
    const sim = await useSimulator();
    const client = useClient(sim);
    expect(await client.listNumbers()).toEqual([]);
    expect(sim.stats.get('GET /numbers')).toBe(1);
  });

  it('lists flows across pages, including ones with no name', async () => {
    const many = Array.from({ length: 12 }, (_, i) => ({ name: i === 3 ? '' : `Flow ${i}` }));
    const sim = await useSimulator({ seed: { flows: many } });
    const client = useClient(sim, { pageSize: 5 });
    const listed = await client.listFlows();
    expect(listed).toHaveLength(12);
    expect(listed.filter((f) => f.name === '')).toHaveLength(1);
  });
});

describe('client against the simulator: timestamps', () => {
  for (const style of ['rfc3339', 'legacy'] as const) {
    it(`parses the ${style} form, with unset times as null`, async () => {
      const sim = await useSimulator({
        timestampStyle: style,
        seed: {
          numbers: [{ number: '+15551230001', tm_create: '2026-03-12T10:30:00.5Z' }, { number: virtual(1) }],
        },
      });
      const client = useClient(sim);
      const listed = await client.listNumbers();
      const normal = listed.find((n) => n.type === 'normal')!;
      const virt = listed.find((n) => n.type === 'virtual')!;
      expect(normal.tmCreate).toBe('2026-03-12T10:30:00.500000Z');
      expect(normal.tmPurchase).toBe('2026-03-12T10:30:00.500000Z');
      expect(virt.tmPurchase).toBeNull();
      expect(virt.tmRenew).toBeNull();
      expect(normal.tmRenew).toBe('2026-03-12T10:30:00.500000Z');
    });
  }
});

describe('client against the simulator: retries', () => {
  it('waits out a 429 for exactly the Retry-After the simulator gives, then succeeds', async () => {
    const sim = await useSimulator({ rateLimit: { perSecond: 1, burst: 1 } });
    const slept: number[] = [];
    const timing: Timing = {
      now: realTiming.now,
      sleep: (ms, signal) => {
        slept.push(ms);
        return realTiming.sleep(ms, signal);
      },
    };
    const client = useClient(sim, { timing });
    await client.listFlows();
    await client.listFlows();
    const refused = sim.requests.length - 2;
    expect(refused).toBeGreaterThanOrEqual(1);
    expect(slept).toEqual(Array.from({ length: refused }, () => 1000));
  });

  it('retries 503s on GET until it gets an answer', async () => {
    const sim = await useSimulator({ seed: { numbers: [{ number: virtual(1) }] } });
    sim.faults.add({ kind: '503', method: 'GET', times: 2 });
    const client = useClient(sim);
    expect(await client.listNumbers()).toHaveLength(1);
    expect(sim.stats.get('GET /numbers')).toBe(3);
  });

  it('gives up after its retries with the API error', async () => {
    const sim = await useSimulator();
    sim.faults.add({ kind: '503', method: 'GET', times: 10 });
    const client = useClient(sim, { maxRetries: 2 });
    await expect(client.listNumbers()).rejects.toMatchObject({ code: 'API_SERVICE_UNAVAILABLE' });
    expect(sim.stats.get('GET /numbers')).toBe(3);
  });

  it('survives random faults with a seed: every operation ends applied exactly once', async () => {
    const sim = await useSimulator({
      seed: { flows },
      faults: { rate: 0.3, seed: 1, kinds: ['503', 'reset'] },
      virtualLimit: 0,
    });
    const client = useClient(sim, { maxRetries: 8, timing: virtualTiming() });
    const unknown: string[] = [];
    for (let i = 1; i <= 6; i++) {
      // A purchase whose outcome stays unknown is not re-sent by the client; as the next run
      // would, decide from the account whether to ask for it again.
      for (let run = 0; run < 5; run++) {
        if ((await client.listNumbers()).some((n) => n.number === virtual(i))) break;
        try {
          await client.createNumber({
            number: virtual(i),
            type: 'virtual',
            name: `n${i}`,
            detail: '',
            callFlowId: FLOW_A,
            messageFlowId: NIL_UUID,
          });
          break;
        } catch (error) {
          expect((error as NumformError).code).toBe('PURCHASE_OUTCOME_UNKNOWN');
          unknown.push(virtual(i));
        }
      }
    }
    const listed = await client.listNumbers();
    expect(listed.map((n) => n.number).sort()).toEqual([1, 2, 3, 4, 5, 6].map(virtual));
    // The seed does make some purchases end unknown: the case this test is about.
    expect(unknown.length).toBeGreaterThan(0);
    for (const n of listed.slice(0, 3)) await client.deleteNumber(n.id);
    expect(await client.listNumbers()).toHaveLength(3);
  });
});

describe('client against the simulator: create', () => {
  it('adopts the number when a POST is reset after the work was done, buying it once', async () => {
    const sim = await useSimulator();
    sim.faults.add({ kind: 'reset', method: 'POST', times: 1 });
    const client = useClient(sim);
    const result = await client.createNumber({
      number: '+15551230001',
      type: 'normal',
      name: 'Support',
      detail: '',
      callFlowId: NIL_UUID,
      messageFlowId: NIL_UUID,
    });
    expect(result.adopted).toBe(true);
    expect(result.number.number).toBe('+15551230001');
    expect(sim.stats.get('POST /numbers')).toBe(1);
    expect(sim.account.state.numbers.filter((n) => n.number === '+15551230001')).toHaveLength(1);
    expect(sim.account.state.billing?.balanceMicros).toBe(995_000_000);
  });

  it('never re-sends a POST refused with 503: looks over the window, then says the outcome is unknown', async () => {
    const sim = await useSimulator();
    sim.faults.add({ kind: '503', method: 'POST', times: 1 });
    const timing = virtualTiming();
    const client = useClient(sim, { timing });
    const error = (await client
      .createNumber(emptyNumber(virtual(1), 'virtual'))
      .catch((e: unknown) => e)) as NumformError;
    expect(error.code).toBe('PURCHASE_OUTCOME_UNKNOWN');
    expect(sim.stats.get('POST /numbers')).toBe(1);
    expect(sim.stats.get('GET /numbers')).toBe(7);
    expect(timing.slept).toEqual([1000, 2000, 4000, 8000, 16_000, 29_000]);
    expect(sim.account.state.numbers).toHaveLength(0);
  });

  it('adopts a number whose purchase carried on past the deadline, with one POST', async () => {
    const sim = await useSimulator();
    sim.faults.add({ kind: 'slow', method: 'POST', slowMs: 400, times: 1 });
    const bought = (): boolean => sim.account.state.numbers.some((n) => n.number === '+15551230001');
    // A virtual second passes only once the server has finished the slow purchase: the number
    // "appears seconds later", deterministically, whatever the machine's speed.
    const timing = virtualTiming();
    const sleep = timing.sleep;
    timing.sleep = async (ms, signal) => {
      while (!bought()) await new Promise((r) => setTimeout(r, 10));
      return sleep(ms, signal);
    };
    const client = useClient(sim, { timing, requestTimeoutMs: 100 });
    const result = await client.createNumber(emptyNumber('+15551230001', 'normal'));
    expect(result.adopted).toBe(true);
    expect(result.number.number).toBe('+15551230001');
    expect(sim.stats.get('POST /numbers')).toBe(1);
    expect(sim.account.state.numbers).toHaveLength(1);
    expect(sim.account.state.billing?.balanceMicros).toBe(995_000_000);
  });

  it('rejects bad +899 numbers, the reserved range and duplicates with 500 INTERNAL and a hint', async () => {
    const elsewhere = '22222222-0000-4000-8000-000000000000';
    const sim = await useSimulator({ seed: { numbers: [{ number: virtual(1), customer_id: elsewhere }] } });
    const client = useClient(sim);
    const create = (number: string) =>
      client.createNumber({
        number,
        type: 'virtual',
        name: '',
        detail: '',
        callFlowId: NIL_UUID,
        messageFlowId: NIL_UUID,
      });
    for (const bad of ['+89912345', '+899000123456', virtual(1)]) {
      const error = (await create(bad).catch((e: unknown) => e)) as ApiError;
      expect(error).toBeInstanceOf(ApiError);
      expect(error.httpStatus).toBe(500);
      expect(error.details.reason).toBe('INTERNAL');
      expect(error.hint).toMatch(/already exists.*virtual-number limit.*balance/s);
    }
    expect(sim.stats.get('POST /numbers')).toBe(3);
  });

  it('enforces the virtual-number plan limit', async () => {
    const sim = await useSimulator({ virtualLimit: 2 });
    const client = useClient(sim);
    const create = (i: number) => client.createNumber(emptyNumber(virtual(i), 'virtual'));
    await create(1);
    await create(2);
    await expect(create(3)).rejects.toMatchObject({ code: 'API_INTERNAL' });
  });

  it('needs a verified identity for normal numbers', async () => {
    const sim = await useSimulator({ identityVerified: false });
    const client = useClient(sim);
    await expect(client.createNumber(emptyNumber('+15551230001', 'normal'))).rejects.toMatchObject({
      code: 'API_IDENTITY_VERIFICATION_REQUIRED',
    });
  });

  it('keeps a normal purchase pending for the configured time', async () => {
    const sim = await useSimulator({ purchaseDelayMs: 300, pendingStatus: 'purchase_pending' });
    const client = useClient(sim);
    const { number } = await client.createNumber(emptyNumber('+15551230001', 'normal'));
    expect(number.status).toBe('purchase_pending');
    await new Promise((r) => setTimeout(r, 350));
    expect((await client.getNumber(number.id)).status).toBe('active');
  });
});

describe('client against the simulator: update and delete', () => {
  it('PUT replaces all four fields, normalising the flow ids', async () => {
    const sim = await useSimulator({
      seed: {
        flows,
        numbers: [
          { number: virtual(1), name: 'old', detail: 'd', call_flow: 'Main IVR', message_flow: 'Sales' },
        ],
      },
    });
    const client = useClient(sim);
    const [n] = await client.listNumbers();
    const updated = await client.updateNumber(n!.id, {
      name: 'new',
      detail: '',
      callFlowId: FLOW_B.toUpperCase(),
      messageFlowId: NIL_UUID,
    });
    expect(updated).toMatchObject({ name: 'new', detail: '', callFlowId: FLOW_B, messageFlowId: NIL_UUID });
  });

  it('PUT with an unknown flow fails with 500 and a flow hint, changing nothing', async () => {
    const sim = await useSimulator({ seed: { flows, numbers: [{ number: virtual(1), name: 'keep' }] } });
    const client = useClient(sim, { maxRetries: 0 });
    const [n] = await client.listNumbers();
    const error = (await client
      .updateNumber(n!.id, {
        name: 'x',
        detail: '',
        callFlowId: '11111111-1111-4111-8111-111111111111',
        messageFlowId: NIL_UUID,
      })
      .catch((e: unknown) => e)) as ApiError;
    expect(error.httpStatus).toBe(500);
    expect(error.hint).toMatch(/flow/);
    expect((await client.getNumber(n!.id)).name).toBe('keep');
  });

  it('sets rtp_debug through the metadata endpoint', async () => {
    const sim = await useSimulator({ seed: { numbers: [{ number: virtual(1) }] } });
    const client = useClient(sim);
    const [n] = await client.listNumbers();
    expect((await client.updateMetadata(n!.id, { rtpDebug: true })).rtpDebug).toBe(true);
  });

  it('deletes softly: the number leaves the list and later GETs are 404 RESOURCE_NOT_FOUND', async () => {
    const sim = await useSimulator({ seed: { numbers: [{ number: virtual(1) }] } });
    const client = useClient(sim);
    const [n] = await client.listNumbers();
    expect(await client.deleteNumber(n!.id)).toBe('deleted');
    expect(await client.listNumbers()).toEqual([]);
    await expect(client.getNumber(n!.id)).rejects.toMatchObject({ code: 'API_RESOURCE_NOT_FOUND' });
    // Released already (by this run or another): the goal is met, and the client says how.
    expect(await client.deleteNumber(n!.id)).toBe('already-gone');
    const update = { name: 'x', detail: '', callFlowId: NIL_UUID, messageFlowId: NIL_UUID };
    const error = (await client.updateNumber(n!.id, update).catch((e: unknown) => e)) as ApiError;
    expect(error.code).toBe('API_RESOURCE_NOT_FOUND');
    expect(error.hint).toContain('released elsewhere');
  });

  it('counts a DELETE answered 404 after an ambiguous attempt as done', async () => {
    const sim = await useSimulator({ seed: { numbers: [{ number: virtual(1) }] } });
    const client = useClient(sim);
    const [n] = await client.listNumbers();
    sim.faults.add({ kind: 'reset', method: 'DELETE', times: 1 });
    expect(await client.deleteNumber(n!.id)).toBe('deleted');
    expect(sim.stats.get('DELETE /numbers/{id}')).toBe(2);
    expect(await client.listNumbers()).toEqual([]);
  });

  it("answers another customer's number with 403", async () => {
    const other = 'a1b2c3d4-e5f6-4890-abcd-ef1234567890';
    const sim = await useSimulator({
      seed: {
        numbers: [{ id: other, number: virtual(9), customer_id: '11111111-0000-4000-8000-000000000000' }],
      },
    });
    const client = useClient(sim);
    await expect(client.getNumber(other)).rejects.toMatchObject({ code: 'API_PERMISSION_DENIED' });
  });

  it('keeps the access key out of every error it raises', async () => {
    const sim = await useSimulator();
    const key = 'vb_simulator';
    const client = useClient(sim, { accessKey: key, maxRetries: 0 });
    const errors: unknown[] = [];
    errors.push(await client.getNumber('not-a-uuid').catch((e: unknown) => e));
    errors.push(await client.getNumber(NIL_UUID).catch((e: unknown) => e));
    sim.faults.add({ kind: 'reset', method: 'GET' });
    errors.push(await client.listFlows().catch((e: unknown) => e));
    await sim.close();
    errors.push(await client.listNumbers().catch((e: unknown) => e));
    expect(errors.map((e) => (e as NumformError).code)).toEqual([
      'API_INVALID_ID',
      'API_INVALID_ID',
      'NETWORK_ERROR',
      'NETWORK_ERROR',
    ]);
    for (const e of errors) {
      const err = e as NumformError;
      expect(`${err.message}\n${err.hint}\n${String(err.cause)}\n${JSON.stringify(err)}`).not.toContain(key);
    }
  });
});
