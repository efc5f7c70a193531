import pc from 'picocolors';
import { describe, expect, it } from 'vitest';
import { checkSources } from '../../src/config/load-config.ts';
import { renderExport } from '../../src/config/export-config.ts';
import { NIL_UUID } from '../../src/model/number.ts';
import { buildPlan } from '../../src/plan/build-plan.ts';
import { renderPlanMarkdown } from '../../src/plan/render-markdown.ts';
import { renderPlanText } from '../../src/plan/render-text.ts';
import { resolveFlows } from '../../src/plan/resolve-flows.ts';
import { currentNumber } from '../support/builders.ts';

const MAIN = 'd157ce07-0360-4cad-9007-c8ab89fccf9c';
const flows = [{ id: MAIN, name: 'Main IVR', detail: '' }];

/** A file whose defaults set both flows, with one entry written as given. */
function withDefaults(entry: string): string {
  return `defaults:\n  call_flow: Main IVR\n  message_flow_id: ${MAIN}\nnumbers:\n  - number: "+15550000001"\n${entry}`;
}

function load(text: string) {
  return checkSources([{ file: 'numbers.yaml', text }]);
}

describe('"no flow" where defaults set one', () => {
  for (const [spelling, entry] of [
    ['null', '    call_flow: null\n    message_flow: null\n'],
    ['~', '    call_flow: ~\n    message_flow: ~\n'],
    ['an empty value', '    call_flow:\n    message_flow:\n'],
    ['the nil UUID', `    call_flow_id: ${NIL_UUID}\n    message_flow_id: ${NIL_UUID.toUpperCase()}\n`],
  ] as const) {
    it(`is written with ${spelling}, and means no flow however it is spelled`, () => {
      const { issues, desired } = load(withDefaults(entry));
      expect(issues).toEqual([]);
      expect(desired!.numbers[0]).toMatchObject({
        callFlowId: { kind: 'none' },
        messageFlowId: { kind: 'none' },
      });
    });
  }

  it('leaves the defaults in force where the entry says nothing', () => {
    const { desired } = load(withDefaults('    name: Support\n'));
    expect(desired!.numbers[0]).toMatchObject({
      callFlowId: { kind: 'name', name: 'Main IVR' },
      messageFlowId: { kind: 'id', id: MAIN },
    });
    expect(desired!.defaultedFlows).toEqual(['callFlowId', 'messageFlowId']);
  });

  it('reads a quoted "null" as the name of a flow, not as no flow', () => {
    const { desired } = load(withDefaults('    call_flow: "null"\n'));
    expect(desired!.numbers[0]!.callFlowId).toEqual({ kind: 'name', name: 'null' });
  });

  it('is on the wire the nil UUID', () => {
    const { desired } = load(withDefaults('    call_flow: null\n'));
    const { numbers, problems } = resolveFlows(desired!.numbers, flows);
    expect(problems).toEqual([]);
    expect(numbers[0]).toMatchObject({ callFlowId: NIL_UUID, messageFlowId: MAIN });
  });

  it('conflicts with a flow id given beside it, as a name would', () => {
    const { issues } = load(withDefaults(`    call_flow: null\n    call_flow_id: ${MAIN}\n`));
    expect(issues).toMatchObject([
      { code: 'FLOW_NAME_AND_ID', source: { file: 'numbers.yaml', line: 7, col: 5 } },
    ]);
  });

  it('is refused on an id key, with the spelling that works', () => {
    const { issues } = load(withDefaults('    call_flow_id: null\n'));
    expect(issues).toMatchObject([
      {
        code: 'WRONG_TYPE',
        message: '"call_flow_id" must be a string, not null',
        hint: 'For no flow, write "call_flow: null" (or leave both keys out).',
        source: { line: 6, col: 19 },
      },
    ]);
  });

  it('says a flow name must be a string or null', () => {
    const { issues } = load(withDefaults('    call_flow: 5\n'));
    expect(issues).toMatchObject([
      { code: 'WRONG_TYPE', message: '"call_flow" must be a string or null, not the number 5' },
    ]);
  });

  it('plans and renders as "(none)", never as the nil UUID', () => {
    const { desired } = load(withDefaults('    call_flow: null\n'));
    const { numbers } = resolveFlows(desired!.numbers, flows);
    const current = [currentNumber('+15550000001', { callFlowId: MAIN, messageFlowId: MAIN })];
    const plan = buildPlan({ numbers, policy: desired!.policy }, current);
    expect(plan.changes).toMatchObject([{ action: 'update', changed: ['callFlowId'] }]);
    const names = { [MAIN]: 'Main IVR' };
    const text = renderPlanText(plan, names, pc.createColors(false));
    expect(text).toContain(`~ call_flow = "Main IVR" (${MAIN}) -> (none)`);
    expect(text).not.toContain(NIL_UUID);
    const markdown = renderPlanMarkdown(plan, { endpoint: 'http://127.0.0.1', flows: names });
    expect(markdown).toContain('-> (none)');
    expect(markdown).not.toContain(NIL_UUID);
  });
});

describe('export and "no flow"', () => {
  const account = [
    currentNumber('+15550000001', { messageFlowId: MAIN }),
    currentNumber('+15550000002', { callFlowId: MAIN, messageFlowId: MAIN }),
  ];

  it('spells "no flow" out for the flows some file defaults, and only those', () => {
    const text = renderExport(account, flows, {
      flowNames: true,
      schemaRef: 'numbers.schema.json',
      spellNoFlow: ['callFlowId'],
    });
    expect(text).toContain("  - number: '+15550000001'\n    call_flow: null\n    message_flow: Main IVR\n");
    expect(text).toContain("  - number: '+15550000002'\n    call_flow: Main IVR\n");
    expect(text).not.toContain('message_flow: null');
  });

  it('round-trips under defaults that set a flow: the exported entries keep their meaning', () => {
    const exported = renderExport(account, flows, {
      flowNames: false,
      schemaRef: 'numbers.schema.json',
      spellNoFlow: ['callFlowId', 'messageFlowId'],
    });
    const text = `defaults:\n  call_flow: Main IVR\n  message_flow: Main IVR\n${exported.replace(/^#.*\n/gm, '')}`;
    const { issues, desired } = load(text);
    expect(issues).toEqual([]);
    const { numbers } = resolveFlows(desired!.numbers, flows);
    expect(buildPlan({ numbers, policy: desired!.policy }, account).changes).toEqual([]);
  });

  it('writes no explicit "no flow" when no default could fill it', () => {
    const text = renderExport(account, flows, { flowNames: true, schemaRef: 'numbers.schema.json' });
    expect(text).not.toContain('null');
  });
});
