import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fsum, logSoftmax, logSumExp, softmax } from '../../src/index.js';
import { close } from '../helpers/arbitraries.js';
import { thrown } from '../helpers/errors.js';
import { loadFixture } from '../helpers/fixtures.js';

describe('logSumExp', () => {
  it('logSumExp(x) is exact for huge magnitudes', () => {
    expect(logSumExp([1000, 1000])).toBe(1000 + Math.LN2);
    expect(logSumExp([-1000, -1000])).toBe(-1000 + Math.LN2);
    expect(logSumExp([1e308, 1e308])).toBe(1e308);
    expect(logSumExp([-1e308, 0])).toBe(0);
  });

  it('logSumExp([]) and logSumExp(all −Infinity) are −Infinity', () => {
    expect(logSumExp([])).toBe(Number.NEGATIVE_INFINITY);
    expect(logSumExp([Number.NEGATIVE_INFINITY, Number.NEGATIVE_INFINITY])).toBe(Number.NEGATIVE_INFINITY);
  });

  it('logSumExp(x) with +Infinity is +Infinity; −Infinity entries are ignored; NaN propagates', () => {
    expect(logSumExp([0, Number.POSITIVE_INFINITY])).toBe(Number.POSITIVE_INFINITY);
    expect(logSumExp([Number.NEGATIVE_INFINITY, 0])).toBe(0);
    expect(logSumExp([0, Number.NaN])).toBeNaN();
  });

  it('logSumExp(x + c) = logSumExp(x) + c', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -50, max: 50, noNaN: true }), { minLength: 1, maxLength: 20 }),
        fc.double({ min: -1e5, max: 1e5, noNaN: true }),
        (x, c) => close(logSumExp(x.map((v) => v + c)), logSumExp(x) + c, 1e-12, 1e-9),
      ),
    );
  });

  it('keeps full precision when one term dominates (log1p form)', () => {
    expect(logSumExp([0, -40])).toBe(Math.log1p(Math.exp(-40)));
  });
});

describe('softmax and logSoftmax', () => {
  it('softmax(x) sums to 1, is shift-invariant, and equals exp(logSoftmax(x))', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -300, max: 300, noNaN: true }), { minLength: 1, maxLength: 20 }),
        (x) => {
          const p = softmax(x);
          const lp = logSoftmax(x);
          const shifted = softmax(x.map((v) => v + 123.25));
          return (
            close(fsum(p), 1, 1e-14) &&
            Array.from(p).every(
              (v, i) => close(v, Math.exp(lp[i]), 1e-12, 1e-300) && close(v, shifted[i], 1e-9, 1e-300),
            )
          );
        },
      ),
    );
  });

  it('keeps the float type: Float32Array in, Float32Array out', () => {
    expect(softmax(Float32Array.of(0, 0))).toBeInstanceOf(Float32Array);
    expect(logSoftmax(Float32Array.of(0, 0))).toBeInstanceOf(Float32Array);
    expect(softmax([0, 0])).toBeInstanceOf(Float64Array);
  });

  it('−Infinity logits get probability 0; +Infinity logits share the mass', () => {
    expect(Array.from(softmax([Number.NEGATIVE_INFINITY, 0]))).toEqual([0, 1]);
    expect(Array.from(logSoftmax([Number.NEGATIVE_INFINITY, 0]))).toEqual([Number.NEGATIVE_INFINITY, 0]);
    expect(Array.from(softmax([Number.POSITIVE_INFINITY, 0, Number.POSITIVE_INFINITY]))).toEqual([
      0.5, 0, 0.5,
    ]);
    expect(Array.from(logSoftmax([Number.POSITIVE_INFINITY, 0]))).toEqual([0, Number.NEGATIVE_INFINITY]);
  });

  it('an all −Infinity input has no softmax (NaN, as PyTorch)', () => {
    expect(softmax([Number.NEGATIVE_INFINITY])[0]).toBeNaN();
    expect(logSoftmax([Number.NEGATIVE_INFINITY])[0]).toBeNaN();
  });
});

describe('fsum', () => {
  it('fsum(x) is exact where naive summation loses everything', () => {
    expect(fsum([1e100, 1, -1e100])).toBe(1);
    expect(fsum([0.1, 0.2, 0.3])).toBe(0.6);
    expect(fsum([Number.POSITIVE_INFINITY, 1])).toBe(Number.POSITIVE_INFINITY);
  });
});

interface WeightedCase {
  a: number[];
  b: number[];
  value: number;
  sign: number;
  cond: number;
  scipy: [number, number];
}

