import { execFile } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import type { RunningSimulator } from '../../src/sim/server.ts';
import { makeWorkspace } from './workspace.ts';

const REPO = resolve('.');

/** The parts of a GitHub Actions step the tests read. */
export interface WorkflowStep {
  name?: string;
  id?: string;
  if?: string;
  run?: string;
  uses?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
}

/** The parts of a GitHub Actions job the tests read. */
export interface WorkflowJob {
  if?: string;
  needs?: string | string[];
  environment?: string;
  env?: Record<string, string>;
  outputs?: Record<string, string>;
  steps: WorkflowStep[];
}

/** The parts of a GitHub Actions workflow the tests read. */
export interface Workflow {
  on: Record<string, unknown>;
  env?: Record<string, string>;
  jobs: Record<string, WorkflowJob>;
}

/** A GitLab CI job: what the tests read of it. */
export interface GitlabJob {
  script?: string[];
  before_script?: string[];
  rules?: { if?: string; when?: string }[];
  needs?: string[];
}

/** The GitHub kit's workflow files. */
export const GITHUB_KIT = 'examples/ci/github';
export const GITLAB_KIT = 'examples/ci/gitlab/gitlab-ci.yml';

/** A YAML file of a kit, duplicate keys refused as the platforms do. */
export function readKitYaml<T>(path: string): T {
  return parse(readFileSync(path, 'utf8'), { uniqueKeys: true }) as T;
}

/** The workflow files of the GitHub kit, by file name. */
export function readWorkflows(): Record<string, Workflow> {
  const files = readdirSync(GITHUB_KIT).filter((f) => f.endsWith('.yml'));
  return Object.fromEntries(files.map((f) => [f, readKitYaml<Workflow>(join(GITHUB_KIT, f))]));
}

/** The step of a job with the given name; a missing one fails the test that asked. */
export function stepNamed(workflow: Workflow, job: string, name: string): WorkflowStep {
  const step = workflow.jobs[job]?.steps.find((s) => s.name === name);
  if (!step) throw new Error(`no step "${name}" in job ${job}`);
  return step;
}

/** The lines of shell scripts that run numform, exactly as written. */
export function numformLines(scripts: readonly string[]): string[] {
  return scripts
    .flatMap((s) => s.split('\n'))
    .map((l) => l.trim())
    .filter((l) => l.startsWith('numform '));
}

/**
 * The environment a step gets: the workflow's, the job's and its own, each `${{ expression }}`
 * taken from `values` (as the platform would fill it in). An expression the test did not give is
 * an error, so a step cannot quietly run without a variable it needs.
 */
export function resolveStepEnv(
  workflow: Workflow,
  job: string,
  step: WorkflowStep,
  values: Record<string, string>,
): Record<string, string> {
  const declared = { ...workflow.env, ...workflow.jobs[job]?.env, ...step.env };
  return Object.fromEntries(
    Object.entries(declared).map(([name, value]) => {
      const text = String(value).replace(/\$\{\{\s*([^}]+?)\s*\}\}/g, (_, expression: string) => {
        if (!(expression in values)) throw new Error(`the test gives no value for \${{ ${expression} }}`);
        return values[expression]!;
      });
      return [name, text];
    }),
  );
}

/** What the fake GitHub CLI knows and was asked: see fake-gh.mjs. */
export interface GhState {
  calls: string[][];
  pulls: Record<string, { number: number; merged_at: string | null; head: { sha: string } }[]>;
  comments: { id: number; pr: number; user: { login: string }; body: string; edited?: number }[];
  runs: { id: number; head_sha: string; status: string; artifacts: Record<string, string> }[];
}

/** What running one step left. */
export interface StepResult {
  code: number;
  stdout: string;
  stderr: string;
  /** What the step wrote to $GITHUB_OUTPUT. */
  outputs: Record<string, string>;
  /** What the step wrote to $GITHUB_STEP_SUMMARY. */
  summary: string;
}

/**
 * Checkouts of a repository that uses the kits, with `numform` (this source tree) and a fake `gh`
 * on the PATH, the simulator as the endpoint, and GitHub's default variables.
 */
export function makeKitRepos(sim: RunningSimulator) {
  const { dir: root, write } = makeWorkspace();
  const numform = write(
    'bin/numform',
    `#!/bin/sh\nexec "${REPO}/node_modules/.bin/tsx" "${REPO}/src/cli/main.ts" "$@"\n`,
  );
  chmodSync(numform, 0o755);
  const gh = join(root, 'bin/gh');
  copyFileSync(join(REPO, 'test/support/fake-gh.mjs'), gh);
  chmodSync(gh, 0o755);
  const statePath = write('gh-state.json', JSON.stringify({ calls: [], pulls: {}, comments: [], runs: [] }));
  let checkouts = 0;

  const readState = (): GhState => JSON.parse(readFileSync(statePath, 'utf8')) as GhState;
  const updateState = (change: (state: GhState) => void): void => {
    const state = readState();
    change(state);
    writeFileSync(statePath, JSON.stringify(state));
  };

  /** A checkout of a commit: these files under numbers/, and the kit's comment script. */
  const checkout = (numbers: Record<string, string>): string => {
    const dir = join(root, `checkout-${++checkouts}`);
    for (const [name, text] of Object.entries(numbers)) {
      mkdirSync(join(dir, 'numbers'), { recursive: true });
      writeFileSync(join(dir, 'numbers', name), text);
    }
    mkdirSync(join(dir, '.github'), { recursive: true });
    copyFileSync(join(GITHUB_KIT, 'numform-comment.sh'), join(dir, '.github/numform-comment.sh'));
    return dir;
  };

  /** Runs a step's script as GitHub does with `shell: bash`, in a checkout. */
  const runStep = (
    dir: string,
    workflow: Workflow,
    job: string,
    stepName: string,
    values: Record<string, string> = {},
    extraEnv: Record<string, string> = {},
  ): Promise<StepResult> => {
    const step = stepNamed(workflow, job, stepName);
    if (!step.run) throw new Error(`step "${stepName}" runs no script`);
    const outputFile = join(root, `output-${++checkouts}`);
    const summaryFile = join(root, `summary-${checkouts}`);
    writeFileSync(outputFile, '');
    writeFileSync(summaryFile, '');
    const env = {
      PATH: `${join(root, 'bin')}:${process.env.PATH}`,
      HOME: root,
      VOIPBIN_ENDPOINT: sim.url,
      GITHUB_OUTPUT: outputFile,
      GITHUB_STEP_SUMMARY: summaryFile,
      GITHUB_REPOSITORY: 'acme/phone-numbers',
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_RUN_ID: '4242',
      GITHUB_SHA: 'f00d',
      FAKE_GH_STATE: statePath,
      ...resolveStepEnv(workflow, job, step, values),
      ...extraEnv,
    };
    return new Promise((done) => {
      execFile(
        'bash',
        ['--noprofile', '--norc', '-eo', 'pipefail', '-c', step.run!],
        { cwd: dir, env, maxBuffer: 32 * 1024 * 1024 },
        (error, stdout, stderr) => {
          const outputs = Object.fromEntries(
            readFileSync(outputFile, 'utf8')
              .split('\n')
              .filter((l) => l.includes('='))
              .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
          );
          const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
          done({ code, stdout, stderr, outputs, summary: readFileSync(summaryFile, 'utf8') });
        },
      );
    });
  };

  return { root, checkout, runStep, readState, updateState };
}
