// Benchmark: KSG mutual information (surprisal) against scikit-learn's, side by side in one run, on the same
// bivariate Gaussian data (ρ = 0.6), and NSB entropy. Medians of repeated runs; needs `npm run build` and
// Debian's python3-sklearn (/usr/bin/python3).
// Run: node bench/estimators.mjs [--sizes 1e4,1e5,1e6] [--threads 1,2] [--repeats 5] [--no-nsb]
//   [--baseline /path/to/other/dist/index.js]
// (at N ≥ 10^6 the repeats are capped at 3 on both sides, to keep the run within minutes). --baseline also times
// another build of the library (an older checkout, one thread) in the same run, on the same data.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRng, estimateEntropy, estimateMutualInformation } from '../dist/index.js';

function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i < 0 ? fallback : process.argv[i + 1];
}
const sizes = arg('sizes', '1e4,1e5,1e6').split(',').map(Number);
const threadCounts = arg('threads', '1,2').split(',').map(Number);
const baseRepeats = Number(arg('repeats', '5'));
const baselinePath = arg('baseline', undefined);
const baseline = baselinePath
  ? await import(new URL(baselinePath, `file://${process.cwd()}/`).href)
  : undefined;
let repeats = baseRepeats;
const median = (a) => [...a].sort((p, q) => p - q)[a.length >> 1];
function time(f) {
  const ts = [];
  let v;
  for (let i = 0; i < repeats; i++) {
    const t = process.hrtime.bigint();
    v = f();
    ts.push(Number(process.hrtime.bigint() - t) / 1e9);
  }
  return { seconds: median(ts), value: v };
}

console.log(
  `# ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), Node ${process.version}, medians of ${baseRepeats} (3 at N ≥ 10^6); ${new Date().toISOString()}, load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
console.log(
  `| N | threads | surprisal ksg (s) | sklearn _compute_mi_cc (s) | sklearn mutual_info_regression (s) | ratio vs _compute_mi_cc | ratio vs mutual_info_regression | MI (ours / sklearn) |${baseline ? ' baseline build, 1 thread (s) | speed-up over baseline |' : ''}`,
);
console.log(`|---|---|---|---|---|---|---|---|${baseline ? '---|---|' : ''}`);
for (const n of sizes) {
  repeats = n >= 1e6 ? Math.min(3, baseRepeats) : baseRepeats;
  const rng = createRng(7);
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    x[i] = rng.normal();
    y[i] = 0.6 * x[i] + 0.8 * rng.normal();
  }
  const ours = threadCounts.map((threads) => {
    const options = { method: 'ksg', k: 3, resamples: 0 };
    // A build without the threads option (an older checkout) times its one thread only.
    if (threads !== 1) options.threads = threads;
    try {
      estimateMutualInformation(x, y, options);
    } catch {
      return { threads, seconds: Number.NaN, value: Number.NaN };
    }
    return { threads, ...time(() => estimateMutualInformation(x, y, options).value) };
  });
  const base = baseline
    ? time(() => baseline.estimateMutualInformation(x, y, { method: 'ksg', k: 3, resamples: 0 }).value)
    : undefined;
  const dir = mkdtempSync(join(tmpdir(), 'ksg-'));
  const path = join(dir, 'xy.bin');
  const buf = new Float64Array(2 * n);
  buf.set(x);
  buf.set(y, n);
  writeFileSync(path, Buffer.from(buf.buffer));
  const py = spawnSync(
    '/usr/bin/python3',
    [new URL('./ksg_sklearn.py', import.meta.url).pathname, path, String(n), String(repeats)],
    { encoding: 'utf8' },
  );
  if (py.status !== 0) {
    for (const o of ours) {
      console.log(
        `| ${n} | ${o.threads} | ${o.seconds.toFixed(3)} | (sklearn unavailable: ${py.stderr.trim().split('\n').pop()}) | | | | |`,
      );
    }
    continue;
  }
  const sk = JSON.parse(py.stdout);
  for (const o of ours) {
    if (Number.isNaN(o.seconds)) continue;
    const r1 = sk.computeMiCc.seconds / o.seconds;
    const r2 = sk.mutualInfoRegression.seconds / o.seconds;
    console.log(
      `| ${n} | ${o.threads} | ${o.seconds.toFixed(3)} | ${sk.computeMiCc.seconds.toFixed(3)} | ${sk.mutualInfoRegression.seconds.toFixed(3)} | ${r1.toFixed(2)}× | ${r2.toFixed(2)}× | ${o.value.toFixed(6)} / ${sk.computeMiCc.value.toFixed(6)} |${base ? ` ${base.seconds.toFixed(3)} | ${(base.seconds / o.seconds).toFixed(2)}× (same value: ${base.value === o.value}) |` : ''}`,
    );
  }
}
repeats = baseRepeats;
if (process.argv.includes('--no-nsb')) process.exit(0);

console.log('\n| NSB, K | counts | surprisal (ms) | value ± posterior sd (nats) |');
console.log('|---|---|---|---|');
for (const k of [11, 1000, 100000]) {
  const rng = createRng(3);
  const counts = new Array(k).fill(0);
  for (let i = 0; i < 2 * k; i++) counts[Math.floor(rng.uniform() ** 2 * k)]++;
  const r = time(() => estimateEntropy({ counts }, { method: 'nsb' }));
  console.log(
    `| ${k} | ${2 * k} draws | ${(r.seconds * 1e3).toFixed(1)} | ${r.value.value.toFixed(5)} ± ${r.value.stdError.toFixed(5)} |`,
  );
}
