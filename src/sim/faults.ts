/**
 * A kind of injected failure: a 503 before the work; a connection reset after the work (`reset`)
 * or before it (`reset-before`); a slow answer; or a misbehaving gateway that quotes the request's
 * credentials back, in a JSON 400 (`echo`) or in an HTML 502 page (`proxy-html`), so tests can
 * prove that numform never prints a key it is handed back.
 */
export type FaultKind = '503' | 'reset' | 'reset-before' | 'slow' | 'echo' | 'proxy-html';

/** Random faults: each API request fails with probability `rate`, reproducibly from `seed`. */
export interface RandomFaults {
  rate: number;
  seed: number;
  kinds: FaultKind[];
  /** Only requests with these methods (default: all). */
  methods?: string[];
  /** Delay of a `slow` fault (default 2000 ms). */
  slowMs?: number;
}

/** A fault scripted by a test: the next `times` matching requests fail this way. */
export interface ScriptedFault {
  kind: FaultKind;
  method?: string;
  /** A path prefix under /v1.0, for example `/numbers`. */
  path?: string;
  times?: number;
  slowMs?: number;
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
  pick(method: string, path: string): { kind: FaultKind; slowMs: number } | undefined {
    const scripted = this.scripted.find(
      (f) => f.left > 0 && (!f.method || f.method === method) && (!f.path || path.startsWith(f.path)),
    );
    if (scripted) {
      scripted.left--;
      return { kind: scripted.kind, slowMs: scripted.slowMs ?? 2000 };
    }
    const rf = this.randomFaults;
    if (!rf || !this.random || (rf.methods && !rf.methods.includes(method))) return undefined;
    if (this.random() >= rf.rate) return undefined;
    const kind = rf.kinds[Math.floor(this.random() * rf.kinds.length)] ?? '503';
    return { kind, slowMs: rf.slowMs ?? 2000 };
  }
}
