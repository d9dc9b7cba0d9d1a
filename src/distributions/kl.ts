/**
 * KL divergence between distributions: closed forms for same-family pairs and for the cross-family pairs
 * that `torch.distributions.kl` registers, and a Monte Carlo estimate with its standard error for the rest.
 * @module
 */

import { checkAllocatable } from '../core/allocate.js';
import { SurprisalError } from '../core/errors.js';
import { describe, readBooleanOption, readOptions } from '../core/options.js';
import { Accumulator } from '../core/sum.js';
import { klDivergence } from '../measures/klDivergence.js';
import { createRng } from '../random/random.js';
import { checkSeed, type Seed } from '../random/seed.js';
import { EULER_GAMMA } from '../special/constants.js';
import { betaln, digamma, gammaln } from '../special/index.js';
import type { Bernoulli } from './Bernoulli.js';
import type { Beta } from './Beta.js';
import type { Binomial } from './Binomial.js';
import type { Categorical } from './Categorical.js';
import type { Cauchy } from './Cauchy.js';
import type { Dirichlet } from './Dirichlet.js';
import type { Exponential } from './Exponential.js';
import type { AnyDistribution, MultivariateDistribution, UnivariateDistribution } from './family.js';
import type { Gamma } from './Gamma.js';
import type { Geometric } from './Geometric.js';
import type { Gumbel } from './Gumbel.js';
import { continuousBernoulliRules } from './klContinuousBernoulli.js';
import { crossFamilyRules } from './klCrossFamily.js';
import type { Laplace } from './Laplace.js';
import type { LogNormal } from './LogNormal.js';
import { forwardSolve, type MultivariateNormal } from './MultivariateNormal.js';
import type { Normal } from './Normal.js';
import type { Pareto } from './Pareto.js';
import type { Poisson } from './Poisson.js';
import type { BinaryParameter } from './probsOrLogits.js';
import { logWidth, type Uniform } from './Uniform.js';
import type { Weibull } from './Weibull.js';

// biome-ignore lint/suspicious/noExplicitAny: the registry is keyed by family names; each entry casts.
type KlRule = (p: any, q: any) => number;

const registry = new Map<string, KlRule>();

function register<P, Q>(p: string, q: string, rule: (p: P, q: Q) => number): void {
  registry.set(`${p}|${q}`, rule as KlRule);
}

const INF = Number.POSITIVE_INFINITY;

// ---- same family -------------------------------------------------------------------------------------

function normalNormal(mp: number, sp: number, mq: number, sq: number): number {
  const r = sp / sq;
  const d = (mp - mq) / sq;
  return 0.5 * (r * r + d * d - 1) - Math.log(r);
}

