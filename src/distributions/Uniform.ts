import { SurprisalError } from '../core/errors.js';
import type { Rng } from '../random/random.js';
import { checkP, checkX, real, sampleBuffer, type UnivariateDistribution } from './family.js';

/**
 * log(high − low) for low < high, finite also where the width overflows (Uniform(−1.7e308, 1.7e308)).
 * @internal
 */
export function logWidth(low: number, high: number): number {
  const w = high - low;
  return Number.isFinite(w) ? Math.log(w) : Math.log(0.5 * high - 0.5 * low) + Math.LN2;
}

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
    checkX('Uniform', 'logProb', x);
    if (Number.isNaN(x)) return x;
    return x >= this.low && x < this.high ? -logWidth(this.low, this.high) : Number.NEGATIVE_INFINITY;
  }

  cdf(x: number): number {
    checkX('Uniform', 'cdf', x);
    if (Number.isNaN(x)) return x;
    if (x <= this.low) return 0;
    if (x >= this.high) return 1;
    // Halved where the width overflows; the halves of finite numbers never do.
    const w = this.high - this.low;
    const u = Number.isFinite(w)
      ? (x - this.low) / w
      : (0.5 * x - 0.5 * this.low) / (0.5 * this.high - 0.5 * this.low);
    return Math.min(1, Math.max(0, u));
  }

  logSurvival(x: number): number {
    checkX('Uniform', 'logSurvival', x);
    if (Number.isNaN(x)) return x;
    if (x <= this.low) return 0;
    if (x >= this.high) return Number.NEGATIVE_INFINITY;
    const w = this.high - this.low;
    return Number.isFinite(w)
      ? Math.log((this.high - x) / w)
      : Math.log((0.5 * this.high - 0.5 * x) / (0.5 * this.high - 0.5 * this.low));
  }

  quantile(p: number): number {
    checkP('Uniform', p);
    const w = this.high - this.low;
    if (Number.isFinite(w)) return this.low + p * w;
    return 2 * (0.5 * this.low + p * (0.5 * this.high - 0.5 * this.low));
  }

  sample(rng: Rng, n = 1): Float64Array {
    const out = sampleBuffer('Uniform', rng, n);
    return rng.fillUniform(out, this.low, this.high);
  }

  entropy(): number {
    return logWidth(this.low, this.high);
  }

  get mean(): number {
    return 0.5 * this.low + 0.5 * this.high;
  }

  get variance(): number {
    const w = this.high - this.low;
    return (w * w) / 12;
  }
}
