/**
 * The variate algorithms behind `Rng`'s methods, on validated parameters, drawing from the xoshiro128** core
 * ({@link Xoshiro128}). The public entry points, with the parameter checks and the documentation, are the
 * methods of `Rng` in `random.ts`.
 */
import { logBinomialPmf, logPoissonPmf } from '../special/logPmf.js';
import type { Xoshiro128 } from './xoshiro.js';
import { standardNormal } from './ziggurat.js';

// The alias table lives in its own file; re-exported here for callers that import it with the variates.
export { type AliasTable, aliasTable } from './aliasTable.js';

/**
 * A Gamma(shape ≥ 1, 1) variate by Marsaglia & Tsang (2000, "A simple method for generating gamma
 * variables", ACM TOMS 26(3)): d = a − 1/3, c = 1/√(9d); v = (1 + cZ)³ with Z normal, accept d·v when
 * U < 1 − 0.0331 Z⁴ (squeeze) or ln U < Z²/2 + d(1 − v + ln v).
 */
function gammaAtLeastOne(rng: Xoshiro128, shape: number): number {
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let z: number;
    let v: number;
    do {
      z = standardNormal(rng);
      v = 1 + c * z;
    } while (v <= 0);
    v = v * v * v;
    const u = rng.uniformOpen();
    const z2 = z * z;
    if (u < 1 - 0.0331 * z2 * z2) return d * v;
    if (Math.log(u) < 0.5 * z2 + d * (1 - v + Math.log(v))) return d * v;
  }
}

/**
 * ln G for G ~ Gamma(shape, 1). For shape < 1 it uses Marsaglia & Tsang's boost G = G₁·U^{1/a}, with
 * G₁ ~ Gamma(a + 1), in log space: ln G = ln G₁ + (ln U)/a. The log stays finite and exact for tiny shapes
 * (a = 1e-3 has P(G < 1e-300) ≈ 0.5, where G itself underflows), so ratios such as the beta variate can
 * be formed without 0/0.
 * @internal
 */
export function logGammaVariate(rng: Xoshiro128, shape: number): number {
  if (shape >= 1) return Math.log(gammaAtLeastOne(rng, shape));
  return Math.log(gammaAtLeastOne(rng, shape + 1)) + Math.log(rng.uniformOpen()) / shape;
}

/**
 * A Gamma(shape, 1) variate (Marsaglia & Tsang 2000); for shape < 1 through {@link logGammaVariate}, so the
 * result rounds correctly into the subnormal range and underflows to 0 only when the true value is below
 * 2^-1075.
 * @internal
 */
export function gammaVariate(rng: Xoshiro128, shape: number): number {
  if (shape >= 1) return gammaAtLeastOne(rng, shape);
  return Math.exp(logGammaVariate(rng, shape));
}

/**
 * A Beta(a, b) variate as X/(X + Y) with X ~ Gamma(a), Y ~ Gamma(b). When a < 1 or b < 1 the gammas may
 * underflow, so it is formed from their logs as 1/(1 + exp(ln Y − ln X)): never 0/0, and 0 or 1 only when
 * the exact value rounds there.
 * @internal
 */
export function betaVariate(rng: Xoshiro128, a: number, b: number): number {
  if (a >= 1 && b >= 1) {
    const x = gammaAtLeastOne(rng, a);
    return x / (x + gammaAtLeastOne(rng, b));
  }
  const lx = logGammaVariate(rng, a);
  const ly = logGammaVariate(rng, b);
  return 1 / (1 + Math.exp(ly - lx));
}

/**
 * A Student-t variate with df degrees of freedom: Z / √(G / (df/2)), G ~ Gamma(df/2) (so G·2/df is χ²/df);
 * for df < 2 the scale is taken from ln G, so a tiny G gives a huge |t| rather than Infinity.
 * @internal
 */
export function studentTVariate(rng: Xoshiro128, df: number): number {
  const z = standardNormal(rng);
  const h = 0.5 * df;
  if (h >= 1) return z / Math.sqrt(gammaAtLeastOne(rng, h) / h);
  // df = 5e-324 halves to 0: χ²/df is then below every double, so |T| exceeds them all (0/0 otherwise).
  if (h === 0) return z < 0 ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  return z * Math.exp(0.5 * (Math.log(h) - logGammaVariate(rng, h)));
}

/**
 * A Poisson(λ) variate, 0 ≤ λ ≤ 2^52. λ < 10: inversion by sequential search from 0 (Devroye 1986, X.3.3),
 * at most a few dozen steps. λ ≥ 10: Hörmann's (1993) transformed rejection with squeeze, PTRS
 * ("The transformed rejection method for generating Poisson random variables", Insurance: Mathematics
 * and Economics 12), whose acceptance test uses Loader's log-mass so it stays accurate for huge λ.
 * @internal
 */
