/**
 * SciPy's own tests of scipy.spatial.distance.jensenshannon, ported from scipy/spatial/tests/test_distance.py
 * (SciPy 1.17.1) onto `jsDivergence`. SciPy returns the Jensen–Shannon *distance*, the square root of the
 * divergence the library returns: every case compares √jsDivergence with SciPy's number.
 *
 * Deliberate difference: jensenshannon normalises p and q silently; `jsDivergence` refuses vectors that do not
 * sum to 1 (`NOT_NORMALIZED`) unless asked with `{ normalize: true }`, which the ports pass where SciPy's
 * inputs are counts or measurements. SciPy's `axis` / `keepdims` over 2-D input are ported as one call per
 * column (axis=0) or row (axis=1); keepdims only reshapes, the values are the same.
 *
 * The pdist cases read SciPy's test data files (pdist-double-inp, iris) and their expected distances from
 * test/fixtures/scipy_parity.json, copied there from the installed SciPy's spatial/tests/data.
 */
import { describe, expect, it } from 'vitest';
import { jsDivergence } from '../../../src/index.js';
import { thrown } from '../../helpers/errors.js';
import { expectClose, loadFixture } from '../../helpers/fixtures.js';

const F = 'scipy/spatial/tests/test_distance.py';
const N = { normalize: true } as const;

interface Fixture {
  jensenshannon: {
    double_inp: number[][];
    double_expected: number[];
    iris: number[][];
    iris_expected: number[];
  };
}
const fx = loadFixture<Fixture>('scipy_parity.json').jensenshannon;

const js = (p: ArrayLike<number>, q: ArrayLike<number>, options = {}) =>
  Math.sqrt(jsDivergence(p, q, options));

/** pdist(X, 'jensenshannon'): the distances of all pairs i < j, row-major. */
function pdist(x: ArrayLike<number>[]): number[] {
  const out: number[] = [];
  for (let i = 0; i < x.length; i++) for (let j = i + 1; j < x.length; j++) out.push(js(x[i], x[j], N));
  return out;
}

/** assert_almost_equal's default: |got − want| < 1.5·10⁻⁷. */
const almost = (got: number[], want: number[]) => expectClose(got, want, 0, 1.5e-7);

describe(F, () => {
  it(`${F}::test_jensenshannon`, () => {
    almost([js([1, 0, 0], [0, 1, 0], { base: 2 })], [1]);
    almost([js([1, 0], [0.5, 0.5])], [0.46450140402245893]);
    almost([js([1, 0, 0], [1, 0, 0])], [0]);

    // [[1, 2]] against [[0.5, 1.5]]: along axis 0 each column is one value, normalised to [1].
    almost([js([1], [0.5], N), js([2], [1.5], N)], [0, 0]);
    almost([js([1, 2], [0.5, 1.5], N)], [0.0649045]); // axis=1 (and keepdims: the same value)

    const a = [
      [1, 2, 3, 4],
      [5, 6, 7, 8],
      [9, 10, 11, 12],
    ];
    const b = [
      [13, 14, 15, 16],
      [17, 18, 19, 20],
      [21, 22, 23, 24],
    ];
    const col = (m: number[][], j: number) => m.map((r) => r[j]);
    almost(
      [0, 1, 2, 3].map((j) => js(col(a, j), col(b, j), N)),
      [0.1954288, 0.1447697, 0.1138377, 0.0927636],
    );
    almost(
      a.map((r, i) => js(r, b[i], N)),
      [0.1402339, 0.0399106, 0.0201815],
    );
  });

  it(`${F}::test_jensenshannon counts need normalize: true (deliberately different: SciPy normalises silently)`, () => {
    expect(thrown(() => jsDivergence([1, 2], [0.5, 1.5])).code).toBe('NOT_NORMALIZED');
  });

  it(`${F}::TestPdist::test_pdist_jensenshannon_random`, () => {
    expectClose(pdist(fx.double_inp), fx.double_expected, 1e-11, 0);
  });

  it(`${F}::TestPdist::test_pdist_jensenshannon_random_float32`, () => {
    expectClose(pdist(fx.double_inp.map((r) => Float32Array.from(r))), fx.double_expected, 1e-8, 0);
  });

  it(`${F}::TestPdist::test_pdist_jensenshannon_random_nonC`, () => {
    // SciPy's 'test_jensenshannon' is its pure-Python reference on the same data; same expectation.
    expectClose(pdist(fx.double_inp), fx.double_expected, 1e-11, 0);
  });

  it(`${F}::TestPdist::test_pdist_jensenshannon_iris`, () => {
    expectClose(pdist(fx.iris), fx.iris_expected, 0, 1e-12);
  });

  it(`${F}::TestPdist::test_pdist_jensenshannon_iris_float32`, () => {
    expectClose(pdist(fx.iris.map((r) => Float32Array.from(r))), fx.iris_expected, 0, 1e-6);
  });

  it(`${F}::TestPdist::test_pdist_jensenshannon_iris_nonC (pairs of distinct rows)`, () => {
    const got = pdist(fx.iris);
    const distinct = fx.iris_expected.flatMap((w, i) => (w === 0 ? [] : [i]));
    expect(distinct.length).toBe(fx.iris_expected.length - 4);
    expectClose(
      distinct.map((i) => got[i]),
      distinct.map((i) => fx.iris_expected[i]),
      5e-5,
      0,
    );
  });

  // Iris has four pairs of identical rows, whose distance SciPy gives as exactly 0 (rtol = 5e-5 allows nothing
  // else): jsDivergence takes log m = log p where p = q, so JS(p, p) is exactly 0.
  it(`${F}::TestPdist::test_pdist_jensenshannon_iris_nonC (pairs of identical rows: exactly 0)`, () => {
    const got = pdist(fx.iris);
    fx.iris_expected.forEach((w, i) => {
      if (w === 0) expect(got[i], `pair ${i}`).toBe(0);
    });
  });
});
