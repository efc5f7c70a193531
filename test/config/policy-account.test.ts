import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { renderExport } from '../../src/config/export-config.ts';
import { checkSources } from '../../src/config/load-config.ts';
import { currentNumber } from '../support/builders.ts';

const ACME = '5e4a0680-804e-11ec-8477-2fea5968d85b';

/** The problems of one in-memory file, as `code file:line:col message`. */
function problems(text: string): string[] {
  return checkSources([{ file: 'numbers.yaml', text }]).issues.map(
    (d) => `${d.code} ${d.source?.file}:${d.source?.line}:${d.source?.col} ${d.message}`,
  );
}

function policyOf(text: string) {
  const checked = checkSources([{ file: 'numbers.yaml', text }]);
  expect(checked.issues).toEqual([]);
  return checked.desired!;
}

describe('policy.account', () => {
  it('pins the configuration to a customer id, in lower case, and remembers where it is written', () => {
    const desired = policyOf(`version: 1\npolicy:\n  prune: false\n  account: ${ACME.toUpperCase()}\n`);
    expect(desired.policy.account).toBe(ACME);
    expect(desired.policy.prune).toBe(false);
    expect(desired.accountSource).toEqual({ file: 'numbers.yaml', line: 4, col: 12 });
  });

  it('is absent, with no location, when not written', () => {
    const desired = policyOf('policy:\n  prune: true\n');
    expect(desired.policy).not.toHaveProperty('account');
    expect(desired).not.toHaveProperty('accountSource');
  });

  it('must be a UUID, reported where it is with a customer-id hint', () => {
    const checked = checkSources([{ file: 'numbers.yaml', text: 'policy:\n  account: acme-prod\n' }]);
    expect(checked.issues).toEqual([
      {
        severity: 'error',
        code: 'BAD_UUID',
        source: { file: 'numbers.yaml', line: 2, col: 12 },
        message: '"account" is not a customer id: "acme-prod" is not a UUID',
        hint: 'Write the id of the customer (GET /customer), as `numform export` does, or remove the key.',
      },
    ]);
  });

  it('must be a string', () => {
    expect(problems('policy:\n  account: 12\n')).toEqual([
      'WRONG_TYPE numbers.yaml:2:12 "account" must be a string, not the number 12',
    ]);
  });
});

describe('policy.max_monthly_cost', () => {
  it('is read in dollars and kept in integer micros', () => {
    expect(policyOf('policy:\n  max_monthly_cost: 12.5\n').policy.maxMonthlyCostMicros).toBe(12_500_000);
    expect(policyOf('policy:\n  max_monthly_cost: 0\n').policy.maxMonthlyCostMicros).toBe(0);
    // 0.07 × 1e6 is 70000.00000000001 in floating point: the micros are whole all the same.
    expect(policyOf('policy:\n  max_monthly_cost: 0.07\n').policy.maxMonthlyCostMicros).toBe(70_000);
    expect(policyOf('policy:\n  max_purchases: 3\n').policy).not.toHaveProperty('maxMonthlyCostMicros');
  });

  it('refuses a negative amount, too large an amount, and a string, each where it is', () => {
    expect(problems('policy:\n  max_monthly_cost: -1\n')).toEqual([
      'BAD_VALUE numbers.yaml:2:21 "max_monthly_cost" must be at least 0',
    ]);
    expect(problems('policy:\n  max_monthly_cost: 1e12\n')).toEqual([
      'BAD_VALUE numbers.yaml:2:21 "max_monthly_cost" must be at most 1000000000',
    ]);
    const [string] = checkSources([
      { file: 'numbers.yaml', text: 'policy:\n  max_monthly_cost: $50\n' },
    ]).issues;
    expect(string).toMatchObject({
      code: 'WRONG_TYPE',
      source: { line: 2, col: 21 },
      message: '"max_monthly_cost" must be a number, not the string "$50"',
      hint: 'Write US dollars as a plain number, without a currency sign: max_monthly_cost: 50',
    });
  });

  it('keeps the hint about dollars to itself', () => {
    const [other] = checkSources([{ file: 'numbers.yaml', text: 'policy:\n  max_purchases: "3"\n' }]).issues;
    expect(other).toMatchObject({ code: 'WRONG_TYPE' });
    expect(other).not.toHaveProperty('hint');
  });
});

describe('export with the account', () => {
  const numbers = [currentNumber('+15551234567', { name: 'Support' })];

  it('writes the pin as policy.account, with the name as a comment, and it validates back', () => {
    const text = renderExport(numbers, [], {
      flowNames: true,
      schemaRef: 'numbers.schema.json',
      account: { id: ACME, name: 'Acme Ltd' },
    });
    expect(text).toContain(`policy:\n  account: ${ACME} # Acme Ltd\nnumbers:\n`);
    const checked = checkSources([{ file: 'numbers.yaml', text }]);
    expect(checked.issues).toEqual([]);
    expect(checked.desired!.policy.account).toBe(ACME);
  });

  it('puts a hostile name on one comment line, and leaves the comment out without a name', () => {
    const hostile = renderExport(numbers, [], {
      flowNames: true,
      schemaRef: 'numbers.schema.json',
      account: { id: ACME, name: 'Acme\nnumbers: []\n\u001b[31m' },
    });
    expect(parseDocument(hostile).toJS()).toMatchObject({ policy: { account: ACME }, numbers: [{}] });
    expect(hostile).toContain(`  account: ${ACME} # Acme numbers: [] [31m\n`);
    const bare = renderExport(numbers, [], {
      flowNames: true,
      schemaRef: 'numbers.schema.json',
      account: { id: ACME },
    });
    expect(bare).toContain(`  account: ${ACME}\nnumbers:\n`);
  });

  it('writes no policy without an account', () => {
    const text = renderExport(numbers, [], { flowNames: true, schemaRef: 'numbers.schema.json' });
    expect(text).not.toContain('policy');
  });
});
