import { describe, expect, it } from 'vitest';
import type { NumbersApi } from '../../src/api/client.ts';
import { checkSources } from '../../src/config/load-config.ts';
import type { DesiredState } from '../../src/model/desired.ts';
import type { NumformError } from '../../src/errors/numform-error.ts';
import type { CurrentNumber, Flow } from '../../src/model/number.ts';
import { summarizePlan } from '../../src/plan/plan-types.ts';
import { digestConfig, preparePlan } from '../../src/reconcile/prepare-plan.ts';
import { readAccount } from '../../src/reconcile/read-account.ts';
import { readAccountFacts } from '../../src/api/account-facts.ts';
import { accountFacts, currentNumber } from '../support/builders.ts';
import { useClient, useSimulator } from '../support/simulator.ts';

const ENDPOINT = 'http://127.0.0.1:1/v1.0';
const MAIN = 'd157ce07-0360-4cad-9007-c8ab89fccf9c';
const OTHER = 'ff8e4528-a743-4913-948c-81abaf563f80';

function desiredFrom(text: string): DesiredState {
  const checked = checkSources([{ file: 'numbers.yaml', text }]);
  if (!checked.desired) throw new Error(JSON.stringify(checked.issues));
  return checked.desired;
}

/** An account read from fixed lists, in the order given; planning sends nothing else. */
function fixedAccount(numbers: CurrentNumber[], flows: Flow[]): NumbersApi {
  const unused = (): never => {
    throw new Error('planning must only read the account');
  };
  const facts = accountFacts();
  const account = {
    getCustomer: () => Promise.resolve(facts.customer),
    getBillingAccount: () => Promise.resolve(facts.billing),
    findAccessKey: () => Promise.resolve(facts.accessKey),
  };
  return {
    listNumbers: () => Promise.resolve(numbers.map((n) => ({ ...n }))),
    listFlows: () => Promise.resolve(flows.map((f) => ({ ...f }))),
    listNewestNumbers: unused,
    getNumber: unused,
    createNumber: unused,
    updateNumber: unused,
    updateMetadata: unused,
    updateFlowIds: unused,
    deleteNumber: unused,
    getFlow: (id) => Promise.resolve(flows.find((f) => f.id === id)),
    ...account,
    readAccountFacts: () => readAccountFacts(account),
    close: () => Promise.resolve(),
  };
}

function tenNumbers(): CurrentNumber[] {
  return Array.from({ length: 10 }, (_, i) => currentNumber(`+89910000000${i}`));
}

describe('readAccount', () => {
  it('reads the numbers and the flows of the account', async () => {
    const sim = await useSimulator({
      seed: { flows: [{ id: MAIN, name: 'Main IVR' }], numbers: [{ number: '+899100000001', name: 'A' }] },
    });
    const { numbers, flows } = await readAccount(useClient(sim));
    expect(numbers.map((n) => [n.number, n.name])).toEqual([['+899100000001', 'A']]);
    expect(flows.map((f) => [f.id, f.name])).toEqual([[MAIN, 'Main IVR']]);
  });
});

