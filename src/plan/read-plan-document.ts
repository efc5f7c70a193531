import { DIAGNOSTIC_CODES, type Diagnostic, type DiagnosticCode } from '../errors/diagnostic.ts';
import {
  MANAGED_FIELDS,
  NUMBER_FIELDS,
  type ManagedField,
  type ManagedFields,
} from '../model/number-fields.ts';
import type { NumberType } from '../model/number.ts';
import type { PlanCost } from './estimate-cost.ts';
import type { ChangeReason, Plan, PlannedChange } from './plan-types.ts';
import type { PlanContext } from './render-json.ts';

/** A JSON plan read back into memory, or why it cannot be: the inverse of `toPlanDocument`. */
export type ReadPlanDocument =
  { ok: true; plan: Plan; context: PlanContext } | { ok: false; problem: string };

/** Thrown inside the reader to stop at the first part of the document that is not a plan's. */
class ShapeError extends Error {}

type Json = Record<string, unknown>;

const REASON_CODES: readonly ChangeReason['code'][] = [
  'PENDING_PURCHASE',
  'HELD',
  'RELEASED_FIRST',
  'AFTER_RELEASE',
];
const SEVERITIES: readonly Diagnostic['severity'][] = ['error', 'warning', 'note'];

function fail(what: string): never {
  throw new ShapeError(what);
}

function objectAt(value: unknown, what: string): Json {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) fail(`${what} is not an object`);
  return value as Json;
}

function arrayAt(value: unknown, what: string): unknown[] {
  if (!Array.isArray(value)) fail(`${what} is not a list`);
  return value;
}

function textAt(value: unknown, what: string): string {
  if (typeof value !== 'string') fail(`${what} is not a string`);
  return value;
}

function optionalText(value: unknown, what: string): string | undefined {
  return value === null || value === undefined ? undefined : textAt(value, what);
}

function integerAt(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) fail(`${what} is not an integer`);
  return value;
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[], what: string): T {
  if (!allowed.includes(value as T)) fail(`${what} is not one of ${allowed.join(', ')}`);
  return value as T;
}

/** Managed fields from their wire names, each of the kind the field table declares. */
function readFields(value: unknown, what: string): ManagedFields {
  const o = objectAt(value, what);
  const out: Record<string, unknown> = {};
  for (const f of MANAGED_FIELDS) {
    const spec = NUMBER_FIELDS[f];
    const v = o[spec.wire];
    const expected = spec.kind === 'flag' ? 'boolean' : 'string';
    if (typeof v !== expected) fail(`${what}.${spec.wire} is not a ${expected}`);
    out[f] = v;
  }
  return out as ManagedFields;
}

function readChangedFields(value: unknown, what: string): ManagedField[] {
  const byWire = new Map(MANAGED_FIELDS.map((f) => [NUMBER_FIELDS[f].wire as string, f]));
  return arrayAt(value, what).map((w, i) => byWire.get(w as string) ?? fail(`${what}[${i}] is no field`));
}

function readReason(value: unknown, what: string): ChangeReason | undefined {
  if (value === null) return undefined;
  const o = objectAt(value, what);
  const reason: ChangeReason = {
    code: oneOf(o.code, REASON_CODES, `${what}.code`),
    message: textAt(o.message, `${what}.message`),
  };
  if (o.after !== undefined)
    reason.after = arrayAt(o.after, `${what}.after`).map((n, i) => textAt(n, `${what}.after[${i}]`));
  return reason;
}

