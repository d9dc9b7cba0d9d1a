/**
 * Port of dit's tests/multivariate/test_total_correlation.py (github.com/dit/dit at f6dca796) and of the examples
 * of docs/measures/multivariate/total_correlation.rst, to totalCorrelation. dit's `T(d, rvs, crvs)` is
 * `totalCorrelation(d, { axes: rvs, given: crvs, base: 2 })`.
 */
import { describe, expect, it } from 'vitest';
import { coInformation, mutualInformation, totalCorrelation } from '../../../src/index.js';
import { giantBit, nModM, table } from './dists.js';

const bits = { base: 2 } as const;

describe('dit tests/multivariate/test_total_correlation.py', () => {
  for (const n of [3, 4, 5, 6]) {
    it(`test_tc1[${n}]: T of the ${n}-bit parity distribution is 1`, () => {
      expect(totalCorrelation(nModM(n, 2), bits)).toBeCloseTo(1, 12);
    });
  }

  it('test_tc2: T of three of the four parity bits is 0', () => {
    expect(totalCorrelation(nModM(4, 2), { axes: [[0], [1], [2]], ...bits })).toBeCloseTo(0, 12);
  });

  it('test_tc3: conditional T(X₀, X₁, X₂ | X₃) is 1', () => {
    expect(totalCorrelation(nModM(4, 2), { axes: [[0], [1], [2]], given: [3], ...bits })).toBeCloseTo(1, 12);
  });

  it('test_tc4: conditional T(X₀, X₁ | X₂X₃) is 1', () => {
    expect(totalCorrelation(nModM(4, 2), { axes: [[0], [1]], given: [2, 3], ...bits })).toBeCloseTo(1, 12);
  });

  it('test_tc5: T with a joint variable, T(X₀X₁, X₂, X₃) = 1', () => {
    expect(totalCorrelation(nModM(4, 2), { axes: [[0, 1], [2], [3]], ...bits })).toBeCloseTo(1, 12);
  });

  it('test_tc6: T with overlapping variables, T(X₀X₁X₂, X₁X₂X₃) = 3', () => {
    expect(
      totalCorrelation(nModM(4, 2), {
        axes: [
          [0, 1, 2],
          [1, 2, 3],
        ],
        ...bits,
      }),
    ).toBeCloseTo(3, 12);
  });

  it('test_tc7: T = I for two variables', () => {
    const d = table(['00', '01', '11'], [1 / 3, 1 / 3, 1 / 3]);
    expect(totalCorrelation(d)).toBeCloseTo(mutualInformation(d), 14);
  });

  it('test_tc8: T of a 1-D (scalar) distribution is 0', () => {
    expect(totalCorrelation([1 / 3, 1 / 3, 1 / 3])).toBe(0);
  });
});

describe('dit docs/measures/multivariate/total_correlation.rst', () => {
  it('giant bits of n = 2..5 variables: T = n − 1', () => {
    for (const n of [2, 3, 4, 5]) expect(totalCorrelation(giantBit(n), bits)).toBeCloseTo(n - 1, 12);
  });

  it('parity n_mod_m(n, 2), n = 3..5: T = 1; n_mod_m(3, m), m = 2..4: T = log₂ m', () => {
    for (const n of [3, 4, 5]) expect(totalCorrelation(nModM(n, 2), bits)).toBeCloseTo(1, 12);
    expect(totalCorrelation(nModM(3, 2), bits)).toBeCloseTo(1, 12);
    expect(totalCorrelation(nModM(3, 3), bits)).toBeCloseTo(1.5849625007211565, 12);
    expect(totalCorrelation(nModM(3, 4), bits)).toBeCloseTo(2, 12);
  });

  it('decomposition on n_mod_m(4, 3): T = T(X₀, X₁) + T(X₂, X₃) + I(X₀X₁ : X₂X₃)', () => {
    const d = nModM(4, 3);
    const sum =
      totalCorrelation(d, { axes: [[0], [1]] }) +
      totalCorrelation(d, { axes: [[2], [3]] }) +
      coInformation(d, {
        axes: [
          [0, 1],
          [2, 3],
        ],
      });
    expect(totalCorrelation(d)).toBeCloseTo(sum, 13);
  });

  it('no variables: 0', () => {
    expect(totalCorrelation(nModM(3, 2), { axes: [] })).toBe(0);
  });
});
