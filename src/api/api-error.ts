import { NumformError } from '../errors/numform-error.ts';
import { quoteOutside } from '../errors/redact.ts';

/** What the client was doing when the API answered with an error; it shapes the hint. */
export type ApiOperation =
  | 'list numbers'
  | 'get number'
  | 'create number'
  | 'update number'
  | 'update metadata'
  | 'update flows'
  | 'delete number'
  | 'list flows'
  | 'get flow'
  | 'list available numbers'
  | 'read the customer'
  | 'read the billing account'
  | 'list access keys';

/** The parts of an API error answer numform keeps: never the request's headers. */
export interface ApiErrorDetails {
  operation: ApiOperation;
  method: string;
  path: string;
  httpStatus: number;
  status: string;
  reason: string;
  apiMessage: string;
  /** The request id the answer carried (its envelope's, else its header's); '' when none. */
  requestId: string;
  /** The X-Request-Id numform sent, shown when the answer carried no id of its own. */
  sentRequestId?: string | undefined;
  retryAfterSeconds?: number | undefined;
  /**
   * Set when the body is not VoIPBIN's error envelope (an HTML page from a proxy, plain text,
   * other JSON): what it was instead. `apiMessage` then holds the start of that body.
   */
  foreignBody?: string | undefined;
}

/** Secrets to keep out of an error's texts: the access key, as the transport knows it. */
export type Secrets = readonly (string | undefined)[];

// Only a reason shaped like VoIPBIN's own becomes part of a code: codes are matched by scripts.
const REASON = /^[A-Z][A-Z0-9_]{0,63}$/;

const PROXY_HINT =
  'Something other than the VoIPBIN API answered (a proxy, gateway or captive portal?): ' +
  'check --endpoint / VOIPBIN_ENDPOINT and your network.';

/**
 * An error answer of the VoIPBIN API, with its HTTP status, reason, message and request id. Every
 * text from the server is redacted and cleaned here, at construction, so no later printer has to.
 */
export class ApiError extends NumformError {
  readonly details: ApiErrorDetails;

  constructor(raw: ApiErrorDetails, secrets: Secrets = []) {
    const details: ApiErrorDetails = {
      ...raw,
      status: quoteOutside(raw.status, secrets, 64),
      reason: quoteOutside(raw.reason, secrets, 64),
      apiMessage: quoteOutside(raw.apiMessage, secrets),
      requestId: quoteOutside(raw.requestId, secrets, 100),
    };
    const { operation, method, path, httpStatus, reason, apiMessage, foreignBody } = details;
    const where = describeRequest(method, path, details.requestId, details.sentRequestId);
    const message =
      foreignBody === undefined
        ? `VoIPBIN refused to ${operation}: HTTP ${httpStatus} ${reason}: ${apiMessage} ${where}`
        : `Could not ${operation}: HTTP ${httpStatus} with ${foreignBody}, not a VoIPBIN error answer` +
          `${apiMessage ? `: ${apiMessage}` : ''} ${where}`;
    const code = REASON.test(reason) ? `API_${reason}` : `API_HTTP_${httpStatus}`;
    const hint = hintFor(details);
    super(code, message, {
      hint: foreignBody === undefined ? hint : hint ? `${PROXY_HINT} ${hint}` : PROXY_HINT,
    });
    this.details = details;
  }

  get httpStatus(): number {
    return this.details.httpStatus;
  }
}

/** What sets a NetworkError apart: the secrets to redact, and the deadline when that was the cause. */
export interface NetworkErrorOptions {
  secrets?: Secrets;
  /** The request's overall deadline, when it is what ended the request (code NETWORK_DEADLINE). */
  deadlineMs?: number;
  /** The X-Request-Id numform sent: with no answer, the only id a user can quote to support. */
  requestId?: string;
}

/**
 * Failures to open a connection: refused, unreachable, a name that does not resolve, a connect
 * timeout. The request was never written, so the server cannot have acted on it.
 */
