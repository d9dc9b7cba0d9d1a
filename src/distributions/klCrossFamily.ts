/**
 * Closed forms of KL(p‖q) between distributions of different families: the pairs that
 * `torch.distributions.kl` registers among the library's families (torch/distributions/kl.py), rewritten
 * with 0·log 0 = 0 so that supports touching 0 give numbers instead of NaN (pytorch#144279).
 * @module
 */
import { xlogy } from '../core/elementwise.js';
import { EULER_GAMMA, HALF_LOG_2PI } from '../special/constants.js';
import { digamma, erf, gammaln } from '../special/index.js';
import type { Bernoulli } from './Bernoulli.js';
import type { Beta } from './Beta.js';
import type { Binomial } from './Binomial.js';
import type { Exponential } from './Exponential.js';
import type { Gamma } from './Gamma.js';
import type { Gumbel } from './Gumbel.js';
import type { Laplace } from './Laplace.js';
import type { Normal } from './Normal.js';
import type { Pareto } from './Pareto.js';
import type { Poisson } from './Poisson.js';
import type { Uniform } from './Uniform.js';

const INF = Number.POSITIVE_INFINITY;
const LOG_2PI = 2 * HALF_LOG_2PI;

/** A rule of the registry: family of p, family of q, KL(p‖q). */
// biome-ignore lint/suspicious/noExplicitAny: each rule is typed at its definition; the table erases it.
export type CrossRule = [string, string, (p: any, q: any) => number];

function rule<P, Q>(p: string, q: string, f: (p: P, q: Q) => number): CrossRule {
  return [p, q, f];
}

/** E[log X] for X ~ Uniform(l, h) with 0 ≤ l: (h log h − l log l)/(h − l) − 1, with 0·log 0 = 0. */
function uniformMeanLog(p: Uniform): number {
  const w = p.high - p.low;
  return (xlogy(p.high, p.high) - xlogy(p.low, p.low)) / w - 1;
}

/** E[log(1 − X)] for X ~ Uniform(l, h) ⊆ [0, 1]. */
function uniformMeanLog1m(p: Uniform): number {
  const w = p.high - p.low;
  const a = 1 - p.low;
  const b = 1 - p.high;
  return (xlogy(a, a) - xlogy(b, b)) / w - 1;
}

function betaEntropy(p: Beta): number {
  return p.entropy();
}

/** Pairs where p puts mass outside q's support: KL = +Infinity (torch's `_kl_*_infinity`). */
const infinite: [string, string][] = [
  ['Beta', 'Pareto'],
  ['Exponential', 'Beta'],
  ['Exponential', 'Pareto'],
  ['Exponential', 'Uniform'],
  ['Gamma', 'Beta'],
  ['Gamma', 'Pareto'],
  ['Gamma', 'Uniform'],
  ['Gumbel', 'Beta'],
  ['Gumbel', 'Exponential'],
  ['Gumbel', 'Gamma'],
  ['Gumbel', 'Pareto'],
  ['Gumbel', 'Uniform'],
  ['Laplace', 'Beta'],
  ['Laplace', 'Exponential'],
  ['Laplace', 'Gamma'],
  ['Laplace', 'Pareto'],
  ['Laplace', 'Uniform'],
  ['Normal', 'Beta'],
  ['Normal', 'Exponential'],
  ['Normal', 'Gamma'],
  ['Normal', 'Pareto'],
  ['Normal', 'Uniform'],
  ['Pareto', 'Beta'],
  ['Pareto', 'Uniform'],
];