register<Normal, Normal>('Normal', 'Normal', (p, q) => normalNormal(p.loc, p.scale, q.loc, q.scale));
// KL is invariant under the shared bijection exp: LogNormal‖LogNormal = Normal‖Normal of the logs.
register<LogNormal, LogNormal>('LogNormal', 'LogNormal', (p, q) =>
  normalNormal(p.loc, p.scale, q.loc, q.scale),
);
register<Exponential, Exponential>('Exponential', 'Exponential', (p, q) => {
  const r = q.rate / p.rate;
  return r - 1 - Math.log(r);
});
register<Gamma, Gamma>('Gamma', 'Gamma', (p, q) => {
  const [ap, bp, aq, bq] = [p.concentration, p.rate, q.concentration, q.rate];
  return (
    (ap - aq) * digamma(ap) -
    gammaln(ap) +
    gammaln(aq) +
    aq * (Math.log(bp) - Math.log(bq)) +
    (ap * (bq - bp)) / bp
  );
});
register<Beta, Beta>('Beta', 'Beta', (p, q) => {
  const [ap, bp, aq, bq] = [p.concentration1, p.concentration0, q.concentration1, q.concentration0];
  return (
    betaln(aq, bq) -
    betaln(ap, bp) +
    (ap - aq) * digamma(ap) +
    (bp - bq) * digamma(bp) +
    (aq - ap + bq - bp) * digamma(ap + bp)
  );
});
register<Uniform, Uniform>('Uniform', 'Uniform', (p, q) =>
  q.low <= p.low && p.high <= q.high ? Math.max(0, logWidth(q.low, q.high) - logWidth(p.low, p.high)) : INF,
);
register<Laplace, Laplace>('Laplace', 'Laplace', (p, q) => {
  // pytorch kl._kl_laplace_laplace
  const r = p.scale / q.scale;
  const d = Math.abs(p.loc - q.loc);
  return -Math.log(r) + d / q.scale + r * Math.exp(-d / p.scale) - 1;
});
register<Gumbel, Gumbel>('Gumbel', 'Gumbel', (p, q) => {
  // pytorch kl._kl_gumbel_gumbel, with (μp − μq)/βq formed once: torch's μq/βq and μp/βq overflow
  // separately (loc 1e300, scale 1e-300) and cancel to NaN.
  const ct1 = p.scale / q.scale;
  const dl = (p.loc - q.loc) / q.scale;
  if (dl === Number.NEGATIVE_INFINITY || ct1 === INF) return INF;
  return Math.max(
    0,
    -Math.log(ct1) + dl + ct1 * EULER_GAMMA + Math.exp(gammaln(1 + ct1) - dl) - (1 + EULER_GAMMA),
  );
});
register<Pareto, Pareto>('Pareto', 'Pareto', (p, q) => {
  if (p.scale < q.scale) return INF;
  const a = q.alpha / p.alpha;
  return q.alpha * Math.log(p.scale / q.scale) - Math.log(a) + a - 1;
});
register<Cauchy, Cauchy>('Cauchy', 'Cauchy', (p, q) => {
  // Chyzak & Nielsen 2019, "A closed-form formula for the Kullback–Leibler divergence between Cauchy
  // distributions": log(((γp + γq)² + (x₀p − x₀q)²)/(4γpγq)). It is symmetric, so with a = max(γ), r = min(γ)/a
  // ≤ 1 and D = Δx₀/a it is 2 log(hypot(1 + r, D)/2) − log r: no square or product of scales to overflow or
  // underflow (scale 1e±300), and exactly 0 for p = q.
  const a = Math.max(p.scale, q.scale);
  const b = Math.min(p.scale, q.scale);
  const r = b / a;
  const logR = r > 0 ? Math.log(r) : Math.log(b) - Math.log(a);
  let d = (p.loc - q.loc) / a;
  if (!Number.isFinite(d)) d = 2 * ((0.5 * p.loc - 0.5 * q.loc) / a);
  return Math.max(0, 2 * Math.log(Math.hypot(1 + r, d) / 2) - logR);
});
register<Weibull, Weibull>('Weibull', 'Weibull', (p, q) => {
  // Bauckhage 2013, "Computing the Kullback–Leibler divergence between two Weibull distributions", eq. (11):
  // log(kp/λp^kp) − log(kq/λq^kq) + (kp − kq)(log λp − γ/kp) + (λp/λq)^kq Γ(kq/kp + 1) − 1. Its powers
  // λ^k overflow (1000^110) and cancel to NaN; collecting the logs of λ gives the same value as
  // log(kp/kq) − u − γ(1 − kq/kp) + exp(u + log Γ(kq/kp + 1)) − 1 with u = kq log(λp/λq).
  const [lp, kp, lq, kq] = [p.scale, p.concentration, q.scale, q.concentration];
  const u = kq * (Math.log(lp) - Math.log(lq));
  return Math.max(
    0,
    Math.log(kp) - Math.log(kq) - u - EULER_GAMMA * (1 - kq / kp) + Math.exp(u + gammaln(kq / kp + 1)) - 1,
  );
});
register<Bernoulli, Bernoulli>('Bernoulli', 'Bernoulli', (p, q) => bernoulliKl(p.binary, q.binary));
register<Binomial, Binomial>('Binomial', 'Binomial', (p, q) => {
  if (p.totalCount > q.totalCount) return INF;
  // n = 0: both are the point mass at 0 (n·KL would be 0·∞ = NaN for probs 0 against 1).
  if (p.totalCount === 0) return 0;
  if (p.totalCount === q.totalCount) return p.totalCount * bernoulliKl(p.binary, q.binary);
  // Different numbers of trials: no closed form (PyTorch raises), but the support is finite: sum it.
  return summedKl(p, q, p.totalCount);
});
register<Poisson, Poisson>('Poisson', 'Poisson', (p, q) => {
  if (p.rate === 0) return q.rate;
  if (q.rate === 0) return INF;
  return p.rate * Math.log(p.rate / q.rate) - p.rate + q.rate;
});
register<Geometric, Geometric>('Geometric', 'Geometric', (p, q) => {
  // E_p[log p(X) − log q(X)] = log p − log q + E_p[X]·(log(1 − p) − log(1 − q)), E_p[X] = (1 − p)/p, with the
  // logs from the parameter each was given (logits ±40 keep their digits).
  const a = p.binary;
  const b = q.binary;
  const mean = a.probsComplement / a.probs;
  let tail: number;
  if (mean === 0) tail = 0;
  else if (a.probs > 1e-300) tail = mean * (a.log1mProbs - b.log1mProbs);
  else {
    // p below 1e-300 (logits under −690, where log(1 − p) = −p underflows and E[X] = 1/p overflows):
    // E[X]·log((1 − p)/(1 − q)) = e^{−l_p}(softplus(l_q) − softplus(l_p)), formed in logs; → expm1(l_q − l_p)
    // when q is that small too (both softplus underflow).
    const diff = a.log1mProbs - b.log1mProbs;
    tail =
      b.probs > 1e-300 && diff > 0 ? Math.exp(Math.log(diff) - a.logits) : Math.expm1(b.logits - a.logits);
  }
  return Math.max(0, a.logProbs - b.logProbs + tail);
});
register<Categorical, Categorical>('Categorical', 'Categorical', (p, q) => {
  if (p.probs.length !== q.probs.length) {
    throw new SurprisalError(
      'SHAPE_MISMATCH',
      `kl: Categorical supports differ in size (${p.probs.length} vs ${q.probs.length})`,
      {
        argument: 'q',
      },
    );
  }
  if (p.builtFromLogits || q.builtFromLogits) return logSpaceKl(p.logits, q.logits);
  return klDivergence(p.probs, q.probs, { tolerance: 1e-9 });
});
register<Dirichlet, Dirichlet>('Dirichlet', 'Dirichlet', (p, q) => {
  if (p.dim !== q.dim)
    throw new SurprisalError('SHAPE_MISMATCH', `kl: Dirichlet dimensions differ (${p.dim} vs ${q.dim})`);
  const a = p.concentration;
  const b = q.concentration;
  const a0 = a.reduce((s, v) => s + v, 0);
  const b0 = b.reduce((s, v) => s + v, 0);
  const acc = new Accumulator().add(gammaln(a0)).add(-gammaln(b0));
  const psi0 = digamma(a0);
  for (let i = 0; i < a.length; i++)
    acc.add(gammaln(b[i]) - gammaln(a[i]) + (a[i] - b[i]) * (digamma(a[i]) - psi0));
  return Math.max(0, acc.value());
});
register<MultivariateNormal, MultivariateNormal>('MultivariateNormal', 'MultivariateNormal', (p, q) => {
  if (p.dim !== q.dim) {
    throw new SurprisalError(
      'SHAPE_MISMATCH',
      `kl: MultivariateNormal dimensions differ (${p.dim} vs ${q.dim})`,
    );
  }
  // ½[tr(Σq⁻¹Σp) + (μq − μp)ᵀ Σq⁻¹ (μq − μp) − d] + log det Lq − log det Lp, with
  // tr(Σq⁻¹Σp) = ‖Lq⁻¹ Lp‖²_F (column by column).
  const d = p.dim;
  const lp = p.scaleTril;
  let trace = 0;
  const col = new Float64Array(d);
  for (let j = 0; j < d; j++) {
    for (let i = 0; i < d; i++) col[i] = lp[i * d + j];
    const y = forwardSolve(q.scaleTril, d, col);
    for (let i = 0; i < d; i++) trace += y[i] * y[i];
  }
  const diff = new Float64Array(d);
  for (let i = 0; i < d; i++) diff[i] = q.loc[i] - p.loc[i];
  const y = forwardSolve(q.scaleTril, d, diff);
  let maha = 0;
  for (let i = 0; i < d; i++) maha += y[i] * y[i];
  return Math.max(0, 0.5 * (trace + maha - d) + q.halfLogDeterminant - p.halfLogDeterminant);
});

