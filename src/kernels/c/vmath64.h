// Float64 exp, log and expm1 on two lanes (f64x2), and a compensated two-lane sum, for the kernels over
// large vectors (vector.c). Every operation here is a plain IEEE multiply or add (no fused multiply–add,
// relaxed or not), so the SIMD128 and relaxed-SIMD modules give the same bits on every machine.
//
// Measured against Math.exp / Math.log / Math.expm1 (test/kernels/vmath64.test.ts: 35 000 random and edge
// values each, subnormals, 1 ± ε, under- and overflow): exp within 1 ulp (subnormal results included), log
// within 2 ulp (the worst just below 1, in the buckets next to 1's), expm1 within 1 ulp; the test asserts 1, 2
// and 2.

#ifndef SURPRISAL_VMATH64_H
#define SURPRISAL_VMATH64_H

#include "exp_table.h"
#include "log2_table.h"
#include "log_table.h"
#include "simd.h"


// The constants, as loads from a table (kernel_vmath64, vector.c) splatted once per call into wasm locals:
// as v128.const clang would rematerialise them in every loop iteration, and V8 builds each from immediates
// in several instructions (the reason for kernel_exp_consts in simd.h; here about 50 constants a step).
#define VM64_CONSTS(X)                                                                                            \
  X(exp_hi, 710.0) X(exp_lo, -746.0) X(magic, 0x1.8p52) X(log2e, 1.4426950408889634)                              \
  X(ln2_hi, 6.93147180369123816490e-01) X(ln2_lo, 1.90821492927058770002e-10)                                     \
  X(f13, 1.0 / 6227020800.0) X(f12, 1.0 / 479001600.0) X(f11, 1.0 / 39916800.0) X(f10, 1.0 / 3628800.0)           \
  X(f9, 1.0 / 362880.0) X(f8, 1.0 / 40320.0) X(f7, 1.0 / 5040.0) X(f6, 1.0 / 720.0) X(f5, 1.0 / 120.0)            \
  X(f4, 1.0 / 24.0) X(f3, 1.0 / 6.0) X(half, 0.5) X(one, 1.0)                                                     \
  X(f15, 1.0 / 1307674368000.0) X(f14, 1.0 / 87178291200.0)                                                       \
  X(tiny, 0x1p-1022) X(two54, 0x1p54) X(l5, 1.0 / 5) X(l3, 1.0 / 3) X(inf, __builtin_inf())                       \
  X(inv_ln2n, 128 / 0.693147180559945309417232121458176568) X(ln2hi_n, 6.93147180369123816490e-01 / 128)          \
  X(ln2lo_n, 1.90821492927058770002e-10 / 128) X(exp_normal_lo, -650.0)                                           \
  X(magic45, 0x1.8p45) X(ln2, 0.693147180559945309417232121458176568) X(exp2_normal_lo, -938.0)                   \
  X(ebias, 0x1p52 + 1023) X(ebias_sub, 0x1p52 + 1023 + 54) X(l2a1, LOG2E) X(l2a2, -LOG2E / 2)                     \
  X(l2a3, LOG2E / 3) X(l2a4, -LOG2E / 4) X(l2a5, LOG2E / 5) X(lp2, -0.5) X(lp4, -0.25) X(lp6, -1.0 / 6)
#define VM64_INTS(X) X(bias, 1023) X(i2048, 2048) X(i1024, 1024) X(i54, 54)                                       \
  X(sign64, (int64_t)0x8000000000000000ULL)                                                                       \
  X(i2p20, 1 << 20) X(i8192, 8192) X(mask127, 127) X(mask_hi, -128)                                               \
  X(mant, 0x000fffffffffffffLL) X(one_bits, 0x3ff0000000000000LL) X(top8, 0x000ff00000000000LL)                   \
  X(mid_bits, 0x3ff0080000000000LL) X(e_bits, 0x4330000000000000LL) X(mask255, 255)                               \
  X(log_off, 0x3fe6980000000000LL) X(log_mid, 0x3fe6a00000000000LL)

#define LOG2E 1.44269504088896340735992468100189214
#define VM64_INDEX(name, value) VM64_##name,
enum { VM64_CONSTS(VM64_INDEX) VM64_COUNT };
enum { VM64_INTS(VM64_INDEX) VM64_INT_COUNT };
#undef VM64_INDEX

