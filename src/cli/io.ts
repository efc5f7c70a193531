import type { Timing } from '../clock/timing.ts';

/** A place text goes: stdout or stderr, or a buffer in tests. */
export interface TextSink {
  write(text: string): unknown;
  isTTY?: boolean;
}

/** Everything the CLI takes from its process: streams, environment, terminal facts, Ctrl-C. */
export interface CliIO {
  stdout: TextSink;
  stderr: TextSink;
  /** Reads one line typed by the user, or undefined when there is no terminal to ask. */
  readLine?: (prompt: string) => Promise<string | undefined>;
  env: Record<string, string | undefined>;
  cwd: string;
  /** Aborted on Ctrl-C. */
  signal: AbortSignal;
  /** The clock waits and heartbeats use (real time when absent). */
  timing?: Timing;
}
