#!/usr/bin/env node
// The cross-entropy kernel (ce_rows: value + gradient) of the relaxed-SIMD module against the SIMD128 module,
// on one thread, the logits and a reused gradient already in wasm memory (no copies, no page faults: the
// gradient buffer is touched by the warm-up), the two modules alternating in one process. Both modules are read
// from src/kernels/generated/kernelsWasm.ts (no build needed); a module the running Node does not validate is
// reported as such (Node 20 validates the relaxed one only with --experimental-wasm-relaxed-simd).
//
//   node bench/ce-relaxed.mjs                      this Node only
//   NODES="node,node --experimental-wasm-relaxed-simd,/tmp/node24/node_modules/node/bin/node" node bench/ce-relaxed.mjs
//                                                  each listed Node in turn (one child process each)
//   SHAPES=4096x32000,512x128256 REPS=7            the defaults
//
// GB/s = N·C·4 bytes of logits / median (and minimum: on a loaded machine the fastest call is the one least
// disturbed) time. Data: bench/data.mjs (uniform on (−4, 4)).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchLogits } from './data.mjs';

const here = fileURLToPath(import.meta.url);
const root = join(dirname(here), '..');

if (process.env.NODES && !process.env.CE_RELAXED_CHILD) {
  console.log(
    `# ${cpus().length} cores (${cpus()[0].model}), load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
  console.log('| Node | module | shape | median ms | GB/s of logits | min ms | GB/s at the min |');
  console.log('|---|---|---|---|---|---|---|');
  for (const spec of process.env.NODES.split(',')) {
    const [bin, ...flags] = spec.trim().split(/\s+/);
    const out = execFileSync(bin, [...flags, here], {
      env: { ...process.env, CE_RELAXED_CHILD: '1' },
      encoding: 'utf8',
      maxBuffer: 1 << 24,
    });
    process.stdout.write(out.replace(/^\| Node.*\n\|---.*\n/m, ''));
  }
  console.log(
    `# load average after: ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
  process.exit(0);
}

const text = readFileSync(join(root, 'src/kernels/generated/kernelsWasm.ts'), 'utf8');
const moduleBytes = (name) => {
  const m = text.match(new RegExp(`export const ${name} =\\n([\\s\\S]*?);\\n`));
  if (!m) throw new Error(`${name} not found in kernelsWasm.ts`);
  return Buffer.from([...m[1].matchAll(/'([^']*)'/g)].map((x) => x[1]).join(''), 'base64');
};
const modules = [
  ['SIMD128', moduleBytes('kernelsWasmBase64')],
  ['relaxed SIMD', moduleBytes('kernelsWasmRelaxedBase64')],
];
const flagsText = process.execArgv.length ? ` ${process.execArgv.join(' ')}` : '';
const node = `${process.version}${flagsText}`;
const median = (a) => [...a].sort((p, q) => p - q)[a.length >> 1];
const reps = Number(process.env.REPS ?? 7);
const shapes = (process.env.SHAPES ?? '4096x32000,512x128256')
  .split(',')
  .map((s) => s.split('x').map(Number));

if (!process.env.CE_RELAXED_CHILD) {
  console.log(
    `# ${cpus().length} cores, load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
  console.log('| Node | module | shape | median ms | GB/s of logits | min ms | GB/s at the min |');
  console.log('|---|---|---|---|---|---|---|');
}
for (const [n, c] of shapes) {
  const { x, y } = benchLogits(n, c);
  const runs = [];
  for (const [name, bytes] of modules) {
    if (!WebAssembly.validate(bytes)) {
      console.log(`| ${node} | ${name} | [${n}, ${c}] | not validated by this Node | |`);
      continue;
    }
    const bytesNeeded = 8 * n * c + 12 * n + (1 << 20);
    const memory = new WebAssembly.Memory({ initial: Math.ceil(bytesNeeded / 65536) + 32, maximum: 65536 });
    const e = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } }).exports;
    const xAt = (e.__heap_base.value + 63) & ~63;
    const gAt = xAt + 4 * n * c;
    const yAt = gAt + 4 * n * c;
    const lAt = (yAt + 4 * n + 63) & ~63;
    new Float32Array(memory.buffer, xAt, n * c).set(x);
    new Int32Array(memory.buffer, yAt, n).set(y);
    const call = () => e.ce_rows(xAt, gAt, yAt, lAt, 0, n, c, -100, 1 / n);
    runs.push({ name, call, times: [], loss: () => new Float64Array(memory.buffer, lAt, n)[0] });
  }
  // Warm-up: ≥ 2 calls and ≥ 1 s per module (V8 tiers the wasm up to TurboFan), then alternate.
  for (const r of runs) {
    const t0 = performance.now();
    for (let i = 0; i < 2 || performance.now() - t0 < 1000; i++) r.call();
  }
  for (let k = 0; k < reps; k++) {
    for (const r of runs) {
      const t = performance.now();
      r.call();
      r.times.push(performance.now() - t);
    }
  }
  for (const r of runs) {
    const ms = median(r.times);
    const min = Math.min(...r.times);
    const gb = (t) => ((4 * n * c) / t / 1e6).toFixed(2);
    console.log(
      `| ${node} | ${r.name} | [${n}, ${c}] | ${ms.toFixed(1)} | ${gb(ms)} | ${min.toFixed(1)} | ${gb(min)} |`,
    );
  }
  if (runs.length === 2 && runs[0].loss() !== runs[1].loss()) {
    const [a, b] = [runs[0].loss(), runs[1].loss()];
    console.log(`# row 0 loss: ${a} vs ${b} (relative ${(Math.abs(a - b) / Math.abs(a)).toExponential(1)})`);
  }
}
