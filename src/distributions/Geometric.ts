import { xlog1py } from '../core/elementwise.js';
import type { Rng } from '../random/random.js';
import { checkP, checkX, fill, probability, type UnivariateDistribution } from './family.js';

/**
 * Geometric distribution: failures before the first success, support {0, 1, 2, ...}, as
 * `torch.distributions.Geometric(probs)` (SciPy's `geom` counts trials: `geom(p, loc=-1)` is this one).
 *
 * log p(k) = k log(1 − p) + log p; log P(X > k) = (k + 1) log(1 − p); H = −[(1 − p) log(1 − p) + p log p]/p.
 *
 * @example
 * ```ts
 * new Geometric(0.5).mean;      // 1
 * new Geometric(0.5).entropy(); // 1.3862943611198906
 * ```
 * @throws {SurprisalError} `INVALID_PARAMETER` unless probs is in (0, 1].
 */
export class Geometric implements UnivariateDistribution {
  readonly family = 'Geometric';
  readonly discrete = true;
  readonly probs: number;

  constructor(probs: number) {
    this.probs = probability('Geometric', 'probs', probs, Number.MIN_VALUE, 1);
  }

  get params(): number[] {
    return [this.probs];
  }

  logProb(k: number): number {
    checkX('Geometric', 'logProb', k);
    if (Number.isNaN(k)) return k;
    if (!Number.isInteger(k) || k < 0) return Number.NEGATIVE_INFINITY;
    return xlog1py(k, -this.probs) + Math.log(this.probs);
  }

  cdf(x: number): number {
    checkX('Geometric', 'cdf', x);
    if (Number.isNaN(x)) return x;
    const k = Math.floor(x);
    return k < 0 ? 0 : -Math.expm1((k + 1) * Math.log1p(-this.probs));
  }

  logSurvival(x: number): number {
    checkX('Geometric', 'logSurvival', x);
    if (Number.isNaN(x)) return x;
    const k = Math.floor(x);
    return k < 0 ? 0 : xlog1py(k + 1, -this.probs);
  }

  quantile(p: number): number {
    checkP('Geometric', p);
    if (p === 0 || this.probs === 1) return 0;
    if (p === 1) return Number.POSITIVE_INFINITY;
    // Smallest k with 1 − (1 − q)^{k+1} ≥ p; the ceil is nudged against rounding just above an integer.
    const k = Math.ceil(Math.log1p(-p) / Math.log1p(-this.probs) - 1 - 1e-12);
    return Math.max(0, k);
  }

  sample(rng: Rng, n = 1): Float64Array {
    if (this.probs === 1) return fill('Geometric', rng, n, () => 0);
    const l = Math.log1p(-this.probs);
    return fill('Geometric', rng, n, () => Math.floor(-rng.exponential() / l));
  }

  entropy(): number {
    const p = this.probs;
    if (p === 1) return 0;
    // −log p − (1 − p)·log(1 − p)/p: dividing log1p(−p) by p first keeps it ≈ −1 for tiny p, where
    // (1 − p)/p overflows and the sum of the two subnormal products lost every digit.
    return -Math.log(p) - (1 - p) * (Math.log1p(-p) / p);
  }

  get mean(): number {
    return (1 - this.probs) / this.probs;
  }

  get variance(): number {
    return (1 - this.probs) / (this.probs * this.probs);
  }
}
