import { exitCodeFor } from '../../src/cli/exit-code.ts';
import { describe, expect, it } from 'vitest';
import {
  ApiError,
  NetworkError,
  PurchaseOutcomeUnknownError,
  type ApiErrorDetails,
} from '../../src/api/api-error.ts';
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

describe('NetworkError: was the request sent?', () => {
  const withCode = (code: string): Error => Object.assign(new Error('x'), { code });

  it.each([
    'ECONNREFUSED',
    'UND_ERR_CONNECT_TIMEOUT',
    'ENOTFOUND',
    'EAI_AGAIN',
    'EHOSTUNREACH',
    'ENETUNREACH',
  ])('knows %s happened before any byte was sent', (code) => {
    expect(new NetworkError('create number', 'POST', '/numbers', withCode(code)).requestNotSent).toBe(true);
  });

  it.each(['ECONNRESET', 'UND_ERR_SOCKET', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'EPIPE'])(
    'cannot tell after %s',
    (code) => {
      expect(new NetworkError('create number', 'POST', '/numbers', withCode(code)).requestNotSent).toBe(
        false,
      );
    },
  );

  it('reads the failures of every address tried, and a deadline as sent', () => {
    const every = new AggregateError([withCode('ECONNREFUSED'), withCode('ENETUNREACH')]);
    const some = new AggregateError([withCode('ECONNREFUSED'), withCode('ECONNRESET')]);
    const none = new AggregateError([]);
    const sent = (cause: unknown) =>
      new NetworkError('create number', 'POST', '/numbers', cause).requestNotSent;
    expect(sent(every)).toBe(true);
    expect(sent(some)).toBe(false);
    expect(sent(none)).toBe(false);
    expect(sent('refused')).toBe(false);
    const deadline = new NetworkError('create number', 'POST', '/numbers', withCode('ECONNREFUSED'), {
      deadlineMs: 1000,
    });
    expect(deadline.requestNotSent).toBe(false);
  });

  it('names the X-Request-Id it was sent with, deadline or not', () => {
    const cause = withCode('ECONNRESET');
    expect(
      new NetworkError('get number', 'GET', '/numbers/1', cause, { requestId: 'numform-A-1' }).message,
    ).toBe('Could not get number: ECONNRESET: x (GET /numbers/1, X-Request-Id numform-A-1)');
    const deadline = new NetworkError('get number', 'GET', '/numbers/1', cause, {
      requestId: 'numform-A-2',
      deadlineMs: 1500,
    });
    expect(deadline.message).toBe(
      'Could not get number: no complete answer within 1500 ms, the deadline of one request (GET /numbers/1, X-Request-Id numform-A-2)',
    );
    expect(deadline.requestId).toBe('numform-A-2');
  });
});

describe('PurchaseOutcomeUnknownError', () => {
  it('says the outcome is unknown, that nothing was re-sent, and what to run next', () => {
    const failure = new Error(
      'Could not create number: ECONNRESET: x (POST /numbers, X-Request-Id numform-A-1)',
    );
    const error = new PurchaseOutcomeUnknownError({ number: '+15551230001', failure, lookedForMs: 60_000 });
    expect(error).toBeInstanceOf(NumformError);
    expect(error.name).toBe('PurchaseOutcomeUnknownError');
    expect(error.code).toBe('PURCHASE_OUTCOME_UNKNOWN');
    expect(error.number).toBe('+15551230001');
    expect(error.cause).toBe(failure);
    expect(error.message).toBe(
      'The outcome of the purchase of +15551230001 is unknown: Could not create number: ECONNRESET: x ' +
        '(POST /numbers, X-Request-Id numform-A-1); the number did not appear in the account within 60 s. ' +
        'The purchase was NOT re-sent.',
    );
    expect(error.hint).toBe(
      'Run `numform plan` later: it reads the account, and shows the number if the purchase went through ' +
        'or plans it again if it did not. If the number stays missing, quote the request id above to VoIPBIN support.',
    );
    expect(exitCodeFor(error)).toBe(1);
  });

  it('says so when the account could not be read at the end', () => {
    const error = new PurchaseOutcomeUnknownError({
      number: '+15551230001',
      failure: new Error('first'),
      lookedForMs: 2500,
      lookupFailure: new Error('second'),
    });
    expect(error.message).toBe(
      'The outcome of the purchase of +15551230001 is unknown: first; the account could not be read at the ' +
        'end of 2500 ms of looking (second). The purchase was NOT re-sent.',
    );
  });
});
