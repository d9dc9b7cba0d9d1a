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

/** Where the low and the high word of a float64 lie in its pair of uint32 (low first on every current engine). */
const LOW = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 0 : 1;
const HIGH = 1 - LOW;

/** An order of point indices and the sorted values of the coordinate it was sorted by. @internal */
export interface Sorted {
  /** Position → point index. */
  order: Int32Array;
  /** The values in that order (−0 read as +0). */
  values: Float64Array;
}

/**
 * Sorts `order` (point indices) stably by the coordinate `data[i * stride + offset]`, ascending, −0 equal to 0,
 * and returns it with the values in that order. Stability keeps the existing order among equal values: from
 * the identity order this is the order by (value, index), and sorting by the last coordinate first, then the
 * one before, ... gives the lexicographic order of rows. Values must not be NaN. `order` may be overwritten.
 * @internal
 */
export function sortByCoordinate(
  order: Int32Array,
  data: Float64Array,
  stride: number,
  offset: number,
): Sorted {
  const n = order.length;
  if (n < SMALL) {
    const idx = Array.from(order);
    const pos = Array.from(idx, (_, p) => p);
    // Equal values keep their positions' order: stable whatever the engine's sort.
    pos.sort((a, b) => data[idx[a] * stride + offset] - data[idx[b] * stride + offset] || a - b);
    const values = new Float64Array(n);
    for (let p = 0; p < n; p++) {
      order[p] = idx[pos[p]];
      values[p] = data[order[p] * stride + offset] + 0;
    }
    return { order, values };
  }
  // Keys in a float64 array's buffer, as pairs of uint32, so that the sorted keys turn back into the values.
  let keys: Uint32Array = new Uint32Array(2 * n);
  keysOf(order, data, stride, offset, keys);
  // All six histograms in one pass; a pass whose digit is the same for every key is skipped.
  const counts = new Int32Array(6 * BUCKETS);
  histograms(keys, counts);
  let idx = order;
  let keys2: Uint32Array | undefined;
  let idx2: Int32Array | undefined;
  for (let pass = 0; pass < 6; pass++) {
    const base = pass * BUCKETS;
    const shift = SHIFTS[pass];
    const mask = MASKS[pass];
    const word = pass < 3 ? LOW : HIGH;
    if (counts[base + ((keys[word] >>> shift) & mask)] === n) continue;
    // Bucket starts.
    let total = 0;
    for (let b = 0; b <= mask; b++) {
      const c = counts[base + b];
      counts[base + b] = total;
      total += c;
    }
    keys2 ??= new Uint32Array(2 * n);
    idx2 ??= new Int32Array(n);
    scatter(keys, word, shift, mask, counts, base, idx, keys2, idx2);
    const tk = keys;
    keys = keys2;
    keys2 = tk;
    const ti = idx;
    idx = idx2;
    idx2 = ti;
  }
  return { order: idx, values: valuesOf(keys) };
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
  keys: Uint32Array,
): void {
  const n = order.length;
  const v = new Float64Array(keys.buffer, keys.byteOffset, n);
  for (let p = 0; p < n; p++) v[p] = data[order[p] * stride + offset] + 0;
  for (let p = 0; p < n; p++) {
    const h = keys[2 * p + HIGH];
    const m = h >> 31;
    keys[2 * p + HIGH] = (h ^ (m | 0x80000000)) >>> 0;
    keys[2 * p + LOW] = (keys[2 * p + LOW] ^ m) >>> 0;
  }
}

/** The values of sorted keys, in place (the inverse of {@link keysOf}). */
function valuesOf(keys: Uint32Array): Float64Array {
  const n = keys.length >> 1;
  for (let p = 0; p < n; p++) {
    const h = keys[2 * p + HIGH];
    // A key with its top bit set was a positive value; else every bit was flipped.
    const m = ~h >> 31;
    keys[2 * p + HIGH] = (h ^ (m | 0x80000000)) >>> 0;
    keys[2 * p + LOW] = (keys[2 * p + LOW] ^ m) >>> 0;
  }
  return new Float64Array(keys.buffer, keys.byteOffset, n);
}

/** The counts of every digit of the six passes. */
function histograms(keys: Uint32Array, counts: Int32Array): void {
  const n = keys.length >> 1;
  for (let p = 0; p < n; p++) {
    const l = keys[2 * p + LOW];
    const h = keys[2 * p + HIGH];
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
  keys: Uint32Array,
  word: number,
  shift: number,
  mask: number,
  counts: Int32Array,
  base: number,
  idx: Int32Array,
  keys2: Uint32Array,
  idx2: Int32Array,
): void {
  const n = idx.length;
  for (let p = 0; p < n; p++) {
    const at = counts[base + ((keys[2 * p + word] >>> shift) & mask)]++;
    keys2[2 * at] = keys[2 * p];
    keys2[2 * at + 1] = keys[2 * p + 1];
    idx2[at] = idx[p];
  }
}

/** The indices 0..n−1 ordered by (x[i], i), x one-dimensional, and the sorted values. @internal */
export function argsort(x: Float64Array): Sorted {
  const order = new Int32Array(x.length);
  for (let i = 0; i < order.length; i++) order[i] = i;
  return sortByCoordinate(order, x, 1, 0);
}
