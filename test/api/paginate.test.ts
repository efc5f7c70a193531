import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { afterEach, describe, expect, it } from 'vitest';
import { VoipbinClient } from '../../src/api/client.ts';
import { listAllPages } from '../../src/api/paginate.ts';
import type { WireList, WireNumber } from '../../src/api/wire.ts';
import { useScriptedServer } from '../support/scripted-server.ts';
import { wireNumber } from '../support/wire-number.ts';

interface Item {
  id: string;
  tm_create: string | null;
}

/** Serves fixed pages in order and records the tokens asked for. */
function pages(...answers: Partial<WireList<Item>>[]) {
  const tokens: string[] = [];
  const fetch = (token: string): Promise<WireList<Item>> => {
    tokens.push(token);
    return Promise.resolve((answers[tokens.length - 1] ?? { result: [] }) as WireList<Item>);
  };
  return { fetch, tokens };
}

const at = (id: string, second: number): Item => ({
  id,
  tm_create: `2026-03-12T10:30:${String(second).padStart(2, '0')}Z`,
});

describe('listAllPages', () => {
  it('stops at a page without a result', async () => {
    const { fetch, tokens } = pages({ next_page_token: '' });
    expect(await listAllPages(fetch, 2)).toEqual([]);
    expect(tokens).toEqual(['']);
  });

  it('refuses a full page whose last item has no create time, rather than return part of the list', async () => {
    const { fetch, tokens } = pages(
      { result: [at('a', 9), { id: 'b', tm_create: null }] },
      { result: [at('c', 1)] },
    );
    await expect(listAllPages(fetch, 2)).rejects.toMatchObject({
      code: 'API_BAD_RESPONSE',
      message:
        'A full page of items ends with an item without a create time, so the rest of the list cannot be asked for.',
      hint: 'numform refuses to plan from part of a list; report this to VoIPBIN support.',
    });
    expect(tokens).toEqual(['']);
  });

  it('accepts a short last page whose last item has no create time: nothing is left to ask for', async () => {
    const { fetch } = pages({ result: [at('a', 9), { id: 'b', tm_create: null }] });
    expect((await listAllPages(fetch, 3)).map((i) => i.id)).toEqual(['a', 'b']);
  });

  it('asks from 1 µs after the last time, and stops at a short page', async () => {
    const { fetch, tokens } = pages({ result: [at('a', 9), at('b', 8)] }, { result: [at('c', 7)] });
    expect((await listAllPages(fetch, 2)).map((i) => i.id)).toEqual(['a', 'b', 'c']);
    expect(tokens).toEqual(['', '2026-03-12T10:30:08.000001Z']);
  });

  it('drops repeats and ends quietly on a short page with nothing new', async () => {
    const { fetch, tokens } = pages({ result: [at('a', 9), at('b', 8)] }, { result: [at('b', 8)] });
    expect((await listAllPages(fetch, 2)).map((i) => i.id)).toEqual(['a', 'b']);
    expect(tokens).toHaveLength(2);
  });

  it('keeps going while full pages bring something new', async () => {
    const { fetch, tokens } = pages(
      { result: [at('a', 9), at('b', 8)] },
      { result: [at('b', 8), at('c', 7)] },
      { result: [] },
    );
    expect((await listAllPages(fetch, 2)).map((i) => i.id)).toEqual(['a', 'b', 'c']);
    expect(tokens).toEqual(['', '2026-03-12T10:30:08.000001Z', '2026-03-12T10:30:07.000001Z']);
  });

  it('refuses a full page with nothing new, naming the shared time', async () => {
    const { fetch } = pages({ result: [at('a', 8), at('b', 8)] }, { result: [at('a', 8), at('b', 8)] });
    await expect(listAllPages(fetch, 2)).rejects.toMatchObject({
      code: 'PAGINATION_STUCK',
      message:
        'A whole page of 2 items shares the creation time 2026-03-12T10:30:08.000000Z; the VoIPBIN API cannot page past them without the risk of losing some (it cannot say whether more share it).',
      hint: expect.stringMatching(/^Report this account to VoIPBIN support/) as string,
    });
  });
});

