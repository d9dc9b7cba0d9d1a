/**
 * Bad input to the continuous estimators throws SurprisalError with the documented code, naming the argument
 * and, for NaN, the index of the sample.
 */
import { describe, expect, it } from 'vitest';
import type { SurprisalErrorCode } from '../../src/core/errors.js';
import { estimateDifferentialEntropy } from '../../src/estimators/estimateDifferentialEntropy.js';
import { estimateKlDivergence } from '../../src/estimators/estimateKlDivergence.js';
import {
  estimateConditionalMutualInformation,
  estimateMutualInformation,
} from '../../src/estimators/estimateMutualInformation.js';
import { thrown } from '../helpers/errors.js';

function expectCode(f: () => unknown, code: SurprisalErrorCode, argument?: string, index?: number): void {
  const e = thrown(f);
  expect(e.code).toBe(code);
  if (argument !== undefined) expect(e.argument).toBe(argument);
  if (index !== undefined) expect(e.index).toBe(index);
}

const xs = [0.3, -1.2, 2.5, 0.9, -0.4, 1.7, 3.1, -2.2];
const ys = [0.1, -0.8, 2.0, 1.4, -0.9, 1.1, 2.2, -1.5];
const withNaN = [0.3, -1.2, 2.5, Number.NaN, -0.4, 1.7, 3.1, -2.2];

describe('estimateDifferentialEntropy(samples, options) rejects bad input', () => {
  it('NaN → NAN with the index (1-D, rows and { data, shape })', () => {
    expectCode(() => estimateDifferentialEntropy(withNaN), 'NAN', 'samples', 3);
    expectCode(
      () =>
        estimateDifferentialEntropy([
          [0, 1],
          [2, Number.NaN],
          [3, 4],
        ]),
      'NAN',
      'samples',
      1,
    );
    expectCode(
      () => estimateDifferentialEntropy({ data: [0, 1, 2, 3, Number.NaN, 5], shape: [3, 2] }),
      'NAN',
      'samples',
      2,
    );
  });
  it('±Infinity → NOT_FINITE; no samples → EMPTY; ragged rows or a wrong shape → SHAPE_MISMATCH', () => {
    expectCode(
      () => estimateDifferentialEntropy([1, 2, Number.POSITIVE_INFINITY, 4, 5, 6]),
      'NOT_FINITE',
      'samples',
      2,
    );
    expectCode(() => estimateDifferentialEntropy([]), 'EMPTY');
    expectCode(() => estimateDifferentialEntropy([[1, 2], [3]]), 'SHAPE_MISMATCH', 'samples', 1);
    expectCode(() => estimateDifferentialEntropy({ data: [1, 2, 3], shape: [2, 2] }), 'SHAPE_MISMATCH');
  });
  it('too few samples → OUT_OF_RANGE (spacing: n < 5 with the default window; knn: n < k + 1)', () => {
    expectCode(() => estimateDifferentialEntropy([1, 2, 3, 4]), 'OUT_OF_RANGE');
    expectCode(() => estimateDifferentialEntropy([1, 2, 3], { method: 'knn' }), 'OUT_OF_RANGE');
    expectCode(
      () =>
        estimateDifferentialEntropy(
          [
            [1, 2],
            [3, 4],
            [5, 7],
          ],
          { k: 3 },
        ),
      'OUT_OF_RANGE',
    );
  });
  it('an invalid method, k, windowLength, norm, base, resamples, resampling or confidence → INVALID_OPTION', () => {
    expectCode(() => estimateDifferentialEntropy(xs, { method: 'kde' as 'knn' }), 'INVALID_OPTION', 'method');
    expectCode(() => estimateDifferentialEntropy(xs, { method: 'knn', k: 0 }), 'INVALID_OPTION', 'k');
    expectCode(() => estimateDifferentialEntropy(xs, { method: 'knn', k: 1.5 }), 'INVALID_OPTION', 'k');
    expectCode(() => estimateDifferentialEntropy(xs, { windowLength: 4 }), 'INVALID_OPTION', 'windowLength');
    expectCode(() => estimateDifferentialEntropy(xs, { windowLength: 0 }), 'INVALID_OPTION', 'windowLength');
    expectCode(
      () => estimateDifferentialEntropy(xs, { windowLength: 1.5 }),
      'INVALID_OPTION',
      'windowLength',
    );
    expectCode(
      () => estimateDifferentialEntropy(xs, { method: 'knn', norm: 'l1' as 'max' }),
      'INVALID_OPTION',
      'norm',
    );
    expectCode(() => estimateDifferentialEntropy(xs, { base: 1 }), 'INVALID_OPTION', 'base');
    expectCode(() => estimateDifferentialEntropy(xs, { resamples: 1 }), 'INVALID_OPTION', 'resamples');
    expectCode(
      () => estimateDifferentialEntropy(xs, { resampling: 'jackknife' as 'half' }),
      'INVALID_OPTION',
      'resampling',
    );
    expectCode(() => estimateDifferentialEntropy(xs, { confidence: 1.5 }), 'INVALID_OPTION', 'confidence');
    expectCode(
      () => estimateDifferentialEntropy(xs, { confidence: 0.9, resamples: 0 }),
      'INVALID_OPTION',
      'confidence',
    );
  });
  it('a spacing method on multivariate samples → INVALID_OPTION', () => {
    const rows = xs.map((v, i) => [v, ys[i]]);
    expectCode(() => estimateDifferentialEntropy(rows, { method: 'vasicek' }), 'INVALID_OPTION', 'method');
  });
});

