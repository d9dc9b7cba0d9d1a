// Data shared by the benchmarks: a reproducible uniform generator and the cross-entropy inputs.

/** Marsaglia's xorshift32 (13, 17, 5): uniform numbers in [0, 1) from a 32-bit state (0 becomes 1). */
export function xorshift32(seed) {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
}

/**
 * Float32 [n, c] logits uniform on (−4, 4) and targets (i·7919) mod c: the data of bench/ce.mjs and
 * bench/ce_kernel.mjs (values do not change the work done).
 */
export function benchLogits(n, c) {
  const r = xorshift32(0x9e3779b9);
  const x = new Float32Array(n * c);
  for (let i = 0; i < x.length; i++) x[i] = r() * 8 - 4;
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) y[i] = (i * 7919) % c;
  return { x, y };
}
