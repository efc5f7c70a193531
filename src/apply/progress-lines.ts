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
 * The closing stdout text of an apply. `bought` maps each number a purchase request was answered
 * for to its id: a purchase left unfinished (pending when the run stopped) was still made, and is
 * reported as bought, never as not done.
 */
export function formatApplyResult(
  result: ApplyResult,
  bought: ReadonlyMap<string, string> = new Map(),
): string {
  const count = (action: PlannedChange['action']) =>
    result.completed.filter((c) => c.change.action === action).length;
  const pending = result.skipped.filter((s) => s.change.action === 'create' && bought.has(s.change.number));
  const notDone = result.skipped.filter((s) => !pending.includes(s));
  const counts =
    `${count('create')} created, ${count('update')} updated, ${count('delete')} deleted` +
    (pending.length > 0 ? `; ${pending.length} bought, not yet active` : '');
  if (result.failed.length === 0 && result.skipped.length === 0) return `Apply complete: ${counts}.\n`;
  const out: string[] = [];
  if (result.failed.length > 0) {
    const total = result.completed.length + result.failed.length + result.skipped.length;
    out.push(`Apply failed: ${result.failed.length} of ${total} changes failed (${counts}).`);
    for (const f of result.failed) {
      out.push(`  ${f.change.number}: ${f.message}`);
      if (f.hint) out.push(`    hint: ${f.hint}`);
    }
  } else {
    out.push(`Apply interrupted (${counts}).`);
  }
  if (pending.length > 0) {
    out.push(
      'Bought, not yet active (numform stopped waiting; the next apply waits again, never buying twice):',
    );
    for (const s of pending) out.push(`  ${s.change.number}: bought [id=${bought.get(s.change.number)}]`);
  }
  if (notDone.length > 0) {
    out.push('Not done:');
    for (const s of notDone) out.push(`  ${s.change.number}: ${s.reason}`);
  }
  out.push('Run `numform apply` again to converge: it plans from what the account now holds.');
  return out.join('\n') + '\n';
}
