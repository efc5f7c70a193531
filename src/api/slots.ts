/**
 * At most `size` holders at once; the rest wait in arrival order. The transport holds one per
 * connection of its pool, so a request waits here, where a stop can still take it back, rather
 * than in the pool's queue, where it would leave whenever a connection frees up.
 */
export class Slots {
  private free: number;
  private readonly waiting: (() => void)[] = [];

  constructor(size: number) {
    this.free = Math.max(1, size);
  }

  /**
   * Resolves with the function that gives the slot back (once; later calls do nothing). `signal`
   * ends a wait, rejecting with its reason; a free slot is given even after it aborted, as the
   * rate limiter gives a token, so the follow-up of a request under way (the lookup that settles a
   * purchase whose answer was lost) still goes out after a stop.
   */
  async take(signal?: AbortSignal): Promise<() => void> {
    if (this.free > 0) {
      this.free--;
      return this.giveBack();
    }
    signal?.throwIfAborted();
    await new Promise<void>((resolve, reject) => {
      const grant = (): void => {
        signal?.removeEventListener('abort', stop);
        resolve();
      };
      const stop = (): void => {
        this.waiting.splice(this.waiting.indexOf(grant), 1);
        reject(signal!.reason as Error);
      };
      this.waiting.push(grant);
      signal?.addEventListener('abort', stop, { once: true });
    });
    return this.giveBack();
  }

  private giveBack(): () => void {
    let given = false;
    return () => {
      if (given) return;
      given = true;
      // Handed straight to the next in line, so a newcomer cannot take it first.
      const next = this.waiting.shift();
      if (next) next();
      else this.free++;
    };
  }
}
