import { randomUUID } from 'node:crypto';
import { formatMicrosFixed } from '../api/timestamps.ts';
import { chargePurchase, checkBalance, checkVirtualLimit } from './billing.ts';
import { internalError, invalidId, permissionDenied, resourceNotFound, SimHttpError } from './sim-error.ts';
import type { SimAccessKey, SimFlow, SimNumber, SimPurchaseRequest, SimState } from './sim-types.ts';

const NIL = '00000000-0000-0000-0000-000000000000';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** How long a normal purchase stays pending: milliseconds (0: final at once), or `never`. */
export type PurchaseDelay = number | 'never';

/**
 * Purchase behaviour of normal numbers. The POST answers `pendingStatus` when there is a delay,
 * else the final status; after `delayMs` the status turns final; with `never` it never does (the
 * real server writes `status` only at purchase, so a pending number stays pending).
 */
export interface PurchaseSettings {
  delayMs: PurchaseDelay;
  /** The status while pending: any carrier status, for example `purchase_pending`. */
  pendingStatus: string;
  /** The final status of every normal purchase not named in `outcomes`, usually `active`. */
  finalStatus: string;
  /** Final status per number, for example `purchase-failed`. */
  outcomes: Record<string, string>;
}

/** A monotonic microsecond clock, so that every create gets a distinct, increasing time. */
export function createMicrosClock(now: () => number = Date.now): () => number {
  let last = 0;
  return () => {
    last = Math.max(last + 1, now() * 1000);
    return last;
  };
}

/** Go's `uuid.FromStringOrNil`: anything that is not a UUID becomes the nil UUID. */
export function uuidOrNil(value: unknown): string {
  return typeof value === 'string' && UUID.test(value) ? value.toLowerCase() : NIL;
}

/**
 * The simulated VoIPBIN account: the business rules of bin-number-manager and api-manager's
 * service handler, as the server's code behaves. It holds and changes the state (and makes ids);
 * the server renders it.
 */
export class SimAccount {
  readonly state: SimState;
  private readonly nowMicros: () => number;
  private readonly wallMicros: () => number;
  private readonly purchase: PurchaseSettings;
  private changes = 0;

  /**
   * `nowMicros` stamps times (distinct and increasing); `wallMicros` is the plain clock reading
   * that delays are measured on, so a delay ends exactly when the clock has moved that far.
   */
  constructor(
    state: SimState,
    nowMicros: () => number,
    purchase: PurchaseSettings,
    wallMicros: () => number = nowMicros,
  ) {
    this.state = state;
    this.nowMicros = nowMicros;
    this.wallMicros = wallMicros;
    this.purchase = purchase;
  }

  /** The current time on the simulator's clock (µs). */
  now(): number {
    return this.nowMicros();
  }

  /**
   * Counts changes that happen as time passes (purchases settling or landing), so the server
   * knows to persist after a request that only read.
   */
  get revision(): number {
    return this.changes;
  }

  /**
   * Brings the account up to the clock: slow purchases whose time has come are stored, pending
   * purchases whose delay has passed turn final. Every request does this first; tests that read
   * `state` directly call it themselves.
   */
  advance(): void {
    const now = this.wallMicros();
    const inFlight = this.state.inFlight ?? [];
    const landing = inFlight.filter((p) => p.landsAt <= now);
    if (landing.length > 0) {
      this.state.inFlight = inFlight.filter((p) => p.landsAt > now);
      for (const p of landing) this.storeNumber(p.customerId, p.request);
      this.changes++;
    }
    for (const n of this.state.numbers) {
      if (n.settlesAt !== null && n.settlesAt <= now && n.tmDelete === null) {
        n.status = n.settlesTo ?? 'active';
        n.settlesAt = null;
        n.settlesTo = null;
        this.changes++;
      }
    }
  }

