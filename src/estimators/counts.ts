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

/** Tallies samples of any values into counts, in order of first appearance. NaN is an error. @internal */
export function tally(
  samples: ArrayLike<Category>,
  fn: string,
  name = 'samples',
): { counts: Float64Array; values: Category[] } {
  if (!samples || typeof samples.length !== 'number') {
    throw new SurprisalError('SHAPE_MISMATCH', `${fn}: ${name} must be an array`, {
      argument: name,
      value: samples,
    });
  }
  if (samples.length === 0) throw new SurprisalError('EMPTY', `${fn}: ${name} is empty`, { argument: name });
  const index = new Map<Category, number>();
  const counts: number[] = [];
  for (let i = 0; i < samples.length; i++) {
    const v = samples[i];
    if (typeof v === 'number' && Number.isNaN(v)) {
      throw new SurprisalError('NAN', `${fn}: ${name}[${i}] is NaN`, { argument: name, index: i, value: v });
    }
    if (v === undefined || v === null) {
      throw new SurprisalError('NAN', `${fn}: ${name}[${i}] is ${String(v)}`, {
        argument: name,
        index: i,
        value: v,
      });
    }
    const j = index.get(v);
    if (j === undefined) {
      index.set(v, counts.length);
      counts.push(1);
    } else counts[j]++;
  }
  return { counts: Float64Array.from(counts), values: [...index.keys()] };
}
