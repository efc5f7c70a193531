/**
 * `npm run bench`: numform's commands against what VoIPBIN physically allows. Each case runs the
 * built CLI (`node dist/cli/bin.js`, as installed) in its own process against the simulator with
 * its rate limit on (VoIPBIN's: 16.7 requests/s, burst 33) and latency added; each bound is computed from the
 * requests the run actually needed, counted by the simulator. One line per case: measured, bound,
 * ratio, target. Exits 1 when a ratio misses its target.
 *
 *   npm run bench              every case (about 10 minutes on a quiet machine)
 *   npm run bench -- --quick   one size, fewer latencies
 *   npm run bench -- --no-build  use dist/ as it is
 *   npm run bench -- --markdown  also print the results as the README's table
 *   npm run bench -- --only=reads,writes  some groups of cases (startup, validate, reads, writes,
 *                                          purchases, concurrent)
 */
import { spawn, execFileSync } from 'node:child_process';
import { subscribe } from 'node:diagnostics_channel';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { VOIPBIN_CUSTOMER_LIMIT } from '../src/api/rate-limiter.ts';
import { startSimulator, type RunningSimulator, type SimulatorOptions } from '../src/sim/server.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CLI = join(ROOT, 'dist', 'cli', 'bin.js');
const ACCESS_KEY = 'vb_simulator';
/** The API's per-customer budget: a GCRA of 16.7 requests/s (documented as 17), burst 33. */
const RATE = VOIPBIN_CUSTOMER_LIMIT;

const args = new Set(process.argv.slice(2));
const quick = args.has('--quick');
const only = process.argv
  .find((a) => a.startsWith('--only='))
  ?.slice('--only='.length)
  .split(',');
/** Whether a group of cases runs (every group unless --only names some). */
const runs = (group: string): boolean => only === undefined || only.includes(group);

/** What a spawned process reports about itself as it exits (see REPORTER). */
interface ProcessReport {
  cpuMs: number;
  maxRssMb: number;
}

interface Run extends ProcessReport {
  code: number;
  wallMs: number;
  stdout: string;
  stderr: string;
}

/**
 * Loaded with `--import` into every measured process, numform and baseline alike: writes the
 * process's CPU time and peak memory (all threads) to the file BENCH_REPORT names, at exit.
 */
const REPORTER =
  'data:text/javascript,' +
  encodeURIComponent(
    "import { writeFileSync } from 'node:fs';" +
      "process.on('exit', () => { const u = process.resourceUsage();" +
      ' writeFileSync(process.env.BENCH_REPORT, JSON.stringify({' +
      ' cpuMs: (u.userCPUTime + u.systemCPUTime) / 1000, maxRssMb: u.maxRSS / 1024 })); });',
  );

const work = mkdtempSync(join(tmpdir(), 'numform-bench-'));

/** Runs `node ARGS` (with the reporter) in `cwd`, as a user's shell would. */
function runNode(
  nodeArgs: string[],
  options: { cwd?: string; env?: Record<string, string> } = {},
): Promise<Run> {
  const report = join(work, `report-${Math.random().toString(36).slice(2)}.json`);
  const start = performance.now();
  const child = spawn(process.execPath, ['--import', REPORTER, ...nodeArgs], {
    cwd: options.cwd ?? work,
    env: { ...process.env, NO_COLOR: '1', ...options.env, BENCH_REPORT: report },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout.on('data', (b: Buffer) => out.push(b));
  child.stderr.on('data', (b: Buffer) => err.push(b));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => {
      const wallMs = performance.now() - start;
      const measured = JSON.parse(readFileSync(report, 'utf8')) as ProcessReport;
      rmSync(report, { force: true });
      resolve({
        ...measured,
        code: code ?? -1,
        wallMs,
        stdout: Buffer.concat(out).toString(),
        stderr: Buffer.concat(err).toString(),
      });
    });
  });
}

/** Runs the CLI against an endpoint. */
function runCli(cliArgs: string[], endpoint?: string): Promise<Run> {
  return runNode([CLI, ...cliArgs], {
    env: { VOIPBIN_ACCESSKEY: ACCESS_KEY, ...(endpoint && { VOIPBIN_ENDPOINT: endpoint }) },
  });
}

/** The median of `runs` runs of `measure`. */
async function median(runs: number, measure: () => Promise<number>): Promise<number> {
  return (await medians(runs, [measure]))[0]!;
}

