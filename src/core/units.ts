import { SurprisalError } from './errors.js';
import { describe } from './options.js';

/**
 * Unit of information: a logarithm base (a number > 0 and ≠ 1) or one of the names
 * `'nats'` (base e, the default as in SciPy and PyTorch), `'bits'` (base 2), `'hartleys'` (base 10).
 */
export type Base = number | 'nats' | 'bits' | 'hartleys';

/**
 * Natural logarithm of a base: the divisor that turns nats into the requested unit.
 *
 * @example
 * ```ts
 * logOfBase('bits'); // 0.6931471805599453
 * ```
 * @throws {SurprisalError} `INVALID_OPTION` when the base is not a finite number > 0 and ≠ 1, or not a known unit name.
 */
export function logOfBase(base: Base | undefined): number {
  return unitLog(base, 'logOfBase');
}

/** {@link logOfBase} with the caller's name in the error message. @internal */
export function unitLog(base: Base | undefined, fn: string): number {
  if (base === undefined || base === 'nats') return 1;
  if (base === 'bits') return Math.LN2;
  if (base === 'hartleys') return Math.LN10;
  if (typeof base !== 'number' || !(base > 0) || base === 1 || !Number.isFinite(base)) {
    throw new SurprisalError(
      'INVALID_OPTION',
      `${fn}: base must be a finite number > 0 and != 1, or 'nats' | 'bits' | 'hartleys'; got ${describe(base)}`,
      { argument: 'base', value: base },
    );
  }
  if (base === 2) return Math.LN2;
  if (base === 10) return Math.LN10;
  return Math.log(base);
}
