import { checkNumber } from './argument.js';
/**
 * log(1 + x) − x, accurate near x = 0 where the two terms cancel (log1pmx(1e-10) = −5e-21, not 0).
 *
 * For |x| ≤ 1/2 it sums the series of 2·atanh(s) − x with s = x / (2 + x), from
 * log(1 + x) = 2·atanh(s) (DLMF 4.6.1 with 4.37.24):
 *   log(1 + x) − x = −s·x + 2s³ (1/3 + s²/5 + s⁴/7 + …),
 * whose terms fall by s² ≤ 1/9 each, with no cancellation; elsewhere log1p(x) − x loses at most a few ulp.
 * NaN in gives NaN; x < −1 gives NaN, x = −1 gives −Infinity, x = Infinity gives −Infinity.
 *
 * @param x - a number ≥ −1.
 * @example
 * ```ts
 * log1pmx(1e-10); // -4.999999999666667e-21
 * log1pmx(0.5);   // -0.09453489189183563
 * log1pmx(-0.9);  // -1.402585092994046
 * ```
 * @throws {SurprisalError} `NAN` when an argument is not a number (a NaN argument gives NaN).
 */
export function log1pmx(x: number): number {
  checkNumber('log1pmx', 'x', x);
  if (Math.abs(x) <= 0.5) {
    const s = x / (2 + x);
    const s2 = s * s;
    let term = 1;
    let sum = 1 / 3;
    for (let k = 5; k < 80; k += 2) {
      term *= s2;
      const t = term / k;
      sum += t;
      if (t <= 1e-17 * sum) break;
    }
    return -s * x + 2 * s * s2 * sum;
  }
  if (x === Number.POSITIVE_INFINITY) return Number.NEGATIVE_INFINITY;
  return Math.log1p(x) - x;
}
