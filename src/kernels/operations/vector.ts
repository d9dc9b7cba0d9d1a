/**
 * Measures over long float64 / float32 vectors by the kernels of src/kernels/c/vector.c: the vectors go
 * through kernel memory a chunk at a time (copied into one reused scratch block per input unless they lie
 * there already), so the memory used stays bounded and each chunk is read from cache; the kernels' partial
 * sums (two-lane Neumaier sums) are added here across chunks (Neumaier).
 * @module
 */
import type { Runtime } from '../runtime.js';

/** A vector the kernels read: float64, or float32 promoted to float64 on load. @internal */
export type FloatVector = Float64Array | Float32Array;

/** The exports of vector.c (the module's other exports are typed in runtime.ts). */
interface VectorExports {
  vec_entropy(p: number, n: number, f32: number, out: number): void;
  vec_pair(p: number, q: number, n: number, f32: number, kind: number, out: number): void;
  vec_prob_stats(p: number, n: number, f32: number, out: number): void;
  vec_sum_sq(p: number, n: number, f32: number, out: number): void;
  vec_pow_sum(p: number, n: number, f32: number, alpha: number, pmax: number, out: number): void;
  vec_expm1_sum(p: number, n: number, f32: number, delta: number, out: number): void;
  vec_int_pow_sum(p: number, n: number, f32: number, k: number, out: number): void;
  vec_max(x: number, n: number, f32: number, out: number): void;
  vec_sum_exp(x: number, n: number, f32: number, m: number, out: number): void;
  vec_softmax(x: number, n: number, f32: number, m: number, s: number, y: number): void;
}

/** Elements per chunk: 256 KiB of float64 per input, so that two inputs and their copies stay in cache. */
const CHUNK = 1 << 15;

/** Doubles of per-chunk results a kernel writes. */
const OUT = 16;

/** A Neumaier sum of the kernels' per-chunk (sum, sum, compensation, compensation) quadruples. */
class ChunkSum {
  private s = 0;
  private c = 0;
  private add(x: number): void {
    const t = this.s + x;
    this.c += Math.abs(this.s) >= Math.abs(x) ? this.s - t + x : x - t + this.s;
    this.s = t;
  }
  /** Adds out[at..at+3]: the two lanes' sums, then their compensations. */
  addQuad(out: Float64Array, at: number): void {
    this.add(out[at]);
    this.add(out[at + 1]);
    this.add(out[at + 2] + out[at + 3]);
  }
  /** Adds one number (the caller's correction, e.g. −1). */
  addNumber(x: number): void {
    this.add(x);
  }
  value(): number {
    return Number.isFinite(this.s) ? this.s + this.c : this.s;
  }
}

/**
 * Runs `call` over the chunks of the inputs (all of one length and float type), with the addresses of the
 * chunk of each input in kernel memory, its length and the kernel's result block; `output`, if given, receives
 * what the kernel writes to the output address (the last argument of `call`). @internal
 */
function eachChunk(
  rt: Runtime,
  inputs: FloatVector[],
  call: (at: number[], len: number, outAt: number, yAt: number) => void,
  read: (out: Float64Array) => void,
  output?: FloatVector,
): void {
  const { heap } = rt;
  const n = inputs[0].length;
  const scratch = heap.scratch();
  try {
    const direct = inputs.map((x) => heap.addressOf(x));
    const chunk = Math.min(n, CHUNK);
    const copyAt = direct.map((p, j) =>
      p === undefined ? scratch.take(inputs[j].BYTES_PER_ELEMENT * chunk) : 0,
    );
    const outAt = scratch.take(8 * OUT);
    const yAt = output ? scratch.take(output.BYTES_PER_ELEMENT * chunk) : 0;
    const buf = heap.buffer();
    const copies = inputs.map((x, j) =>
      direct[j] !== undefined
        ? undefined
        : x instanceof Float32Array
          ? new Float32Array(buf, copyAt[j], chunk)
          : new Float64Array(buf, copyAt[j], chunk),
    );
    const out = new Float64Array(buf, outAt, OUT);
    const y = output
      ? output instanceof Float32Array
        ? new Float32Array(buf, yAt, chunk)
        : new Float64Array(buf, yAt, chunk)
      : undefined;
    const at = new Array<number>(inputs.length);
    for (let i0 = 0; i0 < n; i0 += chunk) {
      const len = Math.min(chunk, n - i0);
      for (let j = 0; j < inputs.length; j++) {
        const copy = copies[j];
        if (copy) {
          copy.set(inputs[j].subarray(i0, i0 + len));
          at[j] = copyAt[j];
        } else at[j] = (direct[j] as number) + inputs[j].BYTES_PER_ELEMENT * i0;
      }
      call(at, len, outAt, yAt);
      read(out);
      if (output && y) output.set(len === chunk ? y : y.subarray(0, len), i0);
    }
  } finally {
    scratch.release();
  }
}

