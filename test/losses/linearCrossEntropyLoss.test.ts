/**
 * linearCrossEntropyLoss against PyTorch float64 autograd (test/fixtures/generate_linear_ce.py), against
 * crossEntropyLoss on the materialised logits, for every block size, and its errors.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { crossEntropyLoss } from '../../src/losses/crossEntropyLoss.js';
import { linearCrossEntropyLoss } from '../../src/losses/linearCrossEntropyLoss.js';
import { expectClose, loadFixture } from '../helpers/fixtures.js';

interface Case {
  name: string;
  n: number;
  h: number;
  v: number;
  hidden: number[];
  weight: number[];
  bias: number[] | null;
  target: number[];
  options: { reduction: 'mean' | 'sum'; ignoreIndex: number };
  loss: number;
  gradHidden: number[];
  gradWeight: number[];
  gradBias: number[] | null;
}

const { cases } = loadFixture<{ cases: Case[] }>('linear_ce.json');

describe('linearCrossEntropyLoss against PyTorch (float64 autograd)', () => {
  for (const c of cases) {
    for (const blockSize of [undefined, 1, 3, 64]) {
      it(`${c.name}, blockSize ${blockSize ?? 'default'}`, () => {
        const r = linearCrossEntropyLoss(
          { data: c.hidden, shape: [c.n, c.h] },
          { data: c.weight, shape: [c.v, c.h] },
          c.target,
          { ...c.options, bias: c.bias ?? undefined, blockSize },
        );
        expectClose(r.loss, c.loss, 1e-12, 1e-15, 'loss');
        expectClose(r.gradHidden?.data ?? [], c.gradHidden, 1e-11, 1e-15, 'gradHidden');
        expectClose(r.gradWeight?.data ?? [], c.gradWeight, 1e-11, 1e-15, 'gradWeight');
        if (c.gradBias) expectClose(r.gradBias ?? [], c.gradBias, 1e-11, 1e-15, 'gradBias');
        else expect(r.gradBias).toBeUndefined();
      });
    }
  }
});

describe('linearCrossEntropyLoss: laws', () => {
  it('equals crossEntropyLoss of the materialised logits, and its gradient chains through the layer', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 1, max: 9 }),
        fc.integer({ min: 1, max: 1e9 }),
        fc.integer({ min: 1, max: 10 }),
        (n, h, v, seed, block) => {
          let s = seed;
          const r = () => {
            s = (Math.imul(s, 1103515245) + 12345) >>> 0;
            return (s / 4294967296) * 4 - 2;
          };
          const H = Array.from({ length: n * h }, r);
          const W = Array.from({ length: v * h }, r);
          const b = Array.from({ length: v }, r);
          const y = Array.from({ length: n }, (_, i) => (i * 7 + seed) % v);
          const z = new Float64Array(n * v);
          for (let i = 0; i < n; i++)
            for (let j = 0; j < v; j++) {
              let acc = b[j];
              for (let k = 0; k < h; k++) acc += H[i * h + k] * W[j * h + k];
              z[i * v + j] = acc;
            }
          const ref = crossEntropyLoss({ data: z, shape: [n, v] }, y);
          const got = linearCrossEntropyLoss({ data: H, shape: [n, h] }, { data: W, shape: [v, h] }, y, {
            bias: b,
            blockSize: block,
          });
          expectClose(got.loss, ref.loss, 1e-12, 1e-14);
          const g = ref.grad?.data as Float64Array;
          // ∂/∂hidden = G·W, ∂/∂weight = Gᵀ·H, ∂/∂bias = column sums of G.
          for (let i = 0; i < n; i++)
            for (let k = 0; k < h; k++) {
              let acc = 0;
              for (let j = 0; j < v; j++) acc += g[i * v + j] * W[j * h + k];
              expectClose(got.gradHidden?.data[i * h + k] ?? Number.NaN, acc, 1e-11, 1e-14);
            }
          for (let j = 0; j < v; j++) {
            let gb = 0;
            for (let i = 0; i < n; i++) gb += g[i * v + j];
            expectClose(got.gradBias?.[j] ?? Number.NaN, gb, 1e-11, 1e-14);
          }
        },
      ),
      { numRuns: 100 },
    );
  });

  it('keeps the input float types and needs no gradient pass with grad: false', () => {
    const H = Float32Array.of(1, 2, 3, 4);
    const W = Float32Array.of(1, 0, 0, 1, 1, 1);
    const r = linearCrossEntropyLoss({ data: H, shape: [2, 2] }, { data: W, shape: [3, 2] }, [2, 0]);
    expect(r.gradHidden?.data).toBeInstanceOf(Float32Array);
    expect(r.gradWeight?.data).toBeInstanceOf(Float32Array);
    const q = linearCrossEntropyLoss({ data: H, shape: [2, 2] }, { data: W, shape: [3, 2] }, [2, 0], {
      grad: false,
    });
    expect(q.loss).toBe(r.loss);
    expect(q.gradHidden).toBeUndefined();
  });

  it('an all-ignored batch: NaN for the mean (zero with emptyMean), zero gradients', () => {
    const r = linearCrossEntropyLoss(
      [[1, 2]],
      [
        [1, 0],
        [0, 1],
      ],
      [-100],
    );
    expect(r.loss).toBeNaN();
    expect(Array.from(r.gradWeight?.data ?? [])).toEqual([0, 0, 0, 0]);
    expect(
      linearCrossEntropyLoss(
        [[1, 2]],
        [
          [1, 0],
          [0, 1],
        ],
        [-100],
        { emptyMean: 'zero' },
      ).loss,
    ).toBe(0);
  });
});

describe('linearCrossEntropyLoss: errors', () => {
  it('rejects shapes that do not fit, a bias of the wrong length, targets out of range, bad blocks', () => {
    expect(() => linearCrossEntropyLoss([[1, 2]], [[1, 2, 3]], [0])).toThrow(/must be \[N, H\] and \[V, H\]/);
    expect(() => linearCrossEntropyLoss([[1, 2]], [[1, 2]], [0], { bias: [1, 2] })).toThrow(
      expect.objectContaining({ code: 'SHAPE_MISMATCH' }),
    );
    expect(() => linearCrossEntropyLoss([[1, 2]], [[1, 2]], [1])).toThrow(
      expect.objectContaining({ code: 'OUT_OF_RANGE' }),
    );
    expect(() => linearCrossEntropyLoss([[1, 2]], [[1, 2]], [0], { blockSize: 0 })).toThrow(/blockSize/);
    expect(() =>
      linearCrossEntropyLoss(
        [
          [1, 2],
          [3, Number.NaN],
        ],
        [[1, 2]],
        [0, 0],
      ),
    ).toThrow(/hidden\[1, 1\] is NaN/);
    const w = Float32Array.of(1, 2, 3, Number.POSITIVE_INFINITY);
    expect(() =>
      linearCrossEntropyLoss({ data: Float32Array.of(1, 2), shape: [1, 2] }, { data: w, shape: [2, 2] }, [0]),
    ).toThrow(expect.objectContaining({ code: 'NOT_FINITE', index: 3 }));
    expect(() => linearCrossEntropyLoss([[1, 2]], [[1, 2]], [0], { reduction: 'none' as never })).toThrow(
      expect.objectContaining({ code: 'INVALID_OPTION' }),
    );
  });
});
