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
 * @example
 * ```ts
 * relEntr(0.5, 0.25); // 0.34657359027997264
 * relEntr(1, 0);      // Infinity
 * relEntr(0, 0);      // 0
 * ```
 * @throws {SurprisalError} `NAN` for an argument that is not a number (a string, null, a bigint, ...).
 */
export function relEntr(x: number, y: number): number {
  checkScalars('relEntr', x, y);
  if (Number.isNaN(x) || Number.isNaN(y)) return Number.NaN;
  if (x > 0 && y > 0) {
    const r = x / y;
    // x/y can overflow or underflow for extreme magnitudes while the log is finite.
    return Number.isFinite(r) && r > 0 ? x * Math.log(r) : x * (Math.log(x) - Math.log(y));
  }
  if (x === 0 && y >= 0) return 0;
  return Number.POSITIVE_INFINITY;
}

function checkScalars(fn: string, x: unknown, y: unknown): void {
  if (typeof x !== 'number') throw notANumber(fn, 'x', x);
  if (typeof y !== 'number') throw notANumber(fn, 'y', y);
}
