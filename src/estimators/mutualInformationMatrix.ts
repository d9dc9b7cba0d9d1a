/**
 * Mutual information between every pair of columns of a table, with standard errors.
 * @module
 */
import { readOptions } from '../core/options.js';
import type { ColumnType } from './columnType.js';
import { readTable, type Table } from './table.js';
import {
  pairEstimate,
  readTableMiOptions,
  TABLE_MI_KEYS,
  type TableMutualInformationOptions,
} from './tableMutualInformation.js';

/** Options of {@link mutualInformationMatrix}. */
export type MutualInformationMatrixOptions = TableMutualInformationOptions;

/** The mutual information of every pair of columns: p × p row-major, symmetric. */
export interface MutualInformationMatrix {
  /** Column names, in table order. */
  names: string[];
  /** Column types as used. */
  types: ColumnType[];
  /** Î(i; j) at [i·p + j]; the diagonal is H(i) (plug-in) for a discrete column, +Infinity for a continuous one. */
  value: Float64Array;
  /** Standard errors, same layout (0 on a continuous column's diagonal, which is exact). */
  stdError: Float64Array;
  /** Warnings of the pair estimates, each prefixed with its pair of columns. */
  warnings: string[];
}

/**
 * Mutual information between every pair of columns of a table (a symmetric matrix with standard errors), each
 * pair estimated as `rankFeatures` estimates a feature against its target: plug-in for discrete × discrete,
 * Ross's mixed-pair estimator for discrete × continuous, KSG for continuous × continuous (see
 * `estimateMutualInformation`). Each pair is estimated once (i < j) and mirrored, so the matrix is exactly
 * symmetric. The diagonal is I(X; X) = H(X): the plug-in entropy for a discrete column, +Infinity for a
 * continuous one.
 *
 * @param table - a record of column name → array, or an array of rows.
 * @throws {SurprisalError} as `rankFeatures` (without the target); `TOO_LARGE` is never reached before the
 *   p² estimates would take too long, so keep p modest (each pair is one estimate).
 *
 * @example
 * ```ts
 * const m = mutualInformationMatrix({ a: ['x', 'x', 'y', 'y'], b: ['u', 'u', 'v', 'v'] });
 * m.value[1]; // 0.6931471805599453
 * m.value[1] === m.value[2] ? 1 : 0; // 1
 * ```
 */
export function mutualInformationMatrix(
  table: Table,
  options?: MutualInformationMatrixOptions,
): MutualInformationMatrix {
  const fn = 'mutualInformationMatrix';
  const o = readOptions(options, fn, TABLE_MI_KEYS);
  const t = readTable(table, fn);
  const s = readTableMiOptions(t, o, fn);
  const p = t.names.length;
  const value = new Float64Array(p * p);
  const stdError = new Float64Array(p * p);
  const warnings: string[] = [];
  for (let i = 0; i < p; i++) {
    if (s.types[i] === 'continuous') {
      value[i * p + i] = Number.POSITIVE_INFINITY;
    } else {
      const h = pairEstimate(t, s, i, i, fn);
      value[i * p + i] = h.value;
      stdError[i * p + i] = h.stdError;
    }
    for (let j = i + 1; j < p; j++) {
      const e = pairEstimate(t, s, i, j, fn);
      value[i * p + j] = value[j * p + i] = e.value;
      stdError[i * p + j] = stdError[j * p + i] = e.stdError;
      for (const w of e.warnings) warnings.push(`${t.names[i]} × ${t.names[j]}: ${w}`);
    }
  }
  return { names: t.names, types: s.types, value, stdError, warnings };
}
