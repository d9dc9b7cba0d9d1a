/**
 * Streaming row blocks of one or more logits files, double-buffered: while the caller computes block b (on
 * the calling thread and the kernels' worker threads), the positioned reads of block b + 1 run on libuv's
 * thread pool. Memory is two slots of raw and decoded rows, sized from a budget.
 * @module
 */
import { freeKernelArray } from '../../index.js';
import { kernelRuntime } from '../../kernels/runtime.js';
import { UserError } from '../errors.js';
import type { LogitsFile } from './logitsFile.js';

/** Default memory budget of a streamed command: 1 GiB. */
export const DEFAULT_MEMORY = 2 ** 30;

/** What the process holds besides the blocks (Node, the kernels' memory and threads, the sketches): 160 MiB. */
const RESERVE = 160 * 2 ** 20;

/** Largest raw block per file (a block this size keeps reads efficient and the progress bar moving): 64 MiB. */
const MAX_BLOCK = 64 * 2 ** 20;

/** Parses --memory: bytes with an optional K/M/G/T suffix (powers of 1024), e.g. 512M, 2G. */
export function parseMemory(text: string | undefined): number {
  if (text === undefined) return DEFAULT_MEMORY;
  const m = /^(\d+(?:\.\d+)?)\s*([kmgt]?)i?b?$/i.exec(text.trim());
  if (!m) throw new UserError(`--memory must be a size such as 512M or 2G; got '${text}'`);
  const scale = { '': 1, k: 2 ** 10, m: 2 ** 20, g: 2 ** 30, t: 2 ** 40 }[m[2].toLowerCase()] as number;
  const bytes = Math.floor(Number(m[1]) * scale);
  if (bytes < 256 * 2 ** 20) throw new UserError(`--memory must be at least 256M; got '${text}'`);
  return bytes;
}

/** Bytes a row of `f` takes in one slot: raw, plus the decoded copy unless the raw float32 is used in place. */
function slotRowBytes(f: LogitsFile): number {
  const inPlace = f.dtype === 'float32';
  return f.rowBytes + (inPlace ? 0 : f.vocabulary * (f.float64 ? 8 : 4));
}

/** Rows per block for these files within `memory` bytes (two slots). */
export function rowsPerBlock(files: LogitsFile[], memory: number): number {
  const perRow = files.reduce((t, f) => t + slotRowBytes(f), 0);
  const maxRaw = Math.max(...files.map((f) => f.rowBytes));
  const rows = Math.min(Math.floor((memory - RESERVE) / (2 * perRow)), Math.floor(MAX_BLOCK / maxRaw));
  if (rows < 1) {
    throw new UserError(
      `a row of ${files.map((f) => f.label).join(' and ')} needs ${perRow} bytes twice over; raise --memory (now ${memory} bytes)`,
    );
  }
  return rows;
}

interface Slot {
  raw: Uint8Array[];
  decoded: (Float32Array | Float64Array)[];
}

/**
 * A Float32Array in the kernels' memory, not zero-filled (every element is written by a read or a decode
 * before it is used; TypedArray#fill on shared memory costs seconds at these sizes), or plain memory where
 * the kernels have no shared memory (a view would be detached when their memory grows).
 */
function kernelBlock(n: number): Float32Array {
  const rt = kernelRuntime();
  if (!rt?.shared) return new Float32Array(n);
  const ptr = rt.heap.alloc(4 * n);
  return new Float32Array(rt.heap.buffer(), ptr, n);
}

function newSlot(files: LogitsFile[], rows: number): Slot {
  const raw: Uint8Array[] = [];
  const decoded: (Float32Array | Float64Array)[] = [];
  for (const f of files) {
    const n = rows * f.vocabulary;
    if (f.dtype === 'float32') {
      // Read straight into the kernels' memory: the kernels then take the rows where they lie, no copy in.
      const k = kernelBlock(n);
      decoded.push(k);
      raw.push(new Uint8Array(k.buffer, k.byteOffset, 4 * n));
      continue;
    }
    raw.push(new Uint8Array(new ArrayBuffer(Math.ceil((rows * f.rowBytes) / 8) * 8)));
    decoded.push(f.float64 ? new Float64Array(n) : kernelBlock(n));
  }
  return { raw, decoded };
}

function freeSlot(slot: Slot | undefined): void {
  for (const d of slot?.decoded ?? []) if (d instanceof Float32Array) freeKernelArray(d);
}

/** One block handed to the caller: rows [r0, r0 + count) of every file, decoded. */
export interface Block {
  r0: number;
  count: number;
  /** Per file, count · vocabulary logits (views into the slot: valid until the callback returns). */
  logits: (Float32Array | Float64Array)[];
}

/**
 * Streams rows [start, end) of the files (same row count, checked by the caller) in blocks of `rows`, calling
 * `compute` on each (synchronously, while the next block is being read) and `progress` after each.
 */
export async function streamBlocks(
  files: LogitsFile[],
  start: number,
  end: number,
  rows: number,
  compute: (b: Block) => void,
  progress?: (rowsDone: number, bytesDone: number) => void,
): Promise<void> {
  if (end <= start) return;
  const slots = [
    newSlot(files, Math.min(rows, end - start)),
    end - start > rows ? newSlot(files, rows) : undefined,
  ];
  const read = (r0: number, slot: Slot) => {
    const count = Math.min(rows, end - r0);
    return Promise.all(files.map((f, i) => f.read(r0, count, slot.raw[i]))).then(() => count);
  };
  try {
    await run(files, start, end, rows, slots, read, compute, progress);
  } finally {
    freeSlot(slots[0]);
    freeSlot(slots[1]);
  }
}

async function run(
  files: LogitsFile[],
  start: number,
  end: number,
  rows: number,
  slots: (Slot | undefined)[],
  read: (r0: number, slot: Slot) => Promise<number>,
  compute: (b: Block) => void,
  progress?: (rowsDone: number, bytesDone: number) => void,
): Promise<void> {
  let pending = read(start, slots[0] as Slot);
  let bytes = 0;
  const rowBytes = files.reduce((t, f) => t + f.rowBytes, 0);
  for (let r0 = start, b = 0; r0 < end; r0 += rows, b++) {
    const slot = slots[b % 2] as Slot;
    const count = await pending;
    const next = r0 + rows;
    // The next block's reads start before this block is decoded and computed.
    if (next < end) {
      pending = read(next, slots[(b + 1) % 2] as Slot);
      // Marked handled now (awaited on the next turn): a failed read while this block computes is no crash.
      pending.catch(() => undefined);
    }
    const logits = files.map((f, i) => {
      const out = slot.decoded[i].subarray(0, count * f.vocabulary);
      f.decode(slot.raw[i], count, out, r0);
      return out;
    });
    compute({ r0, count, logits });
    bytes += count * rowBytes;
    progress?.(next < end ? next - start : end - start, bytes);
  }
}
