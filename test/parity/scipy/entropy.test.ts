/**
 * SciPy's own tests of scipy.stats.entropy and scipy.stats.differential_entropy, ported from
 * scipy/stats/tests/test_entropy.py (SciPy 1.17.1) onto `entropy`, `klDivergence` and
 * `estimateDifferentialEntropy`. SciPy's expected values are copied as they stand; xp_assert_close's default
 * float64 tolerance is rtol = 4·√ε ≈ 6e-8, and the 8-digit literals are compared at 1e-7.
 *
 * Deliberate differences, kept as cases:
 * - scipy.stats.entropy normalises pk and qk silently; the measures refuse a vector that does not sum to 1
 *   (`NOT_NORMALIZED`) unless asked with `{ normalize: true }`, because an unnormalised input is more often a
 *   bug than a wish. The ports pass `normalize: true` where SciPy's inputs do not sum to 1.
 * - The measures take one distribution (1-D); SciPy's `axis` over 2-D input is ported as one call per column
 *   (axis=0, SciPy's default) or per row (axis=1), and its broadcasting as the broadcast vectors written out.
 * - estimateDifferentialEntropy's default on tied samples is `ties: 'dequantize'`; SciPy uses the ties as they
 *   are, which is `ties: 'atoms'` here. Estimates carry a resampled standard error by default; the ports ask
 *   for `resamples: 0` (the value does not depend on it).
 *
 * Not ported: test_consistency (10⁶ draws of norm.rvs(random_state=0)) and test_rmse_std (10⁴ × 50 draws per
 * method and distribution) need MT19937 streams too large to commit as a fixture; the estimators' own tests
 * (test/estimators) cover consistency. test_entropy_shape_mismatch tests NumPy broadcasting of 3-D input,
 * which the 1-D measures do not have.
 */
import { describe, expect, it } from 'vitest';
import { entropy, estimateDifferentialEntropy, klDivergence } from '../../../src/index.js';
import { thrown } from '../../helpers/errors.js';
import { expectClose, loadFixture } from '../../helpers/fixtures.js';

const F = 'scipy/stats/tests/test_entropy.py';

interface Fixture {
  standard_normal_stream: number[];
  entropy_broadcasting: { x: number[]; y: number[]; scipy: number[] };
  window_length_none: number[];
  differential_entropy_scipy: {
    scipy_vasicek_100: number[];
    scipy_auto_window_none_10: number;
    scipy_method_auto: Record<string, number>;
  };
}
const fx = loadFixture<Fixture>('scipy_parity.json');
const stream = fx.standard_normal_stream;

const pk = [
  [0.1, 0.2],
  [0.6, 0.3],
  [0.3, 0.5],
];
const qk = [
  [0.2, 0.1],
  [0.3, 0.6],
  [0.5, 0.3],
];
const col = (m: number[][], j: number) => m.map((r) => r[j]);
const N = { normalize: true } as const;

