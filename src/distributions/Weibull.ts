import type { Rng } from '../random/random.js';
import { EULER_GAMMA } from '../special/constants.js';
import { gammaln } from '../special/index.js';
import { checkP, checkX, fill, positive, type UnivariateDistribution } from './family.js';

/** log(a/b) for a, b > 0, from the logs where a/b would over- or underflow. */
function logRatio(a: number, b: number): number {
  const r = a / b;
  return r > 1e-300 && r < 1e300 ? Math.log(r) : Math.log(a) - Math.log(b);
}

/**
 * Weibull distribution, as `torch.distributions.Weibull(scale, concentration)` (SciPy: `weibull_min(c=k, scale=λ)`).
 *
 * log p(x) = log(k/λ) + (k − 1) log(x/λ) − (x/λ)^k for x ≥ 0; log P(X > x) = −(x/λ)^k;
 * H = γ(1 − 1/k) + log(λ/k) + 1.
 *
 * @example
 * ```ts
 * new Weibull(1, 1).entropy(); // 1
 * new Weibull(2, 1.5).logSurvival(4); // -2.8284271247461903
 * ```
 * @throws {SurprisalError} `INVALID_PARAMETER` unless scale > 0 and concentration > 0.
 */
export class Weibull implements UnivariateDistribution {
  readonly family = 'Weibull';
  readonly discrete = false;
  readonly scale: number;
  readonly concentration: number;

  constructor(scale: number, concentration: number) {
    this.scale = positive('Weibull', 'scale', scale);
    this.concentration = positive('Weibull', 'concentration', concentration);
  }

  get params(): number[] {
    return [this.scale, this.concentration];
  }

  logProb(x: number): number {
    checkX('Weibull', 'logProb', x);
    const k = this.concentration;
    if (Number.isNaN(x)) return x;
    if (x < 0 || x === Number.POSITIVE_INFINITY) return Number.NEGATIVE_INFINITY;
    if (x === 0)
      return k < 1 ? Number.POSITIVE_INFINITY : k === 1 ? -Math.log(this.scale) : Number.NEGATIVE_INFINITY;
    // x/λ and k/λ can overflow or underflow (Weibull(1e-10, 1e300) at x = 1e-300) where their logs cannot;
    // then (k − 1)·log(x/λ) is never 0·∞ and (x/λ)^k = exp(k log(x/λ)) saturates to 0 or ∞ correctly.
    const lr = logRatio(x, this.scale);
    return logRatio(k, this.scale) + (k - 1) * lr - this.power(x);
  }

  /** (x/λ)^k for x > 0, without x/λ over- or underflowing on the way. */
  private power(x: number): number {
    const r = x / this.scale;
    const k = this.concentration;
    return r > 1e-300 && r < 1e300 ? r ** k : Math.exp(k * logRatio(x, this.scale));
  }

  cdf(x: number): number {
    checkX('Weibull', 'cdf', x);
    if (!(x > 0)) return Number.isNaN(x) ? x : 0;
    return -Math.expm1(-this.power(x));
  }

  logSurvival(x: number): number {
    checkX('Weibull', 'logSurvival', x);
    if (!(x > 0)) return Number.isNaN(x) ? x : 0;
    return -this.power(x);
  }

  quantile(p: number): number {
    checkP('Weibull', p);
    return this.scale * (-Math.log1p(-p)) ** (1 / this.concentration);
  }

  sample(rng: Rng, n = 1): Float64Array {
    return fill('Weibull', rng, n, () => this.scale * rng.exponential() ** (1 / this.concentration));
  }

  entropy(): number {
    const k = this.concentration;
    return EULER_GAMMA * (1 - 1 / k) + logRatio(this.scale, k) + 1;
  }

  get mean(): number {
    return this.scale * Math.exp(gammaln(1 + 1 / this.concentration));
  }

  get variance(): number {
    const k = this.concentration;
    const g1 = Math.exp(gammaln(1 + 1 / k));
    return this.scale * this.scale * (Math.exp(gammaln(1 + 2 / k)) - g1 * g1);
  }
}
