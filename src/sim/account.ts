import { randomUUID } from 'node:crypto';
import { internalError, invalidId, permissionDenied, resourceNotFound, SimHttpError } from './sim-error.ts';
import type { SimFlow, SimNumber, SimState } from './sim-types.ts';

const NIL = '00000000-0000-0000-0000-000000000000';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const NORMAL_PRICE = 5;

/** Purchase behaviour of normal numbers. */
export interface PurchaseSettings {
  /** How long a normal purchase stays pending (0: active at once). */
  delayMs: number;
  /** The pending spelling: the API has both. */
  pendingStatus: 'purchase-pending' | 'purchase_pending';
  /** Final status per number, for example `purchase_failed`; default `active`. */
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
  private readonly purchase: PurchaseSettings;

  constructor(state: SimState, nowMicros: () => number, purchase: PurchaseSettings) {
    this.state = state;
    this.nowMicros = nowMicros;
    this.purchase = purchase;
  }

  /** The current time on the simulator's clock (µs). */
  now(): number {
    return this.nowMicros();
  }

  /** Settles pending purchases whose time has come. */
  private settle(): void {
    const now = this.nowMicros();
    for (const n of this.state.numbers) {
      if (n.settlesAt !== null && n.settlesAt <= now && n.tmDelete === null) {
        n.status = n.settlesTo ?? 'active';
        n.settlesAt = null;
        n.settlesTo = null;
      }
    }
  }

  /** One page of the customer's non-deleted numbers, newest first, `tm_create < before`. */
  listNumbers(customerId: string, before: number, pageSize: number): SimNumber[] {
    this.settle();
    return this.state.numbers
      .filter((n) => n.customerId === customerId && n.tmDelete === null && n.tmCreate < before)
      .sort((a, b) => b.tmCreate - a.tmCreate)
      .slice(0, pageSize);
  }

  /** One page of the customer's flows of type "flow", newest first. */
  listFlows(customerId: string, before: number, pageSize: number): SimFlow[] {
    return this.state.flows
      .filter(
        (f) => f.customerId === customerId && f.type === 'flow' && f.tmDelete === null && f.tmCreate < before,
      )
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
    this.settle();
    const n = this.state.numbers.find((x) => x.id === id.toLowerCase());
    if (!n) throw new SimHttpError(404, 'NOT_FOUND', 'NUMBER_NOT_FOUND', 'The phone number was not found.');
    if (n.customerId !== customerId) throw permissionDenied();
    if (n.tmDelete !== null) throw resourceNotFound();
    return n;
  }

  /** POST /numbers after body binding, with the server's checks in the server's order. */
  createNumber(
    customerId: string,
    body: {
      number: string;
      type: string;
      name: string;
      detail: string;
      callFlowId: string;
      messageFlowId: string;
    },
  ): SimNumber {
    const customer = this.state.customer;
    if (body.number === '')
      throw new SimHttpError(400, 'INVALID_ARGUMENT', 'INVALID_ARGUMENT', 'The request is invalid.');
    if (customerId !== customer.id) throw permissionDenied();
    const virtual = body.type === 'virtual';
    if (!virtual && !customer.identityVerified) {
      throw new SimHttpError(
        403,
        'PERMISSION_DENIED',
        'IDENTITY_VERIFICATION_REQUIRED',
        'Customer identity verification is required for this operation.',
      );
    }
    if (virtual) {
      if (!/^\+899\d{9}$/.test(body.number) || body.number.startsWith('+899000')) throw internalError();
      const count = this.state.numbers.filter(
        (n) => n.customerId === customerId && n.type === 'virtual' && n.tmDelete === null,
      ).length;
      if (customer.virtualLimit > 0 && count >= customer.virtualLimit) throw internalError();
      if (this.isTaken(body.number)) throw internalError();
    } else {
      if (body.number.startsWith('+899000')) throw internalError();
      if (customer.balance < NORMAL_PRICE) throw internalError();
      // The carrier order: the carrier refuses what is not a dialable E.164 number.
      if (!/^\+[1-9]\d{6,14}$/.test(body.number)) throw internalError();
      if (this.isTaken(body.number)) throw internalError(); // after rollback of the carrier order
    }
    const now = this.nowMicros();
    const outcome = this.purchase.outcomes[body.number] ?? 'active';
    const pending = !virtual && this.purchase.delayMs > 0;
    const n: SimNumber = {
      id: randomUUID(),
      customerId,
      number: body.number,
      type: virtual ? 'virtual' : 'normal',
      callFlowId: body.callFlowId,
      messageFlowId: body.messageFlowId,
      name: body.name,
      detail: body.detail,
      status: virtual ? 'active' : pending ? this.purchase.pendingStatus : outcome,
      t38Enabled: false,
      emergencyEnabled: false,
      rtpDebug: false,
      tmPurchase: virtual ? null : now,
      tmRenew: virtual ? null : now,
      tmCreate: now,
      tmUpdate: null,
      tmDelete: null,
      settlesAt: pending ? now + this.purchase.delayMs * 1000 : null,
      settlesTo: pending ? outcome : null,
    };
    if (!virtual) customer.balance -= NORMAL_PRICE;
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
      if (!this.isTaken(candidate)) out.add(candidate);
    }
    return [...out].slice(0, pageSize);
  }

  isTaken(number: string): boolean {
    return this.state.numbers.some((n) => n.number === number && n.tmDelete === null);
  }

  private isUsableFlow(customerId: string, flowId: string): boolean {
    return this.state.flows.some(
      (f) => f.id === flowId && f.customerId === customerId && f.tmDelete === null,
    );
  }
}
