/**
 * SciPy's own tests of logsumexp, softmax and log_softmax, ported: scipy/special/tests/test_logsumexp.py
 * (SciPy 1.17.1; the 1.10 file's cases are a subset). Each `it` names the SciPy test it comes from; SciPy's
 * expected values are copied as they stand there. SciPy's default tolerance (xp_assert_close, float64) is
 * rtol = 4·√ε ≈ 6e-8; the ports assert 1e-13 or tighter unless a case says why not.
 *
 * Not ported (nothing to port here): the complex-input tests (test_logsumexp_complex_sign, test_gh21610,
 * test_gh21709_small_imaginary, the complex half of test_gh22601_infinite_elements, test_wrap_radians) —
 * the library has no complex numbers; test_device and the array-API backend variants; test_dtypes_* for
 * integer and complex dtypes (JavaScript numbers are doubles).
 */
import { describe, expect, it } from 'vitest';
import { logSoftmax, logSumExp, softmax } from '../../../src/index.js';
import { thrown } from '../../helpers/errors.js';
import { expectClose } from '../../helpers/fixtures.js';

const F = 'scipy/special/tests/test_logsumexp.py';
const arange = (n: number, start = 0, step = 1) => Array.from({ length: n }, (_, i) => start + i * step);
const naiveLse = (a: number[], b?: number[]) =>
  Math.log(a.reduce((s, v, i) => s + (b ? b[i] : 1) * Math.exp(v), 0));

