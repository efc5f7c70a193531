import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { formatMicrosFixed, parseTimestampMicros } from '../api/timestamps.ts';
import { createMicrosClock, SimAccount, uuidOrNil } from './account.ts';
import { CustomerRateLimit } from './customer-rate-limit.ts';
import { createRandom, FaultPlan, type RandomFaults } from './faults.ts';
import { renderFlow, renderNumber, type TimestampStyle } from './render.ts';
import { buildStateFromSeed, loadState, saveState, type SimSeed } from './seed.ts';
import { invalidJsonBody, SimHttpError } from './sim-error.ts';

/** How to run the simulator. Every option has the real API's behaviour as its default. */
export interface SimulatorOptions {
  /** 0 (the default) picks a free port. Always bound to 127.0.0.1. */
  port?: number;
  /** The access key it accepts (default `vb_simulator`). */
  accessKey?: string;
  /** A JWT it accepts as `Authorization: Bearer`, `?token=` or cookie `token`. */
  jwt?: string;
  seed?: SimSeed;
  /** Persist the account here so that separate commands see the same state. */
  dataFile?: string;
  virtualLimit?: number;
  identityVerified?: boolean;
  balance?: number;
  /** How long normal purchases stay pending (default 0: active at once). */
  purchaseDelayMs?: number;
  pendingStatus?: 'purchase-pending' | 'purchase_pending';
  /** Final status of given numbers' purchases, for example `{ "+15550001111": "purchase_failed" }`. */
  purchaseOutcomes?: Record<string, string>;
  timestampStyle?: TimestampStyle;
  /** Per-customer limit; `perSecond: 0` turns it off (default 17/s, burst 33). */
  rateLimit?: { perSecond: number; burst: number };
  /** Added to every answer. */
  latencyMs?: number;
  faults?: RandomFaults;
}

/** A running simulator. */
export interface RunningSimulator {
  /** The endpoint, ending in /v1.0. */
  url: string;
  account: SimAccount;
  faults: FaultPlan;
  /** Requests served, by `METHOD /route`. */
  stats: Map<string, number>;
  /** The most API requests that were being handled at the same time. */
  readonly maxInFlight: number;
  /** Writes the account to `dataFile`, if one was given. */
  persist(): void;
  close(): Promise<void>;
}

interface RequestContext {
  customerId: string;
  params: string[];
  query: URLSearchParams;
  body: unknown;
}

type Handler = (ctx: RequestContext) => unknown;

interface Route {
  method: string;
  pattern: RegExp;
  name: string;
  mutates: boolean;
  handle: Handler;
}

const REQUEST_ID = /^[A-Za-z0-9_-]{1,64}$/;
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

function generateRequestId(): string {
  const bytes = randomBytes(26);
  let id = 'req_';
  for (const b of bytes) id += BASE32[b % 32];
  return id;
}

