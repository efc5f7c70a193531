import { describe, expect, it } from 'vitest';
import { ApiError, type ApiErrorDetails } from '../../src/api/api-error.ts';
import { VoipbinClient } from '../../src/api/client.ts';
import { checkEndpoint } from '../../src/api/endpoint.ts';
import { RateLimiter } from '../../src/api/rate-limiter.ts';
import { formatMicrosGo, parseTimestampMicros } from '../../src/api/timestamps.ts';
import type { Timing } from '../../src/clock/timing.ts';
import { useSimulator } from '../support/simulator.ts';

const details = (fields: Partial<ApiErrorDetails>): ApiErrorDetails => ({
  operation: 'get number',
  method: 'GET',
  path: '/numbers/x',
  httpStatus: 404,
  status: 'NOT_FOUND',
  reason: 'RESOURCE_NOT_FOUND',
  apiMessage: 'not found',
  requestId: 'req_1',
  ...fields,
});

describe('ApiError hints', () => {
  it('gives the flow hint only to a 500 answering an update, and the vanished-number hint only to a 404 of a write', () => {
    expect(new ApiError(details({})).hint).toBeUndefined();
    for (const operation of ['update number', 'update metadata', 'update flows'] as const) {
      expect(new ApiError(details({ operation })).hint).toMatch(
        /^The account no longer holds this number: it was released elsewhere/,
      );
      expect(new ApiError(details({ operation, reason: 'ROUTE_NOT_FOUND' })).hint).toBeUndefined();
    }
    expect(
      new ApiError(details({ operation: 'update number', httpStatus: 500, reason: 'INTERNAL' })).hint,
    ).toMatch(/unknown or deleted flow id/);
    expect(
      new ApiError(details({ operation: 'delete number', httpStatus: 500, reason: 'INTERNAL' })).hint,
    ).toBe('A server-side failure; numform retried where it was safe. Run again later.');
  });
});

describe('checkEndpoint on loopback', () => {
  it('accepts plain http to any 127.x.y.z address, whatever the width of its parts', () => {
    for (const host of ['127.0.10.1', '127.0.0.100', '127.255.255.254']) {
      expect(checkEndpoint(`http://${host}:8080/v1.0`)).toBe(`http://${host}:8080/v1.0`);
    }
  });
});

describe('formatMicrosGo', () => {
  it('trims only the trailing zeros of the fraction', () => {
    const micros = parseTimestampMicros('2026-03-12T10:30:00.102000Z')!;
    expect(formatMicrosGo(micros)).toBe('2026-03-12T10:30:00.102Z');
  });
});

describe('RateLimiter with part of a token saved up', () => {
  it('waits only for the missing part of a token', async () => {
    let now = 0;
    const slept: number[] = [];
    const timing: Timing = {
      now: () => now,
      sleep: (ms) => {
        slept.push(ms);
        now += ms;
        return Promise.resolve();
      },
    };
    const limiter = new RateLimiter(2, 1, timing);
    // Answered at once: refills count from the start (see RateLimiter.answered).
    limiter.answered(await limiter.acquire());
    now = 250; // half a token at 2 per second
    await limiter.acquire();
    expect(slept).toEqual([250]);
    expect(now).toBe(500);
  });
});

describe('VoipbinClient.close', () => {
  it('closes the connection pool, so nothing more can be sent', async () => {
    const sim = await useSimulator();
    const client = new VoipbinClient({
      endpoint: sim.url,
      accessKey: 'vb_simulator',
      ratePerSecond: 0,
      maxRetries: 0,
    });
    expect(await client.listNumbers()).toEqual([]);
    await client.close();
    await expect(client.listNumbers()).rejects.toMatchObject({ code: 'NETWORK_ERROR' });
  });
});
