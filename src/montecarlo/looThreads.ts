/**
 * Worker threads for {@link loo}'s `threads` option. Node only (≥ 20.16, through `process.getBuiltinModule`,
 * so the library imports nothing from Node): workers run dist/montecarlo/looWorker.js, which must exist beside
 * this file; elsewhere (browsers, a source checkout run without a build) the call runs on one thread.
 *
 * The matrix goes to the workers in a SharedArrayBuffer: the caller's own buffer when `data` is a Float64Array
 * on one (no copy), else a copy into a shared arena kept between calls (so repeated calls do not pay for fresh
 * memory). The calling thread takes the first share of the observations and works on the original array.
 * @module
 */
import { WorkerGroup } from '../core/workerGroup.js';
import { type LooPointwise, looPointwise } from './looPointwise.js';

// './looWorker.js' as a variable argument, so that bundlers do not copy the file as an asset.
const group = new WorkerGroup('./looWorker.js', (import.meta as { url?: string }).url, 'surprisal-loo');
let arena: SharedArrayBuffer | undefined;
let work: SharedArrayBuffer | undefined;

/** A shared buffer of at least `bytes`, reused between calls while large enough. */
function shared(current: SharedArrayBuffer | undefined, bytes: number): SharedArrayBuffer {
  return current && current.byteLength >= bytes ? current : new SharedArrayBuffer(bytes);
}

/**
 * Runs {@link looPointwise} over all N observations on `threads` threads where worker threads are available;
 * returns the number of threads used (1 where there are none: then nothing was computed and the caller runs
 * the loop itself). @internal
 */
export function looPointwiseThreaded(
  data: ArrayLike<number>,
  s: number,
  n: number,
  rEff: Float64Array,
  threads: number,
  out: LooPointwise,
): number {
  const t = Math.min(threads, n);
  if (t <= 1) return 1;
  const workers = group.ready(t - 1);
  if (workers === 0) return 1;
  let buffer: SharedArrayBuffer;
  let offset = 0;
  if (data instanceof Float64Array && data.buffer instanceof SharedArrayBuffer) {
    buffer = data.buffer;
    offset = data.byteOffset / 8;
  } else {
    arena = shared(arena, 8 * s * n);
    buffer = arena;
    new Float64Array(arena, 0, s * n).set(data);
  }
  work = shared(work, 8 * 6 * n);
  const w = work;
  new Float64Array(w, 0, n).set(rEff);
  const fields: (keyof LooPointwise)[] = ['elpd', 'mcse', 'pLoo', 'khat', 'nEff'];
  group.share(
    n,
    workers,
    (i0, i1) => ({ data: buffer, offset, s, n, work: w, i0, i1 }),
    (i0, i1) => looPointwise(data, 0, s, n, rEff, i0, i1, out),
    (i0, i1) =>
      fields.forEach((f, k) => {
        out[f].set(new Float64Array(w, 8 * ((k + 1) * n + i0), i1 - i0), i0);
      }),
    120_000,
  );
  return workers + 1;
}