/** Starts the simulator on 127.0.0.1. */
export async function startSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  const accessKey = options.accessKey ?? 'vb_simulator';
  const style = options.timestampStyle ?? 'rfc3339';
  const clock = createMicrosClock();
  const state =
    (options.dataFile ? loadState(options.dataFile) : undefined) ??
    buildStateFromSeed(options.seed ?? {}, clock());
  if (options.virtualLimit !== undefined) state.customer.virtualLimit = options.virtualLimit;
  if (options.identityVerified !== undefined) state.customer.identityVerified = options.identityVerified;
  if (options.balance !== undefined) state.customer.balance = options.balance;
  const account = new SimAccount(state, clock, {
    delayMs: options.purchaseDelayMs ?? 0,
    pendingStatus: options.pendingStatus ?? 'purchase-pending',
    outcomes: options.purchaseOutcomes ?? {},
  });
  const faults = new FaultPlan(options.faults);
  const limit = options.rateLimit ?? { perSecond: 17, burst: 33 };
  const rateLimit = new CustomerRateLimit(limit.perSecond, limit.burst);
  const random = createRandom(options.faults?.seed ?? 1);
  const stats = new Map<string, number>();
  let inFlight = 0;
  let maxInFlight = 0;
  const persist = (): void => {
    if (options.dataFile) saveState(options.dataFile, state);
  };
  const routes = buildRoutes(account, style, random);

  const server = createServer((req, res) => {
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    handleRequest(req, res)
      .catch((error: unknown) => {
        if (!res.headersSent) sendJson(res, 500, { error: { message: String(error) } }, 'req_internal');
      })
      .finally(() => inFlight--);
  });

  async function handleRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const given = req.headers['x-request-id'];
    const requestId = typeof given === 'string' && REQUEST_ID.test(given) ? given : generateRequestId();
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const method = req.method ?? 'GET';
    const rawBody = await readBody(req);
    const fail = (error: SimHttpError): void => {
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

    const customerId = authenticate(req, url, accessKey, options.jwt, state.customer.id);
    if (customerId instanceof SimHttpError) return fail(customerId);
    const wait = rateLimit.take(customerId);
    if (wait > 0) {
      return fail(
        new SimHttpError(
          429,
          'RESOURCE_EXHAUSTED',
          'RATE_LIMIT_EXCEEDED',
          'Too many requests. Please try again later.',
          {
            headers: { 'retry-after': String(wait) },
            details: [{ limited_by: 'customer' }],
          },
        ),
      );
    }
    const fault = faults.pick(method, path);
    if (fault?.kind === '503') {
      return fail(
        new SimHttpError(
          503,
          'UNAVAILABLE',
          'SERVICE_UNAVAILABLE',
          'The service is temporarily unavailable.',
        ),
      );
    }
    if (fault?.kind === 'slow') await sleep(fault.slowMs);
    if (options.latencyMs) await sleep(options.latencyMs);

    let result: unknown;
    try {
      let body: unknown;
      if (rawBody.length > 0) {
        try {
          body = JSON.parse(rawBody);
        } catch {
          throw invalidJsonBody();
        }
      }
      result = route.handle({ customerId, params, query: url.searchParams, body });
      if (route.mutates) persist();
    } catch (error) {
      if (error instanceof SimHttpError) return fail(error);
      throw error;
    }
    if (fault?.kind === 'reset') {
      // The work is done, but the caller never hears of it: the ambiguous failure clients must survive.
      req.socket.destroy();
      return;
    }
    sendJson(res, 200, result, requestId);
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
    get maxInFlight() {
      return maxInFlight;
    },
    persist,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
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
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'x-request-id': requestId,
    ...headers,
  });
  res.end(text);
}

function parseCookies(header: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0) out.set(part.slice(0, eq).trim(), decodeURIComponent(part.slice(eq + 1).trim()));
  }
  return out;
}

/** Authenticate middleware: a token (cookie, query, Bearer) wins over an accesskey (cookie, query). */
function authenticate(
  req: IncomingMessage,
  url: URL,
  accessKey: string,
  jwt: string | undefined,
  customerId: string,
): string | SimHttpError {
  const cookies = parseCookies(req.headers.cookie);
  const bearer = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1];
  const token = cookies.get('token') ?? url.searchParams.get('token') ?? bearer;
  const invalid = new SimHttpError(
    401,
    'UNAUTHENTICATED',
    'INVALID_CREDENTIALS',
    'The provided credentials are invalid.',
  );
  if (token !== undefined && token !== null && token !== '')
    return jwt !== undefined && token === jwt ? customerId : invalid;
  const key = cookies.get('accesskey') ?? url.searchParams.get('accesskey');
  if (key === undefined || key === null || key === '') {
    return new SimHttpError(401, 'UNAUTHENTICATED', 'AUTHENTICATION_REQUIRED', 'Authentication is required.');
  }
  return key === accessKey ? customerId : invalid;
}

/** page_size: absent, <= 0 or > 100 → 100; not an integer → 400. */
function parsePageSize(query: URLSearchParams): number {
  const raw = query.get('page_size');
  if (raw === null || raw === '') return 100;
  if (!/^-?\d+$/.test(raw)) {
    throw new SimHttpError(
      400,
      'INVALID_ARGUMENT',
      'INVALID_REQUEST_PARAMETER',
      'The parameter "page_size" has an invalid format.',
    );
  }
  const n = Number(raw);
  return n <= 0 || n > 100 ? 100 : n;
}

/** page_token: "" means now; otherwise a time compared with a strict `<`. */
function parsePageToken(query: URLSearchParams, now: number): number {
  const raw = query.get('page_token');
  if (!raw) return now;
  try {
    return parseTimestampMicros(raw) ?? now;
  } catch {
    throw new SimHttpError(
      400,
      'INVALID_ARGUMENT',
      'INVALID_REQUEST_PARAMETER',
      'The parameter "page_token" has an invalid format.',
    );
  }
}

/** gin BindJSON into structs without `required`: missing → zero value, wrong JSON type → 400. */
function bindString(body: Record<string, unknown>, key: string): string {
  const v = body[key];
  if (v === undefined || v === null) return '';
  if (typeof v !== 'string') throw invalidJsonBody();
  return v;
}

