import { readFileSync, writeFileSync } from 'node:fs';
import { resealPlan } from '../support/saved-plan-file.ts';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkSources } from '../../src/config/load-config.ts';
import type { DesiredState } from '../../src/model/desired.ts';
import type { CurrentNumber } from '../../src/model/number.ts';
import { prepareSavedPlan } from '../../src/reconcile/apply-saved-plan.ts';
import { preparePlan } from '../../src/reconcile/prepare-plan.ts';
import { diffPlannedNumbers, readSavedPlan, writeSavedPlan } from '../../src/reconcile/saved-plan.ts';
import { currentNumber } from '../support/builders.ts';
import { FakeNumbersApi } from '../support/fake-numbers-api.ts';
import { makeWorkspace } from '../support/workspace.ts';

const ENDPOINT = 'https://api.voipbin.net/v1.0';

function desiredFrom(text: string): { desired: DesiredState; sources: { file: string; text: string }[] } {
  const sources = [{ file: 'numbers.yaml', text }];
  const checked = checkSources(sources);
  if (!checked.desired) throw new Error(JSON.stringify(checked.issues));
  return { desired: checked.desired, sources };
}

/** Plans `text` against `current`, saves the plan, and returns its path and the saved JSON. */
async function savePlan(text: string, current: CurrentNumber[], allowMassDelete = false) {
  const { desired, sources } = desiredFrom(text);
  const prepared = await preparePlan(new FakeNumbersApi({ numbers: current }), desired, {
    endpoint: ENDPOINT,
    allowMassDelete,
  });
  const { dir } = makeWorkspace({ 'numbers.yaml': text });
  const path = join(dir, 'plan.json');
  writeSavedPlan(path, prepared.plan, prepared.context, sources, { allowMassDelete });
  const json = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  const rewrite = (change: (doc: Record<string, unknown>) => void): void => {
    const doc = structuredClone(json);
    change(doc);
    writeFileSync(path, resealPlan(doc));
  };
  return { path, json, prepared, rewrite };
}

/** The configuration beside a saved plan: the files it was made from. */
const beside = (path: string) => ({ paths: ['numbers.yaml'], cwd: dirname(path) });

const ONE = 'numbers:\n  - number: "+899100000001"\n    name: A\n';

describe('prepareSavedPlan', () => {
  it('accepts a saved plan while the account is as it was', async () => {
    const { path, prepared } = await savePlan(ONE, []);
    const again = await prepareSavedPlan(
      new FakeNumbersApi(),
      { path: path, shownPath: 'plan.json', endpoint: ENDPOINT },
      beside(path),
    );
    expect(again.context.plan_digest).toBe(prepared.context.plan_digest);
    expect(again.plan.changes).toEqual(prepared.plan.changes);
  });

  it('refuses a plan made for another endpoint, with a code and the way out', async () => {
    const { path } = await savePlan(ONE, []);
    await expect(
      prepareSavedPlan(
        new FakeNumbersApi(),
        { path: path, shownPath: 'plan.json', endpoint: 'http://127.0.0.1:9/v1.0' },
        beside(path),
      ),
    ).rejects.toMatchObject({
      code: 'PLAN_ENDPOINT_MISMATCH',
      message: `The plan was made for ${ENDPOINT}, not http://127.0.0.1:9/v1.0.`,
      hint: 'Apply it against the endpoint it was made for, or make a new plan.',
    });
  });

  it('refuses a stale plan, naming the numbers whose change differs, with a code and the way out', async () => {
    const { path } = await savePlan(ONE, []);
    const now = [currentNumber('+899100000001', { name: 'A' })];
    await expect(
      prepareSavedPlan(
        new FakeNumbersApi({ numbers: now }),
        { path: path, shownPath: 'plan.json', endpoint: ENDPOINT },
        beside(path),
      ),
    ).rejects.toMatchObject({
      code: 'STALE_PLAN',
      message: expect.stringContaining('Differing: +899100000001. Nothing was changed.') as unknown,
      hint: 'Make and review a new plan with `numform plan --out FILE`, then apply that.',
    });
  });

  it('says the plan as a whole differs when no single number does', async () => {
    const { path, rewrite } = await savePlan(ONE, []);
    rewrite((doc) => (doc.plan_digest = 'sha256:0'));
    await expect(
      prepareSavedPlan(
        new FakeNumbersApi(),
        { path: path, shownPath: 'plan.json', endpoint: ENDPOINT },
        beside(path),
      ),
    ).rejects.toMatchObject({
      code: 'STALE_PLAN',
      message: expect.stringContaining('Differing: the plan as a whole.') as unknown,
    });
  });

  it('reads a plan without saved options as not allowing a mass release', async () => {
    const account = Array.from({ length: 10 }, (_, i) => currentNumber(`+89910000000${i}`));
    const ten = () => account.map((n) => ({ ...n }));
    const saved = await savePlan('numbers: []\n', ten(), true);
    const allowed = await prepareSavedPlan(
      new FakeNumbersApi({ numbers: ten() }),
      { path: saved.path, shownPath: 'p', endpoint: ENDPOINT },
      beside(saved.path),
    );
    expect(allowed.violations).toEqual([]);
    saved.rewrite((doc) => delete doc.options);
    const refused = await prepareSavedPlan(
      new FakeNumbersApi({ numbers: ten() }),
      { path: saved.path, shownPath: 'p', endpoint: ENDPOINT },
      beside(saved.path),
    );
    expect(refused.violations.map((v) => v.code)).toEqual(['EMPTY_CONFIGURATION']);
  });
});

describe('readSavedPlan and another format', () => {
  it('names the format it found and the one it reads, with a code and the way out', async () => {
    const { path, rewrite } = await savePlan(ONE, []);
    rewrite((doc) => (doc.format_version = '1'));
    expect(() => readSavedPlan(path, 'plan.json')).toThrow(
      expect.objectContaining({
        code: 'BAD_PLAN_FILE',
        message: 'plan.json is a plan of format "1"; this numform reads format "2".',
        hint: 'Make a new plan with this numform: `numform plan --out FILE`.',
      }),
    );
  });

  it('shows at most 20 characters of a format version from the file', async () => {
    const { path, rewrite } = await savePlan(ONE, []);
    rewrite((doc) => (doc.format_version = `9${'x'.repeat(60)}`));
    expect(() => readSavedPlan(path, 'plan.json')).toThrow(`of format "9${'x'.repeat(19)}";`);
  });
});

describe('diffPlannedNumbers with saved entries that are not changes', () => {
  it('names an entry without a number, or a null entry, as such', () => {
    expect(diffPlannedNumbers([null], [])).toEqual(['(an entry without a number)']);
    expect(diffPlannedNumbers([{ action: 'create', number: 5 }], [])).toEqual([
      '(an entry without a number)',
    ]);
  });
});

describe('preparePlan and configuration texts', () => {
  it('attaches the configuration texts to a flow error only when given them', async () => {
    const { desired, sources } = desiredFrom('numbers:\n  - number: "+899100000001"\n    call_flow: Nope\n');
    const api = new FakeNumbersApi();
    await expect(preparePlan(api, desired, { endpoint: ENDPOINT, sources })).rejects.toMatchObject({
      code: 'FLOW_RESOLUTION',
      sources,
    });
    await expect(preparePlan(api, desired, { endpoint: ENDPOINT })).rejects.toMatchObject({
      code: 'FLOW_RESOLUTION',
      sources: [],
    });
  });
});
