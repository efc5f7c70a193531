import { ApiError, PurchaseOutcomeUnknownError } from './api-error.ts';
import { readAccountFacts } from './account-facts.ts';
import { checkBillingAccount, checkCustomer, checkWireAccessKey } from './check-account.ts';
import { toCurrentNumber, toFlow, toWriteBody, isDeletedWireNumber } from './convert.ts';
import { checkEndpoint } from './endpoint.ts';
import { checkLimit, HttpTransport, isAmbiguousFailure, type HttpOptions } from './http.ts';
import { checkOne, checkPage, checkWireFlow, checkWireNumber } from './check-answer.ts';
import { DEFAULT_MAX_LISTED, listAllPages, type ListingCap } from './paginate.ts';
import type { WireCreateNumber, WireNumber, WireUpdateNumber } from './wire.ts';
import type { FieldsWrittenBy, NumberFields } from '../model/number-fields.ts';
import type { CurrentNumber, Flow, NumberType } from '../model/number.ts';
import { realTiming, type Timing } from '../clock/timing.ts';
import type { AccountFacts } from '../model/account.ts';
import { normalizeTimestamp } from './timestamps.ts';

/** What to buy or create: the number, its type, and the fields to set. */
export type CreateNumberInput = { number: string; type: NumberType } & FieldsWrittenBy<'number'>;

/** Both flow ids of a number, as PUT /numbers/{id}/flow_ids writes them. */
export type FlowIds = Pick<NumberFields, 'callFlowId' | 'messageFlowId'>;

/** How a release ended: `already-gone` when the number was released elsewhere first. */
export type DeleteOutcome = 'deleted' | 'already-gone';

/**
 * The result of a create: `adopted` when an ambiguous POST had in fact created the number. A
 * purchase whose outcome stays unknown throws PurchaseOutcomeUnknownError, and is never re-sent.
 */
export interface CreateNumberResult {
  number: CurrentNumber;
  adopted: boolean;
}

/** How a whole list is read. */
export interface ListOptions<T> {
  /**
   * Called with each page's items as they arrive, while the next page is awaited: work done here
   * overlaps the listing instead of following it. The items must not be changed.
   */
  onPage?: (items: readonly T[]) => void;
}

/** The operations numform needs from VoIPBIN. */
export interface NumbersApi {
  listNumbers(options?: ListOptions<CurrentNumber>): Promise<CurrentNumber[]>;
  /**
   * One page of GET /numbers, newest first: the numbers bought last, in one request. Deleted ones
   * are left out, as in `listNumbers`.
   */
  listNewestNumbers(): Promise<CurrentNumber[]>;
  getNumber(id: string): Promise<CurrentNumber>;
  /**
   * POST /numbers, never sent twice. `onSent` is told when a request is written: before that, a
   * stop leaves nothing to look for.
   */
  createNumber(input: CreateNumberInput, options?: { onSent?: () => void }): Promise<CreateNumberResult>;
  /** PUT /numbers/{id}: replaces every field that endpoint writes (name, detail, both flows). */
  updateNumber(id: string, fields: FieldsWrittenBy<'number'>): Promise<CurrentNumber>;
  /** PUT /numbers/{id}/metadata: the metadata fields (rtp_debug). */
  updateMetadata(id: string, fields: FieldsWrittenBy<'metadata'>): Promise<CurrentNumber>;
  /**
   * PUT /numbers/{id}/flow_ids: both flows, which this endpoint does not check, so it succeeds
   * where PUT /numbers/{id} fails on a flow deleted since it was set.
   */
  updateFlowIds(id: string, flows: FlowIds): Promise<CurrentNumber>;
  /** Releases a number; `already-gone` when the account no longer holds it (404). */
  deleteNumber(id: string): Promise<DeleteOutcome>;
  listFlows(): Promise<Flow[]>;
  /**
   * GET /flows/{id}: a live flow of this account of any type (GET /flows lists only `flow`), or
   * undefined when there is no such flow (404, or another customer's: 403).
   */
  getFlow(id: string): Promise<Flow | undefined>;
  /**
   * GET /customer: the id, name and identity verification status of the customer the key acts
   * for, and nothing else (that answer also holds the webhook signing secret).
   */
  getCustomer(): Promise<AccountFacts['customer']>;
  /** GET /billing_account: plan type and balance, or undefined when there is none (409 STATE_INVALID). */
  getBillingAccount(): Promise<AccountFacts['billing']>;
  /** This access key's expiry, found in GET /accesskeys by its first 11 characters; undefined when not listed. */
  findAccessKey(): Promise<AccountFacts['accessKey']>;
  /** The three above, read at once. */
  readAccountFacts(): Promise<AccountFacts>;
  close(): Promise<void>;
}