/**
 * p log(p/q) + (1 − p) log((1 − p)/(1 − q)) from the logs of each side (−softplus(∓l) when built from
 * logits), with 0·log(0/q) = 0 and +Infinity where p puts mass that q does not.
 */
function bernoulliKl(p: BinaryParameter, q: BinaryParameter): number {
  const a = p.probs === 0 ? 0 : q.probs === 0 ? INF : p.probs * (p.logProbs - q.logProbs);
  const b =
    p.probsComplement === 0
      ? 0
      : q.probsComplement === 0
        ? INF
        : p.probsComplement * (p.log1mProbs - q.log1mProbs);
  return Math.max(0, a + b);
}

/** Σ pₖ (log pₖ − log qₖ) from normalised log-probabilities: exact where pₖ underflows but log pₖ does not. */
function logSpaceKl(lp: Float64Array, lq: Float64Array): number {
  const acc = new Accumulator();
  for (let k = 0; k < lp.length; k++) {
    if (lp[k] === Number.NEGATIVE_INFINITY) continue;
    if (lq[k] === Number.NEGATIVE_INFINITY) return INF;
    acc.add(Math.exp(lp[k]) * (lp[k] - lq[k]));
  }
  return Math.max(0, acc.value());
}

/** KL by summation over a finite support {0, ..., upper}. */
function summedKl(p: UnivariateDistribution, q: UnivariateDistribution, upper: number): number {
  const acc = new Accumulator();
  for (let k = 0; k <= upper; k++) {
    const lp = p.logProb(k);
    if (lp === Number.NEGATIVE_INFINITY) continue;
    const lq = q.logProb(k);
    if (lq === Number.NEGATIVE_INFINITY) return INF;
    acc.add(Math.exp(lp) * (lp - lq));
  }
  return Math.max(0, acc.value());
}

