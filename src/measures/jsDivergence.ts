import { klTerm, klTermOfProbs } from '../core/klTerm.js';
import { readProbsAndMaybeLogs } from '../core/probabilities.js';
import { Accumulator } from '../core/sum.js';
import type { MeasureOptions, ThreadsOption } from './entropy.js';
import { readPair } from './pair.js';
import { pairFastIn } from './vectorFast.js';

/** Options of {@link jsDivergence}: those of every measure (`base`, `from`, `normalize`, `tolerance`). */
export interface JsDivergenceOptions extends MeasureOptions, ThreadsOption {}

/**
 * Jensen–Shannon divergence JS(p, q) = ½ D(p‖m) + ½ D(q‖m), m = (p + q)/2 (Lin 1991).
 * Symmetric, finite, 0 ≤ JS ≤ log 2. This is the divergence: SciPy's `jensenshannon` returns the
 * distance, its square root. For k distributions, or weights other than ½ and ½, see
 * {@link weightedJsDivergence} (dit's `jensen_shannon_divergence(dists, weights)`).
 *
 * Every term is ≥ 0 by construction and the result is clipped to [0, log 2], so the square root is never
 * NaN (SciPy's is, for tiny negative rounding: scipy/scipy#20083).
 *
 * Long vectors: a Float64Array or Float32Array of at least 4096 probabilities with the default checks is
 * validated and summed in one pass by the WebAssembly kernels (float64 SIMD log and exp within 2 ulp,
 * compensated sums; the same result within 1e-12 relative, the same errors), where the runtime has them;
 * `threads` shares the pass among the kernels' worker threads, with the same result for every count.
 *
 * @example
 * ```ts
 * jsDivergence([1, 0, 0], [0, 1, 0], { base: 2 }); // 1
 * Math.sqrt(jsDivergence([1, 0], [0.5, 0.5])); // 0.46450140402245893 (SciPy's jensenshannon distance)
 * ```
 * @throws {SurprisalError} `SHAPE_MISMATCH` for different lengths, and every input error of {@link entropy}.
 */
export function jsDivergence(
  p: ArrayLike<number>,
  q: ArrayLike<number>,
  options: JsDivergenceOptions = {},
): number {
  // Long float vectors of probabilities: the kernels (vectorFast.ts), or undefined for the loop below.
  const fast = pairFastIn('js', p, q, options, 'jsDivergence');
  if (fast !== undefined) {
    const js = 0.5 * fast.total;
    return (js < 0 ? 0 : Math.min(js, Math.LN2)) / fast.k;
  }
  const {
    k,
    p: a,
    q: b,
  } = readPair(p, q, options, 'jsDivergence', readProbsAndMaybeLogs, readProbsAndMaybeLogs);
  const acc = new Accumulator();
  if (a.lp === undefined && b.lp === undefined) return jsOfProbs(a.p, b.p) / k;
  const alp = a.lp ?? logs(a.p);
  const blp = b.lp ?? logs(b.p);
  for (let i = 0; i < a.p.length; i++) {
    const pi = a.p[i];
    const qi = b.p[i];
    const m = 0.5 * pi + 0.5 * qi;
    // log m = logaddexp(log p, log q) − log 2, finite even where m itself underflows to 0.
    const hi = Math.max(alp[i], blp[i]);
    const lo = Math.min(alp[i], blp[i]);
    // Where p = q exactly, m is p exactly (the logaddexp would round log 2 in and out): JS(p, p) = 0 exactly.
    const lm =
      hi === lo || hi === Number.NEGATIVE_INFINITY ? hi : hi + Math.log1p(Math.exp(lo - hi)) - Math.LN2;
    acc.add(klTerm(pi, alp[i], m, lm));
    acc.add(klTerm(qi, blp[i], m, lm));
  }
  const js = 0.5 * acc.value();
  return (js < 0 ? 0 : Math.min(js, Math.LN2)) / k;
}

/** The natural logs of p, elementwise. */
function logs(p: ArrayLike<number>): Float64Array {
  const out = new Float64Array(p.length);
  for (let i = 0; i < p.length; i++) out[i] = Math.log(p[i]);
  return out;
}

/** The smallest normal float64. */
const MIN_NORMAL = 2.2250738585072014e-308;

/**
 * JS in nats of two probability vectors given as probabilities: where m = (p + q)/2 is a normal number the
 * terms are klTermOfProbs(p, m) and klTermOfProbs(q, m) (one log of a ratio each, no log arrays); elsewhere
 * (m subnormal or 0) the log-space terms above. One local Neumaier sum, clamped to [0, log 2].
 */
function jsOfProbs(p: ArrayLike<number>, q: ArrayLike<number>): number {
  let s = 0;
  let c = 0;
  for (let i = 0; i < p.length; i++) {
    const pi = p[i];
    const qi = q[i];
    const m = 0.5 * pi + 0.5 * qi;
    let x: number;
    let y: number;
    if (m >= MIN_NORMAL) {
      x = klTermOfProbs(pi, m);
      y = klTermOfProbs(qi, m);
    } else {
      const lpi = Math.log(pi);
      const lqi = Math.log(qi);
      const hi = Math.max(lpi, lqi);
      const lo = Math.min(lpi, lqi);
      const lm =
        hi === lo || hi === Number.NEGATIVE_INFINITY ? hi : hi + Math.log1p(Math.exp(lo - hi)) - Math.LN2;
      x = klTerm(pi, lpi, m, lm);
      y = klTerm(qi, lqi, m, lm);
    }
    let t = s + x;
    c += Math.abs(s) >= Math.abs(x) ? s - t + x : x - t + s;
    s = t;
    t = s + y;
    c += Math.abs(s) >= Math.abs(y) ? s - t + y : y - t + s;
    s = t;
  }
  const js = 0.5 * (Number.isFinite(s) ? s + c : s);
  return js < 0 ? 0 : Math.min(js, Math.LN2);
}