extern double kernel_vmath64[VM64_COUNT];
// (t_j, s_j) for j = 0..127 (exp_table.h): s_j = 2^(j/128) rounded, t_j its relative tail.
extern double kernel_exp_table[2 << EXP_TABLE_BITS];
// (1/c_j, log2 c_j) for j = 0..255 with c_j = 1 + (j + ½)/256 (log2_table.h).
extern double kernel_log2_table[2 << LOG2_TABLE_BITS];
// (1/c_j, log c_j) for j = 0..255 with c_j of bits 0x3fe6a00000000000 + j·2⁴⁴ (log_table.h).
extern double kernel_log_table[2 << LOG_TABLE_BITS];
extern int64_t kernel_vmath64_int[VM64_INT_COUNT];

#define VM64_FIELD(name, value) v128_t name;
typedef struct {
  VM64_CONSTS(VM64_FIELD)
  VM64_INTS(VM64_FIELD)
} vm64;
#undef VM64_FIELD

static inline __attribute__((always_inline)) vm64 vm64_load(void) {
  vm64 k;
#define VM64_LOAD(name, value) k.name = wasm_v128_load64_splat(&kernel_vmath64[VM64_##name]);
  VM64_CONSTS(VM64_LOAD)
#undef VM64_LOAD
#define VM64_LOAD(name, value) k.name = wasm_v128_load64_splat(&kernel_vmath64_int[VM64_##name]);
  VM64_INTS(VM64_LOAD)
#undef VM64_LOAD
  return k;
}

#define F64(c) wasm_f64x2_splat(c)
#define FMUL wasm_f64x2_mul
#define FADD wasm_f64x2_add
#define FSUB wasm_f64x2_sub

// (a + b·z) + z²·((c + d·z) + z²·e), with z2 = z² (Estrin's scheme): the short series of log2 and log.
static inline __attribute__((always_inline)) v128_t estrin5(v128_t z, v128_t z2, v128_t a, v128_t b, v128_t c,
                                                            v128_t d, v128_t e) {
  return FADD(FADD(a, FMUL(b, z)), FMUL(z2, FADD(FADD(c, FMUL(d, z)), FMUL(z2, e))));
}

// The pairs (first, second) at table[2·j] for each lane's index j (the i64 lanes of j): the tables of pairs
// that exp, log2 and log look up, two 16-byte loads and two shuffles.
static inline __attribute__((always_inline)) void table_pairs(const double* table, v128_t j, v128_t* first,
                                                               v128_t* second) {
  const v128_t a = wasm_v128_load(table + 2 * (int)wasm_i64x2_extract_lane(j, 0));
  const v128_t b = wasm_v128_load(table + 2 * (int)wasm_i64x2_extract_lane(j, 1));
  *first = wasm_i64x2_shuffle(a, b, 0, 2);
  *second = wasm_i64x2_shuffle(a, b, 1, 3);
}

// exp(x) for every float64 x: x is clamped to [−746, 710] (exp is 0 below −745.13, +inf above 709.79;
// NaN passes through: wasm's f64x2.min/max propagate it). Table-driven (Tang; as glibc's and ARM's
// optimized-routines exp): k = round(x·128/ln2) by the magic number 1.5·2⁵² (the integer k is then the low
// bits of the sum), x = k·ln2/128 + r with ln2/128 split as fdlibm's ln2_hi/128 (k·ln2_hi/128 is exact for
// |k| < 2²¹, and x − k·ln2_hi/128 exact by Sterbenz's lemma), |r| ≤ ln2/256 + 2⁻⁴⁰; with k = 128·e + j,
// exp(x) = 2ᵉ · s_j·(1 + t_j) · exp(r), s_j = 2^(j/128) rounded and t_j its relative tail (exp_table.h), and
// exp(r) − 1 by its Taylor polynomial of degree 5 (truncation below 2⁻⁶⁰ relative): 2ᵉ·(s_j + s_j·(t_j + p)).
// 2ᵉ is applied as two exact powers of two 2^⌊e/2⌋·2^(e−⌊e/2⌋), so the subnormal results (e < −1022) are
// rounded once, in the last multiplication. 12 multiplications for two lanes where the degree-13 polynomial
// took 20.
// exp(r)·2^(k/128) from t (whose low bits hold k: see exp_f64x2_impl) and r, |r| ≤ ln2/256 + 2⁻⁴⁰ (normal:
// results of at least 2⁻⁹³⁸, see exp_normal_f64x2; else with the two-step scaling, subnormals rounded once).
static inline __attribute__((always_inline)) v128_t exp_finish(v128_t t, v128_t r, const vm64* K, const int normal) {
  // j = k mod 128 (0 for a NaN lane's garbage too: the index stays in the table).
  const v128_t j = wasm_v128_and(t, K->mask127);
  v128_t tail, sj;
  table_pairs(kernel_exp_table, j, &tail, &sj);
  // normal: s_j·2ᵉ straight from the bits, e = ⌊k/128⌋ added to s_j's exponent as (k − j)·2⁴⁵ (as ARM's
  // optimized-routines exp): exact while s_j·2ᵉ is a normal number.
  if (normal) sj = wasm_i64x2_add(sj, wasm_i64x2_shl(wasm_v128_and(t, K->mask_hi), 45));
  const v128_t r2 = FMUL(r, r);
  const v128_t p = FADD(FADD(r, FMUL(r2, FADD(K->half, FMUL(K->f3, r)))),
                        FMUL(FMUL(r2, r2), FADD(K->f4, FMUL(K->f5, r))));
  const v128_t y = FADD(sj, FMUL(sj, FADD(tail, p)));
  if (normal) return y;
  // e = ⌊k/128⌋ as ((k + 2²⁰) >> 7) − 2¹³ with a logical shift (V8 has no single x64 instruction for
  // i64x2.shr_s), then 2ᵉ as 2^⌊e/2⌋·2^(e−⌊e/2⌋), ⌊e/2⌋ = ((e + 2048) >> 1) − 1024.
  const v128_t k = wasm_i64x2_sub(t, K->magic);  // the bit patterns differ by k (|k| < 2¹⁸)
  const v128_t e = wasm_i64x2_sub(wasm_u64x2_shr(wasm_i64x2_add(k, K->i2p20), 7), K->i8192);
  const v128_t n1 = wasm_i64x2_sub(wasm_u64x2_shr(wasm_i64x2_add(e, K->i2048), 1), K->i1024);
  const v128_t n2 = wasm_i64x2_sub(e, n1);
  const v128_t bias = K->bias;
  const v128_t s1 = wasm_i64x2_shl(wasm_i64x2_add(n1, bias), 52);
  const v128_t s2 = wasm_i64x2_shl(wasm_i64x2_add(n2, bias), 52);
  return FMUL(FMUL(y, s1), s2);
}

