/**
 * `npm run demo`: the main job on the bundled simulator. It starts a simulated VoIPBIN account
 * (examples/seeds/demo.yaml), then runs the real CLI: plan, apply (with a purchase that stays
 * pending for a few seconds), and plan again, which finds nothing left to do.
 */
import { fileURLToPath } from 'node:url';
import { runCli } from '../src/cli/run.ts';
import { readSeedFile } from '../src/sim/seed.ts';
import { startSimulator } from '../src/sim/server.ts';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
const sim = await startSimulator({ seed: readSeedFile(here('./seeds/demo.yaml')), purchaseDelayMs: 4000 });
const env = { ...process.env, VOIPBIN_ENDPOINT: sim.url, VOIPBIN_ACCESSKEY: 'vb_simulator' };
const controller = new AbortController();
process.on('SIGINT', () => controller.abort());

async function numform(...args: string[]): Promise<number> {
  const command = `$ numform ${args.join(' ')}`;
  process.stdout.write(
    `\n${process.stdout.isTTY && !process.env.NO_COLOR ? `\x1b[1m${command}\x1b[0m` : command}\n\n`,
  );
  const code = await runCli(args, {
    stdout: process.stdout,
    stderr: process.stderr,
    env,
    cwd: process.cwd(),
    signal: controller.signal,
  });
  process.stdout.write(`\n(exit ${code})\n`);
  return code;
}

console.log(`Simulated VoIPBIN account at ${sim.url}`);
const config = 'examples/demo/numbers.yaml';
let failed = (await numform('validate', config)) !== 0;
failed ||= (await numform('plan', config)) !== 0;
failed ||= (await numform('apply', '--auto-approve', config)) !== 0;
failed ||= (await numform('plan', '--detailed-exitcode', config)) !== 0;
await sim.close();
process.exitCode = failed ? 1 : 0;
