/**
 * Shared glue of the "KL in practice" section, kept free of imports so the tests use the very same inputs:
 * the grid on which the continuous KL divergences are computed as sums (the spacing cancels once both sides
 * are normalised), and the bimodal target's parameters.
 */
export const KL_GRID = { from: -12, to: 12, points: 801 } as const;

/** The KL grid's abscissae. */
export function klGrid(): Float64Array {
  const { from, to, points } = KL_GRID;
  const xs = new Float64Array(points);
  for (let i = 0; i < points; i++) xs[i] = from + ((to - from) * i) / (points - 1);
  return xs;
}

/** The bimodal target π N(−d, s) + (1 − π) N(d, s). */
export interface Bimodal {
  separation: number;
  width: number;
  weight: number;
}

/** Mean and standard deviation of the mixture (what a forward-KL Gaussian fit must match). */
export function mixtureMoments({ separation: d, width: s, weight: w }: Bimodal): {
  mean: number;
  sd: number;
} {
  const mean = w * -d + (1 - w) * d;
  const second = s * s + d * d;
  return { mean, sd: Math.sqrt(second - mean * mean) };
}
