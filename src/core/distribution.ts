/**
 * Input checking and conversion shared by the measures: turns a user's probability vector, log-probability
 * vector or logit vector into validated, normalised probabilities or log-probabilities.
 * @module
 */
import { SurprisalError } from './errors.js';
import { logSumExpParts } from './logSumExp.js';
import { fsum } from './sum.js';

/**
 * How a vector encodes its distribution: `'probs'` (p, the default), `'logprobs'` (log p, natural log) or
 * `'logits'` (unnormalised log-probabilities; the distribution is softmax(x)).
 */
export type ProbabilityForm = 'probs' | 'logprobs' | 'logits';

/** Options understood by every measure that reads a distribution. */
export interface DistributionOptions {
  /** Encoding of the input(s); a pair gives the encoding of each of two arguments. Default `'probs'`. */
  from?: ProbabilityForm | readonly [ProbabilityForm, ProbabilityForm];
  /**
   * Divide by the sum (or subtract the log-sum-exp) before use, as SciPy always does. Default `false`:
   * input that is not normalised within `tolerance` is an error, because silent renormalisation hides
   * mistakes (scipy/scipy#12553, #11388).
   */
  normalize?: boolean;
  /** Allowed |Σp − 1| (or |logΣexp(log p)|) for input that is not normalised here. Default 1e-6. */
  tolerance?: number;
}

/** Default tolerance on |Σp − 1|. */
export const DEFAULT_TOLERANCE = 1e-6;

/** The encoding of argument `which` (0 or 1) under `options.from`. */
export function formOf(options: DistributionOptions | undefined, which: 0 | 1 = 0): ProbabilityForm {
  const from = options?.from;
  const form = from === undefined ? 'probs' : typeof from === 'string' ? from : from[which];
  if (form !== 'probs' && form !== 'logprobs' && form !== 'logits') {
    throw new SurprisalError(
      'INVALID_OPTION',
      `from must be 'probs' | 'logprobs' | 'logits' (or a pair of them); got ${String(from)}`,
      { argument: 'from', value: from },
    );
  }
  return form;
}

function toleranceOf(options: DistributionOptions | undefined): number {
  const tol = options?.tolerance ?? DEFAULT_TOLERANCE;
  if (!(tol >= 0) || !Number.isFinite(tol)) {
    throw new SurprisalError('INVALID_OPTION', `tolerance must be a finite number >= 0; got ${tol}`, {
      argument: 'tolerance',
      value: tol,
    });
  }
  return tol;
}

/** Throws `EMPTY` when x has no elements. */
export function checkNonEmpty(x: ArrayLike<number>, fn: string, name: string): void {
  if (x === null || typeof x !== 'object' || typeof x.length !== 'number') {
    throw new SurprisalError('SHAPE_MISMATCH', `${fn}: ${name} must be an array or typed array`, {
      argument: name,
      value: x,
    });
  }
  if (x.length === 0) {
    throw new SurprisalError('EMPTY', `${fn}: ${name} is empty; a distribution needs at least one outcome`, {
      argument: name,
    });
  }
}

/** Throws `SHAPE_MISMATCH` unless p and q have the same length. */
export function checkSameLength(p: ArrayLike<number>, q: ArrayLike<number>, fn: string): void {
  if (p.length !== q.length) {
    throw new SurprisalError(
      'SHAPE_MISMATCH',
      `${fn}: p and q must have the same length; got ${p.length} and ${q.length}`,
      { argument: 'q', value: q.length },
    );
  }
}

function checkProbabilityEntries(x: ArrayLike<number>, fn: string, name: string): void {
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    if (v >= 0 && v !== Number.POSITIVE_INFINITY) continue;
    if (Number.isNaN(v)) {
      throw new SurprisalError('NAN', `${fn}: ${name}[${i}] is NaN`, { argument: name, index: i, value: v });
    }
    if (v === Number.POSITIVE_INFINITY) {
      throw new SurprisalError(
        'NOT_FINITE',
        `${fn}: ${name}[${i}] is Infinity; probabilities must be finite`,
        {
          argument: name,
          index: i,
          value: v,
        },
      );
    }
    if (typeof v !== 'number') {
      throw new SurprisalError('NAN', `${fn}: ${name}[${i}] is not a number (${String(v)})`, {
        argument: name,
        index: i,
        value: v,
      });
    }
    throw new SurprisalError(
      'NEGATIVE_PROBABILITY',
      `${fn}: ${name}[${i}] = ${v} is negative; probabilities must be >= 0`,
      { argument: name, index: i, value: v },
    );
  }
}

