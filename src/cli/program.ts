import { Command, Option } from '@commander-js/extra-typings';
import packageJson from '../../package.json' with { type: 'json' };
import type { CliContext } from './context.ts';
import { DEFAULT_MAX_NUMBERS } from './context.ts';
import { parseIntBetween, parseRateLimit } from './duration.ts';
import { createSimCommand } from './commands/sim.ts';
import { createValidateCommand } from './commands/validate.ts';
import { createPlanCommand } from './commands/plan.ts';
import { createApplyCommand } from './commands/apply.ts';
import { createExportCommand } from './commands/export.ts';
import { createShowCommand } from './commands/show.ts';
import { createFmtCommand } from './commands/fmt.ts';
import { createPullCommand } from './commands/pull.ts';
import { createSchemaCommand } from './commands/schema.ts';

/** The highest `--max-numbers`: a listing this long already takes gigabytes. */
const MAX_NUMBERS_CEILING = 10_000_000;

const HELP_AFTER_ERROR = '(run with --help for usage)';

/** Builds the commander program: global options and one subcommand per file of ./commands. */
export function createProgram(ctx: CliContext): Command {
  const output = {
    writeOut: (s: string) => ctx.io.stdout.write(s),
    writeErr: (s: string) => ctx.io.stderr.write(s),
  };
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
        'client-side requests per second at most, slowed down by 429s (default: 16.7, as the API allows; 0 turns it off)',
      ).argParser(parseRateLimit),
    )
    .addOption(
      new Option('--max-numbers <n>', 'give up on an account listing more numbers than this')
        .argParser(parseIntBetween(1, MAX_NUMBERS_CEILING))
        .default(DEFAULT_MAX_NUMBERS),
    )
    .option('--no-color', 'never colour the output (also: NO_COLOR)')
    .showHelpAfterError(HELP_AFTER_ERROR)
    .exitOverride()
    .configureOutput(output);
  const commands = [
    createValidateCommand(ctx),
    createPlanCommand(ctx),
    createApplyCommand(ctx),
    createExportCommand(ctx),
    createShowCommand(ctx),
    createFmtCommand(ctx),
    createPullCommand(ctx),
    createSchemaCommand(ctx),
    createSimCommand(ctx),
  ];
  // addCommand does not pass settings down: without these, a subcommand's usage errors and help
  // would bypass `io` (and the hint to run --help), and its help would hide the global options
  // (--endpoint, --accesskey, ...) that it reads.
  for (const command of commands) {
    program.addCommand(
      command
        .exitOverride()
        .configureOutput(output)
        .showHelpAfterError(HELP_AFTER_ERROR)
        .configureHelp({ showGlobalOptions: true }),
    );
  }
  return program;
}
