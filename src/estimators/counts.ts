/**
 * Counts from data: validation of count vectors and tallying of samples of any values.
 * @module
 */
import { SurprisalError } from '../core/errors.js';

/** Values that can be tallied: numbers, strings, booleans, bigints (compared with SameValueZero). */
export type Category = number | string | boolean | bigint;

/** Validates a vector of counts (non-negative integers, not all 0) into a Float64Array. @internal */
export function readCounts(counts: ArrayLike<number>, fn: string, name = 'counts'): Float64Array {
  if (!counts || typeof counts.length !== 'number') {
    throw new SurprisalError('SHAPE_MISMATCH', `${fn}: ${name} must be an array of counts`, {
      argument: name,
      value: counts,
    });
  }
  if (counts.length === 0) throw new SurprisalError('EMPTY', `${fn}: ${name} is empty`, { argument: name });
  const out = new Float64Array(counts.length);
  let total = 0;
  for (let i = 0; i < counts.length; i++) {
    const c = counts[i];
    if (Number.isNaN(c))
      throw new SurprisalError('NAN', `${fn}: ${name}[${i}] is NaN`, { argument: name, index: i, value: c });
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
    total += c;
  }
  if (total === 0)
    throw new SurprisalError('EMPTY', `${fn}: ${name} are all 0; there is no data`, { argument: name });
  return out;
}

/**
 * Codes samples of any values as integers 0, 1, ... in order of first appearance (SameValueZero). Pass the same
 * `index` to code two sample sets on one alphabet. NaN, null, undefined and objects are errors naming the index.
 * @internal
 */
export function encodeCategories(
  samples: ArrayLike<Category>,
  fn: string,
  name: string,
  index: Map<Category, number> = new Map(),
): Int32Array {
  if (samples === null || typeof samples !== 'object' || typeof samples.length !== 'number') {
    throw new SurprisalError('SHAPE_MISMATCH', `${fn}: ${name} must be an array of samples`, {
      argument: name,
      value: samples,
    });
  }
  if (samples.length === 0)
    throw new SurprisalError('EMPTY', `${fn}: ${name} has no samples`, { argument: name });
  const codes = new Int32Array(samples.length);
  for (let i = 0; i < samples.length; i++) {
    const v = samples[i];
    if ((typeof v === 'number' && Number.isNaN(v)) || v === undefined || v === null) {
      throw new SurprisalError('NAN', `${fn}: ${name}[${i}] is ${String(v)}`, {
        argument: name,
        index: i,
        value: v,
      });
    }
    if (typeof v === 'object') {
      throw new SurprisalError(
        'SHAPE_MISMATCH',
        `${fn}: ${name}[${i}] is not a value (numbers, strings, booleans)`,
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
