import { describe, expect, it } from 'vitest';
import { ApiError, BadResponseError, NetworkError, type ApiErrorDetails } from '../../src/api/api-error.ts';

function apiError(fields: Partial<ApiErrorDetails>): ApiError {
  return new ApiError({
    operation: 'get number',
    method: 'GET',
    path: '/numbers/x',
    httpStatus: 400,
    status: '',
    reason: 'INVALID_ID',
    apiMessage: 'bad id',
    requestId: 'req_1',
    ...fields,
  });
}

const PROXY =
  'Something other than the VoIPBIN API answered (a proxy, gateway or captive portal?): check --endpoint / VOIPBIN_ENDPOINT and your network.';

describe('ApiError: codes', () => {
  it('makes a code only of a whole reason shaped like VoIPBIN’s', () => {
    expect(apiError({ reason: 'not a REASON' }).code).toBe('API_HTTP_400');
    expect(apiError({ reason: 'REASON_ok' }).code).toBe('API_HTTP_400');
    expect(apiError({ reason: 'A1_B' }).code).toBe('API_A1_B');
  });
});

describe('ApiError: an answer VoIPBIN did not write', () => {
  it.each<[number, string]>([
    [429, `${PROXY} Something rate-limited the requests; lower --rate-limit and run again.`],
    [500, `${PROXY} A server-side failure; run again later.`],
    [499, PROXY],
    [401, PROXY],
  ])('hints for HTTP %i by its status alone', (httpStatus, hint) => {
    const error = apiError({ httpStatus, reason: '', apiMessage: '', foreignBody: 'an empty body' });
    expect(error.hint).toBe(hint);
    expect(error.message).toBe(
      `Could not get number: HTTP ${httpStatus} with an empty body, not a VoIPBIN error answer (GET /numbers/x, request_id req_1)`,
    );
  });
});

describe('NetworkError and BadResponseError: texts', () => {
  it('says what to check after a network failure', () => {
    const error = new NetworkError('get number', 'GET', '/numbers/1', new Error('x'));
    expect(error.hint).toBe(
      'Check --endpoint / VOIPBIN_ENDPOINT and your network; numform retried before giving up.',
    );
  });

  it('leaves out a code that is empty or not text', () => {
    for (const code of ['', 42]) {
      const cause = Object.assign(new Error('closed'), { code });
      expect(new NetworkError('get number', 'GET', '/n', cause).message).toBe(
        'Could not get number: closed (GET /n)',
      );
    }
  });

  it('says a whole second deadline in seconds, and what to check', () => {
    const error = new NetworkError('get number', 'GET', '/n', new Error('x'), { deadlineMs: 60_000 });
    expect(error.message).toMatch(/^Could not get number: no complete answer within 60 s, /);
    expect(error.code).toBe('NETWORK_DEADLINE');
    expect(error.hint).toBe(
      'The server, or something between numform and it, answered too slowly or stopped sending. Check --endpoint / VOIPBIN_ENDPOINT and your network, then run again (--request-timeout allows a slow server more time).',
    );
  });

  it('says what to do with an unusable answer', () => {
    const error = new BadResponseError({
      operation: 'get number',
      method: 'GET',
      path: '/n',
      httpStatus: 200,
      problem: 'is odd',
    });
    expect(error.message).toBe(
      'Could not get number: the answer (HTTP 200) is odd (GET /n, request_id none)',
    );
    expect(error.hint).toBe(
      'numform did not use this answer. Check --endpoint / VOIPBIN_ENDPOINT (a proxy or captive portal may have answered) and run again; if it persists, report the request to VoIPBIN support.',
    );
  });
});
