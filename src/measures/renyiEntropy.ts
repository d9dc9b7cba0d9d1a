import type { ArrayOrTensor, Axis } from '../core/axes.js';
import { SurprisalError } from '../core/errors.js';
import { logSumExp } from '../core/logSumExp.js';
import { describe, readOptions } from '../core/options.js';
import { formOf, readProbs, readProbsAndLogs } from '../core/probabilities.js';
import { Accumulator } from '../core/sum.js';
import type { NestedArray, TensorLike } from '../core/tensor.js';
import { unitLog } from '../core/units.js';
import { type AxisOption, measureAlong, sliceOptions, wantsAxis, withoutAxis } from './alongAxis.js';
import { entropyNats, type MeasureOptions, type ThreadsOption } from './entropy.js';
import { readVectorThreads, renyiFast, VECTOR_KEYS } from './vectorFast.js';

/** Options of {@link renyiEntropy}: the order α, and those of every measure. */
export interface RenyiEntropyOptions extends MeasureOptions, AxisOption, ThreadsOption {
  /** The order α, a number ≥ 0 (Infinity allowed). Required. */
  alpha: number;
}

/**
 * Rényi entropy of order α (Rényi 1961): H_α(p) = log(Σᵢ pᵢ^α) / (1 − α), α ≥ 0, with its limits
 * H₀ = log |{i : pᵢ > 0}| (Hartley), H₁ = H (Shannon) and H_∞ = −log maxᵢ pᵢ (min-entropy).
 * Non-increasing in α.
 *
 * Near α = 1 it is evaluated as −log1p(Σ pᵢ expm1((α−1) log pᵢ)) / (α − 1), which is continuous through
 * α = 1 with no cancellation; elsewhere as logΣexp(α log pᵢ) / (1 − α), which cannot overflow.
 *
 * With `axis` (or a tensor / nested arrays, along axis 0 by default) it returns one value per slice as a
 * Float64Array, each slice normalised unless `normalize: false` (as {@link entropy} with `axis`).
 *
 * Long vectors: a Float64Array or Float32Array of at least 4096 probabilities with the default checks is
 * validated and summed in one pass by the WebAssembly kernels (float64 SIMD log and exp within 2 ulp,
 * compensated sums; the same result within 1e-12 relative, the same errors), where the runtime has them;
 * `threads` shares the pass among the kernels' worker threads, with the same result for every count (at
 * integer orders, 0 and ∞ only for arrays in kernel memory: elsewhere copying a worker's blocks costs more than
 * the worker saves).
 *
 * @param options - `alpha`, the order (required), and the options of every measure.
 * @example
 * ```ts
 * renyiEntropy([0.5, 0.25, 0.25], { alpha: 2, base: 2 });        // 1.415037499278844 (collision entropy)
 * renyiEntropy([0.5, 0.25, 0.25], { alpha: Infinity, base: 2 }); // 1
 * renyiEntropy([0.5, 0.5, 0], { alpha: 0, base: 2 });            // 1
 * renyiEntropy([[1, 1], [1, 3]], { alpha: 2, axis: 1 });         // Float64Array [0.6931471805599453, 0.47000362924573547]
 * ```
 * @throws {SurprisalError} `INVALID_OPTION` for α missing, not a number, < 0 or NaN, and every input error of
 *   {@link entropy}.
 */
export function renyiEntropy(p: ArrayLike<number>, options: RenyiEntropyOptions): number;
export function renyiEntropy(p: ArrayOrTensor, options: RenyiEntropyOptions & { axis: Axis }): Float64Array;
export function renyiEntropy(p: TensorLike | NestedArray, options: RenyiEntropyOptions): Float64Array;
export function renyiEntropy(p: ArrayOrTensor, options: RenyiEntropyOptions): number | Float64Array {
  const fn = 'renyiEntropy';
  if (wantsAxis(p, options)) {
    readOptions(options, fn, [...VECTOR_KEYS, 'alpha', 'axis']);
    const slice = sliceOptions(options);
    renyiEntropy([1], slice); // checks alpha once, before any slice
    return measureAlong(p, undefined, options.axis, fn, (ps) => renyiEntropy(ps, slice));
  }
  const o = readOptions(withoutAxis(options), fn, [...VECTOR_KEYS, 'alpha']);
  const k = unitLog(o.base, fn);
  readVectorThreads(o, fn);
  const alpha: unknown = o.alpha;
  if (typeof alpha !== 'number' || !(alpha >= 0)) {
    throw new SurprisalError(
      'INVALID_OPTION',
      `${fn}: alpha must be a number >= 0 (or Infinity); got ${describe(alpha)}`,
      {
        argument: 'alpha',
        value: alpha,
      },
    );
  }
  const flat = p as ArrayLike<number>;
  if (alpha === 1) return entropyNats(flat, o, fn) / k;
  // Long float vectors of probabilities: the kernels (vectorFast.ts), or undefined for the loops below.
  const fast = formOf(o) === 'probs' ? renyiFast(flat, alpha, o) : undefined;
  if (fast !== undefined) return Math.max(fast, 0) / k;
  if (alpha === 2 && formOf(o) === 'probs') return collisionEntropy(readProbs(flat, 'probs', o, fn, 'p')) / k;
  const { p: pp, lp } = readProbsAndLogs(flat, formOf(o), o, fn, 'p');
  const n = pp.length;
  let h: number;
  if (alpha === 0) {
    let support = 0;
    for (let i = 0; i < n; i++) if (pp[i] > 0) support++;
    h = Math.log(support);
  } else if (alpha === Number.POSITIVE_INFINITY) {
    let m = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < n; i++) if (lp[i] > m) m = lp[i];
    h = -m;
  } else {
    const delta = alpha - 1;
    if (Math.abs(delta) < 0.5) {
      // log(Σ p^α / Σ p) = log1p(Σ p·expm1(δ log p) / Σ p): exact as δ → 0.
      const num = new Accumulator();
      const den = new Accumulator();
      for (let i = 0; i < n; i++) {
        const pi = pp[i];
        if (pi === 0) continue;
        den.add(pi);
        num.add(pi * Math.expm1(delta * lp[i]));
      }
      h = -Math.log1p(num.value() / den.value()) / delta;
    } else {
      const scaled = new Float64Array(n);
      for (let i = 0; i < n; i++) scaled[i] = alpha * lp[i];
      h = logSumExp(scaled) / (1 - alpha);
    }
  }
  return Math.max(h, 0) / k;
}

/**
 * −log Σ p² of probabilities, with Σ p² a Neumaier sum of the squares: no logs or exponentials, and each p² is
 * one rounding (exp(2·log p) carries the error of log p times 2|log p|). A square that underflows is below
 * 2⁻¹⁰⁷⁴ while the largest is at least 1/n², so it changes nothing.
 */
function collisionEntropy(p: ArrayLike<number>): number {
  let s = 0;
  let c = 0;
  for (let i = 0; i < p.length; i++) {
    const v = p[i] * p[i];
    const t = s + v;
    c += s >= v ? s - t + v : v - t + s;
    s = t;
  }
  return Math.max(-Math.log(s + c), 0);
}
