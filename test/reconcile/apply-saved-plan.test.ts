import { describe, expect, it } from 'vitest';
import { diffConfigurations } from '../../src/reconcile/apply-saved-plan.ts';
import { readSavedPlan } from '../../src/reconcile/saved-plan.ts';
import { makeWorkspace } from '../support/workspace.ts';

describe('diffConfigurations', () => {
  const a = { file: 'a.yaml', text: 'numbers: []\n' };
  const b = { file: 'b.yaml', text: 'numbers: []\n' };

  it('finds nothing between equal configurations, whatever their order', () => {
    expect(diffConfigurations([a, b], [b, a])).toEqual([]);
  });

  it('names files changed, only in the plan, or not in the plan, sorted', () => {
    const changed = { ...b, text: 'numbers: [] # edited\n' };
    const c = { file: 'c.yaml', text: '' };
    expect(diffConfigurations([a, b], [changed, c])).toEqual([
      'a.yaml (only in the plan)',
      'b.yaml (changed)',
      'c.yaml (not in the plan)',
    ]);
  });

  it('tells a whitespace change from none: the plan binds the exact text', () => {
    expect(diffConfigurations([a], [{ ...a, text: 'numbers: [] \n' }])).toEqual(['a.yaml (changed)']);
  });
});

describe('a saved plan whose embedded configuration has the wrong shape', () => {
  it.each([
    [[{ file: 'numbers.yaml' }]],
    [[{ file: 1, text: '' }]],
    [['numbers.yaml']],
    [[null]],
    [[{ file: 'a.yaml', text: '' }, { file: 'b.yaml' }]],
  ])('is refused as not a plan: %j', (files) => {
    const { write } = makeWorkspace();
    const path = write(
      'plan.json',
      JSON.stringify({
        format_version: '2',
        plan_digest: 'sha256:x',
        changes: [],
        configuration: { files },
      }),
    );
    expect(() => readSavedPlan(path, 'plan.json')).toThrow(
      expect.objectContaining({ code: 'BAD_PLAN_FILE', message: 'plan.json is not a numform plan.' }),
    );
  });
});

describe('diffConfigurations and order', () => {
  it('sorts the names, whatever order the files came in', () => {
    const file = (name: string) => ({ file: name, text: '' });
    expect(diffConfigurations([file('b.yaml')], [file('c.yaml'), file('a.yaml')])).toEqual([
      'a.yaml (not in the plan)',
      'b.yaml (only in the plan)',
      'c.yaml (not in the plan)',
    ]);
  });
});
