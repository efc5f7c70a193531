import type { ErrorObject, ValidateFunction } from 'ajv';
import type { Diagnostic } from '../errors/diagnostic.ts';
import type { NumbersFile } from './numbers-config.gen.ts';
import { validate } from './numbers-schema.gen.ts';
import { locatePath, scalarAt, type ParsedSource } from './yaml-source.ts';

/**
 * The schema, compiled by ajv in strict mode when the code was generated (`npm run gen:types`):
 * starting the CLI neither loads ajv nor compiles anything.
 */
export const validateNumbersFile = validate as ValidateFunction<NumbersFile>;

/** Checks a parsed file against the JSON Schema; returns one issue per problem, located. */
export function checkSchema(parsed: ParsedSource): Diagnostic[] {
  const data = parsed.data ?? {};
  if (validateNumbersFile(data)) return [];
  const issues = (validateNumbersFile.errors ?? []).map((e) => toIssue(parsed, e));
  // A failed `$ref` target can repeat a message; keep each (place, code) once.
  const seen = new Set<string>();
  return issues.filter((i) => {
    const key = `${i.source?.line}:${i.source?.col}:${i.code}`;
    return seen.has(key) ? false : (seen.add(key), true);
  });
}

function pathOf(e: ErrorObject): (string | number)[] {
  return e.instancePath
    .split('/')
    .slice(1)
    .map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return `${typeof value === 'number' ? 'the number' : typeof value === 'boolean' ? 'the boolean' : 'the string'} ${JSON.stringify(value)}`;
}

function toIssue(parsed: ParsedSource, e: ErrorObject): Diagnostic {
  const path = pathOf(e);
  const last = path[path.length - 1];
  // An item of a list is named by its list: "scope[0]", never a bare "0".
  const field =
    last === undefined
      ? 'the file'
      : typeof last === 'number'
        ? `${String(path[path.length - 2])}[${last}]`
        : last;
  const at = (options?: { key?: string }) => ({ file: parsed.file, ...locatePath(parsed, path, options) });
  switch (e.keyword) {
    case 'additionalProperty':
    case 'additionalProperties': {
      const key = (e.params as { additionalProperty: string }).additionalProperty;
      const allowed = Object.keys((e.parentSchema as { properties?: object }).properties ?? {});
      if (key === '<<') {
        return {
          severity: 'error',
          source: at({ key }),
          code: 'UNKNOWN_KEY',
          message: `a YAML merge key ("<<")${path.length ? ` in ${describePlace(path)}` : ''}: numbers files are YAML 1.2, which has no merge keys`,
          hint: 'Write the values out, or put what every entry shares under `defaults:`.',
        };
      }
      const guess = closest(key, allowed);
      return {
        severity: 'error',
        source: at({ key }),
        code: 'UNKNOWN_KEY',
        message: `unknown key "${key}"${path.length ? ` in ${describePlace(path)}` : ''}`,
        hint: guess
          ? `Did you mean "${guess}"? Allowed keys: ${allowed.join(', ')}.`
          : `Allowed keys: ${allowed.join(', ')}.`,
      };
    }
    case 'required': {
      const missing = (e.params as { missingProperty: string }).missingProperty;
      return {
        severity: 'error',
        source: at(),
        code: 'MISSING_KEY',
        message: `${describePlace(path)} is missing "${missing}"`,
      };
    }
    case 'type': {
      const scalar = scalarAt(parsed, path);
      if (field === 'number' && typeof scalar?.value === 'number') {
        const text = scalar.source ?? String(scalar.value);
        return {
          severity: 'error',
          source: at(),
          code: 'UNQUOTED_NUMBER',
          message: `${text} was read by YAML as the integer ${String(scalar.value)}, losing the "+" and leading zeros`,
          hint: `Quote it: number: '${text.startsWith('+') ? text : '+' + text}'`,
        };
      }
      return {
        severity: 'error',
        source: at(),
        code: 'WRONG_TYPE',
        message: `"${field}" must be ${article(String((e.params as { type: string | string[] }).type))}, not ${describeValue(e.data)}`,
        ...(field === 'max_monthly_cost' && {
          hint: 'Write US dollars as a plain number, without a currency sign: max_monthly_cost: 50',
        }),
        ...(/_flow_id$/.test(field) &&
          e.data === null && {
            hint: `For no flow, write "${field.replace(/_id$/, '')}: null" (or leave both keys out).`,
          }),
      };
    }
    case 'pattern':
      return patternIssue(at(), field, e.data);
    case 'const':
    case 'enum': {
      const allowed =
        e.keyword === 'const'
          ? [(e.params as { allowedValue: unknown }).allowedValue]
          : (e.params as { allowedValues: unknown[] }).allowedValues;
      return {
        severity: 'error',
        source: at(),
        code: 'BAD_VALUE',
        message: `"${field}" must be ${allowed.map((v) => JSON.stringify(v)).join(' or ')}, not ${JSON.stringify(e.data)}`,
      };
    }
    case 'maxLength':
      return {
        severity: 'error',
        source: at(),
        code: 'TOO_LONG',
        message: `"${field}" is longer than ${(e.params as { limit: number }).limit} characters`,
      };
    case 'minLength':
      return {
        severity: 'error',
        source: at(),
        code: 'EMPTY_VALUE',
        message: `"${field}" must not be empty`,
        hint: `Remove "${field}" instead of leaving it empty.`,
      };
    case 'minItems':
      return {
        severity: 'error',
        source: at(),
        code: 'EMPTY_VALUE',
        message: `"${field}" must list at least ${(e.params as { limit: number }).limit} pattern`,
        hint: `Remove "${field}" instead of leaving it empty${field === 'scope' ? ': without it, the configuration manages every number of the account' : ''}.`,
      };
    case 'minimum':
      return {
        severity: 'error',
        source: at(),
        code: 'BAD_VALUE',
        message: `"${field}" must be at least ${(e.params as { limit: number }).limit}`,
      };
    case 'maximum':
      return {
        severity: 'error',
        source: at(),
        code: 'BAD_VALUE',
        message: `"${field}" must be at most ${(e.params as { limit: number }).limit}`,
      };
    default:
      return {
        severity: 'error',
        source: at(),
        code: 'SCHEMA',
        message: `"${field}" ${e.message ?? 'is invalid'}`,
      };
  }
}