const NOT_SENT_CODES = new Set([
  'ECONNREFUSED',
  'UND_ERR_CONNECT_TIMEOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);

/**
 * TLS failures of the server's certificate: expired, self-signed, from an unknown authority, for
 * another name. The same certificate comes back on every attempt, so a retry cannot mend them.
 */
const CERTIFICATE_CODES = new Set([
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_REVOKED',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'CERT_SIGNATURE_FAILURE',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/** A request that got no (complete) HTTP answer: connection refused, reset, timed out. */
export class NetworkError extends NumformError {
  /**
   * True when the connection was never made (see NOT_SENT_CODES): the server did nothing, so
   * even a purchase may be sent again. False for resets and timeouts, which may follow the work.
   */
  readonly requestNotSent: boolean;
  /** True when the server's TLS certificate was refused (see CERTIFICATE_CODES): not worth a retry. */
  readonly certificateRefused: boolean;
  /**
   * True when no answer came in time: the request may still be held on its way to the server,
   * and reach it later. False when the connection was refused or closed.
   */
  readonly mayStillArrive: boolean;
  /** The X-Request-Id numform sent, when known. */
  readonly requestId: string | undefined;

  constructor(
    operation: ApiOperation,
    method: string,
    path: string,
    cause: unknown,
    options: NetworkErrorOptions = {},
  ) {
    const secrets = options.secrets ?? [];
    const sent = options.requestId === undefined ? '' : `, X-Request-Id ${options.requestId}`;
    if (options.deadlineMs !== undefined) {
      super(
        'NETWORK_DEADLINE',
        `Could not ${operation}: no complete answer within ${formatSeconds(options.deadlineMs)}, ` +
          `the deadline of one request (${method} ${path}${sent})`,
        {
          hint:
            'The server, or something between numform and it, answered too slowly or stopped sending. ' +
            'Check --endpoint / VOIPBIN_ENDPOINT and your network, then run again ' +
            '(--request-timeout allows a slow server more time).',
          cause,
        },
      );
      this.requestNotSent = false;
      this.certificateRefused = false;
      this.mayStillArrive = true;
      this.requestId = options.requestId;
      return;
    }
    const why = quoteOutside(cause instanceof Error ? describeNetworkCause(cause) : String(cause), secrets);
    const code = codeOf(cause);
    const certificateRefused = code !== undefined && CERTIFICATE_CODES.has(code);
    super('NETWORK_ERROR', `Could not ${operation}: ${why} (${method} ${path}${sent})`, {
      hint: certificateRefused
        ? "The server's TLS certificate was refused, so nothing was sent. Check --endpoint / " +
          'VOIPBIN_ENDPOINT; behind a proxy that inspects TLS, give Node its certificate ' +
          'authority with NODE_EXTRA_CA_CERTS.'
        : 'Check --endpoint / VOIPBIN_ENDPOINT and your network; numform retried before giving up.',
      cause,
    });
    // The handshake failed before the request was written.
    this.requestNotSent = certificateRefused || isNotSent(cause);
    this.certificateRefused = certificateRefused;
    this.mayStillArrive = code === 'UND_ERR_HEADERS_TIMEOUT';
    this.requestId = options.requestId;
  }
}

/** The error code Node or undici gave `cause` (ECONNRESET, UND_ERR_HEADERS_TIMEOUT, …), if any. */
function codeOf(cause: unknown): string | undefined {
  const code = (cause as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** True when every failure behind `cause` is one of NOT_SENT_CODES (several for several addresses). */
function isNotSent(cause: unknown): boolean {
  const code = codeOf(cause);
  if (code !== undefined && NOT_SENT_CODES.has(code)) return true;
  const inner = (cause as { errors?: unknown } | null)?.errors;
  return Array.isArray(inner) && inner.length > 0 && inner.every(isNotSent);
}

/** What was wrong with an answer numform could not use, and where it came from. */
export interface BadResponseDetails {
  operation: ApiOperation;
  method: string;
  path: string;
  httpStatus: number;
  /** What was wrong, phrased to follow "the answer": "is an HTML page, not JSON: …". */
  problem: string;
  requestId?: string | undefined;
  /** The X-Request-Id numform sent, shown when the answer carried no id of its own. */
  sentRequestId?: string | undefined;
}

/**
 * A success answer numform cannot use: not JSON, empty, too large, or JSON of the wrong shape (a
 * number without a number, an unparsable time). Never a bug in numform: the server, or something
 * in front of it, answered what the VoIPBIN API does not send.
 */
export class BadResponseError extends NumformError {
  readonly httpStatus: number;

  constructor(details: BadResponseDetails, secrets: Secrets = []) {
    const { operation, method, path, httpStatus } = details;
    const problem = quoteOutside(details.problem, secrets, 400);
    const requestId = quoteOutside(details.requestId ?? '', secrets, 100);
    super(
      'API_BAD_RESPONSE',
      `Could not ${operation}: the answer (HTTP ${httpStatus}) ${problem} ` +
        describeRequest(method, path, requestId, details.sentRequestId),
      {
        hint:
          'numform did not use this answer. Check --endpoint / VOIPBIN_ENDPOINT (a proxy or captive portal ' +
          'may have answered) and run again; if it persists, report the request to VoIPBIN support.',
      },
    );
    this.httpStatus = httpStatus;
  }
}

/**
 * `(POST /numbers, request_id …)`: the id the answer carried, which VoIPBIN's logs know; when the
 * answer carried none (a proxy answered), the one numform sent, so there is still an id to quote.
 */
function describeRequest(method: string, path: string, answered: string, sent: string | undefined): string {
  if (answered || sent === undefined) return `(${method} ${path}, request_id ${answered || 'none'})`;
  return `(${method} ${path}, X-Request-Id ${sent}; the answer carried no request_id)`;
}

function formatSeconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}

function describeNetworkCause(error: Error): string {
  const code = codeOf(error);
  return code ? `${code}: ${error.message}` : error.message;
}

/**
 * VoIPBIN answers a mistyped, an expired and a deleted access key with the same 401
 * INVALID_CREDENTIALS, so the hint names them all; AUTHENTICATION_REQUIRED means none arrived.
 */
function hintFor401(reason: string): string {
  const where = 'Check the access key (--accesskey, VOIPBIN_ACCESSKEY or VN_ACCESS_KEY)';
  if (reason === 'AUTHENTICATION_REQUIRED') {
    return `${where}: none reached VoIPBIN. It is missing, or something between numform and VoIPBIN dropped its cookie.`;
  }
  return (
    `${where}: VoIPBIN refuses a key that is mistyped, expired or deleted, all three alike. ` +
    "The admin console's access keys list shows when each key expires; create a new key if this one is gone."
  );
}

function hintFor(d: ApiErrorDetails): string | undefined {
  // A body VoIPBIN did not write says nothing about VoIPBIN's reasons: only its status counts.
  if (d.foreignBody !== undefined) {
    if (d.httpStatus === 429) return 'Something rate-limited the requests; lower --rate-limit and run again.';
    return d.httpStatus >= 500 ? 'A server-side failure; run again later.' : undefined;
  }
  if (d.httpStatus === 401) return hintFor401(d.reason);
  if (d.reason === 'IDENTITY_VERIFICATION_REQUIRED') {
    return 'Buying normal numbers needs a verified customer identity: finish identity verification in the VoIPBIN admin console.';
  }
  if (d.reason === 'ACCOUNT_FROZEN') return 'The account is frozen; recover it before managing numbers.';
  if (d.httpStatus === 403) {
    return 'The access key lacks permission, or the number belongs to another customer.';
  }
  if (d.httpStatus === 429) return 'The API rate limit was hit; lower --rate-limit and run again.';
  if (
    d.httpStatus === 404 &&
    d.reason !== 'ROUTE_NOT_FOUND' &&
    /^update (number|metadata|flows)$/.test(d.operation)
  ) {
    return 'The account no longer holds this number: it was released elsewhere (the console, another job) after the plan was read. Run `numform plan` again to see what the configuration now asks for.';
  }
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

/** What is known of a purchase whose outcome could not be learnt. */
export interface PurchaseOutcomeUnknownDetails {
  /** The number whose purchase was sent. */
  number: string;
  /** The ambiguous failure of the POST (a reset, a timeout, a 502–504). */
  failure: Error;
  /** How long the account was searched for the number after the failure. */
  lookedForMs: number;
  /** Why the last lookup failed, when it did: then the account was not read at the end. */
  lookupFailure?: Error | undefined;
}

/**
 * A purchase that may or may not have gone through: the POST failed without a clear answer and the
 * number did not appear in the account while numform looked. The purchase was NOT sent again, since
 * a second POST can be refused as a duplicate and a duplicate's rollback may release the number the
 * first one bought; the next run decides from what the account then holds.
 */
export class PurchaseOutcomeUnknownError extends NumformError {
  readonly number: string;

  constructor(details: PurchaseOutcomeUnknownDetails) {
    const { number, failure, lookedForMs, lookupFailure } = details;
    const looked = lookupFailure
      ? `the account could not be read at the end of ${formatSeconds(lookedForMs)} of looking (${lookupFailure.message})`
      : `the number did not appear in the account within ${formatSeconds(lookedForMs)}`;
    super(
      'PURCHASE_OUTCOME_UNKNOWN',
      `The outcome of the purchase of ${number} is unknown: ${failure.message}; ${looked}. ` +
        'The purchase was NOT re-sent.',
      {
        hint:
          'Run `numform plan` later: it reads the account, and shows the number if the purchase went ' +
          'through or plans it again if it did not. If the number stays missing, quote the request id ' +
          'above to VoIPBIN support.',
        cause: failure,
      },
    );
    this.number = number;
  }
}
