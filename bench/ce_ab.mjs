#!/usr/bin/env node
// A/B of two builds of the kernels (src/kernels/c/*.c, the `sources` of scripts/build-wasm.mjs) in one process:
// compiles them twice with clang (extra flags in the environment variables A and B, e.g. A=-DCE_NO_CUTOFF_SKIP
// B=), then times ce_rows (value + gradient)
// on the same cache-resident block of about 1 MiB of float32 logits, alternating the two builds 41 times,
// and prints the medians. The build switches in src/kernels/c/cross_entropy.c: CE_NO_CUTOFF_SKIP (keep the flush-to-zero mask on
// every row), CE_NO_SMALL_C (no four-rows path), SMALL_C=n (its class limit).
//
//   A=-DCE_NO_SMALL_C B= node bench/ce_ab.mjs 10           C = 10 classes
//   A=-DCE_NO_CUTOFF_SKIP B= SPREAD=40 node bench/ce_ab.mjs 32000
//
// CLANG_A / CLANG_B pick each build's compiler (default clang), e.g. the relaxed-SIMD module against SIMD128
// (needs a Node that validates relaxed SIMD: Node ≥ 22, or Node 20 with --experimental-wasm-relaxed-simd):
//   CLANG_B=clang-19 B=-mrelaxed-simd /tmp/node24/node_modules/node/bin/node bench/ce_ab.mjs 32000
//
// Needs clang and wasm-ld (Debian: apt-get install -y clang lld; clang-19 lld-19 for relaxed SIMD).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { flags, sources } from '../scripts/build-wasm.mjs';
import { xorshift32 } from './data.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const src = sources.map((s) => join(root, s));
const dir = mkdtempSync(join(tmpdir(), 'surprisal-ab-'));
const [fa, fb] = [process.env.A ?? '', process.env.B ?? ''];
const build = (extra, name, cc = 'clang') => {
  const out = join(dir, name);
  execFileSync(cc, [...flags, ...extra.split(' ').filter(Boolean), '-o', out, ...src]);
  return readFileSync(out);
};
const c = Number(process.argv[2] ?? 32000);
const spread = Number(process.env.SPREAD ?? 8);
const instance = (bytes) => {
  const memory = new WebAssembly.Memory({ initial: 256, maximum: 65536 });
  const e = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } }).exports;
  return { e, memory };
};
const A = instance(build(fa, 'a.wasm', process.env.CLANG_A));
const B = instance(build(fb, 'b.wasm', process.env.CLANG_B));
rmSync(dir, { recursive: true, force: true });
const rows = Math.max(4, Math.floor((1 << 20) / (4 * c)));
const rand = xorshift32(12345);
const data = Float32Array.from({ length: rows * c }, () => rand() * spread - spread / 2);
const setup = ({ e, memory }) => {
  const x = (e.__heap_base.value + 63) & ~63;
  const g = x + rows * c * 4;
  const y = g + rows * c * 4;
  const loss = (y + rows * 4 + 63) & ~63;
  if (loss + rows * 8 > memory.buffer.byteLength) memory.grow(Math.ceil((loss + rows * 8) / 65536));
  new Float32Array(memory.buffer, x, rows * c).set(data);
  const yv = new Int32Array(memory.buffer, y, rows);
  for (let i = 0; i < rows; i++) yv[i] = (i * 7919) % c;
  return () => {
    for (let k = 0; k < 16; k++) e.ce_rows(x, g, y, loss, 0, rows, c, -100, 1 / 4096);
  };
};
const ra = setup(A);
const rb = setup(B);
for (let i = 0; i < 5; i++) {
  ra();
  rb();
}
const ta = [];
const tb = [];
for (let i = 0; i < 41; i++) {
  let t = performance.now();
  ra();
  ta.push(performance.now() - t);
  t = performance.now();
  rb();
  tb.push(performance.now() - t);
}
ta.sort((p, q) => p - q);
tb.sort((p, q) => p - q);
const gb = (ms) => ((16 * rows * c * 4) / ms / 1e6).toFixed(2);
console.log(
  `C = ${c}, spread ${spread}: A [${fa}] ${ta[20].toFixed(3)} ms (${gb(ta[20])} GB/s) | B [${fb}] ${tb[20].toFixed(3)} ms (${gb(tb[20])} GB/s) | B/A ${(tb[20] / ta[20]).toFixed(3)}`,
);
