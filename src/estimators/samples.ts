/**
 * Samples of one variable as the sample-based estimators take them: values of any kind for the discrete
 * methods, or numbers, rows or `{ data, shape }` for the continuous ones.
 * @module
 */
import { SurprisalError } from '../core/errors.js';
import { type Category, encodeCategories } from './counts.js';
import { identicalRows, type PointsInput, readPoints } from './knn/points.js';

/** Samples of one variable: values of any kind (discrete methods), numbers, rows or `{ data, shape: [n, d] }`. */
export type SamplesInput = ArrayLike<Category> | PointsInput;

/**
 * Whether samples are numeric (continuous methods by default): a typed array, `{ data, shape }`, rows, or an
 * array of numbers only. @internal
 */
export function isNumeric(x: SamplesInput): boolean {
  if (x === null || typeof x !== 'object') return false;
  if (ArrayBuffer.isView(x)) return true;
  if (!Array.isArray(x) && 'data' in x) return true;
  const a = x as ArrayLike<unknown>;
  if (a.length > 0 && typeof a[0] === 'object' && a[0] !== null) return true;
  for (let i = 0; i < a.length; i++) if (typeof a[i] !== 'number') return false;
  return true;
}

/** Discrete samples as codes 0..levels−1 in order of first appearance; rows are compared as tuples. @internal */
export function encodeSamples(
  x: SamplesInput,
  fn: string,
  name: string,
): { codes: Int32Array; levels: number } {
  if (x === null || typeof x !== 'object') {
    throw new SurprisalError('SHAPE_MISMATCH', `${fn}: ${name} must be an array of samples`, {
      argument: name,
      value: x,
    });
  }
  const a = x as ArrayLike<unknown>;
  if (
    (!Array.isArray(x) && !ArrayBuffer.isView(x) && 'data' in x) ||
    (a.length > 0 && typeof a[0] === 'object' && a[0] !== null)
  ) {
    const g = identicalRows(readPoints(x as PointsInput, fn, name));
    // Renumber groups by first appearance, as for plain values.
    const codes = new Int32Array(g.of.length);
    const renumber = new Int32Array(g.count).fill(-1);
    let levels = 0;
    for (let i = 0; i < codes.length; i++) {
      const c = g.of[i];
      if (renumber[c] < 0) renumber[c] = levels++;
      codes[i] = renumber[c];
    }
    return { codes, levels };
  }
  const index = new Map<Category, number>();
  const codes = encodeCategories(a as ArrayLike<Category>, fn, name, index);
  return { codes, levels: index.size };
}

/** Paired samples must have the same length: SHAPE_MISMATCH naming the first that differs. @internal */
export function checkSameLength(fn: string, lengths: number[], names: string[]): void {
  for (let j = 1; j < lengths.length; j++) {
    if (lengths[j] !== lengths[0]) {
      throw new SurprisalError(
        'SHAPE_MISMATCH',
        `${fn}: ${names[0]} has ${lengths[0]} samples but ${names[j]} has ${lengths[j]}; they must be paired`,
        { argument: names[j], value: lengths[j] },
      );
    }
  }
}
