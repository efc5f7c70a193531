/**
 * `npm run bench`: how numform's hot paths compare with the least work that could do the same,
 * measured in the same process so machine noise cancels out. Prints ratios, asserts nothing.
 *
 * - plan:   buildPlan over 20,000 numbers vs a bare Map join that only compares the fields
 * - config: readConfig of a 5,000-number file vs yaml.parse of the same text
 * - list:   client.listNumbers of 5,000 numbers from the simulator vs raw page GETs + JSON.parse
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import { parse } from 'yaml';
import { VoipbinClient } from '../src/api/client.ts';
import { readConfig } from '../src/config/load-config.ts';
import { DEFAULT_POLICY } from '../src/model/desired.ts';
import type { CurrentNumber } from '../src/model/number.ts';
import { emptyManagedFields, emptyNumberFields } from '../src/model/number-fields.ts';
import { buildPlan } from '../src/plan/build-plan.ts';
import type { ResolvedNumber } from '../src/plan/resolve-flows.ts';
import { startSimulator } from '../src/sim/server.ts';

interface Sample {
  ms: number;
  heapMb: number;
}

async function measure(runs: number, fn: () => unknown): Promise<Sample> {
  await fn(); // warm up
  const times: number[] = [];
  let heap = 0;
  for (let i = 0; i < runs; i++) {
    global.gc?.();
    const before = process.memoryUsage().heapUsed;
    const start = performance.now();
    await fn();
    times.push(performance.now() - start);
    heap = Math.max(heap, process.memoryUsage().heapUsed - before);
  }
  times.sort((a, b) => a - b);
  return { ms: times[Math.floor(times.length / 2)]!, heapMb: heap / 1e6 };
}

function report(name: string, ours: Sample, baseline: Sample): void {
  const ratio = ours.ms / baseline.ms;
  console.log(
    `${name.padEnd(7)} numform ${ours.ms.toFixed(1).padStart(8)} ms   baseline ${baseline.ms.toFixed(1).padStart(8)} ms   ` +
      `time ratio ${ratio.toFixed(2).padStart(6)}   heap ${ours.heapMb.toFixed(1)} MB vs ${baseline.heapMb.toFixed(1)} MB`,
  );
}

const number = (i: number) => `+1555${String(i).padStart(7, '0')}`;

async function benchPlan(): Promise<void> {
  const count = 20_000;
  const desired: ResolvedNumber[] = [];
  const current: CurrentNumber[] = [];
  for (let i = 0; i < count; i++) {
    const fields = { ...emptyManagedFields(), name: `n${i}` };
    desired.push({
      number: number(i),
      type: 'normal',
      ...fields,
      expect: {},
      source: { file: 'f', line: i, col: 1 },
    });
    current.push({
      id: `id-${i}`,
      number: number(i + count / 4),
      type: 'normal',
      status: 'active',
      ...emptyNumberFields(),
      ...fields,
      name: i % 2 ? `n${i + count / 4}` : 'changed',
      tmCreate: null,
    });
  }
  const ours = await measure(7, () => buildPlan({ numbers: desired, policy: DEFAULT_POLICY }, current));
  const baseline = await measure(7, () => {
    const byNumber = new Map(current.map((n) => [n.number, n]));
    let diffs = 0;
    for (const d of desired) {
      const c = byNumber.get(d.number);
      if (!c || c.name !== d.name || c.detail !== d.detail || c.callFlowId !== d.callFlowId) diffs++;
    }
    return diffs;
  });
  report('plan', ours, baseline);
}

async function benchConfig(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'numform-bench-'));
  try {
    const lines = ['version: 1', 'numbers:'];
    for (let i = 0; i < 5000; i++)
      lines.push(`  - number: "${number(i)}"`, `    name: Line ${i}`, `    detail: bench`);
    const text = lines.join('\n') + '\n';
    writeFileSync(join(dir, 'numbers.yaml'), text);
    const ours = await measure(5, () => readConfig(['numbers.yaml'], dir));
    const baseline = await measure(5, () => parse(text));
    report('config', ours, baseline);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function benchList(): Promise<void> {
  const seed = { numbers: Array.from({ length: 5000 }, (_, i) => ({ number: number(i), name: `n${i}` })) };
  const sim = await startSimulator({ seed, rateLimit: { perSecond: 0, burst: 0 } });
  const client = new VoipbinClient({ endpoint: sim.url, accessKey: 'vb_simulator', ratePerSecond: 0 });
  try {
    const ours = await measure(5, () => client.listNumbers());
    const baseline = await measure(5, async () => {
      let token = '';
      let total = 0;
      for (;;) {
        const url = `${sim.url}/numbers?page_size=100${token ? `&page_token=${encodeURIComponent(token)}` : ''}`;
        const res = await request(url, { headers: { cookie: 'accesskey=vb_simulator' } });
        const page = (await res.body.json()) as { result: unknown[]; next_page_token: string };
        if (page.result.length === 0) break;
        total += page.result.length;
        token = page.next_page_token;
      }
      return total;
    });
    report('list', ours, baseline);
  } finally {
    await client.close();
    await sim.close();
  }
}

console.log('numform benchmarks (median of runs; ratio = numform / baseline, same process)');
await benchPlan();
await benchConfig();
await benchList();
