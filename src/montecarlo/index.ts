/**
 * Monte Carlo: importance sampling, Pareto-smoothed importance sampling (PSIS) and its diagnostics, the
 * effective sample size, the cross-entropy method and rare-event estimators, and model comparison by PSIS-LOO
 * (R's loo).
 * The public API of this folder; src/index.ts re-exports it, and it is the `surprisal/montecarlo` entry point.
 * @packageDocumentation
 */
export {
  type CrossEntropyMethodOptions,
  type CrossEntropyMethodResult,
  crossEntropyMethod,
} from './crossEntropyMethod.js';
export { type EffectiveSampleSizeOptions, effectiveSampleSize } from './effectiveSampleSize.js';
export {
  type ExpectationLooOptions,
  type ExpectationLooResult,
  type ExpectationType,
  expectationLoo,
} from './expectationLoo.js';
export {
  type GaussianTailMethod,
  type GaussianTailOptions,
  type GaussianTailResult,
  gaussianTail,
} from './gaussianTail.js';
export { type GpdFit, type GpdfitOptions, gpdfit } from './gpdfit.js';
export {
  type ImportanceSamplingOptions,
  type ImportanceSamplingResult,
  importanceSampling,
  type Point,
} from './importanceSampling.js';
export type { LogLikelihoodInput } from './logLikelihood.js';
export {
  type KhatCategory,
  type LooOptions,
  type LooResult,
  loo,
  type SummedEstimate,
} from './loo.js';
export { type LooCompareOptions, type LooComparisonRow, looCompare } from './looCompare.js';
export {
  type ModelWeightsMethod,
  type ModelWeightsOptions,
  modelWeights,
} from './modelWeights.js';
export {
  type PortfolioLossTailOptions,
  type PortfolioLossTailResult,
  portfolioLossTail,
} from './portfolioLossTail.js';
export {
  type ParetoDiagnostics,
  type PsisOptions,
  type PsisResult,
  paretoDiagnostics,
  psis,
} from './psis.js';
export { type RelativeEfficiencyOptions, relativeEfficiency } from './relativeEfficiency.js';
export { type WaicOptions, type WaicResult, waic } from './waic.js';
