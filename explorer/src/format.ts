/**
 * How the explorer prints a number. The tests format the library's own result with the same function and
 * compare strings, so "agrees to the displayed precision" means exactly that.
 *
 * Fixed-point with `digits` decimals between 10⁻³ and 10⁶, scientific with `digits` significant digits
 * outside, ∞ for infinities, — for NaN.
 */
export function fmt(x: number, digits = 4): string {
  if (Number.isNaN(x)) return '—';
  if (x === Number.POSITIVE_INFINITY) return '∞';
  if (x === Number.NEGATIVE_INFINITY) return '-∞';
  if (x === 0) return '0';
  const a = Math.abs(x);
  if (a >= 1e-3 && a < 1e6) return x.toFixed(digits);
  return x.toExponential(digits - 1);
}

/** Fixed-point with `digits` decimals everywhere (parameters such as a fitted mean), never "-0.000". */
export function fmtFixed(x: number, digits = 3): string {
  if (!Number.isFinite(x)) return fmt(x);
  const s = x.toFixed(digits);
  return /^-0\.?0*$/.test(s) ? s.slice(1) : s;
}

/** A sample count or other integer, with thin-space thousands separators. */
export function fmtInt(n: number): string {
  if (!Number.isFinite(n)) return fmt(n);
  return Math.round(n)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, '\u2009');
}
