/**
 * sin(πx) with the argument reduced exactly before π is applied, so sinpi(n) is exactly 0 for every
 * integer n and the result keeps full relative precision next to the zeros (Math.sin(Math.PI * x) is
 * off by π·ulp(x) there: 1.2e-16 at x = 1, 0.5 at x = 2^52).
 *
 * x mod 2 is exact in floating point, and so are the reflections y ↦ y + 2 and y ↦ 1 − y used below
 * (Sterbenz), which leaves |y| ≤ 1/2, where sin is well conditioned.
 * @internal
 */
export function sinpi(x: number): number {
  if (!Number.isFinite(x)) return Number.NaN;
  let y = x % 2; // exact, in (−2, 2)
  if (y <= -1) y += 2;
  else if (y > 1) y -= 2; // now in (−1, 1]
  const sign = y < 0 ? -1 : 1;
  y = Math.abs(y);
  if (y > 0.5) y = 1 - y;
  return sign * Math.sin(Math.PI * y);
}

/**
 * cos(πx) with exact argument reduction (see {@link sinpi}): cospi(n + 1/2) is exactly 0.
 * @internal
 */
export function cospi(x: number): number {
  if (!Number.isFinite(x)) return Number.NaN;
  let y = Math.abs(x) % 2; // exact, in [0, 2)
  if (y > 1) y = 2 - y; // cos(π(2 − y)) = cos(πy); now in [0, 1]
  // cos(πy) = sin(π(1/2 − y)), and 1/2 − y is exact where the result is small (y near 1/2).
  return Math.sin(Math.PI * (0.5 - y));
}
