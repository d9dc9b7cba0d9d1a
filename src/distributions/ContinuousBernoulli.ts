import { SurprisalError } from '../core/errors.js';
import { describe, readOptions } from '../core/options.js';
import type { Rng } from '../random/random.js';
import { checkP, checkX, fill, type UnivariateDistribution } from './family.js';
import { type ProbsOrLogits, readProbsOrLogits } from './probsOrLogits.js';

/** Below this |η| the series in u = η/2 are used (all-positive terms, no cancellation), above it the closed forms. */
const SERIES_LIMIT = 4;
/** Below this |η| the law is the uniform to double precision (the corrections are |η|/2 < ε/2 relative). */
const UNIFORM_LIMIT = 1e-17;

/** S(u) = sinh(u)/u − 1 = Σ_{k≥1} u^{2k}/(2k + 1)!, and N(u) = Σ_{k≥1} 2k·u^{2k−1}/(2k + 1)! = (coth u − 1/u)(1 + S). */
function series(u: number): { s: number; t: number; n: number } {
  const u2 = u * u;
  // term_k = u^{2k−2}/(2k + 1)!, so S = u²·Σ term_k (= u²·T) and N = u·Σ 2k·term_k.
  let term = 1 / 6;
  let t = 0;
  let n = 0;
  for (let k = 1; k < 40; k++) {
    t += term;
    n += 2 * k * term;
    if (term < 1e-18 * t) break;
    term *= u2 / ((2 * k + 2) * (2 * k + 3));
  }
  return { s: u2 * t, t, n: u * n };
}

/** log(1 − e^{−t}) for t > 0, for t down to the subnormals (where −expm1(−t) = t loses its digits). */
function log1mExpNeg(t: number): number {
  return t > 1e-290 ? Math.log(-Math.expm1(-t)) : Math.log(t);
}

/**
 * A(η) − max(η, 0), where A(η) = log ∫₀¹ e^{ηx} dx = log((e^η − 1)/η) is the log-normaliser (PyTorch's
 * `_log_normalizer`): η/2 + log1p(S(η/2)) − max(η, 0) near 0, log(1 − e^{−|η|}) − log|η| beyond. Split off
 * like this so that ηx − A(η) and the KL rules cancel max(η, 0) by hand (η = 1e300 keeps its digits).
 * @internal
 */
export function logNormalizerExcess(eta: number): number {
  if (Math.abs(eta) <= SERIES_LIMIT) return eta / 2 + Math.log1p(series(eta / 2).s) - Math.max(eta, 0);
  const a = Math.abs(eta);
  return log1mExpNeg(a) - Math.log(a);
}

/** log P(X ≤ y) for y in (0, 1): η(y − 1)⁺ + log(1 − e^{−|η|y}) − log(1 − e^{−|η|}). */
function logCdf(eta: number, y: number): number {
  if (Math.abs(eta) < UNIFORM_LIMIT) return Math.log(y);
  const a = Math.abs(eta);
  const ay = a * y;
  const head = eta > 0 ? eta * (y - 1) : 0;
  // |η|·y below the normal range: log(1 − e^{−t}) = log t + O(t), with log t = log|η| + log y.
  const num = ay > 1e-290 ? Math.log(-Math.expm1(-ay)) : Math.log(a) + Math.log(y);
  return head + num - log1mExpNeg(a);
}

/** P(X ≤ y) for y in (0, 1): (e^{ηy} − 1)/(e^η − 1), in the form that neither overflows nor cancels. */
function cdfOf(eta: number, y: number): number {
  if (Math.abs(eta) < UNIFORM_LIMIT) return y;
  if (Math.abs(eta) * y <= 1e-290) return Math.exp(logCdf(eta, y));
  if (eta > 0) return Math.exp(eta * (y - 1)) * (Math.expm1(-eta * y) / Math.expm1(-eta));
  return Math.expm1(eta * y) / Math.expm1(eta);
}

