/**
 * The float64 exp, log and expm1 of the vector kernels (src/kernels/c/vmath64.h, on two lanes) against
 * Math.exp, Math.log and Math.expm1, in units in the last place of the reference, over random and edge values:
 * subnormal inputs and results, 1 ± ε, the largest and smallest doubles, exp's underflow to subnormals and 0
 * and its overflow, ±Infinity and NaN. Both builds (SIMD128, and relaxed SIMD where the engine has it) give
 * the same bits: vmath64.h uses no fused multiply–add.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { kernelsWasmRelaxedSharedBase64 } from '../../src/kernels/generated/kernelsWasm.js';
import { decodeBase64, type KernelVariant, kernelRuntime, reloadKernels } from '../../src/kernels/runtime.js';
import { uniform } from '../helpers/random.js';

const wasmApi = (globalThis as unknown as { WebAssembly: { validate(b: Uint8Array): boolean } }).WebAssembly;
const variants: KernelVariant[] = wasmApi.validate(decodeBase64(kernelsWasmRelaxedSharedBase64))
  ? ['simd128', 'relaxed']
  : ['simd128'];

const EXP = 0;
const LOG = 1;
const EXPM1 = 2;
const EXP_NORMAL = 3;
const LOG2 = 4;
const EXP2_NORMAL = 5;
const POW = 6;

/** fn (EXP, LOG, EXPM1) of the kernels over xs (vec_math_f64). */
function wasmMath(xs: number[], fn: number, a = 0): Float64Array {
  const rt = kernelRuntime();
  if (!rt) throw new Error('WebAssembly SIMD128 is unavailable');
  const k = rt.exports as unknown as {
    vec_math_f64(x: number, y: number, n: number, fn: number, a: number): void;
  };
  const n = xs.length;
  const at = rt.heap.alloc(8 * n);
  const yAt = rt.heap.alloc(8 * n);
  try {
    new Float64Array(rt.heap.buffer(), at, n).set(xs);
    k.vec_math_f64(at, yAt, n, fn, a);
    return new Float64Array(rt.heap.buffer(), yAt, n).slice();
  } finally {
    rt.heap.release(yAt);
    rt.heap.release(at);
  }
}

/** The spacing of doubles at |v| (2⁻¹⁰⁷⁴ below the normal range). */
function ulp(v: number): number {
  const a = Math.abs(v);
  if (a < 2 ** -1022) return 2 ** -1074;
  return 2 ** (Math.floor(Math.log2(a)) - 52) * (2 ** Math.floor(Math.log2(a)) > a ? 0.5 : 1);
}

/** Largest |got − want| in ulps of want; non-finite wants must be matched exactly (NaN by NaN). */
function maxUlps(xs: number[], got: Float64Array, want: (x: number) => number): { ulps: number; at: number } {
  let worst = { ulps: 0, at: Number.NaN };
  xs.forEach((x, i) => {
    const w = want(x);
    const g = got[i];
    if (!Number.isFinite(w)) {
      expect(Object.is(g, w) || (Number.isNaN(g) && Number.isNaN(w)), `${x}: got ${g}, want ${w}`).toBe(true);
      return;
    }
    const u = Math.abs(g - w) / ulp(w);
    if (!(u <= worst.ulps)) worst = { ulps: u, at: x };
  });
  return worst;
}

const EPS = Number.EPSILON;
const MIN_NORMAL = 2 ** -1022;

function expInputs(): number[] {
  const r = uniform(1);
  const xs: number[] = [];
  for (let i = 0; i < 20000; i++) xs.push(-745 + 1454.7 * r()); // the whole finite range of results
  for (let i = 0; i < 5000; i++) xs.push(-708.4 - 36.7 * r()); // subnormal results
  for (let i = 0; i < 5000; i++) xs.push((r() - 0.5) * 2 ** -(1 + 60 * r())); // near 0
  for (let k = -1074; k <= 1024; k += 7) xs.push(k * Math.LN2, k * Math.LN2 + 1e-12, k * Math.LN2 - 1e-12);
  xs.push(0, -0, 1, -1, EPS, -EPS, 709.78, 709.782712893384, 709.7827128933841, 710, 1e10, Number.MAX_VALUE);
  xs.push(-745.1332191019411, -745.1332191019412, -745.14, -746, -1e10, -Number.MAX_VALUE);
  xs.push(Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, Number.NaN);
  return xs;
}

