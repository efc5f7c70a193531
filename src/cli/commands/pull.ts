import { resolve } from 'node:path';
import { Command, type CommandUnknownOpts } from '@commander-js/extra-typings';
import { readGlobalOptions, type CliContext } from '../context.ts';
import { createClient } from '../create-client.ts';
import { loadConfig } from '../../config/load-config.ts';
import { writeFilesAtomic } from '../../edit/write-atomic.ts';
import { refuseSecretsInConfig } from '../refuse-secrets.ts';
import { countNoun } from '../../model/count-noun.ts';
import { NUMBER_FIELDS, type ManagedField, type ManagedFields } from '../../model/number-fields.ts';
import { NIL_UUID, type Flow } from '../../model/number.ts';
import type { UpdateChange } from '../../plan/plan-types.ts';
import { preparePlan } from '../../reconcile/prepare-plan.ts';
import { pullValues, type PulledFile } from '../../reconcile/pull-values.ts';

/** `numform pull [PATH…]`: writes the account's values of drifted declared numbers into the files. */
export function createPullCommand(ctx: CliContext): CommandUnknownOpts {
  return new Command('pull')
    .argument('[paths...]', 'YAML files or folders of them (default: numbers.yaml)')
    .option('--dry-run', 'print what would be written, and write nothing')
    .action(async (paths, opts, cmd) => {
      const globals = readGlobalOptions(cmd);
      const { io } = ctx;
      const { desired, sources } = loadConfig(paths, io.cwd);
      const { client, settings } = createClient(ctx, globals);
      try {
        const prepared = await preparePlan(client, desired, { endpoint: settings.endpoint, sources });
        const updates = prepared.plan.changes.filter((c): c is UpdateChange => c.action === 'update');
        const files = pullValues(updates, desired, sources, prepared);
        const flows = [...prepared.flows];
        refuseSecretsInConfig(
          files.map((f) => f.text),
          ctx.secrets,
          'pull',
        );
        if (!opts.dryRun) {
          writeFilesAtomic(
            files.map((f) => ({ path: resolve(io.cwd, f.file), shown: f.file, text: f.text })),
          );
        }
        io.stdout.write(describePull(files, flows, opts.dryRun === true));
        const left = describeLeft(prepared.plan.changes);
        if (left) io.stdout.write(left);
      } finally {
        await client.close();
      }
    });
}

function formatValue(
  field: ManagedField,
  value: ManagedFields[ManagedField],
  flows: readonly Flow[],
): string {
  if (typeof value === 'boolean') return String(value);
  if (NUMBER_FIELDS[field].kind === 'flow') {
    if (value === NIL_UUID) return '(none)';
    const flow = flows.find((f) => f.id === value);
    return flow ? `${JSON.stringify(flow.name)} (${value})` : value;
  }
  return JSON.stringify(value);
}

/** Which fields of which numbers changed in which file, the value before and after. */
function describePull(files: readonly PulledFile[], flows: readonly Flow[], dryRun: boolean): string {
  if (files.length === 0) return 'Nothing to pull: no declared number differs from the account.\n';
  const out: string[] = [];
  for (const file of files) {
    out.push(`${dryRun ? 'Would write' : 'Wrote'} ${file.file}:`);
    for (const n of file.numbers) {
      out.push(`  ~ ${n.number}`);
      for (const f of n.fields) {
        const why = f.fromDefaults ? ` (was the file's default; now set on the entry)` : '';
        out.push(
          `      ${f.key} = ${formatValue(f.field, f.from, flows)} -> ${formatValue(f.field, f.to, flows)}${why}`,
        );
      }
    }
  }
  const numbers = files.reduce((sum, f) => sum + f.numbers.length, 0);
  out.push(
    '',
    `${dryRun ? 'Would pull' : 'Pulled'} the account's values of ${countNoun(numbers, 'number')} into ${countNoun(files.length, 'file')}.${dryRun ? ' Nothing was written.' : ' Review the diff and commit it.'}`,
  );
  return out.join('\n') + '\n';
}

/** Creates and releases are the plan's to make: say how many are left and where to see them. */
function describeLeft(changes: readonly { action: string }[]): string | undefined {
  const creates = changes.filter((c) => c.action === 'create').length;
  const deletes = changes.filter((c) => c.action === 'delete').length;
  if (creates + deletes === 0) return undefined;
  return `Not pulled: ${countNoun(creates, 'number')} to create and ${countNoun(deletes, 'number')} to release; run \`numform plan\` to review them.\n`;
}
