import { realTiming, type Timing } from '../clock/timing.ts';

/**
 * VoIPBIN's per-customer limit, shared by every key and login of the customer: a GCRA of 16.7
 * requests/s (documented as 17), burst 33.
 */
export const VOIPBIN_CUSTOMER_LIMIT = { perSecond: 16.7, burst: 33 } as const;

/**
 * The client's pace: the server's own. Pacing at the rounded 17/s would overrun the real bucket by
 * 0.3 requests a second, so a lone long run would meet a 429 every few seconds once its burst was
 * spent.
 */
export const DEFAULT_RATE_PER_SECOND = VOIPBIN_CUSTOMER_LIMIT.perSecond;

/**
 * The client's burst at a rate: as many seconds' worth as the server's burst, less one request
 * (32 at the default rate). The server counts requests as they arrive; the client, as it sends
 * them. Tokens plus requests not yet answered stay within the burst (see `unanswered`), which
 * keeps the client from counting refills the server could not store; the spare token absorbs
 * what is left (a request written late by a busy event loop, then one on time). Checked with lone
 * runs three and five at a time on two cores, connections opened up to 600 ms late, packets
 * delayed up to 300 ms, the network paused for seconds and answers slowed to seconds: no 429.
 */
const SPARE_TOKENS = 1;

export function burstFor(perSecond: number): number {
  const { perSecond: rate, burst } = VOIPBIN_CUSTOMER_LIMIT;
  // The epsilon keeps 16.7 × 33 / 16.7 from rounding down to 32.999….
  return Math.max(1, Math.floor((perSecond * burst) / rate + 1e-9) - SPARE_TOKENS);
}

/**
 * What `acquire` hands out; given back with a 429 so that one burst of refusals slows down once,
 * and when the request is answered or fails (`answered`, `failed`).
 */
export interface RateTicket {
  readonly epoch: number;
  /** The order tokens were handed out in. */
  readonly serial: number;
}

/**
 * How long a request counts as unanswered at most (see `unanswered`), and a timed-out one after it
 * failed, unless the requests' deadline is longer: a caller that never reports its requests' end
 * is slowed, not stopped, and a pause of the network rarely outlasts it.
 */
const MIN_LAPSE_MS = 30_000;

/** A request not yet answered: since when it counts, and what would prove it arrived. */
interface Unanswered {
  since: number;
  /**
   * Set once the request failed without an answer but may still be on its way (it timed out):
   * the serial of the first token handed out after that. An answer to that request or a later
   * one shows the network carries requests again, sent after this one's bytes.
   */
  provenBy?: number;
}

/** The reason a wait for a token is cut short by an answer (see `waitForTokenOrAnswer`). */
const ANSWERED = Symbol('answered');

/** How far a 429 cuts the rate, and the lowest rate it can fall to (as a share of the ceiling). */
const DECREASE = 0.5;
const FLOOR_SHARE = 1 / 16;
/**
 * Requests/s regained per second without a 429, as a share of the ceiling: from half the rate
 * back to all of it in 20 s. Slower than that, a lone run is slow to recover after another job
 * ends; faster, two jobs on one account collide again every few seconds.
 */
const RECOVERY_SHARE_PER_SECOND = 1 / 40;

/**
 * A token bucket that keeps the client under the API's per-customer limit, and adapts when the
 * account's budget is shared: a 429 halves the rate, drains the local burst and pauses every
 * queued request for the answer's Retry-After; the rate then climbs back linearly to its ceiling
 * (AIMD, as TCP shares a link). The burst shrinks with the rate, so two jobs at half the rate
 * burst no more together than the server allows. Tokens plus the requests not yet answered stay
 * within the burst, so refills the server could not store are never spent. `acquire` resolves
 * when a request may be sent; callers queue in arrival order. At 0 requests/s the bucket is off,
 * and only a Retry-After pauses the queue.
 */
export class RateLimiter {
  private readonly ceiling: number;
  private readonly burst: number;
  private readonly timing: Timing;
  private readonly off: boolean;

  private tokens: number;
  private last: number;
  private queue: Promise<void> = Promise.resolve();
  /** The rate after the last decrease, and when that was: the rate climbs from there. */
  private base: number;
  private decreasedAt: number;
  /** Bumped by each decrease: a 429 to a request granted before it slows nothing further. */
  private epoch = 0;
  private pausedUntil = -Infinity;
  private issued = 0;
  /**
   * Requests sent that may not have reached the server yet, by serial, in the order they lapse.
   * The server's bucket stops at its burst however long it waits for requests on their way, so
   * tokens plus these stay within the client's burst: counted from the send, refills the server
   * never stored would be spent once held requests land (at the start of a run, behind new
   * connections' handshakes; mid-run, behind a network pause). Refills are brought up to date
   * before the count changes, so each stretch is capped by its own count.
   */
  private readonly unanswered = new Map<number, Unanswered>();
  private readonly lapseMs: number;
  /** The wait in `takeToken`, if any: an answer makes room, so it wakes it. */
  private wakeOnAnswer: AbortController | undefined;

  /** `deadlineMs`: how long the transport lets a request take, if longer than MIN_LAPSE_MS. */
  constructor(perSecond: number, burst: number, timing: Timing = realTiming, deadlineMs = 0) {
    this.lapseMs = Math.max(MIN_LAPSE_MS, deadlineMs);
    this.off = !Number.isFinite(perSecond) || perSecond <= 0;
    this.ceiling = this.off ? 0 : perSecond;
    this.burst = Math.max(1, burst);
    this.timing = timing;
    this.tokens = this.burst;
    this.last = timing.now();
    this.base = this.ceiling;
    this.decreasedAt = this.last;
  }

