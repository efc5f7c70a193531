import { describe, expect, it, vi } from 'vitest';
import type { ApplyOptions } from '../../src/apply/apply-plan.ts';
import { useSimulator } from '../support/simulator.ts';
import { makeWorkspace, numbersYaml, numformAgainst } from '../support/workspace.ts';

// The CLI is under test here: the applier is real, and only watched for the options it is given.
const given = vi.hoisted(() => [] as ApplyOptions[]);
vi.mock('../../src/apply/apply-plan.ts', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/apply/apply-plan.ts')>();
  return {
    ...real,
    applyPlan: (...args: Parameters<typeof real.applyPlan>) => {
      given.push(args[2] ?? {});
      return real.applyPlan(...args);
    },
  };
});

async function applyWith(flags: string[]) {
  given.length = 0;
  const sim = await useSimulator();
  const { dir } = makeWorkspace({ 'numbers.yaml': numbersYaml([{ number: '+899100000001' }]) });
  const run = await numformAgainst(sim, dir)(['apply', '--auto-approve', ...flags]);
  expect(run.code).toBe(0);
  expect(given).toHaveLength(1);
  return given[0]!;
}

describe('apply options from the command line', () => {
  it('waits 10 minutes for a purchase and sends 10 requests at once by default', async () => {
    expect(await applyWith([])).toMatchObject({ waitTimeoutMs: 600_000, parallelism: 10 });
  });

  it('takes --wait-timeout and --parallelism as given', async () => {
    const options = await applyWith(['--wait-timeout', '1m30s', '--parallelism', '3']);
    expect(options).toMatchObject({ waitTimeoutMs: 90_000, parallelism: 3 });
  });
});
