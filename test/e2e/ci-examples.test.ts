import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSeedFile } from '../../src/sim/seed.ts';
import {
  GITLAB_KIT,
  makeKitRepos,
  numformLines,
  readKitYaml,
  readWorkflows,
  type GitlabJob,
} from '../support/ci-kit.ts';
import { useSimulator } from '../support/simulator.ts';
import { makeWorkspace } from '../support/workspace.ts';

const workflows = readWorkflows();
const planWorkflow = workflows['numform-plan.yml']!;
const applyWorkflow = workflows['numform-apply.yml']!;
const driftWorkflow = workflows['numform-drift.yml']!;
const MARKER = '<!-- numform:plan -->';

/** The multi-team example's files, by name. */
function multiTeamFiles(): Record<string, string> {
  const dir = 'examples/multi-team';
  return Object.fromEntries(readdirSync(dir).map((f) => [f, readFileSync(join(dir, f), 'utf8')]));
}

/** What the platform fills in for the steps' `${{ }}` expressions. */
function expressions(more: Record<string, string> = {}): Record<string, string> {
  return { 'secrets.VOIPBIN_ACCESSKEY': 'vb_simulator', 'github.token': 'gh-token', ...more };
}

async function setUp() {
  const sim = await useSimulator({ seed: readSeedFile('examples/seeds/multi-team.yaml') });
  return { sim, ...makeKitRepos(sim) };
}

type Kit = Awaited<ReturnType<typeof setUp>>;

/** The plan workflow on pull request `pr` whose merge ref has these files; the artifact kept as run `run`. */
async function planPullRequest(kit: Kit, files: Record<string, string>, pr: number, headSha: string) {
  const dir = kit.checkout(files);
  const values = expressions({ 'github.event.pull_request.number': String(pr) });
  for (const step of ['Validate', 'Plan', 'Job summary', 'Comment the plan on the pull request']) {
    const result = await kit.runStep(dir, planWorkflow, 'plan', step, values);
    expect(result.code, `${step}: ${result.stderr}`).toBe(0);
  }
  // actions/upload-artifact, then the run is recorded as GitHub would list it.
  const artifact = join(kit.root, `artifact-${pr}`);
  mkdirSync(artifact);
  for (const f of ['numform.plan', 'plan.md']) cpSync(join(dir, f), join(artifact, f));
  kit.updateState((s) => {
    s.runs.push({
      id: 100 + pr,
      head_sha: headSha,
      status: 'success',
      artifacts: { 'numform-plan': artifact },
    });
  });
  return dir;
}

/** The apply job on a push of `sha` whose files are these, up to its report to the pull request. */
async function applyPush(kit: Kit, files: Record<string, string>, sha: string) {
  const dir = kit.checkout(files);
  const env = { GITHUB_SHA: sha };
  const pr = await kit.runStep(
    dir,
    applyWorkflow,
    'apply',
    'Find the pull request this commit merged',
    expressions(),
    env,
  );
  if (pr.code !== 0) return { dir, pr, apply: undefined };
  const prValues = {
    'steps.pr.outputs.number': pr.outputs.number!,
    'steps.pr.outputs.head': pr.outputs.head!,
  };
  const fetch = await kit.runStep(
    dir,
    applyWorkflow,
    'apply',
    'Fetch the plan reviewed on it',
    expressions(prValues),
  );
  expect(fetch.code, fetch.stderr).toBe(0);
  const apply = await kit.runStep(
    dir,
    applyWorkflow,
    'apply',
    'Apply the reviewed plan to the pushed files',
    expressions(),
  );
  const outcome = apply.code === 0 ? 'success' : 'failure';
  const report = await kit.runStep(
    dir,
    applyWorkflow,
    'apply',
    'Report to the pull request',
    expressions({ ...prValues, 'steps.apply.outcome': outcome }),
  );
  expect(report.code, report.stderr).toBe(0);
  return { dir, pr, apply };
}

function commentsOn(kit: Kit, pr: number): string[] {
  return kit
    .readState()
    .comments.filter((c) => c.pr === pr)
    .map((c) => c.body);
}