/** Options of the client: the transport's, plus the page size (max and default 100). */
export interface ClientOptions extends HttpOptions {
  pageSize?: number;
  /**
   * How long to look for a number in the account after its purchase failed ambiguously (default
   * 60 s): at once, then after 1, 3, 7, 15, 31 s and at the end of the window. A slow purchase
   * answers 503 while it carries on, and the number can appear seconds later. 0 looks once.
   */
  purchaseLookupWindowMs?: number;
  /**
   * The most numbers (and flows) a listing may hold (default 100,000): past it the listing fails
   * with LISTING_TOO_LONG rather than page forever through a server that never stops
   * (`--max-numbers`).
   */
  maxListed?: number;
}

const PAGE_SIZE_MAX = 100;
/** The default of `purchaseLookupWindowMs`. */
export const DEFAULT_PURCHASE_LOOKUP_WINDOW_MS = 60_000;
/** The first wait between two lookups; each next one doubles. */
const FIRST_LOOKUP_WAIT_MS = 1000;
const MAX_TIMER_MS = 2 ** 31 - 1;

/** How many characters of a key GET /accesskeys shows (`token_prefix`). */
const KEY_PREFIX_LENGTH = 11;

/**
 * The VoIPBIN API client. Lists follow every page without losing ties; GET/PUT/DELETE retry; a
 * purchase (POST) is never sent twice once it may have reached the server: after an ambiguous
 * failure the number is looked up over a window, and adopted when found.
 */
export class VoipbinClient implements NumbersApi {
  private readonly http: HttpTransport;
  private readonly pageSize: number;
  private readonly lookupWindowMs: number;
  private readonly maxListed: number;
  private readonly timing: Timing;
  private readonly signal: AbortSignal | undefined;
  private readonly keyPrefix: string;

  constructor(options: ClientOptions) {
    const endpoint = checkEndpoint(options.endpoint, [options.accessKey]);
    this.maxListed = checkLimit(
      'maxListed',
      options.maxListed ?? DEFAULT_MAX_LISTED,
      Number.MAX_SAFE_INTEGER,
    );
    this.http = new HttpTransport({ ...options, endpoint });
    this.pageSize = Math.min(Math.max(1, options.pageSize ?? PAGE_SIZE_MAX), PAGE_SIZE_MAX);
    const window = options.purchaseLookupWindowMs ?? DEFAULT_PURCHASE_LOOKUP_WINDOW_MS;
    // 0 is allowed here (look once), unlike the limits checkLimit guards.
    this.lookupWindowMs = window === 0 ? 0 : checkLimit('purchaseLookupWindowMs', window, MAX_TIMER_MS);
    this.timing = options.timing ?? realTiming;
    this.signal = options.signal;
    this.keyPrefix = options.accessKey.slice(0, KEY_PREFIX_LENGTH);
  }

  /** Requests sent so far, retries included. */
  get requestsSent(): number {
    return this.http.requestsSent;
  }

  listNumbers(options: ListOptions<CurrentNumber> = {}): Promise<CurrentNumber[]> {
    return this.readAllNumbers(options);
  }

  private readAllNumbers({
    onPage,
    survivesStop,
  }: ListOptions<CurrentNumber> & { survivesStop?: boolean | undefined }): Promise<CurrentNumber[]> {
    return this.listPaged(
      'list numbers',
      '/numbers',
      checkWireNumber,
      {
        max: this.maxListed,
        noun: 'numbers',
        hint:
          `If the account really holds more than ${this.maxListed} numbers, raise --max-numbers; ` +
          'otherwise the server is sending numbers without end: report it to VoIPBIN support.',
      },
      { keep: (n) => (isDeletedWireNumber(n) ? undefined : toCurrentNumber(n)), onPage, survivesStop },
    );
  }

  async listNewestNumbers(): Promise<CurrentNumber[]> {
    const page = await this.http.send({
      operation: 'list numbers',
      method: 'GET',
      path: '/numbers',
      query: { page_size: this.pageSize },
      retry: 'idempotent',
      parse: checkPage(checkWireNumber, this.pageSize),
    });
    return (page!.result ?? []).filter((n) => !isDeletedWireNumber(n)).map(toCurrentNumber);
  }

  async getNumber(id: string): Promise<CurrentNumber> {
    const wire = await this.http.send<WireNumber>({
      operation: 'get number',
      method: 'GET',
      path: `/numbers/${encodeURIComponent(id)}`,
      retry: 'idempotent',
      parse: checkOne(checkWireNumber),
    });
    return toCurrentNumber(wire!);
  }

