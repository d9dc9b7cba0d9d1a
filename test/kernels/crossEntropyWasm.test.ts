/**
 * crossEntropyLoss on the wasm kernel against its float64 TypeScript path (backend: 'js'), for each build the
 * engine runs: SIMD128 always, relaxed SIMD (fused multiply–add in the exp) where it validates (Node ≥ 22;
 * under Node 20 those cases are skipped: .ci/node24 runs this file under Node 24). The same tolerances for both.
 *
 * Tolerance: |wasm − js| ≤ 2e-6·|js| + 2⁻¹²⁶ + |scale|·C·2⁻⁵² per gradient entry, and ≤ 2e-6·|js| + 1e-12
 * for losses. The absolute terms are not the kernel's error but the limits of the comparison: the kernel's
 * exp flushes results below float32's normal range (p < 1.2e-38) to 0, and near p_y = 1 the float64 path
 * forms p_y − 1 as 1/S − 1, off by up to C·2⁻⁵³ absolute (the kernel sums R = S − e_y without e_y and
 * keeps the small terms), as is its log S near S = 1 (the kernel's loss is log1p(R/e_y)); the test on
 * confident rows checks those against closed forms instead. src/kernels/c/cross_entropy.c derives a bound of
 * ~8e-7 relative for the kernel itself.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SurprisalError } from '../../src/core/errors.js';
import { kernelsWasmRelaxedBase64 } from '../../src/kernels/generated/kernelsWasm.js';
import { decodeBase64, kernelRuntime, reloadKernels } from '../../src/kernels/runtime.js';
import { type CrossEntropyLossOptions, crossEntropyLoss } from '../../src/losses/crossEntropyLoss.js';
import type { Reduction } from '../../src/losses/reduction.js';
import { xorshift32 } from '../helpers/random.js';

const FLT_MIN = 2 ** -126;

function close(a: number, b: number, atol: number): boolean {
  if (Number.isNaN(b)) return Number.isNaN(a);
  if (!Number.isFinite(b)) return a === b;
  return Math.abs(a - b) <= 2e-6 * Math.abs(b) + atol;
}

function compare(
  data: Float32Array,
  shape: number[],
  y: ArrayLike<number>,
  options: CrossEntropyLossOptions<Reduction> = {},
): void {
  const copy = data.slice();
  const w = crossEntropyLoss({ data, shape }, y, { ...options, backend: 'wasm' });
  const j = crossEntropyLoss({ data, shape }, y, { ...options, backend: 'js' });
  expect(Array.from(data)).toEqual(Array.from(copy)); // input untouched
  const lw = typeof w.loss === 'number' ? [w.loss] : Array.from(w.loss);
  const lj = typeof j.loss === 'number' ? [j.loss] : Array.from(j.loss);
  expect(lw.length).toBe(lj.length);
  for (let i = 0; i < lj.length; i++) {
    if (!close(lw[i], lj[i], 1e-12)) expect.fail(`loss[${i}]: wasm ${lw[i]} vs js ${lj[i]}`);
  }
  if (options.grad === false) {
    expect(w.grad).toBeUndefined();
    return;
  }
  const up = options.gradOutput ?? 1;
  const scale = typeof up === 'number' ? Math.abs(up) : Math.max(...Array.from(up, Math.abs));
  const atol = FLT_MIN + scale * shape[shape.length - 1] * 2 ** -52;
  const gw = w.grad?.data as Float32Array;
  const gj = j.grad?.data as Float32Array;
  expect(gw).toBeInstanceOf(Float32Array);
  expect(w.grad?.shape).toEqual(shape);
  for (let i = 0; i < gj.length; i++) {
    if (!close(gw[i], gj[i], atol)) expect.fail(`grad[${i}]: wasm ${gw[i]} vs js ${gj[i]}`);
  }
}

/** xorshift32 logits in (−scale, scale). */
function randomLogits(n: number, c: number, seed: number, scale: number): Float32Array {
  const r = xorshift32(seed | 1);
  return Float32Array.from({ length: n * c }, () => (r() - 0.5) * 2 * scale);
}

