import { describe, expect, it } from 'vitest';
import type { ApplyEvent, ApplyResult } from '../../src/apply/apply-events.ts';
import { countResult, endingOf, toEventLine } from '../../src/apply/json-events.ts';
import { formatApplyEvent } from '../../src/apply/progress-lines.ts';
import { emptyManagedFields } from '../../src/model/number-fields.ts';
import type { PlannedChange } from '../../src/plan/plan-types.ts';

const ID = '0f9a7b1e-1111-4000-8000-000000000001';
const fields = emptyManagedFields();
const purchase: PlannedChange = {
  action: 'create',
  number: '+15551234567',
  type: 'normal',
  after: fields,
  changed: [],
};
const release: PlannedChange = {
  action: 'delete',
  number: '+899100000009',
  id: ID,
  type: 'virtual',
  before: fields,
};

describe('apply events as JSON lines', () => {
  const cases: [ApplyEvent, string, Record<string, unknown>][] = [
    [{ kind: 'started', change: purchase }, 'started', { id: null }],
    [
      { kind: 'purchase-pending', change: purchase, id: ID, status: 'purchase-pending', how: 'adopted' },
      'purchase_pending',
      { id: ID, status: 'purchase-pending', how: 'adopted' },
    ],
    [
      { kind: 'completed', change: release, id: ID, elapsedMs: 12, how: 'already-gone' },
      'completed',
      { id: ID, elapsed_ms: 12, how: 'already-gone', status: null },
    ],
    [
      { kind: 'still-pending', change: purchase, id: ID, status: 'purchase-pending', waitedMs: 600_000 },
      'still_pending',
      { id: ID, status: 'purchase-pending', waited_ms: 600_000 },
    ],
    [
      { kind: 'failed', change: purchase, code: 'API_ERROR', message: 'refused', hint: 'try later' },
      'failed',
      { code: 'API_ERROR', message: 'refused', hint: 'try later' },
    ],
    [{ kind: 'skipped', change: release, reason: 'not started' }, 'skipped', { reason: 'not started' }],
    [{ kind: 'held', change: release, reason: 'held: pending' }, 'held', { reason: 'held: pending' }],
  ];

  it.each(cases)('%o is a "%s" line naming the number and the action', (event, type, own) => {
    const line = toEventLine(event);
    expect(line).toMatchObject({
      type,
      '@message': formatApplyEvent(event),
      number: event.change.number,
      action: event.change.action,
      number_type: event.change.type,
      ...own,
    });
  });

  it('counts a result as the text summary does, and names its ending', () => {
    const result: ApplyResult = {
      completed: [{ change: purchase, id: ID }],
      failed: [],
      skipped: [],
      pending: [{ change: purchase, id: ID, status: 'purchase-pending' }],
      held: [{ change: release, reason: 'held' }],
      interrupted: false,
    };
    expect(countResult(result)).toEqual({
      created: 1,
      updated: 0,
      deleted: 0,
      still_pending: 1,
      failed: 0,
      skipped: 0,
      held: 1,
    });
    expect(endingOf(result)).toBe('applied');
    expect(endingOf({ ...result, interrupted: true })).toBe('interrupted');
    const failed = { change: release, code: 'X', message: 'm' };
    expect(endingOf({ ...result, interrupted: true, failed: [failed] })).toBe('failed');
  });
});