describe('listAllPages: the cap on a listing', () => {
  /** A server that invents two new items, each page a minute older, forever. */
  function endless() {
    let asked = 0;
    const fetch = (): Promise<WireList<Item>> => {
      asked++;
      const time = `2026-03-12T09:${String(59 - asked).padStart(2, '0')}:00Z`;
      return Promise.resolve({
        result: [
          { id: `n${asked}a`, tm_create: time },
          { id: `n${asked}b`, tm_create: time },
        ],
        next_page_token: time,
      });
    };
    return { fetch, asked: () => asked };
  }
  const cap = { max: 5, noun: 'numbers', hint: 'raise --max-numbers' };

  it('stops a list that never ends once it holds more than the cap', async () => {
    const server = endless();
    await expect(listAllPages(server.fetch, 2, cap)).rejects.toMatchObject({
      code: 'LISTING_TOO_LONG',
      message:
        'VoIPBIN listed more than 5 numbers; numform stopped reading there, as it would rather refuse than plan from a list that may never end.',
      hint: 'raise --max-numbers',
    });
    expect(server.asked()).toBe(3);
  });

  it('without a cap of its own, holds at most 100,000 items of anything', async () => {
    const many = Array.from({ length: 100_001 }, (_, i) => ({ id: `i${i}`, tm_create: null }));
    const { fetch } = pages({ result: many.slice(0, 100_000) });
    expect(await listAllPages(fetch, 200_000)).toHaveLength(100_000);
    await expect(listAllPages(pages({ result: many }).fetch, 200_000)).rejects.toMatchObject({
      code: 'LISTING_TOO_LONG',
      message: expect.stringMatching(/^VoIPBIN listed more than 100000 items;/) as string,
      hint: 'Report this to VoIPBIN support.',
    });
  });

  it('returns a list of exactly the cap, and refuses one item more', async () => {
    const { fetch } = pages({ result: [at('a', 9), at('b', 8)] }, { result: [at('c', 7)] });
    expect(await listAllPages(fetch, 2, { ...cap, max: 3 })).toHaveLength(3);
    await expect(
      listAllPages(pages({ result: [at('a', 9), at('b', 8)] }, { result: [at('c', 7)] }).fetch, 2, {
        ...cap,
        max: 2,
      }),
    ).rejects.toMatchObject({ code: 'LISTING_TOO_LONG' });
  });
});

describe('client: numbers the API reports as deleted', () => {
  const clients: VoipbinClient[] = [];
  afterEach(async () => {
    while (clients.length) await clients.pop()!.close();
  });

  function wire(number: string, fields: Partial<WireNumber> = {}): WireNumber {
    const id = `0e2a6ab8-7c8a-4d4e-9f2b-${number.slice(-12).padStart(12, '0')}`;
    return wireNumber({ id, number, ...fields });
  }

  it('drops them from the list, by status or by delete time', async () => {
    const server = await useScriptedServer([
      {
        body: {
          result: [
            wire('+15550000001'),
            wire('+15550000002', { status: 'deleted', tm_delete: '2026-03-13T00:00:00Z' }),
            wire('+15550000003', { status: 'deleted' }),
            wire('+15550000004', { tm_delete: '2026-03-13T00:00:00Z' }),
            wire('+15550000005', { status: 'purchase_pending', tm_delete: '9999-01-01 00:00:00.000000' }),
          ],
          next_page_token: '2026-03-12T10:30:00.000000Z',
        },
      },
    ]);
    const client = new VoipbinClient({ endpoint: server.url, accessKey: 'vb_k', ratePerSecond: 0 });
    clients.push(client);
    expect((await client.listNumbers()).map((n) => n.number)).toEqual(['+15550000001', '+15550000005']);
  });
});

