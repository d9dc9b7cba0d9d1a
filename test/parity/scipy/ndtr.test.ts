/**
 * SciPy's own tests of ndtr, ndtri, log_ndtr and ndtri_exp, ported from scipy/special/tests/test_ndtr.py and
 * scipy/special/tests/test_ndtri_exp.py (SciPy 1.17.1), with SciPy's expected values and tolerances. The
 * random points of test_ndtri_exp.py (`np.random.RandomState(1234).random_sample(1000)`) come from
 * test/fixtures/scipy_parity.json, drawn there with that seed and generator. Then the far lower tail that
 * those tests reach (ndtri_exp at -finfo.max) checked value by value against mpmath.
 */
import { describe, expect, it } from 'vitest';
import { logNdtr, ndtr, ndtri, ndtriExp } from '../../../src/index.js';
import { expectClose, loadFixture } from '../../helpers/fixtures.js';

const FN = 'scipy/special/tests/test_ndtr.py';
const FE = 'scipy/special/tests/test_ndtri_exp.py';
const EPS = 2 ** -52;

interface Far {
  log_ndtr_far: { x: number[]; expected: number[]; scipy: number[] };
  ndtri_exp_far: { y: number[]; expected: number[]; scipy: number[] };
  ndtri_exp_uniform_random_points: number[];
}
const fx = loadFixture<Far>('scipy_parity.json');
const u = fx.ndtri_exp_uniform_random_points;

/** np.nextafter(x, 0) */
function towardZero(x: number): number {
  const v = new DataView(new ArrayBuffer(8));
  v.setFloat64(0, x);
  v.setBigUint64(0, v.getBigUint64(0) - 1n);
  return v.getFloat64(0);
}

/** assert_func_equal(log_ndtr(ndtri_exp(y)), y, rtol) with nan_ok: NaN is accepted. */
function roundTrip(points: number[], rtol: number): void {
  for (const y of points) {
    const got = logNdtr(ndtriExp(y));
    if (Number.isNaN(got)) continue;
    expectClose(got, y, rtol, 0, `y = ${y}`);
  }
}

describe(FN, () => {
  it(`${FN}::test_ndtr`, () => {
    expect(ndtr(0)).toBe(0.5);
    expectClose(ndtr(1), 0.8413447460685429, 1e-7, 0);
  });

  it(`${FN}::TestNdtri::test_zero`, () => {
    expect(ndtri(0.5)).toBe(0);
  });

  it(`${FN}::TestNdtri::test_asymptotes`, () => {
    expect([ndtri(0), ndtri(1)]).toEqual([Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY]);
  });

  it(`${FN}::TestNdtri::test_outside_of_domain`, () => {
    expect(ndtri(-1.5)).toBeNaN();
    expect(ndtri(1.5)).toBeNaN();
  });

  it(`${FN}::TestLogNdtr::test_log_ndtr_moderate_le8`, () => {
    const x = [-0.75, -0.25, 0, 0.5, 1.5, 2.5, 3, 4, 5, 7, 8];
    const expected = [
      // biome-ignore lint/suspicious/noApproximativeNumericConstant: SciPy's literals, copied as they stand
      -1.4844482299196562, -0.9130617648111351, -0.6931471805599453, -0.3689464152886564,
      -0.06914345561223398, -0.006229025485860002, -0.0013508099647481938, -3.167174337748927e-5,
      -2.866516129637636e-7, -1.279812543886654e-12, -6.220960574271786e-16,
    ];
    expectClose(x.map(logNdtr), expected, 1e-14, 0);
  });

  it(`${FN}::TestLogNdtr::test_log_ndtr_values_8_16`, () => {
    const x = [8.001, 8.06, 8.15, 8.5, 10, 12, 14, 16];
    const expected = [
      -6.170639424817055e-16, -3.814722443652823e-16, -1.819621363526629e-16, -9.479534822203318e-18,
      -7.619853024160525e-24, -1.776482112077679e-33, -7.7935368191928e-45, -6.388754400538087e-58,
    ];
    expectClose(x.map(logNdtr), expected, 5e-14, 0);
  });

  it(`${FN}::TestLogNdtr::test_log_ndtr_values_16_31`, () => {
    const x = [16.15, 20.3, 21.4, 26.2, 30.9];
    const expected = [
      -5.678084565148492e-59, -6.429244467698346e-92, -6.680402412553295e-102, -1.328698078458869e-151,
      -5.972288641838264e-210,
    ];
    expectClose(x.map(logNdtr), expected, 2e-13, 0);
  });

  it(`${FN}::TestLogNdtr::test_log_ndtr_values_gt31`, () => {
    const x = [31.6, 32.8, 34.9, 37.1];
    const expected = [
      -1.846036234858162e-219, -2.9440539964066835e-236, -3.71721649450857e-267, -1.4047119663106221e-301,
    ];
    expectClose(x.map(logNdtr), expected, 3e-13, 0);
  });
});

