#!/usr/bin/env node
import { setMaxListeners } from 'node:events';
import { createInterface } from 'node:readline/promises';
import { exitCodeForSignal } from './exit-code.ts';
import { StopRequest, type StopSignal } from './io.ts';
import { runCli } from './run.ts';
import packageJson from '../../package.json' with { type: 'json' };

/** The bin entry: wires the real process into runCli and is the one place that exits. */
const controller = new AbortController();
// Every wait of the run listens to this one signal: up to --parallelism (100) requests waiting for
// a connection at once, each retry's back-off. Past 10 Node would warn of a leak on stderr.
setMaxListeners(0, controller.signal);

/**
 * Ctrl-C or SIGTERM: the first one stops starting new work and lets what is in flight finish (so
 * the summary can say what was done); a second one leaves at once.
 */
function stop(stopSignal: StopSignal): void {
  if (controller.signal.aborted) process.exit(exitCodeForSignal(stopSignal));
  const what = stopSignal === 'SIGTERM' ? 'Termination requested' : 'Interrupt received';
  process.stderr.write(`\n${what}: finishing requests in flight, starting nothing new...\n`);
  controller.abort(new StopRequest(stopSignal));
}
process.on('SIGINT', () => stop('SIGINT'));

// A reader that stops early (`numform export | head`) closes the pipe: what is left to print is
// dropped and the command still finishes as it would have (an apply is not cut short because
// whoever read its output went away), leaving with its own exit code rather than a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE' && error.code !== 'ERR_STREAM_DESTROYED') throw error;
  });
}
process.on('SIGTERM', () => stop('SIGTERM'));

/**
 * One line from the terminal. On a terminal readline reads keys itself, so Ctrl-C arrives here as
 * its 'SIGINT' event rather than as a process signal; Ctrl-D closes it (end of input).
 */
async function readLine(prompt: string): Promise<string | undefined> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  rl.on('SIGINT', () => stop('SIGINT'));
  try {
    return await new Promise<string | undefined>((resolve) => {
      rl.once('close', () => resolve(undefined));
      // Rejected on Ctrl-D, or once the signal aborts: either way no line came.
      rl.question(prompt, { signal: controller.signal }).then(resolve, () => resolve(undefined));
    });
  } finally {
    rl.close();
  }
}

// Should the event loop empty while the command still waits (a request that neither answers nor
// fails, whose deadline timer does not hold the process open), Node would leave with exit code 0,
// which a drift job would read as "no drift": that is a bug, said as one.
let finished = false;
process.on('beforeExit', () => {
  if (finished) return;
  process.stderr.write(
    'Error: numform stopped before the command finished: a request neither answered nor failed.\n' +
      `Hint: This is a bug in numform; please report it at ${packageJson.bugs.url} with the command you ran.\n`,
  );
  process.exit(1);
});

const code = await runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd(),
  signal: controller.signal,
  ...(process.stdin.isTTY && { readLine }),
});
finished = true;
process.exitCode = code;
leaveWhenWritten(code);

/**
 * Leaves even if a socket or timer lingers, but only once everything written has been handed to
 * the terminal, file or pipe: `process.exit` does not wait for a pipe to drain, so the end of
 * `numform export | tee numbers.yaml` would be lost while the exit code still said success. An
 * empty write's callback runs once every write before it is done.
 */
function leaveWhenWritten(exitCode: number): void {
  let waiting = 2;
  const done = (): void => {
    if (--waiting === 0) process.exit(exitCode);
  };
  for (const stream of [process.stdout, process.stderr]) {
    if (stream.writable) stream.write('', done);
    else done();
  }
}
