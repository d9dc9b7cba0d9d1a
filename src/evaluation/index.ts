/**
 * Evaluation beyond memory: mergeable accumulators of compareLogits, cross entropy and predictive entropy over
 * blocks of rows (states that combine across chunks, processes and machines), and the quantile sketch behind
 * their percentiles.
 * The public API of this folder; src/index.ts re-exports it, and it is the `surprisal/evaluation` entry point.
 * @packageDocumentation
 */
export {
  CrossEntropyStats,
  type CrossEntropyStatsJson,
  type CrossEntropyStatsOptions,
  type CrossEntropyStatsResult,
  type CrossEntropyUpdateOptions,
} from './CrossEntropyStats.js';
export {
  LogitComparisonStats,
  type LogitComparisonStatsJson,
  type LogitComparisonStatsOptions,
  type LogitComparisonStatsResult,
  type LogitComparisonUpdateOptions,
} from './LogitComparisonStats.js';
export {
  PredictiveEntropyStats,
  type PredictiveEntropyStatsJson,
  type PredictiveEntropyStatsOptions,
  type PredictiveEntropyStatsResult,
} from './PredictiveEntropyStats.js';
export {
  QuantileSketch,
  type QuantileSketchJson,
  type QuantileSketchOptions,
  type RankError,
} from './quantileSketch.js';
