// Measures over large float64 (and float32) vectors (issue #20): surprisal (dist/) against SciPy on the same
// data, surprisal on one thread and on THREADS threads (default 2: the `threads` option). softmax and
// logSoftmax run twice: into a fresh array (as SciPy, which gets huge pages from NumPy's allocator) and into
// a reused one (`out`). KERNEL=1 places the inputs (and out) in kernel memory (kernelFloat64Array /
// kernelFloat32Array), where the kernels read them with no copy.
// Usage: npm run build && [KERNEL=1] [THREADS=2] [ROWS=a,b] node bench/measures.mjs [n=1e7] [reps=7]
// (ROWS: only the rows whose name contains one of the comma-separated strings.)
// Writes the seeded data as raw float64 to a temp folder; /usr/bin/python3 reads it with numpy.fromfile (the
// float32 rows: the same data rounded to float32 on both sides). Each side reports the median wall time and
// the median CPU time of its process (user + system; under load the wall time includes waiting for a core).
// The rows alternate: SciPy times a call (in a Python process kept open), then surprisal times its own, so both
// sides of a row run under the same load.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

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
const kernel = process.env.KERNEL === '1';
const f64 = (len) => (kernel ? S.kernelFloat64Array(len) : new Float64Array(len));
const f32 = (from) => {
  const a = kernel ? S.kernelFloat32Array(from.length) : new Float32Array(from.length);
  a.set(from);
  return a;
};
function dist(seed) {
  const r = rng(seed);
  const p = f64(n);
  for (let i = 0; i < n; i++) p[i] = r() + 1e-3;
  const s = S.fsum(p);
  for (let i = 0; i < n; i++) p[i] /= s;
  return p;
}
const p = dist(1);
const q = dist(2);
const r = rng(3);
const x = f64(n);
for (let i = 0; i < n; i++) x[i] = 20 * r() - 10;
// float32 copies (p32 renormalised in float64 so that it sums to 1 within float32's rounding)
const p32 = f32(p);
const q32 = f32(q);
const x32 = f32(x);
const out = f64(n);
const threadsN = Number(process.env.THREADS ?? 2);

const dir = mkdtempSync(join(tmpdir(), 'measures-'));
for (const [name, a] of [
  ['p', p],
  ['q', q],
  ['x', x],
])
  writeFileSync(join(dir, `${name}.f64`), a);

const median = (ts) => ts.sort((a, b) => a - b)[ts.length >> 1];
function time(f) {
  let out = f(); // warm-up: three calls, so that the worker threads' wasm is past its baseline tier too
  f();
  f();
  const ts = [];
  const cs = [];
  for (let k = 0; k < reps; k++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    out = f();
    ts.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cs.push((c.user + c.system) / 1000);
  }
  return [median(ts), median(cs), out];
}
const show = (v) => (typeof v === 'number' ? v : `[${v[0]}, …]`);

// name, surprisal call given the threads option, SciPy expression (p, q, x are numpy arrays)
const calls = [
  ['entropy(p)', (t) => S.entropy(p, t), 'entropy(p)'],
  ['klDivergence(p, q)', (t) => S.klDivergence(p, q, t), 'entropy(p, q)'],
  ['crossEntropy(p, q)', (t) => S.crossEntropy(p, q, t), '-np.sum(special.xlogy(p, q))'],
  ['jsDivergence(p, q)', (t) => S.jsDivergence(p, q, t), 'distance.jensenshannon(p, q)**2'],
  ['renyiEntropy(p, α=2)', (t) => S.renyiEntropy(p, { alpha: 2, ...t }), 'np.log(np.sum(p**2))/(1-2)'],
  [
    'renyiEntropy(p, α=0.5)',
    (t) => S.renyiEntropy(p, { alpha: 0.5, ...t }),
    'np.log(np.sum(p**0.5))/(1-0.5)',
  ],
  [
    'renyiEntropy(p, α=2.5)',
    (t) => S.renyiEntropy(p, { alpha: 2.5, ...t }),
    'np.log(np.sum(p**2.5))/(1-2.5)',
  ],
  ['renyiEntropy(p, α=3)', (t) => S.renyiEntropy(p, { alpha: 3, ...t }), 'np.log(np.sum(p**3))/(1-3)'],
  [
    'renyiEntropy(p, α=1.7)',
    (t) => S.renyiEntropy(p, { alpha: 1.7, ...t }),
    'np.log(np.sum(p**1.7))/(1-1.7)',
  ],
  ['logSumExp(x)', (t) => S.logSumExp(x, t), 'special.logsumexp(x)'],
  ['softmax(x), fresh output', (t) => S.softmax(x, t), 'special.softmax(x)'],
  ['softmax(x), out reused', (t) => S.softmax(x, { ...t, out }), 'special.softmax(x)'],
  ['logSoftmax(x), fresh output', (t) => S.logSoftmax(x, t), 'special.log_softmax(x)'],
  ['logSoftmax(x), out reused', (t) => S.logSoftmax(x, { ...t, out }), 'special.log_softmax(x)'],
  ['entropy(p32) float32', (t) => S.entropy(p32, { tolerance: 1e-4, ...t }), 'entropy(p32)'],
  [
    'klDivergence(p32, q32) float32',
    (t) => S.klDivergence(p32, q32, { tolerance: 1e-4, ...t }),
    'entropy(p32, q32)',
  ],
  ['logSumExp(x32) float32', (t) => S.logSumExp(x32, t), 'special.logsumexp(x32)'],
];

