import type { Rng } from '../sampling/random.js';
import { betainc, betaincinv, betaln, digamma, gammaln } from '../special/index.js';
import { checkP, fill, positive, real, type UnivariateDistribution } from './distribution.js';

/**
 * Student's t distribution, as `torch.distributions.StudentT(df, loc, scale)`.
 *
 * log p(x) = log Γ((ν+1)/2) − log Γ(ν/2) − ½ log(νπ) − log σ − ((ν+1)/2) log(1 + z²/ν);
 * P(T > t) = ½ I_{ν/(ν+t²)}(ν/2, ½) for t > 0, so the upper tail keeps full relative precision;
 * H = ((ν+1)/2)(ψ((ν+1)/2) − ψ(ν/2)) + ½ log ν + log B(ν/2, ½) + log σ.
 *
 * @example
 * ```ts
 * new StudentT(1, 0, 1).entropy(); // 2.5310242469692907 (= Cauchy)
 * new StudentT(3, 0, 1).variance;  // 3
 * ```
 * @throws {SurprisalError} `INVALID_PARAMETER` unless df > 0, loc finite and scale > 0.
 */
export class StudentT implements UnivariateDistribution {
  readonly family = 'StudentT';
  readonly discrete = false;
  readonly df: number;
  readonly loc: number;
  readonly scale: number;

  constructor(df: number, loc = 0, scale = 1) {
    this.df = positive('StudentT', 'df', df);
    this.loc = real('StudentT', 'loc', loc);
    this.scale = positive('StudentT', 'scale', scale);
  }

  get params(): number[] {
    return [this.df, this.loc, this.scale];
  }

  logProb(x: number): number {
    const v = this.df;
    const z = (x - this.loc) / this.scale;
    return (
      gammaln(0.5 * (v + 1)) -
      gammaln(0.5 * v) -
      0.5 * Math.log(v * Math.PI) -
      Math.log(this.scale) -
      0.5 * (v + 1) * Math.log1p((z * z) / v)
    );
  }

  /** P(T > t) for the standard t with t > 0. */
  private upperTail(t: number): number {
    const v = this.df;
    return 0.5 * betainc(0.5 * v, 0.5, v / (v + t * t));
  }

  cdf(x: number): number {
    const t = (x - this.loc) / this.scale;
    if (Number.isNaN(t)) return t;
    return t < 0 ? this.upperTail(-t) : 1 - this.upperTail(t);
  }

  logSurvival(x: number): number {
    const t = (x - this.loc) / this.scale;
    if (Number.isNaN(t)) return t;
    return t > 0 ? Math.log(this.upperTail(t)) : Math.log1p(-this.upperTail(-t));
  }

  quantile(p: number): number {
    checkP('StudentT', p);
    if (p === 0) return Number.NEGATIVE_INFINITY;
    if (p === 1) return Number.POSITIVE_INFINITY;
    if (p === 0.5) return this.loc;
    const v = this.df;
    const tail = Math.min(p, 1 - p);
    const y = betaincinv(0.5 * v, 0.5, 2 * tail);
    const t = Math.sqrt((v * (1 - y)) / y);
    return this.loc + this.scale * (p < 0.5 ? -t : t);
  }

  sample(rng: Rng, n = 1): Float64Array {
    return fill('StudentT', n, () => this.loc + this.scale * rng.studentT(this.df));
  }

  entropy(): number {
    const v = this.df;
    return (
      0.5 * (v + 1) * (digamma(0.5 * (v + 1)) - digamma(0.5 * v)) +
      0.5 * Math.log(v) +
      betaln(0.5 * v, 0.5) +
      Math.log(this.scale)
    );
  }

  get mean(): number {
    return this.df > 1 ? this.loc : Number.NaN;
  }

  get variance(): number {
    const v = this.df;
    if (v > 2) return (this.scale * this.scale * v) / (v - 2);
    return v > 1 ? Number.POSITIVE_INFINITY : Number.NaN;
  }
}
