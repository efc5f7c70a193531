import { describe, expect, it } from 'vitest';
import { createProgram } from '../../src/cli/program.ts';
import type { CliContext } from '../../src/cli/context.ts';
import { runNumform } from '../support/cli.ts';

/** The program as the CLI builds it, only to read its commands and options. */
function buildProgram() {
  const ctx: CliContext = {
    io: {
      stdout: { write: () => true },
      stderr: { write: () => true },
      env: {},
      cwd: process.cwd(),
      signal: new AbortController().signal,
    },
    end: () => undefined,
    secrets: [],
  };
  return createProgram(ctx);
}

const program = buildProgram();
// Read from the program itself, so a command or a global option added later is checked too.
const commands = program.commands.map((c) => c.name());
const globalFlags = program.options.map((o) => o.long!);

describe("each command's --help", () => {
  it('knows the commands and global options it checks', () => {
    expect(commands).toEqual(expect.arrayContaining(['validate', 'plan', 'apply', 'export', 'sim']));
    expect(globalFlags).toEqual(
      expect.arrayContaining(['--endpoint', '--accesskey', '--rate-limit', '--no-color']),
    );
  });

  it.each(commands)('%s lists the global options', async (command) => {
    const run = await runNumform([command, '--help']);
    expect(run.code).toBe(0);
    const globalPart = run.stdout.split('Global Options:')[1];
    expect(globalPart, run.stdout).toBeDefined();
    for (const flag of globalFlags) expect(globalPart).toContain(flag);
  });
});
