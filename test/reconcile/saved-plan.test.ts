import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NumformError } from '../../src/errors/numform-error.ts';
import { buildPlan } from '../../src/plan/build-plan.ts';
import type { PlannedChange } from '../../src/plan/plan-types.ts';
import { toChangeDocument } from '../../src/plan/render-json.ts';
import { diffPlannedNumbers, readSavedPlan, writeSavedPlan } from '../../src/reconcile/saved-plan.ts';
import { currentNumber, desiredNumber, policy } from '../support/builders.ts';
import { makeWorkspace } from '../support/workspace.ts';

const context = {
  endpoint: 'https://api.voipbin.net/v1.0',
  targets: ['+899100000001'],
  config_digest: 'sha256:config',
  state_digest: 'sha256:state',
  plan_digest: 'sha256:plan',
  flows: {},
};
const sources = [{ file: 'numbers.yaml', text: 'numbers:\n  - number: "+899100000001"\n' }];

function samplePlan() {
  return buildPlan({ numbers: [desiredNumber('+899100000001', { name: 'A' })], policy: policy() }, []);
}

function thrownBy(action: () => unknown): NumformError {
  try {
    action();
  } catch (error) {
    if (error instanceof NumformError) return error;
    throw error;
  }
  throw new Error('expected a NumformError');
}

describe('writeSavedPlan and readSavedPlan', () => {
  it('saves the plan, its context, the options and the configuration, and reads them back', () => {
    const { dir } = makeWorkspace();
    const path = join(dir, 'plan.json');
    const plan = samplePlan();
    writeSavedPlan(path, plan, context, sources, { allowMassDelete: true });
    const text = readFileSync(path, 'utf8');
    expect(text.endsWith('}\n')).toBe(true);
    expect(text).toContain('\n  "format_version": "2",\n');
    const saved = readSavedPlan(path);
    expect(saved).toMatchObject({
      format_version: '2',
      ...context,
      changes: plan.changes.map(toChangeDocument),
      options: { allow_mass_delete: true, release_while_pending: false },
      configuration: { files: sources },
    });
    writeSavedPlan(path, plan, context, sources, { allowMassDelete: false });
    expect(readSavedPlan(path).options).toEqual({ allow_mass_delete: false, release_while_pending: false });
  });

  it('refuses a file it cannot read, naming it as shown to the user', () => {
    const { dir } = makeWorkspace();
    const missing = join(dir, 'missing.json');
    const error = thrownBy(() => readSavedPlan(missing, 'missing.json'));
    expect(error.code).toBe('BAD_PLAN_FILE');
    expect(error.message).toMatch(/^Cannot read the saved plan missing\.json: ENOENT/);
    expect(error.hint).toBe('Pass a file written by `numform plan --out FILE`.');
    expect(() => readSavedPlan(missing)).toThrow(`Cannot read the saved plan ${missing}: ENOENT`);
  });

  it('refuses a file that is not JSON', () => {
    const { write } = makeWorkspace();
    const path = write('plan.json', '{"format_version": "1",');
    const error = thrownBy(() => readSavedPlan(path, 'plan.json'));
    expect(error.code).toBe('BAD_PLAN_FILE');
    expect(error.message).toMatch(/^Cannot read the saved plan plan\.json: .*JSON/);
  });

  it('refuses JSON that is not a plan of this format', () => {
    const { dir } = makeWorkspace();
    const path = join(dir, 'plan.json');
    writeSavedPlan(path, samplePlan(), context, sources, { allowMassDelete: false });
    const good = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
    const { write } = makeWorkspace();
    const variants: Record<string, unknown>[] = [
      { ...good, format_version: 2 },
      { ...good, format_version: undefined },
      { ...good, plan_digest: '' },
      { ...good, configuration: undefined },
      { ...good, configuration: {} },
      { ...good, configuration: { files: 'numbers.yaml' } },
      { ...good, changes: {} },
    ];
    for (const variant of variants) {
      const bad = write('bad.json', JSON.stringify(variant));
      expect(() => readSavedPlan(bad, 'bad.json'), JSON.stringify(variant).slice(0, 80)).toThrow(
        expect.objectContaining({
          code: 'BAD_PLAN_FILE',
          message: 'bad.json is not a numform plan.',
          hint: 'Pass a file written by `numform plan --out FILE` of this numform version.',
        }),
      );
    }
    expect(() => readSavedPlan(write('null.json', 'null'), 'null.json')).toThrow(
      'null.json is not a numform plan',
    );
    expect(readSavedPlan(write('good.json', JSON.stringify(good))).plan_digest).toBe('sha256:plan');
  });
});

describe('diffPlannedNumbers', () => {
  const current = [currentNumber('+899100000001'), currentNumber('+899100000002')];
  const changes = (names: Record<string, string>): PlannedChange[] =>
    buildPlan(
      {
        numbers: Object.entries(names).map(([number, name]) => desiredNumber(number, { name })),
        policy: policy({ prune: false }),
      },
      current,
    ).changes;

  it('names the numbers added, removed or changed, sorted', () => {
    const saved = changes({ '+899100000002': 'b', '+899100000001': 'a', '+899100000005': 'e' });
    const fresh = changes({ '+899100000001': 'a', '+899100000002': 'B', '+899100000003': 'c' });
    expect(diffPlannedNumbers(saved.map(toChangeDocument), fresh)).toEqual([
      '+899100000002',
      '+899100000003',
      '+899100000005',
    ]);
  });

  it('finds no difference between equal plans', () => {
    const names = { '+899100000001': 'a', '+899100000003': 'c' };
    expect(diffPlannedNumbers(changes(names).map(toChangeDocument), changes(names))).toEqual([]);
  });
});
