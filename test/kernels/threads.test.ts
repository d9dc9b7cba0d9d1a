/**
 * The wasm kernels on worker threads and on arrays in kernel memory: the same bytes as one thread with
 * copies, whatever the thread count, the split of rows or where the arrays lie; no kernel memory leaks.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { freeKernelArray, kernelFloat32Array, kernelInt32Array } from '../../src/kernels/arrays.js';
import { Heap } from '../../src/kernels/heap.js';
import { threadsSupported } from '../../src/kernels/pool.js';
import { loadedRuntime } from '../../src/kernels/runtime.js';
import { split, stopKernelThreads } from '../../src/kernels/threads.js';
import { compareLogits } from '../../src/losses/compareLogits.js';
import { crossEntropyLoss } from '../../src/losses/crossEntropyLoss.js';
import { xorshift32 } from '../helpers/random.js';

/** Bytes of kernel memory in use by arrays and scratch (0 before the kernels load). */
function kernelBytesInUse(): number {
  return loadedRuntime()?.heap.allocatedBytes() ?? 0;
}

function logits(n: number, c: number, seed: number): Float32Array {
  const r = xorshift32(seed);
  return Float32Array.from({ length: n * c }, () => r() * 16 - 8);
}

/** Bitwise equality of two typed arrays (fast: expect.toEqual walks big arrays element by element). */
function sameBytes(a: ArrayBufferView | undefined, b: ArrayBufferView | undefined): boolean {
  if (!a || !b) return false;
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(
    Buffer.from(b.buffer, b.byteOffset, b.byteLength),
  );
}

const targets = (n: number, c: number) =>
  Int32Array.from({ length: n }, (_, i) => (i % 7 === 3 ? -100 : (i * 7919) % c));

afterAll(() => stopKernelThreads());