const exportsOf = (rt: Runtime): VectorExports => rt.exports as unknown as VectorExports;
const isF32 = (x: FloatVector): number => (x instanceof Float32Array ? 1 : 0);

/** Σp, Σ −p·log p, and whether some p is not a probability (negative, NaN, +Infinity). @internal */
export interface EntropySums {
  sum: number;
  h: number;
  bad: boolean;
}

/** {@link EntropySums} of p by vec_entropy. @internal */
export function vectorEntropy(rt: Runtime, p: FloatVector): EntropySums {
  const k = exportsOf(rt);
  const f32 = isF32(p);
  const sum = new ChunkSum();
  const h = new ChunkSum();
  let bad = false;
  eachChunk(
    rt,
    [p],
    ([a], len, o) => k.vec_entropy(a, len, f32, o),
    (out) => {
      sum.addQuad(out, 0);
      h.addQuad(out, 4);
      if (out[8] !== 0) bad = true;
    },
  );
  return { sum: sum.value(), h: h.value(), bad };
}

/** The measures of two distributions that {@link vectorPair} sums (vec_pair's `kind`). @internal */
export const PAIR_CROSS = 0;
/** @internal */
export const PAIR_KL = 1;
/** @internal */
export const PAIR_JS = 2;

/**
 * Σp, Σq and Σ of the measure's terms (−p·log q; klTermOfProbs(p, q); klTermOfProbs of p and of q against
 * m = (p + q)/2), with `bad` (an entry is not a probability), `rare` (an entry the float64 path treats
 * apart: a ratio outside the normal range, a subnormal m) and `inf` (a term is +Infinity). @internal
 */
export interface PairSums {
  sumP: number;
  sumQ: number;
  total: number;
  bad: boolean;
  rare: boolean;
  inf: boolean;
}

/** {@link PairSums} of p and q (same length and float type) by vec_pair. @internal */
export function vectorPair(rt: Runtime, p: FloatVector, q: FloatVector, kind: number): PairSums {
  const k = exportsOf(rt);
  const f32 = isF32(p);
  const sp = new ChunkSum();
  const sq = new ChunkSum();
  const st = new ChunkSum();
  let bad = false;
  let rare = false;
  let inf = false;
  eachChunk(
    rt,
    [p, q],
    ([a, b], len, o) => k.vec_pair(a, b, len, f32, kind, o),
    (out) => {
      sp.addQuad(out, 0);
      sq.addQuad(out, 4);
      st.addQuad(out, 8);
      if (out[12] !== 0) bad = true;
      if (out[13] !== 0) rare = true;
      if (out[14] !== 0) inf = true;
    },
  );
  return { sumP: sp.value(), sumQ: sq.value(), total: st.value(), bad, rare, inf };
}

/** Σp, max p, the count of p > 0, and `bad` as in {@link EntropySums}. @internal */
export interface ProbStats {
  sum: number;
  max: number;
  count: number;
  bad: boolean;
}

/** Σp, Σp² and `bad` (as in {@link EntropySums}) by vec_sum_sq. @internal */
export function vectorSumSq(rt: Runtime, p: FloatVector): { sum: number; sumSq: number; bad: boolean } {
  const k = exportsOf(rt);
  const f32 = isF32(p);
  const sum = new ChunkSum();
  const sq = new ChunkSum();
  let bad = false;
  eachChunk(
    rt,
    [p],
    ([a], len, o) => k.vec_sum_sq(a, len, f32, o),
    (out) => {
      sum.addQuad(out, 0);
      sq.addQuad(out, 4);
      if (out[8] !== 0) bad = true;
    },
  );
  return { sum: sum.value(), sumSq: sq.value(), bad };
}

