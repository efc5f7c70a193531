import { randomBytes } from 'node:crypto';
import type { Dispatcher } from 'undici';
import { Agent, request } from './undici.ts';
import { ApiError, BadResponseError, NetworkError, type ApiOperation } from './api-error.ts';
import { UnusableAnswer } from './check-answer.ts';
import { realTiming, type Timing } from '../clock/timing.ts';
import { burstFor, DEFAULT_RATE_PER_SECOND, RateLimiter } from './rate-limiter.ts';
import { Slots } from './slots.ts';
import type { WireErrorEnvelope } from './wire.ts';
import { REDACTED, redactSecrets } from '../errors/redact.ts';

/** How the transport talks to the API. */
export interface HttpOptions {
  /** Base URL ending in `/v1.0`. */
  endpoint: string;
  accessKey: string;
  /**
   * Client-side requests per second at most (default 16.7, the API's per-customer limit, with a
   * burst of 32); 429s slow it down from there. 0 turns the client's limit off.
   */
  ratePerSecond?: number;
  /** Retries after the first attempt for retryable failures other than 429 (default 4). */
  maxRetries?: number;
  /**
   * Retries of 429 answers, counted apart (default 10): a 429 did no work, and a customer's limit
   * shared with another job can refuse several requests in a row without anything being wrong.
   */
  maxRateLimitRetries?: number;
  /** First backoff step in ms, doubled each retry (default 250). */
  retryBaseMs?: number;
  /** The source of backoff jitter, in [0, 1) (default Math.random); fixed in tests. */
  random?: () => number;
  connectTimeoutMs?: number;
  headersTimeoutMs?: number;
  /** The longest pause between two pieces of a body (default 60 s). */
  bodyTimeoutMs?: number;
  /**
   * The overall deadline of one request, headers and body together (default 60 s): a server that
   * sends a byte every few seconds resets the other timeouts forever, never this one. Each retry
   * gets its own deadline.
   */
  requestTimeoutMs?: number;
  /** The most bytes read of one answer (default 32 MiB): a larger one is refused, not buffered. */
  maxResponseBytes?: number;
  connections?: number;
  timing?: Timing;
  /**
   * Ctrl-C: once aborted, no retry is waited for or sent (a back-off can be minutes under a long
   * Retry-After); a request already on the wire still finishes.
   */
  signal?: AbortSignal;
  /**
   * Told before each retry is waited for, so a slow or failing server is never minutes of silence.
   * The reason is numform's own words (an HTTP status, an error code), never the server's text.
   */
  onRetry?: (retry: RetryNotice) => void;
  /**
   * Told after each attempt, answered or not, for the debug log: never the key, a header or a
   * body, only what support needs to find the request.
   */
  onRequest?: (request: RequestNotice) => void;
  /** Replaces the connection pool (and its timeouts), for a proxy or for tests; closed with the transport. */
  dispatcher?: Dispatcher;
}

/** A retry about to be waited for. */
export interface RetryNotice {
  operation: ApiOperation;
  delayMs: number;
  /** `HTTP 503`, `HTTP 429`, `UND_ERR_SOCKET`, `no complete answer in time`. */
  reason: string;
}

/** One attempt, as the debug log shows it. */
export interface RequestNotice {
  operation: ApiOperation;
  method: HttpCall['method'];
  /** The path and query, each query value whose name speaks of a key, secret or token hidden. */
  target: string;
  /** The X-Request-Id numform sent. */
  requestId: string;
  /** The HTTP status; absent when no answer came. */
  httpStatus?: number;
  /** Why no answer came: a network error code, or `no complete answer in time`. */
  failure?: string;
  /** Real milliseconds from sending to the end of the answer. */
  durationMs: number;
}

/** Query parameters whose values are never logged (numform sends none today; a proxy might add one). */
const SECRET_QUERY_NAME = /key|secret|token|password|auth/i;

/** The path and query of a URL for a log, with secret-looking values replaced. */
export function describeTarget(url: URL): string {
  const shown = new URLSearchParams();
  for (const [name, value] of url.searchParams) {
    shown.append(name, SECRET_QUERY_NAME.test(name) ? REDACTED : value);
  }
  const query = shown.toString();
  return url.pathname + (query === '' ? '' : `?${query}`);
}