static inline __attribute__((always_inline)) v128_t exp_f64x2_impl(v128_t x, const vm64* K, const int normal) {
  if (!normal) x = wasm_f64x2_pmax(wasm_f64x2_pmin(x, K->exp_hi), K->exp_lo);  // pmin/pmax keep a NaN x
  const v128_t magic = K->magic;
  const v128_t t = FADD(FMUL(x, K->inv_ln2n), magic);
  const v128_t kd = FSUB(t, magic);
  // t's low 51 bits are k mod 2⁵¹ (magic's are 0): exp_finish reads j and the scaling from t itself.
  v128_t r = FSUB(x, FMUL(kd, K->ln2hi_n));
  r = FSUB(r, FMUL(kd, K->ln2lo_n));
  return exp_finish(t, r, K, normal);
}

static inline __attribute__((always_inline)) v128_t exp_f64x2(v128_t x, const vm64* K) {
  return exp_f64x2_impl(x, K, 0);
}

// exp(x) for x in [exp_normal_lo, 709] = [−650, 709], the same bits as exp_f64x2 there: with 2ᵉ ≥ 2⁻⁹³⁸ in
// s_j·2ᵉ, s_j·2ᵉ·(t_j + p) is a normal number (its scaling by 2ᵉ exact) unless |t_j + p| < 2⁻⁸⁴, where it
// does not move the rounding of the sum. Other lanes are garbage (NaN stays NaN), for the caller to mask (a
// sum whose largest term is 1 loses nothing below e⁻⁶⁵⁰) or to redo with exp_f64x2. 11 operations fewer than
// exp_f64x2 for two lanes (no clamp, no two-step scaling).
static inline __attribute__((always_inline)) v128_t exp_normal_f64x2(v128_t x, const vm64* K) {
  return exp_f64x2_impl(x, K, 1);
}

// 2^u for u in [exp2_normal_lo, 0] = [−938, 0] (results of at least 2⁻⁹³⁸, as exp_normal_f64x2's); other lanes
// garbage for the caller to mask. u + 1.5·2⁴⁵ rounds u to k/128 (its ulp is 2⁻⁷, and its low bits hold k, as
// exp's t), u − k/128 is exact (|u − k/128| ≤ 1/256), and 2^(u − k/128) = exp(r) with r = (u − k/128)·ln2
// (one rounding of a number below 2⁻⁸: 2⁻⁶¹ absolute). No Cody–Waite split of k·ln2/128.
static inline __attribute__((always_inline)) v128_t exp2_normal_f64x2(v128_t u, const vm64* K) {
  const v128_t t = FADD(u, K->magic45);
  const v128_t kd = FSUB(t, K->magic45);
  return exp_finish(t, FMUL(FSUB(u, kd), K->ln2), K, 1);
}

