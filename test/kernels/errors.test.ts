/**
 * Bad arguments to the kernels' public functions, and sizes past the kernels' memory: SurprisalErrors with a
 * code (issue #13), never a RangeError or a wasm trap; the 'auto' backend falls back to the TypeScript path
 * where the kernels' memory cannot hold a call's blocks.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { SurprisalError } from '../../src/core/errors.js';
import { freeKernelArray, kernelFloat32Array, kernelInt32Array } from '../../src/kernels/arrays.js';
import { kernelRuntime } from '../../src/kernels/runtime.js';
import { startKernelThreads, stopKernelThreads } from '../../src/kernels/threads.js';
import { compareLogits } from '../../src/losses/compareLogits.js';
import { crossEntropyLoss } from '../../src/losses/crossEntropyLoss.js';
import { softmaxEntropy } from '../../src/measures/softmaxEntropy.js';
import { xorshift32 } from '../helpers/random.js';

afterAll(() => stopKernelThreads());

function code(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(SurprisalError);
    return (e as SurprisalError).code;
  }
  throw new Error('expected a SurprisalError');
}

describe('kernel arrays', () => {
  it('a length that is not a non-negative integer is INVALID_OPTION; past 4 GiB, TOO_LARGE', () => {
    for (const make of [kernelFloat32Array, kernelInt32Array]) {
      for (const bad of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, '4', null, undefined, 4n]) {
        expect(code(() => make(bad as number))).toBe('INVALID_OPTION');
      }
      for (const huge of [2 ** 30 + 1, 2 ** 31, 2 ** 40, Number.MAX_SAFE_INTEGER]) {
        expect(code(() => make(huge))).toBe('TOO_LARGE');
      }
    }
  });

  it('freeKernelArray refuses what is not a typed array', () => {
    for (const bad of [null, undefined, 3, [1, 2], {}]) {
      expect(code(() => freeKernelArray(bad as unknown as Float32Array))).toBe('INVALID_OPTION');
    }
  });
});

describe('startKernelThreads', () => {
  it('rejects a count that is not an integer in [1, 256] with INVALID_OPTION', async () => {
    for (const bad of [
      0,
      -1,
      1.5,
      Number.NaN,
      1e9,
      257,
      Number.POSITIVE_INFINITY,
      '2',
      null,
      undefined,
      2n,
    ]) {
      await expect(startKernelThreads(bad as number)).rejects.toSatisfy(
        (e: unknown) =>
          e instanceof SurprisalError && e.code === 'INVALID_OPTION' && e.argument === 'threads',
      );
    }
    await expect(startKernelThreads(1)).resolves.toBe(1);
  });
});

describe('kernel memory exhausted', () => {
  it("'auto' falls back to the TypeScript path; 'wasm' throws TOO_LARGE", () => {
    const rt = kernelRuntime();
    if (!rt) return; // no WebAssembly SIMD128 here: nothing to exhaust
    // Reserve all but < 256 KiB of the kernels' 4 GiB (address space only: the pages are never touched).
    const used = rt.memory.buffer.byteLength;
    const hold: number[] = [];
    try {
      hold.push(rt.heap.alloc(2 ** 32 - used - 2 ** 20));
    } catch {
      return; // the system refused the reservation itself: nothing to test
    }
    for (;;) {
      try {
        hold.push(rt.heap.alloc(2 ** 18));
      } catch (e) {
        expect((e as SurprisalError).code).toBe('TOO_LARGE');
        break;
      }
    }
    try {
      const c = 2 ** 19; // one row of 2 MiB: its copy no longer fits
      const r = xorshift32(3);
      const x = Float32Array.from({ length: 2 * c }, () => r() * 4 - 2);
      const y = [5, c - 1];
      const input = { data: x, shape: [2, c] };
      const ref = crossEntropyLoss(input, y, { backend: 'js' });
      const auto = crossEntropyLoss(input, y);
      expect(auto.loss).toBe(ref.loss); // the TypeScript path's very number
      expect(code(() => crossEntropyLoss(input, y, { backend: 'wasm' }))).toBe('TOO_LARGE');
      expect(Array.from(softmaxEntropy(input))).toEqual(Array.from(softmaxEntropy(input, { backend: 'js' })));
      expect(code(() => softmaxEntropy(input, { backend: 'wasm' }))).toBe('TOO_LARGE');
      expect(Array.from(compareLogits(input, input).kl)).toEqual([0, 0]);
      expect(code(() => compareLogits(input, input, { backend: 'wasm' }))).toBe('TOO_LARGE');
      expect(code(() => kernelFloat32Array(2 ** 20))).toBe('TOO_LARGE');
    } finally {
      for (const p of hold) rt.heap.release(p);
    }
  });
});