const relaxedHere = (
  globalThis as unknown as { WebAssembly: { validate(b: Uint8Array): boolean } }
).WebAssembly.validate(decodeBase64(kernelsWasmRelaxedBase64));

describe.each([
  ['simd128', true],
  ['relaxed', relaxedHere],
] as const)('crossEntropyLoss, backend wasm (%s build) vs js', (variant, available) => {
  beforeAll(() => reloadKernels(variant));
  afterAll(() => reloadKernels());

  it.skipIf(!available)('runs the build under test', () => {
    expect(kernelRuntime()?.variant).toBe(variant);
  });

  it.skipIf(!available)(
    'agrees on random shapes, scales, targets, ignored rows and −Infinity logits (fast-check)',
    () => {
      fc.assert(
        fc.property(
          fc.record({
            n: fc.integer({ min: 1, max: 24 }),
            c: fc.integer({ min: 1, max: 70 }),
            seed: fc.integer(),
            scale: fc.constantFrom(1e-3, 1, 8, 40, 300),
            shift: fc.constantFrom(0, 1e4, -250),
            ignoreEvery: fc.integer({ min: 0, max: 5 }),
            negInfEvery: fc.integer({ min: 0, max: 7 }),
            reduction: fc.constantFrom<Reduction>('mean', 'sum', 'none'),
          }),
          ({ n, c, seed, scale, shift, ignoreEvery, negInfEvery, reduction }) => {
            const x = randomLogits(n, c, seed, scale);
            for (let i = 0; i < x.length; i++) x[i] += shift;
            if (negInfEvery > 0)
              for (let i = 1; i < x.length; i += negInfEvery + 1) x[i] = Number.NEGATIVE_INFINITY;
            const y = Int32Array.from({ length: n }, (_, i) => (i * 7 + (seed >>> 3)) % c);
            if (ignoreEvery > 0) for (let i = 0; i < n; i += ignoreEvery + 1) y[i] = -100;
            compare(x, [n, c], y, { reduction });
          },
        ),
        { numRuns: 200 },
      );
    },
  );

  it.skipIf(!available)('agrees for C not a multiple of 4 around the 16-wide loop (C = 1..40)', () => {
    for (let c = 1; c <= 40; c++) compare(randomLogits(5, c, c, 6), [5, c], [0, c - 1, c >> 1, 0, c - 1]);
  });

  it.skipIf(!available)(
    'confident rows keep relative accuracy: loss log1p((C−1)e^−a) and p_y − 1 within 1e-6 of the closed form',
    () => {
      for (const c of [10, 100, 1000, 32000]) {
        for (const a of [5, 20, 30, 50, 80]) {
          const k = Math.min(c - 1, 517);
          const x = new Float32Array(c);
          x[k] = a;
          const r = crossEntropyLoss({ data: x, shape: [1, c] }, [k], { backend: 'wasm', reduction: 'sum' });
          const rest = (c - 1) * Math.exp(-a);
          const want = Math.log1p(rest);
          expect(
            Math.abs(r.loss - want) / want,
            `C = ${c}, a = ${a}: loss ${r.loss} vs ${want}`,
          ).toBeLessThan(1e-6);
          const g = (r.grad as { data: Float32Array }).data[k];
          const gw = -rest / (1 + rest);
          expect(Math.abs(g - gw) / Math.abs(gw), `C = ${c}, a = ${a}: grad ${g} vs ${gw}`).toBeLessThan(
            1e-6,
          );
        }
      }
    },
  );

  it.skipIf(!available)(
    'four-rows path (C < 96): every C, row counts around 4, ignored rows, NaN, ±Infinity and far targets in a group',
    () => {
      for (const c of [1, 2, 3, 4, 5, 7, 8, 10, 13, 31, 32, 33, 64, 95, 96, 97]) {
        for (const n of [1, 3, 4, 5, 8, 9]) {
          const x = randomLogits(n, c, 31 * c + n, 8);
          const y = Array.from({ length: n }, (_, i) => (i * 5 + 1) % c);
          if (n > 1) y[1] = -100; // ignored inside a group
          if (n > 2 && c > 1) x[2 * c + ((y[2] + 1) % c)] = Number.NaN; // a NaN row
          if (n > 3) x[3 * c + y[3]] = Number.NEGATIVE_INFINITY; // target at −inf: loss +inf
          if (n > 4 && c > 1) x[4 * c + y[4]] = -200; // target below the exp's cutoff: e_y flushed to 0
          if (n > 5) x[5 * c] = Number.POSITIVE_INFINITY;
          const up = Float64Array.from({ length: n }, (_, i) => (i % 3) - 0.5);
          compare(x, [n, c], y);
          compare(x, [n, c], y, { reduction: 'none', gradOutput: up });
          compare(x, [n, c], y, { grad: false, reduction: 'sum' });
        }
      }
    },
  );

  it.skipIf(!available)('C = 1: loss 0 and gradient 0', () => {
    const r = crossEntropyLoss({ data: Float32Array.of(3, -7, 1e30), shape: [3, 1] }, [0, 0, 0], {
      backend: 'wasm',
    });
    expect(r.loss).toBe(0);
    expect(Array.from(r.grad?.data ?? [])).toEqual([0, 0, 0]);
  });

  it.skipIf(!available)('huge logits (±300, ±1e30) stay finite and agree', () => {
    compare(Float32Array.of(300, -300, 299, 0, 1e30, -1e30, -300, 300, 300), [3, 3], [1, 0, 2]);
  });

  it.skipIf(!available)(
    '−Infinity logits: no NaN; a −Infinity target logit gives +Infinity and gradient −scale',
    () => {
      const ninf = Number.NEGATIVE_INFINITY;
      const data = Float32Array.of(ninf, 1, 2, 0, ninf, ninf, 5, ninf, ninf, 0, 1, 2);
      compare(data, [3, 4], [1, 3, 2]);
      compare(data, [3, 4], [1, 3, 2], { reduction: 'none' });
      const r = crossEntropyLoss({ data: Float32Array.of(0, ninf, 1, 2), shape: [1, 4] }, [1], {
        backend: 'wasm',
      });
      expect(r.loss).toBe(Number.POSITIVE_INFINITY);
      expect(r.grad?.data[1]).toBe(-1);
      expect(Array.from(r.grad?.data ?? []).some(Number.isNaN)).toBe(false);
    },
  );

  it.skipIf(!available)('NaN logits propagate to a NaN loss, as the reference path', () => {
    compare(Float32Array.of(0, Number.NaN, 1, 0, 1, 2, 3, 4), [2, 4], [0, 3], { reduction: 'none' });
    compare(Float32Array.of(0, 1, 1, Number.NaN), [1, 4], [0]);
  });

  it.skipIf(!available)('ignored rows: zero gradient, left out of the mean; custom ignoreIndex', () => {
    const x = randomLogits(6, 9, 42, 3);
    compare(x, [6, 9], [1, -100, 3, -100, 8, 0]);
    compare(x, [6, 9], [1, 7, 3, 7, 8, 0], { ignoreIndex: 7 });
    const r = crossEntropyLoss({ data: x, shape: [6, 9] }, [1, -100, 3, -100, 8, 0], { backend: 'wasm' });
    expect(Array.from(r.grad?.data.subarray(9, 18) ?? [])).toEqual(new Array(9).fill(0));
  });

  it.skipIf(!available)('all rows ignored: mean NaN (emptyMean zero: 0), zero gradient; sum 0', () => {
    const x = randomLogits(3, 10, 1, 2);
    compare(x, [3, 10], [-100, -100, -100]);
    compare(x, [3, 10], [-100, -100, -100], { emptyMean: 'zero' });
    compare(x, [3, 10], [-100, -100, -100], { reduction: 'sum' });
    expect(
      crossEntropyLoss({ data: x, shape: [3, 10] }, [-100, -100, -100], { backend: 'wasm' }).loss,
    ).toBeNaN();
  });

  it.skipIf(!available)('gradOutput (number and per-row), grad: false, unbatched [C]', () => {
    const x = randomLogits(4, 33, 7, 4);
    compare(x, [4, 33], [0, 5, 32, 9], { gradOutput: 2.5 });
    compare(x, [4, 33], [0, 5, 32, 9], { reduction: 'sum', gradOutput: -0.5 });
    compare(x, [4, 33], [0, 5, 32, 9], { reduction: 'none', gradOutput: [1, 0, -2, 0.25] });
    compare(x, [4, 33], [0, 5, 32, 9], { grad: false });
    compare(x.subarray(0, 33), [33], [4]);
  });

  it.skipIf(!available)(
    'float32 block sums: confident targets (p_y → 1) in every block position, every d = x − m case',
    () => {
      // C ≥ 64 takes the kernel's float32 block sums (blocks of 64) and its Fast2Sum cases: shift 0 with a
      // wide spread mixes signs beyond −m (TwoSum), +1e3 gives 0 ≤ |x| ≤ m, −500 gives x ≤ m < 0.
      for (const c of [64, 65, 127, 128, 200, 517]) {
        for (const [scale, shift] of [
          [300, 0],
          [8, 0],
          [40, 1e3],
          [40, -500],
        ]) {
          const n = 6;
          const x = randomLogits(n, c, c * 7 + scale, scale);
          const y = Int32Array.from({ length: n }, (_, i) => Math.min(c - 1, Math.floor((i * c) / (n - 1))));
          for (let i = 0; i < x.length; i++) x[i] += shift;
          // Rows 0, 2, 4: the target is the arg max by 12–2·scale (p_y → 1, 1 − p_y as small as e^-12).
          for (let r = 0; r < n; r += 2) x[r * c + y[r]] = Math.fround(shift + scale + 12);
          compare(x, [n, c], y, { reduction: 'none' });
        }
      }
    },
  );

  it.skipIf(!available)(
    'blocks: several row blocks of wasm memory, and one row larger than a block',
    () => {
      compare(
        randomLogits(300, 1003, 3, 10),
        [300, 1003],
        Int32Array.from({ length: 300 }, (_, i) => (i * 31) % 1003),
      );
      compare(randomLogits(2, 300001, 5, 10), [2, 300001], [300000, 17]);
    },
    60_000,
  ); // 900k elements through the float64 path too: seconds on a loaded machine

  it.skipIf(!available)('out-of-range targets throw the same SurprisalError before the kernel runs', () => {
    const t = { data: randomLogits(2, 40, 1, 1), shape: [2, 40] };
    for (const backend of ['wasm', 'js'] as const) {
      expect(() => crossEntropyLoss(t, [0, 40], { backend })).toThrowError(
        expect.objectContaining({ code: 'OUT_OF_RANGE', index: 1 }),
      );
      expect(() => crossEntropyLoss(t, [-1, 0], { backend })).toThrowError(SurprisalError);
    }
  });

  it.skipIf(!available)(
    "backend 'wasm' refuses what the kernel does not do; 'auto' routes those to the float64 path",
    () => {
      const t = { data: randomLogits(2, 40, 1, 1), shape: [2, 40] };
      const w = new Array(40).fill(1);
      expect(() => crossEntropyLoss(t, [0, 1], { backend: 'wasm', weight: w })).toThrowError(
        expect.objectContaining({ code: 'INVALID_OPTION', argument: 'backend' }),
      );
      expect(() => crossEntropyLoss(t, [0, 1], { backend: 'wasm', labelSmoothing: 0.1 })).toThrow(
        SurprisalError,
      );
      const f64 = { data: Float64Array.from(t.data), shape: [2, 40] };
      expect(() => crossEntropyLoss(f64, [0, 1], { backend: 'wasm' })).toThrow(SurprisalError);
      expect(crossEntropyLoss(f64, [0, 1]).loss).toBe(crossEntropyLoss(f64, [0, 1], { backend: 'js' }).loss);
      expect(() => crossEntropyLoss(t, [0, 1], { backend: 'gpu' as 'js' })).toThrowError(
        expect.objectContaining({ code: 'INVALID_OPTION' }),
      );
      // auto on an eligible call is the kernel: bit-identical to backend 'wasm'.
      expect(crossEntropyLoss(t, [0, 1]).loss).toBe(crossEntropyLoss(t, [0, 1], { backend: 'wasm' }).loss);
    },
  );
});
