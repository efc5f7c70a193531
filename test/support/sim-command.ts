import { runCli } from '../../src/cli/run.ts';

/** A `numform sim` running in-process until `stop`. */
export interface SimCommand {
  /** The endpoint it printed first. */
  url: string;
  /** What it has written to stderr so far. */
  stderr: () => string;
  /** Aborts it and resolves with its exit code. */
  stop: () => Promise<number>;
}

/** Runs `numform sim ARGS` in-process and resolves once it has printed its endpoint. */
export async function startSimCommand(args: string[], env: Record<string, string> = {}): Promise<SimCommand> {
  const controller = new AbortController();
  let resolveUrl: (url: string) => void = () => undefined;
  const urlPromise = new Promise<string>((r) => (resolveUrl = r));
  let stdout = '';
  let stderr = '';
  const done = runCli(['sim', ...args], {
    stdout: {
      write: (s: string) => {
        stdout += s;
        if (stdout.includes('\n')) resolveUrl(stdout.split('\n')[0]!);
      },
    },
    stderr: { write: (s: string) => (stderr += s) },
    env,
    cwd: process.cwd(),
    signal: controller.signal,
  });
  const url = await Promise.race([
    urlPromise,
    done.then((code) => Promise.reject(new Error(`sim exited ${code}`))),
  ]);
  return {
    url,
    stderr: () => stderr,
    stop: async () => {
      controller.abort();
      return done;
    },
  };
}
