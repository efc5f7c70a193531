import { compileGlob, createGlobMatcher, findGlobProblem } from '../model/glob.ts';
import { deriveNumberType } from '../model/number.ts';
import { formatSource, type Diagnostic } from '../errors/diagnostic.ts';
import { locatePath, type ParsedSource } from './yaml-source.ts';

type Entry = Record<string, unknown>;
type Location = { file: string; line: number; col: number };

/** The value of `compute`, computed on the first call only. */
function once<T>(compute: () => T): () => T {
  let value: { v: T } | undefined;
  return () => (value ??= { v: compute() }).v;
}

const FLOW_FIELDS = [
  ['call_flow', 'call_flow_id'],
  ['message_flow', 'message_flow_id'],
] as const;

/**
 * The checks a schema cannot express: numbers declared twice (across files), VoIPBIN's +899
 * rules, `type` against the prefix, a flow given by name and by id, a policy in two files,
 * invalid globs, declared numbers that policy.unmanaged matches or policy.scope leaves out. Defensive about shapes: the schema reports those.
 */
export function checkSemantics(sources: readonly ParsedSource[]): Diagnostic[] {
  const issues: Diagnostic[] = [];
  // Where each number is declared, found only when a problem names the place.
  const declared = new Map<string, () => Location>();
  let policyAt: { file: string; line: number; col: number } | undefined;
  const unmanaged: { pattern: string; where: { file: string; line: number; col: number } }[] = [];
  const scope: { pattern: string; where: { file: string; line: number; col: number } }[] = [];

  for (const src of sources) {
    const data = src.data;
    if (!isObject(data)) continue;
    const at = (path: (string | number)[], key?: string) => ({
      file: src.file,
      ...locatePath(src, path, key === undefined ? {} : { key }),
    });

    if (data.policy !== undefined) {
      const here = at([], 'policy');
      if (policyAt) {
        issues.push({
          severity: 'error',
          source: here,
          code: 'POLICY_IN_TWO_FILES',
          message: `a policy is already set in ${policyAt.file}:${policyAt.line}:${policyAt.col}`,
          hint: 'Keep one policy for the whole configuration, in one file.',
        });
      } else policyAt = here;
      if (isObject(data.policy)) {
        for (const list of ['scope', 'unmanaged', 'protect'] as const) {
          const patterns = data.policy[list];
          if (!Array.isArray(patterns)) continue;
          patterns.forEach((pattern, i) => {
            if (typeof pattern !== 'string') return;
            const problem = findGlobProblem(pattern);
            if (!problem && list === 'unmanaged') unmanaged.push({ pattern, where: at(['policy', list, i]) });
            if (!problem && list === 'scope') scope.push({ pattern, where: at(['policy', list, i]) });
            if (problem) {
              issues.push({
                severity: 'error',
                source: at(['policy', list, i]),
                code: 'BAD_GLOB',
                message: `"${pattern}" is not a valid pattern: ${problem}`,
              });
            }
          });
        }
      }
    }

    if (isObject(data.defaults)) issues.push(...checkFlowPairs(data.defaults, ['defaults'], at));

    const numbers = Array.isArray(data.numbers) ? data.numbers : [];
    numbers.forEach((entry: unknown, i) => {
      if (!isObject(entry)) return;
      issues.push(...checkFlowPairs(entry, ['numbers', i], at));
      const number = entry.number;
      if (typeof number !== 'string' || !/^\+[1-9]\d{1,14}$/.test(number)) return;
      const where = once(() => at(['numbers', i, 'number']));
      const firstAt = declared.get(number);
      if (firstAt) {
        const first = firstAt();
        issues.push({
          severity: 'error',
          source: where(),
          code: 'DUPLICATE_NUMBER',
          message: `${number} is declared twice: first at ${first.file}:${first.line}:${first.col}`,
          hint: 'Declare each number once across all files.',
        });
      } else declared.set(number, where);
      if (number.startsWith('+899')) issues.push(...checkVirtualRules(number, where));
      const derived = deriveNumberType(number);
      if (typeof entry.type === 'string' && entry.type !== derived) {
        issues.push({
          severity: 'error',
          source: at(['numbers', i, 'type']),
          code: 'TYPE_MISMATCH',
          message: `type "${entry.type}" disagrees with ${number}, which is a ${derived} number`,
          hint: 'Numbers starting with +899 are virtual, all others normal; remove "type" to derive it.',
        });
      }
    });
  }
  issues.push(...checkDeclaredUnmanaged(declared, unmanaged));
  issues.push(...checkDeclaredInScope(declared, scope));
  return issues;
}