/** What made a call be retried, in a few words of numform's own (never the server's text). */
function describeRetryReason(error: unknown): string {
  if (error instanceof ApiError) return `HTTP ${error.httpStatus}`;
  if (error instanceof NetworkError) {
    if (error.code === 'NETWORK_DEADLINE') return 'no complete answer in time';
    const code = (error.cause as { code?: unknown } | undefined)?.code;
    return typeof code === 'string' && /^[A-Z_]{2,40}$/.test(code) ? code : 'network error';
  }
  if (error instanceof BadResponseError) return `an unusable answer (HTTP ${error.httpStatus})`;
  return 'an error';
}

/**
 * One API call. `retry: 'idempotent'` retries 429s, 5xx and network errors. `'safe-only'` (a
 * purchase) retries only what provably did no work: a 429 (VoIPBIN's rate limiters answer before
 * any handler runs) and a request whose connection was never made.
 */
export interface HttpCall<T = unknown> {
  operation: ApiOperation;
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  query?: Record<string, string | number | undefined>;
  body?: unknown;
  retry: 'idempotent' | 'safe-only';
  /**
   * Checks a success answer's JSON and returns what the caller gets; it throws UnusableAnswer for
   * a shape the client cannot use. Without it, an empty body is accepted (DELETE answers).
   */
  parse?: (body: unknown) => T;
  /** For DELETE: a 404 after an earlier ambiguous attempt means the earlier one succeeded. */
  notFoundAfterAmbiguityIsDone?: boolean;
  /**
   * The answer holds a secret that must never be shown (GET /customer: the webhook signing
   * secret), so no error quotes its body: not when it is not JSON, not when an error status comes
   * with something other than VoIPBIN's error envelope. `parse` must not quote it either.
   */
  bodyHoldsSecrets?: boolean;
  /**
   * The follow-up of a change under way (the lookup that settles a purchase whose answer was
   * lost): after a stop it still waits its turn for a connection and a token, as apply finishes
   * what is in flight. Other calls waiting then are taken back.
   */
  survivesStop?: boolean;
  /** Told as each attempt is written (after its connection and token): the server may act on it. */
  onSent?: () => void;
}

const NOT_QUOTED = 'not quoted, as this answer may hold a secret';

/**
 * A failure where the server may or may not have done the work (reset, timeout, 5xx, an unusable
 * success answer); a connection never made and a 429 did nothing.
 */
export function isAmbiguousFailure(error: unknown): boolean {
  return (
    (error instanceof NetworkError && !error.requestNotSent) ||
    error instanceof BadResponseError ||
    (error instanceof ApiError && error.httpStatus >= 500)
  );
}

const MAX_RETRY_AFTER_MS = 30_000;
const MAX_BACKOFF_MS = 10_000;
/** The default overall deadline of one request. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 60_000;
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * A limit must be a whole number from 1 to `max`: NaN would silently disable it. Options reach
 * the client already checked by the CLI, so a bad one here is a programming error.
 */
export function checkLimit(name: string, value: number, max: number): number {
  if (!Number.isInteger(value) || value < 1 || value > max) {
    throw new RangeError(`${name} must be a whole number from 1 to ${max}, not ${value}`);
  }
  return value;
}

/** The default cap on the size of one answer; a page of 100 numbers is under 100 KB. */
export const DEFAULT_MAX_RESPONSE_BYTES = 32 * 1024 * 1024;

/**
 * The HTTP edge of numform: one undici connection pool with timeouts, the access key as a cookie
 * (never in a URL), a client-side rate limit, and retries with backoff that honour Retry-After.
 */
export class HttpTransport {
  private readonly agent: Dispatcher;
  private readonly limiter: RateLimiter;
  /** One per connection of the pool (see sendAttempt). */
  private readonly slots: Slots;
  private readonly timing: Timing;
  private readonly maxRetries: number;
  private readonly maxRateLimitRetries: number;
  private readonly retryBaseMs: number;
  private readonly random: () => number;
  private readonly requestTimeoutMs: number;
  private readonly maxResponseBytes: number;
  private readonly secrets: readonly string[];
  /** Counts every request sent, for diagnostics and tests. */
  requestsSent = 0;