for (const [p, q, f] of [...crossFamilyRules, ...continuousBernoulliRules]) registry.set(`${p}|${q}`, f);

/**
 * The pairs "P|Q" with a closed form (or exact sum) in {@link kl}, sorted.
 *
 * @example
 * ```ts
 * klPairs().includes('Normal|Gumbel'); // true
 * ```
 */
export function klPairs(): string[] {
  return [...registry.keys()].sort();
}

/** A Monte Carlo estimate of KL(p‖q) = E_p[log p(X) − log q(X)]. */
export interface KlEstimate {
  value: number;
  /** Standard error of the mean of the log-ratios (0 for a closed form). */
  stdError: number;
  method: 'closed-form' | 'monte-carlo';
  /** Number of draws (0 for a closed form). */
  samples: number;
}

/** Options of {@link klMonteCarlo}. */
export interface KlMonteCarloOptions {
  /** Number of draws of p, an integer in [2, 2³²]. */
  samples: number;
  /** Seed of the draws: an integer in [0, 2⁵³) or a bigint in [0, 2⁶⁴) (as {@link createRng}). */
  seed: Seed;
}

/** Options of {@link kl}. */
export interface KlOptions {
  /** Fall back to (or, with `force`, always use) a Monte Carlo estimate from `samples` draws of p. */
  monteCarlo?: KlMonteCarloOptions & { force?: boolean };
}