/** The median of `runs` runs of each measure, taken in turns: one of each per round. */
async function medians(runs: number, measures: (() => Promise<number>)[]): Promise<number[]> {
  const values = measures.map((): number[] => []);
  for (let i = 0; i < runs; i++) {
    for (const [m, measure] of measures.entries()) values[m]!.push(await measure());
  }
  return values.map((v) => v.sort((a, b) => a - b)[Math.floor(v.length / 2)]!);
}

/**
 * Answers by status, pages of the number list served, and when each POST arrived, for the
 * simulator this process runs.
 */
const traffic = { statuses: new Map<number, number>(), pages: 0, postTimes: [] as number[] };
subscribe('http.server.response.finish', (message) => {
  const { request, response } = message as { request: IncomingMessage; response: ServerResponse };
  traffic.statuses.set(response.statusCode, (traffic.statuses.get(response.statusCode) ?? 0) + 1);
  // The one chain of requests that must follow each other: the number list's pages.
  const page = request.method === 'GET' && /^\/v1\.0\/numbers\?/.test(request.url ?? '');
  if (page && response.statusCode !== 429) traffic.pages++;
});
subscribe('http.server.request.start', (message) => {
  const { request } = message as { request: IncomingMessage };
  if (request.method === 'POST') traffic.postTimes.push(performance.now());
});

/** Requests the simulator answered (all of them, and the 429s among them) since `resetTraffic`. */
function countTraffic(): { requests: number; rejected: number; pages: number } {
  let requests = 0;
  for (const n of traffic.statuses.values()) requests += n;
  return { requests, rejected: traffic.statuses.get(429) ?? 0, pages: traffic.pages };
}

function resetTraffic(): void {
  traffic.statuses.clear();
  traffic.pages = 0;
  traffic.postTimes.length = 0;
}

const number = (i: number): string => `+1555${String(i).padStart(7, '0')}`;

/** An account holding numbers 0…n-1, and the simulator serving it. */
function startAccount(count: number, options: SimulatorOptions = {}): Promise<RunningSimulator> {
  const numbers = Array.from({ length: count }, (_, i) => ({ number: number(i), name: `Line ${i}` }));
  return startSimulator({ seed: { numbers }, rateLimit: RATE, ...options });
}

/** Writes a configuration of these entries (and policy lines) and returns its path. */
function writeConfig(name: string, entries: string[], policy: string[] = []): string {
  const path = join(work, name);
  const policyLines = policy.length > 0 ? ['policy:', ...policy.map((l) => `  ${l}`)] : [];
  const list = entries.length > 0 ? ['numbers:', ...entries] : ['numbers: []'];
  writeFileSync(path, ['version: 1', ...policyLines, ...list, ''].join('\n'));
  return path;
}

/** The policy of the benchmark's configurations: one pattern no number of theirs matches. */
const POLICY = ["protect: ['+1555999*']"];

const entry = (i: number, name = `Line ${i}`): string => `  - number: "${number(i)}"\n    name: ${name}`;

/** A result line; `ok` says whether the target was met. */
interface Line {
  label: string;
  measured: string;
  bound: string;
  ratio: number | undefined;
  target: string;
  ok: boolean;
  note?: string;
}

const lines: Line[] = [];

function say(line: Line): void {
  lines.push(line);
  const ratio = line.ratio === undefined ? '     -' : line.ratio.toFixed(2).padStart(6);
  console.log(
    `${line.ok ? 'ok  ' : 'MISS'} ${line.label.padEnd(44)} ${line.measured.padStart(10)} ${line.bound.padStart(10)} ${ratio} ${line.target.padEnd(8)}${line.note ? `  ${line.note}` : ''}`,
  );
}

const seconds = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
const millis = (ms: number): string => `${ms.toFixed(0)} ms`;

/** A line of a case measured against a bound: the ratio must be at most `limit` (as written). */
function sayRatio(
  label: string,
  measuredMs: number,
  boundMs: number,
  limit: string,
  options: { note?: string; show?: (ms: number) => string } = {},
): void {
  const show = options.show ?? seconds;
  const ratio = measuredMs / boundMs;
  say({
    label,
    measured: show(measuredMs),
    bound: show(boundMs),
    ratio,
    target: `≤ ${limit}`,
    ok: ratio <= Number(limit),
    ...(options.note !== undefined && { note: options.note }),
  });
}

/** The bound of a run limited by the rate budget and by one chain of sequential pages. */
function apiBound(used: { requests: number; rejected: number; pages: number }, latencyMs: number): number {
  const needed = used.requests - used.rejected;
  return Math.max(used.pages * latencyMs, (Math.max(0, needed - RATE.burst) / RATE.perSecond) * 1000);
}

