/**
 * `npm run build`: the CLI as one bundle (esbuild), so that a command loads a few files instead of
 * a few hundred modules: start-up is most of the time of `--help` or of validating a small file.
 * Every output file sits in dist/cli/, one folder below the package root, so `import.meta.url`
 * resolves `./check-worker.js` and `../../schemas/…` the same from every chunk as from the sources.
 * The licences of the bundled packages go to dist/THIRD-PARTY-LICENSES.txt, as their terms ask.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DIST = join(ROOT, 'dist');

rmSync(DIST, { recursive: true, force: true });
const result = await build({
  absWorkingDir: ROOT,
  entryPoints: ['src/cli/bin.ts', 'src/config/check-worker.ts'],
  outdir: 'dist/cli',
  entryNames: '[name]',
  chunkNames: '[name]-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20.18',
  // Bundled CommonJS packages (yaml, commander) call `require` for Node's own modules.
  banner: {
    js: "import { createRequire as __numformRequire } from 'node:module';\nconst require = __numformRequire(import.meta.url);",
  },
  legalComments: 'none',
  metafile: true,
  logLevel: 'warning',
});

writeFileSync(
  join(DIST, 'THIRD-PARTY-LICENSES.txt'),
  describeBundledPackages(Object.keys(result.metafile.inputs)),
);

/** The name, version and licence text of every package that has a file in the bundle. */
function describeBundledPackages(inputs: string[]): string {
  const roots = new Set<string>();
  for (const input of inputs) {
    const at = input.lastIndexOf('node_modules/');
    if (at === -1) continue;
    const rest = input.slice(at + 'node_modules/'.length).split('/');
    roots.add(
      input.slice(0, at) + 'node_modules/' + rest.slice(0, rest[0]!.startsWith('@') ? 2 : 1).join('/'),
    );
  }
  const sections = [...roots].sort().map((root) => {
    const manifest = JSON.parse(readFileSync(join(ROOT, root, 'package.json'), 'utf8')) as {
      name: string;
      version: string;
      license?: string;
    };
    const file = ['LICENSE', 'LICENSE.md', 'LICENSE.txt', 'license', 'LICENCE'].find((f) =>
      existsSync(join(ROOT, root, f)),
    );
    if (!file) throw new Error(`${manifest.name} has no licence file to ship with the bundle`);
    const text = readFileSync(join(ROOT, root, file), 'utf8').trim();
    return `${manifest.name} ${manifest.version} (${manifest.license ?? 'see below'})\n\n${text}\n`;
  });
  return `numform bundles the following packages.\n\n${sections.join('\n' + '-'.repeat(72) + '\n\n')}`;
}
