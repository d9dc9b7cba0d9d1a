import { SurprisalError } from '../core/errors.js';
import { describe, readOptions } from '../core/options.js';
import { formOf, type ProbabilityForm } from '../core/probabilities.js';
import { type Base, unitLog } from '../core/units.js';

/** Options of {@link surprisal}. */
export interface SurprisalOptions {
  /** Unit: a log base or `'nats'` (default), `'bits'`, `'hartleys'`. */
  base?: Base;
  /**
   * How the event is given: `'probs'` (p, default), `'logprobs'` (log p) or `'logits'`
   * (log-odds x of a binary event, p = sigmoid(x); the surprisal is softplus(−x), exact for |x| large).
   */
  from?: ProbabilityForm;
}

/**
 * Self-information of one event of probability p: I = −log p (Shannon 1948).
 * I(1) = 0 (no surprise), I(0) = +Infinity.
 *
 * @param p - probability of the event, in [0, 1] (or its log, or its logit; see `from`).
 * @example
 * ```ts
 * surprisal(1, { base: 'bits' });   // 0   "gravity still works today"
 * surprisal(0.5, { base: 'bits' }); // 1
 * surprisal(0, { base: 'bits' });   // Infinity
 * surprisal(-50, { from: 'logits' }); // 50 (softplus(50) without overflow)
 * ```
 * @throws {SurprisalError} `NAN` for NaN, `OUT_OF_RANGE` for p outside [0, 1] (log p > 0),
 *   `NOT_FINITE` for a +Infinity log-probability, `INVALID_OPTION` for a bad base or form.
 */
export function surprisal(p: number, options: SurprisalOptions = {}): number {
  readOptions(options, 'surprisal', ['base', 'from']);
  const form = formOf(options);
  if (typeof options.from !== 'string' && options.from !== undefined) {
    throw new SurprisalError(
      'INVALID_OPTION',
      `surprisal: from must be 'probs' | 'logprobs' | 'logits'; got ${describe(options.from)}`,
      { argument: 'from', value: options.from },
    );
  }
  const k = unitLog(options.base, 'surprisal');
  if (typeof p !== 'number' || Number.isNaN(p)) {
    throw new SurprisalError('NAN', `surprisal: p is ${describe(p)}, not a number`, {
      argument: 'p',
      value: p,
    });
  }
  if (form === 'probs') {
    if (!(p >= 0 && p <= 1)) {
      throw new SurprisalError('OUT_OF_RANGE', `surprisal: p = ${p} is not a probability in [0, 1]`, {
        argument: 'p',
        value: p,
      });
    }
    return -Math.log(p) / k;
  }
  if (form === 'logprobs') {
    if (p > 0) {
      throw new SurprisalError('OUT_OF_RANGE', `surprisal: log p = ${p} is > 0 (p > 1)`, {
        argument: 'p',
        value: p,
      });
    }
    return -p / k;
  }
  // softplus(−x) = log(1 + e^−x), split so that neither branch overflows or loses precision.
  const s = p >= 0 ? Math.log1p(Math.exp(-p)) : -p + Math.log1p(Math.exp(p));
  return s / k;
}
