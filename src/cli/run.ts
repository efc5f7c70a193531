import { CommanderError } from '@commander-js/extra-typings';
import type { CliContext } from './context.ts';
import type { CliIO } from './io.ts';
import { createProgram } from './program.ts';
import { toNumformError } from '../errors/numform-error.ts';
import { ConfigError } from '../config/config-issue.ts';
import { formatIssuesText } from '../config/format-issues.ts';
import pc from 'picocolors';
import { redactSecrets } from '../errors/redact.ts';

/**
 * Runs numform with the given arguments and returns the exit code. Everything the process offers
 * comes in through `io`, so tests run the real CLI in-process.
 */
export async function runCli(argv: readonly string[], io: CliIO): Promise<number> {
  let exitCode = 0;
  const ctx: CliContext = { io, setExitCode: (code) => (exitCode = code), secrets: [] };
  // Keys given on the command line or in the environment are secret even before a client exists.
  ctx.secrets.push(...[io.env.VOIPBIN_ACCESSKEY, io.env.VN_ACCESS_KEY].filter((s): s is string => !!s));
  const keyFlag = argv.findIndex((a) => a === '--accesskey' || a.startsWith('--accesskey='));
  if (keyFlag >= 0) {
    const value = argv[keyFlag]!.includes('=')
      ? argv[keyFlag]!.split('=').slice(1).join('=')
      : argv[keyFlag + 1];
    if (value) ctx.secrets.push(value);
  }
  try {
    await createProgram(ctx).parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    const e = toNumformError(error);
    const lines =
      e instanceof ConfigError
        ? [formatIssuesText(e.issues, { colors: pc.createColors(false) }), `Error: ${e.message}`]
        : [`Error: ${e.message}`];
    if (e.hint) lines.push(`Hint: ${e.hint}`);
    io.stderr.write(redactSecrets(lines.join('\n'), ctx.secrets) + '\n');
    if (e.code === 'INTERNAL' && error instanceof Error && io.env.NUMFORM_DEBUG) {
      io.stderr.write(redactSecrets(error.stack ?? '', ctx.secrets) + '\n');
    }
    return e.exitCode;
  }
}
