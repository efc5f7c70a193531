/** An error answer of the simulator, rendered as VoIPBIN's envelope. */
export class SimHttpError extends Error {
  readonly httpStatus: number;
  readonly status: string;
  readonly reason: string;
  readonly headers: Record<string, string>;
  readonly details: Record<string, unknown>[] | undefined;
  /** How long the answer takes (a gateway that waited before giving up); 0 for at once. */
  readonly afterMs: number;

  constructor(
    httpStatus: number,
    status: string,
    reason: string,
    message: string,
    extra: { headers?: Record<string, string>; details?: Record<string, unknown>[]; afterMs?: number } = {},
  ) {
    super(message);
    this.httpStatus = httpStatus;
    this.status = status;
    this.reason = reason;
    this.headers = extra.headers ?? {};
    this.details = extra.details;
    this.afterMs = extra.afterMs ?? 0;
  }
}

/** The bare 500 that bin-number-manager's plain errors become (a duplicate, a plan limit, a low balance and a bad flow all look like this). */
export function internalError(): SimHttpError {
  return new SimHttpError(500, 'INTERNAL', 'INTERNAL', 'An internal error occurred.');
}

export function invalidId(): SimHttpError {
  return new SimHttpError(400, 'INVALID_ARGUMENT', 'INVALID_ID', 'The provided id is not a valid UUID.');
}

export function invalidJsonBody(): SimHttpError {
  return new SimHttpError(
    400,
    'INVALID_ARGUMENT',
    'INVALID_JSON_BODY',
    'The request body is not valid JSON.',
  );
}

export function permissionDenied(): SimHttpError {
  return new SimHttpError(
    403,
    'PERMISSION_DENIED',
    'PERMISSION_DENIED',
    'You do not have permission to access this resource.',
  );
}

export function resourceNotFound(): SimHttpError {
  return new SimHttpError(404, 'NOT_FOUND', 'RESOURCE_NOT_FOUND', 'The requested resource was not found.');
}

/** The rate-limit middleware's 429: it says when to come back and which limiter refused. */
export function rateLimited(retryAfterSeconds: number, limitedBy: 'ip' | 'customer'): SimHttpError {
  return new SimHttpError(
    429,
    'RESOURCE_EXHAUSTED',
    'RATE_LIMIT_EXCEEDED',
    'Too many requests. Please try again later.',
    { headers: { 'retry-after': String(retryAfterSeconds) }, details: [{ limited_by: limitedBy }] },
  );
}

/** A 429 an inner service answered, relayed by the error translator: no Retry-After, no details. */
export function relayedRateLimit(): SimHttpError {
  return new SimHttpError(
    429,
    'RESOURCE_EXHAUSTED',
    'RATE_LIMIT_EXCEEDED',
    'Too many requests. Please retry later.',
  );
}

/** The gateway's answer when the inner call outlives its deadline (15 s on the real server). */
export function requestTimeout(afterMs: number): SimHttpError {
  return new SimHttpError(503, 'UNAVAILABLE', 'REQUEST_TIMEOUT', 'The request timed out.', { afterMs });
}
