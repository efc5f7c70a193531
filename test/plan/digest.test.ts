import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson, digestOf, WrittenItems } from '../../src/plan/digest.ts';

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

/** The digest's first implementation: a replacer that copies every object with its keys sorted. */
function canonicalJsonByReplacer(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      return Object.fromEntries(
        Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
      );
    }
    return v;
  });
}

/** Any JSON-like value, with the keys that trip up sorting and property lists. */
function jsonLike() {
  return fc.letrec((tie) => ({
    node: fc.oneof(
      { depthSize: 'small' },
      fc.constantFrom(null, undefined, true, false, 0, -0, 1.5, NaN, Infinity),
      fc.integer(),
      fc.double(),
      fc.string({ unit: 'binary' }),
      fc.array(tie('node'), { maxLength: 4 }),
      fc.dictionary(
        fc.oneof(
          fc.string({ unit: 'binary', maxLength: 6 }),
          fc.constantFrom(
            '__proto__',
            'constructor',
            'toString',
            'valueOf',
            'length',
            '10',
            '9',
            '0',
            '01',
            '4294967294',
            '4294967295',
          ),
        ),
        tie('node'),
        { maxKeys: 5 },
      ),
    ),
  })).node;
}

describe('canonicalJson keeps the digests of saved plans', () => {
  it('gives the text the sorting replacer gave, for any JSON-like value', () => {
    const value = jsonLike();
    fc.assert(
      fc.property(value, (v) => {
        expect(canonicalJson(v)).toBe(canonicalJsonByReplacer(v));
      }),
      { numRuns: 1000 },
    );
  });

  it('hashes, a piece at a time, the very text the sorting replacer gave', () => {
    const sha = (text: string) => `sha256:${createHash('sha256').update(text).digest('hex')}`;
    fc.assert(
      fc.property(jsonLike(), (v) => {
        const text = canonicalJsonByReplacer(v) as string | undefined;
        if (text !== undefined) expect(digestOf(v)).toBe(sha(text));
      }),
      { numRuns: 1000 },
    );
  });

  it('gives the same text for many objects of one shape written in different key orders', () => {
    const numbers = Array.from({ length: 50 }, (_, i) =>
      i % 2
        ? { number: `+1555000${i}`, name: `n${i}`, metadata: { rtp_debug: i % 3 === 0 }, tm: null }
        : { tm: null, metadata: { rtp_debug: false }, name: `n${i}`, number: `+1555000${i}`, extra: [i] },
    );
    const value = { policy: { prune: true, unmanaged: ['+1*'], protect: [] }, numbers };
    expect(canonicalJson(value)).toBe(canonicalJsonByReplacer(value));
    expect(digestOf(value)).toBe(
      `sha256:${createHash('sha256').update(canonicalJsonByReplacer(value)).digest('hex')}`,
    );
  });

  it('gives the same text for keys the prototype also knows', () => {
    const value: unknown = JSON.parse(
      '[{"__proto__":{"b":1,"a":2},"z":1},{"constructor":1,"toString":"x"},{"a":1}]',
    );
    expect(canonicalJson(value)).toBe(canonicalJsonByReplacer(value));
    expect(canonicalJson([{ constructor: 1 }, { a: 2 }])).toBe('[{"constructor":1},{"a":2}]');
  });

  it('honours toJSON as JSON.stringify does', () => {
    const value = { when: new Date(0), b: 1 };
    expect(canonicalJson(value)).toBe(canonicalJsonByReplacer(value));
    // The keys of what toJSON returns are sorted too.
    expect(canonicalJson({ a: { toJSON: () => ({ y: 1, x: 2 }) } })).toBe('{"a":{"x":2,"y":1}}');
  });

  it('writes array-index keys first, in numeric order, whatever order the objects met them in', () => {
    expect(canonicalJson([{ 9: 1 }, { 10: 1 }, { 2: 1 }, { b: 1, 10: 1, a: 1, 9: 1, 2: 1 }])).toBe(
      '[{"9":1},{"10":1},{"2":1},{"2":1,"9":1,"10":1,"a":1,"b":1}]',
    );
  });

  it('sorts the keys of an object holding "__proto__" too, and writes no inherited key', () => {
    expect(canonicalJson(JSON.parse('{"b":1,"__proto__":2,"c":{"z":1,"y":2},"a":3}'))).toBe(
      '{"__proto__":2,"a":3,"b":1,"c":{"y":2,"z":1}}',
    );
    expect(canonicalJson(Object.create({ inherited: 1 }) as object)).toBe('{}');
  });
});

/** Every object and array inside a value (not the value itself), depth first. */
function innerObjects(value: unknown, out: object[] = [], top = true): object[] {
  if (typeof value !== 'object' || value === null) return out;
  if (!top) out.push(value);
  for (const child of Object.values(value)) innerObjects(child, out, false);
  return out;
}

describe('digestOf of a large value', () => {
  it('hashes the canonical JSON whole, however many pieces it was written in', () => {
    const numbers = Array.from({ length: 3000 }, (_, i) => ({
      number: `+1555${i}`,
      name: `Line ${i}`,
      tm: null,
    }));
    const value = { numbers, flows: [{ id: 'f', name: 'x'.repeat(70_000) }] };
    const text = canonicalJsonByReplacer(value);
    expect(text.length).toBeGreaterThan(3 * 64 * 1024);
    expect(digestOf(value)).toBe(`sha256:${createHash('sha256').update(text).digest('hex')}`);
  });
});

describe('digestOf with items written ahead', () => {
  it('gives the digest it gives without them, whichever items were written and in what groups', () => {
    fc.assert(
      fc.property(
        jsonLike(),
        fc.array(fc.boolean(), { maxLength: 40 }),
        fc.integer({ min: 1, max: 4 }),
        (v, picks, groupSize) => {
          const picked = innerObjects(v).filter((_, i) => picks[i] === true);
          const written = new WrittenItems();
          for (let i = 0; i < picked.length; i += groupSize) written.add(picked.slice(i, i + groupSize));
          expect(digestOf(v, written)).toBe(digestOf(v));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('uses the texts written ahead for the items of a list', () => {
    const numbers = Array.from({ length: 3 }, (_, i) => ({ number: `+1555000000${i}`, name: `n${i}` }));
    const written = new WrittenItems();
    written.add(numbers);
    const digest = digestOf({ numbers }, written);
    expect(digest).toBe(digestOf({ numbers }));
    // Written ahead means not looked at again: a change made afterwards is not seen (hence "must
    // not change once added").
    numbers[1]!.name = 'changed';
    expect(digestOf({ numbers }, written)).toBe(digest);
    expect(digestOf({ numbers })).not.toBe(digest);
  });
});