describe('estimateMutualInformation(x, y, options) rejects bad input', () => {
  it('NaN in continuous or discrete samples → NAN with the index; null and undefined too', () => {
    expectCode(() => estimateMutualInformation(withNaN, ys), 'NAN', 'x', 3);
    expectCode(() => estimateMutualInformation(xs, withNaN, { method: 'ksg2' }), 'NAN', 'y', 3);
    expectCode(() => estimateMutualInformation(withNaN, ys, { method: 'plugin' }), 'NAN', 'x', 3);
    expectCode(
      () => estimateMutualInformation(['a', 'b', null as unknown as string], [1, 2, 3], { method: 'plugin' }),
      'NAN',
      'x',
      2,
    );
    expectCode(
      () => estimateMutualInformation(['a', 'b', 'a', 'b', 'a', 'b', 'a', 'b'], withNaN),
      'NAN',
      'y',
      3,
    );
  });
  it('x and y of different lengths → SHAPE_MISMATCH; no samples → EMPTY', () => {
    expectCode(() => estimateMutualInformation(xs, ys.slice(1)), 'SHAPE_MISMATCH', 'y');
    expectCode(() => estimateMutualInformation(['a', 'b'], ['u'], { method: 'plugin' }), 'SHAPE_MISMATCH');
    expectCode(() => estimateMutualInformation({ data: xs, shape: [4, 2] }, ys), 'SHAPE_MISMATCH', 'y');
    expectCode(() => estimateMutualInformation([], []), 'EMPTY');
  });
  it('fewer than k + 1 samples → OUT_OF_RANGE; ross with every label unique → OUT_OF_RANGE', () => {
    expectCode(() => estimateMutualInformation([1, 2, 3], [3, 1, 2]), 'OUT_OF_RANGE');
    expectCode(() => estimateMutualInformation(xs, ys, { k: 8 }), 'OUT_OF_RANGE');
    expectCode(
      () => estimateMutualInformation(['a', 'b', 'c', 'd'], [1, 2, 3, 4], { method: 'ross' }),
      'OUT_OF_RANGE',
      'x',
    );
  });
  it('an invalid method, k, resamples, resampling, base or jitter → INVALID_OPTION', () => {
    expectCode(
      () => estimateMutualInformation(xs, ys, { method: 'mine' as 'ksg' }),
      'INVALID_OPTION',
      'method',
    );
    expectCode(() => estimateMutualInformation(xs, ys, { k: 0 }), 'INVALID_OPTION', 'k');
    expectCode(() => estimateMutualInformation(xs, ys, { k: Number.NaN }), 'INVALID_OPTION', 'k');
    expectCode(() => estimateMutualInformation(xs, ys, { resamples: -1 }), 'INVALID_OPTION', 'resamples');
    expectCode(
      () => estimateMutualInformation(xs, ys, { resampling: 'x' as 'half' }),
      'INVALID_OPTION',
      'resampling',
    );
    expectCode(() => estimateMutualInformation(xs, ys, { base: -2 }), 'INVALID_OPTION', 'base');
    expectCode(
      () => estimateMutualInformation(xs, ys, { jitter: { scale: -1 } }),
      'INVALID_OPTION',
      'jitter',
    );
  });
});

