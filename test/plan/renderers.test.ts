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

  it('markdown for a plan without releases, and for one with no differences', () => {
    const changes = buildPlan({ numbers: [desiredNumber('+15551234567')], policy: policy() }, []);
    const md = renderPlanMarkdown(changes, context);
    expect(md).toContain('Endpoint: `https://api.voipbin.net/v1.0` — changes\n');
    expect(md).toContain('| 1 | 0 | 0 | 0 |\n');
    expect(md).toContain('<details open><summary>Plan</summary>');
    const none = renderPlanMarkdown(buildPlan({ numbers: [], policy: policy() }, []), context);
    expect(none).toBe(
      [
        '### numform plan',
        '',
        'Endpoint: `https://api.voipbin.net/v1.0` — ✅ no changes',
        '',
        '| to create | to update | to delete | read-only drift |',
        '| ---: | ---: | ---: | ---: |',
        '| 0 | 0 | 0 | 0 |',
        '',
        '<details><summary>Plan</summary>',
        '',
        '```text',
        NO_CHANGES,
        '```',
        '',
        '</details>',
        '',
      ].join('\n'),
    );
  });

  it('text for read-only drift alone, one field or several, and notes for pending purchases', () => {
    const expectBoth = { expect: { emergencyEnabled: true, t38Enabled: true } };
    const two = buildPlan({ numbers: [desiredNumber('+15551234567', expectBoth)], policy: policy() }, [
      currentNumber('+15551234567'),
    ]);
    expect(renderPlanText(two, {}, plain).split('\n').at(-2)).toBe(
      'No changes that apply can make, but the account differs from the configuration in 2 ways apply cannot fix (see the warnings above).',
    );
    const one = buildPlan(
      { numbers: [desiredNumber('+15551234567', { expect: { t38Enabled: true } })], policy: policy() },
      [currentNumber('+15551234567', { status: 'purchase-pending' })],
    );
    expect(renderPlanText(one, {}, plain)).toBe(
      [
        'Note: +15551234567 is still pending purchase (status "purchase-pending") [PENDING_PURCHASE]',
        '  hint: numform waits only for purchases it made in the same run, and VoIPBIN may never report this one active: check the number in the VoIPBIN console. Changes to it are sent anyway; releases stay held while it is pending.',
        'Warning: +15551234567: t38_enabled is false but the configuration expects true; it is read-only (set by the carrier), so apply cannot fix it [READ_ONLY_DRIFT]',
        '',
        'No changes that apply can make, but the account differs from the configuration in 1 way apply cannot fix (see the warnings above).',
        '',
      ].join('\n'),
    );
  });

  it('text shows a flow id the account does not name as the bare id, and a value becoming multi-line', () => {
    const unnamed = 'e0000000-0000-4000-8000-000000000000';
    const plan = buildPlan(
      {
        numbers: [desiredNumber('+15551234567', { messageFlowId: unnamed, detail: 'a\nb\n' })],
        policy: policy(),
      },
      [currentNumber('+15551234567', { detail: 'a' })],
    );
    expect(renderPlanText(plan, nameReferencedFlows(plan.changes, flows), plain)).toBe(
      [
        'numform will perform the following actions:',
        '',
        '  ~ +15551234567 will be updated in place',
        '      ~ detail       = <<-EOT',
        '          - a',
        '          + a',
        '          + b',
        '        EOT',
        `      ~ message_flow = (none) -> ${unnamed}`,
        '',
        'Plan: 0 to create, 1 to update, 0 to delete.',
        '',
      ].join('\n'),
    );
  });
});
