import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createMicrosClock, SimAccount, type PurchaseDelay } from './account.ts';
import { applyAccountOptions, type AccountOptions } from './account-options.ts';
import { buildAccountRoutes } from './account-routes.ts';
import { checkAccessKey } from './access-keys.ts';
import { authenticate } from './auth.ts';
import { buildRoutes, type Route } from './routes.ts';
import { CustomerRateLimit } from './customer-rate-limit.ts';
import { createRandom, FaultPlan, type RandomFaults } from './faults.ts';
import type { TimestampStyle } from './render.ts';
import { buildStateFromSeed, loadState, saveState, type SimSeed } from './seed.ts';
import { rateLimited, relayedRateLimit, SimHttpError } from './sim-error.ts';
import { VOIPBIN_CUSTOMER_LIMIT } from '../api/rate-limiter.ts';

/**
 * The clock the simulator keeps time with: timestamps, purchase delays, the rate limit, and the
 * waits of faults and latency. Shaped like the CLI's injected timing, so a test can hand both the
 * same virtual clock (start it at a real date: timestamps are read from it).
 */
export interface SimTiming {
  now: () => number;
  sleep: (ms: number) => Promise<void>;
}

const REAL_TIMING: SimTiming = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/**
 * How to run the simulator. Every option has the real API's behaviour as its default; the account
 * options (customer, billing account, access key) override the seed and a persisted account.
 */
export interface SimulatorOptions extends AccountOptions {
  /** 0 (the default) picks a free port. Always bound to 127.0.0.1. */
  port?: number;
  /** The access key it accepts (default `vb_simulator`). */
  accessKey?: string;
  /** A JWT it accepts as `Authorization: Bearer`, `?token=` or cookie `token`. */
  jwt?: string;
  seed?: SimSeed;
  /** Persist the account here so that separate commands see the same state. */
  dataFile?: string;
  /**
   * How long a normal purchase answers and keeps `pendingStatus` before turning final (default 0:
   * the POST answers the final status). `never`: it stays pending, as on the real server, whose
   * code never changes a status after the purchase.
   */
  purchaseDelayMs?: PurchaseDelay;
  /** The status of a pending purchase, any carrier status (default `purchase-pending`). */
  pendingStatus?: string;
  /**
   * The final status of normal purchases (default `active`). Without a delay the POST answers it
   * and it never changes: `provision-pending` models a carrier that reports that at once.
   */
  purchaseStatus?: string;
  /** Final status of given numbers' purchases, for example `{ "+15550001111": "purchase_failed" }`. */
  purchaseOutcomes?: Record<string, string>;
  /** Default `rfc3339`, the only form the server's code produces (see TimestampStyle). */
  timestampStyle?: TimestampStyle;
  /** Per-customer limit; `perSecond: 0` turns it off (default VoIPBIN's: 16.7/s, burst 33). */
  rateLimit?: { perSecond: number; burst: number };
  /** The round trip of every routed answer, the simulator's own work included (half before it). */
  latencyMs?: number;
  faults?: RandomFaults;
  /** Real time unless given. */
  timing?: SimTiming;
}

