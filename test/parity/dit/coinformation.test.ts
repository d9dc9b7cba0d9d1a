/**
 * Port of dit's tests/multivariate/test_coinformation.py (github.com/dit/dit at f6dca796) and of the examples of
 * docs/measures/multivariate/coinformation.rst, to coInformation. dit's `I(d, rvs, crvs)` is
 * `coInformation(d, { axes: rvs, given: crvs, base: 2 })` (dit works in bits).
 */
import { describe, expect, it } from 'vitest';
import { coInformation, entropy } from '../../../src/index.js';
import { giantBit, nModM, table, xor } from './dists.js';

const bits = { base: 2 } as const;

describe('dit tests/multivariate/test_coinformation.py', () => {
  it('test_coi1: I for xor (n_mod_m(3, 2)): −1, −1 with explicit rvs, 0 conditioned on a member, I(X;Y|Z) = 1', () => {
    const d = nModM(3, 2);
    expect(coInformation(d, bits)).toBeCloseTo(-1, 12);
    expect(coInformation(d, { axes: [[0], [1], [2]], ...bits })).toBeCloseTo(-1, 12);
    expect(coInformation(d, { axes: [[0], [1], [2]], given: [2], ...bits })).toBeCloseTo(0, 12);
    expect(coInformation(d, { axes: [[0], [1]], given: [2], ...bits })).toBeCloseTo(1, 12);
  });

  it('test_coi2: I of the 4-bit parity distribution is 1', () => {
    expect(coInformation(nModM(4, 2), bits)).toBeCloseTo(1, 12);
  });

  it('test_coi3: I of three of the four parity bits is 0', () => {
    expect(coInformation(nModM(4, 2), { axes: [[0], [1], [2]], ...bits })).toBeCloseTo(0, 12);
  });

  it('test_coi4: conditional I(X₀; X₁; X₂ | X₃) of the 4-bit parity is −1', () => {
    expect(coInformation(nModM(4, 2), { axes: [[0], [1], [2]], given: [3], ...bits })).toBeCloseTo(-1, 12);
  });

  it('test_coi5: conditional I(X₀; X₁ | X₂X₃) of the 4-bit parity is 1', () => {
    expect(coInformation(nModM(4, 2), { axes: [[0], [1]], given: [2, 3], ...bits })).toBeCloseTo(1, 12);
  });

  it('test_coi6: one variable given the rest, H(X₀ | X₁X₂X₃), is 0', () => {
    expect(coInformation(nModM(4, 2), { axes: [[0]], given: [1, 2, 3], ...bits })).toBeCloseTo(0, 12);
  });

  it('test_coi7: I of one variable is its entropy', () => {
    const d = table(['0', '1', '2'], [1 / 3, 1 / 3, 1 / 3]);
    expect(coInformation(d)).toBeCloseTo(entropy(d.data), 14);
  });

  it('test_coi8: I works on a 1-D (scalar) distribution: its entropy', () => {
    expect(coInformation([1 / 3, 1 / 3, 1 / 3])).toBeCloseTo(Math.log(3), 14);
  });
});

describe('dit docs/measures/multivariate/coinformation.rst', () => {
  it('giant bits of 2 to 5 variables: I = 1 bit each', () => {
    for (const n of [2, 3, 4, 5]) expect(coInformation(giantBit(n), bits)).toBeCloseTo(1, 12);
  });

  it('Xor(): I = −1; n_mod_m(4, 2): I = 1', () => {
    expect(coInformation(xor, bits)).toBeCloseTo(-1, 12);
    expect(coInformation(nModM(4, 2), bits)).toBeCloseTo(1, 12);
  });
});

describe('dit dit/multivariate/coinformation.py docstring', () => {
  it('Xor: I[X:Z] = 0, I[X:Y|Z] = 1, H[Z|XY] = 0 (conditioning groups are flat)', () => {
    expect(coInformation(xor, { axes: [[0], [2]], ...bits })).toBeCloseTo(0, 12);
    expect(coInformation(xor, { axes: [[0], [1]], given: [2], ...bits })).toBeCloseTo(1, 12);
    expect(coInformation(xor, { axes: [[2]], given: [0, 1], ...bits })).toBeCloseTo(0, 12);
    // I[XY : Z]: the groups of rvs are joint variables.
    expect(coInformation(xor, { axes: [[0, 1], [2]], ...bits })).toBeCloseTo(1, 12);
  });

  it('no variables: 0 (the sum over the subsets of none is empty)', () => {
    expect(coInformation(xor, { axes: [] })).toBe(0);
  });
});

describe('deliberate difference from dit', () => {
  it('given without axes: the variables are the axes not conditioned on (dit keeps the conditioned axis, giving 0)', () => {
    // dit: coinformation(d, None, [2]) = I(X₀; X₁; X₂ | X₂) = 0. Here: I(X₀; X₁ | X₂) = 1 bit.
    expect(coInformation(xor, { given: [2], ...bits })).toBeCloseTo(1, 12);
    expect(coInformation(xor, { axes: [0, 1, 2], given: [2], ...bits })).toBeCloseTo(0, 12);
  });
});
