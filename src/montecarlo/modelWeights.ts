import { SurprisalError } from '../core/errors.js';
import { readChoiceOption, readIntegerOption, readOptions } from '../core/options.js';
import type { Seed } from '../random/seed.js';
import type { LooResult } from './loo.js';
import { readModels } from './looCompare.js';
import { rngOf } from './readArguments.js';
import type { WaicResult } from './waic.js';

/** How {@link modelWeights} weighs models. */
export type ModelWeightsMethod = 'stacking' | 'pseudo-bma+' | 'pseudo-bma';

/** Options of {@link modelWeights}. */
export interface ModelWeightsOptions {
  /** Default `'stacking'` (as loo_model_weights). */
  method?: ModelWeightsMethod;
  /** Bayesian-bootstrap replicates for `'pseudo-bma+'` (loo's `BB_n`). Default 1000. */
  resamples?: number;
  /** Seed of the Bayesian bootstrap: an integer in [0, 2⁵³) or a bigint in [0, 2⁶⁴). Default 0. */
  seed?: Seed;
}

/**
 * Stacking weights: the w on the simplex maximising Σᵢ log Σₖ wₖ exp(elpd_loo,ik) (Yao, Vehtari, Simpson &
 * Gelman 2018, "Using stacking to average Bayesian predictive distributions", Bayesian Analysis 13(3)).
 * Solved by the EM fixed point wₖ ← wₖ · meanᵢ(fᵢₖ / Σⱼ wⱼ fᵢⱼ) (monotone in the concave objective), accelerated
 * by SQUAREM, with each row scaled by its largest density so no exp underflows, to a change below 1e-13; loo's
 * constrOptim stops earlier, so its weights agree to about 1e-5.
 * @internal
 */
export function stackingWeights(lpd: Float64Array[], n: number): Float64Array {
  const k = lpd.length;
  const f = new Float64Array(n * k);
  for (let i = 0; i < n; i++) {
    let m = Number.NEGATIVE_INFINITY;
    for (let j = 0; j < k; j++) m = Math.max(m, lpd[j][i]);
    for (let j = 0; j < k; j++) f[i * k + j] = Math.exp(lpd[j][i] - m);
  }
  // The EM map F(w)ₖ = wₖ · meanᵢ(fᵢₖ / Σⱼ wⱼ fᵢⱼ) and the objective Σᵢ log Σₖ wₖ fᵢₖ.
  const em = (w: Float64Array, out: Float64Array): Float64Array => {
    out.fill(0);
    for (let i = 0; i < n; i++) {
      let mix = 0;
      for (let j = 0; j < k; j++) mix += w[j] * f[i * k + j];
      for (let j = 0; j < k; j++) out[j] += f[i * k + j] / mix;
    }
    let total = 0;
    for (let j = 0; j < k; j++) {
      out[j] *= w[j] / n;
      total += out[j];
    }
    for (let j = 0; j < k; j++) out[j] /= total;
    return out;
  };
  const score = (w: Float64Array): number => {
    let s = 0;
    for (let i = 0; i < n; i++) {
      let mix = 0;
      for (let j = 0; j < k; j++) mix += w[j] * f[i * k + j];
      s += Math.log(mix);
    }
    return s;
  };
  // EM converges linearly, slowly where a weight heads to 0; SQUAREM (Varadhan & Roland 2008, "Simple and
  // globally convergent methods for accelerating the convergence of any EM algorithm", Scand. J. Stat. 35,
  // scheme S3) extrapolates two EM steps, keeps the step only if the objective does not fall.
  let w = new Float64Array(k).fill(1 / k);
  const w1 = new Float64Array(k);
  const w2 = new Float64Array(k);
  const trial = new Float64Array(k);
  const after = new Float64Array(k);
  for (let iter = 0; iter < 100_000; iter++) {
    em(w, w1);
    em(w1, w2);
    let rr = 0;
    let vv = 0;
    for (let j = 0; j < k; j++) {
      const r = w1[j] - w[j];
      const v = w2[j] - 2 * w1[j] + w[j];
      rr += r * r;
      vv += v * v;
    }
    let next: Float64Array = w2;
    if (vv > 0) {
      const alpha = -Math.sqrt(rr / vv);
      let total = 0;
      for (let j = 0; j < k; j++) {
        const r = w1[j] - w[j];
        const v = w2[j] - 2 * w1[j] + w[j];
        trial[j] = Math.max(0, w[j] - 2 * alpha * r + alpha * alpha * v);
        total += trial[j];
      }
      if (total > 0) {
        for (let j = 0; j < k; j++) trial[j] /= total;
        em(trial, after);
        if (score(after) >= score(w2)) next = after;
      }
    }
    let change = 0;
    for (let j = 0; j < k; j++) change = Math.max(change, Math.abs(next[j] - w[j]));
    w = Float64Array.from(next);
    if (change < 1e-13) break;
  }
  return w;
}

