/**
 * Evaluates the polynomial c₀ + c₁x + … + cₙxⁿ by Horner's rule (coefficients in ascending order, as
 * Boost.Math's `evaluate_polynomial` takes them).
 * @internal
 */
export function polyval(c: readonly number[], x: number): number {
  let s = c[c.length - 1];
  for (let i = c.length - 2; i >= 0; i--) s = s * x + c[i];
  return s;
}