describe(`${F}::TestLogSumExp`, () => {
  it(`${F}::TestLogSumExp::test_logsumexp`, () => {
    expect(logSumExp([])).toBe(Number.NEGATIVE_INFINITY);
    const a = arange(200);
    expectClose(logSumExp(a), naiveLse(a), 1e-14, 0, 'arange(200)');
    expect(logSumExp([1000, 1000])).toBe(1000 + Math.LN2);
    expectClose(
      logSumExp(new Array(1000).fill(10000)),
      10000 + Math.log(1000),
      1e-15,
      0,
      'full(1000, 10000)',
    );

    // x = [1e-40] * 1e6, stacked twice; the sums of the exps in and over both axes.
    const m = 1_000_000;
    const logX = { data: new Float64Array(2 * m).fill(Math.log(1e-40)), shape: [2, m] };
    expectClose(Math.exp(logSumExp(logX)), 2e-40 * m, 1e-13, 0, 'whole');
    const ax0 = logSumExp(logX, { axis: 0 });
    expect(ax0.shape).toEqual([m]);
    expectClose(Math.exp(ax0.data[0]), 2e-40, 1e-13, 0, 'axis 0');
    expectClose(Math.exp(ax0.data[m - 1]), 2e-40, 1e-13, 0, 'axis 0');
    const ax1 = logSumExp(logX, { axis: 1 });
    expectClose(Array.from(ax1.data, Math.exp), [1e-40 * m, 1e-40 * m], 1e-13, 0, 'axis 1');

    // Special values.
    expect(logSumExp([Number.POSITIVE_INFINITY])).toBe(Number.POSITIVE_INFINITY);
    expect(logSumExp([Number.NEGATIVE_INFINITY])).toBe(Number.NEGATIVE_INFINITY);
    expect(logSumExp([Number.NaN])).toBeNaN();
    expect(logSumExp([Number.NEGATIVE_INFINITY, Number.NEGATIVE_INFINITY])).toBe(Number.NEGATIVE_INFINITY);

    // Different magnitudes on the axes; keepdims; several axes.
    const b = [
      [1e10, 1e-10],
      [-1e10, Number.NEGATIVE_INFINITY],
    ];
    const r = logSumExp(b, { axis: -1 });
    expect(r.shape).toEqual([2]);
    expectClose(r.data, [1e10, -1e10], 1e-15, 0, 'axis -1');
    const k = logSumExp(b, { axis: -1, keepDims: true });
    expect(k.shape).toEqual([2, 1]);
    expectClose(k.data, [1e10, -1e10], 1e-15, 0, 'keepdims');
    const both = logSumExp(b, { axis: [-1, -2] });
    expect(both.shape).toEqual([]);
    expectClose(both.data, [1e10], 1e-15, 0, 'axis (-1, -2)');
  });

  it(`${F}::TestLogSumExp::test_logsumexp_b`, () => {
    const a = arange(200);
    const b = arange(200, 200, -1);
    expectClose(logSumExp(a, { weights: b }), naiveLse(a, b), 1e-14, 0, 'arange');
    expectClose(logSumExp([1000, 1000], { weights: [1.2, 1.2] }), 1000 + Math.log(2 * 1.2), 1e-15, 0, '1000');

    const n = 100_000;
    const x = new Float64Array(2 * n).fill(Math.log(1e-40));
    // b = linspace(1, 1000, 100000), stacked twice.
    const w = new Float64Array(2 * n);
    for (let i = 0; i < n; i++) w[i] = w[n + i] = i === n - 1 ? 1000 : 1 + (i * 999) / (n - 1);
    let sumB = 0;
    for (let i = 0; i < n; i++) sumB += w[i];
    const logX = { data: x, shape: [2, n] };
    const B = { data: w, shape: [2, n] };
    expectClose(Math.exp(logSumExp(logX, { weights: B })), 2 * sumB * 1e-40, 1e-12, 0, 'whole');
    const ax0 = logSumExp(logX, { weights: B, axis: 0 });
    expectClose(Math.exp(ax0.data[0]), 2 * 1e-40, 1e-13, 0, 'axis 0 first');
    expectClose(Math.exp(ax0.data[n - 1]), 2 * 1000 * 1e-40, 1e-13, 0, 'axis 0 last');
    const ax1 = logSumExp(logX, { weights: B, axis: 1 });
    expectClose(Array.from(ax1.data, Math.exp), [sumB * 1e-40, sumB * 1e-40], 1e-12, 0, 'axis 1');
  });

  it(`${F}::TestLogSumExp::test_logsumexp_sign`, () => {
    const { value, sign } = logSumExp([1, 1, 1], { weights: [1, -1, -1], returnSign: true });
    expectClose(value, 1, 1e-15, 0);
    expect(sign).toBe(-1);
  });

  it(`${F}::TestLogSumExp::test_logsumexp_sign_zero`, () => {
    const { value, sign } = logSumExp([1, 1], { weights: [1, -1], returnSign: true });
    expect(value).toBe(Number.NEGATIVE_INFINITY);
    expect(sign).toBe(0);
  });

  it(`${F}::TestLogSumExp::test_logsumexp_sign_shape`, () => {
    const a = { data: new Float64Array(24).fill(1), shape: [1, 2, 3, 4] };
    const r = logSumExp(a, { axis: 2, weights: a, returnSign: true });
    expect(r.value.shape).toEqual([1, 2, 4]);
    expect(r.sign.shape).toEqual([1, 2, 4]);
    const s = logSumExp(a, { axis: [1, 3], weights: a, returnSign: true });
    expect(s.value.shape).toEqual([1, 3]);
    expect(s.sign.shape).toEqual([1, 3]);
  });

  it(`${F}::TestLogSumExp::test_logsumexp_shape`, () => {
    const a = { data: new Float64Array(24).fill(1), shape: [1, 2, 3, 4] };
    expect(logSumExp(a, { axis: 2, weights: a }).shape).toEqual([1, 2, 4]);
    expect(logSumExp(a, { axis: [1, 3], weights: a }).shape).toEqual([1, 3]);
  });

  it(`${F}::TestLogSumExp::test_logsumexp_b_zero`, () => {
    expectClose(logSumExp([1, 10000], { weights: [1, 0] }), 1, 1e-15, 0);
  });

  it(`${F}::TestLogSumExp::test_logsumexp_b_shape`, () => {
    // a (4, 1, 2, 1) and b (3, 1, 5) broadcast to (4, 3, 2, 5): 120 terms exp(0)·1.
    const a = { data: new Float64Array(8), shape: [4, 1, 2, 1] };
    const b = { data: new Float64Array(15).fill(1), shape: [3, 1, 5] };
    expect(logSumExp(a, { weights: b })).toBeCloseTo(Math.log(120), 14);
  });

  it(`${F}::TestLogSumExp::test_xp_invalid_input (deliberately different: a bare number is refused)`, () => {
    // SciPy takes a scalar as a 1-element array; the library's inputs are arrays, and a number where an
    // array belongs is a programming error it reports (SHAPE_MISMATCH) rather than guesses at.
    expect(thrown(() => logSumExp(1 as unknown as number[])).code).toBe('SHAPE_MISMATCH');
    expect(logSumExp([1])).toBe(1);
    expect(logSumExp([1, 2, 3])).toBe(logSumExp(Float64Array.of(1, 2, 3)));
  });

  it(`${F}::TestLogSumExp::test_array_like`, () => {
    expectClose(logSumExp([1000, 1000]), 1000 + Math.log(2), 1e-15, 0);
  });

  it(`${F}::TestLogSumExp::test_dtypes_a (float32, float64; the reduction to a number is float64)`, () => {
    // SciPy returns float32 for float32 input; the library returns a JavaScript number (float64) for a full
    // reduction, here the exact 1000 + log 2, and a Float32Array along an axis.
    expect(logSumExp(Float32Array.of(1000, 1000))).toBe(1000 + Math.LN2);
    expect(logSumExp(Float64Array.of(1000, 1000))).toBe(1000 + Math.LN2);
    const r = logSumExp({ data: Float32Array.of(1000, 1000), shape: [2] }, { axis: 0 });
    expect(r.data).toBeInstanceOf(Float32Array);
    expect(r.data[0]).toBe(Math.fround(1000 + Math.LN2));
  });

  it(`${F}::TestLogSumExp::test_dtypes_ab (float32 / float64 pairs)`, () => {
    const want = Math.log(Math.exp(2) - Math.exp(1));
    for (const a of [[2, 1], Float32Array.of(2, 1), Float64Array.of(2, 1)]) {
      for (const b of [[1, -1], Float32Array.of(1, -1), Float64Array.of(1, -1)]) {
        expectClose(logSumExp(a, { weights: b }), want, 1e-15, 0);
      }
    }
  });

  it(`${F}::TestLogSumExp::test_gh18295`, () => {
    // logaddexp(0, -40) = log1p(exp(-40)), to the last bit.
    expect(logSumExp([0, -40])).toBe(Math.log1p(Math.exp(-40)));
    expect(logSumExp([0, -40], { returnSign: true }).value).toBe(Math.log1p(Math.exp(-40)));
  });

  it(`${F}::TestLogSumExp::test_gh22601_infinite_elements (real infinities)`, () => {
    const inf = Number.POSITIVE_INFINITY;
    for (const x of [-inf, inf]) {
      for (const y of [-inf, inf]) {
        const ref = Math.log(Math.exp(x) + Math.exp(y));
        expect(logSumExp([x, y])).toBe(ref);
      }
    }
  });

  it(`${F}::TestLogSumExp::test_no_writeback`, () => {
    const a = [5, 4];
    const b = [3, 2];
    logSumExp(a);
    logSumExp(a, { weights: b });
    logSumExp(a, { weights: b, axis: 0, returnSign: true });
    expect(a).toEqual([5, 4]);
    expect(b).toEqual([3, 2]);
  });

  it(`${F}::TestLogSumExp::test_gh22903`, () => {
    const a = [3.06409428, 0.37251854, 3.87471931];
    const positive = [1.88190708, 2.84174795, -0.85016884];
    expect(logSumExp(a, { weights: positive })).toBe(
      logSumExp(a, { weights: positive, returnSign: true }).value,
    );
    expect(logSumExp(a, { weights: positive, returnSign: true }).sign).toBe(1);
    expect(logSumExp(a, { weights: [1.88190708, 2.84174795, -3.85016884] })).toBeNaN();
  });

  it(`${F}::TestLogSumExp::test_gh23548`, () => {
    const inf = Number.POSITIVE_INFINITY;
    expect(logSumExp([inf], { returnSign: true })).toEqual({ value: inf, sign: 1 });
    expect(logSumExp([inf], { weights: [-1], returnSign: true })).toEqual({ value: inf, sign: -1 });
  });
});