  /**
   * One page of the customer's non-deleted numbers, newest first, `tm_create < before`: a page
   * token as sent (text), a time (µs), or now when undefined.
   */
  listNumbers(customerId: string, before: string | number | undefined, pageSize: number): SimNumber[] {
    this.advance();
    const token = before ?? this.nowMicros();
    const sorted = this.numbersNewestFirst();
    const page: SimNumber[] = [];
    for (let i = firstBefore(sorted, token); i < sorted.length && page.length < pageSize; i++) {
      const n = sorted[i]!;
      if (n.customerId === customerId && n.tmDelete === null) page.push(n);
    }
    return page;
  }

  private sorted: { from: SimNumber[]; length: number; newestFirst: SimNumber[] } | undefined;

  /**
   * The numbers, newest first. Numbers are only ever appended (a release sets tmDelete) and their
   * tmCreate never changes, so the order is sorted again only when one was added: a listing of a
   * large account is then one pass a page, not a sort a page.
   */
  private numbersNewestFirst(): SimNumber[] {
    const { numbers } = this.state;
    if (this.sorted?.from !== numbers || this.sorted.length !== numbers.length) {
      const newestFirst = [...numbers].sort((a, b) => b.tmCreate - a.tmCreate);
      this.sorted = { from: numbers, length: numbers.length, newestFirst };
    }
    return this.sorted.newestFirst;
  }

  /** One page of the customer's flows of type "flow", newest first (`before` as for numbers). */
  listFlows(customerId: string, before: string | number | undefined, pageSize: number): SimFlow[] {
    const token = before ?? this.nowMicros();
    return this.state.flows
      .filter(
        (f) =>
          f.customerId === customerId &&
          f.type === 'flow' &&
          f.tmDelete === null &&
          isBefore(f.tmCreate, token),
      )
      .sort((a, b) => b.tmCreate - a.tmCreate)
      .slice(0, pageSize);
  }

  /** One page of the customer's access keys, newest first (`before` as for numbers). */
  listAccessKeys(customerId: string, before: string | number | undefined, pageSize: number): SimAccessKey[] {
    if (customerId !== this.state.customer.id) return [];
    const token = before ?? this.nowMicros();
    return this.state.accessKeys
      .filter((k) => isBefore(k.tmCreate, token))
      .sort((a, b) => b.tmCreate - a.tmCreate)
      .slice(0, pageSize);
  }

  getFlow(customerId: string, id: string): SimFlow {
    if (!UUID.test(id) || id === NIL) throw invalidId();
    const flow = this.state.flows.find((f) => f.id === id.toLowerCase());
    if (!flow) throw new SimHttpError(404, 'NOT_FOUND', 'FLOW_NOT_FOUND', 'The flow was not found.');
    if (flow.customerId !== customerId) throw permissionDenied();
    if (flow.tmDelete !== null) throw resourceNotFound();
    return flow;
  }

  getNumber(customerId: string, id: string): SimNumber {
    if (!UUID.test(id) || id === NIL) throw invalidId();
    this.advance();
    const n = this.state.numbers.find((x) => x.id === id.toLowerCase());
    if (!n) throw new SimHttpError(404, 'NOT_FOUND', 'NUMBER_NOT_FOUND', 'The phone number was not found.');
    if (n.customerId !== customerId) throw permissionDenied();
    if (n.tmDelete !== null) throw resourceNotFound();
    return n;
  }

  /** POST /numbers after body binding, with the server's checks in the server's order. */
  createNumber(customerId: string, request: SimPurchaseRequest): SimNumber {
    this.advance();
    this.checkPurchase(customerId, request);
    return this.storeNumber(customerId, request);
  }

  /**
   * A purchase the gateway times out on: the checks run now and the number is claimed, but it is
   * stored (and charged) only `landsInMs` later. Until then a POST of the same number is refused
   * as a duplicate, as the carrier order or the duplicate check refuses it on the real server.
   */
  startSlowPurchase(customerId: string, request: SimPurchaseRequest, landsInMs: number): void {
    this.advance();
    this.checkPurchase(customerId, request);
    const landsAt = this.wallMicros() + landsInMs * 1000;
    this.state.inFlight = [...(this.state.inFlight ?? []), { customerId, request, landsAt }];
    this.changes++;
  }

