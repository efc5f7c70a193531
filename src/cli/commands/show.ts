import { resolve } from 'node:path';
import { Command, Option, type CommandUnknownOpts } from '@commander-js/extra-typings';
import { colorsFor } from '../colors.ts';
import { readGlobalOptions, type CliContext } from '../context.ts';
import { PLAN_FORMATS } from '../plan-options.ts';
import { renderPlan } from '../plan-output.ts';
import { openSavedPlan } from '../../reconcile/open-saved-plan.ts';

/** `numform show PLANFILE`: a saved plan, rendered again; offline, no access key needed. */
export function createShowCommand(ctx: CliContext): CommandUnknownOpts {
  return new Command('show')
    .argument('<planfile>', 'the file `numform plan --out` wrote')
    .addOption(
      new Option('--format <format>', 'output format').choices(PLAN_FORMATS).default('text' as const),
    )
    .action((planfile, opts, cmd) => {
      const globals = readGlobalOptions(cmd);
      const { io } = ctx;
      const { plan, context } = openSavedPlan(resolve(io.cwd, planfile), planfile);
      io.stdout.write(renderPlan(plan, context, opts.format, colorsFor(io.stdout, globals, io.env)));
    });
}