  private readonly options: HttpOptions;

  constructor(options: HttpOptions) {
    this.options = options;
    this.timing = options.timing ?? realTiming;
    this.maxRetries = options.maxRetries ?? 4;
    this.maxRateLimitRetries = options.maxRateLimitRetries ?? 10;
    this.retryBaseMs = options.retryBaseMs ?? 250;
    this.random = options.random ?? (() => Math.random());
    // Past 2^31-1 ms a timer fires at once, which would fail every request: refuse, never clamp.
    this.requestTimeoutMs = checkLimit(
      'requestTimeoutMs',
      options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
      MAX_TIMER_MS,
    );
    this.maxResponseBytes = checkLimit(
      'maxResponseBytes',
      options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
      Number.MAX_SAFE_INTEGER,
    );
    // A server may echo the key URL-encoded (a cookie dump, a query string) as well as verbatim.
    this.secrets = [...new Set([options.accessKey, encodeURIComponent(options.accessKey)])];
    const rate = options.ratePerSecond ?? DEFAULT_RATE_PER_SECOND;
    this.limiter = new RateLimiter(rate, burstFor(rate), this.timing, this.requestTimeoutMs);
    const connections = options.connections ?? 10;
    this.slots = new Slots(connections);
    this.agent =
      options.dispatcher ??
      new Agent({
        connections,
        connect: { timeout: options.connectTimeoutMs ?? 10_000 },
        // A deadline asked for governs the wait for headers and body too.
        headersTimeout: options.headersTimeoutMs ?? options.requestTimeoutMs ?? 30_000,
        bodyTimeout: options.bodyTimeoutMs ?? options.requestTimeoutMs ?? 60_000,
      });
  }

