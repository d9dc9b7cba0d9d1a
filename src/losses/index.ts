/**
 * Losses with gradients, PyTorch semantics: cross entropy, NLL, binary cross entropy, KL, Gaussian and
 * Poisson NLL, the fused linear cross entropy, bits per byte/token, and logit comparison.
 * The public API of this folder; src/index.ts re-exports it, and it is the `surprisal/losses` entry point.
 * @packageDocumentation
 */
export { type BinaryCrossEntropyOptions, binaryCrossEntropy } from './binaryCrossEntropy.js';
export {
  type BinaryCrossEntropyWithLogitsOptions,
  binaryCrossEntropyWithLogits,
} from './binaryCrossEntropyWithLogits.js';
export { type BitsPerByteOptions, bitsPerByte, bitsPerToken } from './bitsPer.js';
export type { ClassTarget, IndexTarget } from './classTargets.js';
export {
  type CompareLogitsOptions,
  compareLogits,
  type LogitComparison,
  type Rate,
  type Summary,
} from './compareLogits.js';
export { type CrossEntropyLossOptions, crossEntropyLoss } from './crossEntropyLoss.js';
export {
  type GaussianNllLossOptions,
  type GaussianNllLossResult,
  gaussianNllLoss,
} from './gaussianNllLoss.js';
export { type KlDivLossOptions, type KlReduction, klDivLoss } from './klDivLoss.js';
export {
  type LinearCrossEntropyLossOptions,
  type LinearCrossEntropyResult,
  linearCrossEntropyLoss,
} from './linearCrossEntropyLoss.js';
export { type NllLossOptions, nllLoss } from './nllLoss.js';
export { type PoissonNllLossOptions, poissonNllLoss } from './poissonNllLoss.js';
export type { BaseLossOptions, EmptyMean, LossResult, LossValue, Reduction } from './reduction.js';
