import { parse } from 'yaml';
import { checkSources } from '../config/load-config.ts';
import type { SourceFile } from '../config/read-sources.ts';
import { editEntries, EditError, type EntryEdit } from '../edit/edit-entries.ts';
import { NumformError } from '../errors/numform-error.ts';
import type { DesiredNumber, DesiredState, FlowRef } from '../model/desired.ts';
import { NUMBER_FIELDS, type ManagedField, type ManagedFields } from '../model/number-fields.ts';
import { NIL_UUID, type CurrentNumber, type Flow } from '../model/number.ts';
import { canonicalJson } from '../plan/digest.ts';
import type { UpdateChange } from '../plan/plan-types.ts';
import { resolveFlows } from '../plan/resolve-flows.ts';

/** One field of one number taken from the account. */
export interface PulledField {
  field: ManagedField;
  /** What the configuration said, and what the account holds (now written). */
  from: ManagedFields[ManagedField];
  to: ManagedFields[ManagedField];
  /** The key written, as the file now spells it (`call_flow` or `call_flow_id` for a flow). */
  key: string;
  /** The value came from the file's `defaults`; it is now written on the entry. */
  fromDefaults: boolean;
}

/** What `pull` does to one file. */
export interface PulledFile {
  file: string;
  text: string;
  numbers: { number: string; fields: PulledField[] }[];
}

type Entry = Record<string, unknown>;

/** How the configuration names a number's flow (its entry's own, else the file's default). */
function flowRefOf(n: DesiredNumber, field: ManagedField): FlowRef {
  return n[field] as FlowRef;
}

/**
 * How to write an account's flow: by name when the configuration named it and the name is the
 * flow's and unique (so the file reads as before), else by id; "no flow" as `call_flow: null`.
 */
function flowEdit(
  field: ManagedField,
  id: string,
  declared: FlowRef,
  flows: readonly Flow[],
): Omit<EntryEdit, 'index'> {
  const spec = NUMBER_FIELDS[field];
  if (id === NIL_UUID) return { key: spec.label, value: null, replaces: spec.wire };
  const named = flows.filter((f) => f.id === id);
  const name = named.length === 1 ? named[0]!.name : undefined;
  const unique = name !== undefined && flows.filter((f) => f.name === name).length === 1;
  if (declared.kind === 'name' && unique) {
    return { key: spec.label, value: name, replaces: spec.wire };
  }
  return { key: spec.wire, value: id, replaces: spec.label };
}

/** The entry index of each declared number within its own file, as normalizeConfig read them. */
function indexInFile(desired: DesiredState): Map<string, number> {
  const seen = new Map<string, number>();
  const out = new Map<string, number>();
  for (const n of desired.numbers) {
    const i = seen.get(n.source.file) ?? 0;
    out.set(n.number, i);
    seen.set(n.source.file, i + 1);
  }
  return out;
}

/**
 * The files rewritten with the account's values of the drifted declared numbers (the plan's
 * updates): each value is written on the number's own entry, in place, and nothing else of the
 * file changes. Creates and releases are not pulled; nor are read-only fields, which no plan
 * updates. Checks before returning that the new files mean exactly the account's values for
 * those numbers and the old meaning for every other.
 */
export function pullValues(
  updates: readonly UpdateChange[],
  desired: DesiredState,
  sources: readonly SourceFile[],
  account: { flows: readonly Flow[]; current: readonly CurrentNumber[] },
): PulledFile[] {
  const byNumber = new Map(desired.numbers.map((n) => [n.number, n]));
  const indexOf = indexInFile(desired);
  const pulled = new Map<string, PulledFile>();
  const edits = new Map<string, EntryEdit[]>();
  for (const update of updates) {
    const n = byNumber.get(update.number);
    if (!n) continue;
    const file = n.source.file;
    const source = sources.find((s) => s.file === file)!;
    const data = (parse(source.text) ?? {}) as { numbers?: Entry[] };
    const index = indexOf.get(n.number)!;
    const entry = data.numbers?.[index] ?? {};
    const fields: PulledField[] = [];
    for (const field of update.changed) {
      const spec = NUMBER_FIELDS[field];
      const to = update.before[field];
      const edit =
        spec.kind === 'flow'
          ? flowEdit(field, to as string, flowRefOf(n, field), account.flows)
          : { key: spec.wire, value: to };
      const own = entry[spec.wire] !== undefined || entry[spec.label] !== undefined;
      edits.set(file, [...(edits.get(file) ?? []), { index, ...edit }]);
      fields.push({
        field,
        from: update.after[field],
        to,
        key: edit.key,
        fromDefaults: !own && hasDefault(data, field),
      });
    }
    const out = pulled.get(file) ?? { file, text: source.text, numbers: [] };
    out.numbers.push({ number: n.number, fields });
    pulled.set(file, out);
  }
  for (const out of pulled.values()) {
    try {
      out.text = editEntries(out.text, edits.get(out.file)!);
    } catch (error) {
      if (!(error instanceof EditError)) throw error;
      throw new NumformError(
        'PULL_CANNOT_EDIT',
        `Cannot write the account's values into ${out.file}: ${error.message}. Nothing was written.`,
        {
          hint: 'Run `numform fmt` on the file (one key per line), then pull again.',
        },
      );
    }
  }
  const files = [...pulled.values()];
  checkPulled(updates, desired, sources, files, account);
  return files;
}

function hasDefault(data: unknown, field: ManagedField): boolean {
  const defaults = (data as { defaults?: Entry } | null)?.defaults ?? {};
  const spec = NUMBER_FIELDS[field];
  return defaults[spec.wire] !== undefined || defaults[spec.label] !== undefined;
}

/** The rewritten configuration gives the pulled numbers the account's values, and changes nothing else. */
function checkPulled(
  updates: readonly UpdateChange[],
  desired: DesiredState,
  sources: readonly SourceFile[],
  files: readonly PulledFile[],
  account: { flows: readonly Flow[]; current: readonly CurrentNumber[] },
): void {
  const texts = sources.map((s) => files.find((f) => f.file === s.file) ?? s);
  const checked = checkSources(texts.map((t) => ({ file: t.file, text: t.text })));
  const after = checked.desired;
  const expected = new Map(updates.map((u) => [u.number, u.before]));
  const strip = ({ source: _source, ...rest }: DesiredNumber): unknown => rest;
  const resolved = after ? resolveFlows(after.numbers, account.flows, account.current).numbers : [];
  const sound =
    after !== undefined &&
    canonicalJson(after.policy) === canonicalJson(desired.policy) &&
    after.numbers.length === desired.numbers.length &&
    after.numbers.every((n, i) => {
      const want = expected.get(n.number);
      if (!want) return canonicalJson(strip(n)) === canonicalJson(strip(desired.numbers[i]!));
      const got = resolved[i]!;
      return Object.keys(want).every((f) => got[f as ManagedField] === want[f as ManagedField]);
    });
  if (!sound) {
    throw new NumformError(
      'INTERNAL',
      "pull would have written values other than the account's; nothing was written.",
      {
        hint: 'This is a bug in numform; please report it with the files you ran it on.',
      },
    );
  }
}