  /**
   * Sends a call and returns its parsed JSON body; throws ApiError, NetworkError or
   * BadResponseError. Every attempt carries an X-Request-Id of numform's own: one stem per call,
   * `-1`, `-2`, … per attempt, so the retries of one call can be told apart and found together.
   */
  async send<T>(call: HttpCall<T>): Promise<T | null> {
    const stem = newRequestIdStem();
    let ambiguous = false;
    let failures = 0;
    let rateLimited = 0;
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.sendAttempt<T>(call, `${stem}-${attempt + 1}`);
      } catch (error) {
        if (
          ambiguous &&
          call.notFoundAfterAmbiguityIsDone &&
          error instanceof ApiError &&
          error.httpStatus === 404
        ) {
          return null;
        }
        if (!isRetryable(call, error)) throw error;
        if (isRateLimited(error)) {
          if (rateLimited++ >= this.maxRateLimitRetries) throw error;
        } else if (failures++ >= this.maxRetries) {
          throw error;
        }
        ambiguous ||= isAmbiguousFailure(error);
        const delayMs = this.backoffMs(attempt, error);
        this.options.onRetry?.({ operation: call.operation, delayMs, reason: describeRetryReason(error) });
        await this.timing.sleep(delayMs, this.options.signal);
      }
    }
  }

  /**
   * One attempt: a connection's slot, then a token, then the request; the limiter is told how it
   * ended. Taken in that order, a request waiting for a busy pool holds no token, and a stop
   * still takes it back.
   */
  private async sendAttempt<T>(call: HttpCall<T>, requestId: string): Promise<T | null> {
    const signal = call.survivesStop ? undefined : this.options.signal;
    const release = await this.slots.take(signal);
    try {
      const ticket = await this.limiter.acquire(signal);
      try {
        return await this.sendOnce<T>(call, requestId, () => this.limiter.answered(ticket));
      } catch (error) {
        this.limiter.failed(ticket, {
          mayStillArrive: error instanceof NetworkError && error.mayStillArrive,
        });
        // Before anything else: every request queued behind this one slows down and waits too.
        if (isRateLimited(error)) this.limiter.reportRateLimited(ticket, this.retryAfterMs(error));
        throw error;
      }
    } finally {
      release();
    }
  }

  /** Retry-After when the answer gave one (capped); else exponential backoff with jitter. */
  private backoffMs(attempt: number, error: unknown): number {
    const retryAfter = this.retryAfterMs(error);
    if (retryAfter !== undefined) return retryAfter;
    const base = this.retryBaseMs * 2 ** attempt;
    return Math.min(base + Math.floor(this.random() * this.retryBaseMs), MAX_BACKOFF_MS);
  }

  /** The answer's Retry-After in ms, capped, or undefined when it gave none. */
  private retryAfterMs(error: unknown): number | undefined {
    const retryAfter = error instanceof ApiError ? error.details.retryAfterSeconds : undefined;
    return retryAfter === undefined ? undefined : Math.min(retryAfter * 1000, MAX_RETRY_AFTER_MS);
  }

  private async sendOnce<T>(
    call: HttpCall<T>,
    sentRequestId: string,
    /** Called once the answer's headers arrive: the server has seen the request. */
    answered: () => void,
  ): Promise<T | null> {
    const url = new URL(this.options.endpoint.replace(/\/+$/, '') + call.path);
    for (const [key, value] of Object.entries(call.query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    const headers: Record<string, string> = {
      accept: 'application/json',
      cookie: `accesskey=${this.options.accessKey}`,
      'user-agent': 'numform',
      'x-request-id': sentRequestId,
    };
    if (call.body !== undefined) headers['content-type'] = 'application/json';
    this.requestsSent++;
    call.onSent?.();
    // Real time on purpose: a virtual clock must not cut a request that is really on the wire.
    const deadline = AbortSignal.timeout(this.requestTimeoutMs);
    const sentAt = performance.now();
    const notify = (outcome: { httpStatus: number } | { failure: string }): void =>
      this.options.onRequest?.({
        operation: call.operation,
        method: call.method,
        target: describeTarget(url),
        requestId: sentRequestId,
        ...outcome,
        durationMs: Math.round(performance.now() - sentAt),
      });
    let response: Dispatcher.ResponseData;
    let answer: { text: string } | { tooLarge: true };
    try {
      response = await request(url, {
        method: call.method,
        headers,
        body: call.body === undefined ? null : JSON.stringify(call.body),
        dispatcher: this.agent,
        signal: deadline,
      });
      answered();
      answer = await this.readBody(response);
    } catch (error) {
      const failure = new NetworkError(call.operation, call.method, call.path, this.redactError(error), {
        secrets: this.secrets,
        requestId: sentRequestId,
        ...(deadline.aborted && { deadlineMs: this.requestTimeoutMs }),
      });
      notify({ failure: describeRetryReason(failure) });
      throw failure;
    }
    notify({ httpStatus: response.statusCode });
    const requestId = firstHeader(response.headers['x-request-id']);
    const bad = (problem: string): BadResponseError =>
      new BadResponseError(
        {
          operation: call.operation,
          method: call.method,
          path: call.path,
          httpStatus: response.statusCode,
          problem,
          requestId,
          sentRequestId,
        },
        this.secrets,
      );
    if ('tooLarge' in answer) {
      throw bad(`is larger than ${this.maxResponseBytes} bytes, the most numform reads of one answer`);
    }
    const { text } = answer;
    if (response.statusCode < 200 || response.statusCode >= 300) {
      throw this.toApiError(call, response.statusCode, response.headers, text, sentRequestId);
    }
    if (text.trim() === '') {
      if (!call.parse) return null;
      throw bad('is empty, where JSON was expected');
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      const html = describeForeign(text, response.headers) === 'an HTML page';
      const what = html ? 'is an HTML page, not JSON' : 'is not valid JSON';
      throw bad(call.bodyHoldsSecrets ? `${what}; ${NOT_QUOTED}` : `${what}: ${text}`);
    }
    if (!call.parse) return json as T;
    try {
      return call.parse(json);
    } catch (error) {
      if (error instanceof UnusableAnswer) throw bad(error.problem);
      throw error;
    }
  }

  /** Reads a body up to the size cap; past it, stops reading and drops the connection. */
  private async readBody(response: Dispatcher.ResponseData): Promise<{ text: string } | { tooLarge: true }> {
    const declared = Number(firstHeader(response.headers['content-length']));
    if (Number.isFinite(declared) && declared > this.maxResponseBytes) {
      discard(response.body);
      return { tooLarge: true };
    }
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of response.body as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > this.maxResponseBytes) {
        discard(response.body);
        return { tooLarge: true };
      }
      chunks.push(chunk);
    }
    return { text: Buffer.concat(chunks).toString('utf8') };
  }

  private toApiError(
    call: HttpCall<unknown>,
    httpStatus: number,
    headers: Record<string, string | string[] | undefined>,
    text: string,
    sentRequestId: string,
  ): ApiError {
    const envelope = readEnvelope(text);
    const retryAfter = Number(firstHeader(headers['retry-after']));
    const requestIdHeader = firstHeader(headers['x-request-id']) ?? '';
    const retryAfterSeconds = Number.isFinite(retryAfter) && retryAfter >= 0 ? retryAfter : undefined;
    const base = {
      operation: call.operation,
      method: call.method,
      path: call.path,
      httpStatus,
      sentRequestId,
    };
    if (!envelope) {
      return new ApiError(
        {
          ...base,
          status: '',
          reason: '',
          apiMessage: call.bodyHoldsSecrets ? NOT_QUOTED : text,
          requestId: requestIdHeader,
          retryAfterSeconds,
          foreignBody: describeForeign(text, headers),
        },
        this.secrets,
      );
    }
    return new ApiError(
      {
        ...base,
        status: envelope.status,
        reason: envelope.reason,
        apiMessage: envelope.message,
        requestId: envelope.request_id || requestIdHeader,
        retryAfterSeconds,
      },
      this.secrets,
    );
  }

  private redactError(error: unknown): Error {
    if (!(error instanceof Error)) return new Error(redactSecrets(String(error), this.secrets));
    const clean = new Error(redactSecrets(error.message, this.secrets));
    (clean as { code?: string | undefined }).code = (error as { code?: string }).code;
    return clean;
  }

  /** Closes the connection pool. */
  async close(): Promise<void> {
    await this.agent.close();
  }
}

