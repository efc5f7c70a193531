import type { Diagnostic, SourceSpan } from '../errors/diagnostic.ts';
import { NUMBER_FIELDS, requestsFor, type ManagedField } from '../model/number-fields.ts';
import { NIL_UUID } from '../model/number.ts';
import type { PlannedChange } from './plan-types.ts';

/**
 * Finds updates that cannot succeed: PUT /numbers/{id} re-checks both flows, even unchanged
 * ones, and answers 500 for a flow that is not a live flow of the account (deleted since it was
 * set through an endpoint that checks nothing). Such a change would fail on every run, so the
 * plan says so before anything is sent. Pure.
 */
export function checkFlowWrites(
  changes: readonly PlannedChange[],
  liveFlowIds: ReadonlySet<string>,
  sourceOf: (number: string) => SourceSpan | undefined = () => undefined,
): Diagnostic[] {
  const problems: Diagnostic[] = [];
  for (const change of changes) {
    if (change.action !== 'update' || !requestsFor(change.changed).includes('number')) continue;
    const rewritten = change.changed.filter(
      (f) => NUMBER_FIELDS[f].write === 'number' && NUMBER_FIELDS[f].kind !== 'flow',
    );
    for (const field of ['callFlowId', 'messageFlowId'] as const satisfies readonly ManagedField[]) {
      const id = change.after[field];
      if (id === NIL_UUID || liveFlowIds.has(id)) continue;
      const spec = NUMBER_FIELDS[field];
      const source = sourceOf(change.number);
      problems.push({
        severity: 'error',
        code: 'DANGLING_FLOW',
        number: change.number,
        ...(source && { source }),
        message:
          `${change.number}: ${spec.wire} ${id} is not a live flow of this account (deleted, or never one), ` +
          `and VoIPBIN re-checks both flows when ${rewritten.map((f) => NUMBER_FIELDS[f].label).join(' or ')} changes, ` +
          'so this change would fail on every run',
        hint: `In the same change, point ${spec.label} at a flow that exists, or at none (leave both ${spec.label} and ${spec.wire} out); or leave ${rewritten.map((f) => NUMBER_FIELDS[f].label).join(' and ')} as the account has it.`,
      });
    }
  }
  return problems;
}
