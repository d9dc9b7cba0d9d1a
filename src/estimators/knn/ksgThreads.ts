/**
 * Worker threads for the `threads` option of KSG mutual information. Node only (≥ 20.16, through
 * `process.getBuiltinModule`, so the library imports nothing from Node): workers run dist/estimators/knn/
 * ksgWorker.js, which must exist beside this file; elsewhere (browsers, a source checkout run without a build)
 * the call runs on one thread.
 *
 * The joint tree, the sorted marginals and the outputs live in one SharedArrayBuffer kept between calls (so
 * repeated calls do not pay for fresh memory); the calling thread builds them, takes the first share of the
 * points and waits for the workers' shares. The counts are integers, so the result is the one-thread result.
 * @module
 */

import { WorkerGroup } from '../../core/workerGroup.js';
import { type KsgWork, ksgCounts, ksgWork, ksgWorkBytes } from './ksgCounts.js';
import type { Alloc } from './kth.js';
import type { SortedLine } from './marginal.js';
import type { Points } from './points.js';

// './ksgWorker.js' as a variable argument, so that bundlers do not copy the file as an asset.
const group = new WorkerGroup('./ksgWorker.js', (import.meta as { url?: string }).url, 'surprisal-ksg');
let arena: SharedArrayBuffer | undefined;

/** Arrays carved one after the other from a buffer, each 8-byte aligned. */
function carve(buffer: SharedArrayBuffer): Alloc {
  let at = 0;
  const take = (bytes: number) => {
    const o = at;
    at += Math.ceil(bytes / 8) * 8;
    return o;
  };
  return {
    f64: (length) => new Float64Array(buffer, take(8 * length), length),
    i32: (length) => new Int32Array(buffer, take(4 * length), length),
  };
}

/**
 * The KSG work of x and y computed on `threads` threads where worker threads are available; undefined where
 * there are none (then nothing was computed and the caller runs on its own thread). @internal
 */
export function ksgCountsThreaded(
  x: Points,
  y: Points,
  lx: SortedLine,
  ly: SortedLine,
  k: number,
  threads: number,
): KsgWork | undefined {
  const n = x.n;
  const t = Math.min(threads, n);
  if (t <= 1) return undefined;
  const workers = group.ready(t - 1);
  if (workers === 0) return undefined;
  const bytes = ksgWorkBytes(n);
  if (!arena || arena.byteLength < bytes) {
    arena = undefined;
    try {
      arena = new SharedArrayBuffer(bytes);
    } catch {
      // No room for the shared arena: the call runs on its own thread, in ordinary memory.
      return undefined;
    }
  }
  const w = ksgWork(x, y, lx, ly, k, carve(arena));
  // Ranges of tree positions; a failed worker's range is counted here.
  group.share(
    n,
    workers,
    (from, to) => ({ work: w, from, to }),
    (from, to) => ksgCounts(w, from, to),
    () => {},
    600_000,
  );
  return w;
}
