/**
 * Machine-readable reason attached to every {@link SurprisalError}.
 *
 * - `NOT_NORMALIZED`: a probability vector does not sum to 1 (or its log-sum-exp is not 0) within tolerance.
 * - `NEGATIVE_PROBABILITY`: an entry of a probability vector is below 0.
 * - `NAN`: an input holds NaN.
 * - `NOT_FINITE`: an input holds ±Infinity where only finite values make sense.
 * - `OUT_OF_RANGE`: a value lies outside its domain (a probability above 1, a class index past C).
 * - `SHAPE_MISMATCH`: lengths or shapes of arguments disagree, or a shape does not match its data.
 * - `EMPTY`: an input has no elements.
 * - `INVALID_OPTION`: an option (base, tolerance, alpha, ...) has a value outside its domain.
 * - `INVALID_PARAMETER`: a distribution's parameter is outside its domain (scale ≤ 0, p outside [0, 1], ...).
 * - `NOT_POSITIVE_DEFINITE`: a covariance matrix has no Cholesky factor.
 * - `NOT_IMPLEMENTED`: no closed form exists for the request (e.g. the KL divergence of a pair of families).
 * - `NOT_CONVERGED`: an iterative method stopped before reaching its goal (e.g. the cross-entropy method's level).
 * - `TOO_LARGE`: a requested size (samples, classes, an alphabet, a table) cannot be allocated; refused before
 *   any work starts, with the limit in the message.
 * - `MISSING_DEPENDENCY`: an optional package (a database client for `surprisal/tables`) is not installed; the
 *   message names the package to install.
 * - `ENGINE_ERROR`: a database engine refused or failed a query (its message is quoted).
 */
export type SurprisalErrorCode =
  | 'NOT_NORMALIZED'
  | 'NEGATIVE_PROBABILITY'
  | 'NAN'
  | 'NOT_FINITE'
  | 'OUT_OF_RANGE'
  | 'SHAPE_MISMATCH'
  | 'EMPTY'
  | 'INVALID_OPTION'
  | 'INVALID_PARAMETER'
  | 'NOT_POSITIVE_DEFINITE'
  | 'NOT_IMPLEMENTED'
  | 'NOT_CONVERGED'
  | 'TOO_LARGE'
  | 'MISSING_DEPENDENCY'
  | 'ENGINE_ERROR';

/** Where an error was found: the argument's name and, for arrays, the index and the offending value. */
export interface SurprisalErrorDetails {
  argument?: string;
  index?: number;
  value?: unknown;
}

/**
 * The one error class thrown by surprisal. Bad input never yields a silent number; it throws this,
 * with a `code` to branch on and a message that names the argument, the index and the value.
 *
 * @example
 * ```ts
 * try { entropy([0.5, -0.1, 0.6]); }
 * catch (e) { if (e instanceof SurprisalError) console.log(e.code, e.index); } // NEGATIVE_PROBABILITY 1
 * ```
 */
export class SurprisalError extends Error {
  readonly code: SurprisalErrorCode;
  readonly argument: string | undefined;
  readonly index: number | undefined;
  readonly value: unknown;

  constructor(code: SurprisalErrorCode, message: string, details: SurprisalErrorDetails = {}) {
    super(message);
    this.name = 'SurprisalError';
    this.code = code;
    this.argument = details.argument;
    this.index = details.index;
    this.value = details.value;
  }
}
