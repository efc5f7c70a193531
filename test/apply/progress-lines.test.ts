import { describe, expect, it } from 'vitest';
import type { ApplyEvent, ApplyResult } from '../../src/apply/apply-events.ts';
import { formatApplyEvent, formatApplyResult, formatStillPending } from '../../src/apply/progress-lines.ts';
import { emptyManagedFields } from '../../src/model/number-fields.ts';
import type { PlannedChange } from '../../src/plan/plan-types.ts';

const ID = '0f9a7b1e-1111-4000-8000-000000000001';
const fields = { ...emptyManagedFields(), name: 'n' };

function change(action: PlannedChange['action'], number: string): PlannedChange {
  const type = number.startsWith('+899') ? 'virtual' : 'normal';
  if (action === 'create') return { action, number, type, after: fields, changed: ['name'] };
  if (action === 'update')
    return { action, number, id: ID, type, before: fields, after: fields, changed: ['name'] };
  return { action, number, id: ID, type, before: fields };
}

const purchase = change('create', '+15551234567');
const creation = change('create', '+899100000001');
const update = change('update', '+15557654321');
const release = change('delete', '+899100000009');
const line = (event: ApplyEvent) => formatApplyEvent(event);

describe('progress lines', () => {
  it('names what starts, with the id of numbers the account already has', () => {
    expect(line({ kind: 'started', change: purchase })).toBe('+15551234567: Purchasing...');
    expect(line({ kind: 'started', change: creation })).toBe('+899100000001: Creating...');
    expect(line({ kind: 'started', change: update })).toBe(`+15557654321: Modifying... [id=${ID}]`);
    expect(line({ kind: 'started', change: release })).toBe(`+899100000009: Releasing... [id=${ID}]`);
  });

  it('says when a purchase is pending and, while it is, how long it has waited', () => {
    expect(line({ kind: 'purchase-pending', change: purchase, id: ID, status: 'purchase-pending' })).toBe(
      `+15551234567: Purchase pending [id=${ID}]; waiting for it to become active...`,
    );
    expect(formatStillPending(purchase, 65_900)).toBe('+15551234567: Still pending... [01m05s elapsed]');
    // Found pending in the account (another job bought it): said, so two logs never read as two purchases.
    expect(
      line({
        kind: 'purchase-pending',
        change: purchase,
        id: ID,
        status: 'purchase-pending',
        how: 'adopted',
      }),
    ).toBe(
      `+15551234567: Purchase pending [id=${ID}] (already in the account after an unclear answer: adopted, not bought twice); waiting for it to become active...`,
    );
  });

  it('says how long a change took, and adds a note only to an adopted purchase, a release already gone, or an unusual status', () => {
    const done = { kind: 'completed', id: ID, elapsedMs: 125_000 } as const;
    expect(line({ ...done, change: purchase })).toBe(
      `+15551234567: Purchase complete after 2m05s [id=${ID}]`,
    );
    expect(line({ ...done, change: creation, elapsedMs: 400 })).toBe(
      `+899100000001: Creation complete after 0s [id=${ID}]`,
    );
    expect(line({ ...done, change: update, elapsedMs: 1500 })).toBe(
      `+15557654321: Modifications complete after 2s [id=${ID}]`,
    );
    expect(line({ ...done, change: release })).toBe(`+899100000009: Release complete after 2m05s [id=${ID}]`);
    expect(line({ ...done, change: purchase, elapsedMs: 3000, how: 'adopted' })).toBe(
      `+15551234567: Purchase complete after 3s [id=${ID}] (already in the account after an unclear answer: adopted, not bought twice)`,
    );
    expect(line({ ...done, change: release, elapsedMs: 1000, how: 'already-gone' })).toBe(
      `+899100000009: Release complete after 1s [id=${ID}] (already gone: released elsewhere since the plan was read)`,
    );
    expect(line({ ...done, change: purchase, elapsedMs: 1000, status: 'suspended' })).toBe(
      `+15551234567: Purchase complete with status "suspended" after 1s [id=${ID}]`,
    );
  });

  it('says a purchase still pending when the wait ends is bought, and not bought again', () => {
    expect(
      line({
        kind: 'still-pending',
        change: purchase,
        id: ID,
        status: 'provision-pending',
        waitedMs: 600_000,
      }),
    ).toBe(
      `+15551234567: Still pending at the carrier after 10m00s [id=${ID}] (status "provision-pending"): bought; numform stops waiting and will not buy it again`,
    );
  });

  it('says what failed without the hint, which the summary carries', () => {
    const failed = {
      kind: 'failed',
      code: 'API_INTERNAL',
      message: 'HTTP 500',
      hint: 'retry later',
    } as const;
    expect(line({ ...failed, change: purchase })).toBe('+15551234567: Purchase failed: HTTP 500');
    expect(line({ ...failed, change: creation })).toBe('+899100000001: Creation failed: HTTP 500');
    expect(line({ ...failed, change: update, hint: undefined })).toBe(
      '+15557654321: Modification failed: HTTP 500',
    );
    expect(line({ ...failed, change: release })).toBe('+899100000009: Release failed: HTTP 500');
    expect(
      line({ ...failed, change: purchase, code: 'PURCHASE_OUTCOME_UNKNOWN', message: 'not re-sent' }),
    ).toBe('+15551234567: Purchase outcome unknown: not re-sent');
  });

  it('says why a change was skipped', () => {
    expect(line({ kind: 'skipped', change: release, reason: 'not started: interrupted' })).toBe(
      '+899100000009: Skipped: not started: interrupted',
    );
  });
});

