import { xlog1py, xlogy } from '../core/elementwise.js';
import { Accumulator } from '../core/sum.js';
import type { Rng } from '../random/random.js';
import { HALF_LOG_2PI } from '../special/constants.js';
import { stirlingCorrection } from '../special/gammaln.js';
import { betainc, gammaln, logBetaincc, ndtri } from '../special/index.js';
import { bd0 } from '../special/logPmf.js';
import {
  checkP,
  checkX,
  cornishFisher,
  count,
  discreteQuantile,
  fill,
  probability,
  type UnivariateDistribution,
} from './family.js';

/** Above this variance the entropy uses its asymptotic expansion instead of a sum over the support. */
const EXACT_ENTROPY_LIMIT = 1e8;
/** Above this many trials the log mass uses the saddle-point form, free of cancellation. */
const SADDLE_POINT = 1e5;

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
    checkX('Binomial', 'logProb', k);
    const n = this.totalCount;
    if (Number.isNaN(k)) return k;
    if (!Number.isInteger(k) || k < 0 || k > n) return Number.NEGATIVE_INFINITY;
    if (n > SADDLE_POINT && k > 0 && k < n) {
      // Loader's saddle-point form (R's dbinom_raw): S(n) − S(k) − S(n − k) − bd0(k, np) − bd0(n − k, nq)
      // + ½ log(n/(2πk(n − k))). The log-gammas of n, k, n − k are each ~n log n and cancel, losing ~n·ε
      // (several units of log at n = 10¹⁵).
      const p = this.probs;
      return (
        stirlingCorrection(n) -
        stirlingCorrection(k) -
        stirlingCorrection(n - k) -
        bd0(k, n * p) -
        bd0(n - k, n * (1 - p)) +
        0.5 * (Math.log(n) - Math.log(k) - Math.log(n - k)) -
        HALF_LOG_2PI
      );
    }
    return (
      gammaln(n + 1) -
      gammaln(k + 1) -
      gammaln(n - k + 1) +
      xlogy(k, this.probs) +
      xlog1py(n - k, -this.probs)
    );
  }

  cdf(x: number): number {
    checkX('Binomial', 'cdf', x);
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
    checkX('Binomial', 'logSurvival', x);
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
    // Cornish–Fisher start (skewness (1 − 2p)/σ), then a bracketed search: O(log) cdf calls for any n.
    const sd = Math.sqrt(this.variance);
    const guess = cornishFisher(n * this.probs, sd, (1 - 2 * this.probs) / sd, ndtri(p));
    return discreteQuantile(
      (k) => this.cdf(k),
      p,
      guess,
      0,
      n,
      (k) => this.logSurvival(k),
    );
  }

  sample(rng: Rng, n = 1): Float64Array {
    return fill('Binomial', rng, n, () => rng.binomial(this.totalCount, this.probs));
  }

  entropy(): number {
    const n = this.totalCount;
    const p = this.probs;
    if (p === 0 || p === 1 || n === 0) return 0;
    const v = n * p * (1 - p);
    // de Moivre–Laplace: H = ½ log(2πe npq) + O(1/(npq)). It needs the variance (not n) to be large: with
    // n = 10¹⁵ and p = 10⁻¹³ the law is Poisson(100)-like and the formula would be off (negative for npq < 1/(2πe)).
    if (v > EXACT_ENTROPY_LIMIT) return 0.5 + HALF_LOG_2PI + 0.5 * Math.log(v);
    // H(n, p) = H(n, 1 − p) (k ↦ n − k; 1 − p is exact for p > ½): with the smaller probability the mode
    // is at most ~np ≤ 2e8 here, so k stays far below 2⁵³ (past it k++ would stall).
    if (p > 0.5) return new Binomial(n, 1 - p).entropy();
    // Sum outward from the mode until the terms stop mattering: ~20σ terms, not n + 1.
    const acc = new Accumulator();
    const mode = Math.min(n, Math.max(0, Math.floor((n + 1) * p)));
    for (let k = mode; k <= n; k++) {
      const lp = this.logProb(k);
      if (lp > -745) acc.add(-Math.exp(lp) * lp);
      if (k > mode + 10 && lp < -50) break;
    }
    for (let k = mode - 1; k >= 0; k--) {
      const lp = this.logProb(k);
      if (lp > -745) acc.add(-Math.exp(lp) * lp);
      if (k < mode - 10 && lp < -50) break;
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
