/**
 * Distributions: families with PyTorch's constructors (logProb, cdf, quantile, sample, entropy) and the
 * KL divergence between them (closed forms where known, Monte Carlo otherwise).
 * The public API of this folder; src/index.ts re-exports it, and it is the `surprisal/distributions` entry point.
 * @packageDocumentation
 */
export { Bernoulli } from './Bernoulli.js';
export { Beta } from './Beta.js';
export { Binomial } from './Binomial.js';
export { Categorical } from './Categorical.js';
export { Cauchy } from './Cauchy.js';
export { ContinuousBernoulli } from './ContinuousBernoulli.js';
export { Dirichlet } from './Dirichlet.js';
export { Exponential } from './Exponential.js';
export type {
  AnyDistribution,
  MultivariateDistribution,
  UnivariateDistribution,
} from './family.js';
export { Gamma } from './Gamma.js';
export { Geometric } from './Geometric.js';
export { Gumbel } from './Gumbel.js';
export {
  hasClosedFormKl,
  type KlEstimate,
  type KlMonteCarloOptions,
  type KlOptions,
  kl,
  klMonteCarlo,
  klPairs,
} from './kl.js';
export { Laplace } from './Laplace.js';
export { LogNormal } from './LogNormal.js';
export { MultivariateNormal } from './MultivariateNormal.js';
export { Normal } from './Normal.js';
export { Pareto } from './Pareto.js';
export { Poisson } from './Poisson.js';
export type { ProbsOrLogits } from './probsOrLogits.js';
export { StudentT } from './StudentT.js';
export { Uniform } from './Uniform.js';
export { Weibull } from './Weibull.js';
