/**
 * Core: errors, units, log-space arithmetic (logSumExp, softmax, compensated sums), SciPy's elementwise
 * conventions, and the input types (probability vectors, tensors).
 * The public API of this folder; src/index.ts re-exports it, and it is the `surprisal/core` entry point.
 * @packageDocumentation
 */

export type { ArrayOrTensor, Axis } from './axes.js';
export { entr, klDiv, relEntr, xlog1py, xlogy } from './elementwise.js';
export { SurprisalError, type SurprisalErrorCode, type SurprisalErrorDetails } from './errors.js';
export {
  type FloatArrayFor,
  type FloatTensorFor,
  type LogSoftmaxOptions,
  logSoftmax,
  type NormalizeOutputOptions,
} from './logSoftmax.js';
export { type LogSumExpOptions, logSumExp, type SignedLogSumExp } from './logSumExp.js';
export type { DistributionOptions, ProbabilityForm } from './probabilities.js';
export { type SoftmaxOptions, softmax } from './softmax.js';
export { Accumulator, fsum } from './sum.js';
export type { FloatTensor, NestedArray, TableInput, TensorInput, TensorLike } from './tensor.js';
export { type Base, logOfBase } from './units.js';
