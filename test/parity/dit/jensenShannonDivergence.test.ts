/**
 * Port of dit's tests/divergences/test_jensen_shannon_divergence.py (github.com/dit/dit at f6dca796) and of
 * docs/measures/divergences/jensen_shannon_divergence.rst, to weightedJsDivergence (and jsDivergence for two
 * equally weighted distributions). dit's distributions over named outcomes become vectors over the union of
 * their outcomes ('AB' and 'BC' → [½, ½, 0] and [0, ½, ½]). The pluggable jensen_divergence(renyi_entropy) is
 * not ported: it does not exist here.
 */
import { describe, expect, it } from 'vitest';
import { jsDivergence, weightedJsDivergence } from '../../../src/index.js';
import { thrown } from '../../helpers/errors.js';

const bits = { base: 2 } as const;
const ab = [0.5, 0.5, 0];
const bc = [0, 0.5, 0.5];

describe('dit tests/divergences/test_jensen_shannon_divergence.py', () => {
  it('test_jsd0: weights misspecified (a distribution passed as weights) is refused', () => {
    // dit: JSD(d1, d1) raises "Likely user error"; here a distribution in the weights' place is not a weight
    // vector for one distribution: SHAPE_MISMATCH (the weights count), or the dists argument is not a list.
    expect(thrown(() => weightedJsDivergence([ab], { weights: ab })).code).toBe('SHAPE_MISMATCH');
    expect(thrown(() => weightedJsDivergence(ab as never, ab as never)).code).toBe('INVALID_OPTION');
  });

  it('test_jsd1 / test_jsd_pmf1 / test_jsd_pmf2_1: JSD of a distribution with itself is 0', () => {
    expect(
      weightedJsDivergence(
        [
          [0.5, 0.5],
          [0.5, 0.5],
        ],
        bits,
      ),
    ).toBe(0);
    expect(jsDivergence([0.5, 0.5], [0.5, 0.5], bits)).toBe(0);
  });

  it('test_jsd2 / test_jsd_pmf2: half-overlapping distributions: 0.5', () => {
    expect(weightedJsDivergence([ab, bc], bits)).toBeCloseTo(0.5, 14);
    expect(jsDivergence(ab, bc, bits)).toBeCloseTo(0.5, 14);
  });

  it('test_jsd3 / test_jsd_pmf3: disjoint distributions: 1', () => {
    expect(
      weightedJsDivergence(
        [
          [0.5, 0.5, 0, 0],
          [0, 0, 0.5, 0.5],
        ],
        bits,
      ),
    ).toBeCloseTo(1, 14);
  });

  it('test_jsd4 / test_jsd_pmf4: half-overlapping with weights [0.25, 0.75]: 0.40563906222956625', () => {
    expect(weightedJsDivergence([ab, bc], { weights: [0.25, 0.75], ...bits })).toBeCloseTo(
      0.40563906222956625,
      14,
    );
  });

  it('test_jsd5 / test_jsd_pmf5: more weights than distributions is refused', () => {
    const e = thrown(() => weightedJsDivergence([ab, bc], { weights: [0.1, 0.6, 0.3] }));
    expect(e.code).toBe('SHAPE_MISMATCH');
    expect(e.argument).toBe('weights');
    expect(thrown(() => weightedJsDivergence([ab, bc], { weights: [0.1, 0.6, 0.2, 0.1] })).code).toBe(
      'SHAPE_MISMATCH',
    );
  });
});

describe('dit docs/measures/divergences/jensen_shannon_divergence.rst', () => {
  // X over {red, blue}, Y over {blue, green}, Z over {blue, yellow}: vectors over [red, blue, green, yellow].
  const X = [0.5, 0.5, 0, 0];
  const Y = [0, 0.5, 0.5, 0];
  const Z = [0, 0.5, 0, 0.5];

  it('JSD([X, Y]) = 0.5, with weights [3/4, 1/4]: 0.40563906222956647', () => {
    expect(weightedJsDivergence([X, Y], bits)).toBeCloseTo(0.5, 14);
    expect(weightedJsDivergence([X, Y], { weights: [3 / 4, 1 / 4], ...bits })).toBeCloseTo(
      0.40563906222956647,
      14,
    );
  });

  it('JSD([X, Y, Z]) = 0.79248125036057782, with weights [1/2, 1/4, 1/4]: 0.75', () => {
    expect(weightedJsDivergence([X, Y, Z], bits)).toBeCloseTo(0.79248125036057782, 14);
    expect(weightedJsDivergence([X, Y, Z], { weights: [0.5, 0.25, 0.25], ...bits })).toBeCloseTo(0.75, 14);
  });
});

describe('weights as dit validates them (mixture_distribution: a pmf)', () => {
  it('weights that do not sum to 1 are refused (NOT_NORMALIZED), or normalised with normalize: true', () => {
    expect(thrown(() => weightedJsDivergence([ab, bc], { weights: [1, 3] })).code).toBe('NOT_NORMALIZED');
    // dit's jensen_shannon_divergence_pmf divides the weights by their sum.
    expect(weightedJsDivergence([ab, bc], { weights: [1, 3], normalize: true, ...bits })).toBeCloseTo(
      0.40563906222956625,
      14,
    );
  });
});
