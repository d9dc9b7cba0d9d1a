import { klTerm } from '../core/klTerm.js';
import { readProbsAndLogs } from '../core/probabilities.js';
import { Accumulator } from '../core/sum.js';
import type { MeasureOptions } from './entropy.js';
import { readPair } from './pair.js';

/** Options of {@link klDivergence}: those of every measure (`base`, `from`, `normalize`, `tolerance`). */
export type KlDivergenceOptions = MeasureOptions;

/**
 * Kullback–Leibler divergence D(p‖q) = Σᵢ pᵢ log(pᵢ / qᵢ): the extra surprisal paid for believing q when the
 * world is p. D ≥ 0 with equality iff p = q (Gibbs), not symmetric, and D(p‖q) = H(p, q) − H(p).
 * 0·log(0/q) = 0; pᵢ > 0 where qᵢ = 0 gives +Infinity, as `scipy.stats.entropy(p, q)`.
 *
 * Each term is summed as pᵢ log(pᵢ/qᵢ) − pᵢ + qᵢ (SciPy's `kl_div`), which is ≥ 0 term by term and has the
 * same total on normalised input, so the result is never negative by rounding.
 *
 * @example
 * ```ts
 * klDivergence([0.5, 0.5], [0.9, 0.1]); // 0.5108256237659907
 * klDivergence([0.9, 0.1], [0.5, 0.5]); // 0.36806420716849697 (asymmetry)
 * klDivergence([1, 0], [0, 1]);         // Infinity
 * ```
 * @throws {SurprisalError} `SHAPE_MISMATCH` for different lengths, and every input error of {@link entropy}.
 */
export function klDivergence(
  p: ArrayLike<number>,
  q: ArrayLike<number>,
  options: KlDivergenceOptions = {},
): number {
  const { k, p: a, q: b } = readPair(p, q, options, 'klDivergence', readProbsAndLogs, readProbsAndLogs);
  const acc = new Accumulator();
  for (let i = 0; i < a.p.length; i++) acc.add(klTerm(a.p[i], a.lp[i], b.p[i], b.lp[i]));
  return acc.value() / k;
}
