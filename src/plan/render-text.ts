import { diffLines } from 'diff';
import type { Colors } from 'picocolors/types.js';
import { renderDiagnostics } from '../errors/render-diagnostics.ts';
import { countNoun } from '../model/count-noun.ts';
import { NUMBER_FIELDS, type ManagedField, type ManagedFields } from '../model/number-fields.ts';
import { NIL_UUID } from '../model/number.ts';
import { describeCustomer } from './check-account.ts';
import { formatCost, type PlanCost } from './estimate-cost.ts';
import {
  countUnfixableDrift,
  planHasDifferences,
  summarizePlan,
  type Plan,
  type PlannedChange,
} from './plan-types.ts';
import type { PlanAccount } from './render-json.ts';

/** The line a plan with nothing to do prints. */
export const NO_CHANGES = 'No changes. The account matches the configuration.';

/** Flow names by id, to show flows as people know them. */
export type FlowNames = Readonly<Record<string, string>>;

function headline(change: PlannedChange): string {
  const why = change.reason ? ` (${change.reason.message})` : '';
  switch (change.action) {
    case 'create':
      return `${change.number} will be ${change.type === 'normal' ? 'purchased' : 'created'} (${change.type})${why}`;
    case 'update':
      return `${change.number} will be updated in place${why}`;
    case 'delete':
      return `${change.number} will be released (${change.type})${why}`;
  }
}

function formatValue(field: ManagedField, value: ManagedFields[ManagedField], flows: FlowNames): string {
  if (typeof value === 'boolean') return String(value);
  if (NUMBER_FIELDS[field].kind === 'flow') {
    if (value === NIL_UUID) return '(none)';
    const name = flows[value];
    return name === undefined ? value : `${JSON.stringify(name)} (${value})`;
  }
  return JSON.stringify(value);
}

function isMultiline(value: unknown): value is string {
  return typeof value === 'string' && value.includes('\n');
}

/** A multi-line value change as a line diff, in a heredoc like Terraform's. */
function renderLineDiff(before: string, after: string, indent: string, c: Colors): string {
  const out = ['<<-EOT'];
  for (const part of diffLines(before, after)) {
    const lines = part.value.replace(/\n$/, '').split('\n');
    for (const line of lines) {
      if (part.added) out.push(`${indent}  ${c.green(`+ ${line}`)}`);
      else if (part.removed) out.push(`${indent}  ${c.red(`- ${line}`)}`);
      else out.push(`${indent}    ${line}`);
    }
  }
  out.push(`${indent}EOT`);
  return out.join('\n');
}

function renderChange(change: PlannedChange, flows: FlowNames, c: Colors): string[] {
  const symbol = { create: c.green('+'), update: c.yellow('~'), delete: c.red('-') }[change.action];
  const lines = [`  ${symbol} ${c.bold(headline(change))}`];
  if (change.action === 'delete') {
    // Which line is about to go, by the name people know it by.
    if (change.before.name !== '')
      lines.push(`      ${c.red('-')} name = ${formatValue('name', change.before.name, flows)}`);
    return lines;
  }
  const width = Math.max(0, ...change.changed.map((f) => NUMBER_FIELDS[f].label.length));
  const indent = '        ';
  for (const field of change.changed) {
    const label = NUMBER_FIELDS[field].label.padEnd(width);
    const after = change.after[field];
    if (change.action === 'create') {
      const shown = isMultiline(after)
        ? renderLineDiff('', after, indent, c)
        : formatValue(field, after, flows);
      lines.push(`      ${c.green('+')} ${label} = ${shown}`);
      continue;
    }
    const before = change.before[field];
    const shown =
      isMultiline(before) || isMultiline(after)
        ? renderLineDiff(String(before), String(after), indent, c)
        : `${formatValue(field, before, flows)} -> ${formatValue(field, after, flows)}`;
    lines.push(`      ${c.yellow('~')} ${label} = ${shown}`);
  }
  return lines;
}

/** What the text plan says besides the changes: a PlanContext will do. */
export interface PlanHeader {
  endpoint?: string;
  account?: PlanAccount;
  cost?: PlanCost;
}

/** `Acme Ltd (5e4a0680-…) at https://api.voipbin.net/v1.0`: which account a plan or prompt is for. */
export function describeAccount(account: PlanAccount, endpoint?: string): string {
  return endpoint === undefined ? describeCustomer(account) : `${describeCustomer(account)} at ${endpoint}`;
}

/**
 * The plan as Terraform-like text: stable, readable in CI logs, coloured only when asked. With a
 * header, it first names the account (so nobody applies to the wrong one), and a plan with
 * changes ends with their cost; a plan without changes costs nothing new, and says only that.
 */
export function renderPlanText(plan: Plan, flows: FlowNames, c: Colors, header: PlanHeader = {}): string {
  const out: string[] = [];
  if (header.account)
    out.push(`${c.bold('Account:')} ${describeAccount(header.account, header.endpoint)}`, '');
  if (plan.changes.length > 0) {
    out.push('numform will perform the following actions:', '');
    for (const change of plan.changes) out.push(...renderChange(change, flows, c), '');
  }
  if (plan.diagnostics.length > 0) out.push(renderDiagnostics(plan.diagnostics, { colors: c }), '');
  const { create, update, delete: del } = summarizePlan(plan);
  if (plan.changes.length > 0) {
    out.push(`${c.bold('Plan:')} ${create} to create, ${update} to update, ${del} to delete.`);
    if (header.cost) out.push(formatCost(header.cost));
  } else if (planHasDifferences(plan)) {
    const drift = countUnfixableDrift(plan);
    out.push(
      `No changes that apply can make, but the account differs from the configuration in ${countNoun(drift, 'way')} apply cannot fix (see the warnings above).`,
    );
  } else {
    out.push(NO_CHANGES);
  }
  return out.join('\n') + '\n';
}
