/**
 * Port of dit's tests/divergences/test_kullback_leibler_divergence.py (github.com/dit/dit at f6dca796) and of
 * docs/measures/divergences/kullback_leibler_divergence.rst, to conditionalKlDivergence. dit's
 * `kullback_leibler_divergence(p, q, rvs, crvs)` is `conditionalKlDivergence(p, q, { axes: rvs, given: crvs,
 * base: 2 })`. dit compares distributions over named outcomes; here both are tables of one shape, so
 * d1 = {'0': ½, '1': ½} and d3 = {'0', '1', '2': ⅓} are vectors over {0, 1, 2}, and the one-variable d1 is
 * compared with the two-variable d4 by lifting it to a table whose second variable is constant
 * (same marginal on axis 0, which is all the test compares).
 */
import { describe, expect, it } from 'vitest';
import { conditionalKlDivergence } from '../../../src/index.js';
import { thrown } from '../../helpers/errors.js';

const bits = { base: 2 } as const;
const d1 = [0.5, 0.5, 0];
const d2 = [0.5, 0, 0.5];
const d3 = [1 / 3, 1 / 3, 1 / 3];
const d4 = [
  [0.4, 0],
  [0, 0.6],
];
const d5 = [
  [0.5, 0],
  [0, 0.5],
];
/** d1 as a two-variable table: X₀ ~ d1 restricted to {0, 1}, X₁ = 0. */
const d1Lifted = [
  [0.5, 0],
  [0.5, 0],
];

describe('dit tests/divergences/test_kullback_leibler_divergence.py', () => {
  const cases: [string, () => number, number][] = [
    ['[d1, d3]', () => conditionalKlDivergence(d1, d3, bits), 0.5849625007211563],
    [
      '[d1, d4] (d1 lifted)',
      () => conditionalKlDivergence(d1Lifted, d4, { axes: [0], ...bits }),
      0.0294468445267841,
    ],
    ['[d1, d3, [0]]', () => conditionalKlDivergence(d1, d3, { axes: [0], ...bits }), 0.5849625007211563],
    [
      '[d1, d4, [0]] (d1 lifted)',
      () => conditionalKlDivergence(d1Lifted, d4, { axes: [0], ...bits }),
      0.0294468445267841,
    ],
    [
      '[d4, d1, [0]] (d1 lifted)',
      () => conditionalKlDivergence(d4, d1Lifted, { axes: [0], ...bits }),
      0.029049405545331419,
    ],
    ['[d4, d5]', () => conditionalKlDivergence(d4, d5, bits), 0.029049405545331419],
    ['[d5, d4]', () => conditionalKlDivergence(d5, d4, bits), 0.0294468445267841],
    ['[d4, d5, [0], [1]]', () => conditionalKlDivergence(d4, d5, { axes: [0], given: [1], ...bits }), 0],
    ['[d4, d5, [1], [0]]', () => conditionalKlDivergence(d4, d5, { axes: [1], given: [0], ...bits }), 0],
    ['[d1, d2]', () => conditionalKlDivergence(d1, d2, bits), Number.POSITIVE_INFINITY],
    ['[d2, d1]', () => conditionalKlDivergence(d2, d1, bits), Number.POSITIVE_INFINITY],
    ['[d3, d1]', () => conditionalKlDivergence(d3, d1, bits), Number.POSITIVE_INFINITY],
  ];
  for (const [args, f, expected] of cases) {
    it(`test_dkl_1${args}: ${expected}`, () => {
      if (expected === Number.POSITIVE_INFINITY) expect(f()).toBe(expected);
      else expect(f()).toBeCloseTo(expected, 14);
    });
  }

  for (const [name, d] of [
    ['d1', d1],
    ['d2', d2],
    ['d3', d3],
    ['d4', d4],
    ['d5', d5],
  ] as const) {
    it(`test_dkl_2[${name}]: D(d ‖ d) = 0`, () => {
      expect(conditionalKlDivergence(d as never, d as never)).toBe(0);
    });
  }

  it('test_dkl_3: p and q that are not over the same variables are refused (dit: ditException)', () => {
    // [d4, d1]: a two-variable and a one-variable distribution.
    expect(thrown(() => conditionalKlDivergence(d4, d1)).code).toBe('SHAPE_MISMATCH');
    // [d3, d4, [1]]: d3 has no variable 1.
    expect(thrown(() => conditionalKlDivergence(d3, d3, { axes: [1] })).code).toBe('INVALID_OPTION');
    // [d5, d1, [0], [1]]: d1 has no variable 1 to condition on.
    expect(thrown(() => conditionalKlDivergence(d1, d1, { axes: [0], given: [1] })).code).toBe(
      'INVALID_OPTION',
    );
  });
});

describe('dit docs/measures/divergences/kullback_leibler_divergence.rst', () => {
  it('a biased coin [3/4, 1/4] coded as a fair one: 0.18872187554086717 bits', () => {
    expect(conditionalKlDivergence([0.75, 0.25], [0.5, 0.5], bits)).toBeCloseTo(0.18872187554086717, 14);
  });
});

describe('conditional KL: closed forms', () => {
  it('D(p(X|Z) ‖ q(X|Z)) = Σ_z p(z) D(p(·|z) ‖ q(·|z)) (chain rule: D(p_XZ ‖ q_XZ) = D(p_Z ‖ q_Z) + D(p(X|Z) ‖ q(X|Z)))', () => {
    const p = [
      [0.1, 0.2],
      [0.3, 0.4],
    ];
    const q = [
      [0.25, 0.15],
      [0.35, 0.25],
    ];
    // axis 0 = X, axis 1 = Z; p(z) = [0.4, 0.6], q(z) = [0.6, 0.4].
    const pz = [0.4, 0.6];
    const qz = [0.6, 0.4];
    let want = 0;
    for (const z of [0, 1]) {
      for (const x of [0, 1]) {
        const pc = p[x][z] / pz[z];
        const qc = q[x][z] / qz[z];
        want += pz[z] * pc * Math.log(pc / qc);
      }
    }
    expect(conditionalKlDivergence(p, q, { axes: [0], given: [1] })).toBeCloseTo(want, 15);
    const joint = conditionalKlDivergence(p, q);
    const marg = conditionalKlDivergence(p, q, { axes: [1] });
    expect(joint).toBeCloseTo(marg + want, 15);
  });

  it('q(z) = 0 where p(z) > 0: +Infinity', () => {
    expect(
      conditionalKlDivergence(
        [
          [0.5, 0.5],
          [0, 0],
        ],
        [
          [1, 0],
          [0, 0],
        ],
        { axes: [1], given: [0] },
      ),
    ).toBe(Number.POSITIVE_INFINITY);
  });
});
