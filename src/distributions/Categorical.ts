import { readOptions } from '../core/options.js';
import { readProbs } from '../core/probabilities.js';
import { Accumulator } from '../core/sum.js';
import { entropy as entropyOf } from '../measures/entropy.js';
import type { Rng } from '../random/random.js';
import { aliasTable } from '../random/variates.js';
import { checkP, checkX, discreteQuantile, sampleBuffer, type UnivariateDistribution } from './family.js';

/**
 * Categorical distribution over {0, ..., K − 1}, as `torch.distributions.Categorical(probs)`.
 *
 * log p(k) = log probs[k]; H = −Σ p log p. Unlike PyTorch, probabilities that do not sum to 1 are an error
 * unless `{ normalize: true }` is passed (PyTorch renormalises silently). `mean` and `variance` are those of
 * the index (PyTorch returns NaN). Samples use Vose's alias method: O(1) per draw.
 *
 * @example
 * ```ts
 * const c = new Categorical([0.5, 0.25, 0.25]);
 * c.entropy();   // 1.0397207708399179
 * c.logProb(1);  // -1.3862943611198906
 * ```
 * @throws {SurprisalError} as {@link entropy} for probabilities that are negative, NaN, empty or not normalised;
 *   `INVALID_OPTION` for an unknown or mistyped option.
 */
export class Categorical implements UnivariateDistribution {
  readonly family = 'Categorical';
  readonly discrete = true;
  readonly probs: Float64Array;
  private readonly cumulative: Float64Array;
  private table: ReturnType<typeof aliasTable> | undefined;

  constructor(probs: ArrayLike<number>, options?: { normalize?: boolean; tolerance?: number }) {
    const opts = readOptions(options, 'Categorical', ['normalize', 'tolerance']);
    this.probs = Float64Array.from(readProbs(probs, 'probs', opts, 'Categorical', 'probs'));
    this.cumulative = new Float64Array(this.probs.length);
    const acc = new Accumulator();
    for (let i = 0; i < this.probs.length; i++) this.cumulative[i] = acc.add(this.probs[i]).value();
  }

  get params(): number[] {
    return Array.from(this.probs);
  }

  logProb(k: number): number {
    checkX('Categorical', 'logProb', k);
    if (Number.isNaN(k)) return k;
    if (!Number.isInteger(k) || k < 0 || k >= this.probs.length) return Number.NEGATIVE_INFINITY;
    return Math.log(this.probs[k]);
  }

  cdf(x: number): number {
    checkX('Categorical', 'cdf', x);
    if (Number.isNaN(x)) return x;
    const k = Math.floor(x);
    return k < 0 ? 0 : k >= this.probs.length - 1 ? 1 : this.cumulative[k];
  }

  logSurvival(x: number): number {
    checkX('Categorical', 'logSurvival', x);
    if (Number.isNaN(x)) return x;
    const k = Math.floor(x);
    if (k < 0) return 0;
    const acc = new Accumulator();
    for (let j = Math.max(0, k + 1); j < this.probs.length; j++) acc.add(this.probs[j]);
    return Math.log(acc.value());
  }

  quantile(p: number): number {
    checkP('Categorical', p);
    // Bisection over the running sums: O(log K) steps, not K.
    return discreteQuantile((k) => this.cdf(k), p, 0, 0, this.probs.length - 1);
  }

  sample(rng: Rng, n = 1): Float64Array {
    const out = sampleBuffer('Categorical', rng, n);
    this.table ??= aliasTable(this.probs);
    for (let i = 0; i < out.length; i++) out[i] = this.table.sample(rng);
    return out;
  }

  entropy(): number {
    return entropyOf(this.probs, { tolerance: 1e-9 });
  }

  get mean(): number {
    const acc = new Accumulator();
    for (let k = 0; k < this.probs.length; k++) acc.add(k * this.probs[k]);
    return acc.value();
  }

  get variance(): number {
    const m = this.mean;
    const acc = new Accumulator();
    for (let k = 0; k < this.probs.length; k++) acc.add((k - m) * (k - m) * this.probs[k]);
    return acc.value();
  }
}
