import type { Rng } from '../random/random.js';
import { HALF_LOG_2PI } from '../special/constants.js';
import { betainc, betaincinv, betaln, digamma, gammaln, logNdtr, ndtri } from '../special/index.js';
import { checkP, checkX, fill, positive, real, type UnivariateDistribution } from './family.js';

/** Past this df the t law is computed from the normal one (see logUpperTailLargeDf). */
const LARGE_DF = 1e20;

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
  /** log Γ((ν+1)/2) − log Γ(ν/2) − ½ log(νπ) − log σ, computed once (logProb is called per draw). */
  private logNormalizer: number | undefined;

  constructor(df: number, loc = 0, scale = 1) {
    this.df = positive('StudentT', 'df', df);
    this.loc = real('StudentT', 'loc', loc);
    this.scale = positive('StudentT', 'scale', scale);
  }

  get params(): number[] {
    return [this.df, this.loc, this.scale];
  }

  logProb(x: number): number {
    checkX('StudentT', 'logProb', x);
    const v = this.df;
    const z = (x - this.loc) / this.scale;
    this.logNormalizer ??=
      gammaln(0.5 * (v + 1)) - gammaln(0.5 * v) - 0.5 * Math.log(v * Math.PI) - Math.log(this.scale);
    return this.logNormalizer - 0.5 * (v + 1) * Math.log1p((z * z) / v);
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
    // log y from logs: r = ν/t² underflows to 0 for t past ~1e154 while log y ≈ log ν − 2 log t is finite.
    const logY = Math.log(this.df) - 2 * Math.log(t) - Math.log1p(r);
    return -Math.LN2 + a * logY - Math.log(a) - betaln(a, 0.5) + Math.log1p((0.5 * a * y) / (a + 1));
  }

  /**
   * I_{t²/(ν + t²)}(½, ν/2) = P(|T| ≤ |t|), for t² < ν: there ν/(ν + t²) rounds towards 1 (to 1 exactly for
   * |t| below ~1e-154, where the tail form gave NaN), while t²/(ν + t²) keeps its relative precision (and
   * underflows harmlessly to 0: P(|T| ≤ t) ≈ 2 t p(0)).
   */
  private central(t: number): number {
    const t2 = t * t;
    return betainc(0.5, 0.5 * this.df, t2 / (this.df + t2));
  }

  /**
   * log P(T > t), t > 0, for ν > 1e20, where the incomplete beta's parameter ν/2 overflows its continued
   * fraction: the normal tail up to t = 1e4 (the relative error of the tail is ~t⁴/(4ν) < 3e-5 where it
   * has long underflowed, and ~t²/(2ν) < 1e-12 relative in its log); beyond, the t density times its Mills
   * ratio, S(t) = p(t)(1 + t²/ν)/t·(1 + O(t⁻²)), with log Γ((ν + 1)/2) − log Γ(ν/2) − ½ log(νπ) = −½ log 2π
   * + O(1/ν).
   */
  private logUpperTailLargeDf(t: number): number {
    if (t <= 1e4) return logNdtr(-t);
    const v = this.df;
    const l = t < 1e150 ? Math.log1p((t * t) / v) : 2 * Math.log(t) - Math.log(v) + Math.log1p(v / t / t);
    return -HALF_LOG_2PI - 0.5 * (v - 1) * l - Math.log(t);
  }

  cdf(x: number): number {
    checkX('StudentT', 'cdf', x);
    const t = (x - this.loc) / this.scale;
    if (Number.isNaN(t)) return t;
    if (t === 0) return 0.5;
    if (this.df > LARGE_DF) {
      return t < 0 ? Math.exp(this.logUpperTailLargeDf(-t)) : -Math.expm1(this.logUpperTailLargeDf(t));
    }
    if (t * t < this.df) return 0.5 + 0.5 * Math.sign(t) * this.central(t);
    return t < 0 ? Math.exp(this.logUpperTail(-t)) : -Math.expm1(this.logUpperTail(t));
  }

  logSurvival(x: number): number {
    checkX('StudentT', 'logSurvival', x);
    const t = (x - this.loc) / this.scale;
    if (Number.isNaN(t)) return t;
    if (t === 0) return -Math.LN2;
    if (this.df > LARGE_DF) {
      return t > 0 ? this.logUpperTailLargeDf(t) : Math.log1p(-Math.exp(this.logUpperTailLargeDf(-t)));
    }
    if (t * t < this.df) return -Math.LN2 + Math.log1p(-Math.sign(t) * this.central(t));
    return t > 0 ? this.logUpperTail(t) : Math.log1p(-Math.exp(this.logUpperTail(-t)));
  }

  quantile(p: number): number {
    checkP('StudentT', p);
    if (p === 0) return Number.NEGATIVE_INFINITY;
    if (p === 1) return Number.POSITIVE_INFINITY;
    if (p === 0.5) return this.loc;
    const v = this.df;
    // Past ν = 1e20 the t quantile is the normal one: t − z = (z³ + z)/(4ν) + O(ν⁻²) < 1e-17 z for |z| < 40,
    // while the inverse incomplete beta slows down with ν/2 as its second parameter.
    if (v > LARGE_DF) return this.loc + this.scale * ndtri(p);
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
    return fill('StudentT', rng, n, () => this.loc + this.scale * rng.studentT(this.df));
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
