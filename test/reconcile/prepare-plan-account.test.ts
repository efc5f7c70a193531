import { describe, expect, it } from 'vitest';
import { checkSources } from '../../src/config/load-config.ts';
import type { NumformError } from '../../src/errors/numform-error.ts';
import type { AccountFacts } from '../../src/model/account.ts';
import type { DesiredState } from '../../src/model/desired.ts';
import type { CurrentNumber, Flow } from '../../src/model/number.ts';
import { preparePlan } from '../../src/reconcile/prepare-plan.ts';
import { accountFacts, currentNumber } from '../support/builders.ts';
import { FakeNumbersApi } from '../support/fake-numbers-api.ts';

const ENDPOINT = 'http://127.0.0.1:1/v1.0';
const NOW = Date.parse('2026-03-01T00:00:00Z');
const DAY_MS = 86_400_000;

/** An account without a billing account: every purchase is refused. */
function unbilled(overrides: Partial<AccountFacts> = {}): AccountFacts {
  const { billing: _billing, ...facts } = accountFacts(overrides);
  return facts;
}

function desiredFrom(text: string): DesiredState {
  const checked = checkSources([{ file: 'numbers.yaml', text }]);
  if (!checked.desired) throw new Error(JSON.stringify(checked.issues));
  return checked.desired;
}

/** An account in memory that records which flows GET /flows/{id} was asked about. */
function account(
  options: { numbers?: CurrentNumber[]; flows?: Flow[]; unlistedFlows?: Flow[]; facts?: AccountFacts } = {},
) {
  const api = new FakeNumbersApi({ ...options, ...(options.facts && { account: options.facts }) });
  const asked: string[] = [];
  const getFlow = api.getFlow.bind(api);
  api.getFlow = (id: string) => {
    asked.push(id);
    return getFlow(id);
  };
  return { api, asked };
}

describe('preparePlan: a configuration pinned to another account', () => {
  const OTHER = '11111111-2222-4333-8444-555555555555';
  const text = `policy:\n  account: "${OTHER}"\nnumbers:\n  - number: "+899100000001"\n`;

  it('stops before planning, with the pin as its diagnostic and the sources for its code frame', async () => {
    const sources = [{ file: 'numbers.yaml', text }];
    const error = (await preparePlan(account().api, desiredFrom(text), { endpoint: ENDPOINT, sources }).catch(
      (e: unknown) => e,
    )) as NumformError;
    expect(error.code).toBe('ACCOUNT_MISMATCH');
    expect(error.message).toBe('The configuration is for another account; nothing was sent.');
    expect(error.diagnostics.map((d) => [d.code, d.source?.line])).toEqual([['ACCOUNT_MISMATCH', 2]]);
    expect(error.sources).toEqual(sources);
  });
});

describe('preparePlan: targets', () => {
  it('names every unmanaged target, and says what to do', async () => {
    const current = [currentNumber('+899200000001'), currentNumber('+899200000002')];
    const desired = desiredFrom('policy:\n  unmanaged: ["+8992*"]\nnumbers:\n  - number: "+899100000001"\n');
    const attempt = preparePlan(account({ numbers: current }).api, desired, {
      endpoint: ENDPOINT,
      targets: ['+899200000002', '+899200000001'],
    });
    await expect(attempt).rejects.toMatchObject({
      code: 'UNMANAGED_TARGET',
      message: '--target +899200000001, +899200000002 matches policy.unmanaged, so numform never plans them.',
      hint: 'Narrow policy.unmanaged to manage the number, or target a managed one.',
    });
  });

  it('says how targeting is meant to be used', async () => {
    const desired = desiredFrom('numbers:\n  - number: "+899100000001"\n');
    const prepared = await preparePlan(account().api, desired, {
      endpoint: ENDPOINT,
      targets: ['+899100000001'],
    });
    expect(prepared.plan.diagnostics[0]?.hint).toBe(
      'Use --target for exceptional cases (a fix, a recovery), then run plan without it to see everything.',
    );
  });
});

