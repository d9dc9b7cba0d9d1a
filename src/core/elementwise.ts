import { notANumber } from './sum.js';

/**
 * x·log(y), with 0·log(y) = 0 for any y that is not NaN (`scipy.special.xlogy`).
 *
 * @example
 * ```ts
 * xlogy(0, 0);  // 0
 * xlogy(2, Math.E); // 2
 * ```
 * @throws {SurprisalError} `NAN` for an argument that is not a number (a string, null, a bigint, ...).
 */
export function xlogy(x: number, y: number): number {
  checkScalars('xlogy', x, y);
  if (x === 0 && !Number.isNaN(y)) return 0;
  return x * Math.log(y);
}

/**
 * x·log(1 + y), with 0·log1p(y) = 0 for any y that is not NaN (`scipy.special.xlog1py`).
 *
 * @example
 * ```ts
 * xlog1py(0, -1); // 0
 * xlog1py(1, 1e-20); // 1e-20
 * ```
 * @throws {SurprisalError} `NAN` for an argument that is not a number (a string, null, a bigint, ...).
 */
export function xlog1py(x: number, y: number): number {
  checkScalars('xlog1py', x, y);
  if (x === 0 && !Number.isNaN(y)) return 0;
  return x * Math.log1p(y);
}

/**
 * Elementwise entropy term, −x·log x for x > 0, 0 at x = 0, −Infinity for x < 0 (`scipy.special.entr`).
 *
 * @example
 * ```ts
 * entr(0.5); // 0.34657359027997264
 * entr(0);   // 0
 * ```
 * @throws {SurprisalError} `NAN` for an argument that is not a number (a string, null, a bigint, ...).
 */
export function entr(x: number): number {
  if (typeof x !== 'number') throw notANumber('entr', 'x', x);
  if (x > 0) return x === Number.POSITIVE_INFINITY ? Number.NEGATIVE_INFINITY : -x * Math.log(x);
  if (x === 0) return 0;
  return x < 0 ? Number.NEGATIVE_INFINITY : Number.NaN;
}

/**
 * Elementwise relative entropy term (`scipy.special.rel_entr`):
 * x·log(x/y) for x > 0, y > 0; 0 for x = 0, y ≥ 0; +Infinity otherwise (in particular x > 0, y = 0).
 *
 * The sum of `relEntr(p[i], q[i])` is the KL divergence D(p‖q).
 *
 * Accurate to a few ulp everywhere, as SciPy since 1.14 (scipy/scipy#20710): where ½ ≤ x/y ≤ 2 it is
 * x·log1p((x − y)/y), since x − y is exact there (Sterbenz) while log(x/y) would take the log of a rounded
 * ratio next to 1 (relative error up to 1e-3 at relEntr(0.9456657713430001, 0.9456657713430094)); where x/y
 * overflows, underflows or is subnormal it is x·(log x − log y).
 *
 * @example
 * ```ts
 * relEntr(0.5, 0.25); // 0.34657359027997264
 * relEntr(1, 0);      // Infinity
 * relEntr(0, 0);      // 0
 * relEntr(0.9456657713430001, 0.9456657713430094); // -9.325873406851269e-15
 * ```
 * @throws {SurprisalError} `NAN` for an argument that is not a number (a string, null, a bigint, ...).
 */
export function relEntr(x: number, y: number): number {
  checkScalars('relEntr', x, y);
  if (Number.isNaN(x) || Number.isNaN(y)) return Number.NaN;
  if (x > 0 && y > 0) return x * logRatio(x, y);
  if (x === 0 && y >= 0) return 0;
  return Number.POSITIVE_INFINITY;
}

