/**
 * Marsaglia's xorshift32 (13, 17, 5): uniform numbers in [0, 1) from a 32-bit state, for tests that need
 * reproducible data without fast-check. A state of 0 (a fixed point) becomes 1.
 */
export function xorshift32(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
}

/** mulberry32: uniform numbers in [0, 1) from a 32-bit seed (the measures' and kernels' tests). */
export function uniform(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A seeded distribution of n entries, each u³ + 10⁻⁶ (a share `zeros` of them 0), normalised in float64 and
 * returned as float64 or (rounded) float32: long vectors for the measures' kernel paths.
 */
export function seededDistribution(
  n: number,
  seed: number,
  zeros = 0,
  f32 = false,
): Float64Array | Float32Array {
  const r = uniform(seed);
  const p = new Float64Array(n);
  let s = 0;
  for (let i = 0; i < n; i++) {
    p[i] = r() < zeros ? 0 : r() ** 3 + 1e-6;
    s += p[i];
  }
  for (let i = 0; i < n; i++) p[i] /= s;
  return f32 ? new Float32Array(p) : p;
}
