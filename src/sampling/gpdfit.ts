import { SurprisalError } from '../core/errors.js';
import { logSumExp } from '../core/logSumExp.js';

/** Result of {@link gpdfit}: the shape k (k > 0 heavy tail) and scale σ of a generalised Pareto distribution. */
export interface GpdFit {
  k: number;
  sigma: number;
}

/**
 * Fits a generalised Pareto distribution to exceedances x > 0 by the empirical-Bayes method of Zhang &
 * Stephens (2009, Technometrics 51(3)), exactly as `posterior::gpdfit` (which `loo::gpdfit` calls): a grid of
 * M = 30 + ⌊√N⌋ values of θ = −k/σ around 1/x₍N₎, profile-likelihood weights, θ̂ their posterior mean,
 * k̂ = mean log1p(−θ̂x), σ̂ = −k̂/θ̂; then, with `wip` (default), the weakly informative prior
 * k̂ ← (N k̂ + 10·½)/(N + 10) of Vehtari et al. (2024), leaving σ̂ as it was (as loo does). The sign of k is
 * the opposite of Zhang & Stephens'.
 *
 * @example
 * ```ts
 * const x = Array.from({ length: 20 }, (_, i) => i + 1);
 * gpdfit(x, { wip: false }).k; // -0.856932220532839
 * ```
 * @throws {SurprisalError} `EMPTY` for no data, `OUT_OF_RANGE` for negative, infinite or NaN values.
 */
export function gpdfit(
  x: ArrayLike<number>,
  options: { wip?: boolean; minGridPoints?: number } = {},
): GpdFit {
  const fn = 'gpdfit';
  const n = x.length;
  if (n === 0) throw new SurprisalError('EMPTY', `${fn}: x is empty`, { argument: 'x' });
  const xs = Float64Array.from(x).sort();
  for (let i = 0; i < n; i++) {
    if (!(xs[i] >= 0) || !Number.isFinite(xs[i])) {
      throw new SurprisalError('OUT_OF_RANGE', `${fn}: exceedances must be finite and >= 0; got ${xs[i]}`, {
        argument: 'x',
        value: xs[i],
      });
    }
  }
  const prior = 3;
  const m = (options.minGridPoints ?? 30) + Math.floor(Math.sqrt(n));
  const xstar = xs[Math.floor(n / 4 + 0.5) - 1];
  if (!(xstar > xs[0])) {
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
  const sigma = -k / thetaHat;
  if (options.wip !== false) k = (n * k + 10 * 0.5) / (n + 10);
  if (Number.isNaN(k)) k = Number.POSITIVE_INFINITY;
  return { k, sigma };
}
