import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeKitRepos, readWorkflows } from '../support/ci-kit.ts';
import { useSimulator } from '../support/simulator.ts';

const planWorkflow = readWorkflows()['numform-plan.yml']!;
const MARKER = '<!-- numform:plan -->';
// GitHub's limits: a comment body in characters, a step's job summary in bytes.
const COMMENT_LIMIT = 65_536;
const SUMMARY_LIMIT = 1024 * 1024;

const values = {
  'secrets.VOIPBIN_ACCESSKEY': 'vb_simulator',
  'github.token': 'gh-token',
  'github.event.pull_request.number': '12',
};

/** An account of `count` numbers and a configuration renaming every one: a plan of `count` updates. */
async function setUpBigPlan(count: number) {
  const numbers = Array.from({ length: count }, (_, i) => ({
    number: `+1555${String(2_000_000 + i).padStart(7, '0')}`,
    name: `Old line ${i}`,
  }));
  const sim = await useSimulator({ seed: { numbers } });
  const kit = makeKitRepos(sim);
  const config = [
    'version: 1',
    'numbers:',
    ...numbers.flatMap((n, i) => [
      `  - number: '${n.number}'`,
      `    name: Renamed line ${i} of the big reshuffle`,
      `    detail: Moved to the new team ${i}`,
    ]),
  ].join('\n');
  const dir = kit.checkout({ 'numbers.yaml': config + '\n' });
  return { kit, dir };
}

function balancedFences(text: string): boolean {
  return text.split('\n').filter((l) => l.startsWith('```')).length % 2 === 0;
}

describe('the GitHub kit’s plan comment', () => {
  it(
    'a 500-number plan is cut to fit one comment, says where the full plan is, and the job summary keeps it whole',
    { timeout: 90_000 },
    async () => {
      const { kit, dir } = await setUpBigPlan(500);
      for (const step of ['Validate', 'Plan']) {
        const result = await kit.runStep(dir, planWorkflow, 'plan', step, values);
        expect(result.code, result.stderr).toBe(0);
      }
      const plan = readFileSync(join(dir, 'plan.md'), 'utf8');
      expect(plan.length).toBeGreaterThan(COMMENT_LIMIT);
      expect(plan).toContain('Renamed line 499 of the big reshuffle');

      const summary = await kit.runStep(dir, planWorkflow, 'plan', 'Job summary', values);
      expect(summary.code, summary.stderr).toBe(0);
      expect(summary.summary).toBe(plan);

      const comment = await kit.runStep(
        dir,
        planWorkflow,
        'plan',
        'Comment the plan on the pull request',
        values,
      );
      expect(comment.code, comment.stderr).toBe(0);
      const [posted] = kit.readState().comments;
      expect(posted!.pr).toBe(12);
      const body = posted!.body;
      expect([...body].length).toBeLessThanOrEqual(COMMENT_LIMIT);
      expect(body.startsWith(`${MARKER}\n### numform plan`)).toBe(true);
      expect(body).toContain('This plan is too long to show here');
      expect(body).toContain(
        'plan.md of the artifact of [this run](https://github.com/acme/phone-numbers/actions/runs/4242)',
      );
      expect(body).not.toContain('Renamed line 499 of the big reshuffle');
      // What is shown is the plan's own beginning, every line whole, its code block and details closed.
      const shown = body.slice(MARKER.length + 1, body.indexOf('\n```\n\n</details>'));
      expect(plan.startsWith(shown)).toBe(true);
      expect(plan.charAt(shown.length)).toBe('\n');
      expect(balancedFences(body)).toBe(true);
      expect(body).toMatch(/<\/details>\n\n> \[!WARNING\]/);
    },
  );

  it('a summary over GitHub’s 1 MiB is cut too, pointing at the artifact', async () => {
    const sim = await useSimulator();
    const kit = makeKitRepos(sim);
    const dir = kit.checkout({});
    const line = '  ~ update +15550000000 (a line of a very long plan)\n';
    const huge = [
      '### numform plan',
      '',
      '```text',
      line.repeat(Math.ceil((SUMMARY_LIMIT * 1.5) / line.length)),
      '```',
    ];
    writeFileSync(join(dir, 'plan.md'), huge.join('\n'));
    const summary = await kit.runStep(dir, planWorkflow, 'plan', 'Job summary', values);
    expect(summary.code, summary.stderr).toBe(0);
    expect(Buffer.byteLength(summary.summary)).toBeLessThanOrEqual(SUMMARY_LIMIT);
    expect(summary.summary).toContain('The full plan is plan.md in the artifact of [this run]');
    expect(balancedFences(summary.summary)).toBe(true);
  });

  it('is one comment, edited in place; someone else’s comment with the marker is left alone', async () => {
    const sim = await useSimulator();
    const kit = makeKitRepos(sim);
    const dir = kit.checkout({});
    kit.updateState((s) => {
      s.comments.push({ id: 1, pr: 12, user: { login: 'mallory' }, body: `${MARKER}\nmine` });
      s.comments.push({ id: 2, pr: 11, user: { login: 'github-actions[bot]' }, body: `${MARKER}\nother PR` });
    });
    const post = async (text: string) => {
      writeFileSync(join(dir, 'plan.md'), text);
      const result = await kit.runStep(
        dir,
        planWorkflow,
        'plan',
        'Comment the plan on the pull request',
        values,
      );
      expect(result.code, result.stderr).toBe(0);
    };
    await post('### numform plan\n\nfirst\n');
    await post('### numform plan\n\nsecond\n');
    await post('### numform plan\n\nthird\n');
    const ours = kit
      .readState()
      .comments.filter((c) => c.user.login === 'github-actions[bot]' && c.pr === 12);
    expect(ours).toHaveLength(1);
    expect(ours[0]!.body).toBe(`${MARKER}\n### numform plan\n\nthird\n`);
    expect(ours[0]!.edited).toBe(2);
    const untouched = kit.readState().comments.filter((c) => c.id === 1 || c.id === 2);
    expect(untouched.map((c) => c.body)).toEqual([`${MARKER}\nmine`, `${MARKER}\nother PR`]);
  });

  it(
    'a plan that fails replaces the plan comment with the error, so no outdated plan stays',
    { timeout: 60_000 },
    async () => {
      const sim = await useSimulator();
      const kit = makeKitRepos(sim);
      const dir = kit.checkout({
        'numbers.yaml': "version: 1\nnumbers:\n  - number: '+15551234567'\n    nmae: x\n",
      });
      kit.updateState((s) => {
        s.comments.push({
          id: 5,
          pr: 12,
          user: { login: 'github-actions[bot]' },
          body: `${MARKER}\nan old plan`,
        });
      });
      const validate = await kit.runStep(dir, planWorkflow, 'plan', 'Validate', values);
      expect(validate.code).toBe(1);
      const report = await kit.runStep(
        dir,
        planWorkflow,
        'plan',
        'Comment the failure on the pull request',
        values,
      );
      expect(report.code, report.stderr).toBe(0);
      const comments = kit.readState().comments;
      expect(comments).toHaveLength(1);
      expect(comments[0]!.body).toMatch(new RegExp(`^${MARKER}\n### numform plan failed\n`));
      expect(comments[0]!.body).toContain('numbers.yaml:4:5: unknown key "nmae"');
      expect(comments[0]!.body).not.toContain('an old plan');
    },
  );
});
