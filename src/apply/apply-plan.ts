import pLimit from 'p-limit';
import type { NumbersApi } from '../api/client.ts';
import { realTiming, type Timing } from '../clock/timing.ts';
import { InterruptedError, toNumformError } from '../errors/numform-error.ts';
import { compareText } from '../model/compare-text.ts';
import { countNoun, pluralize } from '../model/count-noun.ts';
import { fieldsWrittenBy, requestsFor, type WriteRequest } from '../model/number-fields.ts';
import type { CurrentNumber } from '../model/number.ts';
import { isPendingStatus } from '../model/number-status.ts';
import type { CreateChange, DeleteChange, Plan, PlannedChange, UpdateChange } from '../plan/plan-types.ts';
import type { ApplyEvent, ApplyResult, CompletedHow } from './apply-events.ts';
import { runSteps, type Step, type StepOutcome } from './run-steps.ts';
import { PurchasePoller } from './purchase-poller.ts';
import { checkNotFailed, waitForPurchase } from './wait-for-purchase.ts';

/** Defaults of apply, shared with the CLI's option defaults. */
export const APPLY_DEFAULTS = {
  parallelism: 10,
  waitTimeoutMs: 600_000,
  firstPollMs: 500,
  /** Every 500 ms for the first 15 s (one shared read a round), then less and less often. */
  steadyPollMs: 15_000,
  maxPollMs: 10_000,
  /** Polls fall on a 500 ms grid, so purchases made within it share one read of the account. */
  pollAlignMs: 500,
} as const;

/** How to apply a plan; what is left out takes its value from APPLY_DEFAULTS. */
export interface ApplyOptions {
  /** Requests at once; the client's rate limit still applies. */
  parallelism?: number;
  /** How long to wait for a purchase made in this run to stop pending. */
  waitTimeoutMs?: number;
  /** Ctrl-C: nothing new starts once it aborts; requests in flight finish. */
  signal?: AbortSignal;
  timing?: Timing;
  onEvent?: (event: ApplyEvent) => void;
  /** Poll pacing of pending purchases. */
  firstPollMs?: number;
  steadyPollMs?: number;
  maxPollMs?: number;
  pollAlignMs?: number;
  /**
   * Release even while a purchase of this run is still pending when the wait ends (the plan's
   * `--release-while-pending`); otherwise those releases are held, as the plan holds them.
   */
  releaseWhilePending?: boolean;
}

/** A purchase of this run still pending when the wait ended: it holds the releases, fails nothing. */
class PurchaseUnconfirmed extends Error {
  readonly number: string;
  constructor(number: string) {
    super(`the purchase of ${number} is not confirmed`);
    this.number = number;
  }
}

const INTERRUPTED_MIDWAY = 'interrupted before it finished; run apply again to finish it';
const POSTED_THEN_INTERRUPTED =
  'interrupted after its purchase request was sent, before the answer: the outcome is unknown and it was not re-sent; `numform plan` shows whether the account has it';

/** The ids of a change's steps, in the order they run. */
function stepIds(change: PlannedChange): string[] {
  if (change.action === 'create') return [`post ${change.number}`, `settle ${change.number}`];
  return [`${change.action} ${change.number}`];
}

/**
 * Applies a plan as steps with prerequisites: every create's POST first; updates once those were
 * answered; releases only once every create and update succeeded, so a failure numform has not
 * understood never leads to a release. Waits for pending purchases overlap the rest of the work.
 *
 * The one exception is a release the plan marks `RELEASED_FIRST` (orderForLimits: room under the
 * plan type's limit on virtual numbers): it starts before every create and waits for nothing.
 * Only the creates marked `AFTER_RELEASE` wait for it, and are skipped if it fails; the other
 * releases wait for it as they wait for every create and update.
 */