describe('preparePlan', () => {
  it('plans against the simulator and names the endpoint it was made for', async () => {
    const sim = await useSimulator({ seed: { flows: [{ id: MAIN, name: 'Main IVR' }] } });
    const desired = desiredFrom('numbers:\n  - number: "+899100000001"\n    call_flow: Main IVR\n');
    const prepared = await preparePlan(useClient(sim), desired, { endpoint: sim.url });
    expect(prepared.plan.changes).toEqual([
      expect.objectContaining({ action: 'create', number: '+899100000001', changed: ['callFlowId'] }),
    ]);
    expect(prepared.context.flows).toEqual({ [MAIN]: 'Main IVR' });
    expect(prepared.context.endpoint).toBe(sim.url);
    expect(prepared.flows.map((f) => f.id)).toEqual([MAIN]);
    expect(prepared.current).toEqual([]);
  });

  it('without options plans every number and applies the guards, knowing the configuration is empty', async () => {
    const current = tenNumbers();
    const prepared = await preparePlan(fixedAccount(current, []), desiredFrom('numbers: []\n'), {
      endpoint: ENDPOINT,
    });
    expect(prepared.context.targets).toEqual([]);
    expect(summarizePlan(prepared.plan).delete).toBe(10);
    expect(prepared.violations.map((v) => v.code)).toEqual(['EMPTY_CONFIGURATION']);
    expect(prepared.current).toEqual(current);
  });

  it('passes --allow-mass-delete to the guards', async () => {
    const prepared = await preparePlan(fixedAccount(tenNumbers(), []), desiredFrom('numbers: []\n'), {
      endpoint: ENDPOINT,
      allowMassDelete: true,
    });
    expect(prepared.violations).toEqual([]);
  });

  it('sorts the targets, limits the plan to them, and accepts a target only the account has', async () => {
    const current = [currentNumber('+899100000009'), currentNumber('+899100000005')];
    const desired = desiredFrom('numbers:\n  - number: "+899100000001"\n  - number: "+899100000002"\n');
    const prepared = await preparePlan(fixedAccount(current, []), desired, {
      endpoint: ENDPOINT,
      targets: ['+899100000009', '+899100000002'],
    });
    expect(prepared.context.targets).toEqual(['+899100000002', '+899100000009']);
    expect(prepared.plan.changes.map((c) => `${c.action} ${c.number}`)).toEqual([
      'create +899100000002',
      'delete +899100000009',
    ]);
    // As Terraform does, the plan says that targeting is in effect, first.
    expect(prepared.plan.diagnostics[0]).toMatchObject({
      severity: 'warning',
      code: 'TARGETING',
      message:
        'Targeting is in effect: the plan covers only +899100000002, +899100000009; the account may differ from the configuration elsewhere.',
    });
    const untargeted = await preparePlan(fixedAccount(current, []), desired, { endpoint: ENDPOINT });
    expect(untargeted.plan.diagnostics.map((d) => d.code)).not.toContain('TARGETING');
  });

  it('refuses a target that policy.unmanaged matches: numform never plans it', async () => {
    const current = [currentNumber('+899200000001')];
    const desired = desiredFrom('policy:\n  unmanaged: ["+8992*"]\nnumbers:\n  - number: "+899100000001"\n');
    const attempt = preparePlan(fixedAccount(current, []), desired, {
      endpoint: ENDPOINT,
      targets: ['+899200000001'],
    });
    await expect(attempt).rejects.toMatchObject({
      code: 'UNMANAGED_TARGET',
      message: '--target +899200000001 matches policy.unmanaged, so numform never plans it.',
    });
  });

  it('refuses targets that are neither declared nor in the account, naming them', async () => {
    const desired = desiredFrom('numbers:\n  - number: "+899100000001"\n');
    const attempt = preparePlan(fixedAccount([currentNumber('+899100000009')], []), desired, {
      endpoint: ENDPOINT,
      targets: ['+899100000009', '+15550000002', '+899100000001', '+15550000001'],
    });
    await expect(attempt).rejects.toMatchObject({
      code: 'UNKNOWN_TARGET',
      message: '--target +15550000001, +15550000002 matches no declared number and no number of the account.',
      hint: 'Targets are E.164 numbers as written in the configuration, for example --target "+15551234567".',
    });
  });

  it('refuses flows it cannot resolve, listing each with where it was declared', async () => {
    const desired = desiredFrom(
      'numbers:\n  - number: "+899100000001"\n    call_flow: Nope\n  - number: "+899100000002"\n    message_flow: Main\n',
    );
    const attempt = preparePlan(fixedAccount([], [{ id: MAIN, name: 'Main IVR', detail: '' }]), desired, {
      endpoint: ENDPOINT,
    });
    await expect(attempt).rejects.toMatchObject({
      code: 'FLOW_RESOLUTION',
      message: 'Flows could not be resolved; nothing was sent.',
      diagnostics: [
        expect.objectContaining({
          source: { file: 'numbers.yaml', line: 2, col: 5 },
          message: `call_flow "Nope" of +899100000001 matches no flow; known flows: "Main IVR" (${MAIN})`,
        }),
        expect.objectContaining({
          source: { file: 'numbers.yaml', line: 4, col: 5 },
          message: `message_flow "Main" of +899100000002 matches no flow; similar: "Main IVR" (${MAIN})`,
        }),
      ],
      hint: 'Name flows exactly as GET /flows lists them, or give their ids; numform checks them before changing anything.',
    });
  });
});

