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
export type { NestedArray, TableInput, TensorLike } from './core/tensor.js';
export { type Base, logOfBase } from './core/units.js';
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
export { perplexity } from './measures/perplexity.js';
export { renyiEntropy } from './measures/renyiEntropy.js';
export { type SurprisalOptions, surprisal } from './measures/surprisal.js';
export { totalCorrelation } from './measures/totalCorrelation.js';
