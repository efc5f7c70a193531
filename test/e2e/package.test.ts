import { execFile } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { WORKER_THRESHOLD_BYTES } from '../../src/config/start-loading-config.ts';
import { useSimulator } from '../support/simulator.ts';
import { makeWorkspace } from '../support/workspace.ts';

const run = promisify(execFile);

interface Manifest {
  version: string;
  license: string;
  bin: Record<string, string>;
  scripts: Record<string, string>;
  dependencies?: Record<string, string>;
  devDependencies: Record<string, string>;
  repository: { url: string };
  bugs: { url: string };
}

interface Failed {
  code: number;
  stdout: string;
  stderr: string;
}

const manifest = JSON.parse(readFileSync('package.json', 'utf8')) as Manifest;

describe('the package as users install it', () => {
  it(
    'packs the built CLI, its schema, LICENSE and README, installs without scripts, and runs',
    { timeout: 240_000 },
    async () => {
      const { dir } = makeWorkspace();
      // `npm pack` runs `prepack`, so this builds dist/ exactly as a release would.
      const packed = await run('npm', ['pack', '--json', '--pack-destination', dir], {
        maxBuffer: 1 << 24,
      });
      const [pack] = JSON.parse(packed.stdout.slice(packed.stdout.indexOf('['))) as [
        { filename: string; files: { path: string }[] },
      ];
      const paths = pack.files.map((f) => f.path);
      expect(paths.filter((p) => !p.startsWith('dist/')).sort()).toEqual([
        'LICENSE',
        'README.md',
        'package.json',
        'schemas/numbers.schema.json',
      ]);
      // Source maps would point at sources the package does not ship.
      expect(paths.filter((p) => p.endsWith('.map') || p.endsWith('.ts'))).toEqual([]);
      expect(paths).toContain(manifest.bin.numform);
      // The CLI is one bundle: installing it fetches nothing else, and it carries the licences of
      // the packages inside it.
      expect(manifest.dependencies).toBeUndefined();
      const licences = readFileSync('dist/THIRD-PARTY-LICENSES.txt', 'utf8');
      // ajv wrote the schema validator the bundle carries.
      for (const name of ['ajv', 'commander', 'undici', 'yaml']) {
        expect(licences).toContain(`\n${name} ${manifest.devDependencies[name]} (`);
      }
      // A folder of undici's (its fetch) has a licence of its own.
      expect(licences).toContain('Its folder lib/web/fetch carries a licence of its own');
      expect(licences).toContain('Copyright (c) 2020 Ethan Arrowood');
      // Of package.json, the bundle carries what the code reads, not the scripts or dev packages.
      const bundle = readdirSync('dist/cli')
        .map((f) => readFileSync(join('dist/cli', f), 'utf8'))
        .join('\n');
      expect(bundle).toContain(manifest.bugs.url);
      expect(bundle).not.toContain('"devDependencies"');
      expect(bundle).not.toContain('prepack');

      expect(manifest.license).toBe('MIT');
      expect(readFileSync('LICENSE', 'utf8')).toMatch(/^MIT License\n/);
      expect(manifest.repository.url).toMatch(/^git\+https:\/\/.+\.git$/);
      expect(manifest.bugs.url).toMatch(/^https:\/\/.+\/issues$/);
      // Scripts npm runs when the package is installed (and asks every installer to allow).
      for (const hook of ['preinstall', 'install', 'postinstall', 'prepare']) {
        expect(manifest.scripts[hook], hook).toBeUndefined();
      }

      // Installed from the tarball the way the README says, into a throwaway prefix.
      const prefix = join(dir, 'prefix');
      const install = await run('npm', [
        'install',
        '--global',
        '--prefix',
        prefix,
        '--prefer-offline',
        '--no-audit',
        '--no-fund',
        join(dir, pack.filename),
      ]);
      expect(install.stderr).not.toMatch(/script/i);
      const numform = join(prefix, 'bin', 'numform');
      expect((await run(numform, ['--version'])).stdout).toBe(`${manifest.version}\n`);
      expect((await run(numform, ['schema'])).stdout).toBe(
        readFileSync('schemas/numbers.schema.json', 'utf8'),
      );
      const config = join(dir, 'numbers.yaml');
      writeFileSync(config, 'version: 1\nnumbers:\n  - number: "+15551234567"\n');
      expect((await run(numform, ['validate', config])).stdout).toBe('Valid: 1 number in 1 file.\n');

      // A large configuration is checked on a worker thread while the account is read.
      const count = 12_000;
      const sim = await useSimulator({
        seed: { numbers: Array.from({ length: count }, (_, i) => ({ number: `+1555${1_000_000 + i}` })) },
      });
      const entries = Array.from({ length: count }, (_, i) => `  - number: "+1555${1_000_000 + i}"`);
      const large = join(dir, 'large.yaml');
      writeFileSync(large, ['version: 1', 'numbers:', ...entries, ''].join('\n'));
      expect(readFileSync(large).length).toBeGreaterThan(WORKER_THRESHOLD_BYTES);
      const env = { ...process.env, VOIPBIN_ACCESSKEY: 'vb_simulator', VOIPBIN_ENDPOINT: sim.url };
      expect((await run(numform, ['plan', large], { env })).stdout).toContain('No changes.');
      writeFileSync(large, ['version: 1', 'numbers:', ...entries, '  - number: 15551234567', ''].join('\n'));
      const invalid = await run(numform, ['plan', large], { env }).then(
        () => undefined,
        (e: Failed) => e,
      );
      expect(invalid).toMatchObject({ code: 1, stdout: '' });
      expect(invalid?.stderr).toContain(`large.yaml:${count + 3}:13`);
      expect(invalid?.stderr).toContain(
        'The configuration has 1 problem; nothing was changed (only reads were sent).',
      );
      expect(sim.requests.filter((r) => r.method !== 'GET')).toEqual([]);

      // An older Node (faked before the bin runs) hears what numform needs, not a dependency's stack.
      const fake =
        'data:text/javascript,' +
        encodeURIComponent("Object.defineProperty(process.versions, 'node', { value: '18.19.0' });");
      const bin = join(prefix, 'lib', 'node_modules', 'numform', manifest.bin.numform!);
      const old = await run(process.execPath, ['--import', fake, bin, 'plan']).then(
        () => undefined,
        (e: Failed) => e,
      );
      expect(old).toMatchObject({ code: 1, stdout: '' });
      expect(old?.stderr).toBe(
        'numform needs Node.js 20.18.1 or newer; this is Node.js 18.19.0.\n' +
          'Install a current Node.js (20 LTS or later) and run numform again.\n',
      );
    },
  );
});