describe('listAllPages keeps the chain of pages short', () => {
  it('asks for the next page before converting the items of this one', async () => {
    const events: string[] = [];
    const answers = [[at('a', 9), at('b', 8)], [at('c', 7), at('d', 6)], [at('e', 5)]];
    let served = 0;
    const fetch = (token: string): Promise<WireList<Item>> => {
      events.push(`fetch ${token || 'first'}`);
      return Promise.resolve({ result: answers[served++] ?? [], next_page_token: '' });
    };
    const kept = await listAllPages(fetch, 2, undefined, (item) => {
      events.push(`keep ${item.id}`);
      return item.id === 'b' ? undefined : item.id.toUpperCase();
    });
    expect(kept).toEqual(['A', 'C', 'D', 'E']);
    expect(events).toEqual([
      'fetch first',
      'fetch 2026-03-12T10:30:08.000001Z',
      'keep a',
      'keep b',
      'fetch 2026-03-12T10:30:06.000001Z',
      'keep c',
      'keep d',
      'keep e',
    ]);
  });

  it("hands each page's kept items to onPage once the next page is asked for", async () => {
    const events: string[] = [];
    const answers = [[at('a', 9), at('b', 8)], [at('c', 7), at('d', 6)], [at('e', 5)]];
    let served = 0;
    const fetch = (token: string): Promise<WireList<Item>> => {
      events.push(`fetch ${token ? 'next' : 'first'}`);
      return Promise.resolve({ result: answers[served++] ?? [], next_page_token: '' });
    };
    const kept = await listAllPages(
      fetch,
      2,
      undefined,
      (item) => (item.id === 'b' ? undefined : item.id),
      (page) => events.push(`page ${page.join('')}`),
    );
    expect(kept).toEqual(['a', 'c', 'd', 'e']);
    expect(events).toEqual(['fetch first', 'fetch next', 'page a', 'fetch next', 'page cd', 'page e']);
  });

  it('hands a page over only once the request for the next one is written', async () => {
    // undici writes a request on a reused connection a turn or two of the event loop after it is
    // handed the request: work on this page before that write would lengthen every step of the chain.
    const number = (n: number, second: number) =>
      wireNumber({
        id: `00000000-0000-4000-8000-00000000000${n}`,
        number: `+1555000000${n}`,
        tm_create: `2026-03-12T10:30:${String(second).padStart(2, '0')}Z`,
      });
    const server = await useScriptedServer([
      { body: { result: [number(1, 9), number(2, 8)] } },
      { body: { result: [number(3, 7)] } },
    ]);
    const client = new VoipbinClient({
      endpoint: server.url,
      accessKey: 'vb_k',
      ratePerSecond: 0,
      pageSize: 2,
    });
    let written = 0;
    const count = (): void => {
      written++;
    };
    subscribe('undici:client:sendHeaders', count);
    const writtenAtHandover: number[] = [];
    try {
      const listed = await client.listNumbers({ onPage: () => writtenAtHandover.push(written) });
      expect(listed).toHaveLength(3);
    } finally {
      unsubscribe('undici:client:sendHeaders', count);
      await client.close();
    }
    expect(server.requests).toHaveLength(2);
    expect(writtenAtHandover).toEqual([2, 2]);
  });

  it('reports a failed next page, not an unhandled rejection, when converting throws first', async () => {
    let calls = 0;
    const fetch = (): Promise<WireList<Item>> =>
      ++calls === 1
        ? Promise.resolve({ result: [at('a', 9), at('b', 8)], next_page_token: '' })
        : Promise.reject(new Error('the next page failed'));
    await expect(
      listAllPages(fetch, 2, undefined, () => {
        throw new Error('conversion failed');
      }),
    ).rejects.toThrow('conversion failed');
    expect(calls).toBe(2);
  });
});
