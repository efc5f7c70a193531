import { MANAGED_FIELDS, NUMBER_FIELDS } from '../model/number-fields.ts';
import { NIL_UUID, type Flow } from '../model/number.ts';
import type { PlannedChange } from './plan-types.ts';
import type { FlowNames } from './render-text.ts';

/** The names of the flows a plan's changes refer to, by id, sorted: for display only. */
export function nameReferencedFlows(changes: readonly PlannedChange[], flows: readonly Flow[]): FlowNames {
  const ids = new Set<string>();
  for (const c of changes) {
    for (const fields of [
      c.action === 'create' ? undefined : c.before,
      c.action === 'delete' ? undefined : c.after,
    ]) {
      if (!fields) continue;
      for (const f of MANAGED_FIELDS) {
        const value = fields[f];
        if (NUMBER_FIELDS[f].kind === 'flow' && typeof value === 'string' && value !== NIL_UUID)
          ids.add(value);
      }
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
