import { klTerm } from '../core/klTerm.js';
import { readProbsAndLogs } from '../core/probabilities.js';
import { Accumulator } from '../core/sum.js';
import type { MeasureOptions } from './entropy.js';
import { readPair } from './pair.js';

/** Options of {@link jsDivergence}: those of every measure (`base`, `from`, `normalize`, `tolerance`). */
export type JsDivergenceOptions = MeasureOptions;

/**
 * Jensen–Shannon divergence JS(p, q) = ½ D(p‖m) + ½ D(q‖m), m = (p + q)/2 (Lin 1991).
 * Symmetric, finite, 0 ≤ JS ≤ log 2. This is the divergence: SciPy's `jensenshannon` returns the
 * distance, its square root. For k distributions, or weights other than ½ and ½, see
 * {@link weightedJsDivergence} (dit's `jensen_shannon_divergence(dists, weights)`).
 *
 * Every term is ≥ 0 by construction and the result is clipped to [0, log 2], so the square root is never
 * NaN (SciPy's is, for tiny negative rounding: scipy/scipy#20083).
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
  const { k, p: a, q: b } = readPair(p, q, options, 'jsDivergence', readProbsAndLogs, readProbsAndLogs);
  const acc = new Accumulator();
  for (let i = 0; i < a.p.length; i++) {
    const pi = a.p[i];
    const qi = b.p[i];
    const m = 0.5 * pi + 0.5 * qi;
    // log m = logaddexp(log p, log q) − log 2, finite even where m itself underflows to 0.
    const hi = Math.max(a.lp[i], b.lp[i]);
    const lo = Math.min(a.lp[i], b.lp[i]);
    // Where p = q exactly, m is p exactly (the logaddexp would round log 2 in and out): JS(p, p) = 0 exactly.
    const lm =
      hi === lo || hi === Number.NEGATIVE_INFINITY ? hi : hi + Math.log1p(Math.exp(lo - hi)) - Math.LN2;
    acc.add(klTerm(pi, a.lp[i], m, lm));
    acc.add(klTerm(qi, b.lp[i], m, lm));
  }
  const js = 0.5 * acc.value();
  return (js < 0 ? 0 : Math.min(js, Math.LN2)) / k;
}