/** One API request as it arrived, for tests that check how the client talks. */
export interface RecordedRequest {
  method: string;
  /** Path and query, as sent. */
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

/** A running simulator. */
export interface RunningSimulator {
  /** The endpoint, ending in /v1.0. */
  url: string;
  account: SimAccount;
  faults: FaultPlan;
  /** Requests served, by `METHOD /route`. */
  stats: Map<string, number>;
  /** Every request received, in arrival order. */
  requests: RecordedRequest[];
  /** POST /numbers requests received per `number` in their body, whatever the answer. */
  postsByNumber: Map<string, number>;
  /** The most API requests that were being handled at the same time. */
  readonly maxInFlight: number;
  /** Requests the per-customer rate limit refused with a 429 (injected 429 faults not counted). */
  readonly rateLimited: number;
  /** The most requests of one method that were being handled at the same time. */
  maxInFlightOf(method: string): number;
  /** Writes the account to `dataFile`, if one was given. */
  persist(): void;
  close(): Promise<void>;
}
const REQUEST_ID = /^[A-Za-z0-9_-]{1,64}$/;
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

function generateRequestId(): string {
  const bytes = randomBytes(26);
  let id = 'req_';
  for (const b of bytes) id += BASE32[b % 32];
  return id;
}

/** Waits until a share of a time counted from a start has passed. */
type Countdown = (share: number) => Promise<void>;

/**
 * A wait for a share of `ms` counted from now. Timers fire a millisecond or more late, which over
 * a hundred pages of latency adds a tenth of a second no client could avoid: on the real clock the
 * time is read below the millisecond and the last two milliseconds are waited out a turn of the
 * event loop at a time, so an answer leaves when it should.
 */
function startCountdown(timing: SimTiming, ms: number): Countdown {
  if (timing !== REAL_TIMING) {
    const start = timing.now();
    return async (share) => {
      const left = start + ms * share - timing.now();
      if (left > 0) await timing.sleep(left);
    };
  }
  const start = performance.now();
  return async (share) => {
    const at = start + ms * share;
    const left = at - performance.now();
    if (left > 2) await timing.sleep(left - 2);
    while (performance.now() < at) await new Promise((resolve) => setImmediate(resolve));
  };
}

/** Starts the simulator on 127.0.0.1. */
export async function startSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  const accessKey = options.accessKey ?? 'vb_simulator';
  const style = options.timestampStyle ?? 'rfc3339';
  const timing = options.timing ?? REAL_TIMING;
  const clock = createMicrosClock(timing.now);
  const state =
    (options.dataFile ? loadState(options.dataFile) : undefined) ??
    buildStateFromSeed(options.seed ?? {}, clock());
  applyAccountOptions(state, options, accessKey, clock());
  const account = new SimAccount(
    state,
    clock,
    {
      delayMs: options.purchaseDelayMs ?? 0,
      pendingStatus: options.pendingStatus ?? 'purchase-pending',
      finalStatus: options.purchaseStatus ?? 'active',
      outcomes: options.purchaseOutcomes ?? {},
    },
    () => timing.now() * 1000,
  );
  const faults = new FaultPlan(options.faults);
  const limit = options.rateLimit ?? VOIPBIN_CUSTOMER_LIMIT;
  const rateLimit = new CustomerRateLimit(limit.perSecond, limit.burst, timing.now);
  const random = createRandom(options.faults?.seed ?? 1);
  const stats = new Map<string, number>();
  const requests: RecordedRequest[] = [];
  const postsByNumber = new Map<string, number>();
  let inFlight = 0;
  let maxInFlight = 0;
  let refused = 0;
  const inFlightBy = new Map<string, { now: number; max: number }>();
  const persist = (): void => {
    if (options.dataFile) saveState(options.dataFile, state);
  };
  const routes = [...buildRoutes(account, style, random), ...buildAccountRoutes(account, style)];

  const server = createServer((req, res) => {
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    const method = inFlightBy.get(req.method ?? '') ?? { now: 0, max: 0 };
    inFlightBy.set(req.method ?? '', method);
    method.max = Math.max(method.max, ++method.now);
    // Latency counts from the request's arrival.
    handleRequest(req, res, startCountdown(timing, options.latencyMs ?? 0))
      .catch((error: unknown) => {
        if (!res.headersSent) sendJson(res, 500, { error: { message: String(error) } }, 'req_internal');
      })
      .finally(() => {
        inFlight--;
        method.now--;
      });
  });