// log2(x) for x > 0 finite (subnormal lanes scaled by 2⁵⁴ first; x = 0 gives a finite garbage value for the
// caller to mask), to an absolute error of about 2⁻⁵⁵ plus the rounding of e + log2 m: for the powers p^α =
// 2^(α·log2 p) of probabilities below ½ (whose relative error is ln2 times the absolute error of α·log2 p);
// not a log2 near 1, where its relative error is large. x = 2ᵉ·m, m in [1, 2) straight from the bits;
// c_j = 1 + (j + ½)/256 from m's top 8 bits (also from the bits), so m − c_j is exact; z = (m − c_j)·(1/c_j),
// |z| ≤ 2⁻⁹, and log2(1 + z) by its Taylor polynomial of degree 5 (truncation below 2⁻⁵⁶): log2 x = e +
// (log2 c_j + log2(1 + z)). No division (log_pos_f64x2 divides once).
// log2_pos_f64x2_for for x known to be 0 or normal (subnormals = 0: no test for them).
static inline __attribute__((always_inline)) v128_t log2_pos_f64x2_for(v128_t x, const vm64* K, const int subnormals) {
  v128_t ebias = K->ebias;
  if (subnormals) {
    const v128_t sub = wasm_v128_and(wasm_f64x2_lt(x, K->tiny), wasm_f64x2_gt(x, F64(0.0)));
    if (__builtin_expect(wasm_v128_any_true(sub), 0)) {  // rare: scale subnormal lanes by 2⁵⁴
      x = wasm_v128_bitselect(FMUL(x, K->two54), x, sub);
      ebias = wasm_v128_bitselect(K->ebias_sub, ebias, sub);
    }
  }
  const v128_t t44 = wasm_u64x2_shr(x, 44);
  // e as a double: (bits >> 52) in the low bits of 2⁵² (an exact integer there), minus 2⁵² + 1023.
  const v128_t ed = FSUB(wasm_v128_or(wasm_u64x2_shr(t44, 8), K->e_bits), ebias);
  const v128_t j = wasm_v128_and(t44, K->mask255);
  const v128_t m = wasm_v128_or(wasm_v128_and(x, K->mant), K->one_bits);
  const v128_t c = wasm_v128_or(wasm_v128_and(x, K->top8), K->mid_bits);
  v128_t invc, log2c;
  table_pairs(kernel_log2_table, j, &invc, &log2c);
  const v128_t z = FMUL(FSUB(m, c), invc);
  const v128_t z2 = FMUL(z, z);
  const v128_t q = estrin5(z, z2, K->l2a1, K->l2a2, K->l2a3, K->l2a4, K->l2a5);
  return FADD(ed, FADD(log2c, FMUL(z, q)));
}

static inline __attribute__((always_inline)) v128_t log2_pos_f64x2(v128_t x, const vm64* K) {
  return log2_pos_f64x2_for(x, K, 1);
}

// Σ_{k≥2} y^(k−2)/k! for |y| ≤ 1/2 (Taylor to k = 15: truncation below 2⁻⁵⁷ relative), so that
// expm1(y) = y + y²·q(y) and expm1(−d) + d = d²·q(−d) with no cancellation.
static inline __attribute__((always_inline)) v128_t expm1_tail_f64x2(v128_t y, const vm64* K) {
  // Estrin's scheme (see exp_f64x2) over the 14 coefficients 1/2! … 1/15!.
  const v128_t y2 = FMUL(y, y);
  const v128_t y4 = FMUL(y2, y2);
  const v128_t y8 = FMUL(y4, y4);
  const v128_t q0 = FADD(K->half, FMUL(K->f3, y)), q1 = FADD(K->f4, FMUL(K->f5, y));
  const v128_t q2 = FADD(K->f6, FMUL(K->f7, y)), q3 = FADD(K->f8, FMUL(K->f9, y));
  const v128_t q4 = FADD(K->f10, FMUL(K->f11, y)), q5 = FADD(K->f12, FMUL(K->f13, y));
  const v128_t q6 = FADD(K->f14, FMUL(K->f15, y));
  const v128_t u0 = FADD(q0, FMUL(q1, y2)), u1 = FADD(q2, FMUL(q3, y2));
  const v128_t u2 = FADD(q4, FMUL(q5, y2));
  return FADD(FADD(u0, FMUL(u1, y4)), FMUL(FADD(u2, FMUL(q6, y4)), y8));
}

