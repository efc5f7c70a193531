import { exitCodeFor } from '../../src/cli/exit-code.ts';
import { describe, expect, it } from 'vitest';
import { ApiError, NetworkError, type ApiErrorDetails } from '../../src/api/api-error.ts';
import { NumformError } from '../../src/errors/numform-error.ts';

function apiError(fields: Partial<ApiErrorDetails>): ApiError {
  return new ApiError({
    operation: 'get number',
    method: 'GET',
    path: '/numbers/x',
    httpStatus: 400,
    status: 'INVALID_ARGUMENT',
    reason: 'INVALID_ID',
    apiMessage: 'bad id',
    requestId: 'req_1',
    ...fields,
  });
}

describe('ApiError', () => {
  it('says what was refused, by whom and how, with a code from the reason', () => {
    const error = apiError({});
    expect(error).toBeInstanceOf(NumformError);
    expect(error.name).toBe('ApiError');
    expect(error.code).toBe('API_INVALID_ID');
    expect(error.message).toBe(
      'VoIPBIN refused to get number: HTTP 400 INVALID_ID: bad id (GET /numbers/x, request_id req_1)',
    );
    expect(error.httpStatus).toBe(400);
    expect(exitCodeFor(error)).toBe(1);
    expect(error.hint).toBeUndefined();
  });

  it('falls back to API_HTTP_<status> without a reason, and says when there is no request id', () => {
    const error = apiError({ httpStatus: 502, reason: '', requestId: '' });
    expect(error.code).toBe('API_HTTP_502');
    expect(error.message).toMatch(/HTTP 502 : bad id \(GET \/numbers\/x, request_id none\)$/);
  });

  it.each<[Partial<ApiErrorDetails>, RegExp | undefined]>([
    [{ httpStatus: 401, reason: 'INVALID_CREDENTIALS' }, /^Check the access key .*VOIPBIN_ACCESSKEY/],
    [
      { httpStatus: 403, reason: 'IDENTITY_VERIFICATION_REQUIRED' },
      /^Buying normal numbers needs a verified/,
    ],
    [{ httpStatus: 403, reason: 'ACCOUNT_FROZEN' }, /^The account is frozen/],
    [{ httpStatus: 403, reason: 'PERMISSION_DENIED' }, /^The access key lacks permission/],
    [{ httpStatus: 429, reason: 'RATE_LIMIT_EXCEEDED' }, /^The API rate limit was hit; lower --rate-limit/],
    [
      { httpStatus: 500, reason: 'INTERNAL', operation: 'create number' },
      /^VoIPBIN answers several different.*carrier failure\. Check the account's plan and balance/,
    ],
    [{ httpStatus: 500, reason: 'INTERNAL', operation: 'update number' }, /unknown or deleted flow id/],
    [{ httpStatus: 500, reason: 'INTERNAL', operation: 'delete number' }, /^A server-side failure/],
    [{ httpStatus: 503, reason: 'UNAVAILABLE', operation: 'create number' }, /^A server-side failure/],
    [{ httpStatus: 503, reason: 'UNAVAILABLE', operation: 'update number' }, /^A server-side failure/],
    [{ httpStatus: 499, reason: 'X' }, undefined],
    [{ httpStatus: 404, reason: 'ACCOUNT_FROZEN' }, /^The account is frozen/],
  ])('hints for %j', (fields, hint) => {
    const error = apiError(fields);
    if (hint) expect(error.hint).toMatch(hint);
    else expect(error.hint).toBeUndefined();
  });
});

describe('NetworkError', () => {
  it('names the cause code when there is one', () => {
    const cause = Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' });
    const error = new NetworkError('list numbers', 'GET', '/numbers', cause);
    expect(error.code).toBe('NETWORK_ERROR');
    expect(error.message).toBe('Could not list numbers: UND_ERR_SOCKET: other side closed (GET /numbers)');
    expect(error.hint).toMatch(/^Check --endpoint \/ VOIPBIN_ENDPOINT/);
    expect(error.cause).toBe(cause);
  });

  it('gives only the message without a code, and the text of a non-Error cause', () => {
    expect(new NetworkError('create number', 'POST', '/numbers', new Error('timed out')).message).toBe(
      'Could not create number: timed out (POST /numbers)',
    );
    expect(new NetworkError('get number', 'GET', '/numbers/1', 'gone').message).toBe(
      'Could not get number: gone (GET /numbers/1)',
    );
  });
});
