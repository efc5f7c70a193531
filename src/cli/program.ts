import { Command, Option } from '@commander-js/extra-typings';
import packageJson from '../../package.json' with { type: 'json' };
import type { CliContext } from './context.ts';
import { parseNonNegative } from './duration.ts';
import { createSimCommand } from './commands/sim.ts';
import { createValidateCommand } from './commands/validate.ts';
import { createPlanCommand } from './commands/plan.ts';
import { createApplyCommand } from './commands/apply.ts';
import { createExportCommand } from './commands/export.ts';

/** Builds the commander program: global options and one subcommand per file of ./commands. */
export function createProgram(ctx: CliContext): Command {
  const program = new Command('numform')
    .description('Manage the phone numbers of a VoIPBIN account as code.')
    .version(packageJson.version, '-V, --version')
    .addOption(new Option('--endpoint <url>', 'VoIPBIN API base URL (env: VOIPBIN_ENDPOINT)'))
    .addOption(
      new Option('--accesskey <key>', 'VoIPBIN access key (env: VOIPBIN_ACCESSKEY or VN_ACCESS_KEY)'),
    )
    .addOption(
      new Option(
        '--rate-limit <rps>',
        'client-side requests per second (default: 15; 0 turns it off)',
      ).argParser(parseNonNegative),
    )
    .option('--no-color', 'never colour the output (also: NO_COLOR)')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => ctx.io.stdout.write(s),
      writeErr: (s) => ctx.io.stderr.write(s),
    });
  const commands = [
    createValidateCommand(ctx),
    createPlanCommand(ctx),
    createApplyCommand(ctx),
    createExportCommand(ctx),
    createSimCommand(ctx),
  ];
  for (const command of commands) program.addCommand(command.exitOverride());
  return program;
}
