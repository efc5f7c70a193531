import { emptyNumberFields } from '../../src/model/number-fields.ts';
import { DEFAULT_POLICY, type Policy } from '../../src/model/desired.ts';
import { NIL_UUID, type CurrentNumber } from '../../src/model/number.ts';
import type { ResolvedNumber } from '../../src/plan/resolve-flows.ts';
import type { AccountFacts } from '../../src/model/account.ts';

/** A declared number with empty fields, overridable. */
export function desiredNumber(number: string, fields: Partial<ResolvedNumber> = {}): ResolvedNumber {
  return {
    number,
    type: number.startsWith('+899') ? 'virtual' : 'normal',
    name: '',
    detail: '',
    callFlowId: NIL_UUID,
    messageFlowId: NIL_UUID,
    rtpDebug: false,
    expect: {},
    source: { file: 'numbers.yaml', line: 1, col: 1 },
    ...fields,
  };
}

let nextId = 1;

/** An active account number with empty fields and a predictable id, overridable. */
export function currentNumber(number: string, fields: Partial<CurrentNumber> = {}): CurrentNumber {
  const id = `00000000-0000-4000-8000-${String(nextId++).padStart(12, '0')}`;
  return {
    id,
    number,
    type: number.startsWith('+899') ? 'virtual' : 'normal',
    status: 'active',
    ...emptyNumberFields(),
    tmCreate: '2026-01-01T00:00:00.000000Z',
    ...fields,
  };
}

/** The default policy with overrides. */
export function policy(overrides: Partial<Policy> = {}): Policy {
  return { ...DEFAULT_POLICY, ...overrides };
}

/**
 * An account that can pay for anything: verified, on an `unlimited` plan with $1,000.00, and a key
 * that never expires, so nothing is predicted to fail unless a test says so.
 */
export function accountFacts(overrides: Partial<AccountFacts> = {}): AccountFacts {
  return {
    customer: {
      id: '5e4a0680-804e-11ec-8477-2fea5968d85b',
      name: 'Test customer',
      identityVerification: 'verified',
    },
    billing: { planType: 'unlimited', balanceMicros: 1_000_000_000 },
    accessKey: { expiresAt: null },
    ...overrides,
  };
}
