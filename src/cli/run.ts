import pc from 'picocolors';
import { CommanderError } from '@commander-js/extra-typings';
import type { CliContext } from './context.ts';
import { shouldUseColor } from './context.ts';
import { exitCodeFor, toEndingError, type Outcome } from './exit-code.ts';
import { stopSignalOf, type CliIO, type TextSink } from './io.ts';
import { createProgram } from './program.ts';
import { createDebugLog } from './debug-log.ts';
import packageJson from '../../package.json' with { type: 'json' };
import type { NumformError } from '../errors/numform-error.ts';
import { redactSecrets } from '../errors/redact.ts';
import { renderDiagnostics } from '../errors/render-diagnostics.ts';

/**
 * Runs numform with the given arguments and returns the exit code. Everything the process offers
 * comes in through `io`, so tests run the real CLI in-process.
 */
export async function runCli(argv: readonly string[], given: CliIO): Promise<number> {
  let outcome: Outcome = 'ok';
  const secrets: string[] = [];
  // The last line of defence: nothing numform writes, on either stream, carries a known secret.
  const io: CliIO = {
    ...given,
    stdout: redacting(given.stdout, secrets),
    stderr: redacting(given.stderr, secrets),
  };
  const ctx: CliContext = {
    io,
    end: (o) => (outcome = o),
    secrets,
    debug: createDebugLog(io.env, io.stderr),
  };
  ctx.debug?.(`numform ${packageJson.version} on Node.js ${process.versions.node}`);
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
    await (await createProgram(ctx, argv)).parseAsync([...argv], { from: 'user' });
    return exitCodeFor(outcome, stopSignalOf(io.signal));
  } catch (error) {
    if (error instanceof CommanderError) {
      const hint = hintForUnknownOption(error);
      if (hint) io.stderr.write(hint + '\n');
      return exitCodeFor(error);
    }
    const e = toEndingError(error, io.signal);
    io.stderr.write(renderError(e, argv, io) + '\n');
    if (e.code === 'INTERNAL' && error instanceof Error && (io.env.NUMFORM_DEBUG || ctx.debug)) {
      io.stderr.write((error.stack ?? '') + '\n');
    }
    return exitCodeFor(e, stopSignalOf(io.signal));
  }
}

/**
 * Terraform writes `-out=FILE`; numform's options are GNU style. For an unknown option of one dash
 * and a long name, says the spelling numform takes.
 */
export function hintForUnknownOption(error: CommanderError): string | undefined {
  if (error.code !== 'commander.unknownOption') return undefined;
  const match = /unknown option '-([a-z][a-z-]+)(?:=(.*))?'/.exec(error.message);
  if (!match) return undefined;
  const [, name, value] = match;
  return `Hint: did you mean \`--${name}${value === undefined ? '' : ` ${value}`}\`? numform's options take two dashes.`;
}

/** The problems behind an error (with code frames on a terminal), then the error and its hint. */
function renderError(e: NumformError, argv: readonly string[], io: CliIO): string {
  const colorful = shouldUseColor({ color: !argv.includes('--no-color') }, io.env, io.stderr.isTTY);
  const lines: string[] = [];
  if (e.diagnostics.length > 0) {
    lines.push(
      renderDiagnostics(e.diagnostics, {
        colors: pc.createColors(colorful),
        sources: e.sources,
        codeFrames: io.stderr.isTTY === true,
      }),
    );
  }
  lines.push(`Error: ${e.message}`);
  if (e.hint) lines.push(`Hint: ${e.hint}`);
  return lines.join('\n');
}

/** A sink that redacts the secrets known at the time of each write (the list grows as keys are read). */
function redacting(sink: TextSink, secrets: readonly string[]): TextSink {
  const wrapped: TextSink = { write: (text: string) => sink.write(redactSecrets(text, secrets)) };
  if (sink.isTTY !== undefined) wrapped.isTTY = sink.isTTY;
  return wrapped;
}
