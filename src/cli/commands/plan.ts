import { Command, Option, type CommandUnknownOpts } from '@commander-js/extra-typings';
import { outputTarget } from '../output-file.ts';
import { readGlobalOptions, type CliContext } from '../context.ts';
import { createClient } from '../create-client.ts';
import {
  ALLOW_MASS_DELETE_HELP,
  collectTargets,
  PLAN_FORMATS,
  RELEASE_WHILE_PENDING_HELP,
} from '../plan-options.ts';
import { logConfigRead, logPlanSummary } from '../debug-log.ts';
import { startLoadingConfig } from '../../config/start-loading-config.ts';
import { startReadingAccount } from '../../reconcile/read-account.ts';

/** `numform plan [PATH…]`: read the account, print what apply would change. */
export function createPlanCommand(ctx: CliContext): CommandUnknownOpts {
  return new Command('plan')
    .argument('[paths...]', 'YAML files or folders of them (default: numbers.yaml)')
    .addOption(
      new Option('--format <format>', 'output format').choices(PLAN_FORMATS).default('text' as const),
    )
    .option('--out <file>', 'save the plan (with its configuration) for `apply --plan`')
    .option('--detailed-exitcode', 'exit 2 when there are changes (0 none, 1 error)')
    .option('--target <number>', 'limit the plan to this number (repeatable)', collectTargets)
    .option('--allow-mass-delete', ALLOW_MASS_DELETE_HELP)
    .option('--release-while-pending', RELEASE_WHILE_PENDING_HELP)
    .action(async (paths, opts, cmd) => {
      const globals = readGlobalOptions(cmd);
      const { io } = ctx;
      const { desired, sources } = await startLoadingConfig(paths, io.cwd, io.signal);
      logConfigRead(ctx.debug, sources);
      const out =
        opts.out === undefined
          ? undefined
          : outputTarget(
              opts.out,
              io.cwd,
              sources.map((s) => s.file),
            );
      const { client, settings } = createClient(ctx, globals);
      // The reads leave first; the planner's code loads while they are under way (see planning.ts).
      const reads = startReadingAccount(client);
      try {
        const planning = await import('../planning.ts');
        const prepared = await planning.preparePlan(client, desired, {
          endpoint: settings.endpoint,
          targets: opts.target ?? [],
          allowMassDelete: opts.allowMassDelete === true,
          releaseWhilePending: opts.releaseWhilePending === true,
          sources,
          reads,
        });
        logPlanSummary(ctx.debug, prepared.plan, prepared.context);
        const colors = planning.colorsFor(io.stdout, globals, io.env);
        io.stdout.write(planning.renderPlan(prepared.plan, prepared.context, opts.format, colors));
        const refused = planning.refusalError(prepared);
        if (refused) throw refused;
        if (out) {
          planning.writeOutputFile(out, (path) =>
            planning.writeSavedPlan(path, prepared.plan, prepared.context, sources, {
              allowMassDelete: opts.allowMassDelete === true,
              releaseWhilePending: opts.releaseWhilePending === true,
            }),
          );
          const apply = ['numform apply --plan', out.shown, ...paths].join(' ');
          io.stderr.write(`Saved the plan to ${out.shown}. Apply it with: ${apply}
`);
        }
        if (opts.detailedExitcode && planning.planHasDifferences(prepared.plan)) ctx.end('differences');
      } finally {
        await client.close();
      }
    });
}
