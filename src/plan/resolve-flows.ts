import type { Diagnostic } from '../errors/diagnostic.ts';
import type { DesiredNumber, FlowRef } from '../model/desired.ts';
import {
  NUMBER_FIELDS,
  type FlowField,
  type ManagedField,
  type ManagedFields,
} from '../model/number-fields.ts';
import { NIL_UUID, type CurrentNumber, type Flow } from '../model/number.ts';

/** A desired number whose flows are ids checked against the account's flows. */
export type ResolvedNumber = Omit<DesiredNumber, ManagedField> & ManagedFields;

/**
 * Resolves flows given by name to ids and checks ids exist, so apply never meets the API's
 * opaque 500 for a bad flow. Names must match exactly one flow GET /flows lists. An id may also
 * be one of `unlisted`: flows of other types (queue, conference) that GET /flows/{id} found. An
 * id that is no flow is accepted only where the number already has it; whether the change can
 * still be sent is checkFlowWrites' question. Pure.
 */
export function resolveFlows(
  numbers: readonly DesiredNumber[],
  flows: readonly Flow[],
  current: readonly CurrentNumber[] = [],
  unlisted: readonly Flow[] = [],
): { numbers: ResolvedNumber[]; problems: Diagnostic[] } {
  // Built at the first id that is no flow: most configurations never need it.
  let currentByNumber: Map<string, CurrentNumber> | undefined;
  const byId = new Map([...flows, ...unlisted].map((f) => [f.id, f]));
  const byName = new Map<string, Flow[]>();
  for (const f of flows) byName.set(f.name, [...(byName.get(f.name) ?? []), f]);
  const problems: Diagnostic[] = [];

  const resolve = (n: DesiredNumber, ref: FlowRef, name: FlowField): string => {
    if (ref.kind === 'none') return NIL_UUID;
    const problem = (code: Diagnostic['code'], message: string): void => {
      problems.push({ severity: 'error', code, message, source: n.source, number: n.number });
    };
    const spec = NUMBER_FIELDS[name];
    const field = spec.label;
    if (ref.kind === 'id') {
      if (ref.id === NIL_UUID || byId.has(ref.id)) return ref.id;
      currentByNumber ??= new Map(current.map((c) => [c.number, c]));
      if (ref.id === currentByNumber.get(n.number)?.[name]) return ref.id;
      problem(
        'UNKNOWN_FLOW_ID',
        `${spec.wire} ${ref.id} of ${n.number} is not a flow of this account${listKnown(flows)}`,
      );
      return ref.id;
    }
    const matches = byName.get(ref.name) ?? [];
    if (matches.length === 1) return matches[0]!.id;
    if (matches.length === 0) {
      const near = flows.filter(
        (f) =>
          f.name.toLowerCase().includes(ref.name.toLowerCase()) ||
          ref.name.toLowerCase().includes(f.name.toLowerCase()),
      );
      problem(
        'UNKNOWN_FLOW_NAME',
        `${field} "${ref.name}" of ${n.number} matches no flow${near.length ? `; similar: ${near.map((f) => `"${f.name}" (${f.id})`).join(', ')}` : listKnown(flows)}`,
      );
      return NIL_UUID;
    }
    problem(
      'AMBIGUOUS_FLOW_NAME',
      `${field} "${ref.name}" of ${n.number} names ${matches.length} flows: ${matches.map((f) => f.id).join(', ')}; use ${spec.wire} with one of them`,
    );
    return NIL_UUID;
  };

  // The flow fields written out rather than looped over (see pickManaged); a flow field added to
  // the table and left out here keeps a FlowRef where ResolvedNumber wants an id: a compile error.
  const resolved = numbers.map((n): ResolvedNumber => ({
    ...n,
    callFlowId: resolve(n, n.callFlowId, 'callFlowId'),
    messageFlowId: resolve(n, n.messageFlowId, 'messageFlowId'),
  }));
  return { numbers: resolved, problems };
}

function listKnown(flows: readonly Flow[]): string {
  if (flows.length === 0) return '; the account has no flows';
  const shown = flows.slice(0, 5).map((f) => `"${f.name}" (${f.id})`);
  return `; known flows: ${shown.join(', ')}${flows.length > 5 ? `, and ${flows.length - 5} more` : ''}`;
}
