/**
 * The NSB entropy estimator (Nemenman, Shafee & Bialek 2002, "Entropy and inference, revisited"): the
 * posterior mean and standard deviation of H under a mixture of symmetric Dirichlet(β) priors weighted so
 * that the prior on H is nearly flat.
 * @module
 */
import { Accumulator } from '../core/sum.js';
import { digamma, gammaln, trigamma } from '../special/index.js';

interface Bin {
  /** count nᵢ */
  n: number;
  /** how many bins have this count */
  multiplicity: number;
}

function groupBins(counts: Float64Array, k: number): Bin[] {
  const by = new Map<number, number>();
  for (const c of counts) by.set(c, (by.get(c) ?? 0) + 1);
  // Bins of the alphabet never listed in counts are empty.
  const listed = counts.length;
  if (k > listed) by.set(0, (by.get(0) ?? 0) + (k - listed));
  return [...by.entries()].map(([n, multiplicity]) => ({ n, multiplicity }));
}

/**
 * log of the integrand in log β: prior density dξ/dβ (ξ = E[H | β] = ψ(Kβ + 1) − ψ(β + 1)) times the Dirichlet
 * evidence Γ(Kβ)/Γ(N + Kβ) Πᵢ Γ(nᵢ + β)/Γ(β), times β for the change of variable to log β.
 */
function logWeight(beta: number, bins: Bin[], k: number, total: number): number {
  const prior = k * trigamma(k * beta + 1) - trigamma(beta + 1);
  if (!(prior > 0)) return Number.NEGATIVE_INFINITY;
  let ev = gammaln(k * beta) - gammaln(total + k * beta);
  for (const b of bins) if (b.n > 0) ev += b.multiplicity * (gammaln(b.n + beta) - gammaln(beta));
  return Math.log(prior) + ev + Math.log(beta);
}

/** Posterior mean and second moment of H under Dirichlet(nᵢ + β) (Wolpert & Wolf 1995; Archer et al. 2013, eq. 13). */
function posteriorMoments(beta: number, bins: Bin[], total: number, k: number): [number, number] {
  const a = total + k * beta;
  const psiA1 = digamma(a + 1);
  const psiA2 = digamma(a + 2);
  const tA2 = trigamma(a + 2);
  let mean = psiA1;
  // Second moment: Σ_{i≠j} αᵢαⱼ[(ψ(αᵢ+1) − ψ(A+2))(ψ(αⱼ+1) − ψ(A+2)) − ψ₁(A+2)]
  //              + Σᵢ αᵢ(αᵢ+1)[(ψ(αᵢ+2) − ψ(A+2))² + ψ₁(αᵢ+2) − ψ₁(A+2)], all over A(A+1).
  let s1 = 0; // Σ αᵢ uᵢ, uᵢ = ψ(αᵢ+1) − ψ(A+2)
  let s2 = 0; // Σ (αᵢ uᵢ)²
  let sa2 = 0; // Σ αᵢ²
  let diag = 0;
  for (const b of bins) {
    const alpha = b.n + beta;
    const m = b.multiplicity;
    mean -= (m * alpha * digamma(alpha + 1)) / a;
    const u = digamma(alpha + 1) - psiA2;
    s1 += m * alpha * u;
    s2 += m * (alpha * u) ** 2;
    sa2 += m * alpha * alpha;
    const v = digamma(alpha + 2) - psiA2;
    diag += m * alpha * (alpha + 1) * (v * v + trigamma(alpha + 2) - tA2);
  }
  const offDiag = s1 * s1 - s2 - (a * a - sa2) * tA2;
  const second = (offDiag + diag) / (a * (a + 1));
  return [mean, second];
}

/** Result of {@link nsbEntropy}, in nats. */
export interface NsbResult {
  value: number;
  stdError: number;
  /** Posterior mode of β (the Dirichlet concentration). */
  betaMode: number;
}

/**
 * NSB estimate from counts over an alphabet of k bins: ∫ E[H | n, β] p(β | n) dβ with its posterior standard
 * deviation, integrated in log β on a fine trapezoidal grid around the posterior mode (the integrand is smooth
 * and decays fast in log β, so the trapezoid rule converges geometrically; 1e-9 relative here against ndd's
 * 1e-3 quadrature).
 * @internal
 */
export function nsbEntropy(counts: Float64Array, k: number): NsbResult {
  const bins = groupBins(counts, k);
  const total = counts.reduce((s, c) => s + c, 0);
  // Locate the mode on a coarse grid over β ∈ [1e-10, 1e10]/k... then refine around it.
  const lo = Math.log(1e-10 / k);
  const hi = Math.log(1e10 / k);
  let best = Number.NEGATIVE_INFINITY;
  let mode = 0;
  const coarse = 400;
  for (let i = 0; i <= coarse; i++) {
    const lb = lo + ((hi - lo) * i) / coarse;
    const w = logWeight(Math.exp(lb), bins, k, total);
    if (w > best) {
      best = w;
      mode = lb;
    }
  }
  // Integrate where the weight is within e^-40 of the mode.
  const step = (hi - lo) / coarse;
  let a = mode;
  while (a > lo && logWeight(Math.exp(a), bins, k, total) > best - 40) a -= step;
  let b = mode;
  while (b < hi && logWeight(Math.exp(b), bins, k, total) > best - 40) b += step;
  const points = 4000;
  const h = (b - a) / points;
  const z = new Accumulator();
  const m1 = new Accumulator();
  const m2 = new Accumulator();
  for (let i = 0; i <= points; i++) {
    const lb = a + i * h;
    const beta = Math.exp(lb);
    const w = Math.exp(logWeight(beta, bins, k, total) - best) * (i === 0 || i === points ? 0.5 : 1);
    if (w === 0) continue;
    const [mean, second] = posteriorMoments(beta, bins, total, k);
    z.add(w);
    m1.add(w * mean);
    m2.add(w * second);
  }
  const mean = m1.value() / z.value();
  const variance = Math.max(0, m2.value() / z.value() - mean * mean);
  return { value: mean, stdError: Math.sqrt(variance), betaMode: Math.exp(mode) };
}
