import { resolve } from 'node:path';
import { Command, InvalidArgumentError, Option, type CommandUnknownOpts } from '@commander-js/extra-typings';
import { parseDurationBetween, parseIntBetween, parseNumberBetween } from '../duration.ts';
import { readGlobalOptions, type CliContext } from '../context.ts';
import { readSeedFile, type SimSeed } from '../../sim/seed.ts';
import { NumformError } from '../../errors/numform-error.ts';
import { startSimulator } from '../../sim/server.ts';
import { FAULT_KINDS, type FaultKind } from '../../sim/faults.ts';
import type { PurchaseDelay } from '../../sim/account.ts';
import { IDENTITY_STATUSES, PLAN_TYPES } from '../../sim/billing.ts';
import { parseTimestampMicros } from '../../api/timestamps.ts';
import { VOIPBIN_CUSTOMER_LIMIT } from '../../api/rate-limiter.ts';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const MAX_KEY_LIFETIME_DAYS = 36_500;

/** How long the key lives: `30d` (days, which keys are counted in) or any shorter duration. */
function parseKeyLifetime(text: string): number {
  const days = /^(\d+)d$/.exec(text);
  if (days) {
    const n = Number(days[1]);
    if (n > MAX_KEY_LIFETIME_DAYS)
      throw new InvalidArgumentError(`expected at most ${MAX_KEY_LIFETIME_DAYS}d.`);
    return n * DAY_MS;
  }
  return parseDurationBetween(0, MAX_KEY_LIFETIME_DAYS * DAY_MS)(text);
}

/** An RFC 3339 time, such as 2026-04-01T00:00:00Z; a past one makes the key expired. */
function parseTime(text: string): string {
  let micros: number | null;
  try {
    micros = parseTimestampMicros(text);
  } catch {
    micros = null;
  }
  if (micros === null) throw new InvalidArgumentError('expected a time like 2026-04-01T00:00:00Z.');
  return text;
}

/** A balance in dollars, at most to the micro-dollar, as people write it: 12.50. */
const parseDollars = parseNumberBetween(0, 1_000_000_000);

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
      '--customer-name <name>',
      'the customer name GET /customer answers (default "Simulated customer")',
    )
    .addOption(
      new Option(
        '--identity <status>',
        'identity verification status; only verified may buy normal numbers (default verified)',
      )
        .choices(IDENTITY_STATUSES)
        .conflicts('unverified'),
    )
    .option('--unverified', 'the same as --identity none: normal purchases fail with 403')
    .option(
      '--webhook-secret <secret>',
      'the webhook signing secret GET /customer answers (default: random for each new account)',
    )
    .addOption(
      new Option(
        '--plan <type>',
        'billing plan type; it sets the virtual-number limit: free 5, basic 50, professional 500, unlimited none (default free)',
      ).choices(PLAN_TYPES),
    )
    .addOption(
      new Option(
        '--balance <dollars>',
        'billing balance in dollars (default 1000); each normal purchase needs $5.00 and is charged $5.00',
      ).argParser(parseDollars),
    )
    .addOption(
      new Option(
        '--no-billing-account',
        'the customer has no billing account: GET /billing_account answers 409 and every purchase fails',
      ).conflicts(['plan', 'balance', 'virtualLimit']),
    )
    .option(
      '--virtual-limit <n>',
      "overrides the plan's virtual-number limit (0 = none); GET /billing_account does not show it",
      parseIntBetween(0, 1_000_000),
    )
    .addOption(
      new Option(
        '--key-expires-in <duration>',
        'the access key expires this long after the start (30d, 12h, 90s...); expired, every request answers 401',
      )
        .argParser(parseKeyLifetime)
        .conflicts('keyExpiresAt'),
    )
    .addOption(
      new Option(
        '--key-expires-at <time>',
        'the access key expires at this RFC 3339 time (a past one: expired)',
      ).argParser(parseTime),
    )
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
      VOIPBIN_CUSTOMER_LIMIT.perSecond,
    )
    .option(
      '--limit-burst <n>',
      'per-customer burst',
      parseIntBetween(1, 10_000),
      VOIPBIN_CUSTOMER_LIMIT.burst,
    )
    .addOption(
      new Option('--latency <duration>', "round trip of every answer, the server's work included")
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
      const key = pickSimulatorKey(globals.accesskey, io.env);
      const sim = await startSimulator({
        port: opts.port,
        accessKey: key.value,
        ...(opts.seed !== undefined && { seed: readSeed(resolve(io.cwd, opts.seed), opts.seed) }),
        ...(opts.data !== undefined && { dataFile: resolve(io.cwd, opts.data) }),
        purchaseDelayMs: opts.purchaseDelay,
        pendingStatus: opts.pendingStatus,
        purchaseStatus: opts.purchaseStatus,
        ...(opts.customerName !== undefined && { customerName: opts.customerName }),
        ...(opts.identity !== undefined && { identityVerification: opts.identity }),
        ...(opts.unverified && { identityVerification: 'none' }),
        ...(opts.webhookSecret !== undefined && { webhookSecret: opts.webhookSecret }),
        ...(opts.plan !== undefined && { planType: opts.plan }),
        ...(opts.balance !== undefined && { balance: opts.balance }),
        ...(!opts.billingAccount && { noBillingAccount: true }),
        ...(opts.virtualLimit !== undefined && { virtualLimit: opts.virtualLimit }),
        ...(opts.keyExpiresIn !== undefined && {
          accessKeyExpiresAt: new Date(Date.now() + opts.keyExpiresIn).toISOString(),
        }),
        ...(opts.keyExpiresAt !== undefined && { accessKeyExpiresAt: opts.keyExpiresAt }),
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
      io.stderr.write(`VoIPBIN simulator ready; it accepts ${key.shown}. Press Ctrl-C to stop.\n`);
      await new Promise<void>((resolve) => {
        if (io.signal.aborted) resolve();
        io.signal.addEventListener('abort', () => resolve(), { once: true });
      });
      await sim.close();
    });
}

/** The key the simulator accepts when none is given. */
const SIMULATOR_KEY = 'vb_simulator';

/** The seed file, or a user error that names it: a missing or broken seed is no bug in numform. */
function readSeed(path: string, shown: string): SimSeed {
  try {
    return readSeedFile(path);
  } catch (error) {
    const why = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new NumformError('SEED_UNREADABLE', `Could not read the seed file ${shown}: ${why}`, {
      hint: 'Give --seed a YAML or JSON file with `flows:` and `numbers:` (see the README, "The simulator").',
    });
  }
}

/** The simulator's only key: the one numform would send from the same options and environment. */
function pickSimulatorKey(
  option: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
): { value: string; shown: string } {
  // Named, never printed: the variable may hold a real key the user forgot was set.
  if (option) return { value: option, shown: 'the access key given with --accesskey' };
  if (env.VOIPBIN_ACCESSKEY)
    return { value: env.VOIPBIN_ACCESSKEY, shown: 'the access key in VOIPBIN_ACCESSKEY' };
  if (env.VN_ACCESS_KEY) return { value: env.VN_ACCESS_KEY, shown: 'the access key in VN_ACCESS_KEY' };
  return {
    value: SIMULATOR_KEY,
    shown: `the access key ${SIMULATOR_KEY} (VOIPBIN_ACCESSKEY=${SIMULATOR_KEY})`,
  };
}
