/**
 * Sorting float64 keys for the k-NN machinery: a stable least-significant-digit radix sort of point indices by
 * one coordinate, so that orders by (value, index) and lexicographic orders of rows cost O(n) per coordinate
 * instead of a comparison sort's O(n log n) calls of a comparator.
 * @module
 */

/** Below this size the comparison sort is faster than the radix sort's passes (the results are the same). */
const SMALL = 256;
/** Digits of 11, 11 and 10 bits in each 32-bit half of the key: six passes. */
const SHIFTS = [0, 11, 22, 0, 11, 22] as const;
const MASKS = [0x7ff, 0x7ff, 0x3ff, 0x7ff, 0x7ff, 0x3ff] as const;
const BUCKETS = 2048;

/** Whether the platform stores the low word of a float64 first (every current engine does). */
const LOW = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 0 : 1;
const HIGH = 1 - LOW;

/**
 * Sorts `order` (point indices) stably by the coordinate `data[i * stride + offset]`, ascending, −0 equal to 0.
 * Stability keeps the existing order among equal values: from the identity order this is the order by
 * (value, index), and sorting by the last coordinate first, then the one before, ... gives the lexicographic
 * order of rows. Values must not be NaN. Returns the sorted order (`order` itself or a new array). @internal
 */
export function sortByCoordinate(
  order: Int32Array,
  data: Float64Array,
  stride: number,
  offset: number,
): Int32Array {
  const n = order.length;
  if (n < SMALL) {
    const idx = Array.from(order);
    const pos = new Int32Array(n);
    for (let p = 0; p < n; p++) pos[p] = p;
    // Equal values keep their positions' order: stable whatever the engine's sort.
    const sorted = Array.from(pos).sort(
      (a, b) => data[idx[a] * stride + offset] - data[idx[b] * stride + offset] || a - b,
    );
    for (let p = 0; p < n; p++) order[p] = idx[sorted[p]];
    return order;
  }
  let lo = new Uint32Array(n);
  let hi = new Uint32Array(n);
  keysOf(order, data, stride, offset, lo, hi);
  // All six histograms in one pass; a pass whose digit is the same for every key is skipped.
  const counts = new Int32Array(6 * BUCKETS);
  histograms(lo, hi, counts);
  let idx = order;
  let lo2 = new Uint32Array(n);
  let hi2 = new Uint32Array(n);
  let idx2: Int32Array = new Int32Array(n);
  for (let pass = 0; pass < 6; pass++) {
    const base = pass * BUCKETS;
    const shift = SHIFTS[pass];
    const mask = MASKS[pass];
    const key = pass < 3 ? lo : hi;
    if (counts[base + ((key[0] >>> shift) & mask)] === n) continue;
    // Bucket starts.
    let total = 0;
    for (let b = 0; b <= mask; b++) {
      const c = counts[base + b];
      counts[base + b] = total;
      total += c;
    }
    scatter(key, shift, mask, counts, base, lo, hi, idx, lo2, hi2, idx2);
    const tl = lo;
    lo = lo2;
    lo2 = tl;
    const th = hi;
    hi = hi2;
    hi2 = th;
    const ti = idx;
    idx = idx2;
    idx2 = ti;
  }
  return idx;
}

/**
 * Keys that compare as unsigned integers in the order of the values: the sign bit of a positive value flipped,
 * every bit of a negative one; v + 0 turns −0 into +0.
 */
function keysOf(
  order: Int32Array,
  data: Float64Array,
  stride: number,
  offset: number,
  lo: Uint32Array,
  hi: Uint32Array,
): void {
  const n = order.length;
  const one = new Float64Array(1);
  const w = new Uint32Array(one.buffer);
  for (let p = 0; p < n; p++) {
    one[0] = data[order[p] * stride + offset] + 0;
    const h = w[HIGH];
    const m = h >> 31;
    hi[p] = (h ^ (m | 0x80000000)) >>> 0;
    lo[p] = (w[LOW] ^ m) >>> 0;
  }
}

/** The counts of every digit of the six passes. */
function histograms(lo: Uint32Array, hi: Uint32Array, counts: Int32Array): void {
  for (let p = 0; p < lo.length; p++) {
    const l = lo[p];
    const h = hi[p];
    counts[l & 0x7ff]++;
    counts[BUCKETS + ((l >>> 11) & 0x7ff)]++;
    counts[2 * BUCKETS + (l >>> 22)]++;
    counts[3 * BUCKETS + (h & 0x7ff)]++;
    counts[4 * BUCKETS + ((h >>> 11) & 0x7ff)]++;
    counts[5 * BUCKETS + (h >>> 22)]++;
  }
}

/** One stable pass: every (key, index) to the next free place of its digit's bucket. */
function scatter(
  key: Uint32Array,
  shift: number,
  mask: number,
  counts: Int32Array,
  base: number,
  lo: Uint32Array,
  hi: Uint32Array,
  idx: Int32Array,
  lo2: Uint32Array,
  hi2: Uint32Array,
  idx2: Int32Array,
): void {
  for (let p = 0; p < key.length; p++) {
    const at = counts[base + ((key[p] >>> shift) & mask)]++;
    lo2[at] = lo[p];
    hi2[at] = hi[p];
    idx2[at] = idx[p];
  }
}

/** The indices 0..n−1 ordered by (x[i], i), x one-dimensional. @internal */
export function argsort(x: Float64Array): Int32Array {
  const order = new Int32Array(x.length);
  for (let i = 0; i < order.length; i++) order[i] = i;
  return sortByCoordinate(order, x, 1, 0);
}
