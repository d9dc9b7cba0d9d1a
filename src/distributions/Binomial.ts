import { xlog1py, xlogy } from '../core/elementwise.js';
import { Accumulator } from '../core/sum.js';
import type { Rng } from '../sampling/random.js';
import { betainc, gammaln, logBetaincc, ndtri } from '../special/index.js';
import {
  checkP,
  count,
  discreteQuantile,
  fill,
  HALF_LOG_2PI,
  probability,
  type UnivariateDistribution,
} from './distribution.js';

/** Above this many trials the entropy uses its asymptotic expansion instead of a sum over the support. */
const EXACT_ENTROPY_LIMIT = 1e6;

/**
 * Binomial distribution: successes in `totalCount` trials of probability `probs`, as
 * `torch.distributions.Binomial(totalCount, probs)`.
 *
 * log p(k) = log C(n, k) + k log p + (n − k) log(1 − p); P(X ≤ k) = I_{1−p}(n − k, k + 1).
 * The entropy is summed over the support (PyTorch enumerates it too) up to n = 10⁶, and above that uses
 * ½ log(2πe·np(1 − p)) + O(1/n).
 *
 * @example
 * ```ts
 * new Binomial(10, 0.5).logProb(5); // -1.4020427180880297
 * new Binomial(10, 0.3).mean;        // 3
 * ```
 * @throws {SurprisalError} `INVALID_PARAMETER` unless totalCount is a non-negative integer and probs in [0, 1].
 */
export class Binomial implements UnivariateDistribution {
  readonly family = 'Binomial';
  readonly discrete = true;
  readonly totalCount: number;
  readonly probs: number;

  constructor(totalCount: number, probs: number) {
    this.totalCount = count('Binomial', 'totalCount', totalCount);
    this.probs = probability('Binomial', 'probs', probs);
  }

  get params(): number[] {
    return [this.totalCount, this.probs];
  }

  logProb(k: number): number {
    const n = this.totalCount;
    if (Number.isNaN(k)) return k;
    if (!Number.isInteger(k) || k < 0 || k > n) return Number.NEGATIVE_INFINITY;
    return (
      gammaln(n + 1) -
      gammaln(k + 1) -
      gammaln(n - k + 1) +
      xlogy(k, this.probs) +
      xlog1py(n - k, -this.probs)
    );
  }

  cdf(x: number): number {
    const n = this.totalCount;
    if (Number.isNaN(x)) return x;
    const k = Math.floor(x);
    if (k < 0) return 0;
    if (k >= n) return 1;
    if (this.probs === 0) return 1;
    if (this.probs === 1) return 0;
    return betainc(n - k, k + 1, 1 - this.probs);
  }

  logSurvival(x: number): number {
    const n = this.totalCount;
    if (Number.isNaN(x)) return x;
    const k = Math.floor(x);
    if (k < 0) return 0;
    if (k >= n) return Number.NEGATIVE_INFINITY;
    if (this.probs === 0) return Number.NEGATIVE_INFINITY;
    if (this.probs === 1) return 0;
    // P(X > k) = I_p(k + 1, n − k) = 1 − I_{1−p}(n − k, k + 1), in log space so that p^n-sized tails do not underflow.
    return logBetaincc(n - k, k + 1, 1 - this.probs);
  }

  quantile(p: number): number {
    checkP('Binomial', p);
    const n = this.totalCount;
    const guess = n * this.probs + Math.sqrt(this.variance) * ndtri(p);
    return discreteQuantile((k) => this.cdf(k), p, guess, 0, n);
  }

  sample(rng: Rng, n = 1): Float64Array {
    return fill('Binomial', n, () => rng.binomial(this.totalCount, this.probs));
  }

  entropy(): number {
    const n = this.totalCount;
    const p = this.probs;
    if (p === 0 || p === 1 || n === 0) return 0;
    if (n > EXACT_ENTROPY_LIMIT) {
      // de Moivre–Laplace with the first correction: H = ½ log(2πe npq) − (1 − 4pq)/(12 npq)·... ≈ ½ log(2πe npq) + O(1/n).
      const v = n * p * (1 - p);
      return 0.5 + HALF_LOG_2PI + 0.5 * Math.log(v);
    }
    const acc = new Accumulator();
    for (let k = 0; k <= n; k++) {
      const lp = this.logProb(k);
      if (lp > -745) acc.add(-Math.exp(lp) * lp);
    }
    return acc.value();
  }

  get mean(): number {
    return this.totalCount * this.probs;
  }

  get variance(): number {
    return this.totalCount * this.probs * (1 - this.probs);
  }
}