/**
 * Continuous Bernoulli distribution on [0, 1], as `torch.distributions.ContinuousBernoulli(probs=None,
 * logits=None, lims=(0.499, 0.501))` (Loaiza-Ganem & Cunningham 2019, "The continuous Bernoulli: fixing a
 * pervasive error in variational autoencoders", NeurIPS).
 *
 * p(x | λ) = C(λ) λˣ (1 − λ)¹⁻ˣ, an exponential family in η = logit λ: log p(x) = ηx − A(η) with
 * A(η) = log((e^η − 1)/η); mean A′(η) = 1/(1 − e^{−η}) − 1/η, variance A″(η) = 1/η² − 1/(4 sinh²(η/2)),
 * H = A(η) − η·A′(η), cdf (e^{ηx} − 1)/(e^η − 1) and its inverse log(1 + p(e^η − 1))/η (which `sample` draws
 * through, from the seeded generator, as PyTorch does).
 *
 * Near λ = ½ (η = 0) these are 0/0; PyTorch evaluates the log-normaliser, mean and variance there by a
 * two-term Taylor expansion in (λ − ½)² inside `lims` and returns the uniform's cdf and icdf. Here every
 * quantity uses series in u = η/2 whose terms are all positive (sinh(u)/u − 1, u·cosh u − sinh u), summed to
 * convergence for |η| ≤ 4, and the closed forms in log space beyond, so values are exact to a few ulps for
 * every finite η, λ = ½ ± 1e-9 and logits ±1e308 included. `lims` is accepted (validated, kept in `lims`) for
 * PyTorch's signature but changes no value. Where we differ from PyTorch on purpose: PyTorch clamps λ to
 * [ε, 1 − ε], so `logits: -1e308` gives logProb(0) = 3.58473 there and log(1e308) = 709.196 here (the exact
 * density); its cdf within `lims` is x, here the exact one (they differ by up to 5e-4 at the band's edge);
 * λ = 0 and λ = 1 (logits ±Infinity) are a point mass, not a density, and are refused.
 *
 * @example
 * ```ts
 * const cb = new ContinuousBernoulli(0.3);
 * cb.logProb(0.5);   // -0.02973612325187545
 * cb.mean;           // 0.43022250114382865
 * new ContinuousBernoulli({ logits: 0 }).entropy(); // 0
 * ```
 * @throws {SurprisalError} `INVALID_PARAMETER` unless probs is in (0, 1) or logits finite, or when both or
 *   neither of `{ probs, logits }` are given; `INVALID_OPTION` for another key or `lims` that is not two
 *   numbers 0 < lo ≤ ½ ≤ hi < 1.
 */
export class ContinuousBernoulli implements UnivariateDistribution {
  readonly family = 'ContinuousBernoulli';
  readonly discrete = false;
  /** λ (not a probability: the mean is A′(η), not λ). */
  readonly probs: number;
  /** η = log λ − log(1 − λ), the natural parameter. */
  readonly logits: number;
  /** PyTorch's band around ½ for its Taylor expansion; here informational only. */
  readonly lims: readonly [number, number];

  constructor(probs: ProbsOrLogits, options?: { lims?: readonly [number, number] }) {
    const opts = readOptions(options, 'ContinuousBernoulli', ['lims']);
    const b = readProbsOrLogits('ContinuousBernoulli', probs, Number.MIN_VALUE, false);
    if (!Number.isFinite(b.logits)) {
      const given = b.from === 'probs' ? b.probs : b.logits;
      throw new SurprisalError(
        'INVALID_PARAMETER',
        `ContinuousBernoulli: ${b.from} must be ${b.from === 'probs' ? 'in (0, 1)' : 'finite'} (λ = 0 or 1 is a point mass, not a density); got ${describe(given)}`,
        { argument: b.from, value: given },
      );
    }
    this.probs = b.probs;
    // η from λ near ½ as log1p((2λ − 1)/(1 − λ)): 2λ − 1 and 1 − λ are exact there, so η keeps its relative
    // precision (log λ − log(1 − λ) would be the difference of two rounded logs).
    this.logits =
      b.from === 'probs' && b.probs >= 0.25 && b.probs <= 0.75
        ? Math.log1p((2 * b.probs - 1) / (1 - b.probs))
        : b.logits;
    this.lims = readLims(opts.lims);
  }

  get params(): number[] {
    return [this.probs];
  }

