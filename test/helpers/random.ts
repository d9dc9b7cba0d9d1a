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
