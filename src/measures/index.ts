/**
 * Measures on distributions given as probability vectors: entropy, cross entropy, KL and JS divergence,
 * Rényi entropy, surprisal, perplexity, and the joint/conditional measures on tables.
 * The public API of this folder; src/index.ts re-exports it, and it is the `surprisal/measures` entry point.
 * @packageDocumentation
 */
export { type CoInformationOptions, coInformation } from './coInformation.js';
export { type ConditionalEntropyOptions, conditionalEntropy } from './conditionalEntropy.js';
export {
  type ConditionalKlDivergenceOptions,
  conditionalKlDivergence,
} from './conditionalKlDivergence.js';
export {
  type ConditionalMutualInformationOptions,
  conditionalMutualInformation,
} from './conditionalMutualInformation.js';
export { type CrossEntropyOptions, crossEntropy } from './crossEntropy.js';
export { type DualTotalCorrelationOptions, dualTotalCorrelation } from './dualTotalCorrelation.js';
export { type EntropyOptions, entropy, type MeasureOptions, type ThreadsOption } from './entropy.js';
export { type InteractionInformationOptions, interactionInformation } from './interactionInformation.js';
export { type JointEntropyOptions, jointEntropy } from './jointEntropy.js';
export { type JsDivergenceOptions, jsDivergence } from './jsDivergence.js';
export { type KlDivergenceOptions, klDivergence } from './klDivergence.js';
export { type MutualInformationOptions, mutualInformation } from './mutualInformation.js';
export { type MeanNll, type PerplexityOptions, perplexity } from './perplexity.js';
export { type RenyiEntropyOptions, renyiEntropy } from './renyiEntropy.js';
export { type SoftmaxEntropyOptions, softmaxEntropy } from './softmaxEntropy.js';
export { type SurprisalOptions, surprisal } from './surprisal.js';
export { type TotalCorrelationOptions, totalCorrelation } from './totalCorrelation.js';
export type { MultivariateOptions } from './variables.js';
export { type WeightedJsDivergenceOptions, weightedJsDivergence } from './weightedJsDivergence.js';