describe(`${F}::TestSoftmax`, () => {
  it(`${F}::TestSoftmax::test_softmax_fixtures`, () => {
    expectClose(softmax([1000, 0, 0, 0]), [1, 0, 0, 0], 1e-13, 0);
    expectClose(softmax([1, 1]), [0.5, 0.5], 1e-13, 0);
    expectClose(softmax([0, 1]), [1 / (1 + Math.E), Math.E / (1 + Math.E)], 1e-13, 0);
    // SciPy's mpmath values (mp.dps = 200).
    const expected = [0.03205860328008499, 0.08714431874203256, 0.23688281808991013, 0.6439142598879722];
    expectClose(softmax([0, 1, 2, 3]), expected, 1e-13, 0);
    expectClose(softmax([100, 101, 102, 103]), expected, 1e-13, 0);
    // axis=None: over the whole array, shape kept.
    const r = softmax({ data: [0, 1, 2, 3], shape: [2, 2] });
    expect(r.shape).toEqual([2, 2]);
    expectClose(r.data, expected, 1e-13, 0);
  });

  it(`${F}::TestSoftmax::test_softmax_multi_axes`, () => {
    const x = [
      [1000, 0],
      [1000, 0],
    ];
    expectClose(softmax(x, { axis: 0 }).data, [0.5, 0.5, 0.5, 0.5], 1e-13, 0);
    expectClose(softmax(x, { axis: 1 }).data, [1, 0, 1, 0], 1e-13, 0);
    const y = [-25, 0, 25, 50, 1, 325, 749, 750];
    const expected = [
      2.678636961770877e-33, 1.9287498479371314e-22, 1.3887943864771144e-11, 0.999999999986112, 0.0,
      1.9444526359919372e-185, 0.2689414213699951, 0.7310585786300048,
    ];
    expectClose(softmax({ data: y, shape: [2, 4] }, { axis: 1 }).data, expected, 1e-13, 0, 'axis 1');
    // x.T along axis 0: the transpose of the same numbers.
    const yt = [0, 4, 1, 5, 2, 6, 3, 7].map((i) => y[i]);
    const et = [0, 4, 1, 5, 2, 6, 3, 7].map((i) => expected[i]);
    expectClose(softmax({ data: yt, shape: [4, 2] }, { axis: 0 }).data, et, 1e-13, 0, 'x.T axis 0');
    // 3-d, with a tuple for the axis.
    expectClose(softmax({ data: y, shape: [2, 2, 2] }, { axis: [1, 2] }).data, expected, 1e-13, 0, '3-d');
  });

  it(`${F}::TestSoftmax::test_softmax_int_array`, () => {
    expectClose(softmax(Int32Array.of(1000, 0, 0, 0)), [1, 0, 0, 0], 1e-13, 0);
  });

  it(`${F}::TestSoftmax::test_softmax_scalar (deliberately different: a bare number is refused)`, () => {
    // SciPy: softmax(1000) = 1.0. A number is not an array here (SHAPE_MISMATCH); the one-element array works.
    expect(thrown(() => softmax(1000 as unknown as number[])).code).toBe('SHAPE_MISMATCH');
    expect(Array.from(softmax([1000]))).toEqual([1]);
  });

  it(`${F}::TestSoftmax::test_softmax_array_like`, () => {
    expectClose(softmax([1000, 0, 0, 0]), [1, 0, 0, 0], 1e-13, 0);
  });
});

