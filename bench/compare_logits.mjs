#!/usr/bin/env node
// compareLogits (with targets) over float32 [512, 32000] logits: the float64 TypeScript path against the
// wasm SIMD128 row kernel. Medians of 5 after one warm-up each.
//
//   npm run build && node bench/compare_logits.mjs
import { availableParallelism } from 'node:os';
import { compareLogits } from '../dist/index.js';
import { xorshift32 } from './data.mjs';

const n = 512;
const v = 32000;
const rnd = xorshift32(0x9e3779b9);
const a = new Float32Array(n * v).map(() => rnd() * 8 - 4);
const b = a.map((x) => x + (rnd() - 0.5) * 0.2);
const targets = Array.from({ length: n }, (_, i) => (i * 7919) % v);
const base = { data: a, shape: [n, v] };
const other = { data: b, shape: [n, v] };

const median = (xs) => [...xs].sort((p, q) => p - q)[xs.length >> 1];
const result = {};
for (const backend of ['js', 'wasm']) {
  compareLogits(base, other, { targets, backend }); // warm-up
  const times = [];
  let kl = 0;
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    kl = compareLogits(base, other, { targets, backend }).klSummary.mean;
    times.push(performance.now() - t0);
  }
  result[backend] = { ms: median(times), meanKl: kl };
}
console.log(`compareLogits [${n}, ${v}] float32, ${availableParallelism()} cores, Node ${process.version}`);
for (const [k, r] of Object.entries(result)) {
  const gbs = (2 * n * v * 4) / (r.ms / 1000) / 1e9;
  console.log(
    `${k.padEnd(5)} ${r.ms.toFixed(1).padStart(8)} ms  ${gbs.toFixed(2)} GB/s  mean KL ${r.meanKl}`,
  );
}
console.log(`speed-up ${(result.js.ms / result.wasm.ms).toFixed(2)}x`);