describe(`${F}::TestEntropy`, () => {
  it(`${F}::TestEntropy::test_entropy_positive`, () => {
    const p = [0.5, 0.2, 0.3];
    const q = [0.1, 0.25, 0.65];
    expect(klDivergence(p, p)).toBe(0);
    expect(klDivergence(p, q)).toBeGreaterThan(0);
  });

  it(`${F}::TestEntropy::test_entropy_base (normalize: true for SciPy's ones(16))`, () => {
    const ones = new Array(16).fill(1);
    expect(thrown(() => entropy(ones, { base: 2 })).code).toBe('NOT_NORMALIZED');
    expect(Math.abs(entropy(ones, { ...N, base: 2 }) - 4)).toBeLessThan(1e-5);
    const q = ones.map((_, i) => (i < 8 ? 2 : 1));
    const s = klDivergence(ones, q, N);
    const s2 = klDivergence(ones, q, { ...N, base: 2 });
    expect(Math.abs(s / s2 - Math.log(2))).toBeLessThan(1e-5);
  });

  it(`${F}::TestEntropy::test_entropy_zero`, () => {
    expectClose(entropy([0, 1, 2], N), 0.63651416829481278, 1e-15, 0);
  });

  it(`${F}::TestEntropy::test_entropy_2d (per column, SciPy's axis=0)`, () => {
    expectClose(
      [0, 1].map((j) => klDivergence(col(pk, j), col(qk, j))),
      [0.1933259, 0.18609809],
      1e-7,
      0,
    );
  });

  it(`${F}::TestEntropy::test_entropy_2d_zero`, () => {
    const q0 = [
      [0.0, 0.1],
      [0.3, 0.6],
      [0.5, 0.3],
    ];
    expectClose(
      [0, 1].map((j) => klDivergence(col(pk, j), col(q0, j), N)),
      [Number.POSITIVE_INFINITY, 0.18609809],
      1e-7,
      0,
    );
    const p0 = [
      [0.0, 0.2],
      [0.6, 0.3],
      [0.3, 0.5],
    ];
    expectClose(
      [0, 1].map((j) => klDivergence(col(p0, j), col(q0, j), N)),
      [0.17403988, 0.18609809],
      1e-7,
      0,
    );
  });

  it(`${F}::TestEntropy::test_entropy_base_2d_nondefault_axis (per row)`, () => {
    expectClose(
      pk.map((r) => entropy(r, N)),
      [0.63651417, 0.63651417, 0.66156324],
      1e-7,
      0,
    );
  });

  it(`${F}::TestEntropy::test_entropy_2d_nondefault_axis (per row)`, () => {
    expectClose(
      pk.map((r, i) => klDivergence(r, qk[i], N)),
      [0.23104906, 0.23104906, 0.12770641],
      1e-7,
      0,
    );
  });

  it(`${F}::TestEntropy::test_entropy_raises_value_error (shapes that do not match)`, () => {
    // SciPy: pk (3, 2) against qk (2, 2); a column of 3 against a column of 2 here.
    expect(thrown(() => klDivergence(col(pk, 0), [0.1, 0.6], N)).code).toBe('SHAPE_MISMATCH');
  });

  it(`${F}::TestEntropy::test_base_entropy_with_axis_0_is_equal_to_default, test_entropy_with_axis_0_is_equal_to_default, test_base_entropy_transposed, test_entropy_transposed`, () => {
    // Columns of pk are rows of pk.T: the same vectors give the same numbers, to the bit.
    const pt = [col(pk, 0), col(pk, 1)];
    const qt = [col(qk, 0), col(qk, 1)];
    expect(pt.map((r) => entropy(r, N))).toEqual([0, 1].map((j) => entropy(col(pk, j), N)));
    expect(pt.map((r, i) => klDivergence(r, qt[i]))).toEqual(
      [0, 1].map((j) => klDivergence(col(pk, j), col(qk, j))),
    );
  });

  it(`${F}::TestEntropy::test_entropy_broadcasting`, () => {
    // x (3,) against y (2, 1): each row of y broadcasts to a constant vector of length 3.
    const { x, y, scipy } = fx.entropy_broadcasting;
    const res = y.map((v) => klDivergence(x, [v, v, v], N));
    expectClose(res, scipy, 1e-14, 0);
  });

  it(`${F}::TestEntropy::test_input_validation`, () => {
    expect(thrown(() => entropy(new Array(10).fill(0.1), { base: -2 })).code).toBe('INVALID_OPTION');
  });
});

