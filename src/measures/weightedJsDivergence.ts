import { SurprisalError } from '../core/errors.js';
import { klTerm } from '../core/klTerm.js';
import { describe, readOptions } from '../core/options.js';
import {
  formOf,
  MEASURE_KEYS,
  type ProbsAndLogs,
  readProbs,
  readProbsAndLogs,
} from '../core/probabilities.js';
import { Accumulator } from '../core/sum.js';
import { readTable, type TensorLike } from '../core/tensor.js';
import { unitLog } from '../core/units.js';
import type { MeasureOptions } from './entropy.js';

/** Options of {@link weightedJsDivergence}: those of every measure, and the weights of the distributions. */
export interface WeightedJsDivergenceOptions extends MeasureOptions {
  /**
   * The weight of each distribution, ≥ 0 and summing to 1 (within `tolerance`, or normalised with
   * `normalize: true`). Default: 1/k each.
   */
  weights?: ArrayLike<number>;
}

/**
 * Jensen–Shannon divergence of k distributions with weights w (Lin 1991, eq. 5.1; dit's
 * `jensen_shannon_divergence(dists, weights)`): JS_w(p₁, ..., p_k) = H(Σᵢ wᵢ pᵢ) − Σᵢ wᵢ H(pᵢ)
 * = Σᵢ wᵢ D(pᵢ ‖ m), m = Σᵢ wᵢ pᵢ. Summed as KL terms each ≥ 0 and clipped to [0, H(w)], its bounds.
 * With two distributions and equal weights it is {@link jsDivergence}.
 *
 * @param dists - the distributions: an array of k arrays (or typed arrays) of one length, or a table
 *   `{ data, shape: [k, n] }`, one row each. `from` gives their encoding.
 * @example
 * ```ts
 * weightedJsDivergence([[0.5, 0.5, 0], [0, 0.5, 0.5]], { base: 2 }); // 0.5
 * weightedJsDivergence([[0.5, 0.5, 0], [0, 0.5, 0.5]], { weights: [0.25, 0.75], base: 2 }); // 0.4056390622295664
 * weightedJsDivergence([[1, 0, 0], [0, 1, 0], [0, 0, 1]]); // 1.0986122886681096 (log 3)
 * ```
 * @throws {SurprisalError} `SHAPE_MISMATCH` for distributions of different lengths or weights that are not one per
 *   distribution, `EMPTY` for no distributions, the input errors of {@link entropy} for each distribution and for
 *   the weights (`NOT_NORMALIZED`, `NEGATIVE_PROBABILITY`, ...).
 */
export function weightedJsDivergence(
  dists: readonly ArrayLike<number>[] | TensorLike,
  options: WeightedJsDivergenceOptions = {},
): number {
  const fn = 'weightedJsDivergence';
  const o = readOptions(options, fn, [...MEASURE_KEYS, 'weights']);
  const k = unitLog(o.base, fn);
  const rows = readRows(dists, fn);
  if (Array.isArray(o.from)) {
    throw new SurprisalError(
      'INVALID_OPTION',
      `${fn}: from must be one form for every distribution ('probs' | 'logprobs' | 'logits'), not a pair`,
      { argument: 'from', value: o.from },
    );
  }
  const form = formOf(options);
  const read: ProbsAndLogs[] = rows.map((r, i) => readProbsAndLogs(r, form, options, fn, `dists[${i}]`));
  const n = rows[0].length;
  rows.forEach((r, i) => {
    if (r.length !== n) {
      throw new SurprisalError(
        'SHAPE_MISMATCH',
        `${fn}: dists[${i}] has length ${r.length}; dists[0] has ${n}`,
        { argument: 'dists', index: i, value: r.length },
      );
    }
  });
  let w: ArrayLike<number>;
  if (o.weights === undefined) {
    w = new Float64Array(rows.length).fill(1 / rows.length);
  } else {
    w = readProbs(o.weights, 'probs', options, fn, 'weights');
    if (w.length !== rows.length) {
      throw new SurprisalError(
        'SHAPE_MISMATCH',
        `${fn}: ${w.length} weights for ${rows.length} distributions; give one weight per distribution`,
        { argument: 'weights', value: w.length },
      );
    }
  }
  const lw = Array.from(w, Math.log);
  const acc = new Accumulator();
  const terms = new Float64Array(rows.length);
  for (let x = 0; x < n; x++) {
    // m(x) and log m(x) = logsumexp_i(log wᵢ + log pᵢ(x)), finite even where m itself underflows.
    let hi = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < rows.length; i++) {
      terms[i] = lw[i] + read[i].lp[x];
      if (terms[i] > hi) hi = terms[i];
    }
    let s = 0;
    let m = 0;
    for (let i = 0; i < rows.length; i++) {
      if (hi !== Number.NEGATIVE_INFINITY) s += Math.exp(terms[i] - hi);
      m += w[i] * read[i].p[x];
    }
    const lm = hi === Number.NEGATIVE_INFINITY ? hi : hi + Math.log(s);
    for (let i = 0; i < rows.length; i++) {
      if (w[i] > 0) acc.add(w[i] * klTerm(read[i].p[x], read[i].lp[x], m, lm));
    }
  }
  let hw = 0;
  for (let i = 0; i < rows.length; i++) if (w[i] > 0) hw -= w[i] * lw[i];
  const js = acc.value();
  return (js < 0 ? 0 : Math.min(js, hw)) / k;
}

/** The distributions as rows: an array of arrays, or a 2-D `{ data, shape | dims }` split into its rows. */
function readRows(dists: unknown, fn: string): ArrayLike<number>[] {
  if (Array.isArray(dists)) {
    if (dists.length === 0) {
      throw new SurprisalError('EMPTY', `${fn}: dists is empty; give at least one distribution`, {
        argument: 'dists',
      });
    }
    return dists as ArrayLike<number>[];
  }
  if (dists === null || typeof dists !== 'object' || !('data' in dists)) {
    throw new SurprisalError(
      'SHAPE_MISMATCH',
      `${fn}: dists must be an array of distributions or { data, shape: [k, n] }; got ${describe(dists)}`,
      { argument: 'dists', value: dists },
    );
  }
  const t = readTable(dists as TensorLike, fn, 'dists');
  if (t.shape.length !== 2) {
    throw new SurprisalError(
      'SHAPE_MISMATCH',
      `${fn}: dists must have shape [k, n] (one row per distribution); got [${t.shape.join(', ')}]`,
      { argument: 'dists', value: t.shape },
    );
  }
  const [rowsN, n] = t.shape;
  return Array.from({ length: rowsN }, (_, i) => Array.prototype.slice.call(t.data, i * n, (i + 1) * n));
}