// expm1(y) for every float64 y: y + y²·q(y) for |y| ≤ 1/2, exp(y) − 1 beyond (where exp(y) − 1 loses at most
// a factor e^½/(e^½ − 1) ≈ 2.5 of exp's relative error). NaN passes through.
static inline __attribute__((always_inline)) v128_t expm1_f64x2(v128_t y, const vm64* K) {
  const v128_t small = wasm_f64x2_le(wasm_f64x2_abs(y), K->half);
  const v128_t ys = wasm_v128_and(y, small);  // 0 in the large lanes: keeps the polynomial finite
  const v128_t near = FADD(ys, FMUL(FMUL(ys, ys), expm1_tail_f64x2(ys, K)));
  const v128_t far = FSUB(exp_f64x2(y, K), K->one);
  return wasm_v128_bitselect(near, far, small);
}

// log(x) for x > 0 finite, normal or subnormal (subnormal lanes are scaled by 2⁵⁴ first); x = 0 gives a finite
// garbage value, other lanes garbage too, masked by the caller. Table-driven, with no division: x = 2ᵏ·m with
// m in [c_0·(1 − 2⁻⁹), 2·c_0) ≈ [0.7053, 1.4121) straight from the bits (tmp = bits(x) − LOG_OFF holds k in its
// top 12 bits), c_j the middle in bits of m's bucket (the top 8 bits of tmp's mantissa, j), so that m − c_j is
// exact (Sterbenz) and z = (m − c_j)·(1/c_j) has |z| ≤ 2⁻⁹; log x = k·ln2 + log c_j + log1p(z), log1p by its
// Taylor polynomial of degree 6 (truncation below 2⁻⁵⁶ of z). 1 sits in the middle of bucket 150, whose c is
// 1 exactly (1/c = 1, log c = 0): near 1, log x = log1p(m − 1) with m − 1 exact, to the last bits; elsewhere
// |log x| ≥ 2⁻¹⁰ against an absolute error of about 2⁻⁶³ besides the roundings of log c_j and of the sums.
static inline __attribute__((always_inline)) v128_t log_pos_f64x2(v128_t x, const vm64* K) {
  const v128_t sub = wasm_v128_and(wasm_f64x2_lt(x, K->tiny), wasm_f64x2_gt(x, F64(0.0)));
  v128_t kbias = K->i2048;
  if (__builtin_expect(wasm_v128_any_true(sub), 0)) {  // rare: scale subnormal lanes by 2⁵⁴
    x = wasm_v128_bitselect(FMUL(x, K->two54), x, sub);
    kbias = wasm_i64x2_add(kbias, wasm_v128_and(sub, K->i54));
  }
  const v128_t tmp = wasm_i64x2_sub(x, K->log_off);
  const v128_t mb = wasm_v128_and(tmp, K->mant);
  const v128_t m = wasm_i64x2_add(mb, K->log_off);
  const v128_t c = wasm_i64x2_add(wasm_v128_and(mb, K->top8), K->log_mid);
  const v128_t j = wasm_u64x2_shr(mb, 44);
  v128_t invc, logc;
  table_pairs(kernel_log_table, j, &invc, &logc);
  const v128_t z = FMUL(FSUB(m, c), invc);
  const v128_t z2 = FMUL(z, z);
  // log1p(z) = z + z²·q, q = (−½ + z/3) + z²·((−¼ + z/5) − z²/6).
  const v128_t q = estrin5(z, z2, K->lp2, K->l3, K->lp4, K->l5, K->lp6);
  const v128_t logm = FADD(logc, FADD(z, FMUL(z2, q)));
  // k = tmp >> 52 (arithmetic) as ((tmp ^ 2⁶³) >> 52) − 2048 with a logical shift.
  const v128_t k = wasm_i64x2_sub(wasm_u64x2_shr(wasm_v128_xor(tmp, K->sign64), 52), kbias);
  const v128_t kd = wasm_f64x2_convert_low_i32x4(wasm_i32x4_shuffle(k, k, 0, 2, 0, 2));
  return FADD(FMUL(kd, K->ln2_hi), FADD(FMUL(kd, K->ln2_lo), logm));
}

// A compensated sum on two float64 lanes (s the running sums, c the compensations): each addition's
// rounding error by Knuth's TwoSum (6 operations, no comparison: the same error term as Neumaier's branch).
typedef struct {
  v128_t s, c;
} nsum2;

static inline __attribute__((always_inline)) void nsum2_add(nsum2* a, v128_t x) {
  const v128_t t = FADD(a->s, x);
  const v128_t bv = FSUB(t, a->s);
  const v128_t av = FSUB(t, bv);
  a->c = FADD(a->c, FADD(FSUB(a->s, av), FSUB(x, bv)));
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
