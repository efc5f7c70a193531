import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/errors/diagnostic.ts';
import { buildPlan } from '../../src/plan/build-plan.ts';
import type { Plan } from '../../src/plan/plan-types.ts';
import { readPlanDocument } from '../../src/plan/read-plan-document.ts';
import { toPlanDocument, type PlanContext } from '../../src/plan/render-json.ts';
import { currentNumber, desiredNumber, policy } from '../support/builders.ts';

const FLOW = 'd157ce07-0360-4cad-9007-c8ab89fccf9c';

/** A plan with a create, an update and a held release, and diagnostics with and without a source. */
function samplePlan(): Plan {
  const current = [
    currentNumber('+15557654321', { id: '7132a89a-5de2-4e68-b080-94d4c045ebb6', name: 'Sales' }),
    currentNumber('+15550001111', {
      id: '4a68aaf3-48ec-4203-b9ba-336170b1ce5c',
      status: 'purchase-pending',
    }),
    currentNumber('+899100000009', { id: '40855b54-593e-4835-83a5-c652bfc3ffe0' }),
  ];
  const built = buildPlan(
    {
      numbers: [
        desiredNumber('+15551234567', { name: 'Support', callFlowId: FLOW }),
        desiredNumber('+15557654321', { name: 'Sales EMEA', rtpDebug: true }),
        desiredNumber('+15550001111'),
      ],
      policy: policy(),
    },
    current,
  );
  const located: Diagnostic[] = [
    {
      severity: 'error',
      code: 'DANGLING_FLOW',
      message: 'a flow',
      hint: 'point it elsewhere',
      number: '+15551234567',
      source: { file: 'numbers.yaml', line: 3, col: 5 },
    },
    { severity: 'warning', code: 'READ_ONLY_DRIFT', message: 'drift', source: { file: 'numbers/b.yaml' } },
  ];
  const changes = built.changes.map((c) =>
    c.action === 'create'
      ? { ...c, reason: { code: 'AFTER_RELEASE' as const, message: 'waits', after: ['+899100000009'] } }
      : c,
  );
  return { changes, diagnostics: [...built.diagnostics, ...located] };
}

const CONTEXT: PlanContext = {
  endpoint: 'https://api.voipbin.net/v1.0',
  account: { id: '5e4a0680-804e-11ec-8477-2fea5968d85b', name: 'Acme' },
  cost: { nowMicros: 5_000_000, monthlyMicros: 10_000_000, untilReleasedMicros: 15_000_000 },
  config_digest: 'sha256:config',
  state_digest: 'sha256:state',
  plan_digest: 'sha256:plan',
  targets: ['+15551234567'],
  flows: { [FLOW]: 'Main IVR' },
};

/** The JSON document of the sample plan, as a file holds it. */
function sampleDocument(context: PlanContext = CONTEXT): Record<string, unknown> {
  return JSON.parse(JSON.stringify(toPlanDocument(samplePlan(), context))) as Record<string, unknown>;
}

/** What is wrong with the sample document once the value at `path` (keys joined by dots) is `value`. */
function problemAfter(path: string, value: unknown): string | undefined {
  const doc = sampleDocument();
  const keys = path.split('.');
  const parent = keys.slice(0, -1).reduce<unknown>((at, key) => (at as Record<string, unknown>)[key], doc);
  (parent as Record<string, unknown>)[keys.at(-1)!] = value;
  const read = readPlanDocument(doc);
  return read.ok ? undefined : read.problem;
}

