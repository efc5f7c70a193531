#!/usr/bin/env node
import { createInterface } from 'node:readline/promises';
import { runCli } from './run.ts';

/** The bin entry: wires the real process into runCli and is the one place that exits. */
const controller = new AbortController();
let interrupts = 0;
process.on('SIGINT', () => {
  interrupts++;
  if (interrupts > 1) process.exit(130);
  process.stderr.write('\nInterrupt received: finishing requests in flight, starting nothing new...\n');
  controller.abort(new Error('interrupted'));
});

const code = await runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd(),
  signal: controller.signal,
  readLine: async (prompt) => {
    if (!process.stdin.isTTY) return undefined;
    const rl = createInterface({ input: process.stdin, output: process.stderr });
    try {
      return await rl.question(prompt);
    } finally {
      rl.close();
    }
  },
});
process.exitCode = code;
// Let stdout drain, then leave even if a socket or timer lingers.
setImmediate(() => process.exit(code));
