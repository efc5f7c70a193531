/**
 * Generates src/config/numbers-config.gen.ts from schemas/numbers.schema.json, so the file format
 * has one source of truth. Run `npm run gen:types` after editing the schema; a test fails when the
 * generated file is out of date.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { compile, type JSONSchema } from 'json-schema-to-typescript';

export const SCHEMA_PATH = fileURLToPath(new URL('./numbers.schema.json', import.meta.url));
export const TYPES_PATH = fileURLToPath(new URL('../src/config/numbers-config.gen.ts', import.meta.url));

/** Renders the TypeScript types for the schema. */
export async function renderConfigTypes(): Promise<string> {
  const schema = JSON.parse(readFileSync(SCHEMA_PATH, 'utf8')) as JSONSchema;
  return compile(schema, 'NumbersFile', {
    bannerComment: '/* Generated from schemas/numbers.schema.json by `npm run gen:types`. Do not edit. */',
    additionalProperties: false,
    unreachableDefinitions: false,
    style: { singleQuote: true, printWidth: 110 },
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(TYPES_PATH, await renderConfigTypes());
  console.log(`wrote ${TYPES_PATH}`);
}
