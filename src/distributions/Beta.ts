import type { Rng } from '../random/random.js';
import { betainc, betaincinv, betaln, digamma, logBetaincc } from '../special/index.js';
import { checkP, checkX, fill, positive, type UnivariateDistribution } from './family.js';

/**
 * Beta distribution on [0, 1], as `torch.distributions.Beta(concentration1, concentration0)` (a, b).
 *
 * log p(x) = (a − 1) log x + (b − 1) log(1 − x) − log B(a, b); cdf = I_x(a, b);
 * H = log B(a, b) − (a − 1) ψ(a) − (b − 1) ψ(b) + (a + b − 2) ψ(a + b), which is ≤ 0 (a density on [0, 1];
 * not a bug, cf. pytorch#152845).
 *
 * @example
 * ```ts
 * new Beta(2, 5).mean;          // 0.2857142857142857
 * new Beta(1, 1).entropy();     // 0
 * ```
 * @throws {SurprisalError} `INVALID_PARAMETER` unless both concentrations are > 0.
 */
export class Beta implements UnivariateDistribution {
  readonly family = 'Beta';
  readonly discrete = false;
  readonly concentration1: number;
  readonly concentration0: number;

  constructor(concentration1: number, concentration0: number) {
    this.concentration1 = positive('Beta', 'concentration1', concentration1);
    this.concentration0 = positive('Beta', 'concentration0', concentration0);
  }

  get params(): number[] {
    return [this.concentration1, this.concentration0];
  }

  logProb(x: number): number {
    checkX('Beta', 'logProb', x);
    const a = this.concentration1;
    const b = this.concentration0;
    if (Number.isNaN(x)) return x;
    if (x < 0 || x > 1) return Number.NEGATIVE_INFINITY;
    // (a − 1)·log x with 0·log 0 = 0 at the edges where the exponent vanishes.
    const t1 = a === 1 ? 0 : (a - 1) * Math.log(x);
    const t2 = b === 1 ? 0 : (b - 1) * Math.log1p(-x);
    return t1 + t2 - betaln(a, b);
  }

  cdf(x: number): number {
    checkX('Beta', 'cdf', x);
    if (Number.isNaN(x)) return x;
    if (x <= 0) return 0;
    if (x >= 1) return 1;
    return betainc(this.concentration1, this.concentration0, x);
  }

  logSurvival(x: number): number {
    checkX('Beta', 'logSurvival', x);
    if (Number.isNaN(x)) return x;
    if (x <= 0) return 0;
    if (x >= 1) return Number.NEGATIVE_INFINITY;
    return logBetaincc(this.concentration1, this.concentration0, x);
  }

  quantile(p: number): number {
    checkP('Beta', p);
    return betaincinv(this.concentration1, this.concentration0, p);
  }

  sample(rng: Rng, n = 1): Float64Array {
    return fill('Beta', rng, n, () => rng.beta(this.concentration1, this.concentration0));
  }

  entropy(): number {
    const a = this.concentration1;
    const b = this.concentration0;
    return betaln(a, b) - (a - 1) * digamma(a) - (b - 1) * digamma(b) + (a + b - 2) * digamma(a + b);
  }

  get mean(): number {
    return this.concentration1 / (this.concentration1 + this.concentration0);
  }

  get variance(): number {
    const a = this.concentration1;
    const b = this.concentration0;
    const s = a + b;
    return (a * b) / (s * s * (s + 1));
  }
}
