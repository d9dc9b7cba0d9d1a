/**
 * Divergences of two discrete distributions estimated from counts on one alphabet: the frequency estimates
 * (plug-in, Dirichlet pseudocounts, James–Stein shrinkage; R `entropy`'s `freqs.*`) and the KL and χ²
 * divergences of those frequencies, with delta-method variances.
 * @module
 */
import { SurprisalError } from '../core/errors.js';
import { describe } from '../core/options.js';
import { Accumulator } from '../core/sum.js';
import { shrinkLambda } from './entropyMethods.js';

/**
 * How the frequencies of each sample are estimated from its counts nᵥ (N draws, K bins): `'plugin'` nᵥ/N
 * (R `freqs.empirical`); Dirichlet pseudocounts (nᵥ + a)/(N + Ka) (R `freqs.Dirichlet`) with a = ½
 * (`'jeffreys'`), 1 (`'laplace'`), 1/K (`'schurmann-grassberger'`), √N/K (`'minimax'`) or the `pseudocount`
 * option (`'dirichlet'`); `'shrink'` λ/K + (1 − λ)nᵥ/N with the James–Stein λ (R `freqs.shrink`).
 */
export type FrequencyMethod =
  | 'plugin'
  | 'jeffreys'
  | 'laplace'
  | 'schurmann-grassberger'
  | 'minimax'
  | 'dirichlet'
  | 'shrink';

/** The frequency methods, in the order the errors list them. @internal */
export const FREQUENCY_METHODS: readonly FrequencyMethod[] = [
  'plugin',
  'jeffreys',
  'laplace',
  'schurmann-grassberger',
  'minimax',
  'dirichlet',
  'shrink',
];

/** Frequencies of one sample, the pseudocount used (Dirichlet methods) and the shrinkage intensity (shrink). */
export interface Frequencies {
  f: Float64Array;
  /** N / (N + K·a): how much a change of one frequency p̂ᵥ moves fᵥ (1 for the plug-in). */
  scale: number;
  pseudocount?: number;
  lambda?: number;
}

/** The pseudocount a of a Dirichlet method for N draws over K bins. @internal */
export function pseudocountOf(
  method: FrequencyMethod,
  n: number,
  k: number,
  given: number | undefined,
): number {
  switch (method) {
    case 'jeffreys':
      return 0.5;
    case 'laplace':
      return 1;
    case 'schurmann-grassberger':
      return 1 / k;
    case 'minimax':
      return Math.sqrt(n) / k;
    case 'dirichlet':
      return given as number;
    default:
      return 0;
  }
}

/** Estimated frequencies of counts y (N = Σ y) under a frequency method. @internal */
export function frequencies(y: Float64Array, method: FrequencyMethod, given?: number): Frequencies {
  const k = y.length;
  let n = 0;
  for (const c of y) n += c;
  const f = new Float64Array(k);
  if (method === 'shrink') {
    const lambda = shrinkLambda(y, n, k);
    for (let v = 0; v < k; v++) f[v] = lambda / k + (1 - lambda) * (y[v] / n);
    return { f, scale: 1 - lambda, lambda };
  }
  const a = pseudocountOf(method, n, k, given);
  const d = n + k * a;
  for (let v = 0; v < k; v++) f[v] = (y[v] + a) / d;
  const out: Frequencies = { f, scale: n / d };
  if (method !== 'plugin') out.pseudocount = a;
  return out;
}

/** Reads the `pseudocount` option: a finite number ≥ 0 or a pair of them (for P and for Q). @internal */
export function readPseudocount(value: unknown, method: string, fn: string): [number, number] | undefined {
  if (value === undefined) {
    if (method === 'dirichlet') {
      throw new SurprisalError(
        'INVALID_OPTION',
        `${fn}: method 'dirichlet' needs the pseudocount option (a number >= 0, or [a1, a2]; R's a1, a2)`,
        { argument: 'pseudocount', value },
      );
    }
    return undefined;
  }
  if (method !== 'dirichlet') {
    throw new SurprisalError(
      'INVALID_OPTION',
      `${fn}: pseudocount applies to method 'dirichlet' only; got method '${method}'`,
      { argument: 'pseudocount', value },
    );
  }
  const pair = Array.isArray(value) ? value : [value, value];
  if (pair.length !== 2 || !pair.every((a) => typeof a === 'number' && Number.isFinite(a) && a >= 0)) {
    throw new SurprisalError(
      'INVALID_OPTION',
      `${fn}: pseudocount must be a finite number >= 0 or a pair of them; got ${describe(value)}`,
      { argument: 'pseudocount', value },
    );
  }
  return [pair[0] as number, pair[1] as number];
}

/** A divergence of two frequency vectors, with where it is infinite and a delta-method variance. */
export interface DivergenceValue {
  value: number;
  /** Delta-method variance (first order, plus the second-order term at p = q), in nats² (KL) or units² (χ²). */
  variance: number;
  /** The first bin where f₁ > 0 and f₂ = 0 (the value is then +Infinity), or −1. */
  infiniteAt: number;
}

