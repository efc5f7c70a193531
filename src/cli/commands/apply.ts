import { resolve } from 'node:path';
import { Command, Option, type CommandUnknownOpts } from '@commander-js/extra-typings';
import { colorsFor } from '../colors.ts';
import { readGlobalOptions, type CliContext } from '../context.ts';
import { createClient } from '../create-client.ts';
import { parseDurationBetween, parseIntBetween } from '../duration.ts';
import { ALLOW_MASS_DELETE_HELP, collectTargets, RELEASE_WHILE_PENDING_HELP } from '../plan-options.ts';
import { refusalError } from '../plan-output.ts';
import { APPLY_DEFAULTS, applyPlan } from '../../apply/apply-plan.ts';
import { formatApplyResult } from '../../apply/progress-lines.ts';
import { endingOf } from '../../apply/json-events.ts';
import { createApplyJsonWriter, type ApplyJsonWriter } from '../apply-json.ts';
import { logConfigRead, logPlanSummary } from '../debug-log.ts';
import { exitCodeFor, toEndingError } from '../exit-code.ts';
import { stopSignalOf } from '../io.ts';
import { createProgressReporter } from '../../apply/progress-reporter.ts';
import { realTiming } from '../../clock/timing.ts';
import { startLoadingConfig } from '../../config/start-loading-config.ts';
import { InterruptedError, NumformError } from '../../errors/numform-error.ts';
import { describeAccount, renderPlanText } from '../../plan/render-text.ts';
import { preparePlan } from '../../reconcile/prepare-plan.ts';
import { prepareSavedPlan } from '../../reconcile/apply-saved-plan.ts';

/** How often a pending purchase says it is still pending. */
const HEARTBEAT_MS = 10_000;

/** `numform apply [PATH…]` or `numform apply --plan FILE`. */
export function createApplyCommand(ctx: CliContext): CommandUnknownOpts {
  return new Command('apply')
    .argument(
      '[paths...]',
      'YAML files or folders of them (default: numbers.yaml); with --plan, the files the plan was made from',
    )
    .option('--plan <file>', 'apply a plan saved by `plan --out`, if made from these files and still current')
    .option('--auto-approve', 'do not ask for confirmation (needed without a terminal)')
    .option('--parallelism <n>', 'requests at once', parseIntBetween(1, 100), APPLY_DEFAULTS.parallelism)
    .addOption(
      new Option('--wait-timeout <duration>', 'how long to wait for a purchase made in this run')
        .argParser(parseDurationBetween(1, 24 * 3_600_000))
        .default(APPLY_DEFAULTS.waitTimeoutMs, `${APPLY_DEFAULTS.waitTimeoutMs / 60_000}m`),
    )
    .option('--target <number>', 'limit the plan to this number (repeatable)', collectTargets)
    .option('--allow-mass-delete', ALLOW_MASS_DELETE_HELP)
    .option('--release-while-pending', RELEASE_WHILE_PENDING_HELP)
    .addOption(
      new Option(
        '--format <format>',
        'stdout: text, or json (one event per line; needs --auto-approve or --plan)',
      )
        .choices(APPLY_FORMATS)
        .default('text' as const),
    )
    .action(async (paths, opts, cmd) => {
      if (opts.format === 'text') return applyCommand(ctx, paths, opts, cmd, undefined);
      const json = createApplyJsonWriter(ctx.io.stdout, ctx.secrets);
      json.version();
      try {
        await applyCommand(ctx, paths, opts, cmd, json);
      } catch (error) {
        const e = toEndingError(error, ctx.io.signal);
        json.error(e, exitCodeFor(e, stopSignalOf(ctx.io.signal)));
        // The exit code and the human error on stderr stay as in text mode.
        throw e;
      }
    });
}

/** The formats of `apply --format`. */
const APPLY_FORMATS = ['text', 'json'] as const;

/** The options of `numform apply`, as commander parses them. */
interface ApplyOptions {
  plan?: string | undefined;
  autoApprove?: true | undefined;
  parallelism: number;
  waitTimeout: number;
  target?: string[] | undefined;
  allowMassDelete?: true | undefined;
  releaseWhilePending?: true | undefined;
  format: (typeof APPLY_FORMATS)[number];
}

/**
 * Plans (or reads a saved plan), confirms and applies. With a JSON writer, stdout gets JSON lines
 * instead of the plan and summary texts; progress, retries and errors stay on stderr as text.
 */
