/**
 * softmaxEntropy against 50-digit mpmath (test/fixtures/generate_softmax_entropy.py), on both paths; the
 * wasm kernel against the float64 path on random matrices; laws; errors.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { entropy } from '../../src/measures/entropy.js';
import { softmaxEntropy } from '../../src/measures/softmaxEntropy.js';
import { expectClose, loadFixture } from '../helpers/fixtures.js';

interface Case {
  name: string;
  shape: number[];
  float32: boolean;
  logits: number[];
  entropy: number[];
  torchMaxRelDiff: number;
}

const { cases } = loadFixture<{ cases: Case[] }>('softmax_entropy.json');

describe('softmaxEntropy against mpmath (50 digits)', () => {
  it.each(cases)('$name: float64 TypeScript path within 1e-13 relative', (c) => {
    const h = softmaxEntropy({ data: Float64Array.from(c.logits), shape: c.shape });
    expectClose(h, c.entropy, 1e-13, 0, c.name);
  });

  it.each(cases.filter((c) => c.float32))(
    '$name: wasm kernel on the float32 logits within 1e-6 relative',
    (c) => {
      const h = softmaxEntropy({ data: Float32Array.from(c.logits), shape: c.shape }, { backend: 'wasm' });
      expectClose(h, c.entropy, 1e-6, 0, c.name);
    },
  );

  it('is more accurate than torch on near-certain rows (where torch loses up to 2.4%)', () => {
    const c = cases.find((k) => k.name === 'near-certain rows') as Case;
    expect(c.torchMaxRelDiff).toBeGreaterThan(1e-3);
    expectClose(softmaxEntropy({ data: c.logits, shape: c.shape }), c.entropy, 1e-13, 0);
  });
});

describe('softmaxEntropy: wasm kernel against the float64 path', () => {
  it('agrees within 1e-6 relative on random float32 matrices (any C, spreads up to 200, −Infinity entries)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 1, max: 300 }),
        fc.double({ min: 0.01, max: 100, noNaN: true }),
        fc.integer({ min: 1, max: 2 ** 31 - 1 }),
        fc.boolean(),
        (n, c, scale, seed, withInf) => {
          const x = new Float32Array(n * c);
          let s = seed;
          for (let i = 0; i < x.length; i++) {
            s = (Math.imul(s, 1103515245) + 12345) >>> 0;
            x[i] = ((s / 4294967296) * 2 - 1) * scale;
          }
          if (withInf && c > 1) x[(s >>> 3) % x.length] = Number.NEGATIVE_INFINITY;
          const fast = softmaxEntropy({ data: x, shape: [n, c] }, { backend: 'wasm' });
          const ref = softmaxEntropy({ data: x, shape: [n, c] }, { backend: 'js' });
          // Absolute slack: the kernel's float32 exp flushes e < 2⁻¹²⁶ to 0, dropping terms e·(1 + m − x).
          expectClose(fast, ref, 1e-6, c * (2 * scale + 1) * 2 ** -125);
          expect(softmaxEntropy({ data: x, shape: [n, c] }, { backend: 'wasm', threads: 2 })).toEqual(fast);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('sends rows whose max is not finite to the float64 path', () => {
    const x = Float32Array.of(0, 0, 0, 0, 0, 0, 0, 0, Number.NEGATIVE_INFINITY, 0, 1, 2, 3, 4, 5, 6);
    const h = softmaxEntropy({ data: x, shape: [2, 8] });
    expect(h[0]).toBeCloseTo(Math.log(8), 14);
    expectClose(h[1], softmaxEntropy({ data: x, shape: [2, 8] }, { backend: 'js' })[1], 1e-6, 0);
  });
});

describe('softmaxEntropy: laws', () => {
  it('is entropy(softmax(row)) of each row, ≤ log C with equality at equal logits, in any base', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.double({ min: -30, max: 30, noNaN: true }), { minLength: 5, maxLength: 5 }), {
          minLength: 1,
          maxLength: 5,
        }),
        (rows) => {
          const h = softmaxEntropy(rows);
          rows.forEach((r, i) => {
            expectClose(h[i], entropy(r, { from: 'logits' }), 1e-12, 1e-15);
            expect(h[i]).toBeLessThanOrEqual(Math.log(5) * (1 + 1e-15));
            expect(h[i]).toBeGreaterThanOrEqual(0);
          });
          expectClose(
            softmaxEntropy(rows, { base: 'bits' }),
            Array.from(h, (v) => v / Math.LN2),
            1e-15,
            0,
          );
        },
      ),
    );
    expect(softmaxEntropy([[3, 3, 3, 3, 3, 3, 3, 3]])[0]).toBeCloseTo(Math.log(8), 15);
  });

  it('keeps the leading dimensions: [2, 3, C] gives 6 entropies', () => {
    expect(softmaxEntropy({ data: new Float64Array(2 * 3 * 4), shape: [2, 3, 4] }).length).toBe(6);
  });
});

describe('softmaxEntropy: errors', () => {
  it('names the row and column of a NaN or +Infinity logit', () => {
    const x = new Float32Array(3 * 16);
    x[21] = Number.NaN;
    expect(() => softmaxEntropy({ data: x, shape: [3, 16] })).toThrow(/logits\[1, 5\] is NaN/);
    x[21] = Number.POSITIVE_INFINITY;
    expect(() => softmaxEntropy({ data: x, shape: [3, 16] })).toThrow(
      expect.objectContaining({ code: 'NOT_FINITE', index: 21 }),
    );
  });

  it('rejects zero classes, a bad backend or thread count', () => {
    expect(() => softmaxEntropy({ data: [], shape: [2, 0] })).toThrow(
      expect.objectContaining({ code: 'EMPTY' }),
    );
    expect(() => softmaxEntropy([[1, 2]], { backend: 'gpu' as never })).toThrow(/backend/);
    expect(() => softmaxEntropy([[1, 2]], { backend: 'wasm' })).toThrow(/Float32Array/);
    expect(() => softmaxEntropy([[1, 2]], { threads: 0 })).toThrow(/threads/);
  });
});