function readChange(value: unknown, index: number): PlannedChange {
  const what = `changes[${index}]`;
  const o = objectAt(value, what);
  const action = oneOf(o.action, ['create', 'update', 'delete'] as const, `${what}.action`);
  const number = textAt(o.number, `${what}.number`);
  const type = textAt(o.type, `${what}.type`);
  const reason = readReason(o.reason ?? null, `${what}.reason`);
  const common = { number, ...(reason && { reason }) };
  if (action === 'create') {
    return {
      action,
      ...common,
      type: oneOf<NumberType>(type, ['normal', 'virtual'], `${what}.type`),
      after: readFields(o.after, `${what}.after`),
      changed: readChangedFields(o.fields, `${what}.fields`),
    };
  }
  const id = textAt(o.id, `${what}.id`);
  const before = readFields(o.before, `${what}.before`);
  if (action === 'delete') return { action, ...common, id, type, before };
  return {
    action,
    ...common,
    id,
    type,
    before,
    after: readFields(o.after, `${what}.after`),
    changed: readChangedFields(o.fields, `${what}.fields`),
  };
}

function readDiagnostic(value: unknown, index: number): Diagnostic {
  const what = `diagnostics[${index}]`;
  const o = objectAt(value, what);
  const d: Diagnostic = {
    severity: oneOf(o.severity, SEVERITIES, `${what}.severity`),
    code: oneOf<DiagnosticCode>(o.code, DIAGNOSTIC_CODES, `${what}.code`),
    message: textAt(o.message, `${what}.message`),
  };
  const hint = optionalText(o.hint, `${what}.hint`);
  if (hint !== undefined) d.hint = hint;
  const file = optionalText(o.file, `${what}.file`);
  if (file !== undefined) {
    d.source = { file };
    if (o.line !== null && o.line !== undefined) d.source.line = integerAt(o.line, `${what}.line`);
    if (o.col !== null && o.col !== undefined) d.source.col = integerAt(o.col, `${what}.col`);
  }
  const number = optionalText(o.number, `${what}.number`);
  if (number !== undefined) d.number = number;
  return d;
}

function readCost(value: unknown): PlanCost | undefined {
  if (value === null || value === undefined) return undefined;
  const o = objectAt(value, 'cost');
  const cost: PlanCost = {
    nowMicros: integerAt(o.now_micros, 'cost.now_micros'),
    monthlyMicros: integerAt(o.monthly_micros, 'cost.monthly_micros'),
  };
  if (o.until_released_micros !== null && o.until_released_micros !== undefined) {
    cost.untilReleasedMicros = integerAt(o.until_released_micros, 'cost.until_released_micros');
  }
  return cost;
}

function readFlowNames(value: unknown): Record<string, string> {
  const o = objectAt(value, 'flows');
  return Object.fromEntries(Object.entries(o).map(([id, name]) => [id, textAt(name, `flows.${id}`)]));
}

/**
 * Reads a JSON plan (as `plan --format json` prints it and `plan --out` saves it) back into the
 * plan and context it was rendered from, so every renderer can show it again. Checks the shape of
 * every part it uses, since the document comes from a file anyone may have edited.
 */
export function readPlanDocument(value: unknown): ReadPlanDocument {
  try {
    const o = objectAt(value, 'the plan');
    const account =
      o.account === null || o.account === undefined ? undefined : objectAt(o.account, 'account');
    const cost = readCost(o.cost);
    const context: PlanContext = {
      endpoint: textAt(o.endpoint, 'endpoint'),
      ...(account && {
        account: { id: textAt(account.id, 'account.id'), name: textAt(account.name, 'account.name') },
      }),
      ...(cost && { cost }),
      config_digest: textAt(o.config_digest, 'config_digest'),
      state_digest: textAt(o.state_digest, 'state_digest'),
      plan_digest: textAt(o.plan_digest, 'plan_digest'),
      targets: arrayAt(o.targets, 'targets').map((t, i) => textAt(t, `targets[${i}]`)),
      flows: readFlowNames(o.flows),
    };
    const plan: Plan = {
      changes: arrayAt(o.changes, 'changes').map(readChange),
      diagnostics: arrayAt(o.diagnostics, 'diagnostics').map(readDiagnostic),
    };
    return { ok: true, plan, context };
  } catch (error) {
    if (error instanceof ShapeError) return { ok: false, problem: error.message };
    throw error;
  }
}
