import type { Rng } from '../random/random.js';
import { checkP, checkX, fill, type UnivariateDistribution } from './family.js';
import { type BinaryParameter, type ProbsOrLogits, readProbsOrLogits } from './probsOrLogits.js';

/**
 * Geometric distribution: failures before the first success, support {0, 1, 2, ...}, as
 * `torch.distributions.Geometric(probs=None, logits=None)` (SciPy's `geom` counts trials: `geom(p, loc=-1)` is
 * this one).
 *
 * log p(k) = k log(1 − p) + log p; log P(X > k) = (k + 1) log(1 − p); H = −[(1 − p) log(1 − p) + p log p]/p.
 * From logits l (`new Geometric({ logits })`) the logs are −softplus(∓l) and 1 − p = σ(−l), exact at l = ±40
 * and beyond (l = −800 has p = e⁻⁸⁰⁰, which underflows, and still H = 801).
 *
 * @example
 * ```ts
 * new Geometric(0.5).mean;                     // 1
 * new Geometric(0.5).entropy();                // 1.3862943611198906
 * new Geometric({ logits: -800 }).entropy();   // 801
 * ```
 * @throws {SurprisalError} `INVALID_PARAMETER` unless probs is in (0, 1] or logits a number > −Infinity
 *   (+Infinity is p = 1), or when both or neither of `{ probs, logits }` are given; `INVALID_OPTION` for
 *   another key.
 */
export class Geometric implements UnivariateDistribution {
  readonly family = 'Geometric';
  readonly discrete = true;
  /** p, the probability of success of each trial. */
  readonly probs: number;
  /** log p − log(1 − p). */
  readonly logits: number;
  /** p, 1 − p and their logs, each from the parameter given (for the KL rules). @internal */
  readonly binary: BinaryParameter;
  private readonly q: number;
  private readonly logP: number;
  private readonly logQ: number;

  constructor(probs: ProbsOrLogits) {
    const b = readProbsOrLogits('Geometric', probs, Number.MIN_VALUE, false);
    this.binary = b;
    this.probs = b.probs;
    this.logits = b.logits;
    this.q = b.probsComplement;
    this.logP = b.logProbs;
    this.logQ = b.log1mProbs;
  }

  get params(): number[] {
    return [this.probs];
  }

  logProb(k: number): number {
    checkX('Geometric', 'logProb', k);
    if (Number.isNaN(k)) return k;
    if (!Number.isInteger(k) || k < 0) return Number.NEGATIVE_INFINITY;
    return (k === 0 ? 0 : k * this.logQ) + this.logP;
  }

  cdf(x: number): number {
    checkX('Geometric', 'cdf', x);
    if (Number.isNaN(x)) return x;
    const k = Math.floor(x);
    // (k = Infinity: 1 even where log(1 − p) underflowed to −0 from logits below −745.)
    return k < 0 ? 0 : k === Number.POSITIVE_INFINITY ? 1 : -Math.expm1((k + 1) * this.logQ);
  }

  logSurvival(x: number): number {
    checkX('Geometric', 'logSurvival', x);
    if (Number.isNaN(x)) return x;
    const k = Math.floor(x);
    return k < 0 ? 0 : k === Number.POSITIVE_INFINITY ? Number.NEGATIVE_INFINITY : (k + 1) * this.logQ;
  }

  quantile(p: number): number {
    checkP('Geometric', p);
    if (p === 0 || this.q === 0) return 0;
    if (p === 1) return Number.POSITIVE_INFINITY;
    // Smallest k with 1 − (1 − q)^{k+1} ≥ p; the ceil is nudged against rounding just above an integer.
    const k = Math.ceil(Math.log1p(-p) / this.logQ - 1 - 1e-12);
    return Math.max(0, k);
  }

  sample(rng: Rng, n = 1): Float64Array {
    if (this.q === 0) return fill('Geometric', rng, n, () => 0);
    const l = this.logQ;
    return fill('Geometric', rng, n, () => Math.floor(-rng.exponential() / l));
  }

  entropy(): number {
    const p = this.probs;
    if (this.q === 0) return 0;
    // −log p − (1 − p)·log(1 − p)/p: log(1 − p)/p is formed first, ≈ −1 − p/2 for tiny p, where (1 − p)/p
    // overflows, the two subnormal products lost every digit, and from logits both underflow to 0 (0/0).
    const ratio = p > 1e-8 ? this.logQ / p : -1 - p / 2;
    return -this.logP - this.q * ratio;
  }

  get mean(): number {
    return this.q / this.probs;
  }

  get variance(): number {
    return this.q / (this.probs * this.probs);
  }
}
