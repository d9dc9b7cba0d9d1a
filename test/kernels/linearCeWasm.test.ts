/**
 * linearCrossEntropyLoss on the wasm kernels (float32 GEMM blocks) against its float64 TypeScript path on
 * the same float32 inputs. A float32 GEMM of length H has error ~H·2⁻²⁴ of Σ|a·b| at worst, so the loss is
 * compared at 2e-5 relative and each gradient entry at 2e-5 of that gradient's largest entry (+ 1e-7: where
 * p_y = 1 exactly the float64 path gives 0 and the float32 one p_y·scale − scale, a rounding of scale).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { freeKernelArray, kernelFloat32Array } from '../../src/kernels/arrays.js';
import { linearCrossEntropyLoss } from '../../src/losses/linearCrossEntropyLoss.js';
import { xorshift32 } from '../helpers/random.js';

const rand = xorshift32;

function closeTo(got: ArrayLike<number>, want: ArrayLike<number>, label: string): void {
  let scale = 0;
  for (let i = 0; i < want.length; i++) scale = Math.max(scale, Math.abs(want[i]));
  expect(got.length).toBe(want.length);
  for (let i = 0; i < want.length; i++) {
    if (!(Math.abs(got[i] - want[i]) <= 2e-5 * scale + 1e-7))
      expect.fail(`${label}[${i}]: ${got[i]} vs ${want[i]}`);
  }
}

function compare(
  n: number,
  h: number,
  v: number,
  seed: number,
  opts: { bias: boolean; block?: number; sum?: boolean; spread?: number },
) {
  const r = rand(seed);
  const spread = opts.spread ?? 1;
  const H = Float32Array.from({ length: n * h }, () => (r() * 2 - 1) * spread);
  const W = Float32Array.from({ length: v * h }, () => (r() * 2 - 1) / Math.sqrt(h));
  const b = opts.bias ? Float32Array.from({ length: v }, () => r() - 0.5) : undefined;
  const y = Array.from({ length: n }, (_, i) => (i % 5 === 4 ? -100 : Math.floor(r() * v)));
  const o = { bias: b, blockSize: opts.block, reduction: opts.sum ? ('sum' as const) : ('mean' as const) };
  const w = linearCrossEntropyLoss({ data: H, shape: [n, h] }, { data: W, shape: [v, h] }, y, {
    ...o,
    backend: 'wasm',
  });
  const j = linearCrossEntropyLoss({ data: H, shape: [n, h] }, { data: W, shape: [v, h] }, y, {
    ...o,
    backend: 'js',
  });
  if (Number.isNaN(j.loss)) expect(w.loss).toBeNaN();
  else
    expect(Math.abs(w.loss - j.loss), `loss ${w.loss} vs ${j.loss}`).toBeLessThanOrEqual(
      2e-5 * Math.abs(j.loss) + 1e-7,
    );
  expect(w.gradHidden?.data).toBeInstanceOf(Float32Array);
  closeTo(w.gradHidden?.data ?? [], j.gradHidden?.data ?? [], 'gradHidden');
  closeTo(w.gradWeight?.data ?? [], j.gradWeight?.data ?? [], 'gradWeight');
  if (b) closeTo(w.gradBias ?? [], j.gradBias ?? [], 'gradBias');
  else expect(w.gradBias).toBeUndefined();
}

describe('linearCrossEntropyLoss, backend wasm vs js', () => {
  it('agrees on random sizes, blocks, biases, reductions and ignored rows', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 13 }),
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 1, max: 90 }),
        fc.integer({ min: 1, max: 1e9 }),
        fc.boolean(),
        fc.option(fc.integer({ min: 1, max: 40 }), { nil: undefined }),
        fc.boolean(),
        (n, h, v, seed, bias, block, sum) => compare(n, h, v, seed, { bias, block, sum }),
      ),
      { numRuns: 150 },
    );
  });

  it('a larger layer (H = 130, V = 1000, N = 37) over many blocks, and logits of magnitude ~100', () => {
    compare(37, 130, 1000, 3, { bias: true });
    compare(37, 130, 1000, 4, { bias: false, block: 64, sum: true, spread: 60 });
  });

  it('reads hidden and weight from kernel memory in place', () => {
    const n = 9;
    const h = 20;
    const v = 50;
    const r = rand(5);
    const H = kernelFloat32Array(n * h);
    const W = kernelFloat32Array(v * h);
    for (let i = 0; i < H.length; i++) H[i] = r() - 0.5;
    for (let i = 0; i < W.length; i++) W[i] = r() - 0.5;
    const y = Array.from({ length: n }, (_, i) => (i * 3) % v);
    const a = linearCrossEntropyLoss({ data: H, shape: [n, h] }, { data: W, shape: [v, h] }, y);
    const b = linearCrossEntropyLoss(
      { data: H.slice(), shape: [n, h] },
      { data: W.slice(), shape: [v, h] },
      y,
    );
    expect(a.loss).toBe(b.loss);
    expect(a.gradWeight?.data).toEqual(b.gradWeight?.data);
    freeKernelArray(H);
    freeKernelArray(W);
  });

  it('threads split every GEMM block by rows and give the bytes of one thread', () => {
    const r = rand(11);
    const n = 64;
    const h = 96;
    const v = 700;
    const H = Float32Array.from({ length: n * h }, () => r() - 0.5);
    const W = Float32Array.from({ length: v * h }, () => r() - 0.5);
    const y = Array.from({ length: n }, (_, i) => (i * 13) % v);
    const one = linearCrossEntropyLoss({ data: H, shape: [n, h] }, { data: W, shape: [v, h] }, y, {
      bias: W.subarray(0, v),
    });
    const two = linearCrossEntropyLoss({ data: H, shape: [n, h] }, { data: W, shape: [v, h] }, y, {
      bias: W.subarray(0, v),
      threads: 2,
    });
    expect(two.loss).toBe(one.loss);
    expect(two.gradHidden?.data).toEqual(one.gradHidden?.data);
    expect(two.gradWeight?.data).toEqual(one.gradWeight?.data);
    expect(two.gradBias).toEqual(one.gradBias);
    expect(() => linearCrossEntropyLoss([[1]], [[1]], [0], { threads: 0 })).toThrow(/threads/);
  });

  it("backend 'wasm' insists on Float32Array inputs", () => {
    expect(() => linearCrossEntropyLoss([[1, 2]], [[1, 2]], [0], { backend: 'wasm' })).toThrow(
      /Float32Array/,
    );
  });
});
