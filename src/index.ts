/**
 * surprisal: information theory for TypeScript.
 * @packageDocumentation
 */

// Errors, units and input types
export type { DistributionOptions, ProbabilityForm } from './core/distribution.js';
// Log-space arithmetic and SciPy's elementwise conventions
export { entr, relEntr, xlog1py, xlogy } from './core/elementwise.js';
export { SurprisalError, type SurprisalErrorCode, type SurprisalErrorDetails } from './core/errors.js';
export { type FloatArrayFor, logSoftmax } from './core/logSoftmax.js';
export { logSumExp } from './core/logSumExp.js';
export { softmax } from './core/softmax.js';
export { Accumulator, fsum } from './core/sum.js';
// Losses with gradients (PyTorch semantics)
export type { FloatTensor, NestedArray, TableInput, TensorInput, TensorLike } from './core/tensor.js';
export { type Base, logOfBase } from './core/units.js';
// Distributions (PyTorch's constructors) and the KL divergence between them
export { Bernoulli } from './distributions/Bernoulli.js';
export { Beta } from './distributions/Beta.js';
export { Binomial } from './distributions/Binomial.js';
export { Categorical } from './distributions/Categorical.js';
export { Cauchy } from './distributions/Cauchy.js';
export { Dirichlet } from './distributions/Dirichlet.js';
export type {
  AnyDistribution,
  MultivariateDistribution,
  UnivariateDistribution,
} from './distributions/distribution.js';
export { Exponential } from './distributions/Exponential.js';
export { Gamma } from './distributions/Gamma.js';
export { Geometric } from './distributions/Geometric.js';
export { Gumbel } from './distributions/Gumbel.js';
export {
  hasClosedFormKl,
  type KlEstimate,
  type KlOptions,
  kl,
  klMonteCarlo,
  klPairs,
} from './distributions/kl.js';
export { Laplace } from './distributions/Laplace.js';
export { LogNormal } from './distributions/LogNormal.js';
export { MultivariateNormal } from './distributions/MultivariateNormal.js';
export { Normal } from './distributions/Normal.js';
export { Pareto } from './distributions/Pareto.js';
export { Poisson } from './distributions/Poisson.js';
export { StudentT } from './distributions/StudentT.js';
export { Uniform } from './distributions/Uniform.js';
export { Weibull } from './distributions/Weibull.js';