describe('threads', () => {
  it('runs here (Node ≥ 20.16 has process.getBuiltinModule and SharedArrayBuffer)', () => {
    expect(threadsSupported()).toBe(true);
  });

  // 4.9 MB of logits: enough for four threads at one MiB each; 301 rows do not split evenly.
  const n = 301;
  const c = 4096;
  const x = logits(n, c, 7);
  const y = targets(n, c);
  const input = { data: x, shape: [n, c] };

  it.each([2, 3, 4])('crossEntropyLoss with %i threads gives the bytes of one thread', (threads) => {
    const one = crossEntropyLoss(input, y);
    const many = crossEntropyLoss(input, y, { threads });
    expect(many.loss).toBe(one.loss);
    expect(sameBytes(many.grad?.data, one.grad?.data)).toBe(true);
    const up = Float64Array.from({ length: n }, (_, i) => (i % 5) - 2);
    const oneNone = crossEntropyLoss(input, y, { reduction: 'none', gradOutput: up });
    const manyNone = crossEntropyLoss(input, y, { reduction: 'none', gradOutput: up, threads });
    expect(manyNone.loss).toEqual(oneNone.loss);
    expect(sameBytes(manyNone.grad?.data, oneNone.grad?.data)).toBe(true);
  });

  it('pipelined blocks (ordinary rows of ≥ 16384 classes on several threads), with every gradient target', () => {
    const nl = 70;
    const cl = 16500;
    const xl = { data: logits(nl, cl, 29), shape: [nl, cl] };
    const yl = targets(nl, cl);
    const one = crossEntropyLoss(xl, yl);
    for (const threads of [2, 3]) {
      const many = crossEntropyLoss(xl, yl, { threads });
      expect(many.loss).toBe(one.loss);
      expect(sameBytes(many.grad?.data, one.grad?.data)).toBe(true);
    }
    const kg = kernelFloat32Array(nl * cl);
    expect(crossEntropyLoss(xl, yl, { threads: 2, gradInto: kg }).loss).toBe(one.loss);
    expect(sameBytes(kg, one.grad?.data)).toBe(true);
    freeKernelArray(kg);
    expect(crossEntropyLoss(xl, yl, { threads: 2, grad: false }).loss).toBe(one.loss);
    const up = Float64Array.from({ length: nl }, (_, i) => i - 3);
    const a = crossEntropyLoss(xl, yl, { reduction: 'none', gradOutput: up });
    const b = crossEntropyLoss(xl, yl, { reduction: 'none', gradOutput: up, threads: 2 });
    expect(sameBytes(a.loss, b.loss)).toBe(true);
    expect(sameBytes(a.grad?.data, b.grad?.data)).toBe(true);
  });

  it('blocks shared by every thread (ordinary rows of fewer classes): gradient into kernel memory, or none', () => {
    const one = crossEntropyLoss(input, y);
    const kg = kernelFloat32Array(n * c);
    const r = crossEntropyLoss(input, y, { threads: 3, gradInto: kg });
    expect(r.loss).toBe(one.loss);
    expect(sameBytes(kg, one.grad?.data)).toBe(true);
    freeKernelArray(kg);
    expect(crossEntropyLoss(input, y, { threads: 2, grad: false }).loss).toBe(one.loss);
    const into = new Float32Array(n * c);
    crossEntropyLoss(input, y, { threads: 2, gradInto: into });
    expect(sameBytes(into, one.grad?.data)).toBe(true);
  });

  it('claimed blocks (ordinary rows of few classes, rows taken from a shared counter): the bytes of one thread', () => {
    // Over 4 MiB, so up to 4 threads are used; N not a multiple of 4, so the four-rows groups must line up.
    for (const [ns, cs] of [
      [100003, 11],
      [9001, 130],
    ]) {
      const xs = { data: logits(ns, cs, 31), shape: [ns, cs] };
      const ys = targets(ns, cs);
      const one = crossEntropyLoss(xs, ys);
      for (const threads of [2, 3, 4]) {
        const many = crossEntropyLoss(xs, ys, { threads });
        expect(many.loss).toBe(one.loss);
        expect(sameBytes(many.grad?.data, one.grad?.data)).toBe(true);
        const into = new Float32Array(ns * cs);
        crossEntropyLoss(xs, ys, { threads, gradInto: into });
        expect(sameBytes(into, one.grad?.data)).toBe(true);
      }
      const up = Float64Array.from({ length: ns }, (_, i) => (i % 3) - 1);
      const a = crossEntropyLoss(xs, ys, { reduction: 'none', gradOutput: up });
      const b = crossEntropyLoss(xs, ys, { reduction: 'none', gradOutput: up, threads: 2 });
      expect(sameBytes(a.loss, b.loss)).toBe(true);
      expect(sameBytes(a.grad?.data, b.grad?.data)).toBe(true);
    }
  }, 60_000);

  it('split: parts of a multiple of align rows but the last, covering every row once', () => {
    for (const [rows, t, align] of [
      [10, 3, 4],
      [3, 2, 4],
      [17, 4, 4],
      [100003, 3, 4],
      [7, 3, 1],
    ]) {
      const parts = split(rows, t, align);
      expect(parts.length).toBeLessThanOrEqual(t);
      let r = 0;
      for (const [i, [first, count]] of parts.entries()) {
        expect(first).toBe(r);
        expect(count).toBeGreaterThan(0);
        if (i < parts.length - 1) expect(count % align).toBe(0);
        r += count;
      }
      expect(r).toBe(rows);
    }
  });

  it('compareLogits with threads gives the statistics of one thread', () => {
    const other = { data: logits(n, c, 11), shape: [n, c] };
    const t = y.map((v) => Math.max(v, 0));
    const one = compareLogits(input, other, { targets: t });
    const many = compareLogits(input, other, { targets: t, threads: 3 });
    expect(sameBytes(many.kl, one.kl)).toBe(true);
    expect(many.klSummary).toEqual(one.klSummary);
    expect(many.targets).toEqual(one.targets);
    expect(many.sameTop).toEqual(one.sameTop);
  });

  it('uses one thread for small inputs and for a single row', () => {
    const small = crossEntropyLoss({ data: logits(3, 100, 3), shape: [3, 100] }, [1, 2, 3], { threads: 8 });
    expect(small.loss).toBe(crossEntropyLoss({ data: logits(3, 100, 3), shape: [3, 100] }, [1, 2, 3]).loss);
    const row = logits(1, 600_000, 5);
    expect(crossEntropyLoss({ data: row, shape: [1, 600_000] }, [9], { threads: 4 }).loss).toBe(
      crossEntropyLoss({ data: row, shape: [1, 600_000] }, [9]).loss,
    );
  });

  it('rejects a thread count that is not a positive integer', () => {
    for (const threads of [0, -1, 1.5, Number.NaN, 1000]) {
      expect(() => crossEntropyLoss(input, y, { threads })).toThrow(/threads must be an integer/);
      expect(() => compareLogits(input, input, { threads })).toThrow(/threads must be an integer/);
    }
  });
});

