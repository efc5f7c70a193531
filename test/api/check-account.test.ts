import { describe, expect, it } from 'vitest';
import { checkBillingAccount, checkCustomer, checkWireAccessKey } from '../../src/api/check-account.ts';
import { UnusableAnswer } from '../../src/api/check-answer.ts';

/** The problem a check reports (as the message would continue "the answer …"), or 'accepted'. */
function problemOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof UnusableAnswer) return error.problem;
    throw error;
  }
  return 'accepted';
}

const customer = { id: 'c1', name: 'Acme', identity_verification_status: 'verified' };

describe('checkCustomer', () => {
  it('names the kind of an answer that is not an object, never its value', () => {
    expect(problemOf(() => checkCustomer(null))).toBe('is not a customer but null');
    expect(problemOf(() => checkCustomer(['x']))).toBe('is not a customer but a list');
    expect(problemOf(() => checkCustomer('whsec_x'))).toBe('is not a customer but text');
    expect(problemOf(() => checkCustomer(7))).toBe('is not a customer but a number');
    expect(problemOf(() => checkCustomer(undefined))).toBe('is not a customer but missing');
  });

  it('requires an id and an identity status as non-empty text, and quotes neither', () => {
    expect(problemOf(() => checkCustomer({ ...customer, id: '' }))).toBe(
      'is a customer whose "id" is not usable text (it is text)',
    );
    expect(problemOf(() => checkCustomer({ ...customer, identity_verification_status: { a: 1 } }))).toBe(
      'is a customer whose "identity_verification_status" is not usable text (it is an object)',
    );
  });

  it('reads a missing name as "", and an empty one as itself, but not a name that is not text', () => {
    const { name: _name, ...nameless } = customer;
    expect(checkCustomer(nameless).name).toBe('');
    expect(checkCustomer({ ...customer, name: '' }).name).toBe('');
    expect(problemOf(() => checkCustomer({ ...customer, name: null }))).toBe(
      'is a customer whose "name" is not usable text (it is null)',
    );
  });
});

describe('checkBillingAccount', () => {
  it('requires a plan type', () => {
    expect(problemOf(() => checkBillingAccount({ plan_type: '', balance_credit: 0 }))).toBe(
      'is a billing account without a "plan_type" (it is text)',
    );
    expect(problemOf(() => checkBillingAccount([]))).toBe('is not a billing account but a list');
    // Not text at all, or missing: refused the same way, never read as a plan type.
    for (const plan_type of [5, null, undefined]) {
      expect(problemOf(() => checkBillingAccount({ plan_type, balance_credit: 0 }))).toMatch(
        /^is a billing account without a "plan_type" \(it is /,
      );
    }
    expect(checkBillingAccount({ plan_type: 'free', balance_credit: 0 })).toMatchObject({ planType: 'free' });
  });

  it('names a balance that is not whole micros, with the number when it is one', () => {
    expect(problemOf(() => checkBillingAccount({ plan_type: 'free', balance_credit: 1.5 }))).toBe(
      'is a billing account whose "balance_credit" is not a whole number of micros (it is a number 1.5)',
    );
    expect(problemOf(() => checkBillingAccount({ plan_type: 'free', balance_credit: '5' }))).toBe(
      'is a billing account whose "balance_credit" is not a whole number of micros (it is text)',
    );
  });
});

describe('checkWireAccessKey', () => {
  const where = 'item 1 of 1 on the page';

  it('accepts a key without prefix or times, and null times', () => {
    expect(problemOf(() => checkWireAccessKey({ id: 'k1', tm_expire: null }, where))).toBe('accepted');
  });

  it('refuses a missing id, a prefix that is not text and a time that is not one', () => {
    expect(problemOf(() => checkWireAccessKey(5, where))).toBe(
      `is not an access key (${where}) but a number`,
    );
    expect(problemOf(() => checkWireAccessKey({ id: '' }, where))).toBe(
      `lists an access key (${where}) without an "id"`,
    );
    expect(problemOf(() => checkWireAccessKey({ id: 5 }, where))).toBe(
      `lists an access key (${where}) without an "id"`,
    );
    expect(problemOf(() => checkWireAccessKey({ id: 'k1', token_prefix: 5 }, where))).toBe(
      `lists an access key (${where}) whose "token_prefix" is not text`,
    );
    expect(problemOf(() => checkWireAccessKey({ id: 'k1', tm_expire: 5 }, where))).toBe(
      `lists an access key (${where}) whose tm_expire is not a time`,
    );
    expect(problemOf(() => checkWireAccessKey({ id: 'k1', tm_create: 'soon' }, where))).toBe(
      `lists an access key (${where}) whose tm_create is not a time`,
    );
  });
});
