/**
 * Closed forms of KL(p‖q) with a ContinuousBernoulli on either side: the pairs `torch.distributions.kl`
 * registers (torch/distributions/kl.py). With log q(x) = η_q x − A(η_q) on [0, 1], every finite one is
 * −H(p) − η_q E_p[X] + A(η_q) (q continuous Bernoulli) or the cross-entropy of the other family at the
 * continuous Bernoulli's mean and variance (p continuous Bernoulli). Two deliberate differences from PyTorch:
 * its CB‖Uniform and Uniform‖CB test the supports with ≥ / ≤, so Uniform(0, 1) (or Uniform(0, 2) as q, or
 * Uniform(0.2, 1) as p) gives +Infinity there, where the KL is finite; and CB‖CB can come out negative in
 * PyTorch (pytorch#72525, from its clamped probs and two-term Taylor expansion), here it is ≥ 0.
 * @module
 */
import { HALF_LOG_2PI } from '../special/constants.js';
import type { Beta } from './Beta.js';
import type { ContinuousBernoulli } from './ContinuousBernoulli.js';
import { logNormalizerExcess } from './ContinuousBernoulli.js';
import type { Exponential } from './Exponential.js';
import type { CrossRule } from './klCrossFamily.js';
import type { Normal } from './Normal.js';
import { logWidth, type Uniform } from './Uniform.js';

const INF = Number.POSITIVE_INFINITY;

function rule<P, Q>(p: string, q: string, f: (p: P, q: Q) => number): CrossRule {
  return [p, q, f];
}

/** −E_p[log q(X)] + (−H(p)) for q = CB(η): A(η) − η·E_p[X] − H(p), with max(η, 0) cancelled by hand. */
function againstContinuousBernoulli(negEntropy: number, mean: number, q: ContinuousBernoulli): number {
  const eta = q.logits;
  // A(η) − ηm = (max(η, 0) − ηm) + excess; for η > 0 that is η(1 − m), both factors exact-ish.
  const head = eta > 0 ? eta * (1 - mean) : -eta * mean;
  return Math.max(0, negEntropy + head + logNormalizerExcess(eta));
}

/** Pairs where p puts mass outside q's support (torch's `_kl_*_infinity`). */
const infinite: [string, string][] = [
  ['ContinuousBernoulli', 'Pareto'],
  ['Exponential', 'ContinuousBernoulli'],
  ['Gamma', 'ContinuousBernoulli'],
  ['Gumbel', 'ContinuousBernoulli'],
  ['Laplace', 'ContinuousBernoulli'],
  ['Normal', 'ContinuousBernoulli'],
  ['Pareto', 'ContinuousBernoulli'],
];

export const continuousBernoulliRules: CrossRule[] = [
  ...infinite.map(([p, q]): CrossRule => [p, q, () => INF]),

  rule<ContinuousBernoulli, ContinuousBernoulli>('ContinuousBernoulli', 'ContinuousBernoulli', (p, q) => {
    // E_p[η_p X − A(η_p) − η_q X + A(η_q)] = μ_p(η_p − η_q) − A(η_p) + A(η_q).
    const [ep, eq] = [p.logits, q.logits];
    const head = p.mean * (ep - eq) - (Math.max(ep, 0) - Math.max(eq, 0));
    return Math.max(0, head - logNormalizerExcess(ep) + logNormalizerExcess(eq));
  }),

  rule<Beta, ContinuousBernoulli>('Beta', 'ContinuousBernoulli', (p, q) =>
    againstContinuousBernoulli(-p.entropy(), p.mean, q),
  ),
  rule<Uniform, ContinuousBernoulli>('Uniform', 'ContinuousBernoulli', (p, q) =>
    p.low < 0 || p.high > 1
      ? INF
      : againstContinuousBernoulli(-logWidth(p.low, p.high), 0.5 * p.low + 0.5 * p.high, q),
  ),

  rule<ContinuousBernoulli, Exponential>(
    'ContinuousBernoulli',
    'Exponential',
    (p, q) => -p.entropy() - Math.log(q.rate) + q.rate * p.mean,
  ),
  rule<ContinuousBernoulli, Normal>('ContinuousBernoulli', 'Normal', (p, q) => {
    const d = p.mean - q.loc;
    return Math.max(
      0,
      -p.entropy() + HALF_LOG_2PI + Math.log(q.scale) + (p.variance + d * d) / (2 * q.scale * q.scale),
    );
  }),
  rule<ContinuousBernoulli, Uniform>('ContinuousBernoulli', 'Uniform', (p, q) =>
    q.low > 0 || q.high < 1 ? INF : Math.max(0, -p.entropy() + logWidth(q.low, q.high)),
  ),
];
