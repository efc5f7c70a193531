#!/usr/bin/env node
// A stand-in for the GitHub CLI, for running the GitHub kit's steps as written: it answers the few
// calls they make from a JSON state file (FAKE_GH_STATE) and records every call in it, so a test
// sees what a pull request would show. Anything else is an error, so a new call cannot go unnoticed.
import { spawnSync } from 'node:child_process';
import { copyFileSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import process from 'node:process';

const statePath = process.env.FAKE_GH_STATE;
const state = JSON.parse(readFileSync(statePath, 'utf8'));
const args = process.argv.slice(2);
state.calls.push(args);

/** The value after a flag, as gh takes it (`--name value`). */
function option(name) {
  const at = args.indexOf(name);
  return at < 0 ? undefined : args[at + 1];
}

/** gh's --jq, with the real jq. */
function print(value) {
  const text = JSON.stringify(value);
  const filter = option('--jq');
  if (!filter) return process.stdout.write(text + '\n');
  const jq = spawnSync('jq', ['--raw-output', filter], { input: text, encoding: 'utf8' });
  process.stdout.write(jq.stdout);
}

function readInput() {
  const file = option('--input');
  return JSON.parse(readFileSync(file === '-' ? 0 : file, 'utf8'));
}

function answer() {
  const [command, sub] = args;
  const path = args.find((a) => a.startsWith('repos/'));
  const method = option('--method') ?? 'GET';
  let m;
  if (
    command === 'api' &&
    method === 'GET' &&
    (m = /^repos\/[^/]+\/[^/]+\/commits\/(\w+)\/pulls$/.exec(path))
  ) {
    return print(state.pulls[m[1]] ?? []);
  }
  if (command === 'api' && (m = /^repos\/[^/]+\/[^/]+\/issues\/(\d+)\/comments$/.exec(path))) {
    const pr = Number(m[1]);
    if (method === 'GET') {
      // Two pages, as --paginate prints them: arrays one after the other.
      const all = state.comments.filter((c) => c.pr === pr);
      const half = Math.ceil(all.length / 2);
      return process.stdout.write(
        JSON.stringify(all.slice(0, half)) + JSON.stringify(all.slice(half)) + '\n',
      );
    }
    if (method === 'POST') {
      const id = 1000 + state.comments.length;
      state.comments.push({ id, pr, user: { login: 'github-actions[bot]' }, body: readInput().body });
      return print({ id });
    }
  }
  if (
    command === 'api' &&
    method === 'PATCH' &&
    (m = /^repos\/[^/]+\/[^/]+\/issues\/comments\/(\d+)$/.exec(path))
  ) {
    const comment = state.comments.find((c) => c.id === Number(m[1]));
    comment.body = readInput().body;
    comment.edited = (comment.edited ?? 0) + 1;
    return print({ id: comment.id });
  }
  if (command === 'run' && sub === 'list') {
    const runs = state.runs.filter(
      (r) => r.head_sha === option('--commit') && r.status === option('--status'),
    );
    return print(runs.map((r) => ({ databaseId: r.id })));
  }
  if (command === 'run' && sub === 'download') {
    const run = state.runs.find((r) => r.id === Number(args[2]));
    const folder = run.artifacts[option('--name')];
    for (const name of readdirSync(folder)) copyFileSync(join(folder, name), join(process.cwd(), name));
    return undefined;
  }
  process.stderr.write(`fake gh: unexpected call: gh ${args.join(' ')}\n`);
  process.exitCode = 1;
}

answer();
writeFileSync(statePath, JSON.stringify(state, null, 2));
