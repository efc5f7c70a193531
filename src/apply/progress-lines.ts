import { countNoun } from '../model/count-noun.ts';
import type { PlannedChange } from '../plan/plan-types.ts';
import type { ApplyEvent, ApplyResult } from './apply-events.ts';
import { formatDuration, formatElapsed } from '../clock/format-duration.ts';

function verbs(change: PlannedChange): { doing: string; done: string; noun: string } {
  if (change.action === 'create') {
    return change.type === 'normal'
      ? { doing: 'Purchasing...', done: 'Purchase complete', noun: 'Purchase' }
      : { doing: 'Creating...', done: 'Creation complete', noun: 'Creation' };
  }
  if (change.action === 'update')
    return { doing: 'Modifying...', done: 'Modifications complete', noun: 'Modification' };
  return { doing: 'Releasing...', done: 'Release complete', noun: 'Release' };
}

/** One stderr line per event, in Terraform's rhythm. */
export function formatApplyEvent(event: ApplyEvent): string {
  const { change } = event;
  const v = verbs(change);
  const id = change.action === 'create' ? '' : ` [id=${change.id}]`;
  switch (event.kind) {
    case 'started':
      return `${change.number}: ${v.doing}${id}`;
    case 'purchase-pending':
      return `${change.number}: Purchase pending [id=${event.id}]; waiting for it to become active...`;
    case 'completed':
      return `${change.number}: ${v.done} after ${formatDuration(event.elapsedMs)} [id=${event.id}]${event.adopted ? ' (found in the account after an interrupted request; bought once)' : ''}`;
    case 'failed':
      return `${change.number}: ${v.noun} failed: ${event.message}`;
    case 'skipped':
      return `${change.number}: Skipped: ${event.reason}`;
  }
}

/** The heartbeat of a wait, so a long wait never looks hung: `+1555…: Still pending... [00m20s elapsed]`. */
export function formatStillPending(change: PlannedChange, elapsedMs: number): string {
  return `${change.number}: Still pending... [${formatElapsed(elapsedMs)} elapsed]`;
}

/**
 * The closing stdout text of an apply: counts, then what failed (with hints), what was bought but
 * is not active yet (a purchase made is never reported as not done), what was not done, and the
 * releases held on purpose.
 */
export function formatApplyResult(result: ApplyResult): string {
  const count = (action: PlannedChange['action']) =>
    result.completed.filter((c) => c.change.action === action).length;
  const counts =
    `${count('create')} created, ${count('update')} updated, ${count('delete')} deleted` +
    (result.bought.length > 0 ? `; ${result.bought.length} bought, not yet active` : '');
  const held = result.held.map((h) => `  ${h.change.number}: ${h.reason}`);
  if (result.failed.length === 0 && result.skipped.length === 0 && result.bought.length === 0) {
    if (held.length === 0) return `Apply complete: ${counts}.\n`;
    return [`Apply complete: ${counts}; ${countNoun(held.length, 'release')} held:`, ...held, ''].join('\n');
  }
  const out: string[] = [];
  if (result.failed.length > 0) {
    const total =
      result.completed.length + result.failed.length + result.skipped.length + result.bought.length;
    out.push(`Apply failed: ${result.failed.length} of ${total} changes failed (${counts}).`);
    for (const f of result.failed) {
      out.push(`  ${f.change.number}: ${f.message}`);
      if (f.hint) out.push(`    hint: ${f.hint}`);
    }
  } else {
    out.push(`Apply interrupted (${counts}).`);
  }
  if (result.bought.length > 0) {
    out.push(
      'Bought, not yet active (numform stopped waiting; the next apply waits again, never buying twice):',
    );
    for (const b of result.bought) out.push(`  ${b.change.number}: bought [id=${b.id}]`);
  }
  if (result.skipped.length > 0 || held.length > 0) {
    out.push('Not done:');
    for (const s of result.skipped) out.push(`  ${s.change.number}: ${s.reason}`);
    out.push(...held);
  }
  out.push('Run `numform apply` again to converge: it plans from what the account now holds.');
  return out.join('\n') + '\n';
}