function checkLogEntries(x: ArrayLike<number>, fn: string, name: string, form: ProbabilityForm): void {
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    if (v < Number.POSITIVE_INFINITY) continue;
    if (v === Number.POSITIVE_INFINITY) {
      throw new SurprisalError(
        'NOT_FINITE',
        `${fn}: ${name}[${i}] is +Infinity; ${form} must be < Infinity`,
        {
          argument: name,
          index: i,
          value: v,
        },
      );
    }
    throw new SurprisalError('NAN', `${fn}: ${name}[${i}] is NaN`, { argument: name, index: i, value: v });
  }
}

/**
 * Validated probabilities of x under `form`. For `'probs'` without normalisation this is x itself (no copy);
 * otherwise a new Float64Array.
 */
export function readProbs(
  x: ArrayLike<number>,
  form: ProbabilityForm,
  options: DistributionOptions | undefined,
  fn: string,
  name: string,
): ArrayLike<number> {
  checkNonEmpty(x, fn, name);
  if (form !== 'probs') {
    const l = readLogProbs(x, form, options, fn, name);
    for (let i = 0; i < l.length; i++) l[i] = Math.exp(l[i]);
    return l;
  }
  checkProbabilityEntries(x, fn, name);
  const sum = fsum(x);
  if (options?.normalize) {
    if (!(sum > 0) || !Number.isFinite(sum)) {
      throw new SurprisalError('NOT_NORMALIZED', `${fn}: ${name} sums to ${sum}; cannot normalise`, {
        argument: name,
        value: sum,
      });
    }
    const out = new Float64Array(x.length);
    for (let i = 0; i < x.length; i++) out[i] = x[i] / sum;
    return out;
  }
  const tol = toleranceOf(options);
  if (!(Math.abs(sum - 1) <= tol)) {
    throw new SurprisalError(
      'NOT_NORMALIZED',
      `${fn}: ${name} sums to ${sum}, not 1 (tolerance ${tol}); pass { normalize: true } to normalise`,
      { argument: name, value: sum },
    );
  }
  return x;
}

/** Validated, normalised natural-log probabilities of x under `form`, as a new Float64Array. */
export function readLogProbs(
  x: ArrayLike<number>,
  form: ProbabilityForm,
  options: DistributionOptions | undefined,
  fn: string,
  name: string,
): Float64Array {
  checkNonEmpty(x, fn, name);
  const n = x.length;
  const out = new Float64Array(n);
  if (form === 'probs') {
    const p = readProbs(x, form, options, fn, name);
    for (let i = 0; i < n; i++) out[i] = Math.log(p[i]);
    return out;
  }
  checkLogEntries(x, fn, name, form);
  const [m, r] = logSumExpParts(x);
  const lse = m + r;
  if (lse === Number.NEGATIVE_INFINITY) {
    throw new SurprisalError(
      'NOT_NORMALIZED',
      `${fn}: every entry of ${name} is -Infinity; no distribution`,
      {
        argument: name,
        value: lse,
      },
    );
  }
  if (form === 'logprobs' && !options?.normalize) {
    const tol = toleranceOf(options);
    if (!(Math.abs(lse) <= tol)) {
      throw new SurprisalError(
        'NOT_NORMALIZED',
        `${fn}: exp(${name}) sums to ${Math.exp(lse)}, not 1 (tolerance ${tol}); pass { normalize: true } or { from: 'logits' }`,
        { argument: name, value: Math.exp(lse) },
      );
    }
    for (let i = 0; i < n; i++) out[i] = x[i];
    return out;
  }
  for (let i = 0; i < n; i++) out[i] = x[i] - m - r;
  return out;
}

/** A validated distribution held both as probabilities and as their natural logs. */
export interface ProbsAndLogs {
  p: ArrayLike<number>;
  lp: Float64Array;
}

/** Validated probabilities and log-probabilities of x, each computed from the form it was given in. */
export function readProbsAndLogs(
  x: ArrayLike<number>,
  form: ProbabilityForm,
  options: DistributionOptions | undefined,
  fn: string,
  name: string,
): ProbsAndLogs {
  if (form === 'probs') {
    const p = readProbs(x, form, options, fn, name);
    const lp = new Float64Array(p.length);
    for (let i = 0; i < p.length; i++) lp[i] = Math.log(p[i]);
    return { p, lp };
  }
  const lp = readLogProbs(x, form, options, fn, name);
  const p = new Float64Array(lp.length);
  for (let i = 0; i < lp.length; i++) p[i] = Math.exp(lp[i]);
  return { p, lp };
}
