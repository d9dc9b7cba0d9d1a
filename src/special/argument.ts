/**
 * The one input check of the exported special functions: SciPy-like scalar functions take any number
 * (NaN gives NaN, arguments outside the domain give NaN), but a string, `null`, a boolean or a bigint is a
 * programming error that must not be coerced or passed through (gammaln(1n) returned 1n, gammaln('3')
 * returned '3'). A `typeof` test per argument, which the engine folds away for numbers.
 * @module
 */
import { SurprisalError } from '../core/errors.js';
import { describe } from '../core/options.js';

/**
 * Throws `NAN` naming the function and argument unless `x` is a number.
 * @internal
 */
export function checkNumber(fn: string, name: string, x: unknown): void {
  if (typeof x !== 'number') {
    throw new SurprisalError('NAN', `${fn}: ${name} must be a number; got ${describe(x)}`, {
      argument: name,
      value: x,
    });
  }
}
