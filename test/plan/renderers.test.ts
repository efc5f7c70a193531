import pc from 'picocolors';
import { describe, expect, it } from 'vitest';
import { buildPlan } from '../../src/plan/build-plan.ts';
import { nameReferencedFlows } from '../../src/plan/flow-names.ts';
import type { AccountFacts } from '../../src/model/account.ts';
import { estimateCost } from '../../src/plan/estimate-cost.ts';
import { orderForLimits } from '../../src/plan/order-for-limits.ts';
import { renderPlanJson, type PlanContext } from '../../src/plan/render-json.ts';
import { renderPlanMarkdown } from '../../src/plan/render-markdown.ts';
import { NO_CHANGES, renderPlanText } from '../../src/plan/render-text.ts';
import { currentNumber, desiredNumber, policy } from '../support/builders.ts';

const MAIN = 'd157ce07-0360-4cad-9007-c8ab89fccf9c';
const flows = [{ id: MAIN, name: 'Main IVR', detail: '' }];
const plain = pc.createColors(false);

function representativeAccount() {
  return [
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
}

function representativePlan() {
  const current = representativeAccount();
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

const ACME = { id: '5e4a0680-804e-11ec-8477-2fea5968d85b', name: 'Acme Ltd' };

const context: PlanContext = {
  endpoint: 'https://api.voipbin.net/v1.0',
  account: ACME,
  targets: [],
  config_digest: 'sha256:config',
  state_digest: 'sha256:state',
  plan_digest: 'sha256:plan',
  flows: nameReferencedFlows(representativePlan().changes, flows),
  cost: estimateCost(representativePlan(), representativeAccount()),
};

/** The context without the facts read from the account: no account line, no cost. */
const { account: _account, cost: _cost, ...bare } = context;

describe('plan renderers', () => {
  it('text form', async () => {
    await expect(renderPlanText(representativePlan(), context.flows, plain, context)).toMatchFileSnapshot(
      '../golden/plan.txt',
    );
  });

  it('JSON form', async () => {
    const json = renderPlanJson(representativePlan(), context);
    expect(Object.keys(JSON.parse(json) as object)).toEqual([
      'format_version',
      'endpoint',
      'account',
      'targets',
      'config_digest',
      'state_digest',
      'plan_digest',
      'summary',
      'cost',
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
    const md = renderPlanMarkdown(changes, bare);
    expect(md).toContain('Endpoint: `https://api.voipbin.net/v1.0` — changes\n');
    expect(md).toContain('| 1 | 0 | 0 | 0 |\n');
    expect(md).toContain('<details open><summary>Plan</summary>');
    const none = renderPlanMarkdown(buildPlan({ numbers: [], policy: policy() }, []), bare);
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

describe('the account and the cost in plans', () => {
  const plan = () => buildPlan({ numbers: [desiredNumber('+15551234567')], policy: policy() }, []);
  const noChanges = () => buildPlan({ numbers: [], policy: policy() }, []);
  const cost = { nowMicros: 5_000_000, monthlyMicros: 5_000_000 };

  it('text: the account first, the cost after the summary, each only when known', () => {
    const text = renderPlanText(plan(), {}, plain, { endpoint: context.endpoint, account: ACME, cost });
    expect(text.split('\n').slice(0, 2)).toEqual([
      `Account: Acme Ltd (${ACME.id}) at https://api.voipbin.net/v1.0`,
      '',
    ]);
    expect(text.split('\n').slice(-3)).toEqual([
      'Plan: 1 to create, 0 to update, 0 to delete.',
      'Cost: $5.00 now, then $5.00 a month.',
      '',
    ]);
    expect(renderPlanText(plan(), {}, plain, {})).toBe(renderPlanText(plan(), {}, plain));
    expect(renderPlanText(plan(), {}, plain, { cost })).not.toContain('Account:');
    expect(renderPlanText(plan(), {}, plain, { account: ACME })).not.toContain('Cost:');
  });

  it('text: a plan without changes names the account and says only that nothing changes', () => {
    expect(renderPlanText(noChanges(), {}, plain, { endpoint: context.endpoint, account: ACME, cost })).toBe(
      `Account: Acme Ltd (${ACME.id}) at https://api.voipbin.net/v1.0\n\n${NO_CHANGES}\n`,
    );
  });

  it('text: a name from the server cannot break the line or colour the terminal', () => {
    const hostile = { id: ACME.id, name: 'Acme\n\u001b[31mPlan: 0 to create' };
    const [line, next] = renderPlanText(plan(), {}, plain, { account: hostile }).split('\n');
    expect(line).toBe(`Account: Acme [31mPlan: 0 to create (${ACME.id})`);
    expect(next).toBe('');
  });

  it('markdown: the account with the endpoint, and the cost under the table even without changes', () => {
    const md = renderPlanMarkdown(noChanges(), { ...bare, account: ACME, cost });
    expect(md).toContain(
      `Account: **Acme Ltd** (\`${ACME.id}\`) at \`https://api.voipbin.net/v1.0\` — ✅ no changes\n`,
    );
    expect(md).toContain('| 0 | 0 | 0 | 0 |\n\nCost: $5.00 now, then $5.00 a month.\n\n<details>');
    expect(md).not.toContain('Endpoint:');
    // The text plan inside says neither again.
    expect(md.slice(md.indexOf('```text'))).not.toMatch(/Account:|Cost:/);
  });

  it('markdown: a name is literal text, and an empty one leaves the id alone', () => {
    const md = renderPlanMarkdown(plan(), {
      ...bare,
      account: { id: ACME.id, name: '*Evil* [link](x) <b>|' },
    });
    expect(md).toContain(`Account: **\\*Evil\\* \\[link\\]\\(x\\) \\<b\\>\\|** (\`${ACME.id}\`)`);
    const unnamed = renderPlanMarkdown(plan(), { ...bare, account: { id: ACME.id, name: '' } });
    expect(unnamed).toContain(`Account: \`${ACME.id}\` at`);
  });

  it('JSON: null account and cost when unknown, micros as integers when known', () => {
    const unknown = JSON.parse(renderPlanJson(plan(), bare)) as Record<string, unknown>;
    expect(unknown.account).toBeNull();
    expect(unknown.cost).toBeNull();
    const known = JSON.parse(renderPlanJson(plan(), { ...bare, account: ACME, cost })) as Record<
      string,
      unknown
    >;
    expect(known.account).toEqual(ACME);
    expect(known.cost).toEqual({
      now_micros: 5_000_000,
      monthly_micros: 5_000_000,
      until_released_micros: null,
    });
  });
});

describe('plans ordered for the limit on virtual numbers', () => {
  it('list the releases that run first at the top, and say why beside each change', () => {
    const current = [1, 2, 3, 4, 5].map((i) => currentNumber(`+89910000000${i}`));
    const keep = current.filter((n) => n.number !== '+899100000002').map((n) => desiredNumber(n.number));
    const planned = buildPlan(
      { numbers: [...keep, desiredNumber('+899200000001')], policy: policy() },
      current,
    );
    const free: AccountFacts = {
      customer: { id: ACME.id, name: ACME.name, identityVerification: 'verified' },
      billing: { planType: 'free', balanceMicros: 0 },
    };
    const ordered = orderForLimits(planned, current, free);
    expect(renderPlanText(ordered, {}, plain)).toBe(
      [
        'numform will perform the following actions:',
        '',
        "  - +899100000002 will be released (virtual) (released first to stay within the free plan's 5 virtual numbers)",
        '',
        "  + +899200000001 will be created (virtual) (created once +899100000002 is released, to stay within the free plan's 5 virtual numbers)",
        '',
        'Plan: 1 to create, 0 to update, 1 to delete.',
        '',
      ].join('\n'),
    );
    const [first, second] = (JSON.parse(renderPlanJson(ordered, bare)) as { changes: { reason: unknown }[] })
      .changes;
    expect(first!.reason).toEqual({
      code: 'RELEASED_FIRST',
      message: "released first to stay within the free plan's 5 virtual numbers",
    });
    expect(second!.reason).toEqual({
      code: 'AFTER_RELEASE',
      message: "created once +899100000002 is released, to stay within the free plan's 5 virtual numbers",
      after: ['+899100000002'],
    });
  });
});
