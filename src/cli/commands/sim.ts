import { resolve } from 'node:path';
import { Command, Option, type CommandUnknownOpts } from '@commander-js/extra-typings';
import { parseDurationBetween, parseIntBetween, parseNumberBetween } from '../duration.ts';
import { readGlobalOptions, type CliContext } from '../context.ts';
import { readSeedFile } from '../../sim/seed.ts';
import { startSimulator } from '../../sim/server.ts';
import type { FaultKind } from '../../sim/faults.ts';

const HOUR_MS = 3_600_000;

/** `numform sim`: the local VoIPBIN simulator, for demos, tests and trying numform safely. */
export function createSimCommand(ctx: CliContext): CommandUnknownOpts {
  const { io } = ctx;
  return new Command('sim')
    .description('run a local VoIPBIN simulator on 127.0.0.1 (prints its endpoint URL first)')
    .option('--port <port>', 'port to listen on; 0 picks a free one', parseIntBetween(0, 65_535), 0)
    .option('--seed <file>', 'YAML or JSON file with the flows and numbers to start with')
    .option('--data <file>', 'persist the account in this file so that separate commands share it')
    .addOption(
      new Option('--purchase-delay <duration>', 'how long normal-number purchases stay pending')
        .argParser(parseDurationBetween(0, HOUR_MS))
        .default(0, '0s'),
    )
    .addOption(
      new Option('--pending-status <spelling>', 'how pending purchases are spelled')
        .choices(['purchase-pending', 'purchase_pending'] as const)
        .default('purchase-pending' as const),
    )
    .option(
      '--virtual-limit <n>',
      'virtual-number plan limit (0 = unlimited; the free plan has 5)',
      parseIntBetween(0, 1_000_000),
    )
    .option('--unverified', 'the customer has not verified its identity (normal purchases fail)')
    .addOption(
      new Option('--timestamps <style>', 'timestamp form')
        .choices(['rfc3339', 'legacy'] as const)
        .default('rfc3339' as const),
    )
    .option(
      '--limit-rps <n>',
      'per-customer requests per second (0 turns the limit off)',
      parseNumberBetween(0, 1000),
      17,
    )
    .option('--limit-burst <n>', 'per-customer burst', parseIntBetween(1, 10_000), 33)
    .addOption(
      new Option('--latency <duration>', 'added to every answer')
        .argParser(parseDurationBetween(0, 10 * 60_000))
        .default(0, '0ms'),
    )
    .option('--fault-rate <rate>', 'probability (0..1) of a fault per request', parseNumberBetween(0, 1), 0)
    .option('--fault-seed <n>', 'seed of the fault generator', parseIntBetween(0, 2 ** 32 - 1), 1)
    .option(
      '--faults <kinds>',
      'comma-separated fault kinds: 503, reset (after the work), reset-before, slow, echo, proxy-html',
      '503,reset',
    )
    .action(async (opts, cmd) => {
      const globals = readGlobalOptions(cmd);
      const sim = await startSimulator({
        port: opts.port,
        accessKey: globals.accesskey ?? io.env.VOIPBIN_ACCESSKEY ?? 'vb_simulator',
        ...(opts.seed !== undefined && { seed: readSeedFile(resolve(io.cwd, opts.seed)) }),
        ...(opts.data !== undefined && { dataFile: resolve(io.cwd, opts.data) }),
        purchaseDelayMs: opts.purchaseDelay,
        pendingStatus: opts.pendingStatus,
        ...(opts.virtualLimit !== undefined && { virtualLimit: opts.virtualLimit }),
        ...(opts.unverified && { identityVerified: false }),
        timestampStyle: opts.timestamps,
        rateLimit: { perSecond: opts.limitRps, burst: opts.limitBurst },
        latencyMs: opts.latency,
        faults: {
          rate: opts.faultRate,
          seed: opts.faultSeed,
          kinds: opts.faults.split(',').map((k) => k.trim()) as FaultKind[],
        },
      });
      sim.persist();
      io.stdout.write(`${sim.url}\n`);
      io.stderr.write('VoIPBIN simulator ready. Press Ctrl-C to stop.\n');
      await new Promise<void>((resolve) => {
        if (io.signal.aborted) resolve();
        io.signal.addEventListener('abort', () => resolve(), { once: true });
      });
      await sim.close();
    });
}
