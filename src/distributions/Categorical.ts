import { SurprisalError } from '../core/errors.js';
import { logSumExpParts } from '../core/logSumExp.js';
import { readOptions } from '../core/options.js';
import { readProbsAndLogs } from '../core/probabilities.js';
import { Accumulator } from '../core/sum.js';
import { entropy as entropyOf } from '../measures/entropy.js';
import type { Rng } from '../random/random.js';
import { aliasTable } from '../random/variates.js';
import { checkP, checkX, discreteQuantile, sampleBuffer, type UnivariateDistribution } from './family.js';

/**
 * Categorical distribution over {0, ..., K − 1}, as `torch.distributions.Categorical(probs=None, logits=None)`.
 *
 * log p(k) = log probs[k]; H = −Σ p log p. Unlike PyTorch, probabilities that do not sum to 1 are an error
 * unless `{ normalize: true }` is passed (PyTorch renormalises silently). `new Categorical({ logits })` takes
 * unnormalised log-probabilities (−Infinity entries allowed, as PyTorch's masking) and, as PyTorch, keeps them
 * normalised in `logits` (lₖ − logsumexp l); logProb, logSurvival and entropy are then computed from them, so
 * logits [0, −800] give logProb(1) = −800 and logSurvival(0) = −800 where p₁ underflows to 0. `mean` and
 * `variance` are those of the index (PyTorch returns NaN). Samples use Vose's alias method: O(1) per draw.
 *
 * @example
 * ```ts
 * const c = new Categorical([0.5, 0.25, 0.25]);
 * c.entropy();   // 1.0397207708399179
 * c.logProb(1);  // -1.3862943611198906
 * new Categorical({ logits: [0, -800] }).logSurvival(0); // -800
 * ```
 * @throws {SurprisalError} as {@link entropy} for probabilities that are negative, NaN, empty or not normalised,
 *   or logits that are NaN, +Infinity or all −Infinity; `INVALID_PARAMETER` when both or neither of
 *   `{ probs, logits }` are given; `INVALID_OPTION` for an unknown or mistyped option.
 */
export class Categorical implements UnivariateDistribution {
  readonly family = 'Categorical';
  readonly discrete = true;
  readonly probs: Float64Array;
  /** The normalised log-probabilities log probs[k] (PyTorch's `logits` after its logsumexp). */
  readonly logits: Float64Array;
  /** Whether the constructor was given logits (the KL rule then works in log space). @internal */
  readonly builtFromLogits: boolean;
  private readonly cumulative: Float64Array;
  private table: ReturnType<typeof aliasTable> | undefined;

  constructor(
    probs: ArrayLike<number> | { probs: ArrayLike<number> } | { logits: ArrayLike<number> },
    options?: { normalize?: boolean; tolerance?: number },
  ) {
    const opts = readOptions(options, 'Categorical', ['normalize', 'tolerance']);
    const given = readCategoricalParameter(probs);
    const { p, lp } = readProbsAndLogs(given.values, given.from, opts, 'Categorical', given.from);
    this.builtFromLogits = given.from === 'logits';
    this.probs = Float64Array.from(p);
    this.logits = lp;
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
    return this.logits[k];
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
    if (this.builtFromLogits) {
      const [m, r] = logSumExpParts(this.logits.subarray(Math.min(k + 1, this.logits.length)));
      return m + r;
    }
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
    if (!this.builtFromLogits) return entropyOf(this.probs, { tolerance: 1e-9 });
    // −Σ pₖ lₖ with the normalised logits: a class with lₖ = −40 adds 41·e⁻⁴⁰ even where p rounds to 1.
    const acc = new Accumulator();
    for (let k = 0; k < this.logits.length; k++) {
      const l = this.logits[k];
      if (l > Number.NEGATIVE_INFINITY) acc.add(-Math.exp(l) * l);
    }
    return Math.max(0, acc.value());
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

/** The first argument: an array of probabilities, or exactly one of `{ probs }` and `{ logits }`. */
function readCategoricalParameter(value: unknown): {
  values: ArrayLike<number>;
  from: 'probs' | 'logits';
} {
  const o = value as { length?: unknown } | null;
  if (o === null || typeof o !== 'object' || typeof o.length === 'number' || ArrayBuffer.isView(o)) {
    return { values: value as ArrayLike<number>, from: 'probs' };
  }
  const given = readOptions(o, 'Categorical', ['probs', 'logits'], 'parameters') as {
    probs?: ArrayLike<number>;
    logits?: ArrayLike<number>;
  };
  if ((given.probs === undefined) === (given.logits === undefined)) {
    throw new SurprisalError(
      'INVALID_PARAMETER',
      `Categorical: give exactly one of probs and logits; got ${given.probs === undefined ? 'neither' : 'both'}`,
      { argument: given.probs === undefined ? 'probs' : 'logits', value },
    );
  }
  return given.probs !== undefined
    ? { values: given.probs, from: 'probs' }
    : { values: given.logits as ArrayLike<number>, from: 'logits' };
}
