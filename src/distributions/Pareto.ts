import type { Rng } from '../random/random.js';
import { checkP, checkX, fill, positive, type UnivariateDistribution } from './family.js';

/**
 * Pareto (type I) distribution on [scale, ∞), as `torch.distributions.Pareto(scale, alpha)`.
 *
 * log p(x) = log α + α log x_m − (α + 1) log x; log P(X > x) = α log(x_m/x); H = log(x_m/α) + 1/α + 1.
 * Mean and variance are +Infinity where they diverge (α ≤ 1, α ≤ 2), as in PyTorch.
 *
 * @example
 * ```ts
 * new Pareto(1, 3).mean;             // 1.5
 * new Pareto(1, 3).logSurvival(1e6); // -41.44653167389282
 * ```
 * @throws {SurprisalError} `INVALID_PARAMETER` unless scale > 0 and alpha > 0.
 */
export class Pareto implements UnivariateDistribution {
  readonly family = 'Pareto';
  readonly discrete = false;
  readonly scale: number;
  readonly alpha: number;

  constructor(scale: number, alpha: number) {
    this.scale = positive('Pareto', 'scale', scale);
    this.alpha = positive('Pareto', 'alpha', alpha);
  }

  get params(): number[] {
    return [this.scale, this.alpha];
  }

  logProb(x: number): number {
    checkX('Pareto', 'logProb', x);
    if (!(x >= this.scale)) return Number.isNaN(x) ? x : Number.NEGATIVE_INFINITY;
    return Math.log(this.alpha) + this.alpha * Math.log(this.scale) - (this.alpha + 1) * Math.log(x);
  }

  cdf(x: number): number {
    checkX('Pareto', 'cdf', x);
    if (!(x > this.scale)) return Number.isNaN(x) ? x : 0;
    return -Math.expm1(this.alpha * Math.log(this.scale / x));
  }

  logSurvival(x: number): number {
    checkX('Pareto', 'logSurvival', x);
    if (!(x > this.scale)) return Number.isNaN(x) ? x : 0;
    return this.alpha * Math.log(this.scale / x);
  }

  quantile(p: number): number {
    checkP('Pareto', p);
    return this.scale * Math.exp(-Math.log1p(-p) / this.alpha);
  }

  sample(rng: Rng, n = 1): Float64Array {
    return fill('Pareto', rng, n, () => this.scale * Math.exp(rng.exponential() / this.alpha));
  }

  entropy(): number {
    return Math.log(this.scale / this.alpha) + 1 / this.alpha + 1;
  }

  get mean(): number {
    const a = this.alpha;
    return a > 1 ? (a * this.scale) / (a - 1) : Number.POSITIVE_INFINITY;
  }

  get variance(): number {
    const a = this.alpha;
    return a > 2 ? (this.scale * this.scale * a) / ((a - 1) * (a - 1) * (a - 2)) : Number.POSITIVE_INFINITY;
  }
}
