import { SurprisalError } from '../core/errors.js';
import { logSumExp } from '../core/logSumExp.js';
import { describe, readBooleanOption, readIntegerOption, readOptions } from '../core/options.js';
import { readArrayLength } from './readArguments.js';

/**
 * Result of {@link gpdfit}: the shape k (k > 0 heavy tail) and scale σ of a generalised Pareto distribution.
 * `k` is the fitted parameter, named as in `posterior::gpdfit`; where it serves as a diagnostic of
 * importance weights ({@link psis}, {@link importanceSampling}, ...) the library calls it `khat`.
 */
export interface GpdFit {
  /** The shape k of the fitted GPD (a parameter, not the `khat` diagnostic of the samplers). */
  k: number;
  /** The scale σ of the fitted GPD. */
  sigma: number;
}

/** Options of {@link gpdfit}. */
export interface GpdfitOptions {
  /** Shrink k̂ towards ½ by the weakly informative prior of Vehtari et al. (2024), as loo. Default true. */
  wip?: boolean;
  /** The grid has minGridPoints + ⌊√N⌋ values of θ, an integer in [1, 10⁶]. Default 30. */
  minGridPoints?: number;
}

/**
 * Fits a generalised Pareto distribution to exceedances x > 0 by the empirical-Bayes method of Zhang &
 * Stephens (2009, Technometrics 51(3)), exactly as `posterior::gpdfit` (which `loo::gpdfit` calls): a grid of
 * M = 30 + ⌊√N⌋ values of θ = −k/σ around 1/x₍N₎, profile-likelihood weights, θ̂ their posterior mean,
 * k̂ = mean log1p(−θ̂x), σ̂ = −k̂/θ̂; then, with `wip` (default), the weakly informative prior
 * k̂ ← (N k̂ + 10·½)/(N + 10) of Vehtari et al. (2024), leaving σ̂ as it was (as loo does). The sign of k is
 * the opposite of Zhang & Stephens'.
 *
 * k̂ does not depend on the scale of x (gpdfit(c·x).k = gpdfit(x).k, σ̂ scales with c): the data are divided by a
 * power of two near their largest value before the fit (exact), so subnormal or huge exceedances fit like
 * any others. k and σ are NaN when no fit exists (one value, or the lower quarter of the data all at the
 * minimum), where posterior returns NA.
 *
 * @example
 * ```ts
 * const x = Array.from({ length: 20 }, (_, i) => i + 1);
 * gpdfit(x, { wip: false }).k; // -0.856932220532839
 * ```
 * @throws {SurprisalError} `EMPTY` for no data, `OUT_OF_RANGE` for negative, infinite, NaN or non-number
 *   values, `SHAPE_MISMATCH` when x is not an array, `TOO_LARGE` for a length past 2³², `INVALID_OPTION` for an
 *   unknown option, a `wip` that is not a boolean or `minGridPoints` not an integer in [1, 10⁶].
 */
export function gpdfit(x: ArrayLike<number>, options: GpdfitOptions = {}): GpdFit {
  const fn = 'gpdfit';
  const o = readOptions(options, fn, ['wip', 'minGridPoints']);
  const wip = readBooleanOption(o.wip, true, 'wip', fn);
  const minGridPoints = readIntegerOption(o.minGridPoints, 30, 1, 1e6, 'minGridPoints', fn);
  const n = readArrayLength(x, 'x', fn);
  if (n === 0) throw new SurprisalError('EMPTY', `${fn}: x is empty`, { argument: 'x' });
  for (let i = 0; i < n; i++) {
    const v = x[i];
    if (typeof v !== 'number' || !(v >= 0) || !Number.isFinite(v)) {
      throw new SurprisalError(
        'OUT_OF_RANGE',
        `${fn}: exceedances must be finite and >= 0; x[${i}] is ${describe(v)}`,
        { argument: 'x', index: i, value: v },
      );
    }
  }
  const xs = Float64Array.from(x).sort();
  // Scale invariance: θ scales as 1/c and log1p(−θx) not at all, so dividing by 2^e (exact, e the exponent of
  // the largest value) changes nothing but keeps 1/x₍N₎ finite for subnormal data.
  const top = xs[n - 1];
  const scale = top > 0 ? 2 ** Math.floor(Math.log2(top)) : 1;
  if (scale !== 1) for (let i = 0; i < n; i++) xs[i] /= scale;
  const prior = 3;
  const m = minGridPoints + Math.floor(Math.sqrt(n));
  const xstar = xs[Math.floor(n / 4 + 0.5) - 1];
  if (!(n >= 2 && xstar > xs[0])) {
    // All quartile mass at the minimum: no fit possible (posterior returns NA).
    return { k: Number.NaN, sigma: Number.NaN };
  }
  const theta = new Float64Array(m);
  const ll = new Float64Array(m);
  for (let j = 0; j < m; j++) {
    const t = 1 / xs[n - 1] + (1 - Math.sqrt(m / (j + 0.5))) / (prior * xstar);
    theta[j] = t;
    let k = 0;
    for (let i = 0; i < n; i++) k += Math.log1p(-t * xs[i]);
    k /= n;
    ll[j] = n * (Math.log(-t / k) - k - 1);
  }
  const lse = logSumExp(ll);
  let thetaHat = 0;
  for (let j = 0; j < m; j++) thetaHat += Math.exp(ll[j] - lse) * theta[j];
  let k = 0;
  for (let i = 0; i < n; i++) k += Math.log1p(-thetaHat * xs[i]);
  k /= n;
  const sigma = (-k / thetaHat) * scale;
  if (wip) k = (n * k + 10 * 0.5) / (n + 10);
  if (Number.isNaN(k)) k = Number.POSITIVE_INFINITY;
  return { k, sigma };
}
