/**
 * Port of dit's tests/multivariate/test_dual_total_correlation.py (github.com/dit/dit at f6dca796; the B tests and
 * the B + R = H identity; residual entropy and the generalized dual total correlation are not ported, they do not
 * exist here) and of docs/measures/multivariate/dual_total_correlation.rst, to dualTotalCorrelation.
 */
import { describe, expect, it } from 'vitest';
import {
  coInformation,
  dualTotalCorrelation,
  jointEntropy,
  mutualInformation,
  totalCorrelation,
} from '../../../src/index.js';
import { nModM, table } from './dists.js';

const bits = { base: 2 } as const;

describe('dit tests/multivariate/test_dual_total_correlation.py', () => {
  it('test_B1: B of two copies of one bit is 1', () => {
    expect(dualTotalCorrelation(table(['00', '11'], [0.5, 0.5]), bits)).toBeCloseTo(1, 12);
  });

  it('test_B2: three copies: B = 1, and B(X₀, X₁ | X₂) = 0', () => {
    const d = table(['000', '111'], [0.5, 0.5]);
    expect(dualTotalCorrelation(d, bits)).toBeCloseTo(1, 12);
    expect(dualTotalCorrelation(d, { axes: [[0], [1]], given: [2], ...bits })).toBeCloseTo(0, 12);
  });

  it('test_B3: four copies: B = 1, and B(X₀, X₁X₂ | X₃) = 0', () => {
    const d = table(['0000', '1111'], [0.5, 0.5]);
    expect(dualTotalCorrelation(d, bits)).toBeCloseTo(1, 12);
    expect(dualTotalCorrelation(d, { axes: [[0], [1, 2]], given: [3], ...bits })).toBeCloseTo(0, 12);
  });

  it('test_B4: xor: B = 2, and 1 for every pair given the third', () => {
    const d = table(['000', '011', '101', '110'], [0.25, 0.25, 0.25, 0.25]);
    expect(dualTotalCorrelation(d, bits)).toBeCloseTo(2, 12);
    expect(dualTotalCorrelation(d, { axes: [[0], [1], [2]], ...bits })).toBeCloseTo(2, 12);
    expect(dualTotalCorrelation(d, { axes: [[0], [1]], given: [2], ...bits })).toBeCloseTo(1, 12);
    expect(dualTotalCorrelation(d, { axes: [[0], [2]], given: [1], ...bits })).toBeCloseTo(1, 12);
    expect(dualTotalCorrelation(d, { axes: [[1], [2]], given: [0], ...bits })).toBeCloseTo(1, 12);
  });

  it('test_B5: B = I for two variables', () => {
    const d = table(['00', '01', '11'], [1 / 3, 1 / 3, 1 / 3]);
    expect(dualTotalCorrelation(d)).toBeCloseTo(mutualInformation(d), 14);
  });

  it('test_B6: B of a 1-D (scalar) distribution is 0', () => {
    expect(dualTotalCorrelation([0.25, 0.25, 0.25, 0.25])).toBe(0);
  });

  it('test_BR1: B + R = H, with the residual entropy R = Σᵢ H(Xᵢ | X₋ᵢ) = Σᵢ (H(X) − H(X₋ᵢ))', () => {
    const d = table(['000', '001', '010', '100', '111'], [0.2, 0.2, 0.2, 0.2, 0.2]);
    const h = jointEntropy(d, bits);
    let r = 0;
    // H(X₋ᵢ) as the co-information of one (joint) variable: its entropy.
    for (const rest of [
      [1, 2],
      [0, 2],
      [0, 1],
    ])
      r += h - coInformation(d, { axes: [rest], ...bits });
    expect(dualTotalCorrelation(d, bits) + r).toBeCloseTo(h, 12);
  });
});

describe('dit docs/measures/multivariate/dual_total_correlation.rst', () => {
  it("giant bit ['000', '111']: T = 2, B = 1; parity n_mod_m(3, 2): T = 1, B = 2", () => {
    const g = table(['000', '111'], [0.5, 0.5]);
    expect(totalCorrelation(g, bits)).toBeCloseTo(2, 12);
    expect(dualTotalCorrelation(g, bits)).toBeCloseTo(1, 12);
    expect(totalCorrelation(nModM(3, 2), bits)).toBeCloseTo(1, 12);
    expect(dualTotalCorrelation(nModM(3, 2), bits)).toBeCloseTo(2, 12);
  });
});
