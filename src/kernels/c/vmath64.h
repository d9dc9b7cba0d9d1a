// Float64 exp, log and expm1 on two lanes (f64x2), and a compensated two-lane sum, for the kernels over
// large vectors (vector.c). Every operation here is a plain IEEE multiply or add (no fused multiply–add,
// relaxed or not), so the SIMD128 and relaxed-SIMD modules give the same bits on every machine.
//
// Measured against Math.exp / Math.log (test/kernels/vmath64.test.ts: random and edge values): exp within
// 1 ulp over the normal range (relative 2⁻⁵² plus one rounding in the subnormal range), log within 2 ulp,
// expm1 within 3 ulp.

#ifndef SURPRISAL_VMATH64_H
#define SURPRISAL_VMATH64_H

#include "simd.h"

#define F64(c) wasm_f64x2_splat(c)
#define FMUL wasm_f64x2_mul
#define FADD wasm_f64x2_add
#define FSUB wasm_f64x2_sub

// exp(x) for every float64 x: x is clamped to [−746, 710] (exp is 0 below −745.13, +inf above 709.79;
// NaN passes through: wasm's f64x2.min/max propagate it). Cody–Waite: n = round(x·log2 e) by the magic
// number 1.5·2⁵² (the integer n is then the low bits of the sum), r = x − n·ln2_hi − n·ln2_lo with fdlibm's
// ln2_hi (32 significant bits: n·ln2_hi is exact for |n| < 2²¹, and x − n·ln2_hi is exact by Sterbenz's
// lemma), |r| ≤ ln2/2 + 2⁻⁴⁰; exp(r) by its Taylor polynomial of degree 13 (truncation below 2⁻⁵⁷ relative);
// 2ⁿ applied as two exact powers of two 2^⌊n/2⌋·2^(n−⌊n/2⌋), so the subnormal results (n < −1022) are
// rounded once, in the last multiplication.
static inline v128_t exp_f64x2(v128_t x) {
  x = wasm_f64x2_max(wasm_f64x2_min(x, F64(710.0)), F64(-746.0));
  const v128_t magic = F64(0x1.8p52);
  const v128_t t = FADD(FMUL(x, F64(1.4426950408889634)), magic);
  const v128_t nf = FSUB(t, magic);
  const v128_t n = wasm_i64x2_sub(t, magic);  // the bit patterns differ by n (|n| < 2⁵¹)
  v128_t r = FSUB(x, FMUL(nf, F64(6.93147180369123816490e-01)));
  r = FSUB(r, FMUL(nf, F64(1.90821492927058770002e-10)));
  v128_t p = F64(1.0 / 6227020800.0);                 // 1/13!
  p = FADD(FMUL(p, r), F64(1.0 / 479001600.0));        // 1/12!
  p = FADD(FMUL(p, r), F64(1.0 / 39916800.0));         // 1/11!
  p = FADD(FMUL(p, r), F64(1.0 / 3628800.0));          // 1/10!
  p = FADD(FMUL(p, r), F64(1.0 / 362880.0));           // 1/9!
  p = FADD(FMUL(p, r), F64(1.0 / 40320.0));            // 1/8!
  p = FADD(FMUL(p, r), F64(1.0 / 5040.0));             // 1/7!
  p = FADD(FMUL(p, r), F64(1.0 / 720.0));              // 1/6!
  p = FADD(FMUL(p, r), F64(1.0 / 120.0));              // 1/5!
  p = FADD(FMUL(p, r), F64(1.0 / 24.0));               // 1/4!
  p = FADD(FMUL(p, r), F64(1.0 / 6.0));                // 1/3!
  p = FADD(FMUL(p, r), F64(0.5));                      // 1/2!
  // exp(r) = 1 + (r + r²·p): the small part summed first, then one rounding against 1.
  const v128_t er = FADD(F64(1.0), FADD(r, FMUL(FMUL(r, r), p)));
  const v128_t n1 = wasm_i64x2_shr(n, 1);
  const v128_t n2 = wasm_i64x2_sub(n, n1);
  const v128_t bias = wasm_i64x2_splat(1023);
  const v128_t s1 = wasm_i64x2_shl(wasm_i64x2_add(n1, bias), 52);
  const v128_t s2 = wasm_i64x2_shl(wasm_i64x2_add(n2, bias), 52);
  return FMUL(FMUL(er, s1), s2);
}

// Σ_{k≥2} y^(k−2)/k! for |y| ≤ 1/2 (Taylor to k = 17: truncation below 2⁻⁶⁰ relative), so that
// expm1(y) = y + y²·q(y) and expm1(−d) + d = d²·q(−d) with no cancellation.
static inline v128_t expm1_tail_f64x2(v128_t y) {
  v128_t p = F64(1.0 / 355687428096000.0);          // 1/17!
  p = FADD(FMUL(p, y), F64(1.0 / 20922789888000.0));  // 1/16!
  p = FADD(FMUL(p, y), F64(1.0 / 1307674368000.0));   // 1/15!
  p = FADD(FMUL(p, y), F64(1.0 / 87178291200.0));     // 1/14!
  p = FADD(FMUL(p, y), F64(1.0 / 6227020800.0));      // 1/13!
  p = FADD(FMUL(p, y), F64(1.0 / 479001600.0));       // 1/12!
  p = FADD(FMUL(p, y), F64(1.0 / 39916800.0));        // 1/11!
  p = FADD(FMUL(p, y), F64(1.0 / 3628800.0));         // 1/10!
  p = FADD(FMUL(p, y), F64(1.0 / 362880.0));          // 1/9!
  p = FADD(FMUL(p, y), F64(1.0 / 40320.0));           // 1/8!
  p = FADD(FMUL(p, y), F64(1.0 / 5040.0));            // 1/7!
  p = FADD(FMUL(p, y), F64(1.0 / 720.0));             // 1/6!
  p = FADD(FMUL(p, y), F64(1.0 / 120.0));             // 1/5!
  p = FADD(FMUL(p, y), F64(1.0 / 24.0));              // 1/4!
  p = FADD(FMUL(p, y), F64(1.0 / 6.0));               // 1/3!
  return FADD(FMUL(p, y), F64(0.5));                  // 1/2!
}

