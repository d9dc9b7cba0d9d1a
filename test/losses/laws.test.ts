/**
 * Properties of the cross-entropy family: shift invariance, gradient rows summing to 0, CE = KL + H(target),
 * mean NLL = the seed's empirical cross entropy; Float32 agreeing with Float64; and regressions for the
 * NaN bugs of tfjs (−Infinity logits, sigmoid cross entropy at ±Infinity).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  binaryCrossEntropyWithLogits,
  crossEntropy,
  crossEntropyLoss,
  entropy,
  klDivergence,
  klDivLoss,
  logSoftmax,
  nllLoss,
  softmax,
} from '../../src/index.js';
import { close } from '../helpers/arbitraries.js';

const logits = (n: number, c: number, scale = 10) =>
  fc.array(fc.double({ min: -scale, max: scale, noNaN: true }), { minLength: n * c, maxLength: n * c });

const batch = fc
  .record({ n: fc.integer({ min: 1, max: 6 }), c: fc.integer({ min: 2, max: 8 }) })
  .chain(({ n, c }) =>
    fc.record({
      n: fc.constant(n),
      c: fc.constant(c),
      x: logits(n, c),
      y: fc.array(fc.integer({ min: 0, max: c - 1 }), { minLength: n, maxLength: n }),
    }),
  );

describe('crossEntropyLoss laws', () => {
  it('adding a constant to a row of logits changes neither the loss nor the gradient', () => {
    fc.assert(
      fc.property(
        batch,
        fc.double({ min: -200, max: 200, noNaN: true }),
        fc.nat(),
        ({ n, c, x, y }, k, row) => {
          const r = row % n;
          const shifted = x.map((v, i) => (Math.floor(i / c) === r ? v + k : v));
          const a = crossEntropyLoss({ data: Float64Array.from(x), shape: [n, c] }, y);
          const b = crossEntropyLoss({ data: Float64Array.from(shifted), shape: [n, c] }, y);
          const ga = a.grad?.data ?? [];
          const gb = b.grad?.data ?? [];
          return (
            close(a.loss, b.loss, 1e-9, 1e-12) && Array.from(ga).every((g, i) => close(g, gb[i], 1e-7, 1e-12))
          );
        },
      ),
    );
  });

  it('without smoothing or weights, each gradient row sums to 0', () => {
    fc.assert(
      fc.property(batch, ({ n, c, x, y }) => {
        const g =
          crossEntropyLoss({ data: Float64Array.from(x), shape: [n, c] }, y, { reduction: 'sum' }).grad
            ?.data ?? [];
        for (let r = 0; r < n; r++) {
          let s = 0;
          for (let j = 0; j < c; j++) s += g[r * c + j];
          if (Math.abs(s) > 1e-12) return false;
        }
        return true;
      }),
    );
  });

  it('for probability targets, CE = KL(target‖softmax) + H(target)', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 2, max: 8 })
          .chain((c) =>
            fc.tuple(
              logits(1, c),
              fc.array(fc.double({ min: 0.01, max: 1, noNaN: true }), { minLength: c, maxLength: c }),
            ),
          ),
        ([x, w]) => {
          const s = w.reduce((a, b) => a + b, 0);
          const t = w.map((v) => v / s);
          const ce = crossEntropyLoss(
            { data: x, shape: [1, x.length] },
            { data: t, shape: [1, x.length] },
          ).loss;
          return close(ce, klDivergence(t, x, { from: ['probs', 'logits'] }) + entropy(t), 1e-10, 1e-12);
        },
      ),
    );
  });

  it('mean NLL is the empirical cross entropy of the seed: (1/N) Σ −log q(xᵢ) = H(p̂, q)', () => {
    fc.assert(
      fc.property(batch, ({ n, c, x, y }) => {
        // One model q (the first row's softmax) scored on N observed classes y.
        const q = softmax(x.slice(0, c));
        const lq = logSoftmax(x.slice(0, c));
        const rows = y.flatMap(() => Array.from(lq));
        const mean = nllLoss({ data: Float64Array.from(rows), shape: [n, c] }, y).loss;
        const empirical = new Array(c).fill(0);
        for (const k of y) empirical[k] += 1 / n;
        return close(mean, crossEntropy(empirical, q, { tolerance: 1e-9 }), 1e-9, 1e-12);
      }),
    );
  });

  it('Float32 input agrees with the Float64 path within 1e-5 relative and keeps its type', () => {
    fc.assert(
      fc.property(batch, fc.constantFrom(0, 0.1), ({ n, c, x, y }, eps) => {
        const x32 = Float32Array.from(x);
        const x64 = Float64Array.from(x32);
        const a = crossEntropyLoss({ data: x32, shape: [n, c] }, Int32Array.from(y), { labelSmoothing: eps });
        const b = crossEntropyLoss({ data: x64, shape: [n, c] }, y, { labelSmoothing: eps });
        expect(a.grad?.data).toBeInstanceOf(Float32Array);
        const ga = a.grad?.data ?? [];
        const gb = b.grad?.data ?? [];
        return (
          close(a.loss, b.loss, 1e-5, 1e-7) && Array.from(ga).every((g, i) => close(g, gb[i], 1e-5, 1e-7))
        );
      }),
    );
  });

  it('accepts onnxruntime / transformers.js style { data, dims } tensors and BigInt64Array targets', () => {
    const r = crossEntropyLoss({ data: Float32Array.of(0, 0, 0, 0), dims: [2, 2] }, BigInt64Array.of(0n, 1n));
    expect(r.loss).toBeCloseTo(Math.LN2, 7);
    expect(r.grad?.shape).toEqual([2, 2]);
  });

  it('grad: false skips the gradient; gradOutput scales it', () => {
    const x = { data: Float64Array.of(1, 2, 3, 0, 0, 0), shape: [2, 3] };
    expect(crossEntropyLoss(x, [0, 1], { grad: false }).grad).toBeUndefined();
    const g1 = crossEntropyLoss(x, [0, 1], { reduction: 'none' }).grad?.data ?? [];
    const g2 = crossEntropyLoss(x, [0, 1], { reduction: 'none', gradOutput: [2, 0] }).grad?.data ?? [];
    expect(Array.from(g2)).toEqual(Array.from(g1).map((g, i) => (i < 3 ? 2 * g : 0)));
  });

  it('an all-ignored batch: NaN for the mean by default (as PyTorch), 0 with emptyMean: zero', () => {
    const x = { data: Float64Array.of(1, 2, 3, 4), shape: [2, 2] };
    const r = crossEntropyLoss(x, [-100, -100]);
    expect(r.loss).toBeNaN();
    expect(Array.from(r.grad?.data ?? [])).toEqual([0, 0, 0, 0]);
    expect(crossEntropyLoss(x, [-100, -100], { emptyMean: 'zero' }).loss).toBe(0);
    expect(crossEntropyLoss(x, [-100, -100], { reduction: 'sum' }).loss).toBe(0);
  });
});

describe('regressions for NaN bugs in tfjs and TensorFlow', () => {
  it('−Infinity logits where the target has no mass give a finite loss and gradient (tfjs: NaN)', () => {
    const x = { data: Float64Array.of(Number.NEGATIVE_INFINITY, 0), shape: [1, 2] };
    const soft = crossEntropyLoss(x, { data: [0, 1], shape: [1, 2] });
    expect(soft.loss).toBe(0);
    expect(Array.from(soft.grad?.data ?? [])).toEqual([0, 0]);
    const hard = crossEntropyLoss(x, [1]);
    expect(hard.loss).toBe(0);
    expect(Array.from(hard.grad?.data ?? []).every(Number.isFinite)).toBe(true);
  });

  it('sigmoid cross entropy at ±Infinity logits is exact (tfjs and tensorflow#75256: NaN)', () => {
    const r = binaryCrossEntropyWithLogits(
      [
        Number.POSITIVE_INFINITY,
        Number.NEGATIVE_INFINITY,
        Number.POSITIVE_INFINITY,
        Number.NEGATIVE_INFINITY,
      ],
      [1, 0, 0, 1],
      { reduction: 'none' },
    );
    expect(Array.from(r.loss)).toEqual([0, 0, Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY]);
    expect(Array.from(r.grad?.data ?? [])).toEqual([0, 0, 1, -1]);
  });

  it('klDivLoss with a zero target at a −Infinity log-probability contributes 0 (torch: NaN)', () => {
    const r = klDivLoss([[Number.NEGATIVE_INFINITY, 0]], [[0, 1]], { reduction: 'batchmean' });
    expect(r.loss).toBe(0);
    expect(Array.from(r.grad?.data ?? [])).toEqual([-0, -1]);
  });

  it('logits of magnitude 300 do not overflow', () => {
    const r = crossEntropyLoss([[300, -300, 0]], [1]);
    expect(r.loss).toBeCloseTo(600, 10);
  });

  it('NaN logits propagate to a NaN loss, as in PyTorch (documented)', () => {
    expect(crossEntropyLoss([[Number.NaN, 0]], [0]).loss).toBeNaN();
  });
});

describe('crossEntropyLoss gradInto', () => {
  it('writes the gradient into the caller’s buffer on both paths, with the same values as a fresh one', () => {
    for (const backend of ['js', 'auto'] as const) {
      const x = { data: Float32Array.from({ length: 4 * 40 }, (_, i) => Math.sin(i)), shape: [4, 40] };
      const y = [3, -100, 39, 0];
      const fresh = crossEntropyLoss(x, y, { backend });
      const into = new Float32Array(160).fill(7);
      const r = crossEntropyLoss(x, y, { backend, gradInto: into });
      expect(r.grad?.data).toBe(into);
      expect(Array.from(into)).toEqual(Array.from(fresh.grad?.data ?? []));
    }
  });

  it('a buffer of the wrong type or size is SHAPE_MISMATCH', () => {
    const x = { data: new Float32Array(6), shape: [2, 3] };
    expect(() => crossEntropyLoss(x, [0, 1], { gradInto: new Float64Array(6) })).toThrow(/gradInto/);
    expect(() => crossEntropyLoss(x, [0, 1], { gradInto: new Float32Array(5) })).toThrow(/gradInto/);
  });
});
