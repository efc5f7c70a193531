import type { NumbersApi } from '../api/client.ts';
import type { CurrentNumber } from '../model/number.ts';

/** One read of the newest numbers, and the pending purchases waiting on it. */
interface Round {
  ids: Set<string>;
  found: Promise<Map<string, CurrentNumber>>;
}

/**
 * Answers the polls of many pending purchases with few requests. Fresh purchases are the newest
 * numbers of the account, and GET /numbers lists newest first, so one page answers for every
 * purchase due at about the same time; one missing from it (pushed off the page by more than a
 * page of newer numbers) is read with GET /numbers/{id}. Polls due while a round has not yet been
 * sent join it; every request runs through `call` (the applier's concurrency limit).
 */
export class PurchasePoller {
  private readonly api: NumbersApi;
  private readonly call: <T>(send: () => Promise<T>) => Promise<T>;
  private round: Round | undefined;
  /** Requests sent so far: pages and single reads. */
  requests = 0;

  constructor(api: NumbersApi, call: <T>(send: () => Promise<T>) => Promise<T>) {
    this.api = api;
    this.call = call;
  }

  /** The number as the API shows it now. */
  readonly poll = async (id: string): Promise<CurrentNumber> => {
    const round = this.round ?? this.startRound();
    round.ids.add(id);
    const listed = (await round.found).get(id);
    if (listed) return listed;
    return this.call(() => {
      this.requests++;
      return this.api.getNumber(id);
    });
  };

  private startRound(): Round {
    const ids = new Set<string>();
    const round: Round = {
      ids,
      found: (async () => {
        // Waits woken by one tick of the clock all join before the page is asked for.
        await new Promise((resolve) => setImmediate(resolve));
        const page = await this.call(() => {
          if (this.round === round) this.round = undefined;
          this.requests++;
          return this.api.listNewestNumbers();
        });
        return new Map(page.filter((n) => ids.has(n.id)).map((n) => [n.id, n]));
      })(),
    };
    this.round = round;
    return round;
  }
}