function bindObject(body: unknown): Record<string, unknown> {
  if (body === undefined || body === null) return {};
  if (typeof body !== 'object' || Array.isArray(body)) throw invalidJsonBody();
  return body as Record<string, unknown>;
}

function listPage<T extends { tmCreate: number }, W>(
  items: T[],
  render: (x: T) => W,
): { result: W[]; next_page_token: string } {
  const last = items[items.length - 1];
  return { result: items.map(render), next_page_token: last ? formatMicrosFixed(last.tmCreate) : '' };
}

function buildRoutes(account: SimAccount, style: TimestampStyle, random: () => number): Route[] {
  const num = (n: Parameters<typeof renderNumber>[0]) => renderNumber(n, style);
  const route = (method: string, path: string, mutates: boolean, handle: Handler): Route => ({
    method,
    name: `${method} ${path}`,
    pattern: new RegExp(`^${path.replaceAll('{id}', '([^/]+)')}$`),
    mutates,
    handle,
  });
  return [
    route('GET', '/numbers', false, ({ customerId, query }) => {
      const size = parsePageSize(query);
      return listPage(account.listNumbers(customerId, parsePageToken(query, account.now()), size), num);
    }),
    route('POST', '/numbers', true, ({ customerId, body }) => {
      const b = bindObject(body);
      const created = account.createNumber(customerId, {
        number: bindString(b, 'number'),
        type: bindString(b, 'type'),
        name: bindString(b, 'name'),
        detail: bindString(b, 'detail'),
        callFlowId: uuidOrNil(bindString(b, 'call_flow_id')),
        messageFlowId: uuidOrNil(bindString(b, 'message_flow_id')),
      });
      return num(created);
    }),
    route('GET', '/numbers/{id}', false, ({ customerId, params }) =>
      num(account.getNumber(customerId, params[0]!)),
    ),
    route('PUT', '/numbers/{id}', true, ({ customerId, params, body }) => {
      const b = bindObject(body);
      return num(
        account.updateNumber(customerId, params[0]!, {
          name: bindString(b, 'name'),
          detail: bindString(b, 'detail'),
          callFlowId: uuidOrNil(bindString(b, 'call_flow_id')),
          messageFlowId: uuidOrNil(bindString(b, 'message_flow_id')),
        }),
      );
    }),
    route('DELETE', '/numbers/{id}', true, ({ customerId, params }) =>
      num(account.deleteNumber(customerId, params[0]!)),
    ),
    route('PUT', '/numbers/{id}/flow_ids', true, ({ customerId, params, body }) => {
      const b = bindObject(body);
      return num(
        account.updateFlowIds(customerId, params[0]!, {
          callFlowId: uuidOrNil(bindString(b, 'call_flow_id')),
          messageFlowId: uuidOrNil(bindString(b, 'message_flow_id')),
        }),
      );
    }),
    route('PUT', '/numbers/{id}/metadata', true, ({ customerId, params, body }) => {
      const b = bindObject(body);
      if (b.rtp_debug !== undefined && typeof b.rtp_debug !== 'boolean') throw invalidJsonBody();
      return num(account.updateMetadata(customerId, params[0]!, b.rtp_debug === true));
    }),
    route('GET', '/flows', false, ({ customerId, query }) => {
      const size = parsePageSize(query);
      return listPage(account.listFlows(customerId, parsePageToken(query, account.now()), size), (f) =>
        renderFlow(f, style),
      );
    }),
    route('GET', '/flows/{id}', false, ({ customerId, params }) =>
      renderFlow(account.getFlow(customerId, params[0]!), style),
    ),
    route('GET', '/available_numbers', false, ({ query }) => {
      const size = parsePageSize(query);
      if (query.get('type') === 'virtual') {
        return {
          result: account.availableVirtualNumbers(size, random).map((number) => ({
            number,
            country: '899',
            region: '',
            postal_code: '',
            features: ['voice'],
          })),
        };
      }
      if (!query.get('country_code')) {
        throw new SimHttpError(
          400,
          'INVALID_ARGUMENT',
          'INVALID_ARGUMENT',
          'country_code is required for non-virtual number queries.',
        );
      }
      const result = [];
      for (let i = 0; i < size; i++) {
        const number = `+1555${String(Math.floor(random() * 10_000_000)).padStart(7, '0')}`;
        if (!account.isTaken(number)) {
          result.push({
            number,
            country: query.get('country_code')!,
            region: 'CA',
            postal_code: '',
            features: ['voice', 'sms'],
          });
        }
      }
      return { result };
    }),
  ];
}
