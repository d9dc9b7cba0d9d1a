/**
 * Feature ranking by mutual information with a target column, as scikit-learn's `mutual_info_classif` /
 * `mutual_info_regression`, with a standard error for every score.
 * @module
 */
import { SurprisalError } from '../core/errors.js';
import { describe, readOptions } from '../core/options.js';
import type { ColumnType } from './columnType.js';
import type { MutualInformationEstimate } from './estimateMutualInformation.js';
import { readTable, type Table } from './table.js';
import {
  pairEstimate,
  readTableMiOptions,
  TABLE_MI_KEYS,
  type TableMutualInformationOptions,
} from './tableMutualInformation.js';

/** Options of {@link rankFeatures}. */
export interface RankFeaturesOptions extends TableMutualInformationOptions {
  /** The target column's name (required). */
  target: string;
}

/** One feature's score: its mutual information with the target, with the estimate's fields. */
export interface FeatureScore extends MutualInformationEstimate {
  /** The column's name. */
  feature: string;
  /** The column's type as used. */
  type: ColumnType;
}

/**
 * Ranks every column of a table by its mutual information with a target column, highest first, each with its
 * standard error: what scikit-learn users call `mutual_info_classif` (discrete target) and
 * `mutual_info_regression` (continuous target).
 *
 * Each feature X gets Î(X; target) by the types of the two columns (`inferColumnType`'s rule unless overridden):
 * plug-in for discrete × discrete (scikit-learn's `mutual_info_score`, delta-method stdError), Ross's mixed-pair
 * estimator for discrete × continuous and KSG (algorithm 1) for continuous × continuous, k = 3, with half-sample
 * stdErrors (see `estimateMutualInformation`). Sorted by value, highest first (ties in column order).
 *
 * By default the estimates are deterministic (no noise; ties in continuous columns dequantized with a warning in
 * the score's `warnings`) and not clamped at 0. `procedure: 'scikit-learn'` follows scikit-learn's
 * `_estimate_mi` instead (rescaling, 1e-10 noise from our seeded generator, clamping at 0, numeric features
 * continuous unless listed in `discrete`): on scikit-learn's wine and breast-cancer tables the scores agree with
 * `mutual_info_classif(X, y, random_state=...)` to within the spread of its own random states.
 *
 * @param table - a record of column name → array (numbers, strings, booleans, null), or an array of rows.
 * @returns the features' scores (every column but the target), sorted by `value`, highest first.
 * @throws {SurprisalError} `INVALID_OPTION` for a missing or unknown target or column name, or a bad option;
 *   `SHAPE_MISMATCH` / `EMPTY` for a malformed table; `NAN` for missing values under `missing: 'error'` (naming
 *   the column, the count and the first rows); `INVALID_PARAMETER` for text in a continuous column;
 *   `OUT_OF_RANGE` for too few rows for k; the estimators' errors, naming the pair of columns.
 *
 * @example
 * ```ts
 * const t = { x: [1, 2, 3, 4, 5, 6, 7, 8], noise: [3, 1, 4, 1, 5, 9, 2, 6], y: ['a', 'a', 'a', 'a', 'b', 'b', 'b', 'b'] };
 * const r = rankFeatures(t, { target: 'y', discrete: ['y'] });
 * r[0].feature === 'x' ? 1 : 0; // 1
 * r.length; // 2
 * ```
 */
export function rankFeatures(table: Table, options: RankFeaturesOptions): FeatureScore[] {
  const fn = 'rankFeatures';
  const o = readOptions(options, fn, ['target', ...TABLE_MI_KEYS]);
  const t = readTable(table, fn);
  if (typeof o.target !== 'string' || !t.names.includes(o.target)) {
    throw new SurprisalError(
      'INVALID_OPTION',
      `${fn}: target must name a column (columns: ${t.names.slice(0, 20).join(', ')}${t.names.length > 20 ? ', ...' : ''}); got ${describe(o.target)}`,
      { argument: 'target', value: o.target },
    );
  }
  const s = readTableMiOptions(t, o, fn);
  const target = t.names.indexOf(o.target);
  const out: FeatureScore[] = [];
  for (let j = 0; j < t.names.length; j++) {
    if (j === target) continue;
    const e = pairEstimate(t, s, j, target, fn);
    out.push({ feature: t.names[j], type: s.types[j], ...e });
  }
  // Stable sort: equal values keep column order; NaN last.
  return out
    .map((e, i) => ({ e, i }))
    .sort((a, b) => {
      const va = Number.isNaN(a.e.value) ? Number.NEGATIVE_INFINITY : a.e.value;
      const vb = Number.isNaN(b.e.value) ? Number.NEGATIVE_INFINITY : b.e.value;
      return vb - va || a.i - b.i;
    })
    .map(({ e }) => e);
}
