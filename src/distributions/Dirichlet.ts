import type { Rng } from '../random/random.js';
import { logGammaVariate } from '../random/variates.js';
import { digamma, gammaln } from '../special/index.js';
import {
  arrayParameter,
  checkPoint,
  type MultivariateDistribution,
  positive,
  sampleBuffer,
} from './family.js';

/**
 * Dirichlet distribution on the probability simplex, as `torch.distributions.Dirichlet(concentration)`.
 *
 * log p(x) = Σ (αᵢ − 1) log xᵢ − log B(α), log B(α) = Σ log Γ(αᵢ) − log Γ(α₀), α₀ = Σ αᵢ;
 * H = log B(α) + (α₀ − K) ψ(α₀) − Σ (αᵢ − 1) ψ(αᵢ).
 *
 * @example
 * ```ts
 * new Dirichlet([1, 1, 1]).entropy(); // -0.6931471805599453 (= −log 2: uniform on a simplex of area ½)
 * new Dirichlet([2, 3]).mean[0];      // 0.4
 * ```
 * @throws {SurprisalError} `INVALID_PARAMETER` unless every concentration is a number > 0 and there are at
 *   least 2.
 */
export class Dirichlet implements MultivariateDistribution {
  readonly family = 'Dirichlet';
  readonly concentration: Float64Array;
  readonly dim: number;
  private readonly logNorm: number;

  constructor(concentration: ArrayLike<number>) {
    const c = arrayParameter('Dirichlet', 'concentration', concentration, 2) as ArrayLike<number>;
    this.concentration = Float64Array.from(c, (a, i) => positive('Dirichlet', `concentration[${i}]`, a));
    this.dim = this.concentration.length;
    let total = 0;
    let lb = 0;
    for (const a of this.concentration) {
      total += a;
      lb += gammaln(a);
    }
    this.logNorm = lb - gammaln(total);
  }

  get params(): number[] {
    return Array.from(this.concentration);
  }

  private get total(): number {
    return this.concentration.reduce((s, a) => s + a, 0);
  }

  logProb(x: ArrayLike<number>): number {
    checkPoint('Dirichlet', this.dim, x);
    let s = 0;
    let sum = 0;
    for (let i = 0; i < this.dim; i++) {
      const xi = x[i];
      if (Number.isNaN(xi)) return xi;
      if (xi < 0 || xi > 1) return Number.NEGATIVE_INFINITY;
      sum += xi;
      const a = this.concentration[i];
      s += a === 1 ? 0 : (a - 1) * Math.log(xi);
    }
    if (Math.abs(sum - 1) > 1e-9) return Number.NEGATIVE_INFINITY;
    return s - this.logNorm;
  }

  sample(rng: Rng, n = 1): { data: Float64Array; shape: [number, number] } {
    const d = this.dim;
    const data = sampleBuffer('Dirichlet', rng, n, d);
    // Normalise log-gamma draws in log space: with concentrations ≪ 1 the gammas themselves underflow to 0
    // (0/0 = NaN), while their logs and the normalised point are fine.
    const lg = new Float64Array(d);
    for (let r = 0; r < n; r++) {
      let max = Number.NEGATIVE_INFINITY;
      for (let i = 0; i < d; i++) {
        lg[i] = logGammaVariate(rng, this.concentration[i]);
        if (lg[i] > max) max = lg[i];
      }
      let sum = 0;
      for (let i = 0; i < d; i++) sum += Math.exp(lg[i] - max);
      for (let i = 0; i < d; i++) data[r * d + i] = Math.exp(lg[i] - max) / sum;
    }
    return { data, shape: [n, d] };
  }

  entropy(): number {
    const a0 = this.total;
    let s = this.logNorm + (a0 - this.dim) * digamma(a0);
    for (const a of this.concentration) s -= (a - 1) * digamma(a);
    return s;
  }

  get mean(): Float64Array {
    const a0 = this.total;
    return this.concentration.map((a) => a / a0);
  }

  get variance(): Float64Array {
    const a0 = this.total;
    return this.concentration.map((a) => (a * (a0 - a)) / (a0 * a0 * (a0 + 1)));
  }
}
