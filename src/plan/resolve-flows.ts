import type { DesiredNumber, FlowRef } from '../model/desired.ts';
import { NIL_UUID, type CurrentNumber, type Flow } from '../model/number.ts';

/** A desired number whose flows are ids checked against the account's flows. */
export interface ResolvedNumber extends Omit<DesiredNumber, 'callFlow' | 'messageFlow'> {
  callFlowId: string;
  messageFlowId: string;
}

/** A flow reference that could not be resolved, with where it was declared. */
export interface FlowProblem {
  number: string;
  where: string;
  code: 'UNKNOWN_FLOW_ID' | 'UNKNOWN_FLOW_NAME' | 'AMBIGUOUS_FLOW_NAME';
  message: string;
}

/**
 * Resolves flows given by name to ids and checks ids exist, so apply never meets the API's
 * opaque 500 for a bad flow. Names must match exactly one flow. An id GET /flows does not list
 * (a queue or conference flow, say) is accepted only where the number already has it: keeping
 * a value sends nothing, so it cannot fail. Pure.
 */
export function resolveFlows(
  numbers: readonly DesiredNumber[],
  flows: readonly Flow[],
  current: readonly CurrentNumber[] = [],
): { numbers: ResolvedNumber[]; problems: FlowProblem[] } {
  const currentByNumber = new Map(current.map((n) => [n.number, n]));
  const byId = new Map(flows.map((f) => [f.id, f]));
  const byName = new Map<string, Flow[]>();
  for (const f of flows) byName.set(f.name, [...(byName.get(f.name) ?? []), f]);
  const problems: FlowProblem[] = [];

  const resolve = (n: DesiredNumber, ref: FlowRef, field: string): string => {
    const where = `${n.source.file}:${n.source.line}:${n.source.col}`;
    if (ref.kind === 'none') return NIL_UUID;
    if (ref.kind === 'id') {
      const have = currentByNumber.get(n.number);
      const kept = field === 'call_flow' ? have?.callFlowId : have?.messageFlowId;
      if (ref.id === NIL_UUID || byId.has(ref.id) || ref.id === kept) return ref.id;
      problems.push({
        number: n.number,
        where,
        code: 'UNKNOWN_FLOW_ID',
        message: `${field}_id ${ref.id} of ${n.number} is not a flow of this account${listKnown(flows)}`,
      });
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
      problems.push({
        number: n.number,
        where,
        code: 'UNKNOWN_FLOW_NAME',
        message: `${field} "${ref.name}" of ${n.number} matches no flow${near.length ? `; similar: ${near.map((f) => `"${f.name}" (${f.id})`).join(', ')}` : listKnown(flows)}`,
      });
      return NIL_UUID;
    }
    problems.push({
      number: n.number,
      where,
      code: 'AMBIGUOUS_FLOW_NAME',
      message: `${field} "${ref.name}" of ${n.number} names ${matches.length} flows: ${matches.map((f) => f.id).join(', ')}; use ${field}_id with one of them`,
    });
    return NIL_UUID;
  };

  const resolved = numbers.map((n) => {
    const { callFlow, messageFlow, ...rest } = n;
    return {
      ...rest,
      callFlowId: resolve(n, callFlow, 'call_flow'),
      messageFlowId: resolve(n, messageFlow, 'message_flow'),
    };
  });
  return { numbers: resolved, problems };
}

function listKnown(flows: readonly Flow[]): string {
  if (flows.length === 0) return '; the account has no flows';
  const shown = flows.slice(0, 5).map((f) => `"${f.name}" (${f.id})`);
  return `; known flows: ${shown.join(', ')}${flows.length > 5 ? `, and ${flows.length - 5} more` : ''}`;
}