// expm1(y) for every float64 y: y + y²·q(y) for |y| ≤ 1/2, exp(y) − 1 beyond (where exp(y) − 1 loses at most
// a factor e^½/(e^½ − 1) ≈ 2.5 of exp's relative error). NaN passes through.
static inline v128_t expm1_f64x2(v128_t y) {
  const v128_t small = wasm_f64x2_le(wasm_f64x2_abs(y), F64(0.5));
  const v128_t ys = wasm_v128_and(y, small);  // 0 in the large lanes: keeps the polynomial finite
  const v128_t near = FADD(ys, FMUL(FMUL(ys, ys), expm1_tail_f64x2(ys)));
  const v128_t far = FSUB(exp_f64x2(y), F64(1.0));
  return wasm_v128_bitselect(near, far, small);
}

// log(x) for x > 0 finite, normal or subnormal (subnormal lanes are scaled by 2⁵⁴ first); other lanes give
// garbage, masked by the caller. The steps of log_f64x2 (log.h): log x = k·ln2 + 2·atanh(f).
static inline v128_t log_pos_f64x2(v128_t x) {
  const v128_t sub = wasm_f64x2_lt(x, F64(0x1p-1022));
  x = wasm_v128_bitselect(FMUL(x, F64(0x1p54)), x, sub);
  const v128_t one_bits = wasm_i64x2_splat(0x3ff0000000000000LL);
  const v128_t mant_mask = wasm_i64x2_splat(0x000fffffffffffffLL);
  v128_t k = wasm_i64x2_sub(wasm_u64x2_shr(x, 52), wasm_i64x2_splat(1023));
  k = wasm_i64x2_sub(k, wasm_v128_and(sub, wasm_i64x2_splat(54)));
  v128_t m = wasm_v128_or(wasm_v128_and(x, mant_mask), one_bits);
  const v128_t big = wasm_f64x2_gt(m, F64(1.4142135623730951));
  m = wasm_v128_bitselect(FMUL(m, F64(0.5)), m, big);
  k = wasm_i64x2_sub(k, big);  // big lanes are −1
  const v128_t one = F64(1.0);
  const v128_t f = wasm_f64x2_div(FSUB(m, one), FADD(m, one));
  const v128_t s = FMUL(f, f);
  v128_t p = F64(1.0 / 23);
  p = FADD(FMUL(p, s), F64(1.0 / 21));
  p = FADD(FMUL(p, s), F64(1.0 / 19));
  p = FADD(FMUL(p, s), F64(1.0 / 17));
  p = FADD(FMUL(p, s), F64(1.0 / 15));
  p = FADD(FMUL(p, s), F64(1.0 / 13));
  p = FADD(FMUL(p, s), F64(1.0 / 11));
  p = FADD(FMUL(p, s), F64(1.0 / 9));
  p = FADD(FMUL(p, s), F64(1.0 / 7));
  p = FADD(FMUL(p, s), F64(1.0 / 5));
  p = FADD(FMUL(p, s), F64(1.0 / 3));
  const v128_t two_f = FADD(f, f);
  const v128_t logm = FADD(two_f, FMUL(FMUL(two_f, s), p));
  const v128_t kd = wasm_f64x2_convert_low_i32x4(wasm_i32x4_shuffle(k, k, 0, 2, 0, 2));
  return FADD(FMUL(kd, F64(6.93147180369123816490e-01)), FADD(FMUL(kd, F64(1.90821492927058770002e-10)), logm));
}

// Neumaier's compensated sum on two float64 lanes: s the running sums, c the compensations.
typedef struct {
  v128_t s, c;
} nsum2;

static inline __attribute__((always_inline)) void nsum2_add(nsum2* a, v128_t x) {
  const v128_t t = FADD(a->s, x);
  const v128_t s_big = wasm_f64x2_ge(wasm_f64x2_abs(a->s), wasm_f64x2_abs(x));
  const v128_t c1 = FADD(FSUB(a->s, t), x);
  const v128_t c2 = FADD(FSUB(x, t), a->s);
  a->c = FADD(a->c, wasm_v128_bitselect(c1, c2, s_big));
  a->s = t;
}

// Writes the two lanes' sums and their compensations (4 doubles) for the caller to add (Neumaier, in
// TypeScript, over the chunks).
static inline void nsum2_store(const nsum2* a, double* out) {
  out[0] = wasm_f64x2_extract_lane(a->s, 0);
  out[1] = wasm_f64x2_extract_lane(a->s, 1);
  out[2] = wasm_f64x2_extract_lane(a->c, 0);
  out[3] = wasm_f64x2_extract_lane(a->c, 1);
}

#endif
