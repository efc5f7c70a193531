import { existsSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { Command, type CommandUnknownOpts } from '@commander-js/extra-typings';
import { readGlobalOptions, type CliContext } from '../context.ts';
import { createClient } from '../create-client.ts';
import { outputTarget, writeOutputFile } from '../output-file.ts';
import { SCHEMA_FILE_NAME } from '../../config/schema-file.ts';
import { NumformError } from '../../errors/numform-error.ts';
import { countNoun } from '../../model/count-noun.ts';
import { createGlobMatcher, findGlobProblem } from '../../model/glob.ts';
import { splitByScope } from '../../model/scope.ts';
import { collectTargets } from '../plan-options.ts';
import { refuseSecretsInConfig } from '../refuse-secrets.ts';
import { readAccount } from '../../reconcile/read-account.ts';

/** Where a numform installed in the project keeps its schema. */
const INSTALLED_SCHEMA = join('node_modules', 'numform', 'schemas', SCHEMA_FILE_NAME);

/** `numform export`: the account as a configuration that plans to "No changes". */
export function createExportCommand(ctx: CliContext): CommandUnknownOpts {
  return new Command('export')
    .argument(
      '[paths...]',
      'with --unmanaged-only: the configuration to compare with (default: numbers.yaml)',
    )
    .option('--out <file>', 'write to this file instead of stdout')
    .option('--flow-names', 'write flow names where they are unique (ids elsewhere)')
    .option(
      '--unmanaged-only',
      'only the numbers the configuration does not declare yet (in its policy.scope)',
    )
    .option(
      '--scope <glob>',
      'only the numbers matching this glob, written as policy.scope (repeatable)',
      collectTargets,
    )
    .option(
      '--schema <ref>',
      `schema for the first line, relative to the output or a URL (default: numform in node_modules, else ./${SCHEMA_FILE_NAME})`,
    )
    .action(async (paths, opts, cmd) => {
      const globals = readGlobalOptions(cmd);
      const { io } = ctx;
      if (paths.length > 0 && !opts.unmanagedOnly) {
        throw new NumformError('USAGE', 'export takes configuration paths only with --unmanaged-only.', {
          hint: 'Run `numform export --unmanaged-only PATH…` to list what that configuration does not declare yet.',
        });
      }
      const scope = checkExportScope(opts.scope, opts.unmanagedOnly === true);
      // The YAML code (to check a configuration, to write the export) is loaded only when needed.
      const config = opts.unmanagedOnly
        ? (await import('../../config/load-config.ts')).loadConfig(paths, io.cwd)
        : undefined;
      const declared = config && new Set(config.desired.numbers.map((n) => n.number));
      // A scoped configuration owns only its scope: the rest of the account is another's to adopt.
      const policy = config?.desired.policy ?? { ...(scope && { scope }) };
      const out =
        opts.out === undefined
          ? undefined
          : outputTarget(opts.out, io.cwd, config?.sources.map((s) => s.file) ?? []);
      const { client, settings } = createClient(ctx, globals);
      try {
        const reading = Promise.all([
          readAccount(client),
          // A whole account's export is pinned to it; a list of undeclared numbers joins a pinned file.
          declared ? undefined : client.getCustomer(),
        ]);
        // Awaited below, once the writer's code has loaded while the first requests were under way.
        reading.catch(() => undefined);
        const { renderExport } = await import('../../config/export-config.ts');
        const [{ numbers, flows }, customer] = await reading;
        const { inScope, outside } = splitByScope(numbers, policy);
        // Numbers policy.unmanaged matches cannot be declared: offering them would only fail validation.
        const isUnmanaged = createGlobMatcher(config?.desired.policy.unmanaged ?? []);
        const selected = declared
          ? inScope.filter((n) => !declared.has(n.number) && !isUnmanaged(n.number))
          : inScope;
        const outDir = out ? dirname(out.path) : io.cwd;
        const schemaRef = opts.schema ?? pickSchemaRef(io.cwd, outDir);
        // Only for a file: an export to stdout may be a glance, or a paste into an existing file.
        if (out && opts.schema === undefined && !existsSync(join(outDir, schemaRef))) {
          io.stderr.write(
            `Note: the first line points editors at ${schemaRef}, which is not there yet; ` +
              `write it with \`numform schema --out ${join(relative(io.cwd, outDir), SCHEMA_FILE_NAME)}\`.\n`,
          );
        }
        const text = renderExport(selected, flows, {
          flowNames: opts.flowNames === true,
          schemaRef,
          origin: `Exported by numform from ${settings.endpoint}${declared ? ' (numbers not yet declared)' : ''}.`,
          ...(customer && { account: { id: customer.id, name: customer.name } }),
          ...(scope && { scope }),
          // Entries meant for files whose defaults set a flow say "no flow" out loud.
          ...(config?.desired.defaultedFlows && { spellNoFlow: config.desired.defaultedFlows }),
        });
        refuseSecretsInConfig([text], ctx.secrets, 'export');
        if (out) {
          writeOutputFile(out, (path) => writeFileSync(path, text));
          io.stderr.write(`Wrote ${countNoun(selected.length, 'number')} to ${out.shown}.\n`);
        } else io.stdout.write(text);
        if (outside > 0) {
          io.stderr.write(
            `Left out ${countNoun(outside, 'number')} outside ${scope ? '--scope' : 'policy.scope'} (${(policy.scope ?? []).join(', ')}).\n`,
          );
        }
      } finally {
        await client.close();
      }
    });
}

/**
 * The schema a new file should name: the one of a numform installed in the project, or else a
 * copy beside the file (global installs and CI images have no stable path to point at).
 */
function pickSchemaRef(cwd: string, outDir: string): string {
  const installed = join(cwd, INSTALLED_SCHEMA);
  if (!existsSync(installed)) return `./${SCHEMA_FILE_NAME}`;
  return relative(outDir, installed).split('\\').join('/');
}

/**
 * The globs of `--scope`, checked as policy.scope's are. With `--unmanaged-only` the
 * configuration's own policy.scope decides, so a second scope is refused rather than combined.
 */
function checkExportScope(
  globs: readonly string[] | undefined,
  unmanagedOnly: boolean,
): string[] | undefined {
  if (globs === undefined) return undefined;
  if (unmanagedOnly) {
    throw new NumformError('USAGE', '--scope cannot be combined with --unmanaged-only.', {
      hint: "With --unmanaged-only, the configuration's policy.scope says which numbers it may adopt.",
    });
  }
  for (const glob of globs) {
    const problem = findGlobProblem(glob);
    if (problem) {
      throw new NumformError('USAGE', `--scope "${glob}" is not a valid pattern: ${problem}.`, {
        hint: 'Write a glob over E.164 numbers, for example --scope "+1555*".',
      });
    }
  }
  return [...globs];
}
