/**
 * surprisal: information theory for TypeScript.
 * @packageDocumentation
 */

// Log-space arithmetic and SciPy's elementwise conventions
export { entr, relEntr, xlog1py, xlogy } from './core/elementwise.js';
export { SurprisalError, type SurprisalErrorCode, type SurprisalErrorDetails } from './core/errors.js';
export { type FloatArrayFor, logSoftmax } from './core/logSoftmax.js';
export { logSumExp } from './core/logSumExp.js';
// Errors, units and input types
export type { DistributionOptions, ProbabilityForm } from './core/probabilities.js';
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
export { Exponential } from './distributions/Exponential.js';
export type {
  AnyDistribution,
  MultivariateDistribution,
  UnivariateDistribution,
} from './distributions/family.js';
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
// Estimators from data
export type { Category } from './estimators/counts.js';
export {
  type DifferentialEntropyEstimate,
  type DifferentialEntropyMethod,
  type DifferentialEntropyOptions,
  differentialEntropy,
} from './estimators/differentialEntropy.js';
export type { Estimate } from './estimators/estimate.js';
export {
  type EntropyEstimate,
  type EntropyMethod,
  type EstimateEntropyOptions,
  estimateEntropy,
} from './estimators/estimateEntropy.js';
export {
  estimateKlDivergence,
  type KlDivergenceEstimate,
  type KlDivergenceMethod,
  type KlDivergenceOptions,
  type KlSamplesInput,
} from './estimators/estimateKlDivergence.js';
export {
  type ConditionalMutualInformationOptions,
  estimateConditionalMutualInformation,
  estimateMutualInformation,
  type KnnMutualInformationOptions,
  type MutualInformationEstimate,
  type MutualInformationMethod,
  type MutualInformationOptions,
  type SamplesInput,
} from './estimators/estimateMutualInformation.js';
export {
  type KdTree,
  type KdTreeOptions,
  kdTree,
  type Neighbours,
  type Norm,
  type PointsInput,
} from './estimators/knn/kdTree.js';
export type { Resampling } from './estimators/resample.js';
export { freeKernelArray, kernelFloat32Array, kernelInt32Array } from './kernels/arrays.js';
export type { Backend } from './kernels/options.js';
export { startKernelThreads, stopKernelThreads } from './kernels/threads.js';
export { type BinaryCrossEntropyOptions, binaryCrossEntropy } from './losses/binaryCrossEntropy.js';
export {
  type BinaryCrossEntropyWithLogitsOptions,
  binaryCrossEntropyWithLogits,
} from './losses/binaryCrossEntropyWithLogits.js';
// Model evaluation
export { bitsPerByte, bitsPerToken } from './losses/bitsPer.js';
export type { ClassTarget, IndexTarget } from './losses/classTargets.js';
export { compareLogits, type LogitComparison, type Rate, type Summary } from './losses/compareLogits.js';
export { type CrossEntropyLossOptions, crossEntropyLoss } from './losses/crossEntropyLoss.js';
export {
  type GaussianNllLossOptions,
  type GaussianNllLossResult,
  gaussianNllLoss,
} from './losses/gaussianNllLoss.js';
export { type KlDivLossOptions, type KlReduction, klDivLoss } from './losses/klDivLoss.js';
export {
  type LinearCrossEntropyLossOptions,
  type LinearCrossEntropyResult,
  linearCrossEntropyLoss,
} from './losses/linearCrossEntropyLoss.js';
export { type NllLossOptions, nllLoss } from './losses/nllLoss.js';
export { type PoissonNllLossOptions, poissonNllLoss } from './losses/poissonNllLoss.js';
export type { BaseLossOptions, EmptyMean, LossResult, LossValue, Reduction } from './losses/reduction.js';
// Measures on joint distributions
export { conditionalEntropy } from './measures/conditionalEntropy.js';
export { conditionalMutualInformation } from './measures/conditionalMutualInformation.js';
// Measures between two distributions
export { crossEntropy } from './measures/crossEntropy.js';
// Measures on one distribution
export { entropy, type MeasureOptions } from './measures/entropy.js';
export { interactionInformation } from './measures/interactionInformation.js';
export { jointEntropy } from './measures/jointEntropy.js';
export { jsDivergence } from './measures/jsDivergence.js';
export { klDivergence } from './measures/klDivergence.js';
export { mutualInformation } from './measures/mutualInformation.js';
export { type MeanNll, perplexity } from './measures/perplexity.js';
export { renyiEntropy } from './measures/renyiEntropy.js';
export { type SoftmaxEntropyOptions, softmaxEntropy } from './measures/softmaxEntropy.js';
export { type SurprisalOptions, surprisal } from './measures/surprisal.js';
export { totalCorrelation } from './measures/totalCorrelation.js';
// Importance sampling, Pareto smoothing and rare events
export {
  type CrossEntropyMethodOptions,
  type CrossEntropyMethodResult,
  crossEntropyMethod,
} from './montecarlo/crossEntropyMethod.js';
export { effectiveSampleSize } from './montecarlo/effectiveSampleSize.js';
// Model comparison: PSIS leave-one-out cross-validation (R loo)
export {
  type ExpectationLooOptions,
  type ExpectationLooResult,
  type ExpectationType,
  expectationLoo,
} from './montecarlo/expectationLoo.js';
export { type GaussianTailMethod, type GaussianTailResult, gaussianTail } from './montecarlo/gaussianTail.js';
export { type GpdFit, gpdfit } from './montecarlo/gpdfit.js';
export {
  type ImportanceSamplingOptions,
  type ImportanceSamplingResult,
  importanceSampling,
  type Point,
} from './montecarlo/importanceSampling.js';
export type { LogLikelihoodInput } from './montecarlo/logLikelihood.js';
export {
  type KhatCategory,
  type LooOptions,
  type LooResult,
  loo,
  type SummedEstimate,
} from './montecarlo/loo.js';
export { type LooComparisonRow, looCompare } from './montecarlo/looCompare.js';
export {
  type ModelWeightsMethod,
  type ModelWeightsOptions,
  modelWeights,
} from './montecarlo/modelWeights.js';
export {
  type PortfolioLossTailOptions,
  type PortfolioLossTailResult,
  portfolioLossTail,
} from './montecarlo/portfolioLossTail.js';
export { diagnose, type PsisDiagnosis, type PsisResult, psis } from './montecarlo/psis.js';
export { type RelativeEfficiencyOptions, relativeEfficiency } from './montecarlo/relativeEfficiency.js';
export { type WaicResult, waic } from './montecarlo/waic.js';
// Random numbers
export { type AliasTable, aliasTable } from './random/aliasTable.js';
export { multinomial } from './random/multinomial.js';
export { createRng, type FillableArray, Rng, rngFromState } from './random/random.js';
// Special functions
export {
  betainc,
  betaincinv,
  betaln,
  digamma,
  erf,
  erfc,
  erfcx,
  gammainc,
  gammaincc,
  gammainccinv,
  gammaincinv,
  gammaln,
  log1pmx,
  logBetaincc,
  logErfc,
  logGammaincc,
  logNdtr,
  ndtr,
  ndtri,
  ndtriExp,
  trigamma,
} from './special/index.js';
