/**
 * The kinds of injected failure:
 * - `503`: the gateway refuses before any work;
 * - `reset` / `reset-before`: the connection drops after / before the work;
 * - `slow`: the answer comes `slowMs` late;
 * - `slow-purchase` (POST /numbers only: other requests pass it by): the gateway gives up after
 *   `slowMs` with 503 `REQUEST_TIMEOUT` while the purchase carries on and lands `lateMs` after
 *   that answer (the real gateway waits 15 s);
 * - `429`: the rate limiter refuses with `Retry-After: retryAfterS`; `429-bare`: a 429 relayed
 *   from an inner service, with no Retry-After and no details;
 * - `echo` / `proxy-html`: a misbehaving gateway quoting the request's credentials back, in a
 *   JSON 400 or an HTML 502 page, so tests can prove that numform never prints a key it is handed.
 */
export const FAULT_KINDS = [
  '503',
  'reset',
  'reset-before',
  'slow',
  'slow-purchase',
  '429',
  '429-bare',
  'echo',
  'proxy-html',
] as const;

/** One kind of injected failure (see FAULT_KINDS). */
export type FaultKind = (typeof FAULT_KINDS)[number];

/** How a fault plays out, with every delay filled in. */
export interface PickedFault {
  kind: FaultKind;
  /** `slow`: the delay of the answer; `slow-purchase`: when the gateway gives up. */
  slowMs: number;
  /** `slow-purchase`: how long after the 503 the number is stored. */
  lateMs: number;
  /** `429`: the Retry-After value, whole seconds. */
  retryAfterS: number;
}

/** The timings a fault may set; each has a default for its kind. */
interface FaultTimings {
  /** Delay of a `slow` fault (default 2000 ms) or of a `slow-purchase` 503 (default 50 ms). */
  slowMs?: number;
  /** How long after its 503 a `slow-purchase` lands (default 100 ms). */
  lateMs?: number;
  /** Retry-After of a `429` fault, whole seconds (default 1). */
  retryAfterS?: number;
}

/** Random faults: each API request fails with probability `rate`, reproducibly from `seed`. */
export interface RandomFaults extends FaultTimings {
  rate: number;
  seed: number;
  kinds: FaultKind[];
  /** Only requests with these methods (default: all). */
  methods?: string[];
}

/** A fault scripted by a test: the next `times` matching requests fail this way. */
export interface ScriptedFault extends FaultTimings {
  kind: FaultKind;
  method?: string;
  /** A path prefix under /v1.0, for example `/numbers`. */
  path?: string;
  times?: number;
}

/** Whether a fault of this kind can happen to this request. */
function appliesTo(kind: FaultKind, method: string, path: string): boolean {
  return kind !== 'slow-purchase' || (method === 'POST' && path === '/numbers');
}

function fillTimings(kind: FaultKind, timings: FaultTimings): PickedFault {
  return {
    kind,
    slowMs: timings.slowMs ?? (kind === 'slow-purchase' ? 50 : 2000),
    lateMs: timings.lateMs ?? 100,
    retryAfterS: timings.retryAfterS ?? 1,
  };
}

/** mulberry32: a tiny seeded PRNG, so fault runs can be replayed. */
export function createRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Decides, request by request, which fault (if any) to inject. */
export class FaultPlan {
  private readonly scripted: (ScriptedFault & { left: number })[] = [];
  private readonly random: (() => number) | undefined;
  private readonly randomFaults: RandomFaults | undefined;

  constructor(randomFaults?: RandomFaults) {
    this.randomFaults = randomFaults && randomFaults.rate > 0 ? randomFaults : undefined;
    this.random = this.randomFaults ? createRandom(this.randomFaults.seed) : undefined;
  }

  /** Adds a scripted fault; scripted faults come before random ones. */
  add(fault: ScriptedFault): void {
    this.scripted.push({ ...fault, left: fault.times ?? 1 });
  }

  /** The fault for this request, if any. `path` is relative to /v1.0. */
  pick(method: string, path: string): PickedFault | undefined {
    const scripted = this.scripted.find(
      (f) =>
        f.left > 0 &&
        (!f.method || f.method === method) &&
        (!f.path || path.startsWith(f.path)) &&
        appliesTo(f.kind, method, path),
    );
    if (scripted) {
      scripted.left--;
      return fillTimings(scripted.kind, scripted);
    }
    const rf = this.randomFaults;
    if (!rf || !this.random || (rf.methods && !rf.methods.includes(method))) return undefined;
    if (this.random() >= rf.rate) return undefined;
    const kind = rf.kinds[Math.floor(this.random() * rf.kinds.length)] ?? '503';
    return appliesTo(kind, method, path) ? fillTimings(kind, rf) : undefined;
  }
}
