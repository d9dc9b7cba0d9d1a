// Measures over large float64 vectors (issue #20): surprisal (dist/) against SciPy on the same data.
// Usage: npm run build && node bench/measures.mjs [n=1e7] [reps=7]
// Writes the seeded data as raw float64 to a temp folder; /usr/bin/python3 reads it with numpy.fromfile.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';

// SURPRISAL_DIST=/path/to/index.js times another build (default ../dist/index.js).
const S = await import(process.env.SURPRISAL_DIST ?? new URL('../dist/index.js', import.meta.url).href);
const n = Number(process.argv[2] ?? 1e7);
const reps = Number(process.argv[3] ?? 7);

function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
function dist(seed) {
  const r = rng(seed);
  const p = new Float64Array(n);
  for (let i = 0; i < n; i++) p[i] = r() + 1e-3;
  const s = S.fsum(p);
  for (let i = 0; i < n; i++) p[i] /= s;
  return p;
}
const p = dist(1);
const q = dist(2);
const r = rng(3);
const x = new Float64Array(n);
for (let i = 0; i < n; i++) x[i] = 20 * r() - 10;

const dir = mkdtempSync(join(tmpdir(), 'measures-'));
for (const [name, a] of [
  ['p', p],
  ['q', q],
  ['x', x],
])
  writeFileSync(join(dir, `${name}.f64`), a);

const median = (ts) => ts.sort((a, b) => a - b)[ts.length >> 1];
function time(f) {
  let out = f(); // warm-up
  const ts = [];
  for (let k = 0; k < reps; k++) {
    const t0 = performance.now();
    out = f();
    ts.push(performance.now() - t0);
  }
  return [median(ts), out];
}
const show = (v) => (typeof v === 'number' ? v : `[${v[0]}, …]`);

// name, surprisal call, SciPy expression (p, q, x are numpy arrays)
const calls = [
  ['entropy(p)', () => S.entropy(p), 'entropy(p)'],
  ['klDivergence(p, q)', () => S.klDivergence(p, q), 'entropy(p, q)'],
  ['crossEntropy(p, q)', () => S.crossEntropy(p, q), '-np.sum(special.xlogy(p, q))'],
  ['jsDivergence(p, q)', () => S.jsDivergence(p, q), 'distance.jensenshannon(p, q)**2'],
  ['renyiEntropy(p, α=2)', () => S.renyiEntropy(p, { alpha: 2 }), 'np.log(np.sum(p**2))/(1-2)'],
  ['logSumExp(x)', () => S.logSumExp(x), 'special.logsumexp(x)'],
  ['softmax(x)', () => S.softmax(x), 'special.softmax(x)'],
  ['logSoftmax(x)', () => S.logSoftmax(x), 'special.log_softmax(x)'],
];

const py = `
import numpy as np, time, json, sys
from scipy import special, stats, spatial
from scipy.stats import entropy
from scipy.spatial import distance
d = sys.argv[1]; reps = int(sys.argv[2])
p = np.fromfile(d + '/p.f64'); q = np.fromfile(d + '/q.f64'); x = np.fromfile(d + '/x.f64')
out = []
for e in json.loads(sys.argv[3]):
    f = eval('lambda: ' + e)
    v = f(); ts = []
    for _ in range(reps):
        t0 = time.perf_counter(); v = f(); ts.append((time.perf_counter() - t0) * 1e3)
    ts.sort()
    out.append([ts[len(ts) // 2], float(v) if np.ndim(v) == 0 else float(v[0])])
print(json.dumps(out))
`;
const sci = JSON.parse(
  execFileSync('/usr/bin/python3', ['-c', py, dir, String(reps), JSON.stringify(calls.map((c) => c[2]))], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  }),
);
rmSync(dir, { recursive: true });

console.log(
  `n = ${n} float64, medians of ${reps} after a warm-up; ${availableParallelism()} cores, load ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}; Node ${process.version}`,
);
console.log('');
console.log(
  '| call | surprisal ms | SciPy ms | SciPy / surprisal | surprisal result | SciPy result (expression) |',
);
console.log('|---|---:|---:|---:|---|---|');
calls.forEach(([name, f, expr], i) => {
  const [ms, v] = time(f);
  const [sms, sv] = sci[i];
  console.log(
    `| ${name} | ${ms.toFixed(1)} | ${sms.toFixed(1)} | ${(sms / ms).toFixed(2)} | ${show(v)} | ${sv} (\`${expr}\`) |`,
  );
});
