/**
 * Estimators from data: entropy, differential entropy, KL divergence and mutual information from samples
 * or counts (plug-in, Miller–Madow, NSB, k-NN, KSG), and the k-d tree behind the k-NN methods.
 * The public API of this folder; src/index.ts re-exports it, and it is the `surprisal/estimators` entry point.
 * @packageDocumentation
 */

export {
  type ChiSquaredDivergenceEstimate,
  type EstimateChiSquaredDivergenceOptions,
  type EstimateChiSquaredIndependenceOptions,
  estimateChiSquaredDivergence,
  estimateChiSquaredIndependence,
  type GoodnessOfFitTestOptions,
  goodnessOfFitTest,
  independenceTest,
  type TestOptions,
  type TestResult,
} from './chiSquared.js';
export {
  type ColumnType,
  type ColumnValue,
  type InferColumnTypeOptions,
  inferColumnType,
  isMissing,
  type MissingPolicy,
} from './columnType.js';
export type { Category } from './counts.js';
export type { FrequencyMethod } from './discreteDivergence.js';
export type { Estimate } from './estimate.js';
export {
  type DifferentialEntropyEstimate,
  type DifferentialEntropyMethod,
  type EstimateDifferentialEntropyOptions,
  estimateDifferentialEntropy,
} from './estimateDifferentialEntropy.js';
export {
  type EntropyEstimate,
  type EntropyMethod,
  type EstimateEntropyOptions,
  estimateEntropy,
} from './estimateEntropy.js';
export {
  type EstimateKlDivergenceOptions,
  estimateKlDivergence,
  type KlDivergenceEstimate,
  type KlDivergenceMethod,
  type KlSamplesInput,
} from './estimateKlDivergence.js';
export {
  type EstimateConditionalMutualInformationOptions,
  type EstimateMutualInformationOptions,
  estimateConditionalMutualInformation,
  estimateMutualInformation,
  type KnnMutualInformationOptions,
  type MutualInformationEstimate,
  type MutualInformationMethod,
  type SamplesInput,
} from './estimateMutualInformation.js';
export {
  type KdTree,
  type KdTreeOptions,
  kdTree,
  type Neighbours,
  type Norm,
  type PointsInput,
} from './knn/kdTree.js';
export type { TiesPolicy } from './knn/ties.js';
export {
  type MutualInformationMatrix,
  type MutualInformationMatrixOptions,
  mutualInformationMatrix,
} from './mutualInformationMatrix.js';
export { type FeatureScore, type RankFeaturesOptions, rankFeatures } from './rankFeatures.js';
export type { Resampling } from './resample.js';
export { type InferColumnTypesOptions, inferColumnTypes, type Table } from './table.js';
export type { TableMutualInformationOptions } from './tableMutualInformation.js';
