import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach } from 'vitest';
import type { RunningSimulator } from '../../src/sim/server.ts';
import { runNumform, type CliRun, type RunOptions } from './cli.ts';

const dirs: string[] = [];
afterEach(() => {
  while (dirs.length) rmSync(dirs.pop()!, { recursive: true, force: true });
});

/** A temporary folder with the given files, removed after the test. */
export function makeWorkspace(files: Record<string, string> = {}): {
  dir: string;
  write: (name: string, text: string) => string;
} {
  const dir = mkdtempSync(join(tmpdir(), 'numform-'));
  dirs.push(dir);
  const write = (name: string, text: string): string => {
    const path = join(dir, name);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
    return path;
  };
  for (const [name, text] of Object.entries(files)) write(name, text);
  return { dir, write };
}

/** Runs the CLI in a workspace against a simulator, credentials in the environment. */
export function numformAgainst(sim: RunningSimulator, dir: string) {
  return (args: string[], options: RunOptions = {}): Promise<CliRun> =>
    runNumform(args, {
      cwd: dir,
      ...options,
      env: { VOIPBIN_ENDPOINT: sim.url, VOIPBIN_ACCESSKEY: 'vb_simulator', ...options.env },
    });
}

/** A YAML `numbers:` file for the given entries. */
export function numbersYaml(entries: Record<string, unknown>[], extra = ''): string {
  const lines = entries.map((e) =>
    Object.entries(e)
      .map(([k, v], i) => `${i === 0 ? '  - ' : '    '}${k}: ${JSON.stringify(v)}`)
      .join('\n'),
  );
  return `${extra}numbers:${entries.length ? '\n' + lines.join('\n') : ' []'}\n`;
}
