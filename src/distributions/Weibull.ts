import type { Rng } from '../sampling/random.js';
import { gammaln } from '../special/index.js';
import { checkP, EULER_GAMMA, fill, positive, type UnivariateDistribution } from './distribution.js';

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
    const k = this.concentration;
    if (Number.isNaN(x)) return x;
    if (x < 0) return Number.NEGATIVE_INFINITY;
    if (x === 0)
      return k < 1 ? Number.POSITIVE_INFINITY : k === 1 ? -Math.log(this.scale) : Number.NEGATIVE_INFINITY;
    const r = x / this.scale;
    return Math.log(k / this.scale) + (k - 1) * Math.log(r) - r ** k;
  }

  cdf(x: number): number {
    if (!(x > 0)) return Number.isNaN(x) ? x : 0;
    return -Math.expm1(-((x / this.scale) ** this.concentration));
  }

  logSurvival(x: number): number {
    if (!(x > 0)) return Number.isNaN(x) ? x : 0;
    return -((x / this.scale) ** this.concentration);
  }

  quantile(p: number): number {
    checkP('Weibull', p);
    return this.scale * (-Math.log1p(-p)) ** (1 / this.concentration);
  }

  sample(rng: Rng, n = 1): Float64Array {
    return fill('Weibull', n, () => this.scale * rng.exponential() ** (1 / this.concentration));
  }

  entropy(): number {
    const k = this.concentration;
    return EULER_GAMMA * (1 - 1 / k) + Math.log(this.scale / k) + 1;
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
