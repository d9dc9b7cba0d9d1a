// Benchmark: KSG mutual information (surprisal) against scikit-learn's, side by side in one run, on the same
// bivariate Gaussian data (ρ = 0.6), and NSB entropy. Medians of repeated runs; needs `npm run build` and
// Debian's python3-sklearn (/usr/bin/python3). Run: node bench/estimators.mjs
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRng, estimateEntropy, estimateMutualInformation } from '../dist/index.js';

const repeats = 5;
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
  `# ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), Node ${process.version}, medians of ${repeats}`,
);
console.log(
  '| N | surprisal ksg (s) | sklearn _compute_mi_cc (s) | sklearn mutual_info_regression (s) | ratio vs _compute_mi_cc | ratio vs mutual_info_regression | MI (ours / sklearn) |',
);
console.log('|---|---|---|---|---|---|---|');
for (const n of [10000, 100000]) {
  const rng = createRng(7);
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    x[i] = rng.normal();
    y[i] = 0.6 * x[i] + 0.8 * rng.normal();
  }
  const ours = time(() => estimateMutualInformation(x, y, { method: 'ksg', k: 3, resamples: 0 }).value);
  const dir = mkdtempSync(join(tmpdir(), 'ksg-'));
  const path = join(dir, 'xy.bin');
  const buf = new Float64Array(2 * n);
  buf.set(x);
  buf.set(y, n);
  writeFileSync(path, Buffer.from(buf.buffer));
  const py = spawnSync(
    '/usr/bin/python3',
    [new URL('./ksg_sklearn.py', import.meta.url).pathname, path, String(n), String(repeats)],
    {
      encoding: 'utf8',
    },
  );
  if (py.status !== 0) {
    console.log(
      `| ${n} | ${ours.seconds.toFixed(3)} | (sklearn unavailable: ${py.stderr.trim().split('\n').pop()}) | | | | |`,
    );
    continue;
  }
  const sk = JSON.parse(py.stdout);
  const r1 = sk.computeMiCc.seconds / ours.seconds;
  const r2 = sk.mutualInfoRegression.seconds / ours.seconds;
  console.log(
    `| ${n} | ${ours.seconds.toFixed(3)} | ${sk.computeMiCc.seconds.toFixed(3)} | ${sk.mutualInfoRegression.seconds.toFixed(3)} | ${r1.toFixed(2)}× | ${r2.toFixed(2)}× | ${ours.value.toFixed(6)} / ${sk.computeMiCc.value.toFixed(6)} |`,
  );
}

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
