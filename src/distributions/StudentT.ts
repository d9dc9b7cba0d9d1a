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

  /**
   * log P(T > t) for the standard t with t > 0: log(½ I_y(ν/2, ½)), y = ν/(ν + t²) formed as r/(1 + r),
   * r = (ν/t)/t, so t² cannot overflow; for y < 1e-8 the leading terms of the series
   * I_y(a, b) = y^a/(a B(a, b))·(1 + a(1 − b) y/(a + 1) + O(y²)) keep it finite where I_y underflows.
   */
  private logUpperTail(t: number): number {
    const a = 0.5 * this.df;
    const r = this.df / t / t;
    const y = r / (1 + r);
    if (y >= 1e-8) return -Math.LN2 + Math.log(betainc(a, 0.5, y));
    return -Math.LN2 + a * Math.log(y) - Math.log(a) - betaln(a, 0.5) + Math.log1p((0.5 * a * y) / (a + 1));
  }

  cdf(x: number): number {
    const t = (x - this.loc) / this.scale;
    if (Number.isNaN(t)) return t;
    if (t === 0) return 0.5;
    return t < 0 ? Math.exp(this.logUpperTail(-t)) : -Math.expm1(this.logUpperTail(t));
  }

  logSurvival(x: number): number {
    const t = (x - this.loc) / this.scale;
    if (Number.isNaN(t)) return t;
    if (t === 0) return -Math.LN2;
    return t > 0 ? this.logUpperTail(t) : Math.log1p(-Math.exp(this.logUpperTail(-t)));
  }

  quantile(p: number): number {
    checkP('StudentT', p);
    if (p === 0) return Number.NEGATIVE_INFINITY;
    if (p === 1) return Number.POSITIVE_INFINITY;
    if (p === 0.5) return this.loc;
    const v = this.df;
    const a = 0.5 * v;
    const tail = Math.min(p, 1 - p);
    let t: number;
    if (tail < 1e-12) {
      // Invert the leading term 2·tail = y^a/(a B(a, ½)) in log space: y underflows long before t overflows.
      const logY = (Math.log(2 * tail) + Math.log(a) + betaln(a, 0.5)) / a;
      t = Math.exp(0.5 * (Math.log(v) + Math.log1p(-Math.exp(logY)) - logY));
    } else {
      const y = betaincinv(a, 0.5, 2 * tail);
      t = Math.sqrt((v * (1 - y)) / y);
    }
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
