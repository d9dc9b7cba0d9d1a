import { xlog1py, xlogy } from '../core/elementwise.js';
import type { Rng } from '../random/random.js';
import { checkP, checkX, fill, probability, type UnivariateDistribution } from './family.js';

/**
 * Bernoulli distribution on {0, 1}, as `torch.distributions.Bernoulli(probs)`.
 *
 * log p(x) = x log p + (1 − x) log(1 − p); H = −p log p − (1 − p) log(1 − p).
 *
 * @example
 * ```ts
 * new Bernoulli(0.9).entropy() / Math.LN2; // 0.46899559358928117
 * new Bernoulli(0.3).logProb(1);           // -1.2039728043259361
 * ```
 * @throws {SurprisalError} `INVALID_PARAMETER` unless probs is in [0, 1].
 */
export class Bernoulli implements UnivariateDistribution {
  readonly family = 'Bernoulli';
  readonly discrete = true;
  readonly probs: number;

  constructor(probs: number) {
    this.probs = probability('Bernoulli', 'probs', probs);
  }

  get params(): number[] {
    return [this.probs];
  }

  logProb(x: number): number {
    checkX('Bernoulli', 'logProb', x);
    if (Number.isNaN(x)) return x;
    if (x !== 0 && x !== 1) return Number.NEGATIVE_INFINITY;
    return xlogy(x, this.probs) + xlog1py(1 - x, -this.probs);
  }

  cdf(x: number): number {
    checkX('Bernoulli', 'cdf', x);
    if (Number.isNaN(x)) return x;
    return x < 0 ? 0 : x < 1 ? 1 - this.probs : 1;
  }

  logSurvival(x: number): number {
    checkX('Bernoulli', 'logSurvival', x);
    if (Number.isNaN(x)) return x;
    return x < 0 ? 0 : x < 1 ? Math.log(this.probs) : Number.NEGATIVE_INFINITY;
  }

  quantile(p: number): number {
    checkP('Bernoulli', p);
    return p <= 1 - this.probs ? 0 : 1;
  }

  sample(rng: Rng, n = 1): Float64Array {
    return fill('Bernoulli', rng, n, () => (rng.uniform() < this.probs ? 1 : 0));
  }

  entropy(): number {
    const p = this.probs;
    return -xlogy(p, p) - xlog1py(1 - p, -p);
  }

  get mean(): number {
    return this.probs;
  }

  get variance(): number {
    return this.probs * (1 - this.probs);
  }
}
