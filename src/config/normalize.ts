import {
  DEFAULT_POLICY,
  type DesiredNumber,
  type DesiredState,
  type FlowRef,
  type Policy,
} from '../model/desired.ts';
import { deriveNumberType } from '../model/number.ts';
import type { Defaults, NumberEntry, NumbersFile } from './numbers-config.gen.ts';
import { locatePath, type ParsedSource } from './yaml-source.ts';

/** A valid file's data with where it came from. */
export interface ValidFile {
  parsed: ParsedSource;
  data: NumbersFile;
}

function flowRef(name: string | undefined, id: string | undefined): FlowRef | undefined {
  if (name !== undefined) return { kind: 'name', name };
  if (id !== undefined) return { kind: 'id', id: id.toLowerCase() };
  return undefined;
}

function normalizeEntry(
  entry: NumberEntry,
  defaults: Defaults,
  parsed: ParsedSource,
  index: number,
): DesiredNumber {
  const none: FlowRef = { kind: 'none' };
  return {
    number: entry.number,
    type: deriveNumberType(entry.number),
    name: entry.name ?? '',
    detail: entry.detail ?? defaults.detail ?? '',
    // An entry's own flow, by name or by id, replaces the default given either way.
    callFlow:
      flowRef(entry.call_flow, entry.call_flow_id) ??
      flowRef(defaults.call_flow, defaults.call_flow_id) ??
      none,
    messageFlow:
      flowRef(entry.message_flow, entry.message_flow_id) ??
      flowRef(defaults.message_flow, defaults.message_flow_id) ??
      none,
    rtpDebug: entry.rtp_debug ?? defaults.rtp_debug ?? false,
    expect: {
      ...(entry.t38_enabled !== undefined && { t38Enabled: entry.t38_enabled }),
      ...(entry.emergency_enabled !== undefined && { emergencyEnabled: entry.emergency_enabled }),
    },
    source: { file: parsed.file, ...locatePath(parsed, ['numbers', index]) },
  };
}

/**
 * Turns valid files into the desired state: defaults merged per file, type derived from the
 * prefix, omitted fields set to the API's empty values, the one policy with its defaults.
 */
export function normalizeConfig(files: readonly ValidFile[]): DesiredState {
  let policy: Policy = DEFAULT_POLICY;
  const numbers: DesiredNumber[] = [];
  for (const { parsed, data } of files) {
    if (data.policy) {
      policy = {
        prune: data.policy.prune ?? DEFAULT_POLICY.prune,
        unmanaged: data.policy.unmanaged ?? [],
        protect: data.policy.protect ?? [],
        maxPurchases: data.policy.max_purchases ?? DEFAULT_POLICY.maxPurchases,
      };
    }
    (data.numbers ?? []).forEach((entry, i) =>
      numbers.push(normalizeEntry(entry, data.defaults ?? {}, parsed, i)),
    );
  }
  return { numbers, policy, files: files.map((f) => f.parsed.file) };
}