  async createNumber(
    input: CreateNumberInput,
    options: { onSent?: () => void } = {},
  ): Promise<CreateNumberResult> {
    const body: WireCreateNumber = {
      number: input.number,
      type: input.type,
      ...(toWriteBody(input, 'number') as Omit<WireCreateNumber, 'number' | 'type'>),
    };
    try {
      const wire = await this.http.send<WireNumber>({
        operation: 'create number',
        method: 'POST',
        path: '/numbers',
        body,
        retry: 'safe-only',
        parse: checkOne(checkWireNumber),
        ...(options.onSent && { onSent: options.onSent }),
      });
      return { number: toCurrentNumber(wire!), adopted: false };
    } catch (error) {
      if (isRefusal(error)) {
        // VoIPBIN's own 500 (a duplicate, a limit, the balance): a refusal, though the number
        // may already be in this account. One look, no waiting.
        const existing = await this.findNumber(input.number);
        if (existing) return { number: existing, adopted: true };
        throw error;
      }
      if (!isAmbiguousFailure(error)) throw error;
      return this.lookForPurchase(input.number, error as Error);
    }
  }

  async updateNumber(id: string, fields: FieldsWrittenBy<'number'>): Promise<CurrentNumber> {
    const body = toWriteBody(fields, 'number') as unknown as WireUpdateNumber;
    const wire = await this.http.send<WireNumber>({
      operation: 'update number',
      method: 'PUT',
      path: `/numbers/${encodeURIComponent(id)}`,
      body,
      retry: 'idempotent',
      parse: checkOne(checkWireNumber),
    });
    return toCurrentNumber(wire!);
  }

  async updateMetadata(id: string, fields: FieldsWrittenBy<'metadata'>): Promise<CurrentNumber> {
    const wire = await this.http.send<WireNumber>({
      operation: 'update metadata',
      method: 'PUT',
      path: `/numbers/${encodeURIComponent(id)}/metadata`,
      body: toWriteBody(fields, 'metadata'),
      retry: 'idempotent',
      parse: checkOne(checkWireNumber),
    });
    return toCurrentNumber(wire!);
  }

  async updateFlowIds(id: string, flows: FlowIds): Promise<CurrentNumber> {
    const wire = await this.http.send<WireNumber>({
      operation: 'update flows',
      method: 'PUT',
      path: `/numbers/${encodeURIComponent(id)}/flow_ids`,
      body: { call_flow_id: flows.callFlowId, message_flow_id: flows.messageFlowId },
      retry: 'idempotent',
      parse: checkOne(checkWireNumber),
    });
    return toCurrentNumber(wire!);
  }

  async deleteNumber(id: string): Promise<DeleteOutcome> {
    try {
      await this.http.send<WireNumber>({
        operation: 'delete number',
        method: 'DELETE',
        path: `/numbers/${encodeURIComponent(id)}`,
        retry: 'idempotent',
        notFoundAfterAmbiguityIsDone: true,
      });
      return 'deleted';
    } catch (error) {
      // Released elsewhere (the console, another job) since the plan was read: the goal is met.
      if (error instanceof ApiError && error.httpStatus === 404 && isNumberGone(error)) return 'already-gone';
      throw error;
    }
  }

  async getFlow(id: string): Promise<Flow | undefined> {
    try {
      const wire = await this.http.send({
        operation: 'get flow',
        method: 'GET',
        path: `/flows/${encodeURIComponent(id)}`,
        retry: 'idempotent',
        parse: checkOne(checkWireFlow),
      });
      return toFlow(wire!);
    } catch (error) {
      if (error instanceof ApiError && (error.httpStatus === 404 || error.httpStatus === 403))
        return undefined;
      throw error;
    }
  }

  async listFlows(): Promise<Flow[]> {
    const flows = await this.listPaged('list flows', '/flows', checkWireFlow, {
      max: this.maxListed,
      noun: 'flows',
      hint:
        'VoIPBIN keeps at most 10,000 flows per customer, so the server is misbehaving: report it to ' +
        'VoIPBIN support (--max-numbers raises this cap too).',
    });
    return flows.map(toFlow);
  }

  async getCustomer(): Promise<AccountFacts['customer']> {
    const customer = await this.http.send({
      operation: 'read the customer',
      method: 'GET',
      path: '/customer',
      retry: 'idempotent',
      parse: checkCustomer,
      bodyHoldsSecrets: true,
    });
    return customer!;
  }

  async getBillingAccount(): Promise<AccountFacts['billing']> {
    try {
      const billing = await this.http.send({
        operation: 'read the billing account',
        method: 'GET',
        path: '/billing_account',
        retry: 'idempotent',
        parse: checkBillingAccount,
      });
      return billing!;
    } catch (error) {
      // The customer has no billing account; every purchase would fail, which the plan says.
      if (error instanceof ApiError && error.httpStatus === 409 && error.details.reason === 'STATE_INVALID') {
        return undefined;
      }
      throw error;
    }
  }

