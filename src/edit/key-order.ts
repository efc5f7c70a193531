import schema from '../../schemas/numbers.schema.json' with { type: 'json' };

/**
 * The canonical order of the keys of each mapping of a numbers file: the order the schema declares
 * them in, which is also the order the reference documentation lists them in.
 */
export const KEY_ORDER = {
  file: Object.keys(schema.properties),
  policy: Object.keys(schema.$defs.policy.properties),
  defaults: Object.keys(schema.$defs.defaults.properties),
  number: Object.keys(schema.$defs.number.properties),
} as const;

/** Which mapping of a numbers file: the file itself, its policy, its defaults, or a number entry. */
export type MappingKind = keyof typeof KEY_ORDER;

/** The rank of a key in its mapping's canonical order; keys the schema does not know go last. */
export function rankKey(kind: MappingKind, key: string): number {
  const index = KEY_ORDER[kind].indexOf(key);
  return index < 0 ? KEY_ORDER[kind].length : index;
}
