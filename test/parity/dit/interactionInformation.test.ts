/**
 * Port of dit's tests/multivariate/test_interaction_information.py (github.com/dit/dit at f6dca796) to
 * interactionInformation.
 */
import { describe, expect, it } from 'vitest';
import { coInformation, interactionInformation } from '../../../src/index.js';
import { giantBit, xor } from './dists.js';

const bits = { base: 2 } as const;

describe('dit tests/multivariate/test_interaction_information.py', () => {
  for (const i of [2, 3, 4, 5]) {
    it(`test_ii1[${i}]: II of the ${i}-variable giant bit is (−1)^${i}`, () => {
      expect(interactionInformation(giantBit(i), bits)).toBeCloseTo((-1) ** i, 12);
    });
    it(`test_ii2[${i}]: II = (−1)^${i} × co-information on the giant bit`, () => {
      const d = giantBit(i);
      expect(interactionInformation(d)).toBeCloseTo((-1) ** i * coInformation(d), 14);
    });
  }

  it('test_ii3: xor: II(X₀; X₁; X₂ | X₂) = 0, II(X₀; X₁ | X₂) = 1', () => {
    expect(interactionInformation(xor, { axes: [[0], [1], [2]], given: [2], ...bits })).toBeCloseTo(0, 12);
    expect(interactionInformation(xor, { axes: [[0], [1]], given: [2], ...bits })).toBeCloseTo(1, 12);
  });

  it('one variable: −H(X), as dit defines it ((−1)¹ × co-information)', () => {
    expect(interactionInformation([0.5, 0.5], bits)).toBeCloseTo(-1, 14);
  });
});
