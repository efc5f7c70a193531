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
 */
export async function listAllPages<T extends Paged>(
  fetchPage: PageFetcher<T>,
  pageSize: number,
  cap: ListingCap = { max: DEFAULT_MAX_LISTED, noun: 'items', hint: 'Report this to VoIPBIN support.' },
): Promise<T[]> {
  const seen = new Map<string, T>();
  let token = '';
  for (;;) {
    const page = await fetchPage(token);
    const items = page.result ?? [];
    if (items.length === 0) break;
    let fresh = 0;
    for (const item of items) {
      if (!seen.has(item.id)) {
        seen.set(item.id, item);
        fresh++;
      }
    }
    if (seen.size > cap.max) {
      throw new NumformError(
        'LISTING_TOO_LONG',
        `VoIPBIN listed more than ${cap.max} ${cap.noun}; numform stopped reading there, ` +
          'as it would rather refuse than plan from a list that may never end.',
        { hint: cap.hint },
      );
    }
    if (items.length < pageSize) break; // a short page: nothing older is left
    const last = items[items.length - 1]!;
    const lastMicros = parseTimestampMicros(last.tm_create);
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
        `More than ${pageSize} items share the creation time ${formatMicrosFixed(lastMicros)}; ` +
          'the VoIPBIN API cannot page past them without losing some.',
        { hint: 'Report this account to VoIPBIN support; numform refuses to plan from a partial list.' },
      );
    }
    token = formatMicrosFixed(lastMicros + 1);
  }
  return [...seen.values()];
}