describe('preparePlan with a configuration still being checked', () => {
  it('reads the account while the configuration is checked, and plans once it is valid', async () => {
    const sim = await useSimulator({ seed: { numbers: [{ number: '+899100000001', name: 'Old' }] } });
    let release!: (d: DesiredState) => void;
    const pending = new Promise<DesiredState>((resolve) => (release = resolve));
    const planning = preparePlan(useClient(sim), pending, { endpoint: sim.url });
    // The reads go out before the configuration is known.
    await expect.poll(() => sim.stats.get('GET /numbers') ?? 0).toBeGreaterThan(0);
    release(desiredFrom('numbers:\n  - number: "+899100000001"\n    name: New\n'));
    const prepared = await planning;
    expect(prepared.plan.changes).toEqual([
      expect.objectContaining({ action: 'update', number: '+899100000001', changed: ['name'] }),
    ]);
  });

  it('reports an invalid configuration, not what the reads met, and sends no change', async () => {
    const sim = await useSimulator({ faults: { kinds: ['503'], rate: 1, seed: 1 } });
    const invalid = new Error('the configuration has problems');
    const prepared = preparePlan(useClient(sim, { maxRetries: 0 }), Promise.reject(invalid), {
      endpoint: sim.url,
    });
    await expect(prepared).rejects.toBe(invalid);
    expect(sim.requests.filter((r) => r.method !== 'GET')).toEqual([]);
  });

  it('checks the account pin once the configuration is known, before planning anything', async () => {
    const sim = await useSimulator();
    const text = `policy:\n  account: ${OTHER}\nnumbers:\n  - number: "+899100000001"\n`;
    const prepared = preparePlan(useClient(sim), Promise.resolve(desiredFrom(text)), { endpoint: sim.url });
    await expect(prepared).rejects.toMatchObject({
      code: 'ACCOUNT_MISMATCH',
    } satisfies Partial<NumformError>);
    expect(sim.requests.filter((r) => r.method !== 'GET')).toEqual([]);
  });
});

describe('preparePlan: flows the real server checks', () => {
  const QUEUE = 'a1a1a1a1-0000-4000-8000-00000000000a';
  const GONE = 'dead0000-0000-4000-8000-000000000001';

  it('accepts a queue flow GET /flows does not list once GET /flows/{id} finds it, and names it', async () => {
    const sim = await useSimulator({
      seed: {
        flows: [
          { id: MAIN, name: 'Main IVR' },
          { id: QUEUE, name: 'Support queue', type: 'queue' },
        ],
      },
    });
    const desired = desiredFrom(`numbers:\n  - number: "+899100000001"\n    call_flow_id: "${QUEUE}"\n`);
    const prepared = await preparePlan(useClient(sim), desired, { endpoint: sim.url });
    expect(prepared.plan.changes).toEqual([
      expect.objectContaining({ action: 'create', changed: ['callFlowId'] }),
    ]);
    expect(prepared.context.flows).toEqual({ [QUEUE]: 'Support queue' });
    // Only the id GET /flows did not list is asked about, once.
    expect(sim.requests.filter((r) => r.url.startsWith('/v1.0/flows/')).map((r) => r.url)).toEqual([
      `/v1.0/flows/${QUEUE}`,
    ]);
  });

  it('refuses a rename of a number holding a flow that no longer exists, before sending anything', async () => {
    const sim = await useSimulator({
      seed: { numbers: [{ number: '+899100000001', name: 'Old', call_flow_id: GONE }] },
    });
    const desired = desiredFrom(
      `numbers:\n  - number: "+899100000001"\n    name: New\n    call_flow_id: "${GONE}"\n`,
    );
    const attempt = preparePlan(useClient(sim), desired, { endpoint: sim.url });
    const error = (await attempt.catch((e: unknown) => e)) as NumformError;
    expect(error.code).toBe('FLOW_RESOLUTION');
    expect(error.diagnostics).toHaveLength(1);
    expect(error.diagnostics[0]).toMatchObject({
      code: 'DANGLING_FLOW',
      source: { file: 'numbers.yaml', line: 2, col: 5 },
    });
    expect(error.diagnostics[0]!.message).toContain(
      `call_flow_id ${GONE} is not a live flow of this account`,
    );
    expect(sim.requests.map((r) => r.method)).not.toContain('PUT');
  });

  it('plans a change of the flows alone of such a number: PUT /flow_ids checks nothing', async () => {
    const sim = await useSimulator({
      seed: {
        flows: [{ id: MAIN, name: 'Main IVR' }],
        numbers: [{ number: '+899100000001', call_flow_id: GONE }],
      },
    });
    const desired = desiredFrom('numbers:\n  - number: "+899100000001"\n    call_flow: Main IVR\n');
    const prepared = await preparePlan(useClient(sim), desired, { endpoint: sim.url });
    expect(prepared.plan.changes).toEqual([
      expect.objectContaining({ action: 'update', changed: ['callFlowId'] }),
    ]);
  });
});

