/**
 * PyTorch's broadcasting rules in the elementwise losses (issue #17): kl_div, poisson_nll_loss and
 * gaussian_nll_loss broadcast the target against the input; binary_cross_entropy(_with_logits) refuse another
 * shape with PyTorch's message; gaussian_nll_loss checks var against the input's shape. PyTorch's own values
 * are in test/parity/pytorch/losses.test.ts; these are the laws: broadcasting is the same as repeating.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  binaryCrossEntropy,
  binaryCrossEntropyWithLogits,
  gaussianNllLoss,
  klDivLoss,
  poissonNllLoss,
} from '../../src/index.js';
import { close } from '../helpers/arbitraries.js';
import { thrown } from '../helpers/errors.js';

const row = fc.array(fc.double({ min: 0.05, max: 0.95, noNaN: true }), { minLength: 1, maxLength: 5 });
const reductions = ['mean', 'sum', 'none'] as const;

type Loss = (
  x: { data: number[]; shape: number[] },
  t: { data: number[]; shape: number[] },
  o: object,
) => {
  loss: number | Float64Array;
  grad?: { data: ArrayLike<number>; shape: number[] };
};
const losses: [string, Loss][] = [
  ['klDivLoss', (x, t, o) => klDivLoss({ data: x.data.map(Math.log), shape: x.shape }, t, o as never)],
  ['poissonNllLoss', (x, t, o) => poissonNllLoss(x, t, o as never)],
  ['gaussianNllLoss', (x, t, o) => gaussianNllLoss(x, t, 0.7, o as never)],
];

function same(a: number | ArrayLike<number>, b: number | ArrayLike<number>): boolean {
  if (typeof a === 'number' || typeof b === 'number') return close(a as number, b as number, 1e-13, 1e-15);
  return a.length === b.length && Array.from(a).every((v, i) => close(v, b[i], 1e-13, 1e-15));
}

describe('broadcasting is repeating', () => {
  for (const [name, f] of losses) {
    it(`${name}: a target [1, n] against input [k, n] gives what the target repeated k times gives`, () => {
      fc.assert(
        fc.property(
          row,
          fc.integer({ min: 1, max: 4 }),
          fc.constantFrom(...reductions),
          (t, k, reduction) => {
            const n = t.length;
            const x = {
              data: Array.from({ length: k * n }, (_, i) => 0.1 + ((i * 7) % 9) / 10),
              shape: [k, n],
            };
            const a = f(x, { data: t, shape: [1, n] }, { reduction });
            const b = f(x, { data: Array.from({ length: k }, () => t).flat(), shape: [k, n] }, { reduction });
            expect(same(a.loss, b.loss)).toBe(true);
            expect(same(a.grad?.data ?? [], b.grad?.data ?? [])).toBe(true);
          },
        ),
        { numRuns: 40 },
      );
    });

    it(`${name}: an input [1, n] against target [k, n]: the loss of the repeated input, its gradient summed over rows`, () => {
      fc.assert(
        fc.property(
          row,
          fc.integer({ min: 1, max: 4 }),
          fc.constantFrom(...reductions),
          (xr, k, reduction) => {
            const n = xr.length;
            const t = {
              data: Array.from({ length: k * n }, (_, i) => 0.05 + ((i * 5) % 9) / 10),
              shape: [k, n],
            };
            const a = f({ data: xr, shape: [1, n] }, t, { reduction });
            const b = f({ data: Array.from({ length: k }, () => xr).flat(), shape: [k, n] }, t, {
              reduction,
            });
            expect(same(a.loss, b.loss)).toBe(true);
            expect(a.grad?.shape).toEqual([1, n]);
            const summed = Array.from({ length: n }, (_, j) => {
              let s = 0;
              for (let r = 0; r < k; r++) s += (b.grad?.data ?? [])[r * n + j];
              return s;
            });
            expect(same(a.grad?.data ?? [], summed)).toBe(true);
          },
        ),
        { numRuns: 40 },
      );
    });
  }

  it("gradOutput for 'none' has one value per element of the broadcast shape", () => {
    const r = poissonNllLoss(
      { data: [0.1, 0.2], shape: [1, 2] },
      { data: [1, 2, 3, 4, 5, 6], shape: [3, 2] },
      {
        reduction: 'none',
        gradOutput: [1, 0, 0, 0, 0, 1],
      },
    );
    expect((r.loss as Float64Array).length).toBe(6);
    expect(Array.from(r.grad?.data ?? [])).toEqual([Math.exp(0.1) - 1, Math.exp(0.2) - 6]);
    expect(
      thrown(() =>
        poissonNllLoss(
          { data: [0.1, 0.2], shape: [1, 2] },
          { data: [1, 2, 3, 4, 5, 6], shape: [3, 2] },
          {
            reduction: 'none',
            gradOutput: [1, 1],
          },
        ),
      ).argument,
    ).toBe('gradOutput');
  });

  it("klDivLoss 'batchmean' divides by the input's first size (input.size(0)), a 0-d input not at all", () => {
    const t = { data: [0.2, 0.8, 0.5, 0.5], shape: [2, 2] };
    const x = { data: [Math.log(0.5), Math.log(0.5)], shape: [1, 2] };
    const sum = klDivLoss(x, t, { reduction: 'sum' }).loss as number;
    expect(klDivLoss(x, t, { reduction: 'batchmean' }).loss).toBe(sum);
    const scalar = klDivLoss(
      { data: [Math.log(0.5)], shape: [] },
      { data: [0.5], shape: [] },
      { reduction: 'batchmean' },
    );
    expect(scalar.loss).toBe(0);
  });

  it('a Float32Array pair that broadcasts takes the float64 path and keeps the float type of the gradient', () => {
    const x = { data: Float32Array.of(Math.log(0.25), Math.log(0.75)), shape: [1, 2] };
    const t = { data: Float32Array.of(0.5, 0.5, 0.1, 0.9), shape: [2, 2] };
    const r = klDivLoss(x, t, { reduction: 'sum' });
    expect(r.grad?.data).toBeInstanceOf(Float32Array);
    expect(Array.from(r.grad?.data ?? [])).toEqual([-0.6000000238418579, -1.399999976158142]);
  });
});

describe('refusals with PyTorch text', () => {
  const x = { data: [0.2, 0.4, 0.6, 0.8, 0.5, 0.5], shape: [2, 3] };
  const t13 = { data: [0.3, 0.3, 0.3], shape: [1, 3] };

  it('binaryCrossEntropy refuses a target of another shape: "Using a target size ... is deprecated"', () => {
    const e = thrown(() => binaryCrossEntropy(x, t13));
    expect(e.code).toBe('SHAPE_MISMATCH');
    expect(e.argument).toBe('target');
    expect(e.message).toBe(
      'binaryCrossEntropy: Using a target size (torch.Size([1, 3])) that is different to the input size (torch.Size([2, 3])) is deprecated. Please ensure they have the same size.',
    );
  });

  it('binaryCrossEntropyWithLogits refuses a target of another shape; weight [3] and posWeight [2, 1] broadcast', () => {
    expect(thrown(() => binaryCrossEntropyWithLogits(x, t13)).message).toBe(
      'binaryCrossEntropyWithLogits: Target size (torch.Size([1, 3])) must be the same as input size (torch.Size([2, 3]))',
    );
    const t = { data: [0, 1, 0, 1, 1, 0], shape: [2, 3] };
    const a = binaryCrossEntropyWithLogits(x, t, {
      weight: [1, 2, 3],
      posWeight: { data: [2, 3], shape: [2, 1] },
    });
    const b = binaryCrossEntropyWithLogits(x, t, {
      weight: { data: [1, 2, 3, 1, 2, 3], shape: [2, 3] },
      posWeight: { data: [2, 2, 2, 3, 3, 3], shape: [2, 3] },
    });
    expect(a.loss).toBe(b.loss);
    const e = thrown(() =>
      binaryCrossEntropyWithLogits(x, t, { weight: { data: new Array(24).fill(1), shape: [4, 2, 3] } }),
    );
    expect(e.message).toContain("output with shape [2, 3] doesn't match the broadcast shape [4, 2, 3]");
    expect(thrown(() => binaryCrossEntropy(x, t, { weight: [1, 2] })).message).toContain(
      'The size of tensor a (3) must match the size of tensor b (2) at non-singleton dimension 1',
    );
  });

  it('gaussianNllLoss: var [2], [2, 1] and [2, 3] fit input [2, 3]; [3], [1, 1] and 0-d are "var is of incorrect size"', () => {
    const y = { data: [0, 0, 0, 0, 0, 0], shape: [2, 3] };
    const full = gaussianNllLoss(x, y, { data: [1, 1, 1, 2, 2, 2], shape: [2, 3] }).loss;
    expect(gaussianNllLoss(x, y, [1, 2]).loss).toBe(full);
    expect(gaussianNllLoss(x, y, { data: [1, 2], shape: [2, 1] }).loss).toBe(full);
    for (const v of [
      { data: [1, 1, 1], shape: [3] },
      { data: [1], shape: [1, 1] },
      { data: [1], shape: [] },
    ]) {
      const e = thrown(() => gaussianNllLoss(x, y, v));
      expect(e.argument).toBe('var');
      expect(e.message).toContain('var is of incorrect size');
    }
    // One number is PyTorch 2's float var: every element's variance.
    expect(gaussianNllLoss(x, y, 2).loss).toBe(
      gaussianNllLoss(x, y, { data: new Array(6).fill(2), shape: [2, 3] }).loss,
    );
    expect(thrown(() => gaussianNllLoss(x, y, -1)).message).toContain('var has negative entry/entries');
  });

  it('kl_div and poisson_nll_loss: sizes that neither match nor are 1 are refused, naming tensor a as PyTorch does', () => {
    const t2 = { data: [0.5, 0.5], shape: [2] };
    expect(thrown(() => klDivLoss(x, t2)).message).toContain(
      'The size of tensor a (2) must match the size of tensor b (3) at non-singleton dimension 1',
    );
    expect(thrown(() => poissonNllLoss(x, t2)).message).toContain(
      'The size of tensor a (2) must match the size of tensor b (3) at non-singleton dimension 1',
    );
    expect(thrown(() => gaussianNllLoss(x, t2, 1)).message).toContain(
      'The size of tensor a (3) must match the size of tensor b (2) at non-singleton dimension 1',
    );
  });
});
