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
  plugins: [
    {
      // The code reads its version and issue tracker from package.json: only those are bundled,
      // not the scripts and development dependencies.
      name: 'package-facts',
      setup(bundle) {
        bundle.onLoad({ filter: /[\\/]package\.json$/ }, (args) => {
          if (args.path !== join(ROOT, 'package.json')) return undefined;
          const { name, version, bugs } = JSON.parse(readFileSync(args.path, 'utf8')) as Record<
            string,
            unknown
          >;
          return { contents: JSON.stringify({ name, version, bugs }), loader: 'json' };
        });
      },
    },
  ],
});

const LICENCE_FILES = ['LICENSE', 'LICENSE.md', 'LICENSE.txt', 'license', 'LICENCE'];

// The schema validator is code ajv generated at build time (src/config/numbers-schema.gen.ts),
// with helpers of ajv's inlined: ajv is credited as if bundled.
const GENERATED_FROM = ['node_modules/ajv/package.json'];

writeFileSync(
  join(DIST, 'THIRD-PARTY-LICENSES.txt'),
  describeBundledPackages([...Object.keys(result.metafile.inputs), ...GENERATED_FROM]),
);

/** The licence file in `dir`, if it has one. */
function findLicence(dir: string): string | undefined {
  const file = LICENCE_FILES.find((f) => existsSync(join(ROOT, dir, f)));
  return file && join(dir, file);
}

/**
 * The name, version and licence text of every package that has a file in the bundle, and the
 * licence of any folder inside it that has one of its own (undici's fetch, for one).
 */
function describeBundledPackages(inputs: string[]): string {
  const packages = new Map<string, Set<string>>();
  for (const input of inputs) {
    const at = input.lastIndexOf('node_modules/');
    if (at === -1) continue;
    const parts = input.slice(at + 'node_modules/'.length).split('/');
    const depth = parts[0]!.startsWith('@') ? 2 : 1;
    const root = input.slice(0, at) + 'node_modules/' + parts.slice(0, depth).join('/');
    const nested = packages.get(root) ?? new Set<string>();
    packages.set(root, nested);
    for (let n = parts.length - 1; n > depth; n--) {
      const licence = findLicence(join(root, ...parts.slice(depth, n)));
      if (licence) nested.add(licence);
    }
  }
  const sections = [...packages.keys()].sort().map((root) => {
    const manifest = JSON.parse(readFileSync(join(ROOT, root, 'package.json'), 'utf8')) as {
      name: string;
      version: string;
      license?: string;
    };
    const licence = findLicence(root);
    if (!licence) throw new Error(`${manifest.name} has no licence file to ship with the bundle`);
    const own = [...packages.get(root)!].sort().map((file) => {
      const folder = file.slice(root.length + 1, file.lastIndexOf('/'));
      return `\nIts folder ${folder} carries a licence of its own:\n\n${readFileSync(join(ROOT, file), 'utf8').trim()}\n`;
    });
    const text = readFileSync(join(ROOT, licence), 'utf8').trim();
    return `${manifest.name} ${manifest.version} (${manifest.license ?? 'see below'})\n\n${text}\n${own.join('')}`;
  });
  return `numform bundles the following packages.\n\n${sections.join('\n' + '-'.repeat(72) + '\n\n')}`;
}
