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
export { type SurprisalOptions, surprisal } from './measures/surprisal.js';
export { totalCorrelation } from './measures/totalCorrelation.js';

// Random numbers
export { type AliasTable, aliasTable } from './sampling/aliasTable.js';
export { createRng, type FillableArray, Rng, rngFromState } from './sampling/random.js';