describe('preparePlan: predictions', () => {
  it('keeps refusals out of the plan, which shows only the warnings', async () => {
    const facts = unbilled({
      accessKey: { expiresAt: new Date(NOW + DAY_MS).toISOString() },
    });
    const desired = desiredFrom('numbers:\n  - number: "+899100000001"\n');
    const prepared = await preparePlan(account({ facts }).api, desired, { endpoint: ENDPOINT, now: NOW });
    expect(prepared.predicted.map((d) => d.code)).toEqual(['NO_BILLING_ACCOUNT']);
    expect(prepared.plan.diagnostics.map((d) => d.code)).toEqual(['ACCESS_KEY_EXPIRING']);
  });

  it('records whether releases wait for unconfirmed purchases: by default they do', async () => {
    const desired = desiredFrom('numbers: []\n');
    const plain = await preparePlan(account().api, desired, { endpoint: ENDPOINT });
    expect(plain.releaseWhilePending).toBe(false);
    const anyway = await preparePlan(account().api, desired, {
      endpoint: ENDPOINT,
      releaseWhilePending: true,
    });
    expect(anyway.releaseWhilePending).toBe(true);
  });

  // Plans list changes by number: +1… before +899… before +91….
  const lineOf = async (facts: AccountFacts, text: string, numbers: CurrentNumber[] = []) => {
    const prepared = await preparePlan(account({ facts, numbers }).api, desiredFrom(text), {
      endpoint: ENDPOINT,
    });
    return prepared.predicted.map((d) => [d.code, d.source?.line]);
  };

  it('points a refusal of normal purchases at the first normal number, not a virtual one', async () => {
    const poor = accountFacts({ billing: { planType: 'basic', balanceMicros: 0 } });
    const text = 'numbers:\n  - number: "+899100000001"\n  - number: "+912345678901"\n';
    expect(await lineOf(poor, text)).toEqual([['INSUFFICIENT_BALANCE', 3]]);
  });

  it('points a refusal of virtual purchases at the first virtual number, not a normal one', async () => {
    const free = accountFacts({ billing: { planType: 'free', balanceMicros: 100_000_000 } });
    const held = Array.from({ length: 5 }, (_, i) => currentNumber(`+89930000000${i}`));
    const unmanaged = 'policy:\n  unmanaged: ["+8993*"]\n';
    const text = `${unmanaged}numbers:\n  - number: "+15551230001"\n  - number: "+899100000001"\n`;
    expect(await lineOf(free, text, held)).toEqual([['VIRTUAL_NUMBER_LIMIT', 5]]);
  });

  it('points a refusal of every purchase at the first create, not at an update before it', async () => {
    const renamed = [currentNumber('+899100000001', { name: 'Old' })];
    const text = 'numbers:\n  - number: "+899100000001"\n    name: New\n  - number: "+899100000002"\n';
    expect(await lineOf(unbilled(), text, renamed)).toEqual([['NO_BILLING_ACCOUNT', 4]]);
  });
});

describe('preparePlan: flows GET /flows does not list', () => {
  const MAIN = 'd157ce07-0360-4cad-9007-c8ab89fccf9c';
  const QUEUE_A = 'a1a1a1a1-0000-4000-8000-00000000000a';
  const QUEUE_B = 'b2b2b2b2-0000-4000-8000-00000000000b';
  const QUEUE_C = 'c3c3c3c3-0000-4000-8000-00000000000c';

  it('asks, in order, about the unlisted flows of declared numbers only, before and after', async () => {
    const { api, asked } = account({
      flows: [{ id: MAIN, name: 'Main IVR', detail: '' }],
      unlistedFlows: [
        { id: QUEUE_A, name: 'Queue A', detail: '' },
        { id: QUEUE_B, name: 'Queue B', detail: '' },
        { id: QUEUE_C, name: 'Queue C', detail: '' },
      ],
      numbers: [
        currentNumber('+899100000001', { callFlowId: QUEUE_A }),
        // Unmanaged: its flows are none of the plan's business.
        currentNumber('+899300000001', { callFlowId: QUEUE_C }),
      ],
    });
    const desired = desiredFrom(
      'policy:\n  unmanaged: ["+8993*"]\nnumbers:\n' +
        `  - number: "+899100000001"\n    call_flow_id: "${QUEUE_B}"\n    message_flow_id: "${MAIN}"\n`,
    );
    const prepared = await preparePlan(api, desired, { endpoint: ENDPOINT });
    expect(asked).toEqual([QUEUE_A, QUEUE_B]);
    expect(prepared.context.flows).toEqual({
      [MAIN]: 'Main IVR',
      [QUEUE_A]: 'Queue A',
      [QUEUE_B]: 'Queue B',
    });
  });
});