  /**
   * Keys are listed by their first 11 characters only. Two keys of the account sharing those
   * (8 random characters after `vb_`) cannot be told apart: then, as when none matches, undefined.
   */
  async findAccessKey(): Promise<AccountFacts['accessKey']> {
    const keys = await this.listPaged('list access keys', '/accesskeys', checkWireAccessKey, {
      max: this.maxListed,
      noun: 'access keys',
      hint: 'The server is sending access keys without end: report it to VoIPBIN support.',
    });
    const mine = keys.filter((k) => k.token_prefix === this.keyPrefix);
    return mine.length === 1 ? { expiresAt: normalizeTimestamp(mine[0]!.tm_expire) } : undefined;
  }

  readAccountFacts(): Promise<AccountFacts> {
    return readAccountFacts(this);
  }

  private listPaged<T extends { id: string; tm_create: string | null }, U = T>(
    operation: 'list numbers' | 'list flows' | 'list access keys',
    path: string,
    check: (value: unknown, where: string) => T,
    cap: ListingCap,
    {
      keep,
      onPage,
      survivesStop = false,
    }: {
      keep?: ((item: T) => U | undefined) | undefined;
      onPage?: ((items: readonly U[]) => void) | undefined;
      /** See HttpCall.survivesStop. */
      survivesStop?: boolean | undefined;
    } = {},
  ): Promise<U[]> {
    return listAllPages<T, U>(
      async (token) => {
        // A stop (Ctrl-C, SIGTERM) starts nothing new: the pages left of a listing are not asked
        // for, unless the listing settles a change under way (see HttpCall.survivesStop).
        if (token && !survivesStop) this.signal?.throwIfAborted();
        return (await this.http.send({
          operation,
          method: 'GET',
          path,
          query: { page_size: this.pageSize, page_token: token || undefined },
          retry: 'idempotent',
          parse: checkPage(check, this.pageSize),
          survivesStop,
        }))!;
      },
      this.pageSize,
      cap,
      keep,
      onPage,
    );
  }

  async close(): Promise<void> {
    await this.http.close();
  }

  /**
   * The account's number `number`, if it holds it. The listing is finished even after a stop: it
   * settles whether a purchase under way was made.
   */
  private async findNumber(number: string): Promise<CurrentNumber | undefined> {
    const numbers = await this.readAllNumbers({ survivesStop: true });
    return numbers.find((n) => n.number === number);
  }

  /**
   * Looks for a number whose purchase failed ambiguously, at the offsets of `lookupOffsets`, on
   * the injected clock. Found: adopted. Not found by the end of the window: the outcome is
   * unknown, and the purchase is not re-sent (a duplicate POST can undo the first one). Ctrl-C
   * ends the waiting at once, with the signal's reason.
   */
  private async lookForPurchase(number: string, failure: Error): Promise<CreateNumberResult> {
    const start = this.timing.now();
    const offsets = lookupOffsets(this.lookupWindowMs);
    let lookupFailure: Error | undefined;
    for (;;) {
      try {
        const found = await this.findNumber(number);
        if (found) return { number: found, adopted: true };
        lookupFailure = undefined;
      } catch (error) {
        if (this.signal?.aborted) throw error;
        lookupFailure = error instanceof Error ? error : new Error(String(error));
      }
      const elapsed = this.timing.now() - start;
      if (elapsed >= this.lookupWindowMs) break;
      // The next offset still ahead: a slow lookup may have used up some of them.
      const next = offsets.find((offset) => offset > elapsed)!;
      await this.timing.sleep(next - elapsed, this.signal);
    }
    throw new PurchaseOutcomeUnknownError({
      number,
      failure,
      lookedForMs: this.lookupWindowMs,
      lookupFailure,
    });
  }
}

/** When to look, in ms after the failure: 0, 1 s, 3 s, 7 s, … doubling the wait, and the window's end. */
export function lookupOffsets(windowMs: number): number[] {
  const offsets = [0];
  for (let wait = FIRST_LOOKUP_WAIT_MS; offsets.at(-1)! < windowMs; wait *= 2) {
    offsets.push(Math.min(windowMs, offsets.at(-1)! + wait));
  }
  return offsets;
}

/** VoIPBIN's own 500, in its error envelope: how it refuses a purchase (never a proxy's page). */
function isRefusal(error: unknown): boolean {
  return error instanceof ApiError && error.httpStatus === 500 && error.details.foreignBody === undefined;
}

/**
 * A 404 that says the number is not there (unknown or deleted), as opposed to a wrong path
 * (ROUTE_NOT_FOUND: a wrong --endpoint), which must not count as a release.
 */
function isNumberGone(error: ApiError): boolean {
  return error.details.reason !== 'ROUTE_NOT_FOUND';
}
