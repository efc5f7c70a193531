import { readFileSync, writeFileSync } from 'node:fs';
import { resealPlan } from '../support/saved-plan-file.ts';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkSources } from '../../src/config/load-config.ts';
import type { CurrentNumber } from '../../src/model/number.ts';
import { prepareSavedPlan } from '../../src/reconcile/apply-saved-plan.ts';
import { preparePlan } from '../../src/reconcile/prepare-plan.ts';
import { writeSavedPlan } from '../../src/reconcile/saved-plan.ts';
import { currentNumber } from '../support/builders.ts';
import { FakeNumbersApi } from '../support/fake-numbers-api.ts';
import { makeWorkspace } from '../support/workspace.ts';

const ENDPOINT = 'https://api.voipbin.net/v1.0';
// +899100000001 is declared and its purchase is pending; +899100000009 is not declared, so the
// plan releases it, and holds that release unless told to release while pending.
const TEXT = 'numbers:\n  - number: "+899100000001"\n';

function account(): CurrentNumber[] {
  return [currentNumber('+899100000001', { status: 'purchase-pending' }), currentNumber('+899100000009')].map(
    (n, i) => ({ ...n, id: `00000000-0000-4000-8000-00000000000${i + 1}` }),
  );
}

function desired() {
  const sources = [{ file: 'numbers.yaml', text: TEXT }];
  const checked = checkSources(sources);
  if (!checked.desired) throw new Error(JSON.stringify(checked.issues));
  return { desired: checked.desired, sources };
}

const reasonOfRelease = (changes: readonly { action: string; reason?: { code: string } }[]) =>
  changes.find((c) => c.action === 'delete')?.reason?.code ?? 'none';

describe('preparePlan and --release-while-pending', () => {
  it('holds the release while a declared purchase is pending, unless told otherwise', async () => {
    const { desired: want } = desired();
    const held = await preparePlan(new FakeNumbersApi({ numbers: account() }), want, { endpoint: ENDPOINT });
    expect(reasonOfRelease(held.plan.changes)).toBe('HELD');
    const forced = await preparePlan(new FakeNumbersApi({ numbers: account() }), want, {
      endpoint: ENDPOINT,
      releaseWhilePending: true,
    });
    expect(reasonOfRelease(forced.plan.changes)).toBe('none');
  });
});

describe('prepareSavedPlan and the saved release_while_pending option', () => {
  /** Plans with the option, saves the plan beside its configuration, returns its path. */
  async function savePlan(releaseWhilePending: boolean | undefined) {
    const { desired: want, sources } = desired();
    const prepared = await preparePlan(new FakeNumbersApi({ numbers: account() }), want, {
      endpoint: ENDPOINT,
      ...(releaseWhilePending !== undefined && { releaseWhilePending }),
    });
    const { dir } = makeWorkspace({ 'numbers.yaml': TEXT });
    const path = join(dir, 'plan.json');
    writeSavedPlan(path, prepared.plan, prepared.context, sources, {
      allowMassDelete: false,
      ...(releaseWhilePending !== undefined && { releaseWhilePending }),
    });
    return path;
  }

  const again = (path: string) =>
    prepareSavedPlan(
      new FakeNumbersApi({ numbers: account() }),
      { path, shownPath: 'plan.json', endpoint: ENDPOINT },
      { paths: ['numbers.yaml'], cwd: dirname(path) },
    );

  it('plans again releasing at once when the plan was made with it', async () => {
    const prepared = await again(await savePlan(true));
    expect(reasonOfRelease(prepared.plan.changes)).toBe('none');
  });

  it('plans again holding the release when the plan was made without it', async () => {
    const prepared = await again(await savePlan(false));
    expect(reasonOfRelease(prepared.plan.changes)).toBe('HELD');
  });

  it('reads a plan without the option as holding releases', async () => {
    const path = await savePlan(undefined);
    const doc = JSON.parse(readFileSync(path, 'utf8')) as { options: Record<string, unknown> };
    delete doc.options.release_while_pending;
    writeFileSync(path, resealPlan(doc));
    const prepared = await again(path);
    expect(reasonOfRelease(prepared.plan.changes)).toBe('HELD');
  });

  it('treats a non-boolean option as not set: only `true` releases while pending', async () => {
    // A plan made holding the release, whose option was edited to a truthy non-boolean, is
    // still applied as holding it: the fresh plan equals the saved one.
    const path = await savePlan(false);
    const doc = JSON.parse(readFileSync(path, 'utf8')) as { options: Record<string, unknown> };
    doc.options.release_while_pending = 'yes';
    writeFileSync(path, resealPlan(doc));
    const prepared = await again(path);
    expect(reasonOfRelease(prepared.plan.changes)).toBe('HELD');
  });
});

describe('prepareSavedPlan and the configuration given', () => {
  it('refuses a configuration other than the one the plan was made from, naming the files', async () => {
    const { desired: want, sources } = desired();
    const prepared = await preparePlan(new FakeNumbersApi({ numbers: account() }), want, {
      endpoint: ENDPOINT,
    });
    const { dir, write } = makeWorkspace({ 'numbers.yaml': TEXT });
    const path = join(dir, 'plan.json');
    writeSavedPlan(path, prepared.plan, prepared.context, sources, { allowMassDelete: false });
    write('numbers.yaml', `${TEXT}  - number: "+899100000009"\n`);
    const api = new FakeNumbersApi({ numbers: account() });
    await expect(
      prepareSavedPlan(
        api,
        { path, shownPath: 'plan.json', endpoint: ENDPOINT },
        { paths: ['numbers.yaml'], cwd: dir },
      ),
    ).rejects.toMatchObject({
      code: 'PLAN_CONFIG_MISMATCH',
      message:
        'The plan plan.json was not made from the configuration given: numbers.yaml (changed). Nothing was changed.',
      hint: 'Apply a plan only to the files it was made from (the merged commit in CI), or make and review a new plan: `numform plan --out FILE PATH…`.',
    });
    expect(api.calls).toEqual([]);
  });
});