function fail(what: string, run: Run): never {
  throw new Error(`${what} exited ${run.code}:\n${run.stderr.slice(-2000)}`);
}

/** The wall time of starting Node and leaving at once, measured like every CLI run. */
async function measureNodeStart(): Promise<number> {
  return median(5, async () => (await runNode(['-e', '0'])).wallMs);
}

async function benchReads(nodeStartMs: number): Promise<void> {
  const sizes = quick ? [10_000] : [10_000, 50_000];
  const latencies = quick ? [0, 20] : [0, 20, 100];
  for (const size of sizes) {
    // 1% of the names differ, so the plan has something to say but stays readable. A policy, as
    // real files have (every export writes one).
    const config = writeConfig(
      `plan-${size}.yaml`,
      Array.from({ length: size }, (_, i) => entry(i, i % 100 === 0 ? `Renamed ${i}` : `Line ${i}`)),
      POLICY,
    );
    for (const latencyMs of latencies) {
      for (const command of ['plan', 'export'] as const) {
        const sim = await startAccount(size, { latencyMs });
        try {
          resetTraffic();
          const run = await runCli(command === 'plan' ? ['plan', config] : ['export'], sim.url);
          if (run.code !== 0) fail(`${command} of ${size}`, run);
          const used = countTraffic();
          const bound = apiBound(used, latencyMs) + nodeStartMs;
          sayRatio(
            `${command} ${size.toLocaleString('en')} numbers, latency ${latencyMs} ms`,
            run.wallMs,
            bound,
            '1.10',
            { note: `${used.requests} requests, ${used.rejected} 429s` },
          );
          if (command === 'plan' && size === 50_000 && latencyMs === 0) {
            say({
              label: 'peak memory, plan of 50,000 numbers',
              measured: `${run.maxRssMb.toFixed(0)} MB`,
              bound: '-',
              ratio: undefined,
              target: '≤ 250 MB',
              ok: run.maxRssMb <= 250,
            });
          }
        } finally {
          await sim.close();
        }
      }
    }
  }
}

async function benchWrites(nodeStartMs: number): Promise<void> {
  const cases = [
    {
      label: 'apply of 1,000 creates',
      seed: 0,
      options: { planType: 'unlimited' } satisfies SimulatorOptions,
      entries: Array.from({ length: 1000 }, (_, i) => entry(i)),
      policy: ['max_purchases: 1000'],
      flags: [],
    },
    {
      label: 'apply of 200 updates',
      seed: 200,
      options: {},
      entries: Array.from({ length: 200 }, (_, i) => entry(i, `Renamed ${i}`)),
      policy: [],
      flags: [],
    },
    {
      label: 'apply of 200 deletes',
      seed: 200,
      options: {},
      entries: [],
      policy: [],
      flags: ['--allow-mass-delete'],
    },
  ];
  for (const c of cases) {
    const config = writeConfig(`apply-${c.seed}-${c.entries.length}.yaml`, c.entries, c.policy);
    const sim = await startAccount(c.seed, c.options);
    try {
      resetTraffic();
      const run = await runCli(['apply', '--auto-approve', ...c.flags, config], sim.url);
      if (run.code !== 0) fail(c.label, run);
      const used = countTraffic();
      const bound = apiBound(used, 0) + nodeStartMs;
      sayRatio(c.label, run.wallMs, bound, '1.10', {
        note: `${used.requests} requests, ${used.rejected} 429s`,
      });
    } finally {
      await sim.close();
    }
  }
}

async function benchPendingPurchases(): Promise<void> {
  const pendingMs = 5000;
  const config = writeConfig(
    'purchases-50.yaml',
    Array.from({ length: 50 }, (_, i) => entry(i)),
    ['max_purchases: 50'],
  );
  const sim = await startAccount(0, { purchaseDelayMs: pendingMs, planType: 'unlimited' });
  try {
    resetTraffic();
    const start = performance.now();
    const run = await runCli(['apply', '--auto-approve', config], sim.url);
    if (run.code !== 0) fail('apply of 50 pending purchases', run);
    const used = countTraffic();
    const lastPost = Math.max(...traffic.postTimes) - start;
    const bound = lastPost + pendingMs;
    sayRatio(`apply of 50 purchases pending ${pendingMs / 1000} s`, run.wallMs, bound, '1.15', {
      note: `${used.requests} requests, ${used.rejected} 429s`,
    });
  } finally {
    await sim.close();
  }
}

