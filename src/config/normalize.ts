import {
  DEFAULT_POLICY,
  type DeclaredFields,
  type DesiredNumber,
  type DesiredState,
  type FlowRef,
  type Policy,
} from '../model/desired.ts';
import {
  EXPECTED_FIELDS,
  MANAGED_FIELDS,
  NUMBER_FIELDS,
  type FieldSpec,
  type ManagedField,
} from '../model/number-fields.ts';
import { dollarsToMicros } from '../model/money.ts';
import { deriveNumberType, NIL_UUID, type SourceLocation } from '../model/number.ts';
import { isNode, isSeq } from 'yaml';
import type { Defaults, NumberEntry, NumbersFile } from './numbers-config.gen.ts';
import { locatePath, type ParsedSource } from './yaml-source.ts';

/** A valid file's data with where it came from. */
export interface ValidFile {
  parsed: ParsedSource;
  data: NumbersFile;
}

type Declared = Record<string, unknown>;

/**
 * A flow given by name (`call_flow`) or by id (`call_flow_id`) in one mapping, if at all.
 * `call_flow: null` and the nil UUID both say "no flow", and mean the same configuration.
 */
function flowRef(from: Declared, spec: FieldSpec): FlowRef | undefined {
  const name = from[spec.label];
  const id = from[spec.wire];
  if (name === null) return { kind: 'none' };
  if (typeof name === 'string') return { kind: 'name', name };
  if (typeof id === 'string') {
    const lower = id.toLowerCase();
    return lower === NIL_UUID ? { kind: 'none' } : { kind: 'id', id: lower };
  }
  return undefined;
}

/** One declared field: the entry's own value, else the file's default, else the empty value. */
function declaredValue(entry: Declared, defaults: Declared, spec: FieldSpec): unknown {
  // An entry's own flow, by name or by id, replaces the default given either way.
  if (spec.kind === 'flow') return flowRef(entry, spec) ?? flowRef(defaults, spec) ?? { kind: 'none' };
  return entry[spec.wire] ?? defaults[spec.wire] ?? spec.empty;
}

function normalizeEntry(entry: NumberEntry, defaults: Defaults, source: SourceLocation): DesiredNumber {
  const own = entry as unknown as Declared;
  // Plain loops: this runs once per declared number, tens of thousands of times.
  const fields: Record<string, unknown> = {};
  for (const name of MANAGED_FIELDS) {
    fields[name] = declaredValue(own, defaults as unknown as Declared, NUMBER_FIELDS[name]);
  }
  const expect: Record<string, unknown> = {};
  for (const name of EXPECTED_FIELDS) {
    const value = own[NUMBER_FIELDS[name].wire];
    if (value !== undefined) expect[name] = value;
  }
  return {
    number: entry.number,
    type: deriveNumberType(entry.number),
    ...(fields as DeclaredFields),
    expect,
    source,
  };
}

/**
 * Where each entry of the file's `numbers` list starts: read from the list's nodes directly
 * rather than looked up entry by entry from the top of the document.
 */
function locateEntries(parsed: ParsedSource, count: number): (index: number) => SourceLocation {
  const offsets = parsed.entryOffsets;
  if (offsets?.length === count) {
    return (index) => ({ file: parsed.file, ...parsed.lineCounter.linePos(offsets[index]!) });
  }
  const list = parsed.nodeAt(['numbers']).node;
  const items = isSeq(list) ? list.items : [];
  return (index) => {
    const node = items[index];
    if (index >= count || !isNode(node) || !node.range) {
      return { file: parsed.file, ...locatePath(parsed, ['numbers', index]) };
    }
    return { file: parsed.file, ...parsed.lineCounter.linePos(node.range[0]) };
  };
}

/**
 * Turns valid files into the desired state: defaults merged per file, type derived from the
 * prefix, omitted fields set to the API's empty values, the one policy with its defaults.
 */
export function normalizeConfig(files: readonly ValidFile[]): DesiredState {
  let policy: Policy = DEFAULT_POLICY;
  let accountSource: SourceLocation | undefined;
  const numbers: DesiredNumber[] = [];
  const defaultedFlows = new Set<ManagedField>();
  for (const { parsed, data } of files) {
    for (const name of MANAGED_FIELDS) {
      const spec = NUMBER_FIELDS[name];
      const ref = spec.kind === 'flow' ? flowRef((data.defaults ?? {}) as Declared, spec) : undefined;
      if (ref && ref.kind !== 'none') defaultedFlows.add(name);
    }
    if (data.policy) {
      const { account, max_monthly_cost: maxMonthlyCost, scope } = data.policy;
      policy = {
        ...(scope !== undefined && { scope }),
        prune: data.policy.prune ?? DEFAULT_POLICY.prune,
        unmanaged: data.policy.unmanaged ?? [],
        protect: data.policy.protect ?? [],
        maxPurchases: data.policy.max_purchases ?? DEFAULT_POLICY.maxPurchases,
        // Customer ids are UUIDs, which the API writes in lower case.
        ...(account !== undefined && { account: account.toLowerCase() }),
        ...(maxMonthlyCost !== undefined && { maxMonthlyCostMicros: dollarsToMicros(maxMonthlyCost) }),
      };
      if (account !== undefined) {
        accountSource = { file: parsed.file, ...locatePath(parsed, ['policy', 'account']) };
      }
    }
    const entries = data.numbers ?? [];
    const locate = locateEntries(parsed, entries.length);
    entries.forEach((entry, i) => numbers.push(normalizeEntry(entry, data.defaults ?? {}, locate(i))));
  }
  return {
    numbers,
    policy,
    files: files.map((f) => f.parsed.file),
    ...(accountSource && { accountSource }),
    ...(defaultedFlows.size > 0 && { defaultedFlows: MANAGED_FIELDS.filter((f) => defaultedFlows.has(f)) }),
  };
}
