import type { Timing } from '../clock/timing.ts';
import { InterruptedError } from '../errors/numform-error.ts';

/** A place text goes: stdout or stderr, or a buffer in tests. */
export interface TextSink {
  write(text: string): unknown;
  isTTY?: boolean;
}

/** The signals that stop numform gracefully: Ctrl-C, and what CI runners send on cancel. */
export type StopSignal = 'SIGINT' | 'SIGTERM';

/**
 * The reason `CliIO.signal` is aborted with: which signal asked numform to stop. An
 * InterruptedError, so a wait cut short by it ends as an interruption, never as a bug.
 */
export class StopRequest extends InterruptedError {
  readonly stopSignal: StopSignal;

  constructor(stopSignal: StopSignal) {
    super(stopSignal === 'SIGTERM' ? 'Terminated.' : 'Interrupted.');
    this.stopSignal = stopSignal;
  }
}

/** Which signal aborted `signal`: the StopRequest's, or Ctrl-C for any other reason. */
export function stopSignalOf(signal: AbortSignal): StopSignal | undefined {
  if (!signal.aborted) return undefined;
  return signal.reason instanceof StopRequest ? signal.reason.stopSignal : 'SIGINT';
}

/** Everything the CLI takes from its process: streams, environment, terminal facts, signals. */
export interface CliIO {
  stdout: TextSink;
  stderr: TextSink;
  /**
   * Reads one line typed by the user; absent when there is no terminal to ask. Resolves
   * `undefined` at the end of input (Ctrl-D). Ctrl-C aborts `signal` instead; the caller stops
   * waiting for the line then, so this promise may stay unsettled.
   */
  readLine?: (prompt: string) => Promise<string | undefined>;
  env: Record<string, string | undefined>;
  cwd: string;
  /** Aborted on Ctrl-C or SIGTERM, with a StopRequest saying which. */
  signal: AbortSignal;
  /** The clock waits and heartbeats use (real time when absent). */
  timing?: Timing;
}
