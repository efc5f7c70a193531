import { Command, Option, type CommandUnknownOpts } from '@commander-js/extra-typings';
import { colorsFor } from '../colors.ts';
import { readGlobalOptions, type CliContext } from '../context.ts';
import { readConfig } from '../../config/load-config.ts';
import { renderDiagnostics, toDiagnosticsJson } from '../../errors/render-diagnostics.ts';
import { countNoun } from '../../model/count-noun.ts';

/** `numform validate [PATH…]`: offline checks of the configuration; sends no request. */
export function createValidateCommand(ctx: CliContext): CommandUnknownOpts {
  return new Command('validate')
    .argument('[paths...]', 'YAML files or folders of them (default: numbers.yaml)')
    .addOption(
      new Option('--format <format>', 'output format')
        .choices(['text', 'json'] as const)
        .default('text' as const),
    )
    .action((paths, opts, cmd) => {
      const globals = readGlobalOptions(cmd);
      const { io } = ctx;
      const loaded = readConfig(paths, io.cwd);
      const numbers = loaded.desired?.numbers.length ?? 0;
      if (opts.format === 'json') {
        const report = {
          valid: loaded.issues.length === 0,
          files: loaded.files,
          numbers,
          issues: toDiagnosticsJson(loaded.issues),
        };
        io.stdout.write(JSON.stringify(report, null, 2) + '\n');
      } else if (loaded.issues.length > 0) {
        const colors = colorsFor(io.stderr, globals, io.env);
        io.stderr.write(
          renderDiagnostics(loaded.issues, {
            colors,
            sources: loaded.sources,
            codeFrames: io.stderr.isTTY === true,
          }) + '\n',
        );
        const n = loaded.issues.length;
        const fileCount = new Set(loaded.issues.map((i) => i.source?.file)).size;
        io.stderr.write(`\n${countNoun(n, 'problem')} in ${countNoun(fileCount, 'file')}.\n`);
      } else {
        io.stdout.write(
          `Valid: ${countNoun(numbers, 'number')} in ${countNoun(loaded.files.length, 'file')}.\n`,
        );
      }
      if (loaded.issues.length > 0) ctx.end('invalid');
    });
}
