import { readFileSync } from 'node:fs';

/** The name `numform schema --out` suggests and `export` points at when numform is not local. */
export const SCHEMA_FILE_NAME = 'numbers.schema.json';

/**
 * The JSON Schema of configuration files, byte for byte as shipped (from the source tree and from
 * an installed package alike, both two folders below the package root).
 */
export function readSchemaText(): string {
  return readFileSync(new URL(`../../schemas/${SCHEMA_FILE_NAME}`, import.meta.url), 'utf8');
}
