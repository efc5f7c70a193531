import { NumformError } from '../errors/numform-error.ts';
import { formatMicrosFixed, parseTimestampMicros } from './timestamps.ts';
import type { WireList } from './wire.ts';

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
 * item is lost, none is repeated, and the loop ends because each page must bring something new.
 */
export async function listAllPages<T extends Paged>(
  fetchPage: PageFetcher<T>,
  pageSize: number,
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
    const lastMicros = parseTimestampMicros(items[items.length - 1]!.tm_create);
    if (lastMicros === null) break; // no time to page by: the server could not have paged either
    if (fresh === 0) {
      if (items.length < pageSize) break; // everything at or before this time has been seen
      throw new NumformError(
        'PAGINATION_STUCK',
        `More than ${pageSize} items share the creation time ${formatMicrosFixed(lastMicros)}; ` +
          'the VoIPBIN API cannot page past them without losing some.',
        { hint: 'Report this account to VoIPBIN support; numform refuses to plan from a partial list.' },
      );
    }
    if (items.length < pageSize) break; // a short page: nothing older is left
    token = formatMicrosFixed(lastMicros + 1);
  }
  return [...seen.values()];
}
