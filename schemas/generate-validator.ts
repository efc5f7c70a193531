/**
 * Generates src/config/numbers-schema.gen.ts: the JSON Schema compiled by ajv into standalone
 * code, so the CLI neither loads ajv nor compiles the schema when it starts. Run by
 * `npm run gen:types` after editing the schema; a test fails when the generated file is stale.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import standaloneCode from 'ajv/dist/standalone/index.js';
import { SCHEMA_PATH } from './generate-types.ts';

export const VALIDATOR_PATH = fileURLToPath(new URL('../src/config/numbers-schema.gen.ts', import.meta.url));

/** The one ajv runtime helper the code needs, inlined so the CLI never imports ajv. */
const UCS2_LENGTH = 'require("ajv/dist/runtime/ucs2length").default';

/** Counts code points as ajv's ucs2length does: a surrogate pair is one character. */
const UCS2_LENGTH_SOURCE = `function ucs2length(str) {
  const len = str.length;
  let length = 0;
  let pos = 0;
  while (pos < len) {
    length++;
    const value = str.charCodeAt(pos++);
    if (value >= 0xd800 && value <= 0xdbff && pos < len && (str.charCodeAt(pos) & 0xfc00) === 0xdc00) pos++;
  }
  return length;
}`;

/** Renders the validator module: the options are those the schema was compiled with at start-up. */
export function renderSchemaValidator(): string {
  const schema = JSON.parse(readFileSync(SCHEMA_PATH, 'utf8')) as object;
  // Strict mode: a mistake in the schema fails generation instead of passing silently. Union types
  // are allowed for "a flow's name or null" (`call_flow: null` is "no flow").
  const ajv = new Ajv2020({
    allErrors: true,
    strict: true,
    allowUnionTypes: true,
    verbose: true,
    code: { source: true, esm: true },
  });
  const validate = ajv.compile(schema);
  const code = standaloneCode.default(ajv, validate).replaceAll(UCS2_LENGTH, 'ucs2length');
  const left = /require\(|import /.exec(code);
  if (left)
    throw new Error(
      `the generated validator still loads a module: ${code.slice(left.index, left.index + 80)}`,
    );
  return [
    '// Generated from schemas/numbers.schema.json by `npm run gen:types`. Do not edit.',
    '// @ts-nocheck',
    '/* eslint-disable */',
    UCS2_LENGTH_SOURCE,
    code.replace(/^"use strict";/, ''),
    '',
  ].join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(VALIDATOR_PATH, renderSchemaValidator());
  console.log(`wrote ${VALIDATOR_PATH}`);
}
