import { readOptions } from '../core/options.js';
import { MEASURE_KEYS } from '../core/probabilities.js';
import type { TableInput } from '../core/tensor.js';
import { readTable } from '../core/tensor.js';
import { unitLog } from '../core/units.js';
import { entropyNats, type MeasureOptions } from './entropy.js';

/** Options of {@link jointEntropy}: those of every measure (`base`, `from`, `normalize`, `tolerance`). */
export type JointEntropyOptions = MeasureOptions;

/**
 * Joint entropy H(X, Y, ...) = −Σ p(x, y, ...) log p(x, y, ...) of a joint distribution table.
 *
 * @param pxy - the joint table: nested arrays (rows = values of X) or `{ data, shape }` with one axis per variable.
 * @example
 * ```ts
 * jointEntropy([[0.25, 0.25], [0.25, 0.25]], { base: 2 }); // 2
 * jointEntropy({ data: [0.5, 0, 0, 0.5], shape: [2, 2] }, { base: 2 }); // 1
 * ```
 * @throws {SurprisalError} `SHAPE_MISMATCH` for a ragged table or a shape that does not match the data,
 *   and every input error of {@link entropy}.
 */
export function jointEntropy(pxy: TableInput, options: JointEntropyOptions = {}): number {
  const fn = 'jointEntropy';
  readOptions(options, fn, MEASURE_KEYS);
  const k = unitLog(options.base, fn);
  return entropyNats(readTable(pxy, fn, 'p').data, options, fn) / k;
}
