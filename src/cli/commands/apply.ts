import { resolve } from 'node:path';
import { Command, Option, type CommandUnknownOpts } from '@commander-js/extra-typings';
import { colorsFor } from '../colors.ts';
import { createClient, type CliContext, type GlobalOptions } from '../context.ts';
import { parseDuration, parseIntAtLeast } from '../duration.ts';
import { collectTargets, guardError } from '../plan-output.ts';
import { applyPlan } from '../../apply/apply-plan.ts';
import { formatApplyEvent, formatApplyResult } from '../../apply/progress-lines.ts';
import { checkSources, loadConfig } from '../../config/load-config.ts';
import { invalidConfigError } from '../../config/config-error.ts';
import { InterruptedError, NumformError } from '../../errors/numform-error.ts';
import type { DesiredState } from '../../model/desired.ts';
import { renderPlanText } from '../../plan/render-text.ts';
import { preparePlan, type PreparedPlan } from '../../reconcile/prepare-plan.ts';
import { diffPlannedNumbers, readSavedPlan } from '../../reconcile/saved-plan.ts';
import type { VoipbinClient } from '../../api/client.ts';

interface ApplyOpts {
  plan?: string;
  autoApprove?: true;
  parallelism: number;
  waitTimeout: number;
  target?: string[];
  allowMassDelete?: true;
}

/** `numform apply [PATH…]` or `numform apply --plan FILE`. */
export function createApplyCommand(ctx: CliContext): CommandUnknownOpts {
  return new Command('apply')
    .description('plan, confirm, and make the changes (purchases, updates, releases)')
    .argument('[paths...]', 'YAML files or folders of them (default: numbers.yaml)')
    .option('--plan <file>', 'apply a plan saved by `plan --out`, if it is still current')
    .option('--auto-approve', 'do not ask for confirmation (needed without a terminal)')
    .option('--parallelism <n>', 'requests at once', parseIntAtLeast(1), 10)
    .addOption(
      new Option('--wait-timeout <duration>', 'how long to wait for a pending purchase')
        .argParser(parseDuration)
        .default(600_000, '10m'),
    )
    .option('--target <number>', 'limit the plan to this number (repeatable)', collectTargets)
    .option('--allow-mass-delete', 'allow releasing more than 30% of the managed numbers')
    .action(async (paths, opts: ApplyOpts, cmd) => {
      const globals = cmd.optsWithGlobals() as GlobalOptions;
      const { io } = ctx;
      if (opts.plan !== undefined && paths.length > 0) {
        throw new NumformError('USAGE', 'Give either configuration paths or --plan, not both.', {
          hint: 'A saved plan carries its own configuration.',
        });
      }
      const local = opts.plan === undefined ? loadConfig(paths, io.cwd) : undefined;
      const { client, settings } = createClient(ctx, globals);
      try {
        const prepared =
          opts.plan === undefined
            ? await preparePlan(client, local!.desired, {
                endpoint: settings.endpoint,
                targets: opts.target ?? [],
                allowMassDelete: opts.allowMassDelete === true,
              })
            : await prepareSavedPlan(client, resolve(io.cwd, opts.plan), opts.plan, settings.endpoint);
        const colors = colorsFor(io.stdout, globals, io.env);
        io.stdout.write(renderPlanText(prepared.plan, colors));
        if (prepared.violations.length > 0) throw guardError(prepared.violations);
        if (prepared.plan.changes.length === 0) return;
        if (opts.plan === undefined && !opts.autoApprove) await confirm(ctx);
        if (io.signal.aborted) throw new InterruptedError('Interrupted before anything was changed.');
        io.stdout.write('\n');
        const result = await applyPlan(prepared.plan, client, {
          parallelism: opts.parallelism,
          waitTimeoutMs: opts.waitTimeout,
          signal: io.signal,
          onEvent: (event) => io.stderr.write(formatApplyEvent(event) + '\n'),
        });
        io.stdout.write('\n' + formatApplyResult(result));
        if (result.failed.length > 0) ctx.end('failed');
        else if (result.interrupted) ctx.end('interrupted');
      } finally {
        await client.close();
      }
    });
}

async function confirm(ctx: CliContext): Promise<void> {
  const answer = await ctx.io.readLine?.(
    '\nDo you want to perform these actions?\n  Only "yes" will be accepted to approve.\n\n  Enter a value: ',
  );
  if (answer === undefined) {
    throw new NumformError(
      'APPROVAL_REQUIRED',
      'Refusing to apply: there is no terminal to ask for approval.',
      {
        hint: 'Review the plan and pass --auto-approve, or save it with `plan --out FILE` and run `apply --plan FILE`.',
      },
    );
  }
  if (answer.trim() !== 'yes')
    throw new NumformError('APPLY_CANCELLED', 'Apply cancelled; nothing was changed.');
}

/** Re-plans from a saved plan's configuration and accepts it only if the plan is unchanged. */
async function prepareSavedPlan(
  client: VoipbinClient,
  path: string,
  shownPath: string,
  endpoint: string,
): Promise<PreparedPlan> {
  const saved = readSavedPlan(path, shownPath);
  if (saved.endpoint !== endpoint) {
    throw new NumformError(
      'PLAN_ENDPOINT_MISMATCH',
      `The plan was made for ${saved.endpoint}, not ${endpoint}.`,
      {
        hint: 'Apply it against the endpoint it was made for, or make a new plan.',
      },
    );
  }
  const checked = checkSources(saved.configuration.files);
  if (!checked.desired) throw invalidConfigError(checked.issues, checked.sources);
  const desired: DesiredState = checked.desired;
  const prepared = await preparePlan(client, desired, {
    endpoint,
    targets: saved.targets,
    allowMassDelete: saved.options?.allow_mass_delete === true,
  });
  if (prepared.context.plan_digest !== saved.plan_digest) {
    const differing = diffPlannedNumbers(saved.changes, prepared.plan.changes);
    throw new NumformError(
      'STALE_PLAN',
      `The saved plan is stale: the account changed since it was made (or it was already applied). Differing: ${differing.join(', ') || 'the plan as a whole'}. Nothing was changed.`,
      { hint: 'Make and review a new plan with `numform plan --out FILE`, then apply that.' },
    );
  }
  return prepared;
}
