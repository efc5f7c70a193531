import { NumformError } from '../errors/numform-error.ts';
import { formatMicrosFixed, parseTimestampMicros } from './timestamps.ts';
import type { WireList } from './wire.ts';

/** The default cap on the items of one listing. */
export const DEFAULT_MAX_LISTED = 100_000;

/** How long a listing may grow, and what to tell the user when it grows longer. */
export interface ListingCap {
  max: number;
  /** What is listed, plural: "numbers". */
  noun: string;
  /** What to do about it. */
  hint: string;
}

/** Fetches one page given a page token ("" for the first page). */
export type PageFetcher<T> = (pageToken: string) => Promise<WireList<T>>;

interface Paged {
  id: string;
  tm_create: string | null;
}

/**
 * Reads every item of a VoIPBIN list. The server's token is the last item's `tm_create`, compared
 * with a strict `<`, so items sharing that time across a page boundary would be skipped. We ask
 * instead for everything at or before that time (token + 1 µs) and drop the ids already seen: no
 * item is lost, none is repeated, and the loop ends because each page must bring something new
 * and the listing may not grow past its cap (a server that invents items forever is given up on).
 * `keep` turns each new item into what the caller wants (undefined leaves it out). It runs after
 * the next page has been asked for, so converting a page overlaps the wait for the next one
 * instead of lengthening the chain of pages, which is what a large listing's time is made of.
 * `onPage` sees what each page kept, at the same point: work on it overlaps the wait too.
 */
export async function listAllPages<T extends Paged, U = T>(
  fetchPage: PageFetcher<T>,
  pageSize: number,
  cap: ListingCap = { max: DEFAULT_MAX_LISTED, noun: 'items', hint: 'Report this to VoIPBIN support.' },
  keep: (item: T) => U | undefined = (item) => item as unknown as U,
  onPage?: (kept: readonly U[]) => void,
): Promise<U[]> {
  const seen = new Set<string>();
  const kept: U[] = [];
  let next: Promise<WireList<T>> | undefined = fetchPage('');
  while (next) {
    const items: readonly T[] = (await next).result ?? [];
    next = undefined;
    const fresh: T[] = [];
    for (const item of items) {
      if (seen.has(item.id)) continue;
      seen.add(item.id);
      fresh.push(item);
    }
    if (seen.size > cap.max) {
      throw new NumformError(
        'LISTING_TOO_LONG',
        `VoIPBIN listed more than ${cap.max} ${cap.noun}; numform stopped reading there, ` +
          'as it would rather refuse than plan from a list that may never end.',
        { hint: cap.hint },
      );
    }
    // A short page (or an empty one): nothing older is left.
    if (items.length >= pageSize) {
      next = fetchNextPage(fetchPage, items, fresh.length, pageSize, cap);
      await letRequestGo();
    }
    const from = kept.length;
    for (const item of fresh) {
      const value = keep(item);
      if (value !== undefined) kept.push(value);
    }
    onPage?.(kept.slice(from));
  }
  return kept;
}

/**
 * Waits until a request just sent has been written. undici reuses a connection only after checking
 * the idle socket, two event-loop turns after the last answer on it (an immediate that queues
 * another): one turn of ours would convert this page before the next request left, lengthening
 * every step of the chain.
 */
async function letRequestGo(): Promise<void> {
  for (let turn = 0; turn < 2; turn++) await new Promise((resolve) => setImmediate(resolve));
}

/**
 * Asks for the page after a full one, from its last item's time. The request is on its way when
 * this returns; its failure is seen where it is awaited.
 */
function fetchNextPage<T extends Paged>(
  fetchPage: PageFetcher<T>,
  items: readonly T[],
  fresh: number,
  pageSize: number,
  cap: ListingCap,
): Promise<WireList<T>> {
  const lastMicros = parseTimestampMicros(items[items.length - 1]!.tm_create);
  if (lastMicros === null) {
    throw new NumformError(
      'API_BAD_RESPONSE',
      `A full page of ${cap.noun} ends with an item without a create time, so the ` +
        'rest of the list cannot be asked for.',
      { hint: 'numform refuses to plan from part of a list; report this to VoIPBIN support.' },
    );
  }
  if (fresh === 0) {
    throw new NumformError(
      'PAGINATION_STUCK',
      `A whole page of ${pageSize} ${cap.noun} shares the creation time ${formatMicrosFixed(lastMicros)}; ` +
        'the VoIPBIN API cannot page past them without the risk of losing some (it cannot say ' +
        'whether more share it).',
      { hint: 'Report this account to VoIPBIN support; numform refuses to plan from a partial list.' },
    );
  }
  const page = fetchPage(formatMicrosFixed(lastMicros + 1));
  // Awaited on the next turn of the loop; if converting this page throws first, the run ends
  // with that error and this one must not surface as an unhandled rejection.
  page.catch(() => undefined);
  return page;
}