describe('logSumExp with weights, returnSign, axis (scipy.special.logsumexp(a, axis, b, keepdims, return_sign))', () => {
  const cases = loadFixture<{ logsumexp_weighted: WeightedCase[] }>('scipy_parity.json').logsumexp_weighted;

  it('logSumExp(a, { weights: b, returnSign: true }) matches mpmath to 8ε(1 + κ) (κ = Σ|bᵢeᵃⁱ| / |Σ bᵢeᵃⁱ|)', () => {
    for (const c of cases) {
      const r = logSumExp(c.a, { weights: c.b, returnSign: true });
      expect(r.sign, JSON.stringify(c)).toBe(c.sign);
      // Absolute error of a log is the relative error of its argument: ε·κ from the terms, ε|value| from m.
      const tol = 8 * 2 ** -52 * (1 + c.cond + Math.abs(c.value));
      expect(Math.abs(r.value - c.value), JSON.stringify(c)).toBeLessThanOrEqual(tol);
      expect(logSumExp(c.a, { weights: c.b })).toBe(c.sign < 0 ? Number.NaN : r.value);
    }
  });

  it('finds the answer where SciPy loses it: cancelling weights at the maximum, huge and tiny weights', () => {
    // a = [1000, 1000, 0], b = [1, −1, 1]: the sum is e⁰ = 1 (SciPy 1.10: NaN).
    expect(logSumExp([1000, 1000, 0], { weights: [1, -1, 1], returnSign: true })).toEqual({
      value: 0,
      sign: 1,
    });
    // b = 1e308 twice: log(2e308) (SciPy: Infinity).
    expect(logSumExp([0, 0], { weights: [1e308, 1e308] })).toBeCloseTo(Math.log(2) + Math.log(1e308), 12);
    // Subnormal weights keep their digits.
    expect(logSumExp([0, 0], { weights: [5e-324, 5e-324] })).toBeCloseTo(Math.log(1e-323), 2);
    expect(logSumExp([0, 0], { weights: [1e-310, 1e-310] })).toBeCloseTo(Math.log(2e-310), 12);
  });

  it('a zero weight drops its term, even an infinite or NaN one (SciPy: "consider it a feature")', () => {
    expect(logSumExp([Number.POSITIVE_INFINITY, 0], { weights: [0, 1] })).toBe(0);
    expect(logSumExp([Number.NaN, 0], { weights: [0, 1] })).toBe(0);
    expect(logSumExp([1, 2], { weights: [0, 0], returnSign: true })).toEqual({
      value: Number.NEGATIVE_INFINITY,
      sign: 0,
    });
  });

  it('+Infinity terms of both signs have no sum (NaN); an infinite weight is an infinite term', () => {
    const inf = Number.POSITIVE_INFINITY;
    expect(logSumExp([inf, inf], { weights: [1, -1], returnSign: true }).value).toBeNaN();
    expect(logSumExp([0, 1], { weights: [inf, 1], returnSign: true })).toEqual({ value: inf, sign: 1 });
    expect(logSumExp([Number.NEGATIVE_INFINITY], { weights: [inf] })).toBeNaN();
  });

  it('weights of 1 give the unweighted result; scaling the weights by c adds log c', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -700, max: 700, noNaN: true }), { minLength: 1, maxLength: 12 }),
        fc.double({ min: 1e-3, max: 1e3, noNaN: true }),
        (x, c) =>
          close(logSumExp(x, { weights: x.map(() => 1) }), logSumExp(x), 1e-14, 1e-13) &&
          close(logSumExp(x, { weights: x.map(() => c) }), logSumExp(x) + Math.log(c), 1e-14, 1e-12),
      ),
    );
  });

  it('along an axis equals the whole reduction of each slice', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 0, max: 2 }),
        fc.infiniteStream(fc.double({ min: -50, max: 50, noNaN: true })),
        (d0, d1, d2, axis, values) => {
          const shape = [d0, d1, d2];
          const it = values[Symbol.iterator]();
          const data = Array.from({ length: d0 * d1 * d2 }, () => it.next().value as number);
          const weights = data.map((v) => Math.sin(v));
          const r = logSumExp({ data, shape }, { axis, weights: { data: weights, shape }, returnSign: true });
          const kept = shape.filter((_, i) => i !== axis);
          if (JSON.stringify(r.value.shape) !== JSON.stringify(kept)) return false;
          // Slice k of the result: the entries whose kept indices are those of k.
          const at = (i: number, j: number, k: number) => (i * d1 + j) * d2 + k;
          let n = 0;
          for (let p = 0; p < kept[0]; p++) {
            for (let q = 0; q < kept[1]; q++) {
              const a: number[] = [];
              const b: number[] = [];
              for (let t = 0; t < shape[axis]; t++) {
                const idx = axis === 0 ? at(t, p, q) : axis === 1 ? at(p, t, q) : at(p, q, t);
                a.push(data[idx]);
                b.push(weights[idx]);
              }
              const w = logSumExp(a, { weights: b, returnSign: true });
              if (w.sign !== r.sign.data[n] || !close(w.value, r.value.data[n], 1e-15, 1e-14)) return false;
              n++;
            }
          }
          return true;
        },
      ),
    );
  });

  it('keepDims keeps the summed axes as 1s; axis lists and negative axes name the same axes', () => {
    const x = { data: Array.from({ length: 24 }, (_, i) => i / 7), shape: [2, 3, 4] };
    const a = logSumExp(x, { axis: [0, 2], keepDims: true });
    expect(a.shape).toEqual([1, 3, 1]);
    const b = logSumExp(x, { axis: [-1, -3] });
    expect(b.shape).toEqual([3]);
    expect(Array.from(a.data)).toEqual(Array.from(b.data));
    expect(logSumExp(x, { keepDims: true }).shape).toEqual([1, 1, 1]);
  });

  it('weights broadcast against x (NumPy rules): a row of weights applies to every row', () => {
    const r = logSumExp(
      [
        [0, 0],
        [1, 1],
      ],
      { weights: [1, 2], axis: 1 },
    );
    expect(Array.from(r.data)).toEqual([Math.log(3), 1 + Math.log(3)]);
  });

  it('refuses a bad axis, weights that do not broadcast, and non-boolean flags', () => {
    const x = [
      [1, 2],
      [3, 4],
    ];
    expect(thrown(() => logSumExp(x, { axis: 2 })).code).toBe('INVALID_OPTION');
    expect(thrown(() => logSumExp(x, { axis: [0, -2] })).code).toBe('INVALID_OPTION');
    expect(thrown(() => logSumExp(x, { axis: 0.5 })).code).toBe('INVALID_OPTION');
    expect(thrown(() => logSumExp(x, { axis: '0' as unknown as number })).code).toBe('INVALID_OPTION');
    expect(thrown(() => logSumExp(x, { weights: [1, 2, 3] })).code).toBe('SHAPE_MISMATCH');
    expect(thrown(() => logSumExp(x, { weights: ['1', 2] as unknown as number[] })).code).toBe('NAN');
    expect(thrown(() => logSumExp(x, { returnSign: 1 as unknown as boolean })).code).toBe('INVALID_OPTION');
    expect(thrown(() => logSumExp(x, { keepdims: true } as never)).message).toContain(
      "did you mean 'keepDims'",
    );
    expect(thrown(() => logSumExp(x, { b: [1, 1] } as never)).code).toBe('INVALID_OPTION');
  });
});

