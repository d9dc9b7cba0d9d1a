import { SurprisalError } from '../core/errors.js';
import { describe, readOptions } from '../core/options.js';
import { DISTRIBUTION_KEYS, type DistributionOptions } from '../core/probabilities.js';
import { type Base, unitLog } from '../core/units.js';
import { entropyNats } from './entropy.js';

/** A model's mean negative log-likelihood per token, in nats unless `base` says otherwise. */
export interface MeanNll {
  nll: number;
  base?: Base;
}

/** Options of {@link perplexity}: how a distribution is given (`from`, `normalize`, `tolerance`); no `base`. */
export type PerplexityOptions = DistributionOptions;

/**
 * Perplexity: the effective number of equally likely outcomes.
 *
 * - Of a distribution: exp(H(p)), the same in every unit (b^{H_b(p)} = e^{H(p)}), so it takes no `base`.
 * - Of a model on data, from its mean negative log-likelihood per token: exp(mean NLL) (or b^{NLL} when the
 *   NLL is in base b, e.g. bits).
 *
 * @example
 * ```ts
 * perplexity([0.25, 0.25, 0.25, 0.25]); // 4
 * perplexity([1, 0]);                    // 1
 * perplexity({ nll: Math.log(50) });     // 50
 * perplexity({ nll: 3, base: 'bits' });  // 8
 * ```
 * @throws {SurprisalError} as {@link entropy}; `NAN` / `OUT_OF_RANGE` for a NaN, non-number or negative mean NLL;
 *   `INVALID_OPTION` for an unknown option (or a key of `{ nll, base }` other than those two).
 */
export function perplexity(p: ArrayLike<number> | MeanNll, options: PerplexityOptions = {}): number {
  readOptions(options, 'perplexity', DISTRIBUTION_KEYS);
  if (p !== null && typeof p === 'object' && !ArrayBuffer.isView(p) && 'nll' in p) {
    readOptions(p, 'perplexity', ['nll', 'base'], 'p');
    const { nll } = p;
    if (typeof nll !== 'number' || !(nll >= 0)) {
      throw new SurprisalError(
        typeof nll !== 'number' || Number.isNaN(nll) ? 'NAN' : 'OUT_OF_RANGE',
        `perplexity: nll = ${describe(nll)}; a mean NLL is a number >= 0`,
        {
          argument: 'nll',
          value: nll,
        },
      );
    }
    return Math.exp(nll * unitLog(p.base, 'perplexity'));
  }
  return Math.exp(entropyNats(p as ArrayLike<number>, options, 'perplexity'));
}
