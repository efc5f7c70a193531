import type { Policy } from '../model/desired.ts';
import { createGlobMatcher } from '../model/glob.ts';
import {
  isPendingStatus,
  NIL_UUID,
  type CurrentNumber,
  type Flow,
  type ManagedFields,
} from '../model/number.ts';
import {
  PLANNED_FIELDS,
  type Plan,
  type PlannedChange,
  type PlannedField,
  type PlannedFields,
  type PlanWarning,
} from './plan-types.ts';
import type { ResolvedNumber } from './resolve-flows.ts';

/** What the planner is asked to reach. */
export interface PlanInput {
  numbers: readonly ResolvedNumber[];
  policy: Policy;
}

/** Options of one planning run. */
export interface PlanOptions {
  /** Limit the plan to these numbers (`--target`). */
  targets?: readonly string[];
  /** The account's flows, to name them in the plan. */
  flows?: readonly Flow[];
}

/** The planned view of a number's managed fields, desired or current. */
export function toPlannedFields(n: ManagedFields): PlannedFields {
  return {
    name: n.name,
    detail: n.detail,
    call_flow_id: n.callFlowId,
    message_flow_id: n.messageFlowId,
    rtp_debug: n.rtpDebug,
  };
}

function changedFields(before: PlannedFields, after: PlannedFields): PlannedField[] {
  return PLANNED_FIELDS.filter((f) => before[f] !== after[f]);
}

const EMPTY: PlannedFields = {
  name: '',
  detail: '',
  call_flow_id: NIL_UUID,
  message_flow_id: NIL_UUID,
  rtp_debug: false,
};

/**
 * The pure planner: compares the desired numbers with the account's and lists the creates,
 * updates and deletes that make them equal. No I/O, no clock; keys are the E.164 strings.
 * Values are compared after the server's normalisation, so an applied plan plans to nothing.
 */
export function buildPlan(
  input: PlanInput,
  current: readonly CurrentNumber[],
  options: PlanOptions = {},
): Plan {
  const isUnmanaged = createGlobMatcher(input.policy.unmanaged);
  const targets = new Set(options.targets ?? []);
  const inTarget = targets.size > 0 ? (n: string) => targets.has(n) : () => true;
  const currentByNumber = new Map(current.map((n) => [n.number, n]));
  const declared = new Set(input.numbers.map((n) => n.number));
  const changes: PlannedChange[] = [];
  const warnings: PlanWarning[] = [];
  let unfixableDrift = 0;

  for (const want of input.numbers) {
    if (!inTarget(want.number)) continue;
    const after = toPlannedFields(want);
    const have = currentByNumber.get(want.number);
    if (!have) {
      changes.push({
        action: 'create',
        number: want.number,
        id: null,
        type: want.type,
        before: null,
        after,
        fields: changedFields(EMPTY, after),
        wait_for_purchase: false,
      });
      continue;
    }
    const pending = isPendingStatus(have.status);
    if (!pending && have.status !== 'active') {
      warnings.push({
        number: want.number,
        code: 'UNKNOWN_STATUS',
        message: `${want.number} has status "${have.status}"; numform manages its fields but cannot change its status`,
      });
    }
    for (const [key, label] of [
      ['t38Enabled', 't38_enabled'],
      ['emergencyEnabled', 'emergency_enabled'],
    ] as const) {
      const expected = want.expect[key];
      if (expected !== undefined && expected !== have[key]) {
        unfixableDrift++;
        warnings.push({
          number: want.number,
          code: 'READ_ONLY_DRIFT',
          message: `${want.number}: ${label} is ${String(have[key])} but the configuration expects ${String(expected)}; it is read-only (set by the carrier), so apply cannot fix it`,
        });
      }
    }
    const before = toPlannedFields(have);
    const fields = changedFields(before, after);
    if (fields.length === 0) {
      if (pending) {
        warnings.push({
          number: want.number,
          code: 'PENDING_PURCHASE',
          message: `${want.number} is still pending purchase (status "${have.status}"); its fields already match`,
        });
      }
      continue;
    }
    changes.push({
      action: 'update',
      number: want.number,
      id: have.id,
      type: have.type,
      before,
      after,
      fields,
      wait_for_purchase: pending,
    });
  }

  if (input.policy.prune) {
    for (const have of current) {
      if (declared.has(have.number) || isUnmanaged(have.number) || !inTarget(have.number)) continue;
      const before = toPlannedFields(have);
      changes.push({
        action: 'delete',
        number: have.number,
        id: have.id,
        type: have.type,
        before,
        after: null,
        fields: [],
        wait_for_purchase: false,
      });
    }
  }

  const order = { create: 0, update: 1, delete: 2 };
  changes.sort((a, b) => order[a.action] - order[b.action] || a.number.localeCompare(b.number));
  warnings.sort((a, b) => a.number.localeCompare(b.number) || a.code.localeCompare(b.code));
  return {
    format_version: '1',
    changes,
    summary: {
      create: changes.filter((c) => c.action === 'create').length,
      update: changes.filter((c) => c.action === 'update').length,
      delete: changes.filter((c) => c.action === 'delete').length,
    },
    warnings,
    flows: nameReferencedFlows(changes, options.flows ?? []),
    unfixable_drift: unfixableDrift,
  };
}

function nameReferencedFlows(
  changes: readonly PlannedChange[],
  flows: readonly Flow[],
): Record<string, string> {
  const ids = new Set<string>();
  for (const c of changes) {
    for (const f of [c.before, c.after]) {
      if (f) for (const id of [f.call_flow_id, f.message_flow_id]) if (id !== NIL_UUID) ids.add(id);
    }
  }
  const nameById = new Map(flows.map((f) => [f.id, f.name]));
  const out: Record<string, string> = {};
  for (const id of [...ids].sort()) {
    const name = nameById.get(id);
    if (name !== undefined) out[id] = name;
  }
  return out;
}