describe(`${FE}::TestNdtriExp`, () => {
  it('has the 1000 points of np.random.RandomState(1234).random_sample(1000)', () => {
    expect(u.length).toBe(1000);
    expect(u[0]).toBe(0.1915194503788923); // the first MT19937 double of seed 1234
  });

  for (const scale of [-1e1, -1e2, -1e10, -1e20, -Number.MAX_VALUE]) {
    it(`${FE}::TestNdtriExp::test_very_small_arg[${scale}]`, () => {
      roundTrip(
        u.map((v) => scale * (0.5 * v + 0.5)),
        1e-14,
      );
    });
  }

  for (const [left, right, rtol] of [
    [-10, -2, 1e-14],
    [-2, -0.14542, 1e-12],
    [-0.14542, -1e-6, 1e-10],
    [-1e-6, 0, 1e-6],
  ]) {
    it(`${FE}::TestNdtriExp::test_in_interval[(${left}, ${right})-${rtol}]`, () => {
      roundTrip(
        u.map((v) => (right - left) * v + left),
        rtol,
      );
    });
  }

  it(`${FE}::TestNdtriExp::test_extreme`, () => {
    let bigneg = -Number.MAX_VALUE;
    for (let i = 0; i < 4; i++) bigneg = towardZero(bigneg);
    const tinyneg = -2.2250738585072014e-308;
    expectClose(
      [tinyneg, bigneg].map((y) => logNdtr(ndtriExp(y))),
      [tinyneg, bigneg],
      1e-12,
      0,
    );
  });

  it(`${FE}::TestNdtriExp::test_asymptotes`, () => {
    expect([ndtriExp(Number.NEGATIVE_INFINITY), ndtriExp(0)]).toEqual([
      Number.NEGATIVE_INFINITY,
      Number.POSITIVE_INFINITY,
    ]);
  });

  it(`${FE}::TestNdtriExp::test_outside_domain`, () => {
    expect(ndtriExp(1)).toBeNaN();
  });
});

describe('logNdtr and ndtriExp in the far lower tail, against mpmath', () => {
  it('logNdtr(x) for x in [−1.8961503816218352e154, −1e150] is within 2 ulp (SciPy 1.10: −Infinity at the end)', () => {
    const { x, expected, scipy } = fx.log_ndtr_far;
    x.forEach((xi, i) => {
      const got = logNdtr(xi);
      expect(Math.abs(got - expected[i]), `logNdtr(${xi}) = ${got}, want ${expected[i]}`).toBeLessThanOrEqual(
        2 * EPS * Math.abs(expected[i]),
      );
    });
    // The last point is where −x²/2 is the most negative double; x² itself overflowed before the fix.
    expect(scipy[scipy.length - 1 - 12]).toBe(Number.NEGATIVE_INFINITY);
    expect(Number.isFinite(logNdtr(-1.8961503816218352e154))).toBe(true);
    expect(logNdtr(-1.9e154)).toBe(Number.NEGATIVE_INFINITY); // −x²/2 < −1.797e308: overflow is the answer
  });

  it('ndtriExp(y) for y in [−1.7976931348623157e308, −1e300] is within 2 ulp (NaN below −4.5e307 before)', () => {
    const { y, expected } = fx.ndtri_exp_far;
    y.forEach((yi, i) => {
      const got = ndtriExp(yi);
      expect(
        Math.abs(got - expected[i]),
        `ndtriExp(${yi}) = ${got}, want ${expected[i]}`,
      ).toBeLessThanOrEqual(2 * EPS * Math.abs(expected[i]));
    });
  });
});