describe('apply summary', () => {
  const empty: ApplyResult = {
    completed: [],
    failed: [],
    skipped: [],
    pending: [],
    held: [],
    interrupted: false,
  };

  it('counts what was done by kind', () => {
    const result: ApplyResult = {
      ...empty,
      completed: [
        { change: purchase, id: ID },
        { change: creation, id: ID },
        { change: update, id: ID },
        { change: release, id: ID },
      ],
    };
    expect(formatApplyResult(result)).toBe('Apply complete: 2 created, 1 updated, 1 deleted.\n');
    expect(formatApplyResult(empty)).toBe('Apply complete: 0 created, 0 updated, 0 deleted.\n');
  });

  it('says which releases were held, and that nothing failed', () => {
    const held = { change: release, reason: 'held: the purchase of +15551234567 is not confirmed yet' };
    expect(formatApplyResult({ ...empty, completed: [{ change: update, id: ID }], held: [held] })).toBe(
      [
        'Apply complete: 0 created, 1 updated, 0 deleted.',
        '1 release held:',
        '  +899100000009: held: the purchase of +15551234567 is not confirmed yet',
        '',
      ].join('\n'),
    );
  });

  it('lists failures with a hint line only where there is a hint, then what was not done', () => {
    const result: ApplyResult = {
      pending: [],
      held: [],
      completed: [{ change: creation, id: ID }],
      failed: [
        { change: purchase, code: 'API_INTERNAL', message: 'HTTP 500', hint: 'check the carrier' },
        { change: update, code: 'API_PERMISSION_DENIED', message: 'HTTP 403', hint: undefined },
      ],
      skipped: [{ change: release, reason: 'release skipped because 2 earlier changes failed' }],
      interrupted: false,
    };
    expect(formatApplyResult(result)).toBe(
      [
        'Apply failed: 2 of 4 changes failed (1 created, 0 updated, 0 deleted).',
        '  +15551234567: HTTP 500',
        '    hint: check the carrier',
        '  +15557654321: HTTP 403',
        'Not done:',
        '  +899100000009: release skipped because 2 earlier changes failed',
        'Run `numform apply` again to converge: it plans from what the account now holds.',
        '',
      ].join('\n'),
    );
  });

  it('says an apply with nothing failed but something skipped was interrupted', () => {
    const result: ApplyResult = {
      pending: [],
      held: [],
      completed: [{ change: update, id: ID }],
      failed: [],
      skipped: [{ change: release, reason: 'not started: interrupted' }],
      interrupted: true,
    };
    expect(formatApplyResult(result)).toBe(
      [
        'Apply interrupted (0 created, 1 updated, 0 deleted).',
        'Not done:',
        '  +899100000009: not started: interrupted',
        'Run `numform apply` again to converge: it plans from what the account now holds.',
        '',
      ].join('\n'),
    );
  });

  it('lists no "Not done" section when everything was at least tried', () => {
    const result: ApplyResult = {
      ...empty,
      failed: [{ change: purchase, code: 'API_INTERNAL', message: 'HTTP 500' }],
    };
    expect(formatApplyResult(result)).toBe(
      [
        'Apply failed: 1 of 1 changes failed (0 created, 0 updated, 0 deleted).',
        '  +15551234567: HTTP 500',
        'Run `numform apply` again to converge: it plans from what the account now holds.',
        '',
      ].join('\n'),
    );
  });

  it('counts a purchase still pending as bought, not failed, lists it with its status, and says what was held', () => {
    const result: ApplyResult = {
      ...empty,
      completed: [{ change: update, id: ID }],
      pending: [{ change: purchase, id: ID, status: 'purchase-pending' }],
      held: [{ change: release, reason: 'held: still pending at the carrier' }],
    };
    expect(formatApplyResult(result)).toBe(
      [
        'Apply complete: 0 created, 1 updated, 0 deleted; 1 bought, still pending.',
        'Bought, still pending at the carrier (not failed; VoIPBIN may never mark them active, so later runs report them and do not wait again or buy twice):',
        `  +15551234567: [id=${ID}] status "purchase-pending"`,
        '1 release held:',
        '  +899100000009: held: still pending at the carrier',
        '',
      ].join('\n'),
    );
  });

  it('says an apply whose only unfinished change was bought and still pending was interrupted', () => {
    const result: ApplyResult = {
      ...empty,
      pending: [{ change: purchase, id: ID, status: 'purchase-pending' }],
      interrupted: true,
    };
    expect(formatApplyResult(result)).toBe(
      [
        'Apply interrupted (0 created, 0 updated, 0 deleted; 1 bought, still pending).',
        'Bought, still pending at the carrier (not failed; VoIPBIN may never mark them active, so later runs report them and do not wait again or buy twice):',
        `  +15551234567: [id=${ID}] status "purchase-pending"`,
        'Run `numform apply` again to converge: it plans from what the account now holds.',
        '',
      ].join('\n'),
    );
  });

  it('counts a purchase bought and still pending among the changes of a failed apply', () => {
    const result: ApplyResult = {
      ...empty,
      completed: [{ change: creation, id: ID }],
      failed: [{ change: update, code: 'API_INTERNAL', message: 'HTTP 500' }],
      pending: [{ change: purchase, id: ID, status: 'purchase-pending' }],
      interrupted: true,
    };
    expect(formatApplyResult(result).split('\n')[0]).toBe(
      'Apply failed: 1 of 3 changes failed (1 created, 0 updated, 0 deleted; 1 bought, still pending).',
    );
  });

  it('lists held releases apart when something failed', () => {
    const held = { change: release, reason: 'held: the purchase of +15551234567 is not confirmed yet' };
    const result: ApplyResult = {
      ...empty,
      failed: [{ change: update, code: 'API_INTERNAL', message: 'HTTP 500' }],
      held: [held],
    };
    expect(formatApplyResult(result)).toBe(
      [
        'Apply failed: 1 of 1 changes failed (0 created, 0 updated, 0 deleted).',
        '  +15557654321: HTTP 500',
        '1 release held:',
        '  +899100000009: held: the purchase of +15551234567 is not confirmed yet',
        'Run `numform apply` again to converge: it plans from what the account now holds.',
        '',
      ].join('\n'),
    );
  });
});
