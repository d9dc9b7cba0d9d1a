/**
 * klDivLoss on the wasm kernel (kl_div in src/kernels/c/kl.c) against its float64 TypeScript path.
 * Probability targets: float64 logs and sums, so the loss agrees to 1e-12 of Σ|p·(log p − x)| (summation
 * order) and the gradient −p·scale is bit-identical. Log targets: float32 exps (≈ 1.8e-7 relative), so 1e-6
 * of Σ|p·(log p − x)| on the loss (not of the loss itself: where terms of both signs cancel, KL ≪ Σ|terms|)
 * and 2.5e-7 on gradient entries (the exp and one rounding to float32).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { freeKernelArray, kernelFloat32Array } from '../../src/kernels/arrays.js';
import { type KlDivLossOptions, type KlReduction, klDivLoss } from '../../src/losses/klDivLoss.js';
import { xorshift32 } from '../helpers/random.js';

const FLT_MIN = 2 ** -126;

const rng = xorshift32;

/** Rows of log-probabilities (input) and of target probabilities with some exact zeros. */
function data(n: number, c: number, seed: number, logTarget: boolean): { x: Float32Array; t: Float32Array } {
  const r = rng(seed);
  const x = new Float32Array(n * c);
  const t = new Float32Array(n * c);
  for (let i = 0; i < n; i++) {
    let sx = 0;
    let st = 0;
    for (let j = 0; j < c; j++) {
      x[i * c + j] = Math.exp(8 * r());
      t[i * c + j] = r() < 0.1 ? 0 : Math.exp(6 * r());
      sx += x[i * c + j];
      st += t[i * c + j];
    }
    if (st === 0) {
      t[i * c] = 1;
      st = 1;
    }
    for (let j = 0; j < c; j++) {
      x[i * c + j] = Math.log(x[i * c + j] / sx);
      const p = t[i * c + j] / st;
      t[i * c + j] = logTarget ? Math.log(p) : p;
    }
  }
  return { x, t };
}

function compare(
  x: Float32Array,
  t: Float32Array,
  shape: number[],
  options: KlDivLossOptions<KlReduction>,
): void {
  const w = klDivLoss({ data: x, shape }, { data: t, shape }, { ...options, backend: 'wasm' });
  const j = klDivLoss({ data: x, shape }, { data: t, shape }, { ...options, backend: 'js' });
  const lw = w.loss as number;
  const lj = j.loss as number;
  // The kernel's error is relative to Σ|p·(log p − x)|, which exceeds |KL| where the terms cancel.
  let abs = 0;
  for (let i = 0; i < x.length; i++) {
    const p = options.logTarget ? Math.exp(t[i]) : t[i];
    const lp = options.logTarget ? t[i] : Math.log(t[i]);
    if (p > 0) abs += Math.abs(p * (lp - x[i]));
  }
  const r = options.reduction ?? 'mean';
  abs /= r === 'sum' ? 1 : r === 'batchmean' ? shape[0] : x.length;
  const rtol = options.logTarget ? 1e-6 : 1e-12;
  if (!Number.isFinite(lj)) expect(lw).toBe(lj);
  else expect(Math.abs(lw - lj), `loss ${lw} vs ${lj}`).toBeLessThanOrEqual(rtol * abs + 1e-300);
  if (options.grad === false) {
    expect(w.grad).toBeUndefined();
    return;
  }
  const gw = w.grad?.data as Float32Array;
  const gj = j.grad?.data as Float32Array;
  expect(gw).toBeInstanceOf(Float32Array);
  expect(w.grad?.shape).toEqual(shape);
  if (!options.logTarget) {
    expect(Buffer.from(gw.buffer).equals(Buffer.from(gj.buffer))).toBe(true);
    return;
  }
  const up = Math.abs(typeof options.gradOutput === 'number' ? options.gradOutput : 1);
  for (let i = 0; i < gj.length; i++) {
    // float32 exp (≤ 1.8e-7) and the rounding of the product to float32 (6e-8).
    if (gw[i] !== gj[i] && !(Math.abs(gw[i] - gj[i]) <= 2.5e-7 * Math.abs(gj[i]) + FLT_MIN * up)) {
      expect.fail(`grad[${i}]: wasm ${gw[i]} vs js ${gj[i]}`);
    }
  }
}

