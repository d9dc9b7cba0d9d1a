/**
 * Argument checks shared by the samplers (importance sampling, PSIS, rare events): every public entry point
 * of `montecarlo/` reads its arguments through these before any work, so that bad input gives a
 * `SurprisalError` naming the function, the argument and the value, never a TypeError or RangeError from
 * deep inside a loop, and sizes that cannot be allocated are refused up front.
 * @module
 */
import { checkAllocatable } from '../core/allocate.js';
import { SurprisalError } from '../core/errors.js';
import { describe } from '../core/options.js';
import { createRng, type Rng } from '../random/random.js';
import { checkSeed } from '../random/seed.js';

/**
 * A sample count: an integer ≥ `min` (default `def` when undefined), at most 2³² (the largest array the
 * library allocates).
 * @throws {SurprisalError} `INVALID_OPTION` for anything but an integer ≥ min (0, −1, 1.5, NaN, '10'),
 *   `TOO_LARGE` past 2³².
 * @internal
 */
export function readSamples(value: unknown, def: number, min: number, fn: string, name = 'samples'): number {
  if (value === undefined) return def;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw new SurprisalError(
      'INVALID_OPTION',
      `${fn}: ${name} must be an integer >= ${min}; got ${describe(value)}`,
      { argument: name, value },
    );
  }
  return checkAllocatable(value, fn, name);
}

/**
 * A number option (default `def` when undefined) that satisfies `ok`; `rule` says which numbers are allowed.
 * @throws {SurprisalError} `INVALID_OPTION`.
 * @internal
 */
export function readNumber(
  value: unknown,
  def: number | undefined,
  ok: (v: number) => boolean,
  rule: string,
  name: string,
  fn: string,
): number {
  if (value === undefined && def !== undefined) return def;
  if (typeof value !== 'number' || !ok(value)) {
    throw new SurprisalError('INVALID_OPTION', `${fn}: ${name} must be ${rule}; got ${describe(value)}`, {
      argument: name,
      value,
    });
  }
  return value;
}

/**
 * A function argument (a log density, an integrand, a score).
 * @throws {SurprisalError} `INVALID_OPTION` when it is not a function.
 * @internal
 */
export function readFunction<F>(value: F | undefined, name: string, fn: string): F {
  if (typeof value !== 'function') {
    throw new SurprisalError('INVALID_OPTION', `${fn}: ${name} must be a function; got ${describe(value)}`, {
      argument: name,
      value,
    });
  }
  return value;
}

/**
 * Something that samples and has a log density, as every distribution of the library.
 * @throws {SurprisalError} `INVALID_OPTION` otherwise.
 * @internal
 */
export function readDistribution<D>(value: D | undefined, name: string, fn: string, index?: number): D {
  const d = value as { sample?: unknown; logProb?: unknown } | null | undefined;
  if (
    d === null ||
    typeof d !== 'object' ||
    typeof d.sample !== 'function' ||
    typeof d.logProb !== 'function'
  ) {
    const at = index === undefined ? name : `${name}[${index}]`;
    throw new SurprisalError(
      'INVALID_OPTION',
      `${fn}: ${at} must be a distribution of the library (with sample and logProb); got ${describe(value)}`,
      { argument: name, index, value },
    );
  }
  return value as D;
}

/**
 * The generator of a sampler: `seed` as {@link createRng} takes it (an integer in [0, 2⁵³) or a bigint in
 * [0, 2⁶⁴)), default 0, checked under the caller's name.
 * @throws {SurprisalError} `INVALID_OPTION` for any other seed.
 * @internal
 */
export function rngOf(seed: unknown, fn: string): Rng {
  return createRng(checkSeed(seed ?? 0, fn));
}

/**
 * An array-like of finite numbers, copied into a Float64Array.
 * @throws {SurprisalError} `SHAPE_MISMATCH` when it is not an array (or has the wrong length), `NAN` for NaN or
 *   a non-number entry, `NOT_FINITE` for ±Infinity, `TOO_LARGE` for a declared length past 2³².
 * @internal
 */
export function readFiniteVector(value: unknown, name: string, fn: string, length?: number): Float64Array {
  const n = readArrayLength(value, name, fn);
  if (length !== undefined && n !== length) {
    throw new SurprisalError('SHAPE_MISMATCH', `${fn}: ${name} must have ${length} entries; got ${n}`, {
      argument: name,
      value: n,
    });
  }
  const a = value as ArrayLike<unknown>;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = a[i];
    if (typeof v !== 'number' || Number.isNaN(v)) {
      throw new SurprisalError(
        'NAN',
        `${fn}: ${name}[${i}] is ${typeof v === 'number' ? 'NaN' : `not a number (${describe(v)})`}`,
        { argument: name, index: i, value: v },
      );
    }
    if (!Number.isFinite(v)) {
      throw new SurprisalError('NOT_FINITE', `${fn}: ${name}[${i}] is ${v}; it must be finite`, {
        argument: name,
        index: i,
        value: v,
      });
    }
    out[i] = v;
  }
  return out;
}

/**
 * The length of an array or typed array argument (a string, a number or a DataView is not one).
 * @throws {SurprisalError} `SHAPE_MISMATCH`, or `TOO_LARGE` for a declared length past 2³².
 * @internal
 */
export function readArrayLength(value: unknown, name: string, fn: string): number {
  const len = (value as { length?: unknown } | null)?.length;
  if (
    value === null ||
    typeof value !== 'object' ||
    value instanceof DataView ||
    typeof len !== 'number' ||
    !Number.isInteger(len) ||
    len < 0
  ) {
    throw new SurprisalError(
      'SHAPE_MISMATCH',
      `${fn}: ${name} must be an array or typed array; got ${describe(value)}`,
      { argument: name, value },
    );
  }
  return checkAllocatable(len, fn, `${name}.length`);
}
