/**
 * Mutual information between the columns of a table: the options the table functions share (column types,
 * missing values, scikit-learn's procedure) and the estimate of one pair of columns by their types.
 * @module
 */
import { SurprisalError } from '../core/errors.js';
import { readChoiceOption, readIntegerOption } from '../core/options.js';
import { type Base, logOfBase } from '../core/units.js';
import { createRng } from '../random/random.js';
import type { Seed } from '../random/seed.js';
import { type ColumnType, type MissingPolicy, missingError, missingIndices } from './columnType.js';
import { readConfidence } from './estimate.js';
import {
  type EstimateMutualInformationOptions,
  estimateMutualInformation,
  type MutualInformationEstimate,
} from './estimateMutualInformation.js';
import { readTies, type TiesPolicy } from './knn/ties.js';
import { columnTypesOf, type TableColumns } from './table.js';

/** Options shared by `rankFeatures` and `mutualInformationMatrix`. */
export interface TableMutualInformationOptions {
  /**
   * `'auto'` (default): each column's type by `inferColumnType`'s rule (under `procedure: 'scikit-learn'`, every
   * numeric column continuous, as scikit-learn's `discrete_features='auto'` for dense input). A list of names, as
   * scikit-learn's `discrete_features`: those columns discrete, the other numeric columns continuous.
   */
  discrete?: 'auto' | readonly string[];
  /** Columns to take as continuous whatever the rule says (numbers required). */
  continuous?: readonly string[];
  /** Most distinct integer values of a column inferred as discrete (default 20; see `inferColumnType`). */
  maxLevels?: number;
  /**
   * Missing values (see `isMissing`): `'error'` (default) names the column, the count and the first rows;
   * `'drop'` drops them pairwise (each estimate uses the rows where both of its columns are present).
   */
  missing?: MissingPolicy;
  /** Neighbour order of the k-NN estimators (default 3, as scikit-learn). */
  k?: number;
  /** Unit of the results (default nats, as scikit-learn). */
  base?: Base;
  /**
   * Resamples for the standard errors of the k-NN estimates (default 100; 0 gives stdError NaN for them); the
   * discrete × discrete ones use the delta method unless resamples is given.
   */
  resamples?: number;
  /** Seed of the resampling, of the dequantization of ties and of scikit-learn's noise (default 0). */
  seed?: Seed;
  /** Level in (0, 1) of a confidence interval `ci` for each estimate. */
  confidence?: number;
  /** Ties in continuous columns (see `TiesPolicy`): `'dequantize'` (default) or `'atoms'`. */
  ties?: TiesPolicy;
  /**
   * `'default'`: the estimators as they are (deterministic: no noise, no rescaling, not clamped; ties
   * dequantized with a warning). `'scikit-learn'`: scikit-learn's `_estimate_mi` (sklearn 1.x,
   * `feature_selection/_mutual_info.py`): continuous columns divided by their standard deviation, then
   * 1e-10·max(1, mean |x|)·N(0, 1) noise added (drawn from our seeded generator, so the draws differ from
   * NumPy's: values agree with scikit-learn's to the spread that its own `random_state` gives where a column has
   * ties, and exactly where none has), negative estimates clamped to 0, numeric features continuous unless
   * named in `discrete`.
   */
  procedure?: 'default' | 'scikit-learn';
}

/** The keys of {@link TableMutualInformationOptions}. @internal */
export const TABLE_MI_KEYS = [
  'discrete',
  'continuous',
  'maxLevels',
  'missing',
  'k',
  'base',
  'resamples',
  'seed',
  'confidence',
  'ties',
  'procedure',
] as const;

/** The table options, read and checked up front. @internal */
export interface TableMiSettings {
  types: ColumnType[];
  missing: MissingPolicy;
  estimator: EstimateMutualInformationOptions;
  sklearn: boolean;
}

/** Reads the shared options against a table. @internal */
export function readTableMiOptions(
  t: TableColumns,
  o: Partial<TableMutualInformationOptions>,
  fn: string,
): TableMiSettings {
  const procedure = readChoiceOption(o.procedure, 'default', ['default', 'scikit-learn'], 'procedure', fn);
  const sklearn = procedure === 'scikit-learn';
  const missing = readChoiceOption(o.missing, 'error', ['error', 'drop'], 'missing', fn);
  readIntegerOption(o.k, 3, 1, 2 ** 31, 'k', fn);
  logOfBase(o.base);
  readConfidence(o.confidence, fn);
  readTies(o.ties, fn);
  if (o.seed !== undefined) createRng(o.seed);
  const discrete = sklearn && (o.discrete === undefined || o.discrete === 'auto') ? [] : o.discrete;
  const types = columnTypesOf(t, { discrete, continuous: o.continuous, maxLevels: o.maxLevels }, fn);
  if (missing === 'error') {
    t.columns.forEach((c, j) => {
      const lost = missingIndices(c);
      if (lost.length > 0) throw missingError(lost, t.rows, fn, `column '${t.names[j]}'`);
    });
  }
  const estimator: EstimateMutualInformationOptions = {
    k: o.k,
    base: o.base,
    resamples: o.resamples,
    seed: o.seed,
    confidence: o.confidence,
    ties: o.ties,
    missing,
  };
  if (sklearn) {
    estimator.standardize = true;
    estimator.jitter = { scale: 1e-10, seed: o.seed ?? 0 };
    estimator.clampNegative = true;
  }
  return { types, missing, estimator, sklearn };
}

/**
 * I(column a; column b) by their types: plug-in for discrete × discrete (scikit-learn's `mutual_info_score`),
 * Ross's mixed-pair estimator for discrete × continuous, KSG for continuous × continuous. @internal
 */
export function pairEstimate(
  t: TableColumns,
  s: TableMiSettings,
  a: number,
  b: number,
  fn: string,
): MutualInformationEstimate {
  const ta = s.types[a];
  const tb = s.types[b];
  const x = t.columns[a] as ArrayLike<never>;
  const y = t.columns[b] as ArrayLike<never>;
  // The estimator calls its arguments x and y: its warnings name the columns instead.
  const named = (e: MutualInformationEstimate, nx: string, ny: string): MutualInformationEstimate => {
    e.warnings = e.warnings.map((w) => w.replace(/\b([xy])\b/g, (v) => `'${v === 'x' ? nx : ny}'`));
    return e;
  };
  const [na, nb] = [t.names[a], t.names[b]];
  try {
    if (ta === 'discrete' && tb === 'discrete')
      return named(estimateMutualInformation(x, y, { ...s.estimator, method: 'plugin' }), na, nb);
    if (ta === 'continuous' && tb === 'continuous')
      return named(estimateMutualInformation(x, y, { ...s.estimator, method: 'ksg' }), na, nb);
    if (ta === 'discrete')
      return named(estimateMutualInformation(x, y, { ...s.estimator, method: 'ross' }), na, nb);
    return named(estimateMutualInformation(y, x, { ...s.estimator, method: 'ross' }), nb, na);
  } catch (e) {
    // Name the pair of columns (the estimator calls them x and y).
    if (!(e instanceof SurprisalError)) throw e;
    const message = e.message.replace(
      /^estimateMutualInformation: /,
      `${fn}: I('${t.names[a]}'; '${t.names[b]}'): `,
    );
    throw new SurprisalError(e.code, message, { argument: t.names[a], index: e.index, value: e.value });
  }
}