  /** The rate requests are sent at now (0 when the limiter is off). */
  get rate(): number {
    return this.rateAt(this.timing.now());
  }

  /**
   * Waits for one token (and for any pause a 429 asked for). Calls are served first come, first
   * served; `signal` ends the wait, rejecting with its reason.
   */
  acquire(signal?: AbortSignal): Promise<RateTicket> {
    const turn = this.queue.then(() => this.takeToken(signal));
    this.queue = turn.then(
      () => undefined,
      () => undefined,
    );
    return turn;
  }

  /**
   * The server has begun to answer the request sent with `ticket`: it has arrived, and so, most
   * likely, have the timed-out requests sent before it (see `Unanswered.provenBy`). Said more
   * than once for one request, only the first counts.
   */
  answered(ticket: RateTicket): void {
    if (!this.unanswered.has(ticket.serial)) return;
    this.refill(this.timing.now());
    this.unanswered.delete(ticket.serial);
    for (const [serial, request] of this.unanswered) {
      if (request.provenBy !== undefined && request.provenBy <= ticket.serial) this.unanswered.delete(serial);
    }
    this.wakeOnAnswer?.abort(ANSWERED);
  }

  /**
   * The request sent with `ticket` ended without an answer. Refused or reset, it will not reach the
   * server later, and stops counting; timed out (`mayStillArrive`), it may be held somewhere on
   * its way, and counts until a request sent after it is answered, or for `lapseMs` more.
   */
  failed(ticket: RateTicket, { mayStillArrive }: { mayStillArrive: boolean }): void {
    if (!this.unanswered.has(ticket.serial)) return;
    const now = this.timing.now();
    this.refill(now);
    this.unanswered.delete(ticket.serial);
    // Set again, so the map stays in the order its requests lapse.
    if (mayStillArrive) this.unanswered.set(ticket.serial, { since: now, provenBy: this.issued });
    else this.wakeOnAnswer?.abort(ANSWERED);
  }

  /**
   * The server answered 429 to a request sent with `ticket`. Every queued request waits out
   * `retryAfterMs`; the first 429 of a burst also halves the rate and drains the bucket.
   */
  reportRateLimited(ticket: RateTicket, retryAfterMs?: number): void {
    const now = this.timing.now();
    if (retryAfterMs !== undefined) this.pausedUntil = Math.max(this.pausedUntil, now + retryAfterMs);
    if (this.off || ticket.epoch !== this.epoch) return;
    this.epoch++;
    this.base = Math.max(this.ceiling * FLOOR_SHARE, this.rateAt(now) * DECREASE);
    this.decreasedAt = now;
    this.tokens = 0;
    this.last = now;
  }

  private rateAt(now: number): number {
    const regained = ((now - this.decreasedAt) / 1000) * this.ceiling * RECOVERY_SHARE_PER_SECOND;
    return Math.min(this.ceiling, this.base + Math.max(0, regained));
  }

  private async takeToken(signal: AbortSignal | undefined): Promise<RateTicket> {
    for (;;) {
      const now = this.timing.now();
      if (now < this.pausedUntil) {
        await this.timing.sleep(Math.ceil(this.pausedUntil - now), signal);
        continue;
      }
      if (this.off) return { epoch: this.epoch, serial: this.issued++ };
      this.refill(now);
      if (this.tokens >= 1) {
        this.tokens -= 1;
        this.unanswered.set(this.issued, { since: now });
        return { epoch: this.epoch, serial: this.issued++ };
      }
      await this.waitForTokenOrAnswer(this.msToNextToken(now), signal);
    }
  }

  /** Adds the refills up to `now`, letting go on the way of requests that lapsed. */
  private refill(now: number): void {
    for (const [serial, request] of this.unanswered) {
      const expiry = request.since + this.lapseMs;
      if (expiry > now) break;
      this.refillUntil(expiry);
      this.unanswered.delete(serial);
    }
    this.refillUntil(now);
  }

  /** Refills at the rate of the interval's start, within the room the unanswered requests leave. */
  private refillUntil(now: number): void {
    if (now <= this.last) return;
    const added = ((now - this.last) / 1000) * this.rateAt(this.last);
    this.tokens = Math.min(this.roomAt(now), this.tokens + added);
    this.last = now;
  }

  /** The tokens the bucket may hold at `now`: the burst of the rate, less the unanswered requests. */
  private roomAt(now: number): number {
    // Rate over ceiling first: at the full rate that is exactly 1, and the room exactly the burst
    // (31 × 16.7 / 16.7 is 30.999…, which made the last token of a burst wait a millisecond).
    const burst = Math.max(1, this.burst * (this.rateAt(now) / this.ceiling));
    return Math.max(0, burst - this.unanswered.size);
  }

  /** How long until a token refills, or, with no room for one, until the first request lapses. */
  private msToNextToken(now: number): number {
    if (this.roomAt(now) >= 1) return Math.ceil(((1 - this.tokens) / this.rateAt(now)) * 1000);
    const oldest = this.unanswered.values().next().value?.since ?? now;
    return Math.max(1, Math.ceil(oldest + this.lapseMs - now));
  }

  /** Sleeps `ms`, or less if an answer makes room first; rejects when `signal` aborts. */
  private async waitForTokenOrAnswer(ms: number, signal: AbortSignal | undefined): Promise<void> {
    const wake = new AbortController();
    const forward = (): void => wake.abort(signal?.reason);
    signal?.addEventListener('abort', forward, { once: true });
    if (signal?.aborted) forward();
    this.wakeOnAnswer = wake;
    try {
      await this.timing.sleep(ms, wake.signal);
    } catch (error) {
      if (error !== ANSWERED) throw error;
    } finally {
      signal?.removeEventListener('abort', forward);
      this.wakeOnAnswer = undefined;
    }
  }
}
