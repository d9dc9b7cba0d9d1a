import type { DistributionOptions } from '../core/distribution.js';
import { SurprisalError } from '../core/errors.js';
import { type Base, logOfBase } from '../core/units.js';
import { entropyNats } from './entropy.js';

/** A model's mean negative log-likelihood per token, in nats unless `base` says otherwise. */
export interface MeanNll {
  nll: number;
  base?: Base;
}

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
 * @throws {SurprisalError} as {@link entropy}; `NAN` / `OUT_OF_RANGE` for a NaN or negative mean NLL.
 */
export function perplexity(p: ArrayLike<number> | MeanNll, options: DistributionOptions = {}): number {
  if (p !== null && typeof p === 'object' && 'nll' in p) {
    const { nll } = p;
    if (typeof nll !== 'number' || !(nll >= 0)) {
      throw new SurprisalError(
        Number.isNaN(nll) ? 'NAN' : 'OUT_OF_RANGE',
        `perplexity: nll = ${nll}; a mean NLL is >= 0`,
        {
          argument: 'nll',
          value: nll,
        },
      );
    }
    return Math.exp(nll * logOfBase(p.base));
  }
  return Math.exp(entropyNats(p, options, 'perplexity'));
}