  /** The numbers whose purchase is still in flight (claimed, not yet stored). */
  numbersInFlight(): string[] {
    this.advance();
    return (this.state.inFlight ?? []).map((p) => p.request.number);
  }

  private checkPurchase(customerId: string, request: SimPurchaseRequest): void {
    const customer = this.state.customer;
    if (request.number === '')
      throw new SimHttpError(400, 'INVALID_ARGUMENT', 'INVALID_ARGUMENT', 'The request is invalid.');
    if (customerId !== customer.id) throw permissionDenied();
    const virtual = request.type === 'virtual';
    if (!virtual && customer.identityVerification !== 'verified') {
      throw new SimHttpError(
        403,
        'PERMISSION_DENIED',
        'IDENTITY_VERIFICATION_REQUIRED',
        'Customer identity verification is required for this operation.',
      );
    }
    if (virtual) {
      if (!/^\+899\d{9}$/.test(request.number) || request.number.startsWith('+899000')) throw internalError();
      const count = this.state.numbers.filter(
        (n) => n.customerId === customerId && n.type === 'virtual' && n.tmDelete === null,
      ).length;
      checkVirtualLimit(this.state.billing, count);
      if (this.isClaimed(request.number)) throw internalError();
    } else {
      if (request.number.startsWith('+899000')) throw internalError();
      checkBalance(this.state.billing);
      // The carrier order: the carrier refuses what is not a dialable E.164 number.
      if (!/^\+[1-9]\d{6,14}$/.test(request.number)) throw internalError();
      if (this.isClaimed(request.number)) throw internalError(); // after rollback of the carrier order
    }
  }

  private storeNumber(customerId: string, request: SimPurchaseRequest): SimNumber {
    const now = this.nowMicros();
    const virtual = request.type === 'virtual';
    const final = this.purchase.outcomes[request.number] ?? this.purchase.finalStatus;
    const delay = this.purchase.delayMs;
    const pending = !virtual && delay !== 0;
    const settles = pending && delay !== 'never';
    const n: SimNumber = {
      id: randomUUID(),
      customerId,
      number: request.number,
      type: virtual ? 'virtual' : 'normal',
      callFlowId: request.callFlowId,
      messageFlowId: request.messageFlowId,
      name: request.name,
      detail: request.detail,
      status: virtual ? 'active' : pending ? this.purchase.pendingStatus : final,
      t38Enabled: false,
      emergencyEnabled: false,
      rtpDebug: false,
      tmPurchase: virtual ? null : now,
      tmRenew: virtual ? null : now,
      tmCreate: now,
      tmUpdate: null,
      tmDelete: null,
      settlesAt: settles ? this.wallMicros() + delay * 1000 : null,
      settlesTo: settles ? final : null,
    };
    if (!virtual) chargePurchase(this.state);
    this.state.numbers.push(n);
    return n;
  }

  /** PUT /numbers/{id}: all four fields written; non-nil flows verified (else 500). */
  updateNumber(
    customerId: string,
    id: string,
    body: { name: string; detail: string; callFlowId: string; messageFlowId: string },
  ): SimNumber {
    const n = this.getNumber(customerId, id);
    for (const flowId of [body.callFlowId, body.messageFlowId]) {
      if (flowId !== NIL && !this.isUsableFlow(customerId, flowId)) throw internalError();
    }
    n.name = body.name;
    n.detail = body.detail;
    n.callFlowId = body.callFlowId;
    n.messageFlowId = body.messageFlowId;
    n.tmUpdate = this.nowMicros();
    return n;
  }

