import { SurprisalError } from '../core/errors.js';
import type { Rng } from '../sampling/random.js';
import { checkN, checkP, real, type UnivariateDistribution } from './distribution.js';

/**
 * Continuous uniform distribution on [low, high), as `torch.distributions.Uniform(low, high)`.
 *
 * p(x) = 1/(high − low) on the support; H = log(high − low).
 *
 * @example
 * ```ts
 * new Uniform(0, 4).entropy(); // 1.3862943611198906
 * new Uniform(0, 4).cdf(1);    // 0.25
 * ```
 * @throws {SurprisalError} `INVALID_PARAMETER` unless low < high, both finite.
 */
export class Uniform implements UnivariateDistribution {
  readonly family = 'Uniform';
  readonly discrete = false;
  readonly low: number;
  readonly high: number;

  constructor(low: number, high: number) {
    this.low = real('Uniform', 'low', low);
    this.high = real('Uniform', 'high', high);
    if (!(high > low)) {
      throw new SurprisalError(
        'INVALID_PARAMETER',
        `Uniform: low must be < high; got low = ${low}, high = ${high}`,
        {
          argument: 'high',
          value: high,
        },
      );
    }
  }

  get params(): number[] {
    return [this.low, this.high];
  }

  logProb(x: number): number {
    if (Number.isNaN(x)) return x;
    return x >= this.low && x < this.high ? -Math.log(this.high - this.low) : Number.NEGATIVE_INFINITY;
  }

  cdf(x: number): number {
    if (Number.isNaN(x)) return x;
    return Math.min(1, Math.max(0, (x - this.low) / (this.high - this.low)));
  }

  logSurvival(x: number): number {
    if (Number.isNaN(x)) return x;
    if (x <= this.low) return 0;
    if (x >= this.high) return Number.NEGATIVE_INFINITY;
    return Math.log((this.high - x) / (this.high - this.low));
  }

  quantile(p: number): number {
    checkP('Uniform', p);
    return this.low + p * (this.high - this.low);
  }

  sample(rng: Rng, n = 1): Float64Array {
    return rng.fillUniform(new Float64Array(checkN('Uniform', n)), this.low, this.high);
  }

  entropy(): number {
    return Math.log(this.high - this.low);
  }

  get mean(): number {
    return 0.5 * (this.low + this.high);
  }

  get variance(): number {
    const w = this.high - this.low;
    return (w * w) / 12;
  }
}