export const crossFamilyRules: CrossRule[] = [
  ...infinite.map(([p, q]): CrossRule => [p, q, () => INF]),

  rule<Bernoulli, Poisson>('Bernoulli', 'Poisson', (p, q) => {
    if (q.rate === 0) return p.probs > 0 ? INF : 0;
    return -p.entropy() - (xlogy(p.probs, q.rate) - q.rate);
  }),

  // Poisson puts mass on every k ≥ 0: infinite against a bounded support, unless the rate is 0 (a point
  // mass at 0, KL = −log q(0); PyTorch returns +Infinity there too).
  rule<Poisson, Bernoulli>('Poisson', 'Bernoulli', (p, q) => (p.rate === 0 ? 0 - q.logProb(0) : INF)),
  // −log q(0) = −n log(1 − p) with 0·log 0 = 0: Poisson(0)‖Binomial(0, 1) is 0, not 0·∞.
  rule<Poisson, Binomial>('Poisson', 'Binomial', (p, q) => (p.rate === 0 ? 0 - q.logProb(0) : INF)),

  rule<Beta, Exponential>(
    'Beta',
    'Exponential',
    (p, q) => -betaEntropy(p) - Math.log(q.rate) + q.rate * p.mean,
  ),
  rule<Beta, Gamma>('Beta', 'Gamma', (p, q) => {
    const a = p.concentration1;
    const s = a + p.concentration0;
    return (
      -betaEntropy(p) +
      gammaln(q.concentration) -
      q.concentration * Math.log(q.rate) -
      (q.concentration - 1) * (digamma(a) - digamma(s)) +
      q.rate * p.mean
    );
  }),
  rule<Beta, Normal>('Beta', 'Normal', (p, q) => {
    const m = p.mean;
    const v = q.scale * q.scale;
    const second = p.variance + m * m;
    return (
      -betaEntropy(p) + 0.5 * Math.log(2 * Math.PI * v) + (0.5 * second - q.loc * m + 0.5 * q.loc * q.loc) / v
    );
  }),
  rule<Beta, Uniform>('Beta', 'Uniform', (p, q) =>
    q.low > 0 || q.high < 1 ? INF : -betaEntropy(p) + Math.log(q.high - q.low),
  ),

  rule<Exponential, Gamma>('Exponential', 'Gamma', (p, q) => {
    const r = q.rate / p.rate;
    return (
      -q.concentration * Math.log(r) +
      r +
      gammaln(q.concentration) +
      q.concentration * EULER_GAMMA -
      (1 + EULER_GAMMA)
    );
  }),
  rule<Exponential, Gumbel>('Exponential', 'Gumbel', (p, q) => {
    const sr = p.rate * q.scale;
    const ls = q.loc / q.scale;
    return Math.log(sr) - 1 - ls + (Math.exp(ls) * sr) / (sr + 1) + 1 / sr;
  }),
  rule<Exponential, Normal>('Exponential', 'Normal', (p, q) => {
    const v = q.scale * q.scale;
    const r2 = p.rate * p.rate;
    return 0.5 * Math.log(r2 * v * 2 * Math.PI) - 1 + (1 / r2 - q.loc / p.rate + 0.5 * q.loc * q.loc) / v;
  }),

  rule<Gamma, Exponential>(
    'Gamma',
    'Exponential',
    (p, q) => -p.entropy() - Math.log(q.rate) + (q.rate * p.concentration) / p.rate,
  ),
  rule<Gamma, Gumbel>('Gamma', 'Gumbel', (p, q) => {
    const a = p.concentration;
    const bs = p.rate * q.scale;
    const ls = q.loc / q.scale;
    const t1 = (a - 1) * digamma(a) - gammaln(a) - a;
    const t2 = Math.log(bs) + a / bs;
    const t3 = Math.exp(ls - a * Math.log1p(1 / bs)) - ls;
    return t1 + t2 + t3;
  }),
  rule<Gamma, Normal>('Gamma', 'Normal', (p, q) => {
    const a = p.concentration;
    const v = q.scale * q.scale;
    const b2 = p.rate * p.rate;
    const t1 = 0.5 * Math.log(b2 * v * 2 * Math.PI) - a - gammaln(a);
    const t2 = (0.5 * (a * a + a)) / b2;
    const t3 = (q.loc * a) / p.rate;
    return t1 + (a - 1) * digamma(a) + (t2 - t3 + 0.5 * q.loc * q.loc) / v;
  }),

  rule<Gumbel, Normal>('Gumbel', 'Normal', (p, q) => {
    const r = p.scale / q.scale;
    const t1 = Math.log(r) - HALF_LOG_2PI;
    const t2 = (Math.PI * r * 0.5) ** 2 / 3;
    const z = (p.loc + p.scale * EULER_GAMMA - q.loc) / q.scale;
    return -t1 + t2 + 0.5 * z * z - (EULER_GAMMA + 1);
  }),

  rule<Laplace, Normal>('Laplace', 'Normal', (p, q) => {
    const v = q.scale * q.scale;
    const r = (p.scale * p.scale) / v;
    const d = p.loc - q.loc;
    return -0.5 * Math.log((2 * r) / Math.PI) + r + (0.5 * d * d) / v - 1;
  }),

  rule<Normal, Gumbel>('Normal', 'Gumbel', (p, q) => {
    const ms = p.loc / q.scale;
    const vs = (p.scale / q.scale) ** 2;
    const ls = q.loc / q.scale;
    return -0.5 * Math.log(vs) + ms - ls + Math.exp(-ms + 0.5 * vs + ls) - 0.5 * (1 + LOG_2PI);
  }),
  rule<Normal, Laplace>('Normal', 'Laplace', (p, q) => {
    const d = p.loc - q.loc;
    const r = p.scale / q.scale;
    const z = d / p.scale;
    const t2 = Math.sqrt(2 / Math.PI) * p.scale * Math.exp(-0.5 * z * z);
    const t3 = d * erf(Math.SQRT1_2 * z);
    return -Math.log(r) + (t2 + t3) / q.scale - 0.5 * (1 + Math.log(0.5 * Math.PI));
  }),

  rule<Pareto, Exponential>('Pareto', 'Exponential', (p, q) => {
    if (p.alpha <= 1) return INF;
    const sr = p.scale * q.rate;
    return Math.log(p.alpha / sr) - 1 / p.alpha + (p.alpha * sr) / (p.alpha - 1) - 1;
  }),
  rule<Pareto, Gamma>('Pareto', 'Gamma', (p, q) => {
    if (p.alpha <= 1) return INF;
    const common = Math.log(p.scale) + 1 / p.alpha;
    const t1 = Math.log(p.alpha) - common;
    const t2 = gammaln(q.concentration) - q.concentration * Math.log(q.rate);
    const t3 = (1 - q.concentration) * common;
    const t4 = (q.rate * p.alpha * p.scale) / (p.alpha - 1);
    return t1 + t2 + t3 + t4 - 1;
  }),
  rule<Pareto, Normal>('Pareto', 'Normal', (p, q) => {
    if (p.alpha <= 2) return INF;
    const v2 = 2 * q.scale * q.scale;
    const c = p.scale / (p.alpha - 1);
    const t1 = Math.log((Math.sqrt(2 * Math.PI) * q.scale * p.alpha) / p.scale);
    const t3 = (p.alpha * c * c) / (p.alpha - 2);
    const t4 = (p.alpha * c - q.loc) ** 2;
    return t1 - 1 / p.alpha + (t3 + t4) / v2 - 1;
  }),

  rule<Uniform, Beta>('Uniform', 'Beta', (p, q) => {
    if (p.high > 1 || p.low < 0) return INF;
    const a = q.concentration1;
    const b = q.concentration0;
    const lb = gammaln(a) + gammaln(b) - gammaln(a + b);
    // −H(U) − E[(a−1) log x + (b−1) log(1−x)] + log B(a, b)
    const ta = a === 1 ? 0 : (a - 1) * uniformMeanLog(p);
    const tb = b === 1 ? 0 : (b - 1) * uniformMeanLog1m(p);
    return Math.max(0, -Math.log(p.high - p.low) - ta - tb + lb);
  }),
  rule<Uniform, Exponential>('Uniform', 'Exponential', (p, q) =>
    p.low < 0 ? INF : (q.rate * (p.high + p.low)) / 2 - Math.log((p.high - p.low) * q.rate),
  ),
  rule<Uniform, Gamma>('Uniform', 'Gamma', (p, q) => {
    if (p.low < 0) return INF;
    const a = q.concentration;
    const t3 = a === 1 ? 0 : (1 - a) * uniformMeanLog(p);
    return (
      -Math.log(p.high - p.low) + gammaln(a) - a * Math.log(q.rate) + t3 + (q.rate * (p.high + p.low)) / 2
    );
  }),
  rule<Uniform, Gumbel>('Uniform', 'Gumbel', (p, q) => {
    const c = q.scale / (p.high - p.low);
    const zh = (p.high - q.loc) / q.scale;
    const zl = (p.low - q.loc) / q.scale;
    return Math.log(c) + 0.5 * (zh + zl) - c * (Math.exp(-zh) - Math.exp(-zl));
  }),
  rule<Uniform, Normal>('Uniform', 'Normal', (p, q) => {
    const w = p.high - p.low;
    const t1 = Math.log((Math.sqrt(2 * Math.PI) * q.scale) / w);
    const t3 = ((p.high + p.low - 2 * q.loc) / 2) ** 2;
    return t1 + (0.5 * ((w * w) / 12 + t3)) / (q.scale * q.scale);
  }),
  rule<Uniform, Pareto>('Uniform', 'Pareto', (p, q) => {
    if (p.low < q.scale) return INF;
    const w = p.high - p.low;
    return -Math.log(w) - Math.log(q.alpha) - q.alpha * Math.log(q.scale) + (q.alpha + 1) * uniformMeanLog(p);
  }),
];
