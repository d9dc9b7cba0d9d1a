#!/usr/bin/env node
// The wasm cross-entropy kernel alone (value + gradient), without allocating the gradient: times
// crossEntropyRowsWasm (copy in 1 MiB blocks, kernel, copy out) into a preallocated, already-touched
// gradient buffer, so the page faults of a fresh N·C·4-byte result (which bench/ce.mjs includes) are left out.
// Also times what those page faults cost alone: filling a fresh Float32Array(N·C) from the logits 1 MiB at a
// time, against the same copy into an already-touched one.
//
//   npm run build && node bench/ce_kernel.mjs [4096x32000,65536x10,512x128256]
import { crossEntropyRowsWasm } from '../dist/kernels/operations/crossEntropyRows.js';
import { kernelRuntime } from '../dist/kernels/runtime.js';
import { benchLogits } from './data.mjs';

const shapes = (process.argv[2] ?? '4096x32000,65536x10,512x128256')
  .split(',')
  .map((s) => s.split('x').map(Number));
const k = kernelRuntime();
if (!k) throw new Error('no wasm SIMD128');
for (const [n, c] of shapes) {
  const { x, y } = benchLogits(n, c);
  const grad = new Float32Array(n * c).fill(1);
  const losses = new Float64Array(n);
  const run = () => crossEntropyRowsWasm(k, x, n, c, y, -100, 1 / n, undefined, grad, losses);
  for (let i = 0; i < 3; i++) run();
  const times = [];
  for (let i = 0; i < 9; i++) {
    const t0 = performance.now();
    run();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const med = times[4];
  let loss = 0;
  for (let i = 0; i < n; i++) loss += losses[i];
  const copy = (dst) => {
    for (let i = 0; i < x.length; i += 262144) dst.set(x.subarray(i, i + 262144), i);
  };
  const fresh = [];
  const touched = [];
  for (let i = 0; i < 5; i++) {
    let t0 = performance.now();
    copy(new Float32Array(n * c));
    fresh.push(performance.now() - t0);
    t0 = performance.now();
    copy(grad);
    touched.push(performance.now() - t0);
  }
  fresh.sort((a, b) => a - b);
  touched.sort((a, b) => a - b);
  console.log(
    `[${n}, ${c}] copy into a fresh Float32Array: ${fresh[2].toFixed(2)} ms; into a touched one: ${touched[2].toFixed(2)} ms`,
  );
  console.log(
    `[${n}, ${c}] kernel (preallocated grad): median ${med.toFixed(2)} ms, ${((n * c * 4) / med / 1e6).toFixed(2)} GB/s, loss ${(loss / n).toFixed(6)}`,
  );
}