  async function handleRequest(req: IncomingMessage, res: ServerResponse, arrival: Countdown): Promise<void> {
    const given = req.headers['x-request-id'];
    const requestId = typeof given === 'string' && REQUEST_ID.test(given) ? given : generateRequestId();
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const method = req.method ?? 'GET';
    const rawBody = await readBody(req);
    requests.push({ method, url: req.url ?? '/', headers: req.headers, body: rawBody });
    if (method === 'POST' && url.pathname === '/v1.0/numbers') countPost(postsByNumber, rawBody);
    const fail = async (error: SimHttpError): Promise<void> => {
      if (error.afterMs > 0) await timing.sleep(error.afterMs);
      const envelope = {
        error: {
          status: error.status,
          reason: error.reason,
          message: error.message,
          request_id: requestId,
          ...(error.details && { details: error.details }),
        },
      };
      sendJson(res, error.httpStatus, envelope, requestId, error.headers);
    };

    const path = url.pathname.startsWith('/v1.0/') ? url.pathname.slice(5) : undefined;
    let route: Route | undefined;
    let params: string[] = [];
    for (const r of path === undefined ? [] : routes) {
      const m = r.method === method ? r.pattern.exec(path!) : null;
      if (m) {
        route = r;
        params = m.slice(1).map(decodeURIComponent);
        break;
      }
    }
    if (!route || path === undefined) {
      return fail(
        new SimHttpError(404, 'NOT_FOUND', 'ROUTE_NOT_FOUND', 'The requested endpoint does not exist.'),
      );
    }
    stats.set(route.name, (stats.get(route.name) ?? 0) + 1);

    const checkKey = (key: string) => checkAccessKey(state, key, timing.now() * 1000);
    const customerId = authenticate(req, url, checkKey, options.jwt, state.customer.id);
    if (customerId instanceof SimHttpError) return fail(customerId);
    const wait = rateLimit.take(customerId);
    if (wait > 0) {
      refused++;
      return fail(rateLimited(wait, 'customer'));
    }
    const fault = faults.pick(method, path);
    if (fault?.kind === '429') return fail(rateLimited(fault.retryAfterS, 'customer'));
    if (fault?.kind === '429-bare') return fail(relayedRateLimit());
    if (fault?.kind === '503') {
      return fail(
        new SimHttpError(
          503,
          'UNAVAILABLE',
          'SERVICE_UNAVAILABLE',
          'An upstream service is temporarily unavailable.',
        ),
      );
    }
    if (fault?.kind === 'reset-before') {
      // Dropped before any work: the client cannot tell this from a reset after the work.
      req.socket.destroy();
      return;
    }
    if (fault?.kind === 'echo') {
      return fail(
        new SimHttpError(
          400,
          'INVALID_ARGUMENT',
          'INVALID_REQUEST',
          `Refused request ${method} ${req.url ?? ''} with cookie "${req.headers.cookie ?? ''}".`,
        ),
      );
    }
    if (fault?.kind === 'proxy-html') {
      const page =
        '<html><body><h1>502 Bad Gateway</h1>' +
        `<pre>upstream failed for ${req.url ?? ''}; cookie: ${req.headers.cookie ?? ''}</pre></body></html>`;
      res.writeHead(502, { 'content-type': 'text/html', 'content-length': Buffer.byteLength(page) });
      res.end(page);
      return;
    }
    let latency = arrival;
    if (fault?.kind === 'slow') {
      await timing.sleep(fault.slowMs);
      latency = startCountdown(timing, options.latencyMs ?? 0);
    }
    // Latency is a round trip as the client sees it: half of it on the way in, and the answer
    // leaves latencyMs after the request arrived, the server's own work included, as a real
    // server's is. (Sleeping it all before the work made every answer slower than asked for.)
    await latency(0.5);

    let result: unknown;
    let failure: SimHttpError | undefined;
    const revision = account.revision;
    try {
      result = route.handle({
        customerId,
        params,
        query: url.searchParams,
        rawBody,
        ...(fault && { fault }),
      });
    } catch (error) {
      if (!(error instanceof SimHttpError)) throw error;
      failure = error;
    }
    // Time passing changes the account too (a purchase lands), even on a read or a refusal.
    if ((route.mutates && !failure) || account.revision !== revision) persist();
    // Written before the wait, so that the answer leaves the moment the wait ends.
    const text = failure ? '' : JSON.stringify(result);
    await latency(1);
    if (failure) return fail(failure);
    if (fault?.kind === 'reset') {
      // The work is done, but the caller never hears of it: the ambiguous failure clients must survive.
      req.socket.destroy();
      return;
    }
    sendText(res, 200, text, requestId);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1.0`,
    account,
    faults,
    stats,
    requests,
    postsByNumber,
    get maxInFlight() {
      return maxInFlight;
    },
    get rateLimited() {
      return refused;
    },
    maxInFlightOf: (m) => inFlightBy.get(m)?.max ?? 0,
    persist,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Counts a POST /numbers by the number its body names (bodies that name none are not counted). */
function countPost(counts: Map<string, number>, rawBody: string): void {
  let number: unknown;
  try {
    number = (JSON.parse(rawBody) as { number?: unknown } | null)?.number;
  } catch {
    return;
  }
  if (typeof number === 'string') counts.set(number, (counts.get(number) ?? 0) + 1);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  requestId: string,
  headers: Record<string, string> = {},
): void {
  sendText(res, status, JSON.stringify(body), requestId, headers);
}

function sendText(
  res: ServerResponse,
  status: number,
  text: string,
  requestId: string,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'x-request-id': requestId,
    ...headers,
  });
  res.end(text);
}
