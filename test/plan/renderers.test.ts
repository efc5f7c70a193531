import pc from 'picocolors';
import { describe, expect, it } from 'vitest';
import { buildPlan } from '../../src/plan/build-plan.ts';
import { nameReferencedFlows } from '../../src/plan/flow-names.ts';
import { renderPlanJson } from '../../src/plan/render-json.ts';
import { renderPlanMarkdown } from '../../src/plan/render-markdown.ts';
import { NO_CHANGES, renderPlanText } from '../../src/plan/render-text.ts';
import { currentNumber, desiredNumber, policy } from '../support/builders.ts';

const MAIN = 'd157ce07-0360-4cad-9007-c8ab89fccf9c';
const flows = [{ id: MAIN, name: 'Main IVR', detail: '' }];
const plain = pc.createColors(false);

function representativePlan() {
  const current = [
    currentNumber('+15557654321', {
      id: '7132a89a-5de2-4e68-b080-94d4c045ebb6',
      name: 'Sales',
      detail: 'Line one\nLine two\n',
    }),
    currentNumber('+899100000009', { id: '40855b54-593e-4835-83a5-c652bfc3ffe0', name: 'Old test line' }),
    currentNumber('+15550001111', {
      id: '4a68aaf3-48ec-4203-b9ba-336170b1ce5c',
      status: 'purchase-pending',
      emergencyEnabled: false,
    }),
  ];
  const desired = [
    desiredNumber('+15551234567', { name: 'Support line', callFlowId: MAIN }),
    desiredNumber('+899100000001', {
      name: 'AI agent entry',
      detail: 'Answered by the agent.\nHands over after hours.\n',
    }),
    desiredNumber('+15557654321', { name: 'Sales EMEA', detail: 'Line one\nLine 2\n', rtpDebug: true }),
    desiredNumber('+15550001111', { callFlowId: MAIN, expect: { emergencyEnabled: true } }),
  ];
  return buildPlan({ numbers: desired, policy: policy() }, current);
}

const context = {
  endpoint: 'https://api.voipbin.net/v1.0',
  targets: [],
  config_digest: 'sha256:config',
  state_digest: 'sha256:state',
  plan_digest: 'sha256:plan',
  flows: nameReferencedFlows(representativePlan().changes, flows),
};

describe('plan renderers', () => {
  it('text form', async () => {
    await expect(renderPlanText(representativePlan(), context.flows, plain)).toMatchFileSnapshot(
      '../golden/plan.txt',
    );
  });

  it('JSON form', async () => {
    const json = renderPlanJson(representativePlan(), context);
    expect(Object.keys(JSON.parse(json) as object)).toEqual([
      'format_version',
      'endpoint',
      'targets',
      'config_digest',
      'state_digest',
      'plan_digest',
      'summary',
      'changes',
      'diagnostics',
      'unfixable_drift',
      'flows',
    ]);
    await expect(json).toMatchFileSnapshot('../golden/plan.json');
  });

  it('markdown form', async () => {
    await expect(renderPlanMarkdown(representativePlan(), context)).toMatchFileSnapshot('../golden/plan.md');
  });

  it('says "No changes." when there is nothing to do', () => {
    const plan = buildPlan({ numbers: [], policy: policy() }, []);
    expect(renderPlanText(plan, {}, plain)).toBe(`${NO_CHANGES}\n`);
  });

  it('colours only when asked', () => {
    const plan = representativePlan();
    expect(renderPlanText(plan, context.flows, plain)).not.toContain('\u001b[');
    expect(renderPlanText(plan, context.flows, pc.createColors(true))).toContain('\u001b[32m+');
  });
});
