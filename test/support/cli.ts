import type { Timing } from '../../src/clock/timing.ts';
import { runCli } from '../../src/cli/run.ts';

/** What a CLI run printed and returned. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Options of an in-process CLI run. */
export interface RunOptions {
  env?: Record<string, string | undefined>;
  cwd?: string;
  /** Lines typed at prompts; undefined means "no terminal". */
  answers?: string[];
  signal?: AbortSignal;
  /** The clock the run waits with (retry back-off, purchase waits); real time when absent. */
  timing?: Timing;
  /** Called with each stderr chunk as it is written (to react to progress). */
  onStderr?: (text: string) => void;
}

/** Runs the real CLI in-process with captured streams and no terminal. */
export async function runNumform(args: string[], options: RunOptions = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const answers = options.answers ? [...options.answers] : undefined;
  const code = await runCli(args, {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: {
      write: (s: string) => {
        stderr += s;
        options.onStderr?.(s);
      },
    },
    env: { NO_COLOR: '1', ...options.env },
    cwd: options.cwd ?? process.cwd(),
    signal: options.signal ?? new AbortController().signal,
    ...(options.timing && { timing: options.timing }),
    ...(answers && { readLine: () => Promise.resolve(answers.shift()) }),
  });
  return { code, stdout, stderr };
}