describe(`${F}::TestLogSoftmax`, () => {
  const expect1d = [-3.4401896985611953, -2.4401896985611953, -1.4401896985611953, -0.44018969856119533];

  it(`${F}::TestLogSoftmax::test_log_softmax_basic`, () => {
    expectClose(logSoftmax([1000, 1]), [0, -999], 1e-13, 0);
  });

  it(`${F}::TestLogSoftmax::test_log_softmax_int_array`, () => {
    expectClose(logSoftmax(Int32Array.of(1000, 1)), [0, -999], 1e-13, 0);
  });

  it(`${F}::TestLogSoftmax::test_log_softmax_scalar (deliberately different: a bare number is refused)`, () => {
    expect(thrown(() => logSoftmax(1 as unknown as number[])).code).toBe('SHAPE_MISMATCH');
    expect(Array.from(logSoftmax([1]))).toEqual([0]);
  });

  it(`${F}::TestLogSoftmax::test_log_softmax_array_like`, () => {
    expectClose(logSoftmax([1000, 1]), [0, -999], 1e-13, 0);
  });

  for (const offset of [0, 100]) {
    it(`${F}::TestLogSoftmax::test_log_softmax_translation[${offset}]`, () => {
      expectClose(logSoftmax(arange(4, offset)), expect1d, 1e-13, 0);
    });
  }

  it(`${F}::TestLogSoftmax::test_log_softmax_noneaxis`, () => {
    const r = logSoftmax({ data: arange(4), shape: [2, 2] });
    expect(r.shape).toEqual([2, 2]);
    expectClose(r.data, expect1d, 1e-13, 0);
  });

  it(`${F}::TestLogSoftmax::test_axes[0, 1]`, () => {
    const x = [
      [1000, 1],
      [1000, 1],
    ];
    expectClose(logSoftmax(x, { axis: 0 }).data, new Array(4).fill(Math.log(0.5)), 1e-13, 0, 'axis 0');
    expectClose(logSoftmax(x, { axis: 1 }).data, [0, -999, 0, -999], 1e-13, 0, 'axis 1');
  });

  it(`${F}::TestLogSoftmax::test_log_softmax_2d_axis1`, () => {
    expectClose(
      logSoftmax({ data: arange(8), shape: [2, 4] }, { axis: 1 }).data,
      [...expect1d, ...expect1d],
      1e-13,
      0,
    );
  });

  it(`${F}::TestLogSoftmax::test_log_softmax_2d_axis0`, () => {
    // x.T of arange(8).reshape(2, 4), along axis 0; the expected value is expect.T.
    const xt = [0, 4, 1, 5, 2, 6, 3, 7];
    const et = [0, 0, 1, 1, 2, 2, 3, 3].map((i) => expect1d[i]);
    expectClose(logSoftmax({ data: xt, shape: [4, 2] }, { axis: 0 }).data, et, 1e-13, 0);
  });

  it(`${F}::TestLogSoftmax::test_log_softmax_3d`, () => {
    const r = logSoftmax({ data: arange(8), shape: [2, 2, 2] }, { axis: [1, 2] });
    expect(r.shape).toEqual([2, 2, 2]);
    expectClose(r.data, [...expect1d, ...expect1d], 1e-13, 0);
  });
});