async function applyCommand(
  ctx: CliContext,
  paths: string[],
  opts: ApplyOptions,
  cmd: CommandUnknownOpts,
  json: ApplyJsonWriter | undefined,
): Promise<void> {
  const globals = readGlobalOptions(cmd);
  const { io } = ctx;
  if (json && opts.plan === undefined && !opts.autoApprove) {
    // A prompt cannot share stdout with JSON lines: approval is given up front.
    throw new NumformError(
      'APPROVAL_REQUIRED',
      'apply --format json asks no question: it needs --auto-approve, or a reviewed plan (--plan FILE).',
      {
        hint: 'Review the plan and pass --auto-approve, or save it with `plan --out FILE` and run `apply --plan FILE --format json`.',
      },
    );
  }
  if (
    opts.plan !== undefined &&
    (opts.target !== undefined || opts.allowMassDelete || opts.releaseWhilePending)
  ) {
    throw new NumformError(
      'USAGE',
      '--target, --allow-mass-delete and --release-while-pending belong to the plan: they cannot change a saved one.',
      { hint: 'Pass them to `numform plan --out FILE`; the saved plan keeps them.' },
    );
  }
  const local = opts.plan === undefined ? await startLoadingConfig(paths, io.cwd, io.signal) : undefined;
  if (local) logConfigRead(ctx.debug, local.sources);
  const { client, settings } = createClient(ctx, globals);
  try {
    const prepared =
      opts.plan === undefined
        ? await preparePlan(client, local!.desired, {
            endpoint: settings.endpoint,
            targets: opts.target ?? [],
            allowMassDelete: opts.allowMassDelete === true,
            releaseWhilePending: opts.releaseWhilePending === true,
            sources: local!.sources,
          })
        : await prepareSavedPlan(
            client,
            { path: resolve(io.cwd, opts.plan), shownPath: opts.plan, endpoint: settings.endpoint },
            // The paths name the configuration the plan must have been made from.
            { paths, cwd: io.cwd },
          );
    logPlanSummary(ctx.debug, prepared.plan, prepared.context);
    if (json) {
      json.plan(prepared.plan, prepared.context);
    } else {
      const colors = colorsFor(io.stdout, globals, io.env);
      io.stdout.write(renderPlanText(prepared.plan, prepared.context.flows, colors, prepared.context));
    }
    const refused = refusalError(prepared);
    if (refused) throw refused;
    if (prepared.plan.changes.length === 0) {
      json?.summary('no_changes', exitCodeFor('ok'));
      return;
    }
    if (opts.plan === undefined && !opts.autoApprove) {
      await confirm(ctx, describeAccount(prepared.context.account!, prepared.context.endpoint));
    }
    if (io.signal.aborted) throw new InterruptedError('Interrupted before anything was changed.');
    if (!json) io.stdout.write('\n');
    const timing = io.timing ?? realTiming;
    const reporter = createProgressReporter((line) => io.stderr.write(line + '\n'), {
      timing,
      heartbeatMs: HEARTBEAT_MS,
    });
    const result = await applyPlan(prepared.plan, client, {
      parallelism: opts.parallelism,
      waitTimeoutMs: opts.waitTimeout,
      signal: io.signal,
      timing,
      onEvent: (event) => {
        reporter.onEvent(event);
        json?.event(event);
      },
      releaseWhilePending: prepared.releaseWhilePending,
    }).finally(reporter.close);
    const outcome = result.failed.length > 0 ? 'failed' : result.interrupted ? 'interrupted' : 'ok';
    if (json) json.summary(endingOf(result), exitCodeFor(outcome, stopSignalOf(io.signal)), result);
    else io.stdout.write('\n' + formatApplyResult(result));
    ctx.end(outcome);
  } finally {
    await client.close();
  }
}

/**
 * Asks for "yes". Ctrl-C cancels the prompt at once (the line may never come); the end of input
 * (Ctrl-D) or any other answer cancels the apply. Nothing was changed in either case.
 */
async function confirm(ctx: CliContext, account: string): Promise<void> {
  const { readLine, signal } = ctx.io;
  if (!readLine) {
    throw new NumformError(
      'APPROVAL_REQUIRED',
      'Refusing to apply: there is no terminal to ask for approval.',
      {
        hint: 'Review the plan and pass --auto-approve, or save it with `plan --out FILE` and run `apply --plan FILE`.',
      },
    );
  }
  const answer = await untilStopped(
    readLine(
      `\nDo you want to perform these actions on ${account}?\n  Only "yes" will be accepted to approve.\n\n  Enter a value: `,
    ),
    signal,
  );
  if (answer === STOPPED) throw new InterruptedError('Apply cancelled at the prompt; nothing was changed.');
  if (answer === undefined) {
    throw new NumformError('APPLY_CANCELLED', 'Apply cancelled (end of input); nothing was changed.');
  }
  if (answer.trim() !== 'yes')
    throw new NumformError('APPLY_CANCELLED', 'Apply cancelled; nothing was changed.');
}

const STOPPED = Symbol('stopped');

/** The promise's value, or STOPPED as soon as the signal aborts, whichever comes first. */
function untilStopped<T>(promise: Promise<T>, signal: AbortSignal): Promise<T | typeof STOPPED> {
  if (signal.aborted) return Promise.resolve(STOPPED);
  return new Promise((resolve, reject) => {
    const onAbort = () => resolve(STOPPED);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
