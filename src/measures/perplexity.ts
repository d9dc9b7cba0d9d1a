import type { DistributionOptions } from '../core/distribution.js';
import { entropyNats } from './entropy.js';

/**
 * Perplexity of a distribution, exp(H(p)) with H in nats: the effective number of equally likely outcomes.
 * It is the same in every unit (b^{H_b(p)} = e^{H(p)}), so it takes no `base`.
 *
 * @example
 * ```ts
 * perplexity([0.25, 0.25, 0.25, 0.25]); // 4
 * perplexity([1, 0]);                    // 1
 * ```
 * @throws {SurprisalError} as {@link entropy}.
 */
export function perplexity(p: ArrayLike<number>, options: DistributionOptions = {}): number {
  return Math.exp(entropyNats(p, options, 'perplexity'));
}