describe(`${F}::TestDifferentialEntropy`, () => {
  const h = (x: ArrayLike<number>, options: Record<string, unknown> = {}) =>
    estimateDifferentialEntropy(x as number[], { resamples: 0, ...options }).value;
  const values = stream.slice(0, 100);

  it(`${F}::TestDifferentialEntropy::test_differential_entropy_vasicek`, () => {
    expectClose(h(values, { method: 'vasicek' }), 1.342551187000946, 1e-13, 0);
    expectClose(h(values, { method: 'vasicek', windowLength: 1 }), 1.122044177725947, 1e-13, 0);
    expectClose(h(values, { method: 'vasicek', windowLength: 8 }), 1.349401487550325, 1e-13, 0);
  });

  it(`${F}::TestDifferentialEntropy::test_differential_entropy_vasicek_2d_nondefault_axis (per row)`, () => {
    const rows = [0, 1, 2].map((i) => stream.slice(100 * i, 100 * (i + 1)));
    expectClose(
      rows.map((r) => h(r, { method: 'vasicek' })),
      [1.342551187000946, 1.341825903922332, 1.293774601883585],
      1e-13,
      0,
    );
    expectClose(
      rows.map((r) => h(r, { method: 'vasicek', windowLength: 1 })),
      [1.122044177725947, 1.10294413850758, 1.129615790292772],
      1e-13,
      0,
    );
    expectClose(
      rows.map((r) => h(r, { method: 'vasicek', windowLength: 8 })),
      [1.349401487550325, 1.338514126301301, 1.292331889365405],
      1e-13,
      0,
    );
  });

  it(`${F}::TestDifferentialEntropy::test_differential_entropy_raises_value_error`, () => {
    // SciPy: window_length must be positive and less than half the sample size (100).
    for (const windowLength of [-1, 0, 50, 100]) {
      expect(thrown(() => h(values, { windowLength })).code, `windowLength ${windowLength}`).toBe(
        'INVALID_OPTION',
      );
    }
  });

  it(`${F}::TestDifferentialEntropy::test_base_differential_entropy_with_axis_0_is_equal_to_default, test_base_differential_entropy_transposed`, () => {
    // values (100, 3): column j is stream[j], stream[j + 3], ...; along axis 0 SciPy estimates each column,
    // and the transposed (3, 100) along axis 1 is the same three vectors.
    const cols = [0, 1, 2].map((j) => stream.slice(0, 300).filter((_, i) => i % 3 === j));
    const a = cols.map((c) => h(c));
    const b = cols.map((c) => h(Float64Array.from(c)));
    expect(a).toEqual(b);
    expect(a.every(Number.isFinite)).toBe(true);
  });

  it(`${F}::TestDifferentialEntropy::test_input_validation`, () => {
    const x = new Array(10).fill(1).map((v, i) => v + i);
    expect(thrown(() => h(x, { base: -2 })).code).toBe('INVALID_OPTION');
    expect(thrown(() => h(x, { method: 'ekki-ekki' })).code).toBe('INVALID_OPTION');
  });

  it(`${F}::TestDifferentialEntropy::test_window_length_is_none`, () => {
    const x = fx.window_length_none;
    const ref = h(x);
    expectClose(h(x, { windowLength: undefined }), ref, 0.005, 0);
    // And the value itself against SciPy 1.10's, on the same 10 draws of default_rng(358923459826738562).
    expectClose(ref, fx.differential_entropy_scipy.scipy_auto_window_none_10, 1e-13, 0);
  });

  for (const [n, method] of [
    [8, 'van es'],
    [12, 'ebrahimi'],
    [1001, 'vasicek'],
  ] as const) {
    it(`${F}::TestDifferentialEntropy::test_method_auto[${n}-${method}]`, () => {
      const rvs = stream.slice(0, n);
      const res1 = estimateDifferentialEntropy(rvs, { resamples: 0 });
      expect(res1.method).toBe(method);
      expect(res1.value).toBe(h(rvs, { method }));
      expectClose(res1.value, fx.differential_entropy_scipy.scipy_method_auto[String(n)], 1e-13, 0);
    });
  }

  for (const method of ['vasicek', 'van es', 'correa', 'ebrahimi'] as const) {
    it(`${F}::TestDifferentialEntropy::test_dtypes_gh21192[${method}] (ties kept as SciPy keeps them: ties 'atoms')`, () => {
      const x = [1, 1, 2, 3, 3, 4, 5, 5, 6, 7, 8, 9, 10, 11];
      const ref = h(Float64Array.from(x), { method, ties: 'atoms' });
      expect(Number.isFinite(ref)).toBe(true);
      expect(h(x, { method, ties: 'atoms' })).toBe(ref);
      expect(h(Float32Array.from(x), { method, ties: 'atoms' })).toBe(ref);
    });
  }

  it(`${F}::test_differential_entropy_vasicek on SciPy 1.10 too (the fixture's own SciPy)`, () => {
    const [d, m1, m8] = fx.differential_entropy_scipy.scipy_vasicek_100;
    expectClose(
      [
        h(values, { method: 'vasicek' }),
        h(values, { method: 'vasicek', windowLength: 1 }),
        h(values, { method: 'vasicek', windowLength: 8 }),
      ],
      [d, m1, m8],
      1e-13,
      0,
    );
  });
});