/** {@link ProbStats} of p by vec_prob_stats. @internal */
export function vectorProbStats(rt: Runtime, p: FloatVector): ProbStats {
  const k = exportsOf(rt);
  const f32 = isF32(p);
  const sum = new ChunkSum();
  let max = 0;
  let count = 0;
  let bad = false;
  eachChunk(
    rt,
    [p],
    ([a], len, o) => k.vec_prob_stats(a, len, f32, o),
    (out) => {
      sum.addQuad(out, 0);
      if (out[4] > max) max = out[4];
      count += out[5];
      if (out[6] !== 0) bad = true;
    },
  );
  return { sum: sum.value(), max, count, bad };
}

/**
 * log Σ_{p>0} p^α for valid probabilities p with maximum pmax > 0 and α > 0, as m + log1p(S − 1) with
 * m = α·log pmax and S = Σ exp(α·log p − m) (pmax's terms each exactly 1): logSumExp of α·log p. @internal
 */
export function vectorLogPowSum(rt: Runtime, p: FloatVector, alpha: number, pmax: number): number {
  const k = exportsOf(rt);
  const f32 = isF32(p);
  const s = new ChunkSum();
  let m = 0;
  let maxima = 0;
  eachChunk(
    rt,
    [p],
    ([a], len, o) => k.vec_pow_sum(a, len, f32, alpha, pmax, o),
    (out) => {
      s.addQuad(out, 0);
      m = out[4];
      maxima += out[5];
    },
  );
  s.addNumber(maxima - 1);
  return m + Math.log1p(s.value());
}

/** Σp, Σ p^k for an integer k ≥ 3 (binary powering) and `bad` as in {@link EntropySums}, by vec_int_pow_sum. @internal */
export function vectorIntPowSum(
  rt: Runtime,
  p: FloatVector,
  k: number,
): { sum: number; powSum: number; bad: boolean } {
  const e = exportsOf(rt);
  const f32 = isF32(p);
  const s = new ChunkSum();
  const sum = new ChunkSum();
  let bad = false;
  eachChunk(
    rt,
    [p],
    ([a], len, o) => e.vec_int_pow_sum(a, len, f32, k, o),
    (out) => {
      s.addQuad(out, 0);
      sum.addQuad(out, 4);
      if (out[8] !== 0) bad = true;
    },
  );
  return { sum: sum.value(), powSum: s.value(), bad };
}

/** Σ_{p>0} p·expm1(δ·log p) by vec_expm1_sum. @internal */
export function vectorExpm1Sum(rt: Runtime, p: FloatVector, delta: number): number {
  const k = exportsOf(rt);
  const f32 = isF32(p);
  const s = new ChunkSum();
  eachChunk(
    rt,
    [p],
    ([a], len, o) => k.vec_expm1_sum(a, len, f32, delta, o),
    (out) => s.addQuad(out, 0),
  );
  return s.value();
}

/** max x (NaN if any x is NaN) by vec_max. @internal */
export function vectorMax(rt: Runtime, x: FloatVector): number {
  const k = exportsOf(rt);
  const f32 = isF32(x);
  let m = Number.NEGATIVE_INFINITY;
  eachChunk(
    rt,
    [x],
    ([a], len, o) => k.vec_max(a, len, f32, o),
    (out) => {
      const v = out[0];
      if (Number.isNaN(v) || Number.isNaN(m)) m = Number.NaN;
      else if (v > m) m = v;
    },
  );
  return m;
}

/**
 * Σ exp(x − m) − 1 for a finite m = max x: the sum of logSumExpParts (the first maximum left out; the
 * others each give exactly 1), by vec_sum_exp, which sums the terms below the maximum and counts the maxima.
 * @internal
 */
export function vectorSumExpBelowMax(rt: Runtime, x: FloatVector, m: number): number {
  const k = exportsOf(rt);
  const f32 = isF32(x);
  const s = new ChunkSum();
  let maxima = 0;
  eachChunk(
    rt,
    [x],
    ([a], len, o) => k.vec_sum_exp(a, len, f32, m, o),
    (out) => {
      s.addQuad(out, 0);
      maxima += out[4];
    },
  );
  s.addNumber(maxima - 1);
  return s.value();
}

/** out = exp(x − m)/s elementwise (out of x's float type), by vec_softmax. @internal */
export function vectorSoftmaxInto(rt: Runtime, x: FloatVector, m: number, s: number, out: FloatVector): void {
  const k = exportsOf(rt);
  const f32 = isF32(x);
  eachChunk(
    rt,
    [x],
    ([a], len, _o, y) => k.vec_softmax(a, len, f32, m, s, y),
    () => {},
    out,
  );
}
