import { readFileSync } from 'node:fs';
import { getFileInfo } from 'prettier';
import { describe, expect, it } from 'vitest';

/** Files the README's shell examples write (`--out FILE`, `--data FILE`, `> FILE`). */
function filesTheReadmeWrites(): string[] {
  const readme = readFileSync('README.md', 'utf8');
  const blocks = [...readme.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]!);
  // Comments dropped first: `# -> No changes.` is prose, not a redirection.
  const commands = blocks.flatMap((b) => b.split('\n').map((line) => line.replace(/\s#.*$/, '')));
  const written = commands.flatMap((c) =>
    [...c.matchAll(/(?:--out|--data|>)\s+([\w./-]+)/g)].map((m) => m[1]!),
  );
  return [...new Set(written)];
}

describe("the README's walkthrough, followed in a clone", () => {
  it('writes only files that npm run lint leaves alone', async () => {
    const files = filesTheReadmeWrites();
    expect(files).toEqual(expect.arrayContaining(['account.json', 'numbers/all.yaml']));
    for (const file of files) {
      const info = await getFileInfo(file, { ignorePath: ['.gitignore', '.prettierignore'] });
      expect(info.ignored, file).toBe(true);
    }
  });
});