/**
 * Elementwise generalised KL divergence term (`scipy.special.kl_div`): x·log(x/y) − x + y for x > 0, y > 0;
 * y for x = 0, y ≥ 0; +Infinity for a negative argument or x > 0, y = 0. It is ≥ 0 for every x, y ≥ 0 (0 only
 * at x = y), and over two distributions that both sum to 1 the sum of the terms is D(p‖q), as for
 * {@link relEntr}.
 *
 * Computed without the cancellation of x·log(x/y) against x − y near x = y: there (½ ≤ x/y ≤ 2) it is
 * (x + y)·s²·Σⱼ sʲ/cⱼ with s = (x − y)/(x + y) and cⱼ = 1, 3, 3, 5, 5, 7, … (from log(x/y) = 2 atanh s), a
 * series of positive leading terms; elsewhere the formula as written, with x·(log x − log y) where x/y leaves
 * the normal range. Relative error of a few ulp for all x, y.
 *
 * Deliberate difference: SciPy returns NaN for kl_div(Infinity, y) and kl_div(x, Infinity) with finite
 * x, y (∞ − ∞ inside its formula); the term tends to +Infinity there, and that limit is returned (SciPy's own
 * test `test_kl_div` states the same limit). klDiv(Infinity, Infinity) has no limit: NaN.
 *
 * @example
 * ```ts
 * klDiv(0.5, 0.25); // 0.09657359027997264
 * klDiv(0, 2);      // 2
 * klDiv(1, 0);      // Infinity
 * klDiv(1 + 1e-8, 1); // 4.999999983333334e-17
 * ```
 * @throws {SurprisalError} `NAN` for an argument that is not a number (a string, null, a bigint, ...).
 */
export function klDiv(x: number, y: number): number {
  checkScalars('klDiv', x, y);
  if (Number.isNaN(x) || Number.isNaN(y)) return Number.NaN;
  if (x > 0 && y > 0) {
    if (x === Number.POSITIVE_INFINITY || y === Number.POSITIVE_INFINITY) {
      return x === y ? Number.NaN : Number.POSITIVE_INFINITY;
    }
    if (x >= 0.5 * y && x <= 2 * y) return nearKl(x, y);
    return x * logRatio(x, y) + (y - x);
  }
  if (x === 0 && y >= 0) return y;
  return Number.POSITIVE_INFINITY;
}

/**
 * (x + y)·s²·P(s), s = (x − y)/(x + y), P(s) = Σⱼ sʲ/cⱼ (c = 1, 3, 3, 5, 5, ...): x·log(x/y) − x + y for
 * ½ ≤ x/y ≤ 2 (|s| ≤ ⅓). With t = x/y, log t = 2 atanh s, and (1 + s) atanh s − s = s²P(s), so
 * y(t log t − t + 1) = (x + y)·s²P(s). x − y is exact here (Sterbenz); the terms fall by ⅓ or faster.
 */
function nearKl(x: number, y: number): number {
  const sum = x + y;
  if (sum === Number.POSITIVE_INFINITY) return 4 * nearKl(0.25 * x, 0.25 * y);
  const s = (x - y) / sum;
  if (s === 0) return 0;
  let p = 1;
  let term = 1;
  for (let j = 1; j < 80; j++) {
    term *= s;
    const t = term / (2 * Math.ceil(j / 2) + 1);
    p += t;
    if (Math.abs(t) < 1e-17 * p) break;
  }
  // Scale before squaring so that s² cannot underflow while the product is representable.
  return sum * s * (s * p);
}

/** log(x/y) for finite or infinite x, y > 0, to a few ulp: log1p of the exact difference near x = y. */
function logRatio(x: number, y: number): number {
  if (x >= 0.5 * y && x <= 2 * y) return Math.log1p((x - y) / y);
  const r = x / y;
  // x/y can overflow, underflow or be subnormal (losing digits) while the log is finite.
  return r >= 2.2250738585072014e-308 && r < Number.POSITIVE_INFINITY
    ? Math.log(r)
    : Math.log(x) - Math.log(y);
}

function checkScalars(fn: string, x: unknown, y: unknown): void {
  if (typeof x !== 'number') throw notANumber(fn, 'x', x);
  if (typeof y !== 'number') throw notANumber(fn, 'y', y);
}
