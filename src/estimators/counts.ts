/**
 * Counts from data: validation of count vectors and tallying of samples of any values.
 * @module
 */
import { SurprisalError } from '../core/errors.js';
import { describe } from '../core/options.js';
import { entryError } from '../core/sum.js';

/** Values that can be tallied: numbers, strings, booleans, bigints (compared with SameValueZero). */
export type Category = number | string | boolean | bigint;

/**
 * Validates a vector of counts (finite non-negative integers of type number, not all 0) into a Float64Array.
 * Counts past 2⁵³ are accepted (they are integers); the estimators say what they do with totals that large.
 * @internal
 */
export function readCounts(counts: ArrayLike<number>, fn: string, name = 'counts'): Float64Array {
  checkArrayLike(counts, fn, name, 'an array of counts');
  if (counts.length === 0) throw new SurprisalError('EMPTY', `${fn}: ${name} is empty`, { argument: name });
  const out = new Float64Array(counts.length);
  let any = false;
  for (let i = 0; i < counts.length; i++) {
    const c = counts[i];
    if (typeof c !== 'number') throw entryError(counts, i, fn, name);
    if (Number.isNaN(c))
      throw new SurprisalError('NAN', `${fn}: ${name}[${i}] is NaN`, { argument: name, index: i, value: c });
    if (!Number.isFinite(c)) {
      throw new SurprisalError('NOT_FINITE', `${fn}: ${name}[${i}] is ${c}; counts must be finite`, {
        argument: name,
        index: i,
        value: c,
      });
    }
    if (!(c >= 0) || !Number.isInteger(c)) {
      throw new SurprisalError(
        'OUT_OF_RANGE',
        `${fn}: ${name}[${i}] = ${c} is not a non-negative integer count`,
        {
          argument: name,
          index: i,
          value: c,
        },
      );
    }
    out[i] = c;
    if (c > 0) any = true;
  }
  if (!any)
    throw new SurprisalError('EMPTY', `${fn}: ${name} are all 0; there is no data`, { argument: name });
  return out;
}

/** Throws `SHAPE_MISMATCH` unless x is an array, a typed array or an array-like object with a valid length. */
function checkArrayLike(x: unknown, fn: string, name: string, what: string): asserts x is ArrayLike<unknown> {
  const n: unknown = (x as { length?: unknown } | null)?.length;
  if (
    x === null ||
    typeof x !== 'object' ||
    typeof n !== 'number' ||
    !Number.isInteger(n) ||
    n < 0 ||
    n > 2 ** 32
  ) {
    throw new SurprisalError('SHAPE_MISMATCH', `${fn}: ${name} must be ${what}; got ${describe(x)}`, {
      argument: name,
      value: x,
    });
  }
}

/**
 * Codes samples of any values as integers 0, 1, ... in order of first appearance (SameValueZero). Pass the same
 * `index` to code two sample sets on one alphabet. NaN, null, undefined, holes, objects, symbols and functions are errors naming the index.
 * @internal
 */
export function encodeCategories(
  samples: ArrayLike<Category>,
  fn: string,
  name: string,
  index: Map<Category, number> = new Map(),
): Int32Array {
  checkArrayLike(samples, fn, name, 'an array of samples');
  if (samples.length === 0)
    throw new SurprisalError('EMPTY', `${fn}: ${name} has no samples`, { argument: name });
  const codes = new Int32Array(samples.length);
  for (let i = 0; i < samples.length; i++) {
    const v = samples[i];
    if (v === undefined && Array.isArray(samples) && !(i in samples)) throw entryError(samples, i, fn, name);
    if ((typeof v === 'number' && Number.isNaN(v)) || v === undefined || v === null) {
      throw new SurprisalError('NAN', `${fn}: ${name}[${i}] is ${String(v)}`, {
        argument: name,
        index: i,
        value: v,
      });
    }
    if (typeof v === 'object' || typeof v === 'symbol' || typeof v === 'function') {
      throw new SurprisalError(
        'SHAPE_MISMATCH',
        `${fn}: ${name}[${i}] is ${describe(v)}, not a value (numbers, strings, booleans, bigints)`,
        {
          argument: name,
          index: i,
          value: v,
        },
      );
    }
    let c = index.get(v);
    if (c === undefined) {
      c = index.size;
      index.set(v, c);
    }
    codes[i] = c;
  }
  return codes;
}

/** Tallies samples of any values into counts, in order of first appearance. NaN is an error. @internal */
export function tally(
  samples: ArrayLike<Category>,
  fn: string,
  name = 'samples',
): { counts: Float64Array; values: Category[] } {
  const index = new Map<Category, number>();
  const codes = encodeCategories(samples, fn, name, index);
  const counts = new Float64Array(index.size);
  for (const c of codes) counts[c]++;
  return { counts, values: [...index.keys()] };
}
