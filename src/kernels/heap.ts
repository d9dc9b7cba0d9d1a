/**
 * The kernels' memory and its allocator. The kernels import one `WebAssembly.Memory`, shared (a
 * SharedArrayBuffer underneath) wherever the runtime allows it, so views on it stay valid when it grows and
 * worker threads can run the same code on the same bytes. Scratch buffers and the caller's kernel arrays
 * (arrays.ts) are carved from it by a small first-fit allocator ({@link Heap}).
 * @module
 */
import { SurprisalError } from '../core/errors.js';

/** The part of `WebAssembly.Memory` the kernels use. @internal */
export interface WasmMemory {
  readonly buffer: ArrayBuffer | SharedArrayBuffer;
  grow(pages: number): number;
}

/** Bytes in a wasm page. @internal */
export const PAGE = 65536;
/** 4 GiB: wasm32's whole address space (a shared memory must declare its maximum). @internal */
export const MAX_PAGES = 65536;
const ALIGN = 64;

/**
 * First-fit allocator over the kernels' memory, past `__heap_base`. Blocks are 64-byte aligned; freed blocks
 * merge with their neighbours, and the memory grows (never shrinks) when no free block fits. @internal
 */
export class Heap {
  private readonly memory: WasmMemory;
  private top: number;
  /** Free blocks [start, end), sorted by start, never adjacent. */
  private readonly free: { start: number; end: number }[] = [];
  private readonly used = new Map<number, number>();
  /** Every ArrayBuffer the memory has had: views on them are views on kernel memory. */
  private readonly buffers = new WeakSet<object>();

  constructor(memory: WasmMemory, heapBase: number) {
    this.memory = memory;
    this.top = (heapBase + ALIGN - 1) & ~(ALIGN - 1);
  }

  /** The memory's current buffer (recorded, so that views made on it are recognised later). */
  buffer(): ArrayBuffer | SharedArrayBuffer {
    const b = this.memory.buffer;
    this.buffers.add(b);
    return b;
  }

  /** The address of `view` in kernel memory, or undefined if it lies elsewhere. */
  addressOf(view: ArrayBufferView): number | undefined {
    return this.buffers.has(view.buffer) ? view.byteOffset : undefined;
  }

  /**
   * Allocates `bytes` (rounded up to 64) and returns the address.
   * @throws {SurprisalError} `TOO_LARGE` when the block would pass the memory's 4 GiB (wasm32's whole
   *   address space) or the memory cannot grow; nothing is allocated then.
   */
  alloc(bytes: number): number {
    // Arithmetic, not bitwise, rounding: sizes past 2³¹ bytes must not wrap to 32 bits.
    if (!(bytes >= 0 && bytes <= MAX_PAGES * PAGE)) {
      throw new SurprisalError(
        'TOO_LARGE',
        `kernel memory: ${bytes} bytes would pass the memory's maximum (4 GiB for wasm32)`,
        { argument: 'size', value: bytes },
      );
    }
    const size = Math.max(ALIGN, Math.ceil(bytes / ALIGN) * ALIGN);
    for (let i = 0; i < this.free.length; i++) {
      const f = this.free[i];
      if (f.end - f.start >= size) {
        const ptr = f.start;
        f.start += size;
        if (f.start === f.end) this.free.splice(i, 1);
        this.used.set(ptr, size);
        return ptr;
      }
    }
    const ptr = this.top;
    const end = ptr + size;
    const have = this.memory.buffer.byteLength;
    if (end > have) {
      try {
        this.memory.grow(Math.ceil((end - have) / PAGE));
      } catch {
        throw new SurprisalError(
          'TOO_LARGE',
          `kernel memory: ${bytes} more bytes (${end} in all) would pass the memory's maximum (4 GiB for wasm32) or cannot be had from the system`,
          { argument: 'size', value: bytes },
        );
      }
    }
    this.top = end;
    this.used.set(ptr, size);
    return ptr;
  }

  /** Frees a block from {@link alloc}; unknown addresses are ignored. */
  release(ptr: number): void {
    const size = this.used.get(ptr);
    if (size === undefined) return;
    this.used.delete(ptr);
    let start = ptr;
    let end = ptr + size;
    // Merge with free neighbours, then give the block back to the bump pointer if it ends at the top.
    let i = 0;
    while (i < this.free.length && this.free[i].end < start) i++;
    if (i < this.free.length && this.free[i].end === start) {
      start = this.free[i].start;
      this.free.splice(i, 1);
    }
    if (i < this.free.length && this.free[i].start === end) {
      end = this.free[i].end;
      this.free.splice(i, 1);
    }
    if (end === this.top) this.top = start;
    else this.free.splice(i, 0, { start, end });
  }

  /** Blocks for one call: `take` allocates, `release` frees all of them (call it in a `finally`). */
  scratch(): { take: (bytes: number) => number; release: () => void } {
    const blocks: number[] = [];
    return {
      take: (bytes) => {
        const p = this.alloc(bytes);
        blocks.push(p);
        return p;
      },
      release: () => {
        for (const p of blocks) this.release(p);
        blocks.length = 0;
      },
    };
  }

  /** Bytes currently allocated (for tests). */
  allocatedBytes(): number {
    let total = 0;
    for (const size of this.used.values()) total += size;
    return total;
  }
}
