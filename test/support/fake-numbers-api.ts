import type {
  CreateNumberInput,
  CreateNumberResult,
  DeleteOutcome,
  FlowIds,
  NumbersApi,
} from '../../src/api/client.ts';
import { readAccountFacts } from '../../src/api/account-facts.ts';
import type { Timing } from '../../src/clock/timing.ts';
import type { AccountFacts } from '../../src/model/account.ts';
import type { FieldsWrittenBy } from '../../src/model/number-fields.ts';
import type { CurrentNumber, Flow } from '../../src/model/number.ts';
import { isPendingStatus } from '../../src/model/number-status.ts';
import { accountFacts, currentNumber } from './builders.ts';

/** One call the applier made, with the (virtual) time it was made at. */
export interface RecordedCall {
  op: 'create' | 'get' | 'newest' | 'update' | 'metadata' | 'flows' | 'delete';
  /** The number for a create, the id otherwise. */
  target: string;
  at: number;
  args?: unknown;
}

export interface FakeApiOptions {
  timing?: Timing;
  /** The account before the apply. */
  numbers?: CurrentNumber[];
  /** The flows GET /flows lists. */
  flows?: Flow[];
  /** Flows GET /flows/{id} finds but GET /flows does not list (queues, conferences). */
  unlistedFlows?: Flow[];
  /** Runs before a call answers: may wait (to hold it in flight) or throw (to fail it). */
  before?: (call: RecordedCall) => Promise<void> | void;
  /** What a create answers; the default is the number with the input's fields, active. */
  onCreate?: (input: CreateNumberInput, made: CurrentNumber) => CreateNumberResult;
  /** The status a GET reports, given how many GETs of that id came before. */
  statusOnGet?: (id: string, earlierGets: number) => string;
  /** The size of the newest-first page (default 100, as VoIPBIN's largest). */
  pageSize?: number;
  /** What the account reads answer (default: `accountFacts()`, which can pay for anything). */
  account?: AccountFacts;
}

/**
 * An in-memory NumbersApi that records every call, so applier tests can count and time requests
 * per change without a server.
 */
export class FakeNumbersApi implements NumbersApi {
  readonly calls: RecordedCall[] = [];
  readonly numbers = new Map<string, CurrentNumber>();
  inFlight = 0;
  maxInFlight = 0;
  private readonly options: FakeApiOptions;
  /** How many newest-first pages showed each id: a page read counts as a read of it. */
  private readonly seenOnPage = new Map<string, number>();

  constructor(options: FakeApiOptions = {}) {
    this.options = options;
    for (const n of options.numbers ?? []) this.numbers.set(n.id, { ...n });
  }

  /** The calls as `op target`, for exact comparisons. */
  get log(): string[] {
    return this.calls.map((c) => `${c.op} ${c.target}`);
  }

  private async record<T>(
    op: RecordedCall['op'],
    target: string,
    args: unknown,
    answer: () => T,
  ): Promise<T> {
    const call: RecordedCall = { op, target, at: this.options.timing?.now() ?? 0, args };
    this.calls.push(call);
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      await this.options.before?.(call);
      return answer();
    } finally {
      this.inFlight--;
    }
  }

  private find(id: string): CurrentNumber {
    const n = this.numbers.get(id);
    if (!n) throw new Error(`no number ${id}`);
    return n;
  }

  listNumbers(): Promise<CurrentNumber[]> {
    return Promise.resolve([...this.numbers.values()]);
  }

  /** The newest `pageSize` numbers (by insertion), each pending one read as a GET of it would be. */
  listNewestNumbers(): Promise<CurrentNumber[]> {
    return this.record('newest', 'numbers', undefined, () =>
      [...this.numbers.values()]
        .reverse()
        .slice(0, this.options.pageSize ?? 100)
        .map((n) => {
          // Only a pending purchase changes between reads; the rest read as they are.
          if (!isPendingStatus(n.status)) return { ...n };
          const earlier = this.calls.filter((c) => c.op === 'get' && c.target === n.id).length;
          const seen = this.seenOnPage.get(n.id) ?? 0;
          this.seenOnPage.set(n.id, seen + 1);
          if (this.options.statusOnGet) n.status = this.options.statusOnGet(n.id, earlier + seen);
          return { ...n };
        }),
    );
  }

  getNumber(id: string): Promise<CurrentNumber> {
    const earlier =
      this.calls.filter((c) => c.op === 'get' && c.target === id).length + (this.seenOnPage.get(id) ?? 0);
    return this.record('get', id, undefined, () => {
      const n = this.find(id);
      if (this.options.statusOnGet) n.status = this.options.statusOnGet(id, earlier);
      return { ...n };
    });
  }

  createNumber(input: CreateNumberInput, options: { onSent?: () => void } = {}): Promise<CreateNumberResult> {
    options.onSent?.();
    return this.record('create', input.number, input, () => {
      const made = currentNumber(input.number, {
        type: input.type,
        name: input.name,
        detail: input.detail,
        callFlowId: input.callFlowId,
        messageFlowId: input.messageFlowId,
      });
      const result = this.options.onCreate?.(input, made) ?? { number: made, adopted: false };
      this.numbers.set(result.number.id, { ...result.number });
      return { number: { ...result.number }, adopted: result.adopted };
    });
  }

  updateNumber(id: string, input: FieldsWrittenBy<'number'>): Promise<CurrentNumber> {
    return this.record('update', id, input, () => {
      const n = Object.assign(this.find(id), input);
      return { ...n };
    });
  }

  updateMetadata(id: string, input: FieldsWrittenBy<'metadata'>): Promise<CurrentNumber> {
    return this.record('metadata', id, input, () => {
      const n = this.find(id);
      n.rtpDebug = input.rtpDebug;
      return { ...n };
    });
  }

  updateFlowIds(id: string, input: FlowIds): Promise<CurrentNumber> {
    return this.record('flows', id, input, () => {
      const n = Object.assign(this.find(id), input);
      return { ...n };
    });
  }

  /** Like the real API: a number no longer held answers 404, read as already gone. */
  deleteNumber(id: string): Promise<DeleteOutcome> {
    return this.record('delete', id, undefined, () => {
      if (!this.numbers.has(id)) return 'already-gone';
      this.numbers.delete(id);
      return 'deleted';
    });
  }

  listFlows(): Promise<Flow[]> {
    return Promise.resolve([...(this.options.flows ?? [])]);
  }

  getFlow(id: string): Promise<Flow | undefined> {
    return Promise.resolve(
      [...(this.options.flows ?? []), ...(this.options.unlistedFlows ?? [])].find((f) => f.id === id),
    );
  }

  // The account reads are not recorded: `calls` stays the applier's changes and their reads.
  getCustomer(): Promise<AccountFacts['customer']> {
    return Promise.resolve({ ...this.account.customer });
  }

  getBillingAccount(): Promise<AccountFacts['billing']> {
    const { billing } = this.account;
    return Promise.resolve(billing && { ...billing });
  }

  findAccessKey(): Promise<AccountFacts['accessKey']> {
    const { accessKey } = this.account;
    return Promise.resolve(accessKey && { ...accessKey });
  }

  readAccountFacts(): Promise<AccountFacts> {
    return readAccountFacts(this);
  }

  private get account(): AccountFacts {
    return this.options.account ?? accountFacts();
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
