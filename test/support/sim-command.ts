import { runCli } from '../../src/cli/run.ts';

/** A `numform sim` running in-process until `stop`. */
export interface SimCommand {
  /** The endpoint it printed first. */
  url: string;
  /** Aborts it and resolves with its exit code. */
  stop: () => Promise<number>;
}

/** Runs `numform sim ARGS` in-process and resolves once it has printed its endpoint. */
export async function startSimCommand(args: string[]): Promise<SimCommand> {
  const controller = new AbortController();
  let resolveUrl: (url: string) => void = () => undefined;
  const urlPromise = new Promise<string>((r) => (resolveUrl = r));
  let stdout = '';
  const done = runCli(['sim', ...args], {
    stdout: {
      write: (s: string) => {
        stdout += s;
        if (stdout.includes('\n')) resolveUrl(stdout.split('\n')[0]!);
      },
    },
    stderr: { write: () => true },
    env: {},
    cwd: process.cwd(),
    signal: controller.signal,
  });
  const url = await Promise.race([
    urlPromise,
    done.then((code) => Promise.reject(new Error(`sim exited ${code}`))),
  ]);
  return {
    url,
    stop: async () => {
      controller.abort();
      return done;
    },
  };
}
