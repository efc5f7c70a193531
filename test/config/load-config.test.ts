import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { renderConfigTypes, TYPES_PATH } from '../../schemas/generate-types.ts';
import { renderSchemaValidator, VALIDATOR_PATH } from '../../schemas/generate-validator.ts';
import { README_PATH, renderReadme } from '../../schemas/generate-reference.ts';
import { validateNumbersFile } from '../../src/config/check-schema.ts';
import { checkSources, loadConfig, readConfig } from '../../src/config/load-config.ts';

describe('loading a valid multi-file configuration', () => {
  it('normalises it into the desired state', () => {
    const { desired } = loadConfig(['test/fixtures/valid/multi'], process.cwd());
    expect(desired.files).toEqual([
      'test/fixtures/valid/multi/00-policy.yaml',
      'test/fixtures/valid/multi/sales.yaml',
      'test/fixtures/valid/multi/support.yml',
    ]);
    expect(desired.policy).toEqual({
      prune: true,
      unmanaged: ['+8991000*'],
      protect: ['+1555000*'],
      maxPurchases: 5,
    });
    expect(desired.numbers).toEqual([
      {
        number: '+15557654321',
        type: 'normal',
        name: 'Sales EMEA',
        detail: 'Sales team',
        callFlowId: { kind: 'name', name: 'Sales queue' },
        messageFlowId: { kind: 'none' },
        rtpDebug: true,
        expect: {},
        source: { file: 'test/fixtures/valid/multi/sales.yaml', line: 6, col: 5 },
      },
      {
        number: '+15557654322',
        type: 'normal',
        name: 'Sales US',
        detail: 'Sales team',
        callFlowId: { kind: 'id', id: 'ff8e4528-a743-4913-948c-81abaf563f80' },
        messageFlowId: { kind: 'none' },
        rtpDebug: false,
        expect: {},
        source: { file: 'test/fixtures/valid/multi/sales.yaml', line: 8, col: 5 },
      },
      {
        number: '+15551234567',
        type: 'normal',
        name: 'Support line',
        detail: 'Main support entry point.\nEscalations go to the on-call phone.\n',
        callFlowId: { kind: 'name', name: 'Main IVR' },
        messageFlowId: { kind: 'id', id: '3c1f5a2e-8d4b-4f6a-9b7c-2e1d0a9f8b7c' },
        rtpDebug: false,
        expect: { emergencyEnabled: true },
        source: { file: 'test/fixtures/valid/multi/support.yml', line: 2, col: 5 },
      },
      {
        number: '+899100200001',
        type: 'virtual',
        name: '',
        detail: '',
        callFlowId: { kind: 'none' },
        messageFlowId: { kind: 'none' },
        rtpDebug: false,
        expect: {},
        source: { file: 'test/fixtures/valid/multi/support.yml', line: 10, col: 5 },
      },
    ]);
  });

  it('uses the default policy when no file sets one', () => {
    const { desired } = loadConfig(['test/fixtures/valid/multi/sales.yaml'], process.cwd());
    expect(desired.policy).toEqual({ prune: true, unmanaged: [], protect: [], maxPurchases: 20 });
  });
});

describe('the schema', () => {
  it('compiles in strict mode', () => {
    expect(validateNumbersFile({ numbers: [{ number: '+15551234567' }] })).toBe(true);
    expect(validateNumbersFile({ numbers: [{ number: '+15551234567', colour: 'red' }] })).toBe(false);
  });

  it('has a description on every property', () => {
    const schema = JSON.parse(readFileSync('schemas/numbers.schema.json', 'utf8')) as Record<string, unknown>;
    const missing: string[] = [];
    const walk = (node: unknown, path: string): void => {
      if (typeof node !== 'object' || node === null) return;
      const props = (node as { properties?: Record<string, { description?: string }> }).properties;
      for (const [key, value] of Object.entries(props ?? {})) {
        if (!value.description) missing.push(`${path}.${key}`);
      }
      for (const [key, value] of Object.entries(node)) walk(value, `${path}.${key}`);
    };
    walk(schema, '#');
    expect(missing).toEqual([]);
  });

  it('matches the generated TypeScript types (run `npm run gen:types` after editing it)', async () => {
    expect(readFileSync(TYPES_PATH, 'utf8')).toBe(await renderConfigTypes());
  });

  it('matches the generated validator (run `npm run gen:types` after editing it)', () => {
    expect(readFileSync(VALIDATOR_PATH, 'utf8')).toBe(renderSchemaValidator());
  });

  it('is checked by the generated validator exactly as ajv checks it, errors included', () => {
    const ajv = new Ajv2020({ allErrors: true, strict: true, verbose: true });
    const compiled = ajv.compile(JSON.parse(readFileSync('schemas/numbers.schema.json', 'utf8')) as object);
    const long = (char: string, n: number) => char.repeat(n);
    const inputs: unknown[] = [
      { numbers: [{ number: '+15551234567', name: long('😀', 255) }] },
      { numbers: [{ number: '+15551234567', name: long('😀', 256) }] },
      { numbers: [{ number: '+15551234567', name: long('a', 10_000) }] },
      { numbers: [{ number: 15551234567, colour: 'red', call_flow_id: 'x' }], version: 2 },
      { policy: { account: 'nope', max_monthly_cost: '$5', prune: 'yes' }, defaults: { t38_enabled: 1 } },
      { numbers: 'all' },
      [],
    ];
    for (const input of inputs) {
      const ours = validateNumbersFile(input);
      const theirs = compiled(input);
      expect(ours).toBe(theirs);
      expect(JSON.stringify(validateNumbersFile.errors)).toBe(JSON.stringify(compiled.errors));
    }
  });
});

describe('the examples', () => {
  // Each folder under examples/ is one configuration; seeds/ and ci/ hold other things.
  const configs = readdirSync('examples')
    .map((name) => join('examples', name))
    .filter((path) => statSync(path).isDirectory() && !/examples\/(seeds|ci)$/.test(path));

  it('are all there', () => {
    expect(configs.sort()).toEqual(['examples/demo', 'examples/multi-team', 'examples/starter']);
  });

  it.each(configs)('%s validates', (folder) => {
    const { issues, desired } = readConfig([folder], process.cwd());
    expect(issues).toEqual([]);
    expect(desired!.numbers.length).toBeGreaterThan(0);
  });
});

describe('the README reference', () => {
  it('is generated from the current schema (run `npm run gen:docs` after editing it)', () => {
    const readme = readFileSync(README_PATH, 'utf8');
    expect(readme).toBe(renderReadme(readme));
    expect(readme).toContain('| `numbers[].number` (required) | string |');
  });

  it('opens with an example of the file format that is valid', () => {
    const readme = readFileSync(README_PATH, 'utf8');
    const example = /```yaml\n(# yaml-language-server[^]*?)```/.exec(readme)![1]!;
    const { issues, desired } = checkSources([{ file: 'README.md', text: example }]);
    expect(issues).toEqual([]);
    expect(desired?.numbers.map((n) => n.number)).toEqual(['+15551234567', '+899100000001']);
    expect(desired?.policy.account).toBe('5e4a0680-804e-11ec-8477-2fea5968d85b');
  });
});
