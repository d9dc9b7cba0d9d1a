/**
 * Mutual information and conditional entropy from the joint counts of two columns (a contingency table that an
 * engine's GROUP BY returned), by plug-in or Miller–Madow, with a standard error.
 * @module
 */
import { Accumulator } from '../core/sum.js';
import type { Estimate } from '../estimators/estimate.js';
import { intervalFromNormal } from '../estimators/estimate.js';

/** The estimators of the table profiles. */
export type ProfileEstimator = 'plugin' | 'miller-madow';

/** I(X; Y), H(Y | X) and H(X | Y) of a contingency table, in the unit `unit` (log of the base). @internal */
export interface JointEstimates {
  mutualInformation: Estimate;
  /** H(Y | X), X the first key, Y the second. */
  conditionalEntropy: number;
  /** H(X | Y). */
  reverseConditionalEntropy: number;
  /** H(X) and H(Y) over the same rows. */
  entropies: [number, number];
  /** Rows counted (both values present). */
  rows: number;
}

/**
 * From groups (x, y, count): Î = Σ f log(f·n / (fₓ f_y)) / n and Ĥ(Y|X) = −Σ f log(f / fₓ) / n (plug-in); Miller–Madow
 * adds ((mₓ − 1) + (m_y − 1) − (mₓᵧ − 1)) / 2n to Î, (mₓᵧ − mₓ) / 2n to Ĥ(Y|X) and (m − 1) / 2n to each marginal
 * entropy, m the non-empty cells. The
 * standard error is the delta method's √((Σ f l² / n − Î²)/n) with the second-order term (kₓ − 1)(k_y − 1)/(2n²)
 * added under the square root: at independence the first vanishes while 2n·Î is χ² with (kₓ − 1)(k_y − 1)
 * degrees of freedom, whose spread this term is (the same reasoning as the entropy's at a uniform distribution).
 * @internal
 */
export function jointEstimates(
  keys: readonly string[][],
  counts: readonly number[],
  estimator: ProfileEstimator,
  unit: number,
  confidence: number | undefined,
): JointEstimates {
  const fx = new Map<string, number>();
  const fy = new Map<string, number>();
  let n = 0;
  for (let g = 0; g < counts.length; g++) {
    const c = counts[g];
    if (!(c > 0)) continue;
    n += c;
    fx.set(keys[g][0], (fx.get(keys[g][0]) ?? 0) + c);
    fy.set(keys[g][1], (fy.get(keys[g][1]) ?? 0) + c);
  }
  const mi = new Accumulator();
  const mi2 = new Accumulator();
  const hyx = new Accumulator();
  const hxy = new Accumulator();
  let cells = 0;
  for (let g = 0; g < counts.length; g++) {
    const c = counts[g];
    if (!(c > 0)) continue;
    cells++;
    const cx = fx.get(keys[g][0]) as number;
    const cy = fy.get(keys[g][1]) as number;
    const l = Math.log((c * n) / (cx * cy));
    mi.add((c / n) * l);
    mi2.add((c / n) * l * l);
    hyx.add(-(c / n) * Math.log(c / cx));
    hxy.add(-(c / n) * Math.log(c / cy));
  }
  if (n === 0) {
    return {
      mutualInformation: { value: Number.NaN, stdError: Number.NaN },
      conditionalEntropy: Number.NaN,
      reverseConditionalEntropy: Number.NaN,
      entropies: [Number.NaN, Number.NaN],
      rows: 0,
    };
  }
  const i0 = Math.max(0, mi.value());
  const kx = fx.size;
  const ky = fy.size;
  const value = estimator === 'plugin' ? i0 : i0 + (kx - 1 + (ky - 1) - (cells - 1)) / (2 * n);
  const mm = estimator === 'plugin' ? 0 : 1 / (2 * n);
  const hYgivenX = Math.max(0, hyx.value()) + mm * (cells - kx);
  const hXgivenY = Math.max(0, hxy.value()) + mm * (cells - ky);
  const entropyOf = (f: Map<string, number>) => {
    const acc = new Accumulator();
    for (const c of f.values()) acc.add(-(c / n) * Math.log(c / n));
    return Math.max(0, acc.value()) + mm * (f.size - 1);
  };
  const variance = Math.max(0, mi2.value() - i0 * i0) / n + ((kx - 1) * (ky - 1)) / (2 * n * n);
  const estimate: Estimate = { value: value / unit, stdError: Math.sqrt(variance) / unit };
  if (confidence !== undefined)
    estimate.ci = intervalFromNormal(estimate.value, estimate.stdError, confidence);
  return {
    mutualInformation: estimate,
    conditionalEntropy: hYgivenX / unit,
    reverseConditionalEntropy: hXgivenY / unit,
    entropies: [entropyOf(fx) / unit, entropyOf(fy) / unit],
    rows: n,
  };
}
