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
  type UnivariateDistribution,
} from './family.js';
import { type BinaryParameter, type ProbsOrLogits, readProbsOrLogits, xlog } from './probsOrLogits.js';

/** Above this variance the entropy uses its asymptotic expansion instead of a sum over the support. */
const EXACT_ENTROPY_LIMIT = 1e8;
/** Above this many trials the log mass uses the saddle-point form, free of cancellation. */
const SADDLE_POINT = 1e5;

/**
 * Binomial distribution: successes in `totalCount` trials of probability `probs`, as
 * `torch.distributions.Binomial(totalCount, probs=None, logits=None)`.
 *
 * log p(k) = log C(n, k) + k log p + (n − k) log(1 − p); P(X ≤ k) = I_{1−p}(n − k, k + 1).
 * The entropy is summed over the support (PyTorch enumerates it too) up to variance 10⁸, and above that uses
 * ½ log(2πe·np(1 − p)) + O(1/n). With `{ logits }` the logs of p and 1 − p are −softplus(∓l) and 1 − p is
 * σ(−l), never 1 minus a rounded p: Binomial(10, { logits: 40 }) has log p(9) = −37.697 (through probs,
 * −Infinity).
 *
 * @example
 * ```ts
 * new Binomial(10, 0.5).logProb(5);              // -1.4020427180880297
 * new Binomial(10, 0.3).mean;                    // 3
 * new Binomial(10, { logits: 40 }).logProb(9);   // -37.69741490700595
 * ```
 * @throws {SurprisalError} `INVALID_PARAMETER` unless totalCount is a non-negative integer and probs in [0, 1]
 *   (or logits a number, ±Infinity allowed), or when both or neither of `{ probs, logits }` are given;
 *   `INVALID_OPTION` for another key.
 */
export class Binomial implements UnivariateDistribution {
  readonly family = 'Binomial';
  readonly discrete = true;
  readonly totalCount: number;
  /** p, the probability of success of each trial. */
  readonly probs: number;
  /** log p − log(1 − p). */
  readonly logits: number;
  /** p, 1 − p and their logs, each from the parameter given (for the KL rules). @internal */
  readonly binary: BinaryParameter;
  private readonly q: number;
  private readonly logP: number;
  private readonly logQ: number;

  constructor(totalCount: number, probs: ProbsOrLogits) {
    this.totalCount = count('Binomial', 'totalCount', totalCount);
    const b = readProbsOrLogits('Binomial', probs);
    this.binary = b;
    this.probs = b.probs;
    this.logits = b.logits;
    this.q = b.probsComplement;
    this.logP = b.logProbs;
    this.logQ = b.log1mProbs;
  }

  get params(): number[] {
    return [this.totalCount, this.probs];
  }

  logProb(k: number): number {
    checkX('Binomial', 'logProb', k);
    if (Number.isNaN(k)) return k;
    return binomialLogPmf(this.totalCount, k, this.probs, this.q, this.logP, this.logQ);
  }

  cdf(x: number): number {
    checkX('Binomial', 'cdf', x);
    const n = this.totalCount;
    if (Number.isNaN(x)) return x;
    const k = Math.floor(x);
    if (k < 0) return 0;
    if (k >= n) return 1;
    if (this.probs === 0) return 1;
    if (this.q === 0) return 0;
    return betainc(n - k, k + 1, this.q);
  }

  logSurvival(x: number): number {
    checkX('Binomial', 'logSurvival', x);
    const n = this.totalCount;
    if (Number.isNaN(x)) return x;
    const k = Math.floor(x);
    if (k < 0) return 0;
    if (k >= n) return Number.NEGATIVE_INFINITY;
    if (this.probs === 0) return Number.NEGATIVE_INFINITY;
    if (this.q === 0) return 0;
    // P(X > k) = I_p(k + 1, n − k) = 1 − I_{1−p}(n − k, k + 1), in log space so that p^n-sized tails do not underflow.
    return logBetaincc(n - k, k + 1, this.q);
  }

