import { resolve } from 'node:path';
import { Command, InvalidArgumentError, Option, type CommandUnknownOpts } from '@commander-js/extra-typings';
import { parseDurationBetween, parseIntBetween, parseNumberBetween } from '../duration.ts';
import { readGlobalOptions, type CliContext } from '../context.ts';
import { readSeedFile } from '../../sim/seed.ts';
import { startSimulator } from '../../sim/server.ts';
import { FAULT_KINDS, type FaultKind } from '../../sim/faults.ts';
import type { PurchaseDelay } from '../../sim/account.ts';

const HOUR_MS = 3_600_000;

const parseDelay = parseDurationBetween(0, HOUR_MS);

/** A duration up to an hour, or `never`: the real server never settles a pending purchase. */
function parsePurchaseDelay(text: string): PurchaseDelay {
  return text === 'never' ? 'never' : parseDelay(text);
}

/** Any carrier status: the server passes through whatever the carrier said. */
function parseStatus(text: string): string {
  if (text.trim() === '') throw new InvalidArgumentError('expected a status, for example provision-pending.');
  return text.trim();
}

/** A comma-separated list of fault kinds, each one the simulator knows. */
function parseFaultKinds(text: string): FaultKind[] {
  const kinds = text.split(',').map((k) => k.trim());
  const unknown = kinds.filter((k) => !(FAULT_KINDS as readonly string[]).includes(k));
  if (unknown.length > 0) {
    throw new InvalidArgumentError(`unknown fault kind "${unknown[0]}"; expected ${FAULT_KINDS.join(', ')}.`);
  }
  return kinds as FaultKind[];
}

/** `numform sim`: the local VoIPBIN simulator, for demos, tests and trying numform safely. */
export function createSimCommand(ctx: CliContext): CommandUnknownOpts {
  const { io } = ctx;
  return new Command('sim')
    .description('run a local VoIPBIN simulator on 127.0.0.1 (prints its endpoint URL first)')
    .option('--port <port>', 'port to listen on; 0 picks a free one', parseIntBetween(0, 65_535), 0)
    .option('--seed <file>', 'YAML or JSON file with the flows and numbers to start with')
    .option('--data <file>', 'persist the account in this file so that separate commands share it')
    .addOption(
      new Option(
        '--purchase-delay <duration>',
        'how long normal-number purchases stay pending; never: they stay pending, as on the real server',
      )
        .argParser(parsePurchaseDelay)
        .default(0, '0s'),
    )
    .option(
      '--pending-status <status>',
      'the status of a pending purchase (purchase-pending, purchase_pending, provision-pending, ...)',
      parseStatus,
      'purchase-pending',
    )
    .option(
      '--purchase-status <status>',
      'the final status of normal purchases; without --purchase-delay the purchase answers it and keeps it (provision-pending, purchase-failed, suspended, ...)',
      parseStatus,
      'active',
    )
    .option(
      '--virtual-limit <n>',
      'virtual-number plan limit (0 = unlimited; the free plan has 5)',
      parseIntBetween(0, 1_000_000),
    )
    .option('--unverified', 'the customer has not verified its identity (normal purchases fail)')
    .addOption(
      new Option(
        '--timestamps <style>',
        "timestamp form: rfc3339 (the server's code) or legacy (the old docs' form, which the code no longer produces)",
      )
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
    .addOption(
      new Option(
        '--faults <kinds>',
        'comma-separated fault kinds: 503, reset (after the work), reset-before, slow, ' +
          'slow-purchase (POST /numbers answers 503 REQUEST_TIMEOUT but the purchase lands later), ' +
          '429 (with Retry-After), 429-bare (without), echo, proxy-html',
      )
        .argParser(parseFaultKinds)
        .default(['503', 'reset'] as FaultKind[], '503,reset'),
    )
    .option(
      '--fault-slow <duration>',
      'how long a slow answer takes (default 2s), and when a slow purchase gets its 503 (default 50ms; the real gateway: 15s)',
      parseDurationBetween(0, 10 * 60_000),
    )
    .option(
      '--fault-late <duration>',
      'how long after its 503 a slow purchase lands (default 100ms)',
      parseDurationBetween(0, 10 * 60_000),
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
        purchaseStatus: opts.purchaseStatus,
        ...(opts.virtualLimit !== undefined && { virtualLimit: opts.virtualLimit }),
        ...(opts.unverified && { identityVerified: false }),
        timestampStyle: opts.timestamps,
        rateLimit: { perSecond: opts.limitRps, burst: opts.limitBurst },
        latencyMs: opts.latency,
        faults: {
          rate: opts.faultRate,
          seed: opts.faultSeed,
          kinds: opts.faults,
          ...(opts.faultSlow !== undefined && { slowMs: opts.faultSlow }),
          ...(opts.faultLate !== undefined && { lateMs: opts.faultLate }),
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
