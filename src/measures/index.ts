/**
 * Measures on distributions given as probability vectors: entropy, cross entropy, KL and JS divergence,
 * Rényi entropy, surprisal, perplexity, and the joint/conditional measures on tables.
 * The public API of this folder; src/index.ts re-exports it, and it is the `surprisal/measures` entry point.
 * @packageDocumentation
 */
export { conditionalEntropy } from './conditionalEntropy.js';
export { conditionalMutualInformation } from './conditionalMutualInformation.js';
export { crossEntropy } from './crossEntropy.js';
export { entropy, type MeasureOptions } from './entropy.js';
export { interactionInformation } from './interactionInformation.js';
export { jointEntropy } from './jointEntropy.js';
export { jsDivergence } from './jsDivergence.js';
export { klDivergence } from './klDivergence.js';
export { mutualInformation } from './mutualInformation.js';
export { type MeanNll, perplexity } from './perplexity.js';
export { type RenyiEntropyOptions, renyiEntropy } from './renyiEntropy.js';
export { type SoftmaxEntropyOptions, softmaxEntropy } from './softmaxEntropy.js';
export { type SurprisalOptions, surprisal } from './surprisal.js';
export { totalCorrelation } from './totalCorrelation.js';
