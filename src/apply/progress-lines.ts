import { countNoun } from '../model/count-noun.ts';
import type { PlannedChange } from '../plan/plan-types.ts';
import type { ApplyEvent, ApplyResult, CompletedHow } from './apply-events.ts';
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

const HOW: Record<CompletedHow, string> = {
  adopted: ' (already in the account after an unclear answer: adopted, not bought twice)',
  'already-gone': ' (already gone: released elsewhere since the plan was read)',
};

/** One stderr line per event, in Terraform's rhythm. */
export function formatApplyEvent(event: ApplyEvent): string {
  const { change } = event;
  const v = verbs(change);
  const id = change.action === 'create' ? '' : ` [id=${change.id}]`;
  switch (event.kind) {
    case 'started':
      return `${change.number}: ${v.doing}${id}`;
    case 'purchase-pending':
      return `${change.number}: Purchase pending [id=${event.id}]${event.how ? HOW[event.how] : ''}; waiting for it to become active...`;
    case 'completed': {
      const status = event.status === undefined ? '' : ` with status "${event.status}"`;
      const how = event.how === undefined ? '' : HOW[event.how];
      return `${change.number}: ${v.done}${status} after ${formatDuration(event.elapsedMs)} [id=${event.id}]${how}`;
    }
    case 'still-pending':
      return `${change.number}: Still pending at the carrier after ${formatDuration(event.waitedMs)} [id=${event.id}] (status "${event.status}"): bought; numform stops waiting and will not buy it again`;
    case 'failed':
      return event.code === 'PURCHASE_OUTCOME_UNKNOWN'
        ? `${change.number}: Purchase outcome unknown: ${event.message}`
        : `${change.number}: ${v.noun} failed: ${event.message}`;
    case 'skipped':
    case 'held':
      return `${change.number}: Skipped: ${event.reason}`;
  }
}

/** The heartbeat of a wait, so a long wait never looks hung: `+1555…: Still pending... [00m20s elapsed]`. */
export function formatStillPending(change: PlannedChange, elapsedMs: number): string {
  return `${change.number}: Still pending... [${formatElapsed(elapsedMs)} elapsed]`;
}

/**
 * The closing stdout text of an apply: counts, then what failed (with hints), what was bought but
 * is still pending at the carrier (a purchase made is never reported as not done), what was not
 * done, and the releases held on purpose.
 */
export function formatApplyResult(result: ApplyResult): string {
  const count = (action: PlannedChange['action']) =>
    result.completed.filter((c) => c.change.action === action).length;
  const counts =
    `${count('create')} created, ${count('update')} updated, ${count('delete')} deleted` +
    (result.pending.length > 0 ? `; ${result.pending.length} bought, still pending` : '');
  const out: string[] = [];
  const unfinished = result.failed.length > 0 || result.skipped.length > 0 || result.interrupted;
  if (result.failed.length > 0) {
    const total =
      result.completed.length + result.failed.length + result.skipped.length + result.pending.length;
    out.push(`Apply failed: ${result.failed.length} of ${total} changes failed (${counts}).`);
    for (const f of result.failed) {
      out.push(`  ${f.change.number}: ${f.message}`);
      if (f.hint) out.push(`    hint: ${f.hint}`);
    }
  } else if (unfinished) {
    out.push(`Apply interrupted (${counts}).`);
  } else {
    out.push(`Apply complete: ${counts}.`);
  }
  if (result.pending.length > 0) {
    out.push(
      'Bought, still pending at the carrier (not failed; VoIPBIN may never mark them active, so later runs report them and do not wait again or buy twice):',
    );
    for (const p of result.pending) out.push(`  ${p.change.number}: [id=${p.id}] status "${p.status}"`);
  }
  if (result.skipped.length > 0) {
    out.push('Not done:');
    for (const s of result.skipped) out.push(`  ${s.change.number}: ${s.reason}`);
  }
  if (result.held.length > 0) {
    out.push(`${countNoun(result.held.length, 'release')} held:`);
    for (const h of result.held) out.push(`  ${h.change.number}: ${h.reason}`);
  }
  if (unfinished)
    out.push('Run `numform apply` again to converge: it plans from what the account now holds.');
  return out.join('\n') + '\n';
}
