// Natural logarithms in float64 for the kernels: scalar (one per row) and on two float64 lanes. Not a
// JavaScript import: one call per row would cost more than the row at C = 10.

#ifndef SURPRISAL_LOG_H
#define SURPRISAL_LOG_H

#include "simd.h"

// Natural log in float64 for x > 0 finite (log S with S in [1, C]); NaN and +inf pass through.
// log x = k·ln2 + 2·atanh(f), f = (m − 1)/(m + 1), m ∈ [√½, √2): |f| ≤ 0.1716, f² ≤ 0.0295, and the
// series 2f·Σ f^{2j}/(2j+1) truncated after j = 11 leaves < 2⁻⁵⁶ relative; error ≈ 2 ulp of float64.
__attribute__((unused)) static double log_f64(double x) {
  if (!(x > 0) || x == __builtin_inf()) return x > 0 || x != x ? x : (x == 0 ? -__builtin_inf() : __builtin_nan(""));
  union {
    double d;
    uint64_t u;
  } v = {x};
  int k = (int)((v.u >> 52) & 0x7ff) - 1023;
  if (k == -1023) {  // subnormal: scale up by 2^54
    v.d = x * 0x1p54;
    k = (int)((v.u >> 52) & 0x7ff) - 1023 - 54;
  }
  v.u = (v.u & 0x000fffffffffffffULL) | 0x3ff0000000000000ULL;
  double m = v.d;
  if (m > 1.4142135623730951) {
    m *= 0.5;
    k += 1;
  }
  const double f = (m - 1.0) / (m + 1.0);
  const double s = f * f;
  double p = 1.0 / 23;
  p = p * s + 1.0 / 21;
  p = p * s + 1.0 / 19;
  p = p * s + 1.0 / 17;
  p = p * s + 1.0 / 15;
  p = p * s + 1.0 / 13;
  p = p * s + 1.0 / 11;
  p = p * s + 1.0 / 9;
  p = p * s + 1.0 / 7;
  p = p * s + 1.0 / 5;
  p = p * s + 1.0 / 3;
  const double logm = 2.0 * f + 2.0 * f * s * p;
  const double ln2_hi = 6.93147180369123816490e-01;  // fdlibm: 32 significant bits, k·ln2_hi exact
  const double ln2_lo = 1.90821492927058770002e-10;
  return k * ln2_hi + (k * ln2_lo + logm);
}

// log(1 + z) for z ≥ 0 in float64, by Goldberg's trick (What Every Computer Scientist Should Know About
// Floating-Point Arithmetic, Theorem 4): u = 1 + z rounded, log1p z = log(u)·z/(u − 1); error a few ulps.
__attribute__((unused)) static double log1p_f64(double z) {
  const double u = 1.0 + z;
  if (u == 1.0) return z;
  if (u == __builtin_inf()) return log_f64(z);
  return log_f64(u) * (z / (u - 1.0));
}

// log_f64 on two float64 lanes (the same steps, lane-wise), for x > 0 finite and normal; other lanes give
// garbage and are masked by the caller.
static inline v128_t log_f64x2(v128_t x) {
  const v128_t one_bits = wasm_i64x2_splat(0x3ff0000000000000LL);
  const v128_t mant_mask = wasm_i64x2_splat(0x000fffffffffffffLL);
  v128_t k = wasm_i64x2_sub(wasm_u64x2_shr(x, 52), wasm_i64x2_splat(1023));
  v128_t m = wasm_v128_or(wasm_v128_and(x, mant_mask), one_bits);
  const v128_t big = wasm_f64x2_gt(m, wasm_f64x2_splat(1.4142135623730951));
  m = wasm_v128_bitselect(wasm_f64x2_mul(m, wasm_f64x2_splat(0.5)), m, big);
  k = wasm_i64x2_sub(k, big);  // big lanes are −1
  const v128_t one = wasm_f64x2_splat(1.0);
  const v128_t f = wasm_f64x2_div(wasm_f64x2_sub(m, one), wasm_f64x2_add(m, one));
  const v128_t s = wasm_f64x2_mul(f, f);
  v128_t p = wasm_f64x2_splat(1.0 / 23);
  p = wasm_f64x2_add(wasm_f64x2_mul(p, s), wasm_f64x2_splat(1.0 / 21));
  p = wasm_f64x2_add(wasm_f64x2_mul(p, s), wasm_f64x2_splat(1.0 / 19));
  p = wasm_f64x2_add(wasm_f64x2_mul(p, s), wasm_f64x2_splat(1.0 / 17));
  p = wasm_f64x2_add(wasm_f64x2_mul(p, s), wasm_f64x2_splat(1.0 / 15));
  p = wasm_f64x2_add(wasm_f64x2_mul(p, s), wasm_f64x2_splat(1.0 / 13));
  p = wasm_f64x2_add(wasm_f64x2_mul(p, s), wasm_f64x2_splat(1.0 / 11));
  p = wasm_f64x2_add(wasm_f64x2_mul(p, s), wasm_f64x2_splat(1.0 / 9));
  p = wasm_f64x2_add(wasm_f64x2_mul(p, s), wasm_f64x2_splat(1.0 / 7));
  p = wasm_f64x2_add(wasm_f64x2_mul(p, s), wasm_f64x2_splat(1.0 / 5));
  p = wasm_f64x2_add(wasm_f64x2_mul(p, s), wasm_f64x2_splat(1.0 / 3));
  const v128_t two_f = wasm_f64x2_add(f, f);
  const v128_t logm = wasm_f64x2_add(two_f, wasm_f64x2_mul(wasm_f64x2_mul(two_f, s), p));
  const v128_t kd = wasm_f64x2_convert_low_i32x4(wasm_i32x4_shuffle(k, k, 0, 2, 0, 2));
  return wasm_f64x2_add(wasm_f64x2_mul(kd, wasm_f64x2_splat(6.93147180369123816490e-01)),
                        wasm_f64x2_add(wasm_f64x2_mul(kd, wasm_f64x2_splat(1.90821492927058770002e-10)), logm));
}

// log1p_f64 on two lanes for 0 ≤ z < 2¹⁰⁰⁰ (NaN lanes give NaN).
static inline v128_t log1p_f64x2(v128_t z) {
  const v128_t one = wasm_f64x2_splat(1.0);
  const v128_t u = wasm_f64x2_add(one, z);
  const v128_t at_one = wasm_f64x2_eq(u, one);
  // Lanes with u = 1 (z below 2⁻⁵³) take z itself; divide by 1 there instead of 0.
  const v128_t den = wasm_v128_bitselect(one, wasm_f64x2_sub(u, one), at_one);
  const v128_t r = wasm_f64x2_mul(log_f64x2(u), wasm_f64x2_div(z, den));
  const v128_t out = wasm_v128_bitselect(z, r, at_one);
  return wasm_v128_bitselect(z, out, wasm_f64x2_ne(z, z));  // NaN in, NaN out
}

#endif
