import type { Rng } from '../random/random.js';
import { checkP, checkX, positive, sampleBuffer, type UnivariateDistribution } from './family.js';

/**
 * Exponential distribution with rate λ, as `torch.distributions.Exponential(rate)`.
 *
 * log p(x) = log λ − λx for x ≥ 0; log P(X > x) = −λx; H = 1 − log λ.
 *
 * @example
 * ```ts
 * new Exponential(2).entropy();       // 0.3068528194400547
 * new Exponential(2).logSurvival(10); // -20
 * ```
 * @throws {SurprisalError} `INVALID_PARAMETER` unless rate > 0.
 */
export class Exponential implements UnivariateDistribution {
  readonly family = 'Exponential';
  readonly discrete = false;
  readonly rate: number;

  constructor(rate: number) {
    this.rate = positive('Exponential', 'rate', rate);
  }

  get params(): number[] {
    return [this.rate];
  }

  logProb(x: number): number {
    checkX('Exponential', 'logProb', x);
    if (!(x >= 0)) return Number.isNaN(x) ? x : Number.NEGATIVE_INFINITY;
    return Math.log(this.rate) - this.rate * x;
  }

  cdf(x: number): number {
    checkX('Exponential', 'cdf', x);
    if (!(x > 0)) return Number.isNaN(x) ? x : 0;
    return -Math.expm1(-this.rate * x);
  }

  logSurvival(x: number): number {
    checkX('Exponential', 'logSurvival', x);
    if (!(x > 0)) return Number.isNaN(x) ? x : 0;
    return -this.rate * x;
  }

  quantile(p: number): number {
    checkP('Exponential', p);
    return -Math.log1p(-p) / this.rate;
  }

  sample(rng: Rng, n = 1): Float64Array {
    const out = sampleBuffer('Exponential', rng, n);
    return rng.fillExponential(out, this.rate);
  }

  entropy(): number {
    return 1 - Math.log(this.rate);
  }

  get mean(): number {
    return 1 / this.rate;
  }

  get variance(): number {
    return 1 / (this.rate * this.rate);
  }
}