/**
 * A declared number outside `policy.scope`: the scope says another configuration owns it, so
 * declaring it here would let two configurations fight over one number.
 */
function checkDeclaredInScope(
  declared: ReadonlyMap<string, () => Location>,
  scope: readonly { pattern: string; where: { file: string; line: number; col: number } }[],
): Diagnostic[] {
  if (scope.length === 0) return [];
  const isInScope = createGlobMatcher(scope.map((s) => s.pattern));
  const patterns = scope.map((s) => `"${s.pattern}"`).join(', ');
  return [...declared]
    .filter(([number]) => !isInScope(number))
    .map(([number, where]) => ({
      severity: 'error',
      source: where(),
      code: 'OUT_OF_SCOPE_DECLARED',
      message: `${number} is declared here, but it is outside policy.scope (${patterns}, at ${formatSource(scope[0]!.where)}), so this configuration may not manage it`,
      hint: 'Remove the declaration (another configuration may own the number), or widen policy.scope to take it over.',
    }));
}

/**
 * A declared number that policy.unmanaged also matches: the file says "manage it" and the policy
 * says "never touch it". Neither may silently win.
 */
function checkDeclaredUnmanaged(
  declared: ReadonlyMap<string, () => Location>,
  unmanaged: readonly { pattern: string; where: { file: string; line: number; col: number } }[],
): Diagnostic[] {
  const issues: Diagnostic[] = [];
  if (unmanaged.length === 0) return issues;
  const rules = unmanaged.map((u) => ({ ...u, glob: compileGlob(u.pattern) }));
  for (const [number, where] of declared) {
    const rule = rules.find((u) => u.glob.test(number));
    if (!rule) continue;
    issues.push({
      severity: 'error',
      source: where(),
      code: 'UNMANAGED_DECLARED',
      message: `${number} is declared here, but policy.unmanaged "${rule.pattern}" at ${formatSource(rule.where)} says numform must never touch it`,
      hint: 'Remove the declaration to leave the number alone, or narrow the unmanaged pattern to manage it.',
    });
  }
  return issues;
}

/** VoIPBIN's rules for +899 numbers; `where` is asked only when one is broken. */
function checkVirtualRules(number: string, where: () => Location): Diagnostic[] {
  if (!number.startsWith('+899')) return [];
  if (!/^\+899\d{9}$/.test(number)) {
    return [
      {
        severity: 'error',
        source: where(),
        code: 'BAD_VIRTUAL_NUMBER',
        message: `${number} is not a virtual number: +899 numbers have exactly 9 digits after +899`,
        hint: 'Write it like "+899100000001".',
      },
    ];
  }
  if (number.startsWith('+899000')) {
    return [
      {
        severity: 'error',
        source: where(),
        code: 'RESERVED_VIRTUAL_RANGE',
        message: `${number} is in the reserved +899000 range, which VoIPBIN refuses`,
        hint: 'Pick a virtual number outside +899000…, for example from `GET /available_numbers?type=virtual`.',
      },
    ];
  }
  return [];
}

function checkFlowPairs(
  entry: Entry,
  path: (string | number)[],
  at: (path: (string | number)[], key?: string) => { file: string; line: number; col: number },
): Diagnostic[] {
  return FLOW_FIELDS.filter(([byName, byId]) => entry[byName] !== undefined && entry[byId] !== undefined).map(
    ([byName, byId]) => ({
      severity: 'error',
      source: at(path, byId),
      code: 'FLOW_NAME_AND_ID',
      message: `the flow is given both by name ("${byName}") and by id ("${byId}")`,
      hint: `Keep one of "${byName}" or "${byId}".`,
    }),
  );
}

function isObject(value: unknown): value is Entry {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
