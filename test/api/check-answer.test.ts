import { describe, expect, it } from 'vitest';
import {
  checkOne,
  checkPage,
  checkWireFlow,
  checkWireNumber,
  UnusableAnswer,
} from '../../src/api/check-answer.ts';

const FLOW_ID = 'd157ce07-0360-4cad-9007-c8ab89fccf9c';

/** The problem a check reports, or the value it accepted. */
function problemOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof UnusableAnswer) return error.problem;
    throw error;
  }
  return 'accepted';
}

const oneFlow = (body: unknown): string => problemOf(() => checkOne(checkWireFlow)(body));
const oneNumber = (body: unknown): string => problemOf(() => checkOne(checkWireNumber)(body));

describe('UnusableAnswer', () => {
  it('is named, so a stack trace of a bug says what it was', () => {
    const error = new UnusableAnswer('is odd');
    expect(error.name).toBe('UnusableAnswer');
    expect(error.message).toBe('is odd');
  });
});

describe('checkWireFlow', () => {
  it('names the kind it expected when the answer is not an object', () => {
    expect(oneFlow(42)).toBe('is not a flow but 42');
  });

  it('accepts a flow without name or detail, and null times', () => {
    expect(oneFlow({ id: FLOW_ID, tm_create: null, tm_delete: null })).toBe('accepted');
  });

  it.each(['name', 'detail'])('refuses a flow whose %s is not text, naming only what it has', (key) => {
    expect(oneFlow({ id: FLOW_ID, [key]: 5 })).toBe(`is a flow (id ${FLOW_ID}) whose "${key}" is not text`);
  });

  it('refuses a flow without an id, or with an empty one', () => {
    expect(oneFlow({})).toBe('is a flow without an "id" (it is missing)');
    expect(oneFlow({ id: '' })).toBe('is a flow without an "id" (it is "")');
    expect(oneFlow({ id: 5 })).toBe('is a flow without an "id" (it is 5)');
  });

  it('refuses a time that is not text', () => {
    expect(oneFlow({ id: FLOW_ID, tm_update: 5 })).toBe(
      `is a flow (id ${FLOW_ID}) whose tm_update is not a time: 5`,
    );
  });
});

describe('checkWireNumber', () => {
  it('names the number it has when the id is missing', () => {
    expect(oneNumber({ number: '+15551230001' })).toBe(
      'is a number (number +15551230001) without an "id" (it is missing)',
    );
  });

  it('leaves out a number that is not text', () => {
    expect(oneNumber({ id: 'n1', number: 7 })).toBe('is a number (id n1) without a "number" (it is 7)');
  });
});

describe('checkPage', () => {
  const flows = checkPage(checkWireFlow, 2);

  it.each([null, 42, {}, { result: 'x' }])('refuses an answer without a result list: %j', (body) => {
    expect(problemOf(() => flows(body))).toBe(`has no "result" list: ${JSON.stringify(body)}`);
  });

  it('keeps the page token only when it is text', () => {
    expect(flows({ result: [], next_page_token: 'abc' })).toEqual({ result: [], next_page_token: 'abc' });
    expect(flows({ result: [], next_page_token: 5 })).toEqual({ result: [], next_page_token: '' });
    expect(flows({ result: [] })).toEqual({ result: [], next_page_token: '' });
  });

  it('accepts a short page whose last item has no create time: nothing follows it', () => {
    const page = flows({ result: [{ id: FLOW_ID }] });
    expect(page.result).toEqual([{ id: FLOW_ID }]);
  });

  it('refuses a full page whose last item has no create time', () => {
    const full = { result: [{ id: 'a', tm_create: '2026-01-01T00:00:00Z' }, { id: 'b' }] };
    expect(problemOf(() => flows(full))).toMatch(
      /^ends a full page with an item \(id b\) that has no tm_create/,
    );
  });
});
