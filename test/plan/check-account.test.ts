import { describe, expect, it } from 'vitest';
import type { AccountFacts } from '../../src/model/account.ts';
import { checkAccountPin, describeCustomer } from '../../src/plan/check-account.ts';
import { policy } from '../support/builders.ts';

const ACME = '5e4a0680-804e-11ec-8477-2fea5968d85b';
const OTHER = 'a0b1c2d3-0000-4000-8000-000000000001';

function facts(id: string, name = 'Acme Ltd'): AccountFacts {
  return { customer: { id, name, identityVerification: 'verified' } };
}

describe('checkAccountPin', () => {
  it('is silent without a pin, and when the pin is the account (in any case)', () => {
    expect(checkAccountPin(policy(), facts(ACME))).toBeUndefined();
    expect(checkAccountPin(policy({ account: ACME }), facts(ACME))).toBeUndefined();
    expect(checkAccountPin(policy({ account: ACME }), facts(ACME.toUpperCase()))).toBeUndefined();
  });

  it('is an error naming both ids and the customer, with a hint both ways', () => {
    expect(checkAccountPin(policy({ account: OTHER }), facts(ACME))).toEqual({
      severity: 'error',
      code: 'ACCOUNT_MISMATCH',
      message: `This configuration belongs to account ${OTHER} (policy.account), but the access key is for account Acme Ltd (${ACME}).`,
      hint: `Use an access key of account ${OTHER}. If the configuration is meant for Acme Ltd (${ACME}), set policy.account to ${ACME}.`,
    });
  });

  it('points at policy.account when told where it is', () => {
    const source = { file: 'numbers.yaml', line: 3, col: 12 };
    expect(checkAccountPin(policy({ account: OTHER }), facts(ACME), source)).toMatchObject({
      code: 'ACCOUNT_MISMATCH',
      source,
    });
  });
});

describe('describeCustomer', () => {
  it('puts the name from the server on one printable line, and falls back to the id alone', () => {
    expect(describeCustomer({ id: ACME, name: 'Acme\n\u001b[2J Ltd\u202e' })).toBe(`Acme [2J Ltd (${ACME})`);
    expect(describeCustomer({ id: ACME, name: ' \n ' })).toBe(ACME);
    expect(describeCustomer({ id: ACME, name: 'x'.repeat(300) })).toBe(`${'x'.repeat(99)}… (${ACME})`);
  });
});
