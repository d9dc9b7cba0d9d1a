import type { Rng } from '../random/random.js';
import { checkP, checkX, fill, positive, real, type UnivariateDistribution } from './family.js';

/**
 * Laplace (double exponential) distribution, as `torch.distributions.Laplace(loc, scale)`.
 *
 * log p(x) = −log(2b) − |x − μ|/b; H = 1 + log(2b).
 *
 * @example
 * ```ts
 * new Laplace(0, 1).entropy();       // 1.6931471805599454
 * new Laplace(0, 1).logSurvival(50); // -50.693147180559945
 * ```
 * @throws {SurprisalError} `INVALID_PARAMETER` unless loc is finite and scale > 0.
 */
export class Laplace implements UnivariateDistribution {
  readonly family = 'Laplace';
  readonly discrete = false;
  readonly loc: number;
  readonly scale: number;

  constructor(loc: number, scale: number) {
    this.loc = real('Laplace', 'loc', loc);
    this.scale = positive('Laplace', 'scale', scale);
  }

  get params(): number[] {
    return [this.loc, this.scale];
  }

  logProb(x: number): number {
    checkX('Laplace', 'logProb', x);
    return -Math.log(2 * this.scale) - Math.abs(x - this.loc) / this.scale;
  }

  cdf(x: number): number {
    checkX('Laplace', 'cdf', x);
    const z = (x - this.loc) / this.scale;
    return z < 0 ? 0.5 * Math.exp(z) : 1 - 0.5 * Math.exp(-z);
  }

  logSurvival(x: number): number {
    checkX('Laplace', 'logSurvival', x);
    const z = (x - this.loc) / this.scale;
    return z >= 0 ? -Math.LN2 - z : Math.log1p(-0.5 * Math.exp(z));
  }

  quantile(p: number): number {
    checkP('Laplace', p);
    return p < 0.5 ? this.loc + this.scale * Math.log(2 * p) : this.loc - this.scale * Math.log(2 * (1 - p));
  }

  sample(rng: Rng, n = 1): Float64Array {
    // Difference of two exponentials is Laplace(0, 1).
    return fill('Laplace', rng, n, () => this.loc + this.scale * (rng.exponential() - rng.exponential()));
  }

  entropy(): number {
    return 1 + Math.log(2 * this.scale);
  }

  get mean(): number {
    return this.loc;
  }

  get variance(): number {
    return 2 * this.scale * this.scale;
  }
}
