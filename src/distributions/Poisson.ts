import { xlogy } from '../core/elementwise.js';
import { SurprisalError } from '../core/errors.js';
import { describe } from '../core/options.js';
import { Accumulator } from '../core/sum.js';
import type { Rng } from '../random/random.js';
import { HALF_LOG_2PI } from '../special/constants.js';
import { logP } from '../special/gammainc.js';
import { stirlingCorrection } from '../special/gammaln.js';
import { gammaincc, gammaln, ndtri } from '../special/index.js';
import { bd0 } from '../special/logPmf.js';
import {
  checkP,
  checkX,
  cornishFisher,
  discreteQuantile,
  fill,
  type UnivariateDistribution,
} from './family.js';

/** Above this k the log mass uses the saddle-point form, free of cancellation. */
const SADDLE_POINT = 1e5;

/** Above this rate the entropy uses its asymptotic series instead of a sum over the support. */
const EXACT_ENTROPY_LIMIT = 1e5;

/**
 * Poisson distribution with rate λ, as `torch.distributions.Poisson(rate)`.
 *
 * log p(k) = k log λ − λ − log k!; P(X ≤ k) = Q(k + 1, λ) (regularised upper incomplete gamma).
 * PyTorch has no Poisson entropy; here it is summed over the support for λ ≤ 10⁵ and above that given by
 * ½ log(2πeλ) − 1/(12λ) − 1/(24λ²) − 19/(360λ³) (Evans & Boersma 1988), whose error is O(λ⁻⁴).
 *
 * @example
 * ```ts
 * new Poisson(4).logProb(2); // -1.9205584583201643
 * new Poisson(4).variance;   // 4
 * ```
 * @throws {SurprisalError} `INVALID_PARAMETER` unless rate is a finite number ≥ 0.
 */
export class Poisson implements UnivariateDistribution {
  readonly family = 'Poisson';
  readonly discrete = true;
  readonly rate: number;

  constructor(rate: number) {
    if (typeof rate !== 'number' || !(rate >= 0) || !Number.isFinite(rate)) {
      throw new SurprisalError(
        'INVALID_PARAMETER',
        `Poisson: rate must be a finite number >= 0; got ${describe(rate)}`,
        {
          argument: 'rate',
          value: rate,
        },
      );
    }
    this.rate = rate;
  }

  get params(): number[] {
    return [this.rate];
  }

  logProb(k: number): number {
    checkX('Poisson', 'logProb', k);
    if (Number.isNaN(k)) return k;
    if (!Number.isInteger(k) || k < 0) return Number.NEGATIVE_INFINITY;
    if (k > SADDLE_POINT && this.rate > 0) {
      // Loader's saddle-point form −S(k) − bd0(k, λ) − ½ log(2πk) (R's dpois_raw): k log λ, λ and log k! are
      // each ~k log k and cancel, losing ~k·ε (the whole answer past k ≈ 10¹⁵).
      return -stirlingCorrection(k) - bd0(k, this.rate) - 0.5 * Math.log(k) - HALF_LOG_2PI;
    }
    return xlogy(k, this.rate) - this.rate - gammaln(k + 1);
  }

  cdf(x: number): number {
    checkX('Poisson', 'cdf', x);
    if (Number.isNaN(x)) return x;
    const k = Math.floor(x);
    if (k < 0) return 0;
    if (this.rate === 0 || k === Number.POSITIVE_INFINITY) return 1;
    return gammaincc(k + 1, this.rate);
  }

  logSurvival(x: number): number {
    checkX('Poisson', 'logSurvival', x);
    if (Number.isNaN(x)) return x;
    const k = Math.floor(x);
    if (k < 0) return 0;
    if (this.rate === 0 || k === Number.POSITIVE_INFINITY) return Number.NEGATIVE_INFINITY;
    // P(X > k) = P(k + 1, λ), in log space so that it stays finite far beyond underflow.
    return logP(k + 1, this.rate);
  }

  quantile(p: number): number {
    checkP('Poisson', p);
    if (p === 1) return this.rate === 0 ? 0 : Number.POSITIVE_INFINITY;
    // Cornish–Fisher start (skewness 1/√λ), then a bracketed search: O(log) cdf calls for any λ.
    const sd = Math.sqrt(this.rate);
    const guess = cornishFisher(this.rate, sd, 1 / sd, ndtri(p));
    return discreteQuantile(
      (k) => this.cdf(k),
      p,
      guess,
      0,
      Number.POSITIVE_INFINITY,
      (k) => this.logSurvival(k),
    );
  }

  sample(rng: Rng, n = 1): Float64Array {
    return fill('Poisson', rng, n, () => rng.poisson(this.rate));
  }

  entropy(): number {
    const l = this.rate;
    if (l === 0) return 0;
    if (l > EXACT_ENTROPY_LIMIT) {
      return (
        0.5 + HALF_LOG_2PI + 0.5 * Math.log(l) - 1 / (12 * l) - 1 / (24 * l * l) - 19 / (360 * l * l * l)
      );
    }
    // Sum outward from the mode until the terms stop mattering.
    const acc = new Accumulator();
    const mode = Math.floor(l);
    for (let k = mode; ; k++) {
      const lp = this.logProb(k);
      const t = -Math.exp(lp) * lp;
      acc.add(t);
      if (k > mode + 10 && lp < -50) break;
    }
    for (let k = mode - 1; k >= 0; k--) {
      const lp = this.logProb(k);
      acc.add(-Math.exp(lp) * lp);
      if (k < mode - 10 && lp < -50) break;
    }
    return acc.value();
  }

  get mean(): number {
    return this.rate;
  }

  get variance(): number {
    return this.rate;
  }
}