describe('plan digests', () => {
  const config = 'numbers:\n  - number: "+899100000001"\n    name: A\n';

  it('config_digest follows the meaning of the configuration, not its layout or comments', async () => {
    const same = desiredFrom('# a comment\nnumbers:\n\n  - { number: "+899100000001", name: "A" }\n');
    expect(digestConfig(same)).toBe(digestConfig(desiredFrom(config)));
    expect(digestConfig(desiredFrom(config.replace('A', 'B')))).not.toBe(digestConfig(desiredFrom(config)));
    const policy = desiredFrom(`policy:\n  max_purchases: 3\n${config}`);
    expect(digestConfig(policy)).not.toBe(digestConfig(desiredFrom(config)));
    expect(digestConfig(desiredFrom(config))).toMatch(/^sha256:[0-9a-f]{64}$/);

    const prepared = await preparePlan(fixedAccount([], []), desiredFrom(config), { endpoint: ENDPOINT });
    expect(prepared.context.config_digest).toBe(digestConfig(desiredFrom(config)));
  });

  it('state_digest follows the account, whatever order it is listed in', async () => {
    const numbers = [currentNumber('+899100000002'), currentNumber('+899100000001')];
    const flows = [
      { id: OTHER, name: 'Other', detail: '' },
      { id: MAIN, name: 'Main IVR', detail: '' },
    ];
    const desired = desiredFrom(config);
    const state = async (n: CurrentNumber[], f: Flow[]) =>
      (await preparePlan(fixedAccount(n, f), desired, { endpoint: ENDPOINT })).context.state_digest;
    const base = await state(numbers, flows);
    expect(base).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(await state([...numbers].reverse(), [...flows].reverse())).toBe(base);
    expect(await state([numbers[0]!, { ...numbers[1]!, name: 'renamed' }], flows)).not.toBe(base);
    expect(await state(numbers, [flows[0]!, { ...flows[1]!, name: 'Renamed IVR' }])).not.toBe(base);
    expect(await state(numbers.slice(1), flows)).not.toBe(base);
  });

  it('plan_digest covers the changes and the targets, not the rest of the account', async () => {
    const desired = desiredFrom(config);
    const gone = currentNumber('+899100000009');
    const planDigest = async (current: CurrentNumber[], flows: Flow[] = [], targets: string[] = []) =>
      (await preparePlan(fixedAccount(current, flows), desired, { endpoint: ENDPOINT, targets })).context
        .plan_digest;
    const base = await planDigest([gone]);
    expect(base).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(await planDigest([gone], [{ id: MAIN, name: 'Unreferenced', detail: '' }])).toBe(base);
    expect(await planDigest([gone, currentNumber('+899100000001', { name: 'A' })])).not.toBe(base);
    expect(await planDigest([{ ...gone, name: 'x' }])).not.toBe(base);
    // The same changes, limited by targets, are another plan; the order of the targets is not.
    const targeted = await planDigest([gone], [], ['+899100000001', '+899100000009']);
    expect(targeted).not.toBe(base);
    expect(await planDigest([gone], [], ['+899100000009', '+899100000001'])).toBe(targeted);
  });
});
