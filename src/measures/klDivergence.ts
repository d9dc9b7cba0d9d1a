import type { ArrayOrTensor, Axis } from '../core/axes.js';
import { klTerm, klTermOfProbs } from '../core/klTerm.js';
import { readOptions } from '../core/options.js';
import { readProbsAndMaybeLogs } from '../core/probabilities.js';
import type { NestedArray, TensorLike } from '../core/tensor.js';
import { type AxisOption, measureAlong, sliceOptions, wantsAxis, withoutAxis } from './alongAxis.js';
import type { MeasureOptions, ThreadsOption } from './entropy.js';
import { readPair } from './pair.js';
import { pairFastIn, VECTOR_KEYS } from './vectorFast.js';

/** Options of {@link klDivergence}: those of every measure (`base`, `from`, `normalize`, `tolerance`) and `axis`. */
export interface KlDivergenceOptions extends MeasureOptions, AxisOption, ThreadsOption {}

/**
 * Kullback–Leibler divergence D(p‖q) = Σᵢ pᵢ log(pᵢ / qᵢ): the extra surprisal paid for believing q when the
 * world is p. D ≥ 0 with equality iff p = q (Gibbs), not symmetric, and D(p‖q) = H(p, q) − H(p).
 * 0·log(0/q) = 0; pᵢ > 0 where qᵢ = 0 gives +Infinity, as `scipy.stats.entropy(p, q)`.
 *
 * Each term is summed as pᵢ log(pᵢ/qᵢ) − pᵢ + qᵢ (SciPy's `kl_div`), which is ≥ 0 term by term and has the
 * same total on normalised input, so the result is never negative by rounding.
 *
 * With `axis` (or tensors / nested arrays, along axis 0 by default) it returns one divergence per slice as a
 * Float64Array, p and q broadcast against each other and each slice normalised unless `normalize: false`, as
 * `scipy.stats.entropy(pk, qk, axis=axis)`.
 *
 * Long vectors: a Float64Array or Float32Array of at least 4096 probabilities with the default checks is
 * validated and summed in one pass by the WebAssembly kernels (float64 SIMD log and exp within 2 ulp,
 * compensated sums; the same result within 1e-12 relative, the same errors), where the runtime has them;
 * `threads` shares the pass among the kernels' worker threads, with the same result for every count.
 *
 * @example
 * ```ts
 * klDivergence([0.5, 0.5], [0.9, 0.1]); // 0.5108256237659907
 * klDivergence([0.9, 0.1], [0.5, 0.5]); // 0.36806420716849697 (asymmetry)
 * klDivergence([1, 0], [0, 1]);         // Infinity
 * klDivergence([[1, 1], [1, 3]], [1, 1], { axis: 1 }); // Float64Array [0, 0.13081203594113694]
 * ```
 * @throws {SurprisalError} `SHAPE_MISMATCH` for different lengths (shapes that do not broadcast, with `axis`),
 *   and every input error of {@link entropy}.
 */
export function klDivergence(
  p: ArrayLike<number>,
  q: ArrayLike<number>,
  options?: KlDivergenceOptions,
): number;
export function klDivergence(
  p: ArrayOrTensor,
  q: ArrayOrTensor,
  options: KlDivergenceOptions & { axis: Axis },
): Float64Array;
export function klDivergence(
  p: TensorLike | NestedArray,
  q: ArrayOrTensor,
  options?: KlDivergenceOptions,
): Float64Array;
export function klDivergence(
  p: ArrayOrTensor,
  q: ArrayOrTensor,
  options: KlDivergenceOptions = {},
): number | Float64Array {
  if (wantsAxis(p, options) || wantsAxis(q, undefined)) {
    readOptions(options, 'klDivergence', [...VECTOR_KEYS, 'axis']);
    const slice = sliceOptions(options);
    return measureAlong(p, q, options.axis, 'klDivergence', (ps, qs) =>
      klDivergence(ps, qs as Float64Array, slice),
    );
  }
  // Long float vectors of probabilities: the kernels (vectorFast.ts), or undefined for the loop below.
  const fast = pairFastIn(
    'kl',
    p as ArrayLike<number>,
    q as ArrayLike<number>,
    withoutAxis(options),
    'klDivergence',
  );
  if (fast !== undefined) return fast.total / fast.k;
  const {
    k,
    p: a,
    q: b,
  } = readPair(
    p as ArrayLike<number>,
    q as ArrayLike<number>,
    withoutAxis(options),
    'klDivergence',
    readProbsAndMaybeLogs,
    readProbsAndMaybeLogs,
  );
  return klSum(a.p, a.lp, b.p, b.lp) / k;
}

/**
 * Σ klTerm over two read distributions, in one pass with a local Neumaier sum (the steps of Accumulator), the
 * logs of `'probs'` input taken here as Math.log(p[i]).
 */
function klSum(
  p: ArrayLike<number>,
  lp: Float64Array | undefined,
  q: ArrayLike<number>,
  lq: Float64Array | undefined,
): number {
  const n = p.length;
  let s = 0;
  let c = 0;
  if (lp === undefined && lq === undefined) {
    for (let i = 0; i < n; i++) {
      const x = klTermOfProbs(p[i], q[i]);
      const t = s + x;
      c += Math.abs(s) >= Math.abs(x) ? s - t + x : x - t + s;
      s = t;
    }
    return Number.isFinite(s) ? s + c : s;
  }
  for (let i = 0; i < n; i++) {
    const pi = p[i];
    const qi = q[i];
    const x = klTerm(
      pi,
      lp === undefined ? Math.log(pi) : lp[i],
      qi,
      lq === undefined ? Math.log(qi) : lq[i],
    );
    const t = s + x;
    c += Math.abs(s) >= Math.abs(x) ? s - t + x : x - t + s;
    s = t;
  }
  return Number.isFinite(s) ? s + c : s;
}
