import { describe, expect, it, vi } from 'vitest';

// A large file is read in chunks so that its whole syntax tree never exists. Ordinary files must
// keep that: a policy (every export writes policy.account), a +899 number or a key after the list
// once made the whole document parse anyway, after the chunks, or the chunked reading give up.
// Counted through yaml's parseDocument, which only the whole reading and a chunk re-read call.

const parseDocument = vi.hoisted(() => ({ calls: 0 }));
vi.mock('yaml', async (importOriginal) => {
  const yaml = await importOriginal<typeof import('yaml')>();
  return {
    ...yaml,
    parseDocument: (...args: Parameters<typeof yaml.parseDocument>) => {
      parseDocument.calls++;
      return yaml.parseDocument(...args);
    },
  };
});

const { checkSources } = await import('../../src/config/load-config.ts');
const { parseInChunks } = await import('../../src/config/parse-in-chunks.ts');

function entries(count: number, number = (i: number) => `+1555${String(i).padStart(7, '0')}`): string {
  const lines: string[] = [];
  for (let i = 0; i < count; i++) lines.push(`  - number: "${number(i)}"`, `    name: "line ${i}"`);
  return lines.join('\n') + '\n';
}

/** Checks a file as plan and validate do; how many times the whole document was parsed. */
function wholeParses(text: string): number {
  parseDocument.calls = 0;
  const checked = checkSources([{ file: 'numbers.yaml', text }]);
  expect(checked.issues).toEqual([]);
  expect(text.length).toBeGreaterThan(256 * 1024);
  return parseDocument.calls;
}

describe('a large valid file is not parsed whole', () => {
  it('control: only normal numbers and no policy', () => {
    expect(wholeParses('version: 1\nnumbers:\n' + entries(8000))).toBe(0);
  });

  it('with a policy (numform export always writes policy.account)', () => {
    const text =
      'version: 1\npolicy:\n  account: 5e4a0680-804e-11ec-8477-2fea5968d85b\nnumbers:\n' + entries(8000);
    expect(wholeParses(text)).toBe(0);
  });

  it('with a policy that has no account', () => {
    expect(wholeParses('version: 1\npolicy:\n  prune: false\nnumbers:\n' + entries(8000))).toBe(0);
  });

  it('with a virtual (+899) number among them', () => {
    const text = 'version: 1\nnumbers:\n' + entries(8000) + '  - number: "+899100000001"\n';
    expect(wholeParses(text)).toBe(0);
  });
});

describe('layouts the chunked reader should follow', () => {
  const options = { prettyErrors: false, uniqueKeys: true } as const;
  it('defaults: after the list (the rest document sees a key 1024+ characters after `numbers:`)', () => {
    const text = 'version: 1\nnumbers:\n' + entries(30) + 'defaults:\n  detail: x\n';
    expect(parseInChunks(text, options)).toBeDefined();
  });
  it('policy: after the list', () => {
    const text = 'numbers:\n' + entries(30) + 'policy:\n  prune: false\n';
    expect(parseInChunks(text, options)).toBeDefined();
  });
  it('control: the same after a short list is followed', () => {
    const text = 'numbers:\n' + entries(3) + 'policy:\n  prune: false\n';
    expect(parseInChunks(text, options)).toBeDefined();
  });
});