describe('estimateConditionalMutualInformation(x, y, z, options) rejects bad input', () => {
  it('NaN in z → NAN with the index; lengths that differ → SHAPE_MISMATCH', () => {
    expectCode(() => estimateConditionalMutualInformation(xs, ys, withNaN), 'NAN', 'z', 3);
    expectCode(() => estimateConditionalMutualInformation(xs, ys, ys.slice(2)), 'SHAPE_MISMATCH', 'z');
  });
  it('fewer than k + 1 samples → OUT_OF_RANGE; a method other than ksg or a bad k → INVALID_OPTION', () => {
    expectCode(() => estimateConditionalMutualInformation([1, 2, 3], [2, 3, 1], [3, 1, 2]), 'OUT_OF_RANGE');
    expectCode(
      () => estimateConditionalMutualInformation(xs, ys, xs, { method: 'shrink' as 'ksg' }),
      'INVALID_OPTION',
      'method',
    );
    expectCode(() => estimateConditionalMutualInformation(xs, ys, xs, { k: -3 }), 'INVALID_OPTION', 'k');
  });
});

describe('estimateKlDivergence(samplesP, samplesQ, options) rejects bad input', () => {
  it('NaN → NAN with the index, in either sample and for either method', () => {
    expectCode(() => estimateKlDivergence(withNaN, ys), 'NAN', 'samplesP', 3);
    expectCode(() => estimateKlDivergence(xs, withNaN), 'NAN', 'samplesQ', 3);
    expectCode(
      () => estimateKlDivergence(['a', Number.NaN], ['a', 'b'], { method: 'plugin' }),
      'NAN',
      'samplesP',
      1,
    );
  });
  it('samples of different dimension → SHAPE_MISMATCH; no samples → EMPTY', () => {
    const rows = xs.map((v, i) => [v, ys[i]]);
    expectCode(() => estimateKlDivergence(rows, ys), 'SHAPE_MISMATCH', 'samplesQ');
    expectCode(() => estimateKlDivergence([], ys), 'EMPTY');
    expectCode(() => estimateKlDivergence(['a'], [], { method: 'plugin' }), 'EMPTY', 'samplesQ');
  });
  it('n < k + 1 or m < k → OUT_OF_RANGE', () => {
    expectCode(() => estimateKlDivergence([1, 2, 3], ys), 'OUT_OF_RANGE', 'samplesP');
    expectCode(() => estimateKlDivergence(xs, [1, 2]), 'OUT_OF_RANGE', 'samplesQ');
  });
  it('an invalid method, k, norm, resamples or resampling → INVALID_OPTION', () => {
    expectCode(() => estimateKlDivergence(xs, ys, { method: 'kde' as 'knn' }), 'INVALID_OPTION', 'method');
    expectCode(() => estimateKlDivergence(xs, ys, { k: 2.5 }), 'INVALID_OPTION', 'k');
    expectCode(() => estimateKlDivergence(xs, ys, { norm: 'l1' as 'max' }), 'INVALID_OPTION', 'norm');
    expectCode(() => estimateKlDivergence(xs, ys, { resamples: 1 }), 'INVALID_OPTION', 'resamples');
    expectCode(
      () => estimateKlDivergence(xs, ys, { resampling: 'x' as 'half' }),
      'INVALID_OPTION',
      'resampling',
    );
  });
});
