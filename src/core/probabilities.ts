/**
 * Input checking and conversion shared by the measures: turns a user's probability vector, log-probability
 * vector or logit vector into validated, normalised probabilities or log-probabilities.
 * @module
 */
import { SurprisalError } from './errors.js';
import { logSumExpParts } from './logSumExp.js';
import { describe, readBooleanOption } from './options.js';
import { entryError, fsum } from './sum.js';

/** The option keys of every measure that reads distributions (with `base`). @internal */
export const MEASURE_KEYS: readonly string[] = ['base', 'from', 'normalize', 'tolerance'];

/** The option keys of a distribution without a unit. @internal */
export const DISTRIBUTION_KEYS: readonly string[] = ['from', 'normalize', 'tolerance'];

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
const DEFAULT_TOLERANCE = 1e-6;

/** The encoding of argument `which` (0 or 1) under `options.from`. */
export function formOf(options: DistributionOptions | undefined, which: 0 | 1 = 0): ProbabilityForm {
  const from: unknown = options?.from;
  const form =
    from === undefined
      ? 'probs'
      : typeof from === 'string'
        ? from
        : Array.isArray(from) && from.length === 2
          ? from[which]
          : undefined;
  if (form !== 'probs' && form !== 'logprobs' && form !== 'logits') {
    const got = Array.isArray(from) ? `[${from.map(describe).join(', ')}]` : describe(from);
    throw new SurprisalError(
      'INVALID_OPTION',
      `from must be 'probs' | 'logprobs' | 'logits' (or a pair of them); got ${got}`,
      { argument: 'from', value: from },
    );
  }
  return form;
}

function toleranceOf(options: DistributionOptions | undefined): number {
  const tol: unknown = options?.tolerance ?? DEFAULT_TOLERANCE;
  if (typeof tol !== 'number' || !(tol >= 0) || !Number.isFinite(tol)) {
    throw new SurprisalError(
      'INVALID_OPTION',
      `tolerance must be a finite number >= 0; got ${describe(tol)}`,
      {
        argument: 'tolerance',
        value: tol,
      },
    );
  }
  return tol;
}

function normalizeOf(options: DistributionOptions | undefined, fn: string): boolean {
  return readBooleanOption(options?.normalize, false, 'normalize', fn);
}

/**
 * Throws `SHAPE_MISMATCH` unless x is an array or a typed array of numbers (an array-like object with a valid
 * length passes too), and `EMPTY` when it has no elements. Entries are checked by the readers.
 */
function checkNonEmpty(x: ArrayLike<number>, fn: string, name: string): void {
  const n: unknown = (x as { length?: unknown } | null)?.length;
  if (
    x === null ||
    typeof x !== 'object' ||
    typeof n !== 'number' ||
    !Number.isInteger(n) ||
    n < 0 ||
    n > 2 ** 32 ||
    x instanceof BigInt64Array ||
    x instanceof BigUint64Array ||
    x instanceof DataView
  ) {
    throw new SurprisalError(
      'SHAPE_MISMATCH',
      `${fn}: ${name} must be an array or typed array of numbers; got ${describe(x)}`,
      {
        argument: name,
        value: x,
      },
    );
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
    if (typeof v !== 'number') throw entryError(x, i, fn, name);
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
    if (typeof v !== 'number') throw entryError(x, i, fn, name);
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
  const normalize = normalizeOf(options, fn);
  const sum = fsum(x);
  if (normalize) {
    if (!(sum > 0)) {
      throw new SurprisalError('NOT_NORMALIZED', `${fn}: ${name} sums to ${sum}; cannot normalise`, {
        argument: name,
        value: sum,
      });
    }
    const out = new Float64Array(x.length);
    if (Number.isFinite(sum)) {
      for (let i = 0; i < x.length; i++) out[i] = x[i] / sum;
      return out;
    }
    // Finite entries whose sum overflows (e.g. [1e308, 1e308]): scale by a power of two near 1/max first, so
    // the ratios stay exact, then divide by the sum of what is left.
    let m = 0;
    for (let i = 0; i < x.length; i++) if (x[i] > m) m = x[i];
    // 2^-e is a normal or subnormal number for every e ≤ 1024, so the factor itself never overflows.
    const scale = 2 ** -Math.ceil(Math.log2(m));
    for (let i = 0; i < x.length; i++) out[i] = x[i] * scale;
    const s = fsum(out);
    for (let i = 0; i < x.length; i++) out[i] /= s;
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
  if (form === 'logprobs' && !normalizeOf(options, fn)) {
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

/**
 * A validated distribution as probabilities and, where they were not given, no logs: `lp` is undefined for
 * `'probs'` input, whose logs the caller takes as Math.log(p[i]) in its own loop (the same numbers as
 * {@link readProbsAndLogs}, without a length-n temporary).
 */
export interface ProbsAndMaybeLogs {
  p: ArrayLike<number>;
  lp: Float64Array | undefined;
}

/** {@link readProbsAndLogs} without the array of logs of `'probs'` input (see {@link ProbsAndMaybeLogs}). */
export function readProbsAndMaybeLogs(
  x: ArrayLike<number>,
  form: ProbabilityForm,
  options: DistributionOptions | undefined,
  fn: string,
  name: string,
): ProbsAndMaybeLogs {
  if (form === 'probs') return { p: readProbs(x, form, options, fn, name), lp: undefined };
  return readProbsAndLogs(x, form, options, fn, name);
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