  /** PUT /numbers/{id}/flow_ids: both written, not verified. */
  updateFlowIds(
    customerId: string,
    id: string,
    body: { callFlowId: string; messageFlowId: string },
  ): SimNumber {
    const n = this.getNumber(customerId, id);
    n.callFlowId = body.callFlowId;
    n.messageFlowId = body.messageFlowId;
    n.tmUpdate = this.nowMicros();
    return n;
  }

  updateMetadata(customerId: string, id: string, rtpDebug: boolean): SimNumber {
    const n = this.getNumber(customerId, id);
    n.rtpDebug = rtpDebug;
    n.tmUpdate = this.nowMicros();
    return n;
  }

  /** DELETE: a soft delete returning the number; later calls answer 404 RESOURCE_NOT_FOUND. */
  deleteNumber(customerId: string, id: string): SimNumber {
    const n = this.getNumber(customerId, id);
    const now = this.nowMicros();
    n.status = 'deleted';
    n.tmUpdate = now;
    n.tmDelete = now;
    n.settlesAt = null;
    n.settlesTo = null;
    return n;
  }

  /** Random +899 numbers not in use, as the server generates them. */
  availableVirtualNumbers(pageSize: number, random: () => number): string[] {
    const out = new Set<string>();
    for (let i = 0; i < pageSize * 3; i++) {
      const area = String(1 + Math.floor(random() * 999)).padStart(3, '0');
      const subscriber = String(Math.floor(random() * 1_000_000)).padStart(6, '0');
      const candidate = `+899${area}${subscriber}`;
      if (!this.isClaimed(candidate)) out.add(candidate);
    }
    return [...out].slice(0, pageSize);
  }

  isTaken(number: string): boolean {
    return this.state.numbers.some((n) => n.number === number && n.tmDelete === null);
  }

  /**
   * Deletes a flow, as the flow manager does. Its `flow_deleted` event then points every number
   * that used it at no flow; `keepReferences` models that event lost, leaving the numbers holding
   * a dangling flow id (which PUT /numbers/{id} then refuses with 500).
   */
  deleteFlow(id: string, options: { keepReferences?: boolean } = {}): void {
    const flow = this.state.flows.find((f) => f.id === id.toLowerCase() && f.tmDelete === null);
    if (!flow) throw new Error(`no live flow ${id}`);
    flow.tmDelete = this.nowMicros();
    if (options.keepReferences) return;
    for (const n of this.state.numbers) {
      if (n.callFlowId === flow.id) n.callFlowId = NIL;
      if (n.messageFlowId === flow.id) n.messageFlowId = NIL;
    }
  }

  private isClaimed(number: string): boolean {
    return this.isTaken(number) || (this.state.inFlight ?? []).some((p) => p.request.number === number);
  }

  /** Any flow type counts (queue, conference...): only listing is limited to `type=flow`. */
  private isUsableFlow(customerId: string, flowId: string): boolean {
    return this.state.flows.some(
      (f) => f.id === flowId && f.customerId === customerId && f.tmDelete === null,
    );
  }
}

/**
 * The list query's `tm_create < ?` with the page token bound as text: the stored time in its
 * fixed-width form compared with the token as a string. A token that is no timestamp is no error
 * on the real server; it just selects whatever sorts before it.
 */
/**
 * The index of the first of `newestFirst` created before `token`: isBefore is false for the newest
 * and true from some point on, so a binary search finds that point.
 */
function firstBefore(newestFirst: readonly { tmCreate: number }[], token: string | number): number {
  let low = 0;
  let high = newestFirst.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (isBefore(newestFirst[mid]!.tmCreate, token)) high = mid;
    else low = mid + 1;
  }
  return low;
}

function isBefore(tmCreate: number, token: string | number): boolean {
  // The fixed-width form orders as the numbers do, so only a token that is text needs formatting.
  return typeof token === 'number' ? tmCreate < token : formatMicrosFixed(tmCreate) < token;
}
