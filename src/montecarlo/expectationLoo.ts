import { SurprisalError } from '../core/errors.js';
import { describe, readChoiceOption, readOptions } from '../core/options.js';
import { readTable, type TableInput } from '../core/tensor.js';
import { column, type LogLikelihoodInput, readLogLikelihood, readREff } from './logLikelihood.js';
import { paretoTail, psis } from './psis.js';
import { chainRows, relativeEfficiencyOf } from './relativeEfficiency.js';

/** What {@link expectationLoo} computes per observation. */
export type ExpectationType = 'mean' | 'variance' | 'sd' | 'quantile';

/** Options of {@link expectationLoo}. */
export interface ExpectationLooOptions {
  /** Default `'mean'`. */
  type?: ExpectationType;
  /** Probabilities in (0, 1) for `type: 'quantile'`. */
  probs?: ArrayLike<number>;
  /** Relative efficiencies, as in {@link loo} (computed from chains when the log-likelihood has them). */
  rEff?: number | ArrayLike<number>;
}

/** Result of {@link expectationLoo}. */
export interface ExpectationLooResult {
  /** One value per observation; for quantiles, `probs.length` values per observation (observation-major). */
  value: Float64Array;
  /** Pareto k̂ of the weighted quantity per observation (loo's `E_loo` diagnostic). */
  khat: Float64Array;
}

/** loo's `.wquant`: the weighted quantile by linear interpolation of the weighted empirical cdf. */
function weightedQuantile(x: Float64Array, w: Float64Array, p: number): number {
  const n = x.length;
  const order = Int32Array.from({ length: n }, (_, i) => i).sort((a, b) => x[a] - x[b] || a - b);
  let total = 0;
  for (let i = 0; i < n; i++) total += w[i];
  let cum = 0;
  let prev = 0;
  for (let r = 0; r < n; r++) {
    const i = order[r];
    cum += w[i] / total;
    if (cum >= p) {
      if (r === 0) return x[i];
      const x1 = x[order[r - 1]];
      return x1 + ((x[i] - x1) * (p - prev)) / (cum - prev);
    }
    prev = cum;
  }
  return x[order[n - 1]];
}

/** R's `quantile(x, p)` (type 7), which `.wquant` uses when all weights are equal. */
function quantile7(x: Float64Array, p: number): number {
  const s = Float64Array.from(x).sort();
  const h = (s.length - 1) * p;
  const lo = Math.floor(h);
  return lo + 1 < s.length ? s[lo] + (h - lo) * (s[lo + 1] - s[lo]) : s[lo];
}

/**
 * Leave-one-out expectations by PSIS, as R's `loo::E_loo`: with the PSIS weights w̃ of observation i (from
 * its log-likelihood column), the mean Σₛ w̃ₛ xₛ, the variance Σₛ w̃ₛ² (xₛ − mean)² / r_eff (loo's estimator of
 * the variance of the mean, not of x), its square root (`'sd'`), or weighted quantiles; and the Pareto k̂ of
 * √(1 + x²)·r, loo's check that the weighted quantity itself has a finite-variance tail.
 *
 * @param values - draws of the quantity: `[S, N]` (one column per observation) or S numbers used for every
 *   observation.
 * @param logLik - the pointwise log-likelihood `[S, N]` or `[chains, draws, N]` (see {@link loo}).
 * @example
 * ```ts
 * const y = [-1.2, 0.3, 0.8, 2.5];
 * const mu = Array.from({ length: 400 }, (_, s) => 0.6 + ndtri((s + 0.5) / 400) / 2); // posterior draws of the mean
 * const ll = mu.map((m) => y.map((v) => new Normal(m, 1).logProb(v)));          // [400 draws, 4 observations]
 * expectationLoo(mu, ll).value[3]; // 0.007375678280737666 (the mean of mu with y = 2.5 left out)
 * ```
 * @throws {SurprisalError} `SHAPE_MISMATCH` (values and logLik disagree), `NAN` / `NOT_FINITE`, `EMPTY`,
 *   `INVALID_OPTION` (type, probs outside (0, 1), rEff, unknown options).
 */