describe('klDivLoss, backend wasm vs js', () => {
  it('agrees on random shapes, reductions, upstream gradients, for probability and log targets', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 9 }),
        fc.integer({ min: 1, max: 70 }),
        fc.integer({ min: 1, max: 1e9 }),
        fc.boolean(),
        fc.constantFrom<KlReduction>('sum', 'mean', 'batchmean'),
        fc.constantFrom(undefined, 1, -2.5, 0),
        (n, c, seed, logTarget, reduction, gradOutput) => {
          const { x, t } = data(n, c, seed, logTarget);
          compare(x, t, [n, c], { logTarget, reduction, gradOutput });
        },
      ),
      { numRuns: 300 },
    );
  });

  it('spans several 1 MiB blocks (and a tail that is not a multiple of 4)', () => {
    for (const logTarget of [false, true]) {
      const { x, t } = data(301, 1001, 5, logTarget);
      compare(x, t, [301, 1001], { logTarget, reduction: 'batchmean' });
      compare(x, t, [301, 1001], { logTarget, reduction: 'sum', grad: false });
    }
  });

  it('−Infinity inputs and targets: 0 where p = 0, +Infinity where p > 0 meets x = −Infinity', () => {
    const x = Float32Array.of(-1, Number.NEGATIVE_INFINITY, -2, -0.5, -3);
    compare(x, Float32Array.of(0.5, 0, 0.25, 0.25, 0), [5], { reduction: 'sum' });
    compare(x, Float32Array.of(0.5, 0.1, 0.2, 0.2, 0), [5], { reduction: 'sum' });
    const lt = Float32Array.of(Math.log(0.5), Number.NEGATIVE_INFINITY, -100, Math.log(0.25), -1);
    compare(x, lt, [5], { logTarget: true, reduction: 'mean' });
  });

  it('leaves targets it does not take to the float64 path: the same error, the same +Infinity', () => {
    const x = new Float32Array(8).fill(-2);
    const neg = Float32Array.of(0.5, 0.5, -0.1, 0.1, 0, 0, 0, 0);
    expect(() => klDivLoss({ data: x, shape: [8] }, { data: neg, shape: [8] })).toThrow(
      /target\[2\] = -0\.1/,
    );
    const inf = Float32Array.of(1, Number.POSITIVE_INFINITY, 0, 0, 0, 0, 0, 0);
    compare(x, inf, [8], { reduction: 'sum' });
    const big = Float32Array.of(100, 0, 0, 0, 0, 0, 0, 0); // exp(100) overflows float32: float64 path
    compare(x, big, [8], { logTarget: true, reduction: 'sum' });
  });

  it('reads arrays in kernel memory in place', () => {
    const { x, t } = data(40, 300, 9, false);
    const kx = kernelFloat32Array(x.length);
    const kt = kernelFloat32Array(t.length);
    kx.set(x);
    kt.set(t);
    const a = klDivLoss(
      { data: kx, shape: [40, 300] },
      { data: kt, shape: [40, 300] },
      { reduction: 'batchmean' },
    );
    const b = klDivLoss(
      { data: x, shape: [40, 300] },
      { data: t, shape: [40, 300] },
      { reduction: 'batchmean' },
    );
    expect(a.loss).toBe(b.loss);
    expect(a.grad?.data).toEqual(b.grad?.data);
    expect(kx).toEqual(x);
    freeKernelArray(kx);
    freeKernelArray(kt);
  });

  it("backend 'wasm' refuses what it cannot run", () => {
    expect(() => klDivLoss([-1, -2], [0.5, 0.5], { backend: 'wasm' })).toThrow(/Float32Array/);
    const x = Float32Array.of(-1, -2);
    expect(() =>
      klDivLoss(
        { data: x, shape: [2] },
        { data: Float32Array.of(0.5, 0.5), shape: [2] },
        { backend: 'wasm', reduction: 'none' },
      ),
    ).toThrow(/'none'/);
  });
});
