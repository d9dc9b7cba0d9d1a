// The ceilings under the measures over long vectors (issue #20), measured on this machine in one run:
// - the float64 SIMD128 arithmetic one core sustains in wasm (bench/peak.c: independent f64x2 multiplies and
//   adds, the operations of the kernels' exp, log and compensated sums), in operations per nanosecond;
// - what getting an ordinary array into kernel memory costs (Float64Array.set into the shared memory the
//   worker threads need, into an unshared one, and between ordinary arrays), from cache and from memory;
// - the same copy into shared memory while another core reads those lines (a worker reading its blocks);
// - what a fresh output costs (first touch of new pages), beside NumPy's copy and fresh-array figures, and in a
//   Node started with glibc's huge-page tunable.
// A kernel's floor on one core is (its f64x2 operations per element pair) / 2 / (operations per ns); a call
// on ordinary arrays adds its copies, which only the calling thread can make. bench/README.md works the rows.
// Usage: node bench/roofline.mjs   (builds bench/peak.c with clang for wasm32; CLANG=… picks another)
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';

const dir = mkdtempSync(join(tmpdir(), 'roofline-'));
const wasmPath = join(dir, 'peak.wasm');
execFileSync(process.env.CLANG ?? 'clang', [
  '--target=wasm32',
  '-O3',
  '-msimd128',
  '-nostdlib',
  '-Wl,--no-entry',
  '-o',
  wasmPath,
  new URL('./peak.c', import.meta.url).pathname,
]);
const { instance } = await WebAssembly.instantiate(readFileSync(wasmPath));
const peak = instance.exports;

const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
/** Median ns of f over reps calls (after two warm-up calls). */
function ns(f, reps) {
  f();
  f();
  const ts = [];
  for (let i = 0; i < reps; i++) {
    const t = process.hrtime.bigint();
    f();
    ts.push(Number(process.hrtime.bigint() - t));
  }
  return median(ts);
}

console.log(
  `${availableParallelism()} cores, load ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}; Node ${process.version}`,
);
console.log('');
console.log('| float64 SIMD128 throughput, one core | f64x2 operations per ns | float64 operations per ns |');
console.log('|---|---:|---:|');
const iters = 2e7;
for (const [name, fn, ops] of [
  ['12 chains of multiply + add', 'peak_mixed', 24],
  ['12 chains of add', 'peak_add', 12],
  ['12 chains of multiply', 'peak_mul', 12],
  ['12 chains of square root', 'peak_sqrt', 12],
  ['12 chains of division', 'peak_div', 12],
]) {
  const t = ns(
    () => peak[fn](fn === 'peak_sqrt' || fn === 'peak_div' ? iters / 8 : iters, 0.9999999, 1e-9),
    7,
  );
  const perNs = (ops * (fn === 'peak_sqrt' || fn === 'peak_div' ? iters / 8 : iters)) / t;
  console.log(`| ${name} | ${perNs.toFixed(2)} | ${(2 * perNs).toFixed(2)} |`);
}

// Copies into kernel memory: a shared wasm memory (the threads' one), an unshared one, and an ordinary array.
const sizes = [1 << 15, 1e6, 1e7];
const shared = new WebAssembly.Memory({ initial: 1, maximum: 65536, shared: true });
const unshared = new WebAssembly.Memory({ initial: 1, maximum: 65536 });
for (const m of [shared, unshared]) m.grow(Math.ceil((8 * 1e7) / 65536));
console.log('');
console.log(
  '| copy of n float64, ns per element | n | into shared wasm memory | into unshared wasm memory | ordinary → ordinary | shared → ordinary | NumPy np.copyto |',
);
console.log('|---|---:|---:|---:|---:|---:|---:|');
const copyRows = [];
for (const n of sizes) {
  const src = new Float64Array(n).map((_, i) => i);
  const dst = new Float64Array(n);
  const sh = new Float64Array(shared.buffer, 0, n);
  const un = new Float64Array(unshared.buffer, 0, n);
  const reps = Math.max(7, Math.min(201, Math.floor(2e8 / n)));
  const r = [() => sh.set(src), () => un.set(src), () => dst.set(src), () => dst.set(sh)].map(
    (f) => ns(f, reps) / n,
  );
  copyRows.push([n, r]);
}

// The copy a worker's blocks need, into shared memory that another core keeps reading (as a worker reads its
// blocks while this thread copies the next ones into the buffers it read before): 4 blocks of 2¹⁵ float64 at a
// time, alone, then with a worker summing the first 1 or 4 of those blocks over and over.
const { Worker } = await import('node:worker_threads');
const B = 1 << 15;
const sab = new SharedArrayBuffer(8 * 4 * B);
const into = new Float64Array(sab);
const from = new Float64Array(1e6).map((_, i) => i);
let at = 0;
const copy4 = () => {
  if (at + 4 * B > from.length) at = 0;
  into.set(from.subarray(at, at + 4 * B));
  at += 4 * B;
};
const contention = [['alone', ns(copy4, 41) / (4 * B)]];
for (const blocks of [1, 4]) {
  const stop = new Int32Array(new SharedArrayBuffer(4));
  const w = new Worker(
    `const { workerData: d, parentPort } = require('node:worker_threads');
     const read = (a, stop, len) => {
       let s = 0;
       while (Atomics.load(stop, 0) === 0) for (let i = 0; i < len; i++) s += a[i];
       return s;
     };
     parentPort.postMessage('go');
     parentPort.postMessage(read(new Float64Array(d.sab), new Int32Array(d.stop), d.len));`,
    { eval: true, workerData: { sab, stop: stop.buffer, len: blocks * B } },
  );
  await new Promise((r) => w.once('message', r));
  await new Promise((r) => setTimeout(r, 100));
  contention.push([`while a worker reads ${blocks} of the 4 blocks`, ns(copy4, 41) / (4 * B)]);
  Atomics.store(stop, 0, 1);
  await new Promise((r) => w.once('message', r));
  await w.terminate();
}

