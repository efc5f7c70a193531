import { diffLines } from 'diff';
import type { Colors } from 'picocolors/types.js';
import { NIL_UUID } from '../model/number.ts';
import { planHasDifferences, type Plan, type PlannedChange, type PlannedField } from './plan-types.ts';

const LABELS: Record<PlannedField, string> = {
  name: 'name',
  detail: 'detail',
  call_flow_id: 'call_flow',
  message_flow_id: 'message_flow',
  rtp_debug: 'rtp_debug',
};

/** The line a plan with nothing to do prints. */
export const NO_CHANGES = 'No changes. The account matches the configuration.';

function headline(change: PlannedChange): string {
  if (change.action === 'create') {
    return `${change.number} will be ${change.type === 'normal' ? 'purchased' : 'created'} (${change.type})`;
  }
  if (change.action === 'delete') return `${change.number} will be released (${change.type})`;
  return change.wait_for_purchase
    ? `${change.number} will be updated in place once its pending purchase completes`
    : `${change.number} will be updated in place`;
}

function formatValue(field: PlannedField, value: string | boolean, flows: Record<string, string>): string {
  if (typeof value === 'boolean') return String(value);
  if (field === 'call_flow_id' || field === 'message_flow_id') {
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
function renderLineDiff(before: string, after: string, indent: string, c: Colors): string[] {
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
  return out;
}

function renderChange(change: PlannedChange, flows: Record<string, string>, c: Colors): string[] {
  const symbol =
    change.action === 'create' ? c.green('+') : change.action === 'update' ? c.yellow('~') : c.red('-');
  const lines = [`  ${symbol} ${c.bold(headline(change))}`];
  const width = Math.max(0, ...change.fields.map((f) => LABELS[f].length));
  for (const field of change.fields) {
    const label = LABELS[field].padEnd(width);
    const after = change.after![field];
    if (change.action === 'create') {
      const shown = isMultiline(after)
        ? renderLineDiff('', after, '        ', c).join('\n')
        : formatValue(field, after, flows);
      lines.push(`      ${c.green('+')} ${label} = ${shown}`);
      continue;
    }
    const before = change.before![field];
    if (isMultiline(before) || isMultiline(after)) {
      lines.push(
        `      ${c.yellow('~')} ${label} = ${renderLineDiff(String(before), String(after), '        ', c).join('\n')}`,
      );
    } else {
      lines.push(
        `      ${c.yellow('~')} ${label} = ${formatValue(field, before, flows)} -> ${formatValue(field, after, flows)}`,
      );
    }
  }
  return lines;
}

/** The plan as Terraform-like text: stable, readable in CI logs, coloured only when asked. */
export function renderPlanText(plan: Plan, c: Colors): string {
  const out: string[] = [];
  if (plan.changes.length > 0) {
    out.push('numform will perform the following actions:', '');
    for (const change of plan.changes) out.push(...renderChange(change, plan.flows, c), '');
  }
  for (const w of plan.warnings)
    out.push(`${w.code === 'PENDING_PURCHASE' ? c.cyan('Note:') : c.yellow('Warning:')} ${w.message}`);
  if (plan.warnings.length > 0) out.push('');
  const { create, update, delete: del } = plan.summary;
  if (plan.changes.length > 0) {
    out.push(`${c.bold('Plan:')} ${create} to create, ${update} to update, ${del} to delete.`);
  } else if (planHasDifferences(plan)) {
    out.push(
      `No changes that apply can make, but ${plan.unfixable_drift} read-only field${plan.unfixable_drift === 1 ? ' differs' : 's differ'} from the configuration (see the warnings above).`,
    );
  } else {
    out.push(NO_CHANGES);
  }
  return out.join('\n') + '\n';
}
