import type { Rng } from '../random/random.js';
import { checkP, checkX, fill, type UnivariateDistribution } from './family.js';
import { type BinaryParameter, type ProbsOrLogits, readProbsOrLogits, xlog } from './probsOrLogits.js';

/**
 * Bernoulli distribution on {0, 1}, as `torch.distributions.Bernoulli(probs=None, logits=None)`.
 *
 * log p(x) = x log p + (1 − x) log(1 − p); H = −p log p − (1 − p) log(1 − p). Built from logits l
 * (`new Bernoulli({ logits })`), every method works from l itself: log p = −softplus(−l), log(1 − p) =
 * −softplus(l), 1 − p = σ(−l), so that l = 40 keeps H = 1.7e-16 and variance 4.2e-18 (through probs, p rounds
 * to 1 and both are 0). PyTorch clamps probs to [ε, 1 − ε] where it takes their log (log p(1) of
 * Bernoulli(0) is log ε = −36.04 there); here it is −Infinity.
 *
 * @example
 * ```ts
 * new Bernoulli(0.9).entropy() / Math.LN2;    // 0.46899559358928117
 * new Bernoulli(0.3).logProb(1);              // -1.2039728043259361
 * new Bernoulli({ logits: 40 }).logProb(0);   // -40
 * new Bernoulli({ logits: 40 }).entropy();    // 1.7418252446695514e-16
 * ```
 * @throws {SurprisalError} `INVALID_PARAMETER` unless probs is in [0, 1] or logits a number (±Infinity allowed),
 *   or when both or neither of `{ probs, logits }` are given; `INVALID_OPTION` for another key.
 */
export class Bernoulli implements UnivariateDistribution {
  readonly family = 'Bernoulli';
  readonly discrete = true;
  /** p = P(X = 1). */
  readonly probs: number;
  /** The log-odds log p − log(1 − p) (±Infinity at p = 1 and p = 0). */
  readonly logits: number;
  /** p, 1 − p and their logs, each from the parameter given (for the KL rules). @internal */
  readonly binary: BinaryParameter;
  private readonly q: number;
  private readonly logP: number;
  private readonly logQ: number;

  constructor(probs: ProbsOrLogits) {
    const b: BinaryParameter = readProbsOrLogits('Bernoulli', probs);
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

  logProb(x: number): number {
    checkX('Bernoulli', 'logProb', x);
    if (Number.isNaN(x)) return x;
    if (x !== 0 && x !== 1) return Number.NEGATIVE_INFINITY;
    return x === 1 ? this.logP : this.logQ;
  }

  cdf(x: number): number {
    checkX('Bernoulli', 'cdf', x);
    if (Number.isNaN(x)) return x;
    return x < 0 ? 0 : x < 1 ? this.q : 1;
  }

  logSurvival(x: number): number {
    checkX('Bernoulli', 'logSurvival', x);
    if (Number.isNaN(x)) return x;
    return x < 0 ? 0 : x < 1 ? this.logP : Number.NEGATIVE_INFINITY;
  }

  quantile(p: number): number {
    checkP('Bernoulli', p);
    return p <= this.q ? 0 : 1;
  }

  sample(rng: Rng, n = 1): Float64Array {
    return fill('Bernoulli', rng, n, () => (rng.uniform() < this.probs ? 1 : 0));
  }

  entropy(): number {
    return -xlog(this.probs, this.logP) - xlog(this.q, this.logQ);
  }

  get mean(): number {
    return this.probs;
  }

  get variance(): number {
    return this.probs * this.q;
  }
}