describe('arrays in kernel memory', () => {
  const n = 97;
  const c = 3001;
  const x = logits(n, c, 19);
  const y = targets(n, c);

  it('are read and written in place, with the results of ordinary arrays, and leave the input intact', () => {
    const before = kernelBytesInUse();
    const kx = kernelFloat32Array(n * c);
    const kg = kernelFloat32Array(n * c);
    const ky = kernelInt32Array(n);
    kx.set(x);
    ky.set(y);
    const ref = crossEntropyLoss({ data: x, shape: [n, c] }, y);
    for (const threads of [1, 2]) {
      const r = crossEntropyLoss({ data: kx, shape: [n, c] }, ky, { gradInto: kg, threads });
      expect(r.loss).toBe(ref.loss);
      expect(r.grad?.data).toBe(kg);
      expect(sameBytes(kg, ref.grad?.data)).toBe(true);
      expect(sameBytes(kx, x)).toBe(true);
      // Logits in kernel memory, gradient in an ordinary array (copied out), and no gradient at all.
      const plain = crossEntropyLoss({ data: kx, shape: [n, c] }, y, { threads });
      expect(sameBytes(plain.grad?.data, ref.grad?.data)).toBe(true);
      expect(crossEntropyLoss({ data: kx, shape: [n, c] }, y, { grad: false, threads }).loss).toBe(ref.loss);
      // Ordinary logits, gradient into kernel memory.
      kg.fill(0);
      crossEntropyLoss({ data: x, shape: [n, c] }, y, { gradInto: kg, threads });
      expect(sameBytes(kg, ref.grad?.data)).toBe(true);
    }
    const ka = kernelFloat32Array(n * c);
    ka.set(logits(n, c, 23));
    const cmp = compareLogits({ data: x, shape: [n, c] }, { data: ka, shape: [n, c] });
    expect(
      sameBytes(compareLogits({ data: kx, shape: [n, c] }, { data: ka, shape: [n, c] }).kl, cmp.kl),
    ).toBe(true);
    for (const a of [kx, kg, ky, ka]) freeKernelArray(a);
    expect(kernelBytesInUse()).toBe(before);
  });

  it('a subarray of a kernel array is used in place too', () => {
    const kx = kernelFloat32Array((n + 2) * c);
    kx.set(x, c);
    const view = kx.subarray(c, c + n * c);
    expect(crossEntropyLoss({ data: view, shape: [n, c] }, y).loss).toBe(
      crossEntropyLoss({ data: x, shape: [n, c] }, y).loss,
    );
    freeKernelArray(kx);
  });

  it('start zero-filled, reject bad lengths, and freeing an ordinary array does nothing', () => {
    const a = kernelFloat32Array(1000);
    a.fill(3);
    freeKernelArray(a);
    const b = kernelFloat32Array(1000);
    expect(b.every((v) => v === 0)).toBe(true);
    freeKernelArray(b);
    expect(() => kernelFloat32Array(-1)).toThrow(expect.objectContaining({ code: 'INVALID_OPTION' }));
    // 2³¹ floats are 8 GiB: refused with the limit named (bitwise rounding once wrapped it to 64 bytes).
    expect(() => kernelFloat32Array(2 ** 31)).toThrow(
      expect.objectContaining({ code: 'TOO_LARGE', message: expect.stringMatching(/1073741824 elements/) }),
    );
    expect(() => kernelInt32Array(1.5)).toThrow(expect.objectContaining({ code: 'INVALID_OPTION' }));
    expect(() => freeKernelArray(new Float32Array(4))).not.toThrow();
  });

  it('leak nothing: scratch memory is returned after every call', () => {
    const before = kernelBytesInUse();
    crossEntropyLoss({ data: x, shape: [n, c] }, y, { threads: 2 });
    compareLogits({ data: x, shape: [n, c] }, { data: x, shape: [n, c] }, { threads: 2 });
    expect(kernelBytesInUse()).toBe(before);
  });
});

describe('Heap (first-fit allocator over a wasm memory)', () => {
  type Memory = { buffer: ArrayBuffer; grow(pages: number): number };
  const wasm = (globalThis as unknown as { WebAssembly: { Memory: new (d: object) => Memory } }).WebAssembly;
  const memory = () => new wasm.Memory({ initial: 1, maximum: 100, shared: true });

  it('aligns to 64 bytes, reuses freed blocks, merges neighbours and grows the memory', () => {
    const mem = memory();
    const heap = new Heap(mem, 100);
    const a = heap.alloc(10);
    const b = heap.alloc(100);
    const c = heap.alloc(64);
    expect(a).toBe(128);
    expect(b).toBe(192);
    expect(c).toBe(320);
    heap.release(b);
    expect(heap.alloc(64)).toBe(192); // first fit inside the freed 128 bytes
    heap.release(192);
    heap.release(a); // merges with the free block after it
    expect(heap.alloc(190)).toBe(128);
    heap.release(128);
    heap.release(c); // the top block: everything is free again
    expect(heap.allocatedBytes()).toBe(0);
    expect(heap.alloc(64)).toBe(128);
    const big = heap.alloc(200_000);
    expect(mem.buffer.byteLength).toBeGreaterThanOrEqual(big + 200_000);
    const view = new Float32Array(heap.buffer(), big, 10);
    expect(heap.addressOf(view)).toBe(big);
    expect(heap.addressOf(new Float32Array(10))).toBeUndefined();
  });

  it('refuses with TOO_LARGE past its memory maximum, allocating nothing', () => {
    const heap = new Heap(memory(), 0);
    expect(() => heap.alloc(101 * 65536)).toThrow(
      expect.objectContaining({ code: 'TOO_LARGE', message: expect.stringMatching(/memory's maximum/) }),
    );
    expect(() => heap.alloc(2 ** 33)).toThrow(expect.objectContaining({ code: 'TOO_LARGE' }));
    expect(() => heap.alloc(Number.NaN)).toThrow(expect.objectContaining({ code: 'TOO_LARGE' }));
    expect(heap.allocatedBytes()).toBe(0);
  });
});