export function poissonVariate(rng: Xoshiro128, lambda: number): number {
  if (lambda < 10) {
    if (lambda === 0) return 0;
    const p0 = Math.exp(-lambda);
    for (;;) {
      let u = rng.uniform();
      let p = p0;
      let k = 0;
      // u can exceed the rounded total mass by an ulp: restart then (probability ~1e-16).
      while (u >= p && k < 200) {
        u -= p;
        k++;
        p *= lambda / k;
      }
      if (k < 200) return k;
    }
  }
  const slam = Math.sqrt(lambda);
  const b = 0.931 + 2.53 * slam;
  const a = -0.059 + 0.02483 * b;
  const logInvAlpha = Math.log(1.1239 + 1.1328 / (b - 3.4));
  const vr = 0.9277 - 3.6224 / (b - 2);
  for (;;) {
    const u = rng.uniform() - 0.5;
    const v = rng.uniform();
    const us = 0.5 - Math.abs(u);
    const k = Math.floor(((2 * a) / us + b) * u + lambda + 0.43);
    if (k < 0) continue;
    if (us >= 0.07 && v <= vr) return k;
    if (us < 0.013 && v > us) continue;
    if (Math.log(v) + logInvAlpha - Math.log(a / (us * us) + b) <= logPoissonPmf(k, lambda)) return k;
  }
}

/**
 * A Binomial(n, p) variate (n a safe integer ≥ 0, 0 ≤ p ≤ 1). Exact at p = 0 and p = 1. With p' = min(p, 1 − p):
 * n·p' < 10, inversion by sequential search from 0 with the recurrence f(k+1) = f(k)·(n − k)/(k + 1)·p'/(1 − p')
 * (Kachitvichyanukul & Schmeiser 1988, "BINV"); otherwise Hörmann's (1993) BTRS ("The generation of binomial
 * random variates", J. Stat. Comput. Simul. 46), transformed rejection with squeeze, its acceptance test
 * on Loader's log-mass. For p > 1/2 it returns n − Binomial(n, 1 − p).
 * @internal
 */
export function binomialVariate(rng: Xoshiro128, n: number, p: number): number {
  if (n === 0 || p === 0) return 0;
  if (p === 1) return n;
  if (p > 0.5) return n - binomialSmallP(rng, n, 1 - p);
  return binomialSmallP(rng, n, p);
}

/** BTRS constants of Hörmann (1993) for the last (n, p), p ≤ 1/2, n·p ≥ 10. */
const btrs = { n: -1, p: -1, a: 0, b: 0, c: 0, vr: 0, logAlpha: 0, logFm: 0 };

function setUpBtrs(n: number, p: number): void {
  const spq = Math.sqrt(n * p * (1 - p));
  const b = 1.15 + 2.53 * spq;
  btrs.n = n;
  btrs.p = p;
  btrs.b = b;
  btrs.a = -0.0873 + 0.0248 * b + 0.01 * p;
  btrs.c = n * p + 0.5;
  btrs.vr = 0.92 - 4.2 / b;
  btrs.logAlpha = Math.log((2.83 + 5.1 / b) * spq);
  btrs.logFm = logBinomialPmf(Math.floor((n + 1) * p), n, p);
}

function binomialSmallP(rng: Xoshiro128, n: number, p: number): number {
  const q = 1 - p;
  if (n * p < 10) {
    const f0 = Math.exp(n * Math.log1p(-p)); // ≥ e^-20 since n·p < 10 and p ≤ 1/2
    const ratio = p / q;
    for (;;) {
      let u = rng.uniform();
      let f = f0;
      let k = 0;
      while (u >= f && k < n) {
        u -= f;
        f *= ((n - k) / (k + 1)) * ratio;
        k++;
      }
      // At k = n the remaining u is the rounding of the total mass: restart (probability ~1e-16).
      if (u < f) return k;
    }
  }
  // The setup (two logs, a square root, Loader's log-mass at the mode) costs as much as a draw: repeated
  // calls with the same (n, p), the usual pattern, reuse it.
  if (n !== btrs.n || p !== btrs.p) setUpBtrs(n, p);
  const { a, b, c, vr, logAlpha, logFm } = btrs;
  for (;;) {
    const u = rng.uniform() - 0.5;
    const v = rng.uniform();
    const us = 0.5 - Math.abs(u);
    const k = Math.floor(((2 * a) / us + b) * u + c);
    if (k < 0 || k > n) continue;
    if (us >= 0.07 && v <= vr) return k;
    if (Math.log(v) + logAlpha - Math.log(a / (us * us) + b) <= logBinomialPmf(k, n, p) - logFm) return k;
  }
}
