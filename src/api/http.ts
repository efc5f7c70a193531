import { Agent, request, type Dispatcher } from 'undici';
import { ApiError, NetworkError, type ApiOperation } from './api-error.ts';
import { realTiming, type Timing } from '../clock/timing.ts';
import { RateLimiter } from './rate-limiter.ts';
import type { WireErrorEnvelope } from './wire.ts';
import { redactSecrets } from '../errors/redact.ts';

/** How the transport talks to the API. */
export interface HttpOptions {
  /** Base URL ending in `/v1.0`. */
  endpoint: string;
  accessKey: string;
  /** Client-side requests per second (default 15: the API allows about 17 per customer). */
  ratePerSecond?: number;
  /** Retries after the first attempt for retryable failures (default 4). */
  maxRetries?: number;
  /** First backoff step in ms, doubled each retry (default 250). */
  retryBaseMs?: number;
  connectTimeoutMs?: number;
  headersTimeoutMs?: number;
  bodyTimeoutMs?: number;
  connections?: number;
  timing?: Timing;
  /**
   * Ctrl-C: once aborted, no retry is waited for or sent (a back-off can be minutes under a long
   * Retry-After); a request already on the wire still finishes.
   */
  signal?: AbortSignal;
  /** Replaces the connection pool (and its timeouts), for a proxy or for tests; closed with the transport. */
  dispatcher?: Dispatcher;
}

/** One API call. `retry: 'idempotent'` retries 429/5xx/network errors; `'never'` sends once. */
export interface HttpCall {
  operation: ApiOperation;
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  query?: Record<string, string | number | undefined>;
  body?: unknown;
  retry: 'idempotent' | 'never';
  /** For DELETE: a 404 after an earlier ambiguous attempt means the earlier one succeeded. */
  notFoundAfterAmbiguityIsDone?: boolean;
}

/** A failure where the server may or may not have done the work (reset, timeout, 5xx). */
export function isAmbiguousFailure(error: unknown): boolean {
  return error instanceof NetworkError || (error instanceof ApiError && error.httpStatus >= 500);
}

const MAX_RETRY_AFTER_MS = 30_000;

/**
 * The HTTP edge of numform: one undici connection pool with timeouts, the access key as a cookie
 * (never in a URL), a client-side rate limit, and retries with backoff that honour Retry-After.
 */
export class HttpTransport {
  private readonly agent: Dispatcher;
  private readonly limiter: RateLimiter;
  private readonly timing: Timing;
  private readonly maxRetries: number;
  private readonly retryBaseMs: number;
  /** Counts every request sent, for diagnostics and tests. */
  requestsSent = 0;

  private readonly options: HttpOptions;

  constructor(options: HttpOptions) {
    this.options = options;
    this.timing = options.timing ?? realTiming;
    this.maxRetries = options.maxRetries ?? 4;
    this.retryBaseMs = options.retryBaseMs ?? 250;
    const rate = options.ratePerSecond ?? 15;
    this.limiter = new RateLimiter(rate, Math.max(1, Math.floor(rate)), this.timing);
    this.agent =
      options.dispatcher ??
      new Agent({
        connections: options.connections ?? 10,
        connect: { timeout: options.connectTimeoutMs ?? 10_000 },
        headersTimeout: options.headersTimeoutMs ?? 30_000,
        bodyTimeout: options.bodyTimeoutMs ?? 60_000,
      });
  }

  /** Sends a call and returns its parsed JSON body; throws ApiError or NetworkError. */
  async send<T>(call: HttpCall): Promise<T | null> {
    let ambiguous = false;
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.sendOnce<T>(call);
      } catch (error) {
        if (
          ambiguous &&
          call.notFoundAfterAmbiguityIsDone &&
          error instanceof ApiError &&
          error.httpStatus === 404
        ) {
          return null;
        }
        if (call.retry === 'never' || attempt >= this.maxRetries || !isRetryable(error)) throw error;
        ambiguous ||= isAmbiguousFailure(error);
        await this.timing.sleep(this.backoffMs(attempt, error), this.options.signal);
      }
    }
  }

  private backoffMs(attempt: number, error: unknown): number {
    const retryAfter = error instanceof ApiError ? error.details.retryAfterSeconds : undefined;
    if (retryAfter !== undefined) return Math.min(retryAfter * 1000, MAX_RETRY_AFTER_MS);
    const base = this.retryBaseMs * 2 ** attempt;
    return Math.min(base + Math.floor(Math.random() * this.retryBaseMs), 10_000);
  }

  private async sendOnce<T>(call: HttpCall): Promise<T> {
    await this.limiter.acquire();
    const url = new URL(this.options.endpoint.replace(/\/+$/, '') + call.path);
    for (const [key, value] of Object.entries(call.query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    const headers: Record<string, string> = {
      accept: 'application/json',
      cookie: `accesskey=${this.options.accessKey}`,
      'user-agent': 'numform',
    };
    if (call.body !== undefined) headers['content-type'] = 'application/json';
    this.requestsSent++;
    let response;
    try {
      response = await request(url, {
        method: call.method,
        headers,
        body: call.body === undefined ? null : JSON.stringify(call.body),
        dispatcher: this.agent,
      });
    } catch (error) {
      throw new NetworkError(call.operation, call.method, call.path, this.redactError(error));
    }
    let text: string;
    try {
      text = await response.body.text();
    } catch (error) {
      throw new NetworkError(call.operation, call.method, call.path, this.redactError(error));
    }
    if (response.statusCode >= 200 && response.statusCode < 300) {
      return (text ? JSON.parse(text) : null) as T;
    }
    throw this.toApiError(call, response.statusCode, response.headers, text);
  }

  private toApiError(
    call: HttpCall,
    httpStatus: number,
    headers: Record<string, string | string[] | undefined>,
    text: string,
  ): ApiError {
    let envelope: Partial<WireErrorEnvelope['error']>;
    try {
      envelope = (JSON.parse(text) as WireErrorEnvelope).error ?? {};
    } catch {
      envelope = { message: text.slice(0, 200) };
    }
    const retryAfterHeader = headers['retry-after'];
    const retryAfter = Number(Array.isArray(retryAfterHeader) ? retryAfterHeader[0] : retryAfterHeader);
    const requestIdHeader = headers['x-request-id'];
    return new ApiError({
      operation: call.operation,
      method: call.method,
      path: call.path,
      httpStatus,
      status: envelope.status ?? '',
      reason: envelope.reason ?? '',
      apiMessage: redactSecrets(envelope.message ?? '', [this.options.accessKey]),
      requestId: envelope.request_id ?? (typeof requestIdHeader === 'string' ? requestIdHeader : ''),
      retryAfterSeconds: Number.isFinite(retryAfter) && retryAfter >= 0 ? retryAfter : undefined,
    });
  }

  private redactError(error: unknown): Error {
    if (!(error instanceof Error)) return new Error(redactSecrets(String(error), [this.options.accessKey]));
    const clean = new Error(redactSecrets(error.message, [this.options.accessKey]));
    (clean as { code?: string | undefined }).code = (error as { code?: string }).code;
    return clean;
  }

  /** Closes the connection pool. */
  async close(): Promise<void> {
    await this.agent.close();
  }
}

function isRetryable(error: unknown): boolean {
  if (error instanceof NetworkError) return true;
  return error instanceof ApiError && (error.httpStatus === 429 || error.httpStatus >= 500);
}
