import { readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { Command, type CommandUnknownOpts } from '@commander-js/extra-typings';
import type { CliContext } from '../context.ts';
import { outputTarget, writeOutputFile } from '../output-file.ts';
import { readSchemaText, SCHEMA_FILE_NAME } from '../../config/schema-file.ts';
import { NumformError } from '../../errors/numform-error.ts';

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
      refuseToReplace(out.path, out.shown, text);
      writeOutputFile(out, (path) => writeFileSync(path, text));
      io.stderr.write(
        `Wrote the schema to ${out.shown}. Point a file beside it at it with a first line like\n` +
          `# yaml-language-server: $schema=./${basename(out.path)}\n` +
          '(numform export writes that line). Write it again after upgrading numform.\n',
      );
    });
}

/**
 * Refuses to write over a file that is not an earlier copy of numform's schema: `--out
 * numbers.yaml` by mistake would otherwise replace the configuration with the schema.
 */
function refuseToReplace(path: string, shown: string, schemaText: string): void {
  let existing: string;
  try {
    existing = readFileSync(path, 'utf8');
  } catch {
    return; // Not there (or not a file): writing reports its own problems.
  }
  const ownId = (JSON.parse(schemaText) as { $id: string }).$id;
  let id: unknown;
  try {
    id = (JSON.parse(existing) as { $id?: unknown }).$id;
  } catch {
    id = undefined;
  }
  if (id === ownId) return;
  throw new NumformError(
    'OUTPUT_NOT_SCHEMA',
    `Refusing to write over ${shown}: it is not a copy of numform's schema.`,
    {
      hint: `Write the schema to a file of its own, for example \`numform schema --out ${SCHEMA_FILE_NAME}\`; ${shown} was left as it was.`,
    },
  );
}