/** Stops reading a body; the error that dropping it raises is expected, not a failure. */
function discard(body: Dispatcher.ResponseData['body']): void {
  body.on('error', () => undefined);
  body.destroy();
}

function firstHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** VoIPBIN's error envelope with every field as text, or undefined when the body is not one. */
function readEnvelope(text: string): WireErrorEnvelope['error'] | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  const error = (parsed as { error?: unknown } | null)?.error;
  if (typeof error !== 'object' || error === null || Array.isArray(error)) return undefined;
  const field = (key: string): string => {
    const value = (error as Record<string, unknown>)[key];
    return typeof value === 'string'
      ? value
      : value === undefined || value === null
        ? ''
        : JSON.stringify(value);
  };
  return {
    status: field('status'),
    reason: field('reason'),
    message: field('message'),
    request_id: field('request_id'),
  };
}

/** What a body that is not the expected JSON looks like, for the message. */
function describeForeign(text: string, headers: Record<string, string | string[] | undefined>): string {
  const type = firstHeader(headers['content-type']) ?? '';
  if (text.trim() === '') return 'an empty body';
  if (/html/i.test(type) || /^\s*<(!doctype|html|head|body)/i.test(text)) return 'an HTML page';
  try {
    JSON.parse(text);
    return "a JSON body without VoIPBIN's error envelope";
  } catch {
    return 'a body that is not JSON';
  }
}

function isRateLimited(error: unknown): boolean {
  return error instanceof ApiError && error.httpStatus === 429;
}

function isRetryable(call: HttpCall<unknown>, error: unknown): boolean {
  if (isRateLimited(error)) return true;
  if (error instanceof NetworkError) {
    return !error.certificateRefused && (call.retry !== 'safe-only' || error.requestNotSent);
  }
  return call.retry !== 'safe-only' && error instanceof ApiError && error.httpStatus >= 500;
}

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/**
 * `numform-` and 16 random base32 characters: within what VoIPBIN echoes back (`[A-Za-z0-9_-]`,
 * at most 64), and plainly numform's when it turns up in the server's logs.
 */
function newRequestIdStem(): string {
  let id = 'numform-';
  for (const byte of randomBytes(16)) id += BASE32[byte % 32];
  return id;
}