describe('softmax and logSoftmax along an axis (scipy.special.softmax(x, axis), log_softmax(x, axis))', () => {
  it('each slice along the axis sums to 1 and equals the flat softmax of that slice', () => {
    const x = { data: [1, 2, 3, 4, 5, 6], shape: [2, 3] };
    const rows = softmax(x, { axis: -1 });
    expect(rows.shape).toEqual([2, 3]);
    expect(Array.from(rows.data.subarray(0, 3))).toEqual(Array.from(softmax([1, 2, 3])));
    const cols = logSoftmax(x, { axis: 0 });
    expect(Array.from(cols.data).filter((_, i) => i % 3 === 1)).toEqual(Array.from(logSoftmax([2, 5])));
    expect(softmax(x).data.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 15);
  });

  it('keeps Float32Array data as Float32Array and the shape of nested arrays', () => {
    expect(softmax({ data: Float32Array.of(0, 0, 0, 0), shape: [2, 2] }, { axis: 1 }).data).toBeInstanceOf(
      Float32Array,
    );
    const r = logSoftmax([
      [0, 0],
      [0, 0],
    ]);
    expect(r.shape).toEqual([2, 2]);
    expect(Array.from(r.data)).toEqual(new Array(4).fill(-Math.log(4)));
  });

  it('a flat array takes axis 0 or −1 and gives a flat array; other axes are refused', () => {
    expect(Array.from(softmax([0, 0], { axis: -1 }))).toEqual([0.5, 0.5]);
    expect(thrown(() => softmax([0, 0], { axis: 1 })).code).toBe('INVALID_OPTION');
    expect(thrown(() => logSoftmax([0, 0], { dim: 0 } as never)).code).toBe('INVALID_OPTION');
  });
});
