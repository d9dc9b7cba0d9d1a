import type { Rng } from '../random/random.js';
import { HALF_LOG_2PI } from '../special/constants.js';
import { logNdtr, ndtr, ndtri } from '../special/index.js';
import { checkP, checkX, fill, positive, real, type UnivariateDistribution } from './family.js';

/**
 * Log-normal distribution: exp(N(loc, scale²)), as `torch.distributions.LogNormal(loc, scale)`.
 *
 * log p(x) = log N(log x; μ, σ) − log x for x > 0; mean e^{μ+σ²/2}; H = μ + ½ log(2πeσ²).
 *
 * @example
 * ```ts
 * new LogNormal(0, 1).mean;      // 1.6487212707001282
 * new LogNormal(0, 1).entropy(); // 1.4189385332046727
 * ```
 * @throws {SurprisalError} `INVALID_PARAMETER` unless loc is finite and scale > 0.
 */
export class LogNormal implements UnivariateDistribution {
  readonly family = 'LogNormal';
  readonly discrete = false;
  readonly loc: number;
  readonly scale: number;

  constructor(loc: number, scale: number) {
    this.loc = real('LogNormal', 'loc', loc);
    this.scale = positive('LogNormal', 'scale', scale);
  }

  get params(): number[] {
    return [this.loc, this.scale];
  }

  logProb(x: number): number {
    checkX('LogNormal', 'logProb', x);
    if (!(x > 0)) return Number.isNaN(x) ? x : Number.NEGATIVE_INFINITY;
    const lx = Math.log(x);
    const z = (lx - this.loc) / this.scale;
    return -0.5 * z * z - Math.log(this.scale) - HALF_LOG_2PI - lx;
  }

  cdf(x: number): number {
    checkX('LogNormal', 'cdf', x);
    if (!(x > 0)) return Number.isNaN(x) ? x : 0;
    return ndtr((Math.log(x) - this.loc) / this.scale);
  }

  logSurvival(x: number): number {
    checkX('LogNormal', 'logSurvival', x);
    if (!(x > 0)) return Number.isNaN(x) ? x : 0;
    return logNdtr(-(Math.log(x) - this.loc) / this.scale);
  }

  quantile(p: number): number {
    checkP('LogNormal', p);
    return Math.exp(this.loc + this.scale * ndtri(p));
  }

  sample(rng: Rng, n = 1): Float64Array {
    return fill('LogNormal', rng, n, () => Math.exp(this.loc + this.scale * rng.normal()));
  }

  entropy(): number {
    return this.loc + 0.5 + HALF_LOG_2PI + Math.log(this.scale);
  }

  get mean(): number {
    return Math.exp(this.loc + 0.5 * this.scale * this.scale);
  }

  get variance(): number {
    const s2 = this.scale * this.scale;
    return Math.expm1(s2) * Math.exp(2 * this.loc + s2);
  }
}