/**
 * Whether kl(p, q) has a closed form (or exact sum) in the registry.
 *
 * @example
 * ```ts
 * hasClosedFormKl(new Normal(0, 1), new Laplace(0, 1)); // true
 * hasClosedFormKl(new StudentT(3, 0, 1), new Normal(0, 1)); // false
 * ```
 */
export function hasClosedFormKl(p: AnyDistribution, q: AnyDistribution): boolean {
  checkDistribution('hasClosedFormKl', 'p', p);
  checkDistribution('hasClosedFormKl', 'q', q);
  return registry.has(`${p.family}|${q.family}`);
}

/**
 * Throws unless `d` looks like a distribution (a family name, logProb and sample), so `null`, `{}` or a
 * number get a SurprisalError naming the argument instead of a TypeError. Duck-typed on purpose: a user's
 * own family implementing the interface works with {@link klMonteCarlo}.
 */
function checkDistribution(fn: string, argument: string, d: unknown): asserts d is AnyDistribution {
  const o = d as Partial<UnivariateDistribution> | null;
  if (
    o === null ||
    typeof o !== 'object' ||
    typeof o.family !== 'string' ||
    typeof o.logProb !== 'function' ||
    typeof o.sample !== 'function'
  ) {
    throw new SurprisalError(
      'INVALID_PARAMETER',
      `${fn}: ${argument} must be a distribution (new Normal(0, 1), ...); got ${describe(d)}`,
      { argument, value: d },
    );
  }
}

/** Reads `{ samples, seed }` of a Monte Carlo estimate. */
function readMonteCarlo(
  options: unknown,
  fn: string,
  keys: readonly string[],
  argument?: string,
): { samples: number; seed: Seed | undefined; force: boolean } {
  const o = readOptions(options as object | undefined, fn, keys, argument) as {
    samples?: unknown;
    seed?: unknown;
    force?: unknown;
  };
  const n = o.samples;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 2) {
    throw new SurprisalError('INVALID_OPTION', `${fn}: samples must be an integer >= 2; got ${describe(n)}`, {
      argument: 'samples',
      value: n,
    });
  }
  checkAllocatable(n, fn, 'samples');
  const seed = checkSeed(o.seed, fn);
  return { samples: n, seed, force: readBooleanOption(o.force, false, 'force', fn) };
}

/**
 * Monte Carlo estimate of KL(p‖q) = E_{x∼p}[log p(x) − log q(x)] from `samples` seeded draws of p, with the
 * standard error of the mean. +Infinity as soon as a draw of p has q-density 0.
 *
 * @example
 * ```ts
 * const est = klMonteCarlo(new Normal(0, 1), new Normal(1, 2), { samples: 100000, seed: 1 });
 * Math.abs(est.value - 0.4431471805599453) < 4 * est.stdError; // true
 * ```
 * @throws {SurprisalError} `INVALID_OPTION` for a sample count that is not an integer ≥ 2, a seed that is not
 *   an integer in [0, 2⁵³) or a bigint in [0, 2⁶⁴), or an unknown option,
 *   `TOO_LARGE` for more than 2³² samples, `INVALID_PARAMETER` when p or q is not a distribution,
 *   `SHAPE_MISMATCH` for different dimensions.
 */
export function klMonteCarlo(
  p: AnyDistribution,
  q: AnyDistribution,
  options: KlMonteCarloOptions,
): KlEstimate {
  checkDistribution('klMonteCarlo', 'p', p);
  checkDistribution('klMonteCarlo', 'q', q);
  const { samples: n, seed } = readMonteCarlo(options, 'klMonteCarlo', ['samples', 'seed']);
  return monteCarlo(p, q, n, seed);
}

