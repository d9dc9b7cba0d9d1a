/**
 * SciPy's mpmath comparisons on the real axis, ported from scipy/special/tests/test_mpmath.py (SciPy 1.17.1):
 * assert_mpmath_equal(f, mpmath_f, [Arg()], n, dps, rtol) for erf, erfc, ndtr, log_ndtr and gammaln. The
 * points are SciPy's own (scipy.special._mptestutils' Arg().values via get_args, every order of magnitude
 * from −9e307 to 9e307), written with mpmath's values into test/fixtures/scipy_parity.json by
 * test/fixtures/generate_scipy_parity.py. SciPy's tolerances are kept (rtol, atol = 1e-300); its
 * `nan_ok=True` skips points where mpmath raised (the fixture holds NaN there), and this port asks more: at
 * those points the library must still return a number that is not NaN.
 */
import { describe, expect, it } from 'vitest';
import { erf, erfc, gammaln, logNdtr, ndtr } from '../../../src/index.js';
import { loadFixture } from '../../helpers/fixtures.js';

const F = 'scipy/special/tests/test_mpmath.py';

type Suite = { x: number[]; expected: number[] };
const fx = loadFixture<{ test_mpmath: Record<string, Suite> }>('scipy_parity.json').test_mpmath;

function check(name: string, f: (x: number) => number, rtol: number): void {
  const { x, expected } = fx[name];
  let skipped = 0;
  x.forEach((xi, i) => {
    const got = f(xi);
    const want = expected[i];
    if (Number.isNaN(want)) {
      skipped++;
      expect(Number.isNaN(got), `${name}(${xi}) is NaN`).toBe(false);
      return;
    }
    if (!Number.isFinite(want)) {
      expect(got, `${name}(${xi})`).toBe(want);
      return;
    }
    const err = Math.abs(got - want);
    if (!(err <= 1e-300 + rtol * Math.abs(want))) {
      expect.fail(`${name}(${xi}) = ${got}, mpmath ${want} (rel ${err / Math.abs(want)}, rtol ${rtol})`);
    }
  });
  expect(skipped).toBeLessThan(x.length / 4);
}

describe(`${F}::TestSystematic`, () => {
  it(`${F}::TestSystematic::test_erf`, () => check('test_erf', erf, 1e-7));
  it(`${F}::TestSystematic::test_erf at 1e-14 (the library's own bar)`, () => check('test_erf', erf, 1e-14));
  it(`${F}::TestSystematic::test_erfc`, () => check('test_erfc', erfc, 1e-13));
  it(`${F}::TestSystematic::test_ndtr`, () => check('test_ndtr', ndtr, 1e-7));
  it(`${F}::TestSystematic::test_ndtr at 1e-13 (the library's own bar)`, () =>
    check('test_ndtr', ndtr, 1e-13));
  it(`${F}::TestSystematic::test_log_ndtr`, () => check('test_log_ndtr', logNdtr, 1e-13));
  it(`${F}::TestSystematic::test_gammaln`, () => check('test_gammaln', gammaln, 1e-7));
  it(`${F}::TestSystematic::test_gammaln at 1e-13 (the library's own bar)`, () =>
    check('test_gammaln', gammaln, 1e-13));
});
