import { formatMicrosFixed } from '../api/timestamps.ts';
import type { WireAvailableNumber } from '../api/wire.ts';
import { uuidOrNil, type SimAccount } from './account.ts';
import type { PickedFault } from './faults.ts';
import { renderFlow, renderNumber, type TimestampStyle } from './render.ts';
import { invalidJsonBody, permissionDenied, requestTimeout, SimHttpError } from './sim-error.ts';
import type { SimPurchaseRequest } from './sim-types.ts';

/** What a route handler gets: the authenticated customer, path parameters, query and raw body. */
export interface RequestContext {
  customerId: string;
  params: string[];
  query: URLSearchParams;
  /** The body as sent; only handlers that bind JSON read it, as on the real server. */
  rawBody: string;
  /** The fault picked for this request; only `slow-purchase` is played out by a handler. */
  fault?: PickedFault;
}

/** Handles one request; throws SimHttpError for error answers. */
export type Handler = (ctx: RequestContext) => unknown;

/** One endpoint of the simulated API. */
export interface Route {
  method: string;
  pattern: RegExp;
  name: string;
  mutates: boolean;
  handle: Handler;
}

/** page_size: absent, <= 0 or > 100 → 100; not an integer → 400. */
export function parsePageSize(query: URLSearchParams): number {
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

/**
 * page_token: absent or "" means now (undefined here). Any other text goes into the query as it
 * is (see `SimAccount.listNumbers`), so a token that is no timestamp is no error.
 */
export function readPageToken(query: URLSearchParams): string | undefined {
  return query.get('page_token') || undefined;
}

/** gin BindJSON into structs without `required`: missing → zero value, wrong JSON type → 400. */
function bindString(body: Record<string, unknown>, key: string): string {
  const v = body[key];
  if (v === undefined || v === null) return '';
  if (typeof v !== 'string') throw invalidJsonBody();
  return v;
}

/** gin BindJSON: an empty body is an error (EOF), `null` leaves every field at its zero value. */
function bindObject(rawBody: string): Record<string, unknown> {
  if (rawBody.trim() === '') throw invalidJsonBody();
  let body: unknown;
  try {
    body = JSON.parse(rawBody);
  } catch {
    throw invalidJsonBody();
  }
  if (body === null) return {};
  if (typeof body !== 'object' || Array.isArray(body)) throw invalidJsonBody();
  return body as Record<string, unknown>;
}

/** A bool field: `null` or missing leaves it false; any other non-boolean is a type error. */
function bindBoolean(body: Record<string, unknown>, key: string): boolean {
  const v = body[key];
  if (v === undefined || v === null) return false;
  if (typeof v !== 'boolean') throw invalidJsonBody();
  return v;
}

function bindPurchase(rawBody: string): SimPurchaseRequest {
  const b = bindObject(rawBody);
  return {
    number: bindString(b, 'number'),
    type: bindString(b, 'type'),
    name: bindString(b, 'name'),
    detail: bindString(b, 'detail'),
    callFlowId: uuidOrNil(bindString(b, 'call_flow_id')),
    messageFlowId: uuidOrNil(bindString(b, 'message_flow_id')),
  };
}

/** A list answer: the items and, unless empty, the last one's `tm_create` as the next token. */
export function listPage<T extends { tmCreate: number }, W>(
  items: T[],
  render: (x: T) => W,
): { result: W[]; next_page_token: string } {
  const last = items[items.length - 1];
  return { result: items.map(render), next_page_token: last ? formatMicrosFixed(last.tmCreate) : '' };
}

/** One endpoint; `{id}` in the path matches one path segment, handed to the handler in `params`. */
export function route(method: string, path: string, mutates: boolean, handle: Handler): Route {
  return {
    method,
    name: `${method} ${path}`,
    pattern: new RegExp(`^${path.replaceAll('{id}', '([^/]+)')}$`),
    mutates,
    handle,
  };
}

/** The numbers, flows and available-numbers endpoints, in the shape the real handlers answer. */
export function buildRoutes(account: SimAccount, style: TimestampStyle, random: () => number): Route[] {
  const num = (n: Parameters<typeof renderNumber>[0]) => renderNumber(n, style);
  return [
    route('GET', '/numbers', false, ({ customerId, query }) => {
      const size = parsePageSize(query);
      return listPage(account.listNumbers(customerId, readPageToken(query), size), num);
    }),
    route('POST', '/numbers', true, ({ customerId, rawBody, fault }) => {
      const request = bindPurchase(rawBody);
      if (fault?.kind === 'slow-purchase') {
        account.startSlowPurchase(customerId, request, fault.slowMs + fault.lateMs);
        throw requestTimeout(fault.slowMs);
      }
      return num(account.createNumber(customerId, request));
    }),
    // Only a project super-admin may renew; every customer identity, access keys included, gets 403.
    route('POST', '/numbers/renew', false, ({ rawBody }) => {
      bindObject(rawBody);
      throw permissionDenied();
    }),
    route('GET', '/numbers/{id}', false, ({ customerId, params }) =>
      num(account.getNumber(customerId, params[0]!)),
    ),
    route('PUT', '/numbers/{id}', true, ({ customerId, params, rawBody }) => {
      const b = bindObject(rawBody);
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
    route('PUT', '/numbers/{id}/flow_ids', true, ({ customerId, params, rawBody }) => {
      const b = bindObject(rawBody);
      return num(
        account.updateFlowIds(customerId, params[0]!, {
          callFlowId: uuidOrNil(bindString(b, 'call_flow_id')),
          messageFlowId: uuidOrNil(bindString(b, 'message_flow_id')),
        }),
      );
    }),
    route('PUT', '/numbers/{id}/metadata', true, ({ customerId, params, rawBody }) => {
      const b = bindObject(rawBody);
      return num(account.updateMetadata(customerId, params[0]!, bindBoolean(b, 'rtp_debug')));
    }),
    route('GET', '/flows', false, ({ customerId, query }) => {
      const size = parsePageSize(query);
      return listPage(account.listFlows(customerId, readPageToken(query), size), (f) => renderFlow(f, style));
    }),
    route('GET', '/flows/{id}', false, ({ customerId, params }) =>
      renderFlow(account.getFlow(customerId, params[0]!), style),
    ),
    route('GET', '/available_numbers', false, ({ query }): { result: WireAvailableNumber[] } => {
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
      const result: WireAvailableNumber[] = [];
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