/**
 * Weights for averaging the predictions of several models, as R's `loo::loo_model_weights`:
 * - `'stacking'` (default): maximise the leave-one-out log score of the mixture (Yao et al. 2018);
 * - `'pseudo-bma+'`: pseudo-Bayesian model averaging, exp-normalised elpd_loo averaged over Bayesian-bootstrap
 *   (Dirichlet(1)) reweightings of the observations, which accounts for the uncertainty of the elpds (seeded);
 * - `'pseudo-bma'`: exp(elpd_loo,k − max) normalised (loo's `BB = FALSE`).
 * Stacking is what loo recommends; pseudo-BMA puts nearly all weight on one model whenever elpds differ by a
 * few units.
 *
 * @param models - a record of names to {@link loo} results on the same observations.
 * @example
 * ```ts
 * const y = [-1.2, 0.3, 0.8, 2.5];
 * const mu = Array.from({ length: 400 }, (_, s) => 0.6 + ndtri((s + 0.5) / 400) / 2); // posterior draws of the mean
 * const ll = mu.map((m) => y.map((v) => new Normal(m, 1).logProb(v)));          // [400 draws, 4 observations]
 * const wide = mu.map((m) => y.map((v) => new Normal(m, 2).logProb(v)));
 * modelWeights({ unit: loo(ll), wide: loo(wide) }).wide;                           // 0.973463948267855
 * modelWeights({ unit: loo(ll), wide: loo(wide) }, { method: 'pseudo-bma' }).wide; // 0.7921950312569997
 * ```
 * @throws {SurprisalError} `INVALID_OPTION` (not loo results, method, resamples, seed, unknown options), `EMPTY`
 *   (fewer than two models), `SHAPE_MISMATCH` (different numbers of observations).
 */
export function modelWeights(
  models: Record<string, LooResult | WaicResult>,
  options?: ModelWeightsOptions,
): Record<string, number> {
  const fn = 'modelWeights';
  const o = readOptions(options, fn, ['method', 'resamples', 'seed']);
  const method = readChoiceOption(
    o.method,
    'stacking',
    ['stacking', 'pseudo-bma+', 'pseudo-bma'],
    'method',
    fn,
  );
  const resamples = readIntegerOption(o.resamples, 1000, 1, 1e7, 'resamples', fn);
  const { names, fits } = readModels(models, fn);
  if (fits[0].kind !== 'loo') {
    throw new SurprisalError('INVALID_OPTION', `${fn}: model weights need loo() results (elpd_loo)`, {
      argument: names[0],
    });
  }
  const k = names.length;
  const n = fits[0].pointwise.length;
  const lpd = fits.map((f) => f.pointwise);
  let w: Float64Array;
  if (method === 'stacking') w = stackingWeights(lpd, n);
  else if (method === 'pseudo-bma') w = softmaxOf(fits.map((f) => f.elpd.value));
  else {
    const rng = rngOf(o.seed, fn);
    w = new Float64Array(k);
    const u = new Float64Array(n);
    const z = new Array<number>(k);
    for (let b = 0; b < resamples; b++) {
      let total = 0;
      for (let i = 0; i < n; i++) {
        u[i] = rng.exponential();
        total += u[i];
      }
      for (let j = 0; j < k; j++) {
        let s = 0;
        for (let i = 0; i < n; i++) s += u[i] * lpd[j][i];
        z[j] = (s / total) * n;
      }
      const wb = softmaxOf(z);
      for (let j = 0; j < k; j++) w[j] += wb[j] / resamples;
    }
  }
  const out: Record<string, number> = {};
  names.forEach((name, j) => {
    out[name] = w[j];
  });
  return out;
}

function softmaxOf(z: number[]): Float64Array {
  const m = Math.max(...z);
  const e = Float64Array.from(z, (v) => Math.exp(v - m));
  let s = 0;
  for (const v of e) s += v;
  return e.map((v) => v / s);
}