  quantile(p: number): number {
    checkP('Binomial', p);
    const n = this.totalCount;
    // Cornish–Fisher start (skewness (1 − 2p)/σ), then a bracketed search: O(log) cdf calls for any n.
    const sd = Math.sqrt(this.variance);
    const guess = cornishFisher(n * this.probs, sd, (this.q - this.probs) / sd, ndtri(p));
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
    const t = this.totalCount;
    // p > ½ draws n − Binomial(n, 1 − p), as the generator does itself, but with the exact 1 − p (from
    // logits = 40 it is 4.2e-18, not 0): the same draws as before for a p given as probs.
    if (this.probs > 0.5) return fill('Binomial', rng, n, () => t - rng.binomial(t, this.q));
    return fill('Binomial', rng, n, () => rng.binomial(t, this.probs));
  }

  entropy(): number {
    const n = this.totalCount;
    if (this.probs === 0 || this.q === 0 || n === 0) return 0;
    const v = n * this.probs * this.q;
    // de Moivre–Laplace: H = ½ log(2πe npq) + O(1/(npq)). It needs the variance (not n) to be large: with
    // n = 10¹⁵ and p = 10⁻¹³ the law is Poisson(100)-like and the formula would be off (negative for npq < 1/(2πe)).
    if (v > EXACT_ENTROPY_LIMIT) return 0.5 + HALF_LOG_2PI + 0.5 * Math.log(v);
    // H(n, p) = H(n, 1 − p) (k ↦ n − k): sum with the smaller probability, so the mode is at most
    // ~np ≤ 2e8 here and k stays far below 2⁵³ (past it k++ would stall).
    const swap = this.probs > 0.5;
    const [p, q, logP, logQ] = swap
      ? [this.q, this.probs, this.logQ, this.logP]
      : [this.probs, this.q, this.logP, this.logQ];
    // Sum outward from the mode until the terms stop mattering: ~20σ terms, not n + 1.
    const acc = new Accumulator();
    const mode = Math.min(n, Math.max(0, Math.floor((n + 1) * p)));
    for (let k = mode; k <= n; k++) {
      const lp = binomialLogPmf(n, k, p, q, logP, logQ);
      if (lp > -745) acc.add(-Math.exp(lp) * lp);
      if (k > mode + 10 && lp < -50) break;
    }
    for (let k = mode - 1; k >= 0; k--) {
      const lp = binomialLogPmf(n, k, p, q, logP, logQ);
      if (lp > -745) acc.add(-Math.exp(lp) * lp);
      if (k < mode - 10 && lp < -50) break;
    }
    return acc.value();
  }

  get mean(): number {
    return this.totalCount * this.probs;
  }

  get variance(): number {
    return this.totalCount * this.probs * this.q;
  }
}

/** log C(n, k) + k log p + (n − k) log q for any number k, from p, q = 1 − p and their logs. */
function binomialLogPmf(n: number, k: number, p: number, q: number, logP: number, logQ: number): number {
  if (!Number.isInteger(k) || k < 0 || k > n) return Number.NEGATIVE_INFINITY;
  // (p or q underflowed to 0 from logits below −745: the log-gamma form, where bd0 would divide by 0.)
  if (n > SADDLE_POINT && k > 0 && k < n && p > 0 && q > 0) {
    // Loader's saddle-point form (R's dbinom_raw): S(n) − S(k) − S(n − k) − bd0(k, np) − bd0(n − k, nq)
    // + ½ log(n/(2πk(n − k))). The log-gammas of n, k, n − k are each ~n log n and cancel, losing ~n·ε
    // (several units of log at n = 10¹⁵).
    return (
      stirlingCorrection(n) -
      stirlingCorrection(k) -
      stirlingCorrection(n - k) -
      bd0(k, n * p) -
      bd0(n - k, n * q) +
      0.5 * (Math.log(n) - Math.log(k) - Math.log(n - k)) -
      HALF_LOG_2PI
    );
  }
  return gammaln(n + 1) - gammaln(k + 1) - gammaln(n - k + 1) + xlog(k, logP) + xlog(n - k, logQ);
}
