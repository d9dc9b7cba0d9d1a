import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fsum, logSoftmax, logSumExp, softmax } from '../../src/index.js';
import { close } from '../helpers/arbitraries.js';

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