function monteCarlo(p: AnyDistribution, q: AnyDistribution, n: number, seed: Seed | undefined): KlEstimate {
  const rng = createRng(seed);
  const ratios = new Float64Array(n);
  if ('dim' in p) {
    const qq = q as MultivariateDistribution;
    if (!('dim' in q) || qq.dim !== p.dim) {
      throw new SurprisalError(
        'SHAPE_MISMATCH',
        `klMonteCarlo: ${p.family} and ${q.family} live in different spaces`,
      );
    }
    const { data } = p.sample(rng, n);
    const d = p.dim;
    for (let i = 0; i < n; i++) {
      const x = data.subarray(i * d, i * d + d);
      ratios[i] = p.logProb(x) - qq.logProb(x);
    }
  } else {
    const qq = q as UnivariateDistribution;
    const xs = p.sample(rng, n);
    for (let i = 0; i < n; i++) ratios[i] = p.logProb(xs[i]) - qq.logProb(xs[i]);
  }
  const mean = new Accumulator();
  for (const r of ratios) {
    if (r === INF) return { value: INF, stdError: 0, method: 'monte-carlo', samples: n };
    mean.add(r);
  }
  const m = mean.value() / n;
  const v = new Accumulator();
  for (const r of ratios) v.add((r - m) * (r - m));
  return { value: m, stdError: Math.sqrt(v.value() / (n - 1) / n), method: 'monte-carlo', samples: n };
}

/**
 * KL divergence D(p‖q) between two distributions of the library, in nats.
 *
 * Closed forms for every same-family pair that has one (Normal, LogNormal, Exponential, Gamma, Beta, Uniform,
 * Laplace, Cauchy, Gumbel, Pareto, Weibull, Bernoulli, Binomial, Poisson, Geometric, Categorical, Dirichlet,
 * MultivariateNormal, ContinuousBernoulli) and the cross-family pairs registered by `torch.distributions.kl`; +Infinity where p puts
 * mass outside q's support. Binomial pairs with different numbers of trials are summed exactly over the
 * support (PyTorch raises). Pairs with no closed form throw `NOT_IMPLEMENTED`, unless
 * `{ monteCarlo: { samples, seed } }` is given, which returns a {@link KlEstimate} (the closed form too, when
 * there is one, with stdError 0; `force: true` always samples).
 *
 * @example
 * ```ts
 * kl(new Normal(0, 1), new Normal(1, 2));        // 0.4431471805599453
 * kl(new Normal(1, 2), new Normal(0, 1));        // 1.3068528194400546
 * kl(new Uniform(0, 1), new Beta(1, 1));         // 0 (PyTorch: NaN, pytorch#144279)
 * kl(new Normal(0, 1), new Uniform(-1, 1));      // Infinity
 * ```
 * @throws {SurprisalError} `NOT_IMPLEMENTED` naming the pair when it has no closed form and no Monte Carlo
 *   fallback was asked for; `INVALID_PARAMETER` when p or q is not a distribution; `INVALID_OPTION` for an
 *   unknown option or a bad `monteCarlo` (as {@link klMonteCarlo}); `TOO_LARGE` past 2³² samples.
 */
export function kl(p: AnyDistribution, q: AnyDistribution): number;
export function kl(
  p: AnyDistribution,
  q: AnyDistribution,
  options: KlOptions & { monteCarlo: object },
): KlEstimate;
export function kl(p: AnyDistribution, q: AnyDistribution, options?: KlOptions): number | KlEstimate;
export function kl(p: AnyDistribution, q: AnyDistribution, options?: KlOptions): number | KlEstimate {
  checkDistribution('kl', 'p', p);
  checkDistribution('kl', 'q', q);
  const opts = readOptions(options, 'kl', ['monteCarlo']);
  const rule = registry.get(`${p.family}|${q.family}`);
  const mc =
    opts.monteCarlo === undefined
      ? undefined
      : readMonteCarlo(opts.monteCarlo, 'kl', ['samples', 'seed', 'force'], 'monteCarlo');
  if (mc && (mc.force || !rule)) return monteCarlo(p, q, mc.samples, mc.seed);
  if (!rule) {
    throw new SurprisalError(
      'NOT_IMPLEMENTED',
      `kl: no closed form for ${p.family}‖${q.family}; pass { monteCarlo: { samples, seed } } for an estimate`,
      { argument: 'q', value: `${p.family}|${q.family}` },
    );
  }
  const value = rule(p, q);
  return mc ? { value, stdError: 0, method: 'closed-form', samples: 0 } : value;
}