const py = `
import numpy as np, time, json, sys
from scipy import special, stats, spatial
from scipy.stats import entropy
from scipy.spatial import distance
d = sys.argv[1]; reps = int(sys.argv[2])
p = np.fromfile(d + '/p.f64'); q = np.fromfile(d + '/q.f64'); x = np.fromfile(d + '/x.f64')
p32 = p.astype(np.float32); q32 = q.astype(np.float32); x32 = x.astype(np.float32)
print('ready', flush=True)
# One expression a line on stdin, timed at once: the Node side times its call right after, so both sides of a
# row run under the same load.
for line in sys.stdin:
    f = eval('lambda: ' + json.loads(line))
    v = f(); ts = []; cs = []
    for _ in range(reps):
        c0 = time.process_time(); t0 = time.perf_counter(); v = f()
        ts.append((time.perf_counter() - t0) * 1e3); cs.append((time.process_time() - c0) * 1e3)
    ts.sort(); cs.sort()
    print(json.dumps([ts[len(ts) // 2], cs[len(cs) // 2], float(v) if np.ndim(v) == 0 else float(v[0])]), flush=True)
`;
const python = spawn('/usr/bin/python3', ['-c', py, dir, String(reps)], {
  stdio: ['pipe', 'pipe', 'inherit'],
});
const lines = createInterface({ input: python.stdout })[Symbol.asyncIterator]();
const nextLine = async () => (await lines.next()).value;
await nextLine(); // 'ready': the data is loaded
/** SciPy's [wall ms, CPU ms, first value] for one expression. */
async function scipy(expr) {
  python.stdin.write(`${JSON.stringify(expr)}\n`);
  return JSON.parse(await nextLine());
}

console.log(
  `n = ${n} float64${kernel ? ', inputs in kernel memory' : ''}, medians of ${reps} after a warm-up; ${availableParallelism()} cores, load ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}; Node ${process.version}`,
);
console.log('');
console.log(
  `| call | SciPy ms (CPU) | surprisal 1 thread ms (CPU) | ratio | surprisal ${threadsN} threads ms | ratio | surprisal result | SciPy result (expression) |`,
);
console.log('|---|---:|---:|---:|---:|---:|---|---|');
const rows = process.env.ROWS?.split(',');
for (const [name, f, expr] of calls) {
  if (rows && !rows.some((r) => name.includes(r))) continue;
  const [sms, scpu, sv] = await scipy(expr);
  const [ms, cpu, v] = time(() => f(undefined));
  const [ms2, , v2] = time(() => f({ threads: threadsN }));
  if (show(v2) !== show(v)) throw new Error(`${name}: ${show(v)} on one thread, ${show(v2)} on ${threadsN}`);
  console.log(
    `| ${name} | ${sms.toFixed(1)} (${scpu.toFixed(1)}) | ${ms.toFixed(1)} (${cpu.toFixed(1)}) | ${(sms / ms).toFixed(2)} | ${ms2.toFixed(1)} | **${(sms / ms2).toFixed(2)}** | ${show(v)} | ${sv} (\`${expr}\`) |`,
  );
}
python.stdin.end();
rmSync(dir, { recursive: true });
console.log('');
console.log(
  `load at the end: ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
