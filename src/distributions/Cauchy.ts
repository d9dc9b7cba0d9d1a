import type { Rng } from '../random/random.js';
import { checkP, checkX, fill, positive, real, type UnivariateDistribution } from './family.js';

/** P(Z ≤ z) for the standard Cauchy, without the cancellation of ½ + atan(z)/π for z ≪ 0. */
function standardCdf(z: number): number {
  return z < -1 ? Math.atan(-1 / z) / Math.PI : 0.5 + Math.atan(z) / Math.PI;
}

/**
 * Cauchy distribution, as `torch.distributions.Cauchy(loc, scale)`.
 *
 * log p(x) = −log(πγ(1 + z²)), z = (x − x₀)/γ; H = log(4πγ). Mean undefined (NaN) and variance infinite, as
 * in PyTorch.
 *
 * @example
 * ```ts
 * new Cauchy(0, 1).entropy();  // 2.5310242469692907
 * new Cauchy(0, 1).cdf(-1e10); // 3.183098861837907e-11
 * ```
 * @throws {SurprisalError} `INVALID_PARAMETER` unless loc is finite and scale > 0.
 */
export class Cauchy implements UnivariateDistribution {
  readonly family = 'Cauchy';
  readonly discrete = false;
  readonly loc: number;
  readonly scale: number;

  constructor(loc: number, scale: number) {
    this.loc = real('Cauchy', 'loc', loc);
    this.scale = positive('Cauchy', 'scale', scale);
  }

  get params(): number[] {
    return [this.loc, this.scale];
  }

  logProb(x: number): number {
    checkX('Cauchy', 'logProb', x);
    const z = (x - this.loc) / this.scale;
    // log(1 + z²) = 2 log|z| + log1p(1/z²) where z² would overflow.
    const l = Math.abs(z) < 1e150 ? Math.log1p(z * z) : 2 * Math.log(Math.abs(z)) + Math.log1p(1 / z / z);
    return -Math.log(Math.PI * this.scale) - l;
  }

  cdf(x: number): number {
    checkX('Cauchy', 'cdf', x);
    return standardCdf((x - this.loc) / this.scale);
  }

  logSurvival(x: number): number {
    checkX('Cauchy', 'logSurvival', x);
    return Math.log(standardCdf(-(x - this.loc) / this.scale));
  }

  quantile(p: number): number {
    checkP('Cauchy', p);
    if (p === 0) return Number.NEGATIVE_INFINITY;
    if (p === 1) return Number.POSITIVE_INFINITY;
    // tan(π(p − ½)) = −1/tan(πp), accurate for small p.
    return p < 0.5
      ? this.loc - this.scale / Math.tan(Math.PI * p)
      : this.loc + this.scale / Math.tan(Math.PI * (1 - p));
  }

  sample(rng: Rng, n = 1): Float64Array {
    return fill('Cauchy', rng, n, () => this.loc + this.scale * (rng.normal() / rng.normal()));
  }

  entropy(): number {
    return Math.log(4 * Math.PI * this.scale);
  }

  get mean(): number {
    return Number.NaN;
  }

  get variance(): number {
    return Number.POSITIVE_INFINITY;
  }
}
