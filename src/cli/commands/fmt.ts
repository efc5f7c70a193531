import { resolve } from 'node:path';
import { Command, type CommandUnknownOpts } from '@commander-js/extra-typings';
import type { CliContext } from '../context.ts';
import { invalidConfigError } from '../../config/config-error.ts';
import { readConfig } from '../../config/load-config.ts';
import { checkSameMeaning } from '../../edit/check-meaning.ts';
import { findFirstAlias } from '../../edit/find-alias.ts';
import { NumformError } from '../../errors/numform-error.ts';
import { formatYamlText } from '../../edit/format-yaml.ts';
import { writeFilesAtomic } from '../../edit/write-atomic.ts';
import { countNoun } from '../../model/count-noun.ts';

/** `numform fmt [PATH…]`: lays the configuration files out canonically, keeping their comments. */
export function createFmtCommand(ctx: CliContext): CommandUnknownOpts {
  return new Command('fmt')
    .argument('[paths...]', 'YAML files or folders of them (default: numbers.yaml)')
    .option('--check', 'write nothing; list the files that need formatting and exit 2 if any do')
    .option('--sort', 'also sort the number entries of each file by number')
    .action((paths, opts) => {
      const { io } = ctx;
      const loaded = readConfig(paths, io.cwd);
      // Invalid files are never rewritten: their meaning is not known.
      if (!loaded.desired || loaded.issues.length > 0)
        throw invalidConfigError(loaded.issues, loaded.sources, { found: 'before-writing' });
      for (const s of loaded.sources) {
        const alias = findFirstAlias(s.text);
        if (alias) {
          throw new NumformError(
            'FMT_ALIAS',
            `${s.file}:${alias.line}:${alias.col}: fmt does not lay out files that use YAML aliases; nothing was written.`,
            {
              hint: 'Reordering keys can move an alias above its anchor. Write the value out in place of the alias, then run `numform fmt` again.',
            },
          );
        }
      }
      const sort = opts.sort === true;
      const formatted = loaded.sources.map((s) => ({ file: s.file, text: formatYamlText(s.text, { sort }) }));
      checkSameMeaning(loaded.desired, formatted, { anyOrder: sort, command: 'fmt' });
      const changed = formatted.filter((f, i) => f.text !== loaded.sources[i]!.text);
      if (!opts.check) {
        writeFilesAtomic(
          changed.map((f) => ({ path: resolve(io.cwd, f.file), shown: f.file, text: f.text })),
        );
      }
      for (const f of changed) io.stdout.write(`${f.file}\n`);
      if (opts.check && changed.length > 0) {
        io.stderr.write(
          `${countNoun(changed.length, 'file')} not formatted; run \`numform fmt\` to format ${changed.length === 1 ? 'it' : 'them'}.\n`,
        );
        ctx.end('differences');
      }
    });
}