function logInputs(): number[] {
  const r = uniform(2);
  const xs: number[] = [];
  for (let i = 0; i < 20000; i++) xs.push((1 + r()) * 2 ** Math.floor(-1022 + 2046 * r())); // every binade
  for (let i = 0; i < 5000; i++) xs.push(r() * MIN_NORMAL); // subnormals
  for (let i = 0; i < 5000; i++) xs.push(1 + (r() - 0.5) * 2 ** -(1 + 50 * r())); // near 1
  for (let i = 0; i < 5000; i++) xs.push(r()); // probabilities
  for (let i = 0; i < 5000; i++) xs.push(1 + (r() - 0.5) * 2 ** -6); // 1's table bucket and those next to it
  // The edges of the log's 256 table buckets (bits 0x3fe6980000000000 + j·2⁴⁴) and one ulp either side, in a
  // few binades.
  const bits = new BigUint64Array(1);
  const asDouble = new Float64Array(bits.buffer);
  for (let j = 0; j <= 256; j++)
    for (const d of [-1n, 0n, 1n]) {
      bits[0] = 0x3fe6980000000000n + (BigInt(j) << 44n) + d;
      for (const s of [1, 0.5, 2 ** -20, 2 ** 30]) xs.push(asDouble[0] * s);
    }
  for (let k = 1; k <= 64; k++) xs.push(1 + k * EPS, 1 - (k * EPS) / 2);
  xs.push(1, 2, 0.5, Math.SQRT2, Math.SQRT2 * (1 + EPS), Math.SQRT2 * (1 - EPS), Math.SQRT1_2);
  xs.push(Number.MIN_VALUE, 2 * Number.MIN_VALUE, MIN_NORMAL, MIN_NORMAL * (1 - EPS), Number.MAX_VALUE);
  return xs;
}

function expm1Inputs(): number[] {
  const r = uniform(3);
  const xs: number[] = [];
  for (let i = 0; i < 10000; i++) xs.push((r() - 0.5) * 100);
  for (let i = 0; i < 10000; i++) xs.push(r() - 0.5); // the series' interval
  for (let i = 0; i < 5000; i++) xs.push((r() - 0.5) * 2 ** -(1 + 60 * r()));
  xs.push(0.5, -0.5, 0.5 + EPS, -0.5 - EPS, 0, -0, 1e-300, -1e-300, MIN_NORMAL / 3, 700, -700, -1000);
  xs.push(709.78, 710, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, Number.NaN);
  return xs;
}