function patternIssue(
  at: { file: string; line: number; col: number },
  field: string,
  value: unknown,
): Diagnostic {
  if (field === 'number') {
    return {
      severity: 'error',
      source: at,
      code: 'NOT_E164',
      message: `${JSON.stringify(value)} is not an E.164 number`,
      hint: 'Write "+", the country code and the number, digits only: "+15551234567".',
    };
  }
  if (field === 'account') {
    return {
      severity: 'error',
      source: at,
      code: 'BAD_UUID',
      message: `"account" is not a customer id: ${JSON.stringify(value)} is not a UUID`,
      hint: 'Write the id of the customer (GET /customer), as `numform export` does, or remove the key.',
    };
  }
  return {
    severity: 'error',
    source: at,
    code: 'BAD_UUID',
    message: `"${field}" is not a flow id: ${JSON.stringify(value)} is not a UUID`,
    hint: `Copy the id from the flow list, or name the flow with "${field.replace(/_id$/, '')}".`,
  };
}

function describePlace(path: (string | number)[]): string {
  if (path[0] === 'numbers' && typeof path[1] === 'number') return `numbers entry ${path[1] + 1}`;
  return path.length ? `"${path.join('.')}"` : 'the file';
}

function article(type: string): string {
  // A union type (`string,null`, as String() writes Ajv's list) reads "a string or null".
  if (type.includes(',')) return type.split(',').map(article).join(' or ');
  return type === 'null'
    ? 'null'
    : type === 'object'
      ? 'a mapping'
      : type === 'array'
        ? 'a list'
        : type === 'integer'
          ? 'a whole number'
          : `a ${type}`;
}

/** The allowed key nearest to a typo (edit distance at most 2), if any. */
function closest(word: string, candidates: string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const c of candidates) {
    const d = editDistance(word, c);
    if (d < bestDistance) [best, bestDistance] = [c, d];
  }
  return best;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length]!;
}
