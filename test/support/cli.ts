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
  /**
   * Lines typed at prompts; undefined means "no terminal". A function is called when its prompt
   * comes, to change the world while the user reads the plan.
   */
  answers?: (string | (() => string | Promise<string>))[];
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
    ...(answers && {
      readLine: () => {
        const answer = answers.shift();
        return Promise.resolve(typeof answer === 'function' ? answer() : answer);
      },
    }),
  });
  return { code, stdout, stderr };
}