export async function applyPlan(
  plan: Plan,
  api: NumbersApi,
  options: ApplyOptions = {},
): Promise<ApplyResult> {
  const timing = options.timing ?? realTiming;
  const signal = options.signal ?? new AbortController().signal;
  const emit = options.onEvent ?? (() => undefined);
  const limit = pLimit(options.parallelism ?? APPLY_DEFAULTS.parallelism);
  const result: ApplyResult = {
    completed: [],
    failed: [],
    skipped: [],
    pending: [],
    held: [],
    interrupted: false,
  };
  /** Purchases answered in this run, by change: what an interrupted wait still made. */
  const purchased = new Map<PlannedChange, CurrentNumber>();
  /** Creates whose POST was sent: Ctrl-C after that leaves the purchase's outcome unknown. */
  const posted = new Set<PlannedChange>();
  /** Releases held in this run because a purchase of this run is still pending. */
  const heldInRun = new Set<PlannedChange>();

  /** A call refused or a wait cut short by Ctrl-C: unfinished work, not a failure. */
  const isInterruption = (error: unknown): boolean =>
    signal.aborted && (error instanceof InterruptedError || error === signal.reason);

  /** One API call under the concurrency limit; refused once Ctrl-C was pressed. */
  const call = <T>(send: () => Promise<T>): Promise<T> =>
    limit(() => {
      if (signal.aborted) throw new InterruptedError();
      return send();
    });

  // One page of the newest numbers answers for every purchase polled at about the same time.
  const poller = new PurchasePoller(api, call);

  const startedAt = new Map<PlannedChange, number>();
  const begin = (change: PlannedChange): void => {
    startedAt.set(change, timing.now());
    emit({ kind: 'started', change });
  };
  const finish = (
    change: PlannedChange,
    id: string,
    extra: { how?: CompletedHow; status?: string } = {},
  ): void => {
    result.completed.push({ change, id });
    emit({ kind: 'completed', change, id, ...extra, elapsedMs: timing.now() - startedAt.get(change)! });
  };
  /** The status worth saying beside a completed purchase: anything but `active`. */
  const unusual = (n: CurrentNumber): { status?: string } =>
    n.status === 'active' ? {} : { status: n.status };

  /** Sends the changed fields, each through the request that writes it; the last answer wins. */
  const write = async (
    id: string,
    change: CreateChange | UpdateChange,
    requests: readonly WriteRequest[],
  ): Promise<CurrentNumber | undefined> => {
    let answer: CurrentNumber | undefined;
    for (const request of requests) {
      answer = await call(() => {
        if (request === 'number') return api.updateNumber(id, fieldsWrittenBy(change.after, 'number'));
        if (request === 'metadata') return api.updateMetadata(id, fieldsWrittenBy(change.after, 'metadata'));
        return api.updateFlowIds(id, {
          callFlowId: change.after.callFlowId,
          messageFlowId: change.after.messageFlowId,
        });
      });
    }
    return answer;
  };

  const isReleasedFirst = (c: PlannedChange): boolean =>
    c.action === 'delete' && c.reason?.code === 'RELEASED_FIRST';
  const posts = plan.changes.filter((c) => c.action === 'create').map((c) => stepIds(c)[0]!);
  const beforeReleases = plan.changes
    .filter((c) => c.action !== 'delete' || isReleasedFirst(c))
    .flatMap(stepIds);

  const createSteps = (change: CreateChange): Step[] => {
    let bought: CurrentNumber;
    let adopted = false;
    const [post, settle] = stepIds(change) as [string, string];
    // The releases that make room for this create under the limit on virtual numbers.
    const room = change.reason?.code === 'AFTER_RELEASE' ? (change.reason.after ?? []) : [];
    return [
      {
        id: post,
        needs: room.map((number) => `delete ${number}`),
        waitsFor: [],
        blocked: (unfinished) =>
          unfinished.some((o) => o.status === 'failed' && !isInterruption(o.error))
            ? `not created: the release of ${room.join(', ')}, which makes room for it, did not succeed`
            : 'not started: interrupted',
        run: async () => {
          begin(change);
          const created = await call(() =>
            api.createNumber(
              { number: change.number, type: change.type, ...fieldsWrittenBy(change.after, 'number') },
              // Not before: a POST still waiting for a connection or a token when Ctrl-C comes is
              // never sent, and its number is not started, not of unknown outcome.
              { onSent: () => posted.add(change) },
            ),
          );
          ({ number: bought, adopted } = created);
          purchased.set(change, bought);
          // An adopted number was bought by an earlier, ambiguous request: make all its fields ours.
          const requests: WriteRequest[] = adopted ? ['number'] : [];
          if (bought.rtpDebug !== change.after.rtpDebug) requests.push('metadata');
          bought = (await write(bought.id, change, requests)) ?? bought;
          purchased.set(change, bought);
          checkNotFailed(bought);
          // Bought and not pending: done, whatever happens next (Ctrl-C included).
          if (!isPendingStatus(bought.status)) finish(change, bought.id, { ...how(), ...unusual(bought) });
        },
      },
      {
        id: settle,
        needs: [post],
        waitsFor: [],
        blocked: () => 'the purchase request did not succeed',
        run: async () => {
          if (!isPendingStatus(bought.status)) return;
          emit({ kind: 'purchase-pending', change, id: bought.id, status: bought.status, ...how() });
          const waited = await waitForPurchase(api, bought, {
            timeoutMs: options.waitTimeoutMs ?? APPLY_DEFAULTS.waitTimeoutMs,
            firstPollMs: options.firstPollMs ?? APPLY_DEFAULTS.firstPollMs,
            steadyMs: options.steadyPollMs ?? APPLY_DEFAULTS.steadyPollMs,
            maxPollMs: options.maxPollMs ?? APPLY_DEFAULTS.maxPollMs,
            alignMs: options.pollAlignMs ?? APPLY_DEFAULTS.pollAlignMs,
            timing,
            signal,
            call,
            poll: poller.poll,
          });
          purchased.set(change, waited.number);
          if (waited.settled)
            return finish(change, waited.number.id, { ...how(), ...unusual(waited.number) });
          const { id, status } = waited.number;
          result.pending.push({ change, id, status });
          emit({ kind: 'still-pending', change, id, status, waitedMs: waited.waitedMs });
          if (!options.releaseWhilePending) throw new PurchaseUnconfirmed(change.number);
        },
      },
    ];

    function how(): { how?: 'adopted' } {
      return adopted ? { how: 'adopted' } : {};
    }
  };

  const updateStep = (change: UpdateChange): Step => ({
    id: stepIds(change)[0]!,
    needs: [],
    waitsFor: posts,
    blocked: () => 'not started',
    run: async () => {
      begin(change);
      // VoIPBIN accepts changes to a number whose purchase is pending: nothing to wait for.
      await write(change.id, change, requestsFor(change.changed));
      finish(change, change.id);
    },
  });

  const releaseStep = (change: DeleteChange): Step => ({
    id: stepIds(change)[0]!,
    needs: isReleasedFirst(change) ? [] : beforeReleases,
    waitsFor: [],
    blocked: (unfinished: readonly StepOutcome[]) => {
      const errors = unfinished.flatMap((o) => (o.status === 'failed' ? [o.error] : []));
      const unconfirmed = errors.flatMap((e) => (e instanceof PurchaseUnconfirmed ? [e.number] : []));
      const failed = errors.filter((e) => !isInterruption(e) && !(e instanceof PurchaseUnconfirmed)).length;
      if (failed > 0) return `release skipped because ${countNoun(failed, 'earlier change')} failed`;
      if (unconfirmed.length === 0 || signal.aborted) return 'not started: interrupted';
      heldInRun.add(change);
      unconfirmed.sort(compareText);
      return `held: the ${pluralize(unconfirmed.length, 'purchase')} of ${unconfirmed.join(', ')} ${unconfirmed.length === 1 ? 'is' : 'are'} still pending at the carrier; --release-while-pending releases anyway`;
    },
    run: async () => {
      begin(change);
      const outcome = await call(() => api.deleteNumber(change.id));
      finish(change, change.id, outcome === 'already-gone' ? { how: 'already-gone' } : {});
    },
  });

  const changeOf = new Map<string, PlannedChange>();
  // Releases first start first: their requests are queued before any create's.
  const ordered = [
    ...plan.changes.filter(isReleasedFirst),
    ...plan.changes.filter((c) => !isReleasedFirst(c)),
  ];
  const steps = ordered.flatMap((change): Step[] => {
    if (change.reason?.code === 'HELD') {
      result.held.push({ change, reason: change.reason.message });
      emit({ kind: 'held', change, reason: change.reason.message });
      return [];
    }
    const made =
      change.action === 'create'
        ? createSteps(change)
        : [change.action === 'update' ? updateStep(change) : releaseStep(change)];
    for (const step of made) changeOf.set(step.id, change);
    return made;
  });

  // A change ends with its first step that does not end done; later steps only repeat it.
  const ended = new Set<PlannedChange>();
  await runSteps(steps, signal, (step, outcome) => {
    const change = changeOf.get(step.id)!;
    const completed = result.completed.some((c) => c.change === change);
    if (outcome.status === 'done' || completed || ended.has(change)) return;
    ended.add(change);
    if (outcome.status === 'skipped') {
      if (!heldInRun.has(change)) return skip(change, outcome.reason);
      result.held.push({ change, reason: outcome.reason });
      return emit({ kind: 'held', change, reason: outcome.reason });
    }
    // Recorded as pending when the wait ended; it holds the releases and fails nothing.
    if (outcome.error instanceof PurchaseUnconfirmed) return;
    if (isInterruption(outcome.error)) {
      const bought = purchased.get(change);
      if (bought === undefined)
        return skip(change, posted.has(change) ? POSTED_THEN_INTERRUPTED : INTERRUPTED_MIDWAY);
      result.pending.push({ change, id: bought.id, status: bought.status });
      return emit({
        kind: 'skipped',
        change,
        reason: `bought [id=${bought.id}]; stopped waiting for it to become active`,
      });
    }
    const e = toNumformError(outcome.error);
    result.failed.push({ change, code: e.code, message: e.message, hint: e.hint });
    emit({ kind: 'failed', change, code: e.code, message: e.message, hint: e.hint });
  });
  result.interrupted = signal.aborted;
  return result;

  function skip(change: PlannedChange, reason: string): void {
    result.skipped.push({ change, reason });
    emit({ kind: 'skipped', change, reason });
  }
}
