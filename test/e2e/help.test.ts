import { Help } from '@commander-js/extra-typings';
import { describe, expect, it } from 'vitest';
import { COMMANDS, createProgram, findCommandName } from '../../src/cli/program.ts';
import type { CliContext } from '../../src/cli/context.ts';
import { runNumform } from '../support/cli.ts';

/** The program as the CLI builds it, only to read its commands and options. */
function buildProgram(argv?: string[]) {
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
  return createProgram(ctx, argv);
}

const program = await buildProgram();
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

describe('loading only the command that runs', () => {
  it('finds the command as commander will, stepping over global options and their values', () => {
    const valued = program.options.filter((o) => o.required).map((o) => o.long!);
    expect(valued.sort()).toEqual([
      '--accesskey',
      '--endpoint',
      '--max-numbers',
      '--rate-limit',
      '--request-timeout',
    ]);
    // A value that happens to be a command's name is the option's, not the command.
    for (const flag of valued) expect(findCommandName([flag, 'plan', 'validate', 'x'])).toBe('validate');
    expect(findCommandName(['--no-color', 'apply', '--plan', 'p'])).toBe('apply');
    expect(findCommandName(['--endpoint=http://127.0.0.1:1', 'export'])).toBe('export');
    expect(findCommandName(['help', 'pull'])).toBe('pull');
    expect(findCommandName(['--help'])).toBeUndefined();
    expect(findCommandName([])).toBeUndefined();
  });

  it.each(COMMANDS.map((c) => c.name))('builds %s in full only when it runs', async (name) => {
    const built = await buildProgram([name, '--help']);
    const full = built.commands.filter((c) => c.options.length > 0 || c.registeredArguments.length > 0);
    expect(full.map((c) => c.name())).toEqual([name]);
    const loaded = full[0]!;
    expect(`${name} ${COMMANDS.find((c) => c.name === name)!.usage}`).toBe(new Help().subcommandTerm(loaded));
    // The listing still shows every command with its summary.
    expect(built.commands.map((c) => [c.name(), c.description()])).toEqual(
      COMMANDS.map((c) => [c.name, c.summary]),
    );
  });

  it('lists every command with its summary in the top-level help, loading none', async () => {
    const built = await buildProgram(['--help']);
    expect(built.commands.every((c) => c.options.length === 0)).toBe(true);
    const run = await runNumform(['--help']);
    for (const { name, summary } of COMMANDS) {
      expect(run.stdout).toMatch(
        new RegExp(`\\n  ${name}\\b.*${summary.slice(0, 20).replace(/[()`.]/g, '.')}`),
      );
    }
  });
});