/**
 * D(f₁ ‖ f₂) = Σ_{f₁ᵥ > 0} f₁ᵥ log(f₁ᵥ/f₂ᵥ) (R `KL.plugin`), and its delta-method variance from the counts behind
 * the frequencies: s₁²·Var_{v∼p̂}[log(f₁ᵥ/f₂ᵥ)]/N + s₂²·Var_{v∼q̂}[f₁ᵥ/f₂ᵥ]/M (sᵢ = ∂f/∂p̂, 1 for the plug-in),
 * plus (m − 1)(1/N + 1/M)²/2, the whole variance at p = q where the first-order terms vanish (there
 * 2D̂/(1/N + 1/M) → χ²_{m−1}). @internal
 */
export function klOfFrequencies(
  a: Frequencies,
  b: Frequencies,
  countsP: Float64Array,
  countsQ: Float64Array,
): DivergenceValue {
  const k = a.f.length;
  let n = 0;
  let m = 0;
  for (const c of countsP) n += c;
  for (const c of countsQ) m += c;
  const acc = new Accumulator();
  let support = 0;
  for (let v = 0; v < k; v++) {
    const p = a.f[v];
    if (p === 0) continue;
    support++;
    const q = b.f[v];
    if (q === 0) return { value: Number.POSITIVE_INFINITY, variance: Number.NaN, infiniteAt: v };
    acc.add(p * Math.log(p / q));
  }
  const value = Math.max(0, acc.value());
  // Var over draws of P of the log ratio, and over draws of Q of the ratio f₁/f₂, each at its sample's p̂.
  const lm = new Accumulator();
  const l2 = new Accumulator();
  const rm = new Accumulator();
  const r2 = new Accumulator();
  for (let v = 0; v < k; v++) {
    const p = a.f[v];
    if (p === 0) continue;
    const l = Math.log(p / b.f[v]);
    const r = p / b.f[v];
    lm.add((countsP[v] / n) * l);
    l2.add((countsP[v] / n) * l * l);
    rm.add((countsQ[v] / m) * r);
    r2.add((countsQ[v] / m) * r * r);
  }
  const c = 1 / n + 1 / m;
  const variance =
    (a.scale ** 2 * Math.max(0, l2.value() - lm.value() ** 2)) / n +
    (b.scale ** 2 * Math.max(0, r2.value() - rm.value() ** 2)) / m +
    ((support - 1) * c * c) / 2;
  return { value, variance, infiniteAt: -1 };
}

/**
 * Pearson's χ² divergence Σᵥ (f₁ᵥ − f₂ᵥ)²/f₂ᵥ (R `chi2.plugin`; bins where both are 0 add 0, where R gives NaN),
 * +Infinity where f₂ᵥ = 0 < f₁ᵥ; with its delta-method variance, gᵥ = f₁ᵥ/f₂ᵥ:
 * V₁ = s₁²·Var_{v∼p̂}[2(gᵥ − 1)]/n + s₂²·Var_{v∼q̂}[1 − gᵥ²]/m and V₂ = 2(m₁ − 1)(1/n + 1/m)², the whole variance
 * at p = q (where χ̂² → (1/n + 1/m)·χ²_{m₁−1}); the variance is max(V₁ − V₂, V₂), since V₁ estimated at p̂ ≠ q̂ is
 * ≈ 2V₂ there. @internal
 */
export function chi2OfFrequencies(
  a: Frequencies,
  b: Frequencies,
  countsP: Float64Array,
  countsQ: Float64Array,
): DivergenceValue {
  const f1 = a.f;
  const f2 = b.f;
  const acc = new Accumulator();
  let support = 0;
  for (let v = 0; v < f1.length; v++) {
    if (f1[v] > 0) support++;
    const d = f1[v] - f2[v];
    if (d === 0) continue;
    if (f2[v] === 0) return { value: Number.POSITIVE_INFINITY, variance: Number.NaN, infiniteAt: v };
    acc.add((d * d) / f2[v]);
  }
  let n = 0;
  let m = 0;
  for (const c of countsP) n += c;
  for (const c of countsQ) m += c;
  const p1 = new Accumulator();
  const p2 = new Accumulator();
  const q1 = new Accumulator();
  const q2 = new Accumulator();
  for (let v = 0; v < f1.length; v++) {
    if (f2[v] === 0) continue;
    const g = f1[v] / f2[v];
    const u = 2 * (g - 1);
    const w = 1 - g * g;
    p1.add((countsP[v] / n) * u);
    p2.add((countsP[v] / n) * u * u);
    q1.add((countsQ[v] / m) * w);
    q2.add((countsQ[v] / m) * w * w);
  }
  const c = 1 / n + 1 / m;
  const first =
    (a.scale ** 2 * Math.max(0, p2.value() - p1.value() ** 2)) / n +
    (b.scale ** 2 * Math.max(0, q2.value() - q1.value() ** 2)) / m;
  const second = 2 * Math.max(0, support - 1) * c * c;
  // At p = q the first-order term estimated at p̂ ≠ q̂ is ≈ 2·second (its own noise) where the variance is
  // `second`: first − second, floored at second, is right there and within O(1/n²) of `first` elsewhere.
  return { value: Math.max(0, acc.value()), variance: Math.max(first - second, second), infiniteAt: -1 };
}