describe('readPlanDocument', () => {
  it('reads back the plan and context a JSON plan was made from', () => {
    const plan = samplePlan();
    expect(plan.changes.map((c) => [c.action, c.reason?.code])).toEqual([
      ['create', 'AFTER_RELEASE'],
      ['update', undefined],
      ['delete', 'HELD'],
    ]);
    expect(readPlanDocument(sampleDocument())).toStrictEqual({ ok: true, plan, context: CONTEXT });
  });

  it('reads a plan without account, cost or a cost while releases wait', () => {
    const { account: _account, cost: _cost, ...bare } = CONTEXT;
    expect(readPlanDocument(sampleDocument(bare))).toStrictEqual({
      ok: true,
      plan: samplePlan(),
      context: bare,
    });
    const flat = { ...CONTEXT, cost: { nowMicros: 0, monthlyMicros: 5_000_000 } };
    expect(readPlanDocument(sampleDocument(flat))).toStrictEqual({
      ok: true,
      plan: samplePlan(),
      context: flat,
    });
  });

  it.each<[string, string, unknown, string]>([
    ['the plan', 'endpoint', 1, 'endpoint is not a string'],
    ['account', 'account', 'Acme', 'account is not an object'],
    ['account.id', 'account.id', 7, 'account.id is not a string'],
    ['account.name', 'account.name', null, 'account.name is not a string'],
    ['cost', 'cost', [1], 'cost is not an object'],
    ['cost.now_micros', 'cost.now_micros', 1.5, 'cost.now_micros is not an integer'],
    ['cost.monthly_micros', 'cost.monthly_micros', '1', 'cost.monthly_micros is not an integer'],
    [
      'cost.until_released_micros',
      'cost.until_released_micros',
      'x',
      'cost.until_released_micros is not an integer',
    ],
    ['config_digest', 'config_digest', undefined, 'config_digest is not a string'],
    ['state_digest', 'state_digest', 1, 'state_digest is not a string'],
    ['plan_digest', 'plan_digest', {}, 'plan_digest is not a string'],
    ['targets', 'targets', '+15551234567', 'targets is not a list'],
    ['a target', 'targets', ['+1', 2], 'targets[1] is not a string'],
    ['changes', 'changes', {}, 'changes is not a list'],
    ['a change', 'changes.1', 'update', 'changes[1] is not an object'],
    ['an action', 'changes.0.action', 'buy', 'changes[0].action is not one of create, update, delete'],
    ['a number', 'changes.2.number', 5, 'changes[2].number is not a string'],
    ['a released type', 'changes.2.type', 5, 'changes[2].type is not a string'],
    ['a type', 'changes.0.type', 'mobile', 'changes[0].type is not one of normal, virtual'],
    ['a reason', 'changes.2.reason', 'held', 'changes[2].reason is not an object'],
    [
      'a reason code',
      'changes.2.reason.code',
      'LATER',
      'changes[2].reason.code is not one of PENDING_PURCHASE, HELD, RELEASED_FIRST, AFTER_RELEASE',
    ],
    ['a reason message', 'changes.2.reason.message', 1, 'changes[2].reason.message is not a string'],
    ['a reason list', 'changes.0.reason.after', '+899100000009', 'changes[0].reason.after is not a list'],
    ['a reason entry', 'changes.0.reason.after', [9], 'changes[0].reason.after[0] is not a string'],
    ['created fields', 'changes.0.after.name', 1, 'changes[0].after.name is not a string'],
    ['a flag', 'changes.1.after.rtp_debug', 'yes', 'changes[1].after.rtp_debug is not a boolean'],
    ['changed fields', 'changes.0.fields', ['colour'], 'changes[0].fields[0] is no field'],
    ['updated fields', 'changes.1.fields', 'name', 'changes[1].fields is not a list'],
    ['an id', 'changes.1.id', null, 'changes[1].id is not a string'],
    ['fields before', 'changes.2.before', null, 'changes[2].before is not an object'],
    ['diagnostics', 'diagnostics', null, 'diagnostics is not a list'],
    ['a diagnostic', 'diagnostics.0', 'note', 'diagnostics[0] is not an object'],
    [
      'a severity',
      'diagnostics.1.severity',
      'fatal',
      'diagnostics[1].severity is not one of error, warning, note',
    ],
    ['a message', 'diagnostics.1.message', 1, 'diagnostics[1].message is not a string'],
    ['a hint', 'diagnostics.1.hint', 1, 'diagnostics[1].hint is not a string'],
    ['a file', 'diagnostics.1.file', 1, 'diagnostics[1].file is not a string'],
    ['a line', 'diagnostics.1.line', 2.5, 'diagnostics[1].line is not an integer'],
    ['a column', 'diagnostics.1.col', '5', 'diagnostics[1].col is not an integer'],
    ['a diagnostic number', 'diagnostics.1.number', 1, 'diagnostics[1].number is not a string'],
    ['flows', 'flows', [], 'flows is not an object'],
    ['a flow name', `flows.${FLOW}`, null, `flows.${FLOW} is not a string`],
  ])('names the part that is wrong: %s', (_part, path, value, problem) => {
    expect(problemAfter(path, value)).toBe(problem);
  });

  it.each([
    'account',
    'cost',
    'cost.until_released_micros',
    'diagnostics.1.hint',
    'diagnostics.1.line',
    'diagnostics.1.col',
    'diagnostics.1.number',
  ])('takes a missing %s as absent, like null', (path) => {
    expect(problemAfter(path, undefined)).toBeUndefined();
  });

  it('says when the document is no object, and names an unknown diagnostic code', () => {
    expect(readPlanDocument([])).toEqual({ ok: false, problem: 'the plan is not an object' });
    expect(readPlanDocument(null)).toEqual({ ok: false, problem: 'the plan is not an object' });
    expect(problemAfter('diagnostics.1.code', 'NOPE')).toMatch(
      /^diagnostics\[1\]\.code is not one of [A-Z_]+, /,
    );
  });

  it('lets errors other than a wrong shape through', () => {
    const doc = sampleDocument();
    Object.defineProperty(doc, 'endpoint', {
      get: () => {
        throw new RangeError('boom');
      },
    });
    expect(() => readPlanDocument(doc)).toThrow(RangeError);
  });
});
