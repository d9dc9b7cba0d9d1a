import type { Rng } from '../random/random.js';
import { EULER_GAMMA } from '../special/constants.js';
import { checkP, checkX, fill, positive, real, type UnivariateDistribution } from './family.js';

/**
 * Gumbel (type I extreme value, maximum) distribution, as `torch.distributions.Gumbel(loc, scale)`.
 *
 * log p(x) = −(z + e^{−z}) − log β, z = (x − μ)/β; cdf = exp(−e^{−z}); H = log β + γ + 1.
 *
 * @example
 * ```ts
 * new Gumbel(0, 1).mean;      // 0.5772156649015329
 * new Gumbel(0, 1).entropy(); // 1.5772156649015328
 * ```
 * @throws {SurprisalError} `INVALID_PARAMETER` unless loc is finite and scale > 0.
 */
export class Gumbel implements UnivariateDistribution {
  readonly family = 'Gumbel';
  readonly discrete = false;
  readonly loc: number;
  readonly scale: number;

  constructor(loc: number, scale: number) {
    this.loc = real('Gumbel', 'loc', loc);
    this.scale = positive('Gumbel', 'scale', scale);
  }

  get params(): number[] {
    return [this.loc, this.scale];
  }

  logProb(x: number): number {
    checkX('Gumbel', 'logProb', x);
    const z = (x - this.loc) / this.scale;
    // z = −Infinity (x = −Infinity, or x far below loc for a tiny scale): e^{−z} wins, −(z + e^{−z}) → −∞.
    if (z === Number.NEGATIVE_INFINITY) return z;
    return -(z + Math.exp(-z)) - Math.log(this.scale);
  }

  cdf(x: number): number {
    checkX('Gumbel', 'cdf', x);
    return Math.exp(-Math.exp(-(x - this.loc) / this.scale));
  }

  logSurvival(x: number): number {
    checkX('Gumbel', 'logSurvival', x);
    const z = (x - this.loc) / this.scale;
    // log(1 − exp(−s)), s = e^{−z}: = log s + log((1 − e^{−s})/s) = −z − s/2 + O(s²) once s is tiny, which
    // also covers s underflowing to 0 far in the tail.
    const s = Math.exp(-z);
    return s < 1e-8 ? -z - s / 2 : Math.log(-Math.expm1(-s));
  }

  quantile(p: number): number {
    checkP('Gumbel', p);
    return this.loc - this.scale * Math.log(-Math.log(p));
  }

  sample(rng: Rng, n = 1): Float64Array {
    return fill('Gumbel', rng, n, () => this.loc - this.scale * Math.log(rng.exponential()));
  }

  entropy(): number {
    return Math.log(this.scale) + EULER_GAMMA + 1;
  }

  get mean(): number {
    return this.loc + this.scale * EULER_GAMMA;
  }

  get variance(): number {
    return (Math.PI * Math.PI * this.scale * this.scale) / 6;
  }
}
