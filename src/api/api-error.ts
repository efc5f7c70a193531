import { NumformError } from '../errors/numform-error.ts';

/** What the client was doing when the API answered with an error; it shapes the hint. */
export type ApiOperation =
  | 'list numbers'
  | 'get number'
  | 'create number'
  | 'update number'
  | 'update metadata'
  | 'delete number'
  | 'list flows'
  | 'list available numbers';

/** The parts of an API error answer numform keeps: never the request's headers. */
export interface ApiErrorDetails {
  operation: ApiOperation;
  method: string;
  path: string;
  httpStatus: number;
  status: string;
  reason: string;
  apiMessage: string;
  requestId: string;
  retryAfterSeconds?: number | undefined;
}

/** An error answer of the VoIPBIN API, with its HTTP status, reason, message and request id. */
export class ApiError extends NumformError {
  readonly details: ApiErrorDetails;

  constructor(details: ApiErrorDetails) {
    const { operation, method, path, httpStatus, reason, apiMessage, requestId } = details;
    const message =
      `VoIPBIN refused to ${operation}: HTTP ${httpStatus} ${reason}: ${apiMessage}` +
      ` (${method} ${path}, request_id ${requestId || 'none'})`;
    super(`API_${reason || 'HTTP_' + httpStatus}`, message, { hint: hintFor(details) });
    this.details = details;
  }

  get httpStatus(): number {
    return this.details.httpStatus;
  }
}

/** A request that got no HTTP answer: connection refused, reset, or timed out. */
export class NetworkError extends NumformError {
  constructor(operation: ApiOperation, method: string, path: string, cause: unknown) {
    const why = cause instanceof Error ? describeNetworkCause(cause) : String(cause);
    super('NETWORK_ERROR', `Could not ${operation}: ${why} (${method} ${path})`, {
      hint: 'Check --endpoint / VOIPBIN_ENDPOINT and your network; numform retried before giving up.',
      cause,
    });
  }
}

function describeNetworkCause(error: Error): string {
  const code = (error as { code?: string }).code;
  return code ? `${code}: ${error.message}` : error.message;
}

function hintFor(d: ApiErrorDetails): string | undefined {
  if (d.httpStatus === 401) {
    return 'Check the access key (--accesskey, VOIPBIN_ACCESSKEY or VN_ACCESS_KEY): it may be missing, expired or deleted.';
  }
  if (d.reason === 'IDENTITY_VERIFICATION_REQUIRED') {
    return 'Buying normal numbers needs a verified customer identity: finish identity verification in the VoIPBIN admin console.';
  }
  if (d.reason === 'ACCOUNT_FROZEN') return 'The account is frozen; recover it before managing numbers.';
  if (d.httpStatus === 403) {
    return 'The access key lacks permission, or the number belongs to another customer.';
  }
  if (d.httpStatus === 429) return 'The API rate limit was hit; lower --rate-limit and run again.';
  if (d.httpStatus === 500 && d.operation === 'create number') {
    return (
      'VoIPBIN answers several different problems with this 500: the number already exists (perhaps in another account), ' +
      "the plan's virtual-number limit is reached, the balance is too low to buy a normal number, an invalid +899 number, " +
      "or a carrier failure. Check the account's plan and balance, and that the number is free."
    );
  }
  if (d.httpStatus === 500 && d.operation === 'update number') {
    return 'VoIPBIN answers an unknown or deleted flow id with this 500: check call_flow_id and message_flow_id.';
  }
  if (d.httpStatus >= 500)
    return 'A server-side failure; numform retried where it was safe. Run again later.';
  return undefined;
}
