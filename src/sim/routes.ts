import { formatMicrosFixed, parseTimestampMicros } from '../api/timestamps.ts';
import type { WireAvailableNumber } from '../api/wire.ts';
import { uuidOrNil, type SimAccount } from './account.ts';
import { renderFlow, renderNumber, type TimestampStyle } from './render.ts';
import { invalidJsonBody, SimHttpError } from './sim-error.ts';

/** What a route handler gets: the authenticated customer, path parameters, query and body. */
export interface RequestContext {
  customerId: string;
  params: string[];
  query: URLSearchParams;
  body: unknown;
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

/** The numbers, flows and available-numbers endpoints, in the shape the real handlers answer. */
export function buildRoutes(account: SimAccount, style: TimestampStyle, random: () => number): Route[] {
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
