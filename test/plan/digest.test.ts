import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalJson, digestOf } from '../../src/plan/digest.ts';

describe('canonicalJson', () => {
  it('sorts object keys at every level and keeps array order', () => {
    const value = { b: [3, { z: 1, a: null }, 1], a: { y: 'x', c: true }, aa: 1 };
    expect(canonicalJson(value)).toBe('{"a":{"c":true,"y":"x"},"aa":1,"b":[3,{"a":null,"z":1},1]}');
  });

  it('gives the same text whatever order the keys were written in', () => {
    expect(canonicalJson({ x: 1, y: { q: 2, p: 3 } })).toBe(canonicalJson({ y: { p: 3, q: 2 }, x: 1 }));
  });

  it('leaves scalars and arrays as JSON does', () => {
    expect(canonicalJson(['b', 'a'])).toBe('["b","a"]');
    expect(canonicalJson('text')).toBe('"text"');
    expect(canonicalJson(null)).toBe('null');
  });
});

describe('digestOf', () => {
  it('is sha256 of the canonical JSON, in hex, prefixed with its algorithm', () => {
    const expected = createHash('sha256').update('{"a":1,"b":[2,{"c":3,"d":4}]}').digest('hex');
    expect(digestOf({ b: [2, { d: 4, c: 3 }], a: 1 })).toBe(`sha256:${expected}`);
  });

  it('does not depend on key order', () => {
    expect(digestOf({ a: 1, b: { c: 2, d: 3 } })).toBe(digestOf({ b: { d: 3, c: 2 }, a: 1 }));
  });

  it('differs when a value, a key or the array order differs', () => {
    const base = digestOf({ a: 1, b: [1, 2] });
    expect(digestOf({ a: 2, b: [1, 2] })).not.toBe(base);
    expect(digestOf({ c: 1, b: [1, 2] })).not.toBe(base);
    expect(digestOf({ a: 1, b: [2, 1] })).not.toBe(base);
    expect(digestOf({ a: '1', b: [1, 2] })).not.toBe(base);
  });
});