  logProb(x: number): number {
    checkX('ContinuousBernoulli', 'logProb', x);
    if (Number.isNaN(x)) return x;
    if (!(x >= 0 && x <= 1)) return Number.NEGATIVE_INFINITY;
    const eta = this.logits;
    // ηx − A(η) with the max(η, 0) of A cancelled by hand: η(x − 1) − log(1 − e^{−η}) + log η for large η.
    if (Math.abs(eta) <= SERIES_LIMIT) return eta * (x - 0.5) - Math.log1p(series(eta / 2).s);
    return (eta > 0 ? eta * (x - 1) : eta * x) - logNormalizerExcess(eta);
  }

  cdf(x: number): number {
    checkX('ContinuousBernoulli', 'cdf', x);
    if (Number.isNaN(x)) return x;
    if (x <= 0) return 0;
    if (x >= 1) return 1;
    return cdfOf(this.logits, x);
  }

  logSurvival(x: number): number {
    checkX('ContinuousBernoulli', 'logSurvival', x);
    if (Number.isNaN(x)) return x;
    if (x <= 0) return 0;
    if (x >= 1) return Number.NEGATIVE_INFINITY;
    // 1 − F_η(x) = F_{−η}(1 − x) (1 − X is ContinuousBernoulli(−η)); where the survival is near 1,
    // log1p(−cdf) keeps its small value.
    const c = cdfOf(this.logits, x);
    return c < 0.5 ? Math.log1p(-c) : logCdf(-this.logits, 1 - x);
  }

  quantile(p: number): number {
    checkP('ContinuousBernoulli', p);
    return quantileOf(this.logits, p);
  }

  sample(rng: Rng, n = 1): Float64Array {
    const eta = this.logits;
    return fill('ContinuousBernoulli', rng, n, () => quantileOf(eta, rng.uniform()));
  }

  entropy(): number {
    const eta = this.logits;
    const a = Math.abs(eta);
    if (a <= SERIES_LIMIT) {
      const u = a / 2;
      const { s, n } = series(u);
      return Math.log1p(s) - (u * n) / (1 + s);
    }
    // A − ηA′ = 1 − log|η| + log(1 − e^{−|η|}) − |η|/(e^{|η|} − 1) (even in η).
    return 1 - Math.log(a) + log1mExpNeg(a) - a / Math.expm1(a);
  }

  get mean(): number {
    const eta = this.logits;
    if (Math.abs(eta) <= SERIES_LIMIT) {
      const { s, n } = series(eta / 2);
      return 0.5 + (0.5 * n) / (1 + s);
    }
    return -1 / Math.expm1(-eta) - 1 / eta;
  }

  get variance(): number {
    const eta = this.logits;
    if (Math.abs(eta) <= SERIES_LIMIT) {
      const { s, t } = series(eta / 2);
      return (0.25 * t * (2 + s)) / ((1 + s) * (1 + s));
    }
    const sh = Math.sinh(eta / 2);
    return 1 / (eta * eta) - 1 / (4 * sh * sh);
  }
}

/** The smallest x with F(x) ≥ p: log(1 + p(e^η − 1))/η, in the form that neither overflows nor cancels. */
function quantileOf(eta: number, p: number): number {
  if (p <= 0) return 0;
  if (p >= 1) return 1;
  if (Math.abs(eta) < UNIFORM_LIMIT) return p;
  let x: number;
  if (Math.abs(eta) < 1) x = Math.log1p(p * Math.expm1(eta)) / eta;
  else {
    // log(p e^η + (1 − p)) as a log-sum-exp of log p + η and log(1 − p).
    const u = Math.log(p) + eta;
    const v = Math.log1p(-p);
    const m = Math.max(u, v);
    x = (m + Math.log1p(Math.exp(Math.min(u, v) - m))) / eta;
  }
  return Math.min(1, Math.max(0, x));
}

function readLims(v: unknown): readonly [number, number] {
  if (v === undefined) return [0.499, 0.501];
  const a = v as ArrayLike<unknown> | null;
  if (
    a === null ||
    typeof a !== 'object' ||
    a.length !== 2 ||
    typeof a[0] !== 'number' ||
    typeof a[1] !== 'number' ||
    !(a[0] > 0 && a[0] <= 0.5 && a[1] >= 0.5 && a[1] < 1)
  ) {
    throw new SurprisalError(
      'INVALID_OPTION',
      `ContinuousBernoulli: lims must be [lo, hi] with 0 < lo <= 0.5 <= hi < 1; got ${describe(v)}`,
      { argument: 'lims', value: v },
    );
  }
  return [a[0], a[1]] as const;
}
