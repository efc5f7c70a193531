import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';

// The client and the simulator share src/api/wire.ts, so a wrong field name could be agreed by
// both sides and every other test would pass. This test holds those types against VoIPBIN's
// published OpenAPI extract. The extract is reference data kept outside the repository (it is not
// ours to ship): set NUMFORM_OPENAPI_SPEC to its path to run this test.
const root = fileURLToPath(new URL('../..', import.meta.url));
const specPath = process.env.NUMFORM_OPENAPI_SPEC ?? '';
const haveSpec = specPath !== '' && existsSync(specPath);

type Schema = {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: string[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  additionalProperties?: boolean;
};

/**
 * Where the published spec and the server's code disagree, the code wins. Each exception says what
 * the server really sends, so the spec cannot be "fixed" into the wire types by accident.
 */
const EXCEPTIONS: Record<string, { type?: string; optional?: boolean; why: string }> = {
  'WireNumber.tm_create': { type: 'string | null', why: 'unset Go *time.Time marshals as null' },
  'WireFlow.type': { optional: true, why: 'omitempty: left out when empty' },
  'WireFlow.name': { optional: true, why: 'omitempty: left out when empty' },
  'WireFlow.detail': { optional: true, why: 'omitempty: left out when empty' },
  'WireFlow.actions': { type: 'unknown[]', optional: true, why: 'numform never reads actions' },
  'WireFlow.direct_hash': { optional: true, why: 'omitempty: left out when empty' },
  'WireAvailableNumber.features': { type: 'string[] | null', why: 'a nil Go slice marshals as null' },
  'WireCreateNumber.type': { optional: true, why: 'the server binds without required tags' },
  'WireCreateNumber.name': { optional: true, why: 'a missing field silently becomes ""' },
  'WireCreateNumber.detail': { optional: true, why: 'a missing field silently becomes ""' },
  'WireCreateNumber.call_flow_id': { optional: true, why: 'a missing id silently becomes the nil UUID' },
  'WireCreateNumber.message_flow_id': { optional: true, why: 'a missing id silently becomes the nil UUID' },
};

/** The spec's schema of each wire type. */
const WIRE_TYPES: Record<string, (spec: Spec) => Schema> = {
  WireNumber: (s) => s.schema('NumberManagerNumber'),
  WireFlow: (s) => s.schema('FlowManagerFlow'),
  WireAvailableNumber: (s) => s.schema('NumberManagerAvailableNumber'),
  WireCreateNumber: (s) => s.requestBody('/numbers', 'post'),
  WireUpdateNumber: (s) => s.requestBody('/numbers/{id}', 'put'),
};

class Spec {
  private readonly doc: {
    components: { schemas: Record<string, Schema> };
    paths: Record<string, Record<string, { requestBody: { content: Record<string, { schema: Schema }> } }>>;
  };

  constructor(text: string) {
    this.doc = parse(text) as Spec['doc'];
  }

  schema(name: string): Schema {
    const found = this.doc.components.schemas[name];
    if (!found) throw new Error(`the spec has no schema ${name}`);
    return found;
  }

  requestBody(path: string, method: string): Schema {
    return this.doc.paths[path]![method]!.requestBody.content['application/json']!.schema;
  }

  resolve(schema: Schema): Schema {
    return schema.$ref ? this.resolve(this.schema(schema.$ref.replace('#/components/schemas/', ''))) : schema;
  }

  /** The TypeScript type a faithful wire type gives this schema. */
  tsType(schema: Schema): string {
    const s = this.resolve(schema);
    // Enums stay open strings: the server validates no `type`, and statuses are an open set.
    if (s.type === 'string') return s.format === 'date-time' ? 'string | null' : 'string';
    if (s.type === 'boolean') return 'boolean';
    if (s.type === 'integer' || s.type === 'number') return 'number';
    if (s.type === 'array') return `${this.tsType(s.items!)}[]`;
    if (s.properties) {
      const fields = Object.entries(s.properties).map(([k, v]) => `${k}: ${this.tsType(v)};`);
      return `{ ${fields.join(' ')} }`;
    }
    if (s.type === 'object' && s.additionalProperties) return 'Record<string, unknown>';
    throw new Error(`no TypeScript type for ${JSON.stringify(s)}`);
  }
}

interface DeclaredField {
  type: string;
  optional: boolean;
}

/** Reads the declared properties of each interface in src/api/wire.ts with the TypeScript checker. */
function readWireTypes(): Map<string, Map<string, DeclaredField>> {
  const file = `${root}src/api/wire.ts`;
  const program = ts.createProgram([file], { strict: true, noEmit: true });
  const checker = program.getTypeChecker();
  const types = new Map<string, Map<string, DeclaredField>>();
  ts.forEachChild(program.getSourceFile(file)!, (node) => {
    if (!ts.isInterfaceDeclaration(node)) return;
    const fields = new Map<string, DeclaredField>();
    for (const symbol of checker.getTypeAtLocation(node).getProperties()) {
      const declaration = symbol.valueDeclaration!;
      const optional = (symbol.flags & ts.SymbolFlags.Optional) !== 0;
      const type = checker.typeToString(checker.getTypeOfSymbolAtLocation(symbol, declaration));
      fields.set(symbol.name, { type: optional ? type.replace(/ \| undefined$/, '') : type, optional });
    }
    types.set(node.name.text, fields);
  });
  return types;
}

/** `{ rtp_debug: boolean; }` and `{ rtp_debug: boolean }` are one type. */
const canonical = (type: string): string => type.replace(/;\s*}/g, ' }').replace(/\s+/g, ' ');

describe.skipIf(!haveSpec)('the shared wire types agree with the published API spec', () => {
  const spec = new Spec(haveSpec ? readFileSync(specPath, 'utf8') : '');
  const declared = haveSpec ? readWireTypes() : new Map<string, Map<string, DeclaredField>>();

  for (const [wireName, schemaOf] of Object.entries(WIRE_TYPES)) {
    it(`${wireName} has exactly the spec's fields, with the spec's types`, () => {
      const schema = spec.resolve(schemaOf(spec));
      const fields = declared.get(wireName);
      expect(fields, `${wireName} is declared in src/api/wire.ts`).toBeDefined();
      expect([...fields!.keys()].sort()).toEqual(Object.keys(schema.properties ?? {}).sort());
      for (const [name, field] of fields!) {
        const exception = EXCEPTIONS[`${wireName}.${name}`];
        const expectedType = exception?.type ?? spec.tsType(schema.properties![name]!);
        const required = (schema.required ?? []).includes(name) || !schema.required;
        const expectedOptional = exception?.optional ?? !required;
        expect(canonical(field.type), `${wireName}.${name}: type`).toBe(canonical(expectedType));
        expect(field.optional, `${wireName}.${name}: optional`).toBe(expectedOptional);
      }
    });
  }

  it('the error envelope carries the spec ErrorBody fields', () => {
    const body = spec.resolve(spec.schema('ErrorBody'));
    const envelope = declared.get('WireErrorEnvelope')!.get('error')!;
    for (const name of Object.keys(body.properties!)) expect(envelope.type).toContain(`${name}`);
  });

  it('every exception names a field that exists, so a stale one cannot hide a rename', () => {
    for (const key of Object.keys(EXCEPTIONS)) {
      const [wireName, field] = key.split('.') as [string, string];
      expect(declared.get(wireName)?.has(field), key).toBe(true);
    }
  });
});
