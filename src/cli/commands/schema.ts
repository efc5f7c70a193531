import { writeFileSync } from 'node:fs';
import { Command, type CommandUnknownOpts } from '@commander-js/extra-typings';
import type { CliContext } from '../context.ts';
import { outputTarget, writeOutputFile } from '../output-file.ts';
import { readSchemaText, SCHEMA_FILE_NAME } from '../../config/schema-file.ts';

/**
 * `numform schema [--out FILE]`: the JSON Schema of configuration files, for editors. A copy in
 * the repository works wherever numform is installed (globally, in CI, or not at all).
 */
export function createSchemaCommand(ctx: CliContext): CommandUnknownOpts {
  return new Command('schema')
    .option('--out <file>', `write it to this file, e.g. numbers/${SCHEMA_FILE_NAME}`)
    .action((opts) => {
      const { io } = ctx;
      const text = readSchemaText();
      if (opts.out === undefined) {
        io.stdout.write(text);
        return;
      }
      const out = outputTarget(opts.out, io.cwd, []);
      writeOutputFile(out, (path) => writeFileSync(path, text));
      io.stderr.write(
        `Wrote the schema to ${out.shown}. Point a file at it with a first line like\n` +
          `# yaml-language-server: $schema=./${SCHEMA_FILE_NAME}\n` +
          '(numform export writes that line). Write it again after upgrading numform.\n',
      );
    });
}