async function benchStartup(): Promise<void> {
  const small = writeConfig('small.yaml', [entry(1), entry(2), entry(3)]);
  // Interleaved, so that a change in the machine's load between them skews no ratio.
  const [nodeCpu, help, validate] = await medians(9, [
    async () => (await runNode(['-e', '0'])).cpuMs,
    async () => {
      const run = await runCli(['--help']);
      if (run.code !== 0) fail('--help', run);
      return run.cpuMs;
    },
    async () => {
      const run = await runCli(['validate', small]);
      if (run.code !== 0) fail('validate of 3 numbers', run);
      return run.cpuMs;
    },
  ]);
  sayRatio('numform --help (CPU)', help!, nodeCpu!, '1.6', { show: millis });
  sayRatio('validate of 3 numbers (CPU)', validate!, nodeCpu!, '2.0', { show: millis });
}

async function benchValidateLarge(): Promise<void> {
  const size = quick ? 10_000 : 50_000;
  const config = writeConfig(
    `validate-${size}.yaml`,
    Array.from({ length: size }, (_, i) => entry(i)),
    POLICY,
  );
  // The least a validation could do: parse the YAML and look at each entry once.
  const baselineScript =
    "import { readFileSync } from 'node:fs'; import { parse } from 'yaml';" +
    `const data = parse(readFileSync(${JSON.stringify(config)}, 'utf8'));` +
    "if (!data.numbers.every((n) => typeof n.number === 'string')) process.exit(1);";
  const [baseline, ours] = await medians(3, [
    async () => {
      const run = await runNode(['--input-type=module', '-e', baselineScript], { cwd: ROOT });
      if (run.code !== 0) fail('the yaml baseline', run);
      return run.cpuMs;
    },
    async () => {
      const run = await runCli(['validate', config]);
      if (run.code !== 0) fail(`validate of ${size}`, run);
      return run.cpuMs;
    },
  ]);
  sayRatio(`validate of ${size.toLocaleString('en')} numbers (CPU)`, ours!, baseline!, '1.2', {
    note: 'bound: yaml.parse and a check of each entry',
  });
}

async function benchConcurrentPlans(): Promise<void> {
  const size = 10_000;
  const config = writeConfig(
    'concurrent.yaml',
    Array.from({ length: size }, (_, i) => entry(i)),
  );
  const sim = await startAccount(size);
  try {
    resetTraffic();
    const runs = await Promise.all([runCli(['plan', config], sim.url), runCli(['plan', config], sim.url)]);
    const used = countTraffic();
    const share = used.rejected / used.requests;
    const bothOk = runs.every((r) => r.code === 0);
    say({
      label: 'two plans of 10,000 numbers at once',
      measured: `${(share * 100).toFixed(1)}% 429`,
      bound: '-',
      ratio: undefined,
      target: '≤ 2%',
      ok: bothOk && share <= 0.02,
      note: `${used.requests} requests; exit codes ${runs.map((r) => r.code).join(', ')}`,
    });
  } finally {
    await sim.close();
  }
}

try {
  if (!args.has('--no-build')) {
    console.log('Building dist/ (npm run build)...');
    execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'ignore' });
  }
  const nodeStartMs = await measureNodeStart();
  console.log(
    `numform bench${quick ? ' (quick)' : ''}: Node ${process.version}, node -e 0 takes ${nodeStartMs.toFixed(0)} ms`,
  );
  console.log(
    `     ${'case'.padEnd(44)} ${'measured'.padStart(10)} ${'bound'.padStart(10)} ${'ratio'.padStart(6)} target`,
  );
  if (runs('startup')) await benchStartup();
  if (runs('validate')) await benchValidateLarge();
  if (runs('reads')) await benchReads(nodeStartMs);
  if (runs('writes')) await benchWrites(nodeStartMs);
  if (runs('purchases')) await benchPendingPurchases();
  if (runs('concurrent')) await benchConcurrentPlans();
} finally {
  rmSync(work, { recursive: true, force: true });
}
if (args.has('--markdown')) {
  // The rows of the README's results table.
  console.log('\n| case | measured | bound | ratio | target |\n| --- | --- | --- | --- | --- |');
  for (const l of lines) {
    const ratio = l.ratio === undefined ? '—' : l.ratio.toFixed(2);
    console.log(`| ${l.label} | ${l.measured} | ${l.bound} | ${ratio} | ${l.target} |`);
  }
}
const missed = lines.filter((l) => !l.ok);
console.log(
  missed.length === 0
    ? 'Every case met its target.'
    : `${missed.length} of ${lines.length} cases missed their target.`,
);
process.exitCode = missed.length === 0 ? 0 : 1;