describe.each(variants)('vmath64 (%s build)', (variant) => {
  afterAll(() => reloadKernels('auto'));

  it('exp is within 1 ulp of Math.exp, subnormal results included; 0, +Infinity and NaN where Math.exp gives them', () => {
    reloadKernels(variant);
    const xs = expInputs();
    const got = wasmMath(xs, EXP);
    const normal = xs.filter((x) => !(Math.exp(x) < MIN_NORMAL));
    const sub = xs.filter((x) => Math.exp(x) < MIN_NORMAL && Math.exp(x) > 0);
    const at = (list: number[]) => list.map((x) => got[xs.indexOf(x)]);
    expect(maxUlps(normal, Float64Array.from(at(normal)), Math.exp).ulps).toBeLessThanOrEqual(1);
    // Subnormal results: the value rounded once to the subnormal grid (Math.exp's own error is of that size).
    expect(maxUlps(sub, Float64Array.from(at(sub)), Math.exp).ulps).toBeLessThanOrEqual(1);
    for (const x of [-745.14, -746, -1e10, -Number.MAX_VALUE, Number.NEGATIVE_INFINITY])
      expect(got[xs.indexOf(x)]).toBe(0);
    for (const x of [710, 1e10, Number.MAX_VALUE, Number.POSITIVE_INFINITY])
      expect(got[xs.indexOf(x)]).toBe(Number.POSITIVE_INFINITY);
    expect(got[xs.length - 1]).toBeNaN();
  });

  it("exp_normal (the sums' and softmax's exp, no clamp or two-step scaling) gives exp's bits on [−650, 709]", () => {
    reloadKernels(variant);
    const xs = expInputs().filter((x) => x >= -650 && x <= 709);
    const r = uniform(4);
    for (let i = 0; i < 5000; i++) xs.push(-650 + 2 * r(), 707 + 2 * r(), -20 * r());
    for (let k = -937; k <= 1022; k++) xs.push(k * Math.LN2, k * Math.LN2 + 1e-13, k * Math.LN2 - 1e-13);
    xs.push(-650, 709, -0);
    const want = wasmMath(xs, EXP);
    const got = wasmMath(xs, EXP_NORMAL);
    const differ = xs.findIndex((_, i) => !Object.is(got[i], want[i]));
    expect(differ, `differs at ${xs[differ]}`).toBe(-1);
  });

  it('log2, exp2 and the powers p^a = 2^(a·log2 p) of renyiEntropy (p ≤ ½): within one rounding of their size', () => {
    reloadKernels(variant);
    const r = uniform(5);
    const ps: number[] = [];
    for (let i = 0; i < 20000; i++) ps.push(0.5 * r() * 2 ** -Math.floor(60 * r()));
    for (let i = 0; i < 2000; i++) ps.push(r() * MIN_NORMAL, 0.5 * (1 - r() * 2 ** -40), r() * 2 ** -1060);
    for (let e = 1; e <= 1074; e++) ps.push(2 ** -e);
    // log2: absolute error below 2⁻⁵²·|log2 p| (p ≤ ½, so |log2 p| ≥ 1), subnormal p included.
    const l2 = wasmMath(ps, LOG2);
    let worstLog = 0;
    ps.forEach((p, i) => {
      worstLog = Math.max(worstLog, Math.abs(l2[i] - Math.log2(p)) / (EPS * Math.abs(Math.log2(p))));
    });
    expect(worstLog).toBeLessThanOrEqual(1.5);
    // exp2 on [−938, 0]: within 1 ulp of 2^u.
    const us = Array.from({ length: 20000 }, () => -938 * r());
    us.push(0, -938, -1e-300, -(2 ** -60), -0.5, -1, -1022 + 84);
    expect(maxUlps(us, wasmMath(us, EXP2_NORMAL), (u) => 2 ** u).ulps).toBeLessThanOrEqual(1);
    // p^a: the error of a·log2 p carried into the power, 2⁻⁵²·max(1, |a·log2 p|) relative (as exp(a·ln p)
    // in doubles), for orders from near 0 to far above 1.
    for (const a of [0.05, 0.3, 0.51, 1.7, 4.2, 17, 60, 300]) {
      const xs = ps.filter((p) => a * Math.log2(p) > -930);
      const got = wasmMath(xs, POW, a);
      let worst = 0;
      xs.forEach((p, i) => {
        const want = p ** a;
        worst = Math.max(
          worst,
          Math.abs(got[i] - want) / want / (EPS * Math.max(1, Math.abs(a * Math.log2(p)))),
        );
      });
      expect(worst, `a = ${a}`).toBeLessThanOrEqual(1.5);
    }
  });

  it('log is within 2 ulp of Math.log for every positive double, subnormals and 1 ± ε included', () => {
    reloadKernels(variant);
    const xs = logInputs();
    const got = wasmMath(xs, LOG);
    const worst = maxUlps(xs, got, Math.log);
    expect(worst.ulps, `worst at ${worst.at}`).toBeLessThanOrEqual(2);
    expect(got[xs.indexOf(1)]).toBe(0);
  });

  it('expm1 is within 2 ulp of Math.expm1 (relative accuracy near 0 kept by the series)', () => {
    reloadKernels(variant);
    const xs = expm1Inputs();
    const got = wasmMath(xs, EXPM1);
    const worst = maxUlps(xs, got, Math.expm1);
    expect(worst.ulps, `worst at ${worst.at}`).toBeLessThanOrEqual(2);
  });
});
