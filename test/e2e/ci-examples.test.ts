import { execFile } from 'node:child_process';
import { chmodSync, cpSync, existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { readSeedFile } from '../../src/sim/seed.ts';
import type { RunningSimulator } from '../../src/sim/server.ts';
import { useSimulator } from '../support/simulator.ts';
import { makeWorkspace } from '../support/workspace.ts';

const REPO = resolve('.');

interface Step {
  run?: string;
  uses?: string;
  with?: Record<string, unknown>;
}
interface GithubWorkflow {
  on: Record<string, unknown>;
  jobs: Record<string, { if?: string; steps: Step[] }>;
}
type GitlabPipeline = Record<string, { script?: string[]; rules?: { if?: string }[] }>;

function readYaml<T>(path: string): T {
  const doc = readFileSync(path, 'utf8');
  return parse(doc, { uniqueKeys: true }) as T;
}

/** The lines of shell scripts that run numform, exactly as written. */
function numformLines(scripts: string[]): string[] {
  return scripts
    .flatMap((s) => s.split('\n'))
    .map((l) => l.trim())
    .filter((l) => l.startsWith('numform '));
}

function githubLines(file: string): string[] {
  const wf = readYaml<GithubWorkflow>(join('examples/ci/github', file));
  return numformLines(Object.values(wf.jobs).flatMap((j) => j.steps.map((s) => s.run ?? '')));
}

function gitlabLines(job: string): string[] {
  const pipeline = readYaml<GitlabPipeline>('examples/ci/gitlab/gitlab-ci.yml');
  return numformLines(pipeline[job]!.script ?? []);
}

/** A repository like the one the pipelines run in: numbers/ and a `numform` on the PATH. */
async function setUpRepo(): Promise<{
  sim: RunningSimulator;
  run: (line: string) => Promise<{ code: number; stdout: string; stderr: string }>;
  dir: string;
}> {
  const sim = await useSimulator({ seed: readSeedFile('examples/seeds/multi-team.yaml') });
  const { dir, write } = makeWorkspace();
  cpSync('examples/multi-team', join(dir, 'numbers'), { recursive: true });
  const shim = write(
    'bin/numform',
    `#!/bin/sh\nexec "${REPO}/node_modules/.bin/tsx" "${REPO}/src/cli/main.ts" "$@"\n`,
  );
  chmodSync(shim, 0o755);
  const env = {
    ...process.env,
    PATH: `${join(dir, 'bin')}:${process.env.PATH}`,
    VOIPBIN_ENDPOINT: sim.url,
    VOIPBIN_ACCESSKEY: 'vb_simulator',
    NO_COLOR: '1',
  };
  const run = (line: string) =>
    new Promise<{ code: number; stdout: string; stderr: string }>((done) => {
      execFile('bash', ['-c', line], { cwd: dir, env }, (error, stdout, stderr) => {
        done({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
      });
    });
  return { sim, run, dir };
}

async function runAll(
  run: (line: string) => Promise<{ code: number; stderr: string }>,
  lines: string[],
): Promise<number[]> {
  const codes: number[] = [];
  for (const line of lines) {
    const result = await run(line);
    if (result.code !== 0 && result.code !== 2)
      throw new Error(`${line} failed (${result.code}):\n${result.stderr}`);
    codes.push(result.code);
  }
  return codes;
}

describe('GitHub Actions examples', () => {
  it('are wired to the right events', () => {
    const plan = readYaml<GithubWorkflow>('examples/ci/github/numform-plan.yml');
    const apply = readYaml<GithubWorkflow>('examples/ci/github/numform-apply.yml');
    const drift = readYaml<GithubWorkflow>('examples/ci/github/numform-drift.yml');
    expect(plan.on).toHaveProperty('pull_request');
    expect(plan.jobs.plan!.steps.some((s) => s.uses?.startsWith('actions/upload-artifact'))).toBe(true);
    expect(apply.on.pull_request).toMatchObject({ types: ['closed'] });
    expect(apply.jobs.apply!.if).toBe('github.event.pull_request.merged == true');
    expect(drift.on).toHaveProperty('schedule');
  });

  it(
    'plan on the pull request, apply the saved plan on merge, then drift detection',
    { timeout: 60_000 },
    async () => {
      const { sim, run, dir } = await setUpRepo();
      expect(githubLines('numform-plan.yml')).toEqual([
        'numform validate numbers/',
        'numform plan numbers/ --out numform.plan --format markdown > plan.md',
      ]);
      expect(await runAll(run, githubLines('numform-plan.yml'))).toEqual([0, 0]);
      expect(readFileSync(join(dir, 'plan.md'), 'utf8')).toMatch(/^### numform plan/);
      expect(existsSync(join(dir, 'numform.plan'))).toBe(true);

      expect(githubLines('numform-apply.yml')).toEqual(['numform apply --plan numform.plan numbers/']);
      const apply = await run('numform apply --plan numform.plan numbers/');
      expect(apply.code).toBe(0);
      expect(apply.stdout).toContain('Apply complete: 4 created, 2 updated, 1 deleted.');

      expect(await runAll(run, githubLines('numform-drift.yml'))).toEqual([0]);
      const support = sim.account.state.numbers.find((n) => n.number === '+15551234567')!;
      support.name = 'Renamed in the admin console';
      expect(await runAll(run, githubLines('numform-drift.yml'))).toEqual([2]);
      expect(readFileSync(join(dir, 'drift.md'), 'utf8')).toContain(
        '"Renamed in the admin console" -> "Support line"',
      );
    },
  );
});

describe('GitLab CI example', () => {
  it('runs each job on the right pipelines', () => {
    const pipeline = readYaml<GitlabPipeline>('examples/ci/gitlab/gitlab-ci.yml');
    expect(pipeline['numform:plan']!.rules![0]!.if).toContain('merge_request_event');
    expect(pipeline['numform:apply']!.rules![0]!.if).toContain('$CI_DEFAULT_BRANCH');
    expect(pipeline['numform:drift']!.rules![0]!.if).toContain('schedule');
  });

  it(
    'plan on the merge request, apply on the default branch, drift on a schedule',
    { timeout: 60_000 },
    async () => {
      const { sim, run } = await setUpRepo();
      expect(await runAll(run, [...gitlabLines('numform:validate'), ...gitlabLines('numform:plan')])).toEqual(
        [0, 0],
      );
      expect(gitlabLines('numform:apply')).toEqual(['numform apply --plan numform.plan numbers/']);
      expect(await runAll(run, gitlabLines('numform:apply'))).toEqual([0]);
      expect(gitlabLines('numform:drift')).toEqual(['numform plan numbers/ --detailed-exitcode']);
      expect(await runAll(run, gitlabLines('numform:drift'))).toEqual([0]);
      sim.account.state.numbers.find((n) => n.number === '+15557654322')!.detail = 'edited by hand';
      expect(await runAll(run, gitlabLines('numform:drift'))).toEqual([2]);
    },
  );
});