// First touch: a fresh Float64Array filled once, against the same fill into a reused one.
const touchRows = [];
for (const n of [1e6, 1e7]) {
  const reused = new Float64Array(n);
  const reps = n >= 1e7 ? 9 : 31;
  const fresh = ns(() => new Float64Array(n).fill(1), reps) / n;
  const again = ns(() => reused.fill(1), reps) / n;
  touchRows.push([n, fresh, again]);
}

// NumPy's figures in the same run.
const py = `
import numpy as np, time, json
def med(f, reps):
    f(); ts = []
    for _ in range(reps):
        t0 = time.perf_counter_ns(); f(); ts.append(time.perf_counter_ns() - t0)
    ts.sort(); return ts[len(ts) // 2]
out = {}
for n in [${sizes.join(', ')}]:
    n = int(n); src = np.arange(n, dtype=np.float64); dst = np.empty(n)
    out['copy', n] = med(lambda: np.copyto(dst, src), max(7, min(201, int(2e8 / n)))) / n
for n in [1e6, 1e7]:
    n = int(n); reused = np.empty(n)
    def fresh():
        a = np.empty(n); a.fill(1.0)
    reps = 9 if n >= 1e7 else 31
    out['fresh', n] = med(fresh, reps) / n
    out['again', n] = med(lambda: reused.fill(1.0), reps) / n
print(json.dumps({f'{k[0]} {k[1]}': v for k, v in out.items()}))
`;
const numpy = await new Promise((resolve, reject) => {
  const p = spawn('/usr/bin/python3', ['-c', py], { stdio: ['ignore', 'pipe', 'inherit'] });
  let text = '';
  p.stdout.on('data', (d) => {
    text += d;
  });
  p.on('close', (code) =>
    code === 0 ? resolve(JSON.parse(text)) : reject(new Error(`python3 exited ${code}`)),
  );
});
// Node again in a child started with glibc's huge-page tunable (glibc ≥ 2.35; THP set to madvise, as here): its
// large allocations are then madvised for huge pages, as NumPy's are.
const hugeCode = `
const med = (f, reps) => { f(); f(); const ts = []; for (let i = 0; i < reps; i++) { const t = process.hrtime.bigint(); f(); ts.push(Number(process.hrtime.bigint() - t)); } ts.sort((a, b) => a - b); return ts[ts.length >> 1]; };
const out = {};
for (const n of [1e6, 1e7]) out[n] = med(() => new Float64Array(n).fill(1), n >= 1e7 ? 9 : 31) / n;
console.log(JSON.stringify(out));
`;
const huge = await new Promise((resolve, reject) => {
  const p = spawn(process.execPath, ['-e', hugeCode], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, GLIBC_TUNABLES: 'glibc.malloc.hugetlb=1' },
  });
  let text = '';
  p.stdout.on('data', (d) => {
    text += d;
  });
  p.on('close', (code) =>
    code === 0 ? resolve(JSON.parse(text)) : reject(new Error(`node exited ${code}`)),
  );
});
for (const [n, [sh, un, ord, back]] of copyRows) {
  const f = (v) => v.toFixed(3);
  console.log(`| | ${n} | ${f(sh)} | ${f(un)} | ${f(ord)} | ${f(back)} | ${f(numpy[`copy ${n}`])} |`);
}
console.log('');
console.log('| copy of 4·2¹⁵ float64 into shared memory, ns per element | |');
console.log('|---|---:|');
for (const [what, v] of contention) console.log(`| ${what} | ${v.toFixed(3)} |`);
console.log('');
console.log(
  '| fresh output of n float64 (allocate + fill), ns per element | n | Node: new Float64Array | Node: reused array | per 4 KiB page, first touch (Node) | Node, GLIBC_TUNABLES=glibc.malloc.hugetlb=1 | NumPy: np.empty + fill | NumPy: reused |',
);
console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
for (const [n, fresh, again] of touchRows) {
  const page = ((fresh - again) * 512) / 1000;
  console.log(
    `| | ${n} | ${fresh.toFixed(2)} | ${again.toFixed(2)} | ${page.toFixed(1)} µs | ${huge[n].toFixed(2)} | ${numpy[`fresh ${n}`].toFixed(2)} | ${numpy[`again ${n}`].toFixed(2)} |`,
  );
}
rmSync(dir, { recursive: true });
