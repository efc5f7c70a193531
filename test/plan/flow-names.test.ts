import { describe, expect, it } from 'vitest';
import { buildPlan } from '../../src/plan/build-plan.ts';
import { nameReferencedFlows } from '../../src/plan/flow-names.ts';
import { currentNumber, desiredNumber, policy } from '../support/builders.ts';

const FLOW = 'd157ce07-0360-4cad-9007-c8ab89fccf9c';
const flows = [{ id: FLOW, name: 'Main menu', detail: '' }];

describe('nameReferencedFlows', () => {
  it('names only flows a flow field refers to, not a name or detail that happens to read like a flow id', () => {
    const plan = buildPlan(
      {
        numbers: [
          desiredNumber('+15551111111', { name: FLOW }),
          desiredNumber('+15552222222', { detail: FLOW }),
        ],
        policy: policy(),
      },
      [currentNumber('+15552222222'), currentNumber('+15553333333', { name: FLOW })],
    );
    expect(plan.changes.map((c) => c.action)).toEqual(['create', 'update', 'delete']);
    expect(nameReferencedFlows(plan.changes, flows)).toEqual({});
  });
});
