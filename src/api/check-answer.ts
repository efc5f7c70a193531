import { normalizeTimestamp, parseTimestampMicros } from './timestamps.ts';
import type { WireFlow, WireList, WireNumber } from './wire.ts';

/**
 * Thrown while checking a success answer's shape; the transport turns it into a BadResponseError
 * that names the operation and the HTTP status. `problem` follows "the answer": "lists a number …".
 */
export class UnusableAnswer extends Error {
  readonly problem: string;

  constructor(problem: string) {
    super(problem);
    this.problem = problem;
    this.name = 'UnusableAnswer';
  }
}

type Checked<T> = (value: unknown, where: string) => T;

const NUMBER_TIMES = ['tm_purchase', 'tm_renew', 'tm_create', 'tm_update', 'tm_delete'] as const;
const FLOW_TIMES = ['tm_create', 'tm_update', 'tm_delete'] as const;

/** A number the client can map: an id, a number, a type and a status as text, times that parse. */
export const checkWireNumber: Checked<WireNumber> = (value, where) => {
  const item = asObject(value, 'number', where);
  const who = (): string => subject('number', where, item);
  requireText(item, 'id', who);
  requireText(item, 'number', who);
  for (const key of ['type', 'status'] as const) {
    if (typeof item[key] !== 'string') throw new UnusableAnswer(`${who()} whose "${key}" is not text`);
  }
  checkTimes(item, NUMBER_TIMES, who);
  return item as unknown as WireNumber;
};

/** A flow the client can map: an id, optional texts, times that parse. */
export const checkWireFlow: Checked<WireFlow> = (value, where) => {
  const item = asObject(value, 'flow', where);
  const who = (): string => subject('flow', where, item);
  requireText(item, 'id', who);
  for (const key of ['name', 'detail'] as const) {
    if (item[key] !== undefined && typeof item[key] !== 'string') {
      throw new UnusableAnswer(`${who()} whose "${key}" is not text`);
    }
  }
  checkTimes(item, FLOW_TIMES, who);
  return item as unknown as WireFlow;
};

/** One answer of a single item: "is a number (id …) without …" becomes the problem. */
export function checkOne<T>(check: Checked<T>): (body: unknown) => T {
  return (body) => check(body, '');
}

/**
 * One page of a list. A full page must end with an item that has a create time: the next page is
 * asked for by that time, so without it the rest of the list could not be read.
 */
export function checkPage<T>(check: Checked<T>, pageSize: number): (body: unknown) => WireList<T> {
  return (body) => {
    const page = body as { result?: unknown; next_page_token?: unknown } | null;
    if (typeof page !== 'object' || page === null || !Array.isArray(page.result)) {
      throw new UnusableAnswer(`has no "result" list: ${show(body)}`);
    }
    const all: unknown[] = page.result;
    const items = all.map((item, i) => check(item, `item ${i + 1} of ${all.length} on the page`));
    const last = items.at(-1) as { id: string; tm_create: string | null } | undefined;
    if (items.length >= pageSize && last && parseTimestampMicros(last.tm_create) === null) {
      throw new UnusableAnswer(
        `ends a full page with an item (id ${last.id}) that has no tm_create, so the rest of the ` +
          'list cannot be asked for; numform refuses to work from part of a list',
      );
    }
    const token = typeof page.next_page_token === 'string' ? page.next_page_token : '';
    return { result: items, next_page_token: token };
  };
}

function asObject(value: unknown, kind: string, where: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new UnusableAnswer(
      where
        ? `lists, as ${where}, ${show(value)} where a ${kind} was expected`
        : `is not a ${kind} but ${show(value)}`,
    );
  }
  return value as Record<string, unknown>;
}

/** "lists a number (item 3 of 5 on the page, number +1…, id …)" or "is a number (id …)". */
function subject(kind: string, where: string, item: Record<string, unknown>): string {
  const names = [
    where,
    typeof item.number === 'string' && item.number ? `number ${item.number}` : '',
    typeof item.id === 'string' && item.id ? `id ${item.id}` : '',
  ].filter(Boolean);
  return `${where ? 'lists' : 'is'} a ${kind}${names.length ? ` (${names.join(', ')})` : ''}`;
}

function requireText(item: Record<string, unknown>, key: string, who: () => string): void {
  const value = item[key];
  if (typeof value !== 'string' || value === '') {
    throw new UnusableAnswer(`${who()} without ${key === 'id' ? 'an' : 'a'} "${key}" (it is ${show(value)})`);
  }
}

function checkTimes(item: Record<string, unknown>, keys: readonly string[], who: () => string): void {
  for (const key of keys) {
    const value = item[key];
    if (value === undefined || value === null) continue;
    let ok = typeof value === 'string';
    if (ok) {
      try {
        // The quick path for the server's UTC times: every number of every page passes here.
        normalizeTimestamp(value as string);
      } catch {
        ok = false;
      }
    }
    if (!ok) throw new UnusableAnswer(`${who()} whose ${key} is not a time: ${show(value)}`);
  }
}

function show(value: unknown): string {
  return value === undefined ? 'missing' : JSON.stringify(value);
}