export function expectationLoo(
  values: TableInput | ArrayLike<number>,
  logLik: LogLikelihoodInput,
  options?: ExpectationLooOptions,
): ExpectationLooResult {
  const fn = 'expectationLoo';
  const o = readOptions(options, fn, ['type', 'probs', 'rEff']);
  const type = readChoiceOption(o.type, 'mean', ['mean', 'variance', 'sd', 'quantile'], 'type', fn);
  const ll = readLogLikelihood(logLik, fn);
  const s = ll.draws;
  const n = ll.observations;
  let probs: number[] = [];
  if (type === 'quantile') {
    const p = o.probs;
    if (!p || typeof p !== 'object' || p.length === 0) {
      throw new SurprisalError('INVALID_OPTION', `${fn}: type 'quantile' needs probs, numbers in (0, 1)`, {
        argument: 'probs',
        value: p,
      });
    }
    probs = Array.from(p);
    probs.forEach((v, j) => {
      if (typeof v !== 'number' || !(v > 0 && v < 1)) {
        throw new SurprisalError(
          'INVALID_OPTION',
          `${fn}: probs[${j}] must be in (0, 1); got ${describe(v)}`,
          {
            argument: 'probs',
            index: j,
            value: v,
          },
        );
      }
    });
  } else if (o.probs !== undefined) {
    throw new SurprisalError('INVALID_OPTION', `${fn}: probs is only for type 'quantile'`, {
      argument: 'probs',
    });
  }
  const t = readTable(values as TableInput, fn, 'values');
  const perObservation = t.shape.length === 2;
  if (!(perObservation ? t.shape[0] === s && t.shape[1] === n : t.shape.length === 1 && t.shape[0] === s)) {
    throw new SurprisalError(
      'SHAPE_MISMATCH',
      `${fn}: values must be [S, N] = [${s}, ${n}] or S = ${s} numbers; got [${t.shape.join(', ')}]`,
      { argument: 'values', value: t.shape },
    );
  }
  for (let k = 0; k < t.data.length; k++) {
    if (!Number.isFinite(t.data[k])) {
      throw new SurprisalError('NOT_FINITE', `${fn}: values[${k}] is ${t.data[k]}; draws must be finite`, {
        argument: 'values',
        index: k,
        value: t.data[k],
      });
    }
  }
  const rEff =
    readREff(o.rEff, n, fn) ??
    (ll.chains > 1 ? relativeEfficiencyOf(ll, chainRows(ll, undefined, fn)) : new Float64Array(n).fill(1));
  const width = type === 'quantile' ? probs.length : 1;
  const value = new Float64Array(n * width);
  const khat = new Float64Array(n);
  const lr = new Float64Array(s);
  const x = new Float64Array(s);
  const w = new Float64Array(s);
  const logA = new Float64Array(s);
  for (let i = 0; i < n; i++) {
    column(ll, i, lr, -1);
    for (let k = 0; k < s; k++) x[k] = perObservation ? t.data[k * n + i] : t.data[k];
    const ps = psis(lr, { rEff: rEff[i], shortTail: 'infinite' });
    for (let k = 0; k < s; k++) w[k] = Math.exp(ps.logWeights[k]);
    if (type === 'quantile') {
      const equal = w.every((v) => v === w[0]);
      probs.forEach((p, j) => {
        value[i * width + j] = equal ? quantile7(x, p) : weightedQuantile(x, w, p);
      });
    } else {
      let mean = 0;
      for (let k = 0; k < s; k++) mean += w[k] * x[k];
      if (type === 'mean') value[i] = mean;
      else {
        let v = 0;
        for (let k = 0; k < s; k++) v += w[k] * w[k] * (x[k] - mean) ** 2;
        v /= rEff[i];
        value[i] = type === 'variance' ? v : Math.sqrt(v);
      }
    }
    // k̂ of √(1 + h²)·r with r the raw ratios (loo's .E_loo_khat_i), in log space.
    for (let k = 0; k < s; k++) logA[k] = Math.log(Math.hypot(1, x[k])) + lr[k];
    khat[i] = paretoTail(logA, ps.tailLength).k;
  }
  return { value, khat };
}
