import { SurprisalError } from './errors.js';
import { describe } from './options.js';

/**
 * Neumaier's compensated sum (Neumaier 1974, "Rundungsfehleranalyse einiger Verfahren zur Summation
 * endlicher Summen"): the error stays O(ε) instead of O(nε), whatever the order of magnitudes.
 * Infinite partial sums are returned as they are (the compensation term would turn them into NaN).
 *
 * @example
 * ```ts
 * const acc = new Accumulator();
 * for (const x of [1e100, 1, -1e100]) acc.add(x);
 * acc.value(); // 1
 * ```
 * `add` throws a {@link SurprisalError} (`NAN`) for an argument that is not a number.
 */
export class Accumulator {
  private s = 0;
  private c = 0;

  add(x: number): this {
    if (typeof x !== 'number') throw notANumber('Accumulator.add', 'x', x);
    const s = this.s;
    const t = s + x;
    this.c += Math.abs(s) >= Math.abs(x) ? s - t + x : x - t + s;
    this.s = t;
    return this;
  }

  value(): number {
    const s = this.s;
    return Number.isFinite(s) ? s + this.c : s;
  }
}

/**
 * Compensated sum of an array (Neumaier), accumulated in float64.
 *
 * @example
 * ```ts
 * fsum([0.1, 0.2, 0.3]); // 0.6 (plain += gives 0.6000000000000001)
 * ```
 * @throws {SurprisalError} `SHAPE_MISMATCH` unless `values` is an array or typed array of numbers, `NAN` for an
 *   entry that is not a number (a string, null, a hole of a sparse array, ...).
 */
export function fsum(values: ArrayLike<number>): number {
  readNumberArray(values, 'fsum', 'values');
  let s = 0;
  let c = 0;
  for (let i = 0; i < values.length; i++) {
    const x = values[i];
    const t = s + x;
    c += Math.abs(s) >= Math.abs(x) ? s - t + x : x - t + s;
    s = t;
  }
  return Number.isFinite(s) ? s + c : s;
}

/** The error for a value that should be a number: names the argument, the index and what it is instead. @internal */
export function notANumber(fn: string, name: string, v: unknown, index?: number): SurprisalError {
  const where = index === undefined ? name : `${name}[${index}]`;
  return new SurprisalError('NAN', `${fn}: ${where} is ${describe(v)}, not a number`, {
    argument: name,
    index,
    value: v,
  });
}

/**
 * Checks that x is an array, a typed array of numbers (not BigInt64Array) or an array-like object with a valid
 * length, whose entries are all of type number (NaN and ±Infinity pass: what they mean is the caller's to decide).
 * Strings, null, booleans, bigints and the holes of sparse arrays are errors naming the index.
 * @throws {SurprisalError} `SHAPE_MISMATCH` for something that is not an array, `NAN` for a non-number entry.
 * @internal
 */
export function readNumberArray(x: unknown, fn: string, name: string): ArrayLike<number> {
  if (ArrayBuffer.isView(x)) {
    if (x instanceof BigInt64Array || x instanceof BigUint64Array || x instanceof DataView) {
      throw new SurprisalError(
        'SHAPE_MISMATCH',
        `${fn}: ${name} is ${describe(x)}; expected an array or typed array of numbers`,
        { argument: name, value: x },
      );
    }
    return x as unknown as ArrayLike<number>;
  }
  const n = (x as { length?: unknown } | null)?.length;
  if (
    x === null ||
    typeof x !== 'object' ||
    typeof n !== 'number' ||
    !Number.isInteger(n) ||
    n < 0 ||
    n > 2 ** 32
  ) {
    throw new SurprisalError(
      'SHAPE_MISMATCH',
      `${fn}: ${name} must be an array or typed array of numbers; got ${describe(x)}`,
      { argument: name, value: x },
    );
  }
  const a = x as ArrayLike<unknown>;
  for (let i = 0; i < n; i++) {
    const v = a[i];
    if (typeof v !== 'number') throw entryError(a, i, fn, name);
  }
  return a as ArrayLike<number>;
}

/** The error for entry i of x that is not a number: a hole of a sparse array is named as such. @internal */
export function entryError(x: ArrayLike<unknown>, i: number, fn: string, name: string): SurprisalError {
  const v = x[i];
  if (v === undefined && Array.isArray(x) && !(i in x)) {
    return new SurprisalError(
      'NAN',
      `${fn}: ${name}[${i}] is missing (a hole in a sparse array), not a number`,
      { argument: name, index: i, value: v },
    );
  }
  return notANumber(fn, name, v, i);
}
