import { Command, Help, Option, type CommandUnknownOpts } from '@commander-js/extra-typings';
import packageJson from '../../package.json' with { type: 'json' };
import type { CliContext } from './context.ts';
import { DEFAULT_MAX_NUMBERS } from './context.ts';
import { parseDurationBetween, parseIntBetween, parseRateLimit } from './duration.ts';
/** The highest `--max-numbers`: a listing this long already takes gigabytes. */
const MAX_NUMBERS_CEILING = 10_000_000;

/** A command as `--help` lists it, and how to load the code that builds and runs it. */
interface CommandEntry {
  name: string;
  /** What follows the name in the list of commands (the loaded command says the same). */
  usage: string;
  summary: string;
  load: () => Promise<(ctx: CliContext) => CommandUnknownOpts>;
}

/**
 * Every command, in the order `--help` lists them. A run loads only the code of the command it
 * runs (or whose help it shows): `numform --help` or `validate` never load the HTTP client, the
 * planner or the simulator.
 */
export const COMMANDS: readonly CommandEntry[] = [
  {
    name: 'validate',
    usage: '[options] [paths...]',
    summary: 'check configuration files offline (no request is sent)',
    load: async () => (await import('./commands/validate.ts')).createValidateCommand,
  },
  {
    name: 'plan',
    usage: '[options] [paths...]',
    summary: 'show what apply would change in the account',
    load: async () => (await import('./commands/plan.ts')).createPlanCommand,
  },
  {
    name: 'apply',
    usage: '[options] [paths...]',
    summary: 'plan, confirm, and make the changes (purchases, updates, releases)',
    load: async () => (await import('./commands/apply.ts')).createApplyCommand,
  },
  {
    name: 'export',
    usage: '[options] [paths...]',
    summary: "print the account's numbers as a configuration (to adopt an existing account)",
    load: async () => (await import('./commands/export.ts')).createExportCommand,
  },
  {
    name: 'show',
    usage: '[options] <planfile>',
    summary: 'show a plan saved by `plan --out` (offline: no request is sent)',
    load: async () => (await import('./commands/show.ts')).createShowCommand,
  },
  {
    name: 'fmt',
    usage: '[options] [paths...]',
    summary: 'lay configuration files out canonically (key order, quoting, indentation), keeping comments',
    load: async () => (await import('./commands/fmt.ts')).createFmtCommand,
  },
  {
    name: 'pull',
    usage: '[options] [paths...]',
    summary:
      "write the account's current values of drifted declared numbers into the files (creates and releases are left to plan/apply)",
    load: async () => (await import('./commands/pull.ts')).createPullCommand,
  },
  {
    name: 'schema',
    usage: '[options]',
    summary: 'print the JSON Schema of configuration files (for editors; sends no request)',
    load: async () => (await import('./commands/schema.ts')).createSchemaCommand,
  },
  {
    name: 'sim',
    usage: '[options]',
    summary: 'run a local VoIPBIN simulator on 127.0.0.1 (prints its endpoint URL first)',
    load: async () => (await import('./commands/sim.ts')).createSimCommand,
  },
];

/** The global options that take a value, which the search for the command's name steps over. */
const GLOBAL_OPTIONS_WITH_VALUE = new Set([
  '--endpoint',
  '--accesskey',
  '--rate-limit',
  '--request-timeout',
  '--max-numbers',
]);

/**
 * The command `argv` runs, as commander will find it: the first word that is neither an option
 * nor a global option's value (`help plan` asks for plan's help).
 */
export function findCommandName(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (GLOBAL_OPTIONS_WITH_VALUE.has(arg)) i++;
    else if (!arg.startsWith('-')) return arg === 'help' ? argv[i + 1] : arg;
  }
  return undefined;
}

const HELP_AFTER_ERROR = '(run with --help for usage)';

/**
 * Builds the commander program: global options and one subcommand per file of ./commands. Given
 * the arguments, only the command they run is loaded; the others are listed by name and summary.
 * Without them, every command is loaded (to inspect the whole program).
 */
export async function createProgram(ctx: CliContext, argv?: readonly string[]): Promise<Command> {
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
      new Option(
        '--request-timeout <duration>',
        'how long one request may take, answer included, before it is retried (default: 30s to start, 60s in all)',
      ).argParser(parseDurationBetween(100, 3_600_000)),
    )
    .addOption(
      new Option('--max-numbers <n>', 'give up on an account listing more numbers than this')
        .argParser(parseIntBetween(1, MAX_NUMBERS_CEILING))
        .default(DEFAULT_MAX_NUMBERS),
    )
    .option('--no-color', 'never colour the output (also: NO_COLOR)')
    .showHelpAfterError(HELP_AFTER_ERROR)
    .exitOverride()
    .configureOutput(output)
    // Commands not loaded have no options or arguments to describe themselves with.
    .configureHelp({
      subcommandTerm: (cmd) => {
        const entry = COMMANDS.find((c) => c.name === cmd.name());
        return entry ? `${entry.name} ${entry.usage}` : new Help().subcommandTerm(cmd);
      },
    });
  const wanted = argv && findCommandName(argv);
  const commands = await Promise.all(
    COMMANDS.map(async (entry) =>
      (argv === undefined || entry.name === wanted
        ? (await entry.load())(ctx)
        : new Command(entry.name)
      ).description(entry.summary),
    ),
  );
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