describe('GitHub Actions kit', () => {
  it('is wired to the right events', () => {
    expect(planWorkflow.on).toHaveProperty('pull_request');
    // Environments restricted to main accept a push to main, not a pull_request event.
    expect(applyWorkflow.on).toMatchObject({ push: { branches: ['main'] } });
    expect(applyWorkflow.on).not.toHaveProperty('pull_request');
    expect(applyWorkflow.jobs.apply!.environment).toBe('voipbin-production');
    expect(applyWorkflow.jobs['apply-replan']!.environment).toBe('voipbin-production-approval');
    expect(applyWorkflow.jobs['apply-replan']!.needs).toContain('replan');
    expect(driftWorkflow.on).toHaveProperty('schedule');
  });

  it(
    'plan on the pull request, apply the saved plan to the pushed commit, then drift detection',
    { timeout: 180_000 },
    async () => {
      const kit = await setUp();
      const files = multiTeamFiles();
      const planDir = await planPullRequest(kit, files, 7, 'headsha7');
      expect(readFileSync(join(planDir, 'plan.md'), 'utf8')).toMatch(/^### numform plan/);
      expect(commentsOn(kit, 7)).toHaveLength(1);
      expect(commentsOn(kit, 7)[0]).toMatch(new RegExp(`^${MARKER}\n### numform plan`));

      kit.updateState((s) => {
        s.pulls.mergesha7 = [{ number: 7, merged_at: '2026-01-01T00:00:00Z', head: { sha: 'headsha7' } }];
      });
      const { apply } = await applyPush(kit, files, 'mergesha7');
      expect(apply!.code, apply!.stderr).toBe(0);
      expect(apply!.stdout).toContain('Apply complete: 4 created, 2 updated, 1 deleted.');
      const report = commentsOn(kit, 7)[1]!;
      expect(report).toContain('### numform apply: done');
      expect(report).toContain('Apply complete: 4 created, 2 updated, 1 deleted.');

      const driftDir = kit.checkout(files);
      const drift = () => kit.runStep(driftDir, driftWorkflow, 'drift', 'Detect drift', expressions());
      expect((await drift()).code).toBe(0);
      kit.sim.account.state.numbers.find((n) => n.number === '+15551234567')!.name =
        'Renamed in the admin console';
      expect((await drift()).code).toBe(2);
      const summary = await kit.runStep(driftDir, driftWorkflow, 'drift', 'Report');
      expect(summary.summary).toContain('"Renamed in the admin console" -> "Support line"');
    },
  );

  it(
    'two pull requests planned at once, both merged: the second plan is refused, and the approved re-plan converges',
    { timeout: 180_000 },
    async () => {
      const kit = await setUp();
      const main = multiTeamFiles();
      // Bring the account in line with main first, as the kit would have on an earlier merge.
      await planPullRequest(kit, main, 1, 'head1');
      kit.updateState((s) => {
        s.pulls.merge1 = [{ number: 1, merged_at: '2026-01-01T00:00:00Z', head: { sha: 'head1' } }];
      });
      expect((await applyPush(kit, main, 'merge1')).apply!.code).toBe(0);

      const withA = {
        ...main,
        'support.yaml': main['support.yaml']!.replace('Support overflow', 'Support backup'),
      };
      const withB = {
        ...main,
        'sales.yaml': main['sales.yaml']!.replace('name: Sales US', 'name: Sales Americas'),
      };
      const withBoth = { ...withA, 'sales.yaml': withB['sales.yaml'] };
      await planPullRequest(kit, withA, 2, 'headA');
      await planPullRequest(kit, withB, 3, 'headB');
      kit.updateState((s) => {
        s.pulls.mergeA = [{ number: 2, merged_at: '2026-01-02T00:00:00Z', head: { sha: 'headA' } }];
        s.pulls.mergeB = [{ number: 3, merged_at: '2026-01-02T00:01:00Z', head: { sha: 'headB' } }];
      });
      const nameOf = (n: string) => kit.sim.account.state.numbers.find((x) => x.number === n)!.name;

      const first = await applyPush(kit, withA, 'mergeA');
      expect(first.apply!.code, first.apply!.stderr).toBe(0);
      expect(nameOf('+15551234568')).toBe('Support backup');

      const second = await applyPush(kit, withBoth, 'mergeB');
      expect(second.apply!.code).toBe(1);
      expect(second.apply!.stdout).toContain('was not made from the configuration given');
      expect(nameOf('+15557654322')).toBe('Sales US');
      const refusedReport = commentsOn(kit, 3).at(-1)!;
      expect(refusedReport).toContain('the reviewed plan was not applied in full');

      // The job's output that starts the recovery, as the workflow computes it.
      expect(applyWorkflow.jobs.apply!.outputs!.refused).toBe("${{ steps.apply.outcome == 'failure' }}");
      expect(applyWorkflow.jobs.replan!.if).toContain("needs.apply.outputs.refused == 'true'");
      const replanDir = kit.checkout(withBoth);
      const plan = await kit.runStep(replanDir, applyWorkflow, 'replan', 'Plan main', expressions());
      expect(plan.code, plan.stderr).toBe(0);
      expect(plan.outputs.changes).toBe('true');
      const posted = await kit.runStep(
        replanDir,
        applyWorkflow,
        'replan',
        'Post the plan on the pull request',
        expressions({ 'needs.apply.outputs.pr': '3', 'steps.plan.outputs.changes': 'true' }),
      );
      expect(posted.code, posted.stderr).toBe(0);
      const replanComment = commentsOn(kit, 3).at(-1)!;
      expect(replanComment).toContain('voipbin-production-approval');
      expect(replanComment).toContain('"Sales US" -> "Sales Americas"');
      expect(nameOf('+15557654322')).toBe('Sales US');

      // A reviewer approved: the approval job applies the re-plan (actions/download-artifact gives it back).
      const approvedDir = kit.checkout(withBoth);
      for (const f of ['numform.plan', 'plan.md']) cpSync(join(replanDir, f), join(approvedDir, f));
      const approved = await kit.runStep(
        approvedDir,
        applyWorkflow,
        'apply-replan',
        'Apply the approved plan',
        expressions(),
      );
      expect(approved.code, approved.stderr).toBe(0);
      expect(nameOf('+15557654322')).toBe('Sales Americas');
      expect(nameOf('+15551234568')).toBe('Support backup');

      const again = await kit.runStep(
        kit.checkout(withBoth),
        applyWorkflow,
        'replan',
        'Plan main',
        expressions(),
      );
      expect(again.outputs.changes).toBe('false');
      // Applying the first pull request's plan again is a replay: refused.
      const replay = await applyPush(kit, withA, 'mergeA');
      expect(replay.apply!.code).toBe(1);
      expect(replay.apply!.stdout).toContain('stale');
    },
  );

  it(
    'a push to main without a pull request fails loudly and changes nothing',
    { timeout: 180_000 },
    async () => {
      const kit = await setUp();
      const before = JSON.stringify(kit.sim.account.state.numbers);
      const { pr } = await applyPush(kit, multiTeamFiles(), 'directsha');
      expect(pr.code).toBe(1);
      expect(pr.stdout).toMatch(
        /^::error title=No reviewed plan::directsha was pushed to main without a pull request/m,
      );
      expect(pr.stdout).toContain('run this workflow by hand');
      expect(JSON.stringify(kit.sim.account.state.numbers)).toBe(before);
      expect(kit.readState().comments).toEqual([]);
    },
  );
});

describe('GitLab CI kit', () => {
  const pipeline = readKitYaml<Record<string, GitlabJob>>(GITLAB_KIT);
  const lines = (job: string) => numformLines(pipeline[job]!.script ?? []);

  /** Runs shell lines of the pipeline in a checkout, as the job's shell would. */
  function runLines(dir: string, script: string[], env: Record<string, string>) {
    return new Promise<{ code: number; stdout: string; stderr: string }>((done) => {
      execFile(
        'bash',
        ['-eo', 'pipefail', '-c', script.join('\n')],
        { cwd: dir, env: { PATH: process.env.PATH!, NO_COLOR: '1', ...env } },
        (error, stdout, stderr) =>
          done({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
      );
    });
  }

  it('runs each job on the right pipelines', () => {
    expect(pipeline['numform:plan']!.rules![0]!.if).toContain('merge_request_event');
    expect(pipeline['numform:apply']!.rules![0]!.if).toContain('$CI_DEFAULT_BRANCH');
    expect(pipeline['numform:replan']!.rules![0]!.when).toBe('on_failure');
    expect(pipeline['numform:apply-replan']!.rules![0]!.when).toBe('manual');
    expect(pipeline['numform:drift']!.rules![0]!.if).toContain('schedule');
    // The saved plan is found by the merge request's pipeline, whatever ref that pipeline ran on.
    const apply = pipeline['numform:apply']!.script!.join('\n');
    expect(apply).toContain('merge_requests/$MR_IID/pipelines');
    expect(apply).not.toContain('refs%2Fmerge-requests');
  });

  it(
    'plan on the merge request, apply on the default branch, re-plan on refusal, drift on a schedule',
    { timeout: 180_000 },
    async () => {
      const kit = await setUp();
      const bin = join(kit.root, 'bin');
      const dir = kit.checkout(multiTeamFiles());
      const env = {
        PATH: `${bin}:${process.env.PATH}`,
        VOIPBIN_ENDPOINT: kit.sim.url,
        VOIPBIN_ACCESSKEY: 'vb_simulator',
      };
      const run = (script: string[]) => runLines(dir, script, env);
      expect(lines('numform:validate')).toEqual(['numform validate numbers/']);
      expect((await run(lines('numform:validate'))).code).toBe(0);
      expect(lines('numform:plan')).toEqual([
        'numform plan numbers/ --out numform.plan --format markdown > plan.md',
      ]);
      // The plan job's own lines up to the note (the note needs GitLab's API).
      const planScript = pipeline['numform:plan']!.script!.filter((l) => !l.includes('curl'));
      expect((await run(planScript)).code).toBe(0);
      expect(existsSync(join(dir, 'numform.plan'))).toBe(true);

      expect(lines('numform:apply')).toEqual(['numform apply --plan numform.plan numbers/']);
      expect((await run(lines('numform:apply'))).code).toBe(0);
      // The same plan again is refused; the recovery re-plans and the manual job applies it.
      expect((await run(lines('numform:apply'))).code).toBe(1);
      expect(lines('numform:replan')).toEqual(['numform plan numbers/ --out numform.plan']);
      expect((await run(lines('numform:replan'))).code).toBe(0);
      expect(lines('numform:apply-replan')).toEqual(['numform apply --plan numform.plan numbers/']);
      expect((await run(lines('numform:apply-replan'))).code).toBe(0);

      expect(lines('numform:drift')).toEqual(['numform plan numbers/ --detailed-exitcode']);
      const drift = () => run(lines('numform:drift')).then((r) => r.code);
      expect(await drift()).toBe(0);
      kit.sim.account.state.numbers.find((n) => n.number === '+15557654322')!.detail = 'edited by hand';
      expect(await drift()).toBe(2);
    },
  );

  it('a merge-request pipeline that gets no key says which variable to set', async () => {
    const { dir } = makeWorkspace();
    const planScript = pipeline['numform:plan']!.script!.filter(
      (l) => !l.startsWith('numform') && !l.includes('curl'),
    );
    const run = (env: Record<string, string>) => runLines(dir, planScript, env);
    const missing = await run({ CI_MERGE_REQUEST_SOURCE_BRANCH_NAME: 'feature/sales' });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('No access key reached this pipeline of feature/sales');
    expect(missing.stderr).toContain('VOIPBIN_PLAN_ACCESSKEY (masked, not protected)');
    // Either key lets the plan go on.
    expect((await run({ VOIPBIN_PLAN_ACCESSKEY: 'vb_plan' })).code).toBe(0);
    expect((await run({ VOIPBIN_ACCESSKEY: 'vb_main' })).code).toBe(0);
  });
});
