// Cross entropy of softmax rows with class-index targets, value and gradient, in WebAssembly SIMD128.
//
// Built by scripts/build-wasm.mjs with Debian's clang 14 + lld:
//   clang --target=wasm32 -O3 -msimd128 -fno-builtin -nostdlib -Wl,--no-entry ... (flags in that script)
// and embedded as base64 in src/kernels/ceWasm.ts (generated; do not edit that file by hand).
//
// Per row of C float32 logits x (row-major [N, C]) and target y:
//   pass 1  m = max_c x_c                              (f32x4.pmax: f32x4.max is 3x slower on x86)
//   pass 2  e_c = exp(x_c − m), R = Σ_{c≠y} e_c         (e_c stored into the gradient buffer g)
//   loss    −log p_y = log1p(R / e_y)                   (float64; S = e_y + R)
//   pass 3  g_c = e_c · (scale / S), then g_y = −scale · R / S in float64 (no cancellation in p_y − 1)
// Ignored rows (y = ignoreIndex) get loss 0 and a zero gradient row; scale = 0 writes zeros, as the
// TypeScript reference does (an upstream gradient of 0 gives 0 even where the row is NaN).
//
// exp: the "rr2-p5" scheme of XNNPACK (google/XNNPACK, src/f32-raddstoreexpminusmax/wasmsimd-rr2-p5.c.in,
// BSD-3-Clause, Copyright 2019 Google LLC; constants from there): n = round(d·log2 e) by the magic-bias
// trick with the exponent bias folded into the magic number, so 2ⁿ is the bit pattern shifted left by 23;
// Cody–Waite reduction t = d − n·ln2_hi − n·ln2_lo with ln2_hi having 8 trailing zero bits (so n·ln2_hi is
// exact for |n| ≤ 2⁸); exp(t) ≈ 1 + t·p(t), p a degree-4 minimax polynomial (degree 5 overall) on
// [−ln2/2, ln2/2]; results below 2⁻¹²⁶ (d < −87.336) are flushed to 0 by a mask, as XNNPACK does.
// Measured (test/kernels/wasm.test.ts, a dense sweep of d in [−87, 0] against Math.exp): max relative error
// 1.7e-7 (≈ 1.4 ulp of float32); the test asserts < 2.5e-7.
//
// Our changes to the reference scheme:
// * d = x − m is formed exactly as an unevaluated sum d_hi + d_lo, and d_lo is added to the reduced
//   argument t, so the float32 rounding of x − m (relative error up to 2⁻²⁴·|d|, i.e. up to 5e-6 at
//   d = −87) does not reach exp: e_c is exp(x_c − m) of the float64 difference, as the reference. From
//   64 classes up, pass 1 also finds the row's min, and where it shows one operand at least the other in
//   magnitude for the whole row (0 ≤ m and −m ≤ min x, or m < 0) d_lo comes from Fast2Sum (2 ops);
//   otherwise, and below 64 classes, from Knuth's TwoSum (5 ops). Where the spread m − min x is at most 87,
//   no exp can fall below the flush-to-zero cutoff, and its mask is skipped (2 ops; 12% of the row's time).
// * R: from 64 classes up, blocks of 64 exps are summed in float32 lanes (4 accumulators of 4 lanes, then
//   a float32 reduction: relative error ≤ 7·2⁻²⁴ ≈ 4.2e-7 of the block sum, every term being ≥ 0), and the
//   block sums are added in float64 lanes. The block holding the target y and the last C mod 64 exps are
//   added one f32x4 at a time in float64 lanes with the target's lane masked out: R = S − e_y (the
//   target's 1 − p_y, up to the factor S) is summed without e_y, so it keeps its small terms when p_y → 1
//   (a sum S = e_y + R rounds at 2⁻⁵³ absolute, all of R below 1e-16). R and S have relative error
//   ≤ ε_exp + 7·2⁻²⁴ ≈ 6e-7. Gradient entries: ≤ ε_exp + 7·2⁻²⁴ + 3·2⁻²⁴ ≈ 8e-7 relative, including
//   g_y = −scale·R/S; the loss log1p(R/e_y) ≈ 6e-7 relative however close p_y is to 1 (checked against
//   closed forms down to losses of 1e-34, test/kernels/crossEntropyWasm.test.ts). Measured against the
//   float64 path (bench/README.md): ≤ 3.4e-7 on gradient entries off the target, 1.7e-7 on losses.
// * The exp's constants are loaded once per row from ce_exp_consts (see there), not v128.const.
// * log S is a float64 log (below), not a JavaScript import: one call per row would cost more than the
//   row at C = 10.

#include <stdint.h>
#include <wasm_simd128.h>

#define EXPORT(name) __attribute__((export_name(#name)))

// The exp's constants. Not const: clang would fold them into v128.const, which it rematerializes in every
// loop iteration and V8 builds from immediates (several instructions each); as loads from this array they
// are splatted once per row into wasm locals, i.e. registers (measured: bench/ce_kernel.mjs).
float ce_exp_consts[10] = {0x1.715476p+0f,  0x1.8000FEp23f,  -0x1.62E400p-1f, -0x1.7F7D1Cp-20f, 0x1.0F9F9Cp-7f,
                           0x1.573A1Ap-5f,  0x1.555A80p-3f,  0x1.FFFDC6p-2f,  0x1.FFFFF6p-1f,   -0x1.5D589Ep6f};

typedef struct {
  v128_t log2e, magic_bias, minus_ln2_hi, minus_ln2_lo, c5, c4, c3, c2, c1, denorm_cutoff;
} exp_consts;

static inline exp_consts load_exp_consts(void) {
  const float* k = ce_exp_consts;
  exp_consts c = {wasm_v128_load32_splat(k),     wasm_v128_load32_splat(k + 1), wasm_v128_load32_splat(k + 2),
                  wasm_v128_load32_splat(k + 3), wasm_v128_load32_splat(k + 4), wasm_v128_load32_splat(k + 5),
                  wasm_v128_load32_splat(k + 6), wasm_v128_load32_splat(k + 7), wasm_v128_load32_splat(k + 8),
                  wasm_v128_load32_splat(k + 9)};
  return c;
}

// How d = x − m is made exact (the row's case; see ce_rows): TWO_SUM in general, or Fast2Sum (2 ops instead
// of 5) where one operand is known to be at least the other in magnitude for every logit of the row.
#define TWO_SUM 0
#define FAST_M_GE_X 1 /* 0 ≤ |x| ≤ m: Fast2Sum(−m, x) */
#define FAST_X_GE_M 2 /* x ≤ m < 0:   Fast2Sum(x, −m) */
// Added to the above where the row's spread m − min x ≤ 87: then no d is below the cutoff −87.336 (fl is
// monotonic: fl(x − m) ≥ fl(min x − m) = −fl(m − min x) ≥ −87), so the flush-to-zero mask is skipped.
#define NO_CUTOFF 4

static inline v128_t vexp_minus(v128_t x, v128_t vm, const exp_consts* K, int mode) {
  const v128_t vlog2e = K->log2e;
  const v128_t vmagic_bias = K->magic_bias;
  const v128_t vminus_ln2_hi = K->minus_ln2_hi;
  const v128_t vminus_ln2_lo = K->minus_ln2_lo;
  const v128_t vc5 = K->c5;
  const v128_t vc4 = K->c4;
  const v128_t vc3 = K->c3;
  const v128_t vc2 = K->c2;
  const v128_t vc1 = K->c1;
  const v128_t vdenorm_cutoff = K->denorm_cutoff;

  // d = dhi + dlo exactly (no overflow: dhi = −inf only where the mask below zeroes it), by TwoSum(x, −m),
  // or by Fast2Sum where the row allows it (exact when the first operand is the larger in magnitude).
  const v128_t b = wasm_f32x4_neg(vm);
  const v128_t dhi = wasm_f32x4_add(x, b);
  v128_t dlo;
  if ((mode & 3) == FAST_M_GE_X) {
    dlo = wasm_f32x4_sub(x, wasm_f32x4_sub(dhi, b));
  } else if ((mode & 3) == FAST_X_GE_M) {
    dlo = wasm_f32x4_sub(b, wasm_f32x4_sub(dhi, x));
  } else {
    const v128_t bv = wasm_f32x4_sub(dhi, x);
    const v128_t av = wasm_f32x4_sub(dhi, bv);
    dlo = wasm_f32x4_add(wasm_f32x4_sub(x, av), wasm_f32x4_sub(b, bv));
  }

  v128_t vn = wasm_f32x4_add(wasm_f32x4_mul(dhi, vlog2e), vmagic_bias);
  const v128_t vs = wasm_i32x4_shl(vn, 23);
  vn = wasm_f32x4_sub(vn, vmagic_bias);
  v128_t vt = wasm_f32x4_add(wasm_f32x4_mul(vn, vminus_ln2_hi), dhi);
  vt = wasm_f32x4_add(wasm_f32x4_mul(vn, vminus_ln2_lo), vt);
  vt = wasm_f32x4_add(vt, dlo);

  v128_t vp = wasm_f32x4_add(wasm_f32x4_mul(vc5, vt), vc4);
  vp = wasm_f32x4_add(wasm_f32x4_mul(vp, vt), vc3);
  vp = wasm_f32x4_add(wasm_f32x4_mul(vp, vt), vc2);
  vp = wasm_f32x4_add(wasm_f32x4_mul(vp, vt), vc1);
  vt = wasm_f32x4_mul(vt, vs);
  v128_t vf = wasm_f32x4_add(wasm_f32x4_mul(vt, vp), vs);
  // andnot keeps NaN (NaN < cutoff is false) and zeroes −inf and everything below the normal range.
  if (mode & NO_CUTOFF) return vf;
  return wasm_v128_andnot(vf, wasm_f32x4_lt(dhi, vdenorm_cutoff));
}

// Natural log in float64 for x > 0 finite (log S with S in [1, C]); NaN and +inf pass through.
// log x = k·ln2 + 2·atanh(f), f = (m − 1)/(m + 1), m ∈ [√½, √2): |f| ≤ 0.1716, f² ≤ 0.0295, and the
// series 2f·Σ f^{2j}/(2j+1) truncated after j = 11 leaves < 2⁻⁵⁶ relative; error ≈ 2 ulp of float64.
static double log_f64(double x) {
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
static double log1p_f64(double z) {
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

// Max of a row (NaN if any logit is), and in *mn its min (only used to pick the Fast2Sum case, so a NaN
// dropped by pmin does not matter: the max is then NaN and the general case is taken).
static inline float row_max(const float* x, int c, float* mn, int want_min) {
  const v128_t ninf = wasm_f32x4_splat(-__builtin_inff());
  const v128_t pinf = wasm_f32x4_splat(__builtin_inff());
  v128_t m0 = ninf, m1 = ninf, m2 = ninf, m3 = ninf;
  v128_t n0 = pinf, n1 = pinf;
  int i = 0;
  for (; i + 16 <= c; i += 16) {
    const v128_t v0 = wasm_v128_load(x + i), v1 = wasm_v128_load(x + i + 4);
    const v128_t v2 = wasm_v128_load(x + i + 8), v3 = wasm_v128_load(x + i + 12);
    m0 = wasm_f32x4_pmax(m0, v0);
    m1 = wasm_f32x4_pmax(m1, v1);
    m2 = wasm_f32x4_pmax(m2, v2);
    m3 = wasm_f32x4_pmax(m3, v3);
    if (want_min) {
      n0 = wasm_f32x4_pmin(n0, wasm_f32x4_pmin(v0, v1));
      n1 = wasm_f32x4_pmin(n1, wasm_f32x4_pmin(v2, v3));
    }
  }
  for (; i + 4 <= c; i += 4) {
    const v128_t v0 = wasm_v128_load(x + i);
    m0 = wasm_f32x4_pmax(m0, v0);
    if (want_min) n0 = wasm_f32x4_pmin(n0, v0);
  }
  m0 = wasm_f32x4_pmax(wasm_f32x4_pmax(m0, m1), wasm_f32x4_pmax(m2, m3));
  n0 = wasm_f32x4_pmin(n0, n1);
  float m = wasm_f32x4_extract_lane(m0, 0);
  float l1 = wasm_f32x4_extract_lane(m0, 1), l2 = wasm_f32x4_extract_lane(m0, 2);
  float l3 = wasm_f32x4_extract_lane(m0, 3);
  float lo = wasm_f32x4_extract_lane(n0, 0);
  const float o1 = wasm_f32x4_extract_lane(n0, 1), o2 = wasm_f32x4_extract_lane(n0, 2);
  const float o3 = wasm_f32x4_extract_lane(n0, 3);
  int nan = (m != m) | (l1 != l1) | (l2 != l2) | (l3 != l3);
  if (l1 > m) m = l1;
  if (l2 > m) m = l2;
  if (l3 > m) m = l3;
  if (o1 < lo) lo = o1;
  if (o2 < lo) lo = o2;
  if (o3 < lo) lo = o3;
  for (; i < c; i++) {
    const float v = x[i];
    nan |= v != v;
    if (v > m) m = v;
    if (want_min && v < lo) lo = v;
  }
  *mn = lo;
  // pmax drops a NaN in its second operand; the reference's max is NaN if any logit is, so make it so.
  return nan ? __builtin_nanf("") : m;
}

// The last r ∈ {1, 2, 3} floats at x, the other lanes set to pad (lane inserts: no stack buffer, no memcpy).
static inline v128_t load_tail(const float* x, int r, float pad) {
  v128_t v = wasm_f32x4_splat(pad);
  v = wasm_f32x4_replace_lane(v, 0, x[0]);
  if (r > 1) v = wasm_f32x4_replace_lane(v, 1, x[1]);
  if (r > 2) v = wasm_f32x4_replace_lane(v, 2, x[2]);
  return v;
}

// Lanes 2 and 3 of a float32 vector as float64.
static inline v128_t promote_hi(v128_t q) { return wasm_f64x2_promote_low_f32x4(wasm_i32x4_shuffle(q, q, 2, 3, 2, 3)); }

static inline v128_t add_f64(v128_t acc, v128_t q) {
  acc = wasm_f64x2_add(acc, wasm_f64x2_promote_low_f32x4(q));
  return wasm_f64x2_add(acc, wasm_f64x2_promote_low_f32x4(wasm_i32x4_shuffle(q, q, 2, 3, 2, 3)));
}

// e with lane `lane` (in [0, 4)) set to 0.
static inline v128_t drop_lane(v128_t e, int lane) {
  return wasm_v128_andnot(e, wasm_i32x4_eq(wasm_i32x4_make(0, 1, 2, 3), wasm_i32x4_splat(lane)));
}

// Σ exp(x − m) over n logits (n a multiple of 4, or the whole row with its 1–3 tail), every exp promoted to
// float64 lanes as it is, leaving out the logit at offset kk (the target; any kk outside [0, n) leaves out
// nothing); stores every exp, the target's included, into e when store is set (e may equal x).
static inline __attribute__((always_inline)) v128_t sumexp_f64(const float* x, float* e, int n, v128_t vm, int store, v128_t a0,
                                 const exp_consts* K, int mode, int kk) {
  v128_t a1 = wasm_f64x2_splat(0.0);
  int i = 0;
  for (; i + 8 <= n; i += 8) {
    v128_t e0 = vexp_minus(wasm_v128_load(x + i), vm, K, mode);
    v128_t e1 = vexp_minus(wasm_v128_load(x + i + 4), vm, K, mode);
    if (store) {
      wasm_v128_store(e + i, e0);
      wasm_v128_store(e + i + 4, e1);
    }
    if ((unsigned)(kk - i) < 8u) {
      if (kk - i < 4) e0 = drop_lane(e0, kk - i);
      else e1 = drop_lane(e1, kk - i - 4);
    }
    a0 = add_f64(a0, e0);
    a1 = add_f64(a1, e1);
  }
  for (; i + 4 <= n; i += 4) {
    v128_t e0 = vexp_minus(wasm_v128_load(x + i), vm, K, mode);
    if (store) wasm_v128_store(e + i, e0);
    if ((unsigned)(kk - i) < 4u) e0 = drop_lane(e0, kk - i);
    a0 = add_f64(a0, e0);
  }
  if (i < n) {
    // The last 1–3 logits, padded with −inf (exp → 0) so they take the same vector path.
    // (−inf needs the cutoff mask whatever the row's spread.)
    v128_t e0 = vexp_minus(load_tail(x + i, n - i, -__builtin_inff()), vm, K, mode & ~NO_CUTOFF);
    if (store) {
      const int r = n - i;
      e[i] = wasm_f32x4_extract_lane(e0, 0);
      if (r > 1) e[i + 1] = wasm_f32x4_extract_lane(e0, 1);
      if (r > 2) e[i + 2] = wasm_f32x4_extract_lane(e0, 2);
    }
    if ((unsigned)(kk - i) < 4u) e0 = drop_lane(e0, kk - i);
    a0 = add_f64(a0, e0);
  }
  return wasm_f64x2_add(a0, a1);
}

#define BLOCK 64

// R = Σ_{c≠k} exp(x_c − m) over a row (the target k left out), storing every exp into e when store is set
// (e may equal x). Blocks of 64 exps are summed in float32 lanes (4 accumulators × 4 lanes, 4 terms a lane,
// then 3 + 2 adds across them: every term is ≥ 0, so the block sum has relative error ≤ 7·2⁻²⁴ ≈ 4.2e-7),
// and each block sum is added in float64. The block that holds the target k goes through float64 lanes exp
// by exp, the target's lane masked out. Leaving e_y out of the sum keeps R = S − e_y (the target's 1 − p_y,
// up to the factor S) accurate to ε_exp + 7·2⁻²⁴ ≈ 6e-7 relative even when p_y → 1, where S − e_y formed
// from a sum S = e_y + R would lose R's digits to the rounding of S (2⁻⁵³ absolute: all of R's below 1e-16).
static inline __attribute__((always_inline)) double row_sumexp(const float* x, float* e, int c, float m, int k, int store, int mode) {
  const exp_consts K = load_exp_consts();
  const v128_t vm = wasm_f32x4_splat(m);
  v128_t acc = wasm_f64x2_splat(0.0);
  int i = 0;
  for (; i + BLOCK <= c; i += BLOCK) {
    if ((unsigned)(k - i) < BLOCK) {
      acc = sumexp_f64(x + i, e + i, BLOCK, vm, store, acc, &K, mode, k - i);
      continue;
    }
    v128_t s0 = wasm_f32x4_splat(0.0f), s1 = s0, s2 = s0, s3 = s0;
    for (int j = i; j < i + BLOCK; j += 16) {
      const v128_t e0 = vexp_minus(wasm_v128_load(x + j), vm, &K, mode);
      const v128_t e1 = vexp_minus(wasm_v128_load(x + j + 4), vm, &K, mode);
      const v128_t e2 = vexp_minus(wasm_v128_load(x + j + 8), vm, &K, mode);
      const v128_t e3 = vexp_minus(wasm_v128_load(x + j + 12), vm, &K, mode);
      if (store) {
        wasm_v128_store(e + j, e0);
        wasm_v128_store(e + j + 4, e1);
        wasm_v128_store(e + j + 8, e2);
        wasm_v128_store(e + j + 12, e3);
      }
      s0 = wasm_f32x4_add(s0, e0);
      s1 = wasm_f32x4_add(s1, e1);
      s2 = wasm_f32x4_add(s2, e2);
      s3 = wasm_f32x4_add(s3, e3);
    }
    s0 = wasm_f32x4_add(wasm_f32x4_add(s0, s1), wasm_f32x4_add(s2, s3));
    acc = add_f64(acc, s0);
  }
  if (i < c) acc = sumexp_f64(x + i, e + i, c - i, vm, store, acc, &K, mode, k - i);
  return wasm_f64x2_extract_lane(acc, 0) + wasm_f64x2_extract_lane(acc, 1);
}

static inline void row_scale(float* e, int c, float r) {
  const v128_t vr = wasm_f32x4_splat(r);
  int i = 0;
  for (; i + 16 <= c; i += 16) {
    wasm_v128_store(e + i, wasm_f32x4_mul(wasm_v128_load(e + i), vr));
    wasm_v128_store(e + i + 4, wasm_f32x4_mul(wasm_v128_load(e + i + 4), vr));
    wasm_v128_store(e + i + 8, wasm_f32x4_mul(wasm_v128_load(e + i + 8), vr));
    wasm_v128_store(e + i + 12, wasm_f32x4_mul(wasm_v128_load(e + i + 12), vr));
  }
  for (; i + 4 <= c; i += 4) wasm_v128_store(e + i, wasm_f32x4_mul(wasm_v128_load(e + i), vr));
  for (; i < c; i++) e[i] = e[i] * r;
}

static inline void row_zero(float* g, int c) {
  const v128_t z = wasm_f32x4_splat(0.0f);
  int i = 0;
  for (; i + 4 <= c; i += 4) wasm_v128_store(g + i, z);
  for (; i < c; i++) g[i] = 0.0f;
}

// ---- Few classes (C < SMALL_C = 96, the measured crossover): four rows at a time, one row per lane ----
//
// With C = 10 the row-at-a-time path spends most of its time on per-row work (horizontal max, lane
// inserts for the 1–3 tail, one scalar log per row). Here rows r..r+3 are read as 4×4 tiles, transposed in
// registers (8 shuffles), so each vector holds one class of four rows: the max, the exps, the target mask
// and the sums R = Σ_{c≠y} e_c are all lane-wise, with no horizontal step; the exps are transposed back
// to rows for the gradient. Each lane computes exactly what the row path computes for that row (the same
// vector exp on the same x_c − m), but R is summed class by class, so it may differ from the row path's R
// in the last bits (both are within the bound above).

#ifndef SMALL_C
#define SMALL_C 96
#endif

static inline void transpose4(v128_t* a, v128_t* b, v128_t* c, v128_t* d) {
  const v128_t t0 = wasm_i32x4_shuffle(*a, *b, 0, 4, 1, 5);  // a0 b0 a1 b1
  const v128_t t1 = wasm_i32x4_shuffle(*a, *b, 2, 6, 3, 7);  // a2 b2 a3 b3
  const v128_t t2 = wasm_i32x4_shuffle(*c, *d, 0, 4, 1, 5);  // c0 d0 c1 d1
  const v128_t t3 = wasm_i32x4_shuffle(*c, *d, 2, 6, 3, 7);  // c2 d2 c3 d3
  *a = wasm_i32x4_shuffle(t0, t2, 0, 1, 4, 5);
  *b = wasm_i32x4_shuffle(t0, t2, 2, 3, 6, 7);
  *c = wasm_i32x4_shuffle(t1, t3, 0, 1, 4, 5);
  *d = wasm_i32x4_shuffle(t1, t3, 2, 3, 6, 7);
}

// Columns j..j+3 of four rows (t of them, 1 ≤ t ≤ 4, valid; the rest −inf), transposed: v_q = class j + q.
#define LOAD_TILE(j, t)                             \
  if ((t) == 4) {                                   \
    v0 = wasm_v128_load(p0 + (j));                  \
    v1 = wasm_v128_load(p1 + (j));                  \
    v2 = wasm_v128_load(p2 + (j));                  \
    v3 = wasm_v128_load(p3 + (j));                  \
  } else {                                          \
    v0 = load_tail(p0 + (j), (t), -__builtin_inff()); \
    v1 = load_tail(p1 + (j), (t), -__builtin_inff()); \
    v2 = load_tail(p2 + (j), (t), -__builtin_inff()); \
    v3 = load_tail(p3 + (j), (t), -__builtin_inff()); \
  }                                                 \
  transpose4(&v0, &v1, &v2, &v3)

static inline void store_row_part(float* p, v128_t v, int t) {
  if (t == 4) {
    wasm_v128_store(p, v);
    return;
  }
  p[0] = wasm_f32x4_extract_lane(v, 0);
  if (t > 1) p[1] = wasm_f32x4_extract_lane(v, 1);
  if (t > 2) p[2] = wasm_f32x4_extract_lane(v, 2);
}

// One lane's exp, added to R unless its class is the lane's target.
static inline __attribute__((always_inline)) v128_t exp_rest(v128_t v, v128_t vm, v128_t vk, int cls,
                                                             const exp_consts* K, v128_t* lo, v128_t* hi) {
  // Padding lanes are −inf: their exp is 0 (TWO_SUM keeps the cutoff mask).
  const v128_t e = vexp_minus(v, vm, K, TWO_SUM);
  const v128_t r = wasm_v128_andnot(e, wasm_i32x4_eq(vk, wasm_i32x4_splat(cls)));
  *lo = wasm_f64x2_add(*lo, wasm_f64x2_promote_low_f32x4(r));
  *hi = wasm_f64x2_add(*hi, promote_hi(r));
  return e;
}

// The gradient's scaling for one row of the four (as the row path does it).
static inline __attribute__((always_inline)) void finish_row(float* q, int c, int y, int k, int ignore_index, double sc,
                                                             double ey, double rest) {
  if (y == ignore_index || sc == 0.0) {
    row_zero(q, c);
    return;
  }
  const double s = ey + rest;
  row_scale(q, c, (float)(sc / s));
  q[k] = (float)(sc * ((0.0 - rest) / s));
}

// Losses of two rows (lanes) as the row path computes them: log1p(R/e_y), or (m − x_y) + log S where e_y
// is flushed to 0, and 0 for ignored rows.
static inline v128_t two_losses(v128_t ey, v128_t rest, v128_t m, v128_t xk, v128_t ignored) {
  const v128_t zero = wasm_f64x2_splat(0.0);
  const v128_t pos = wasm_f64x2_gt(ey, zero);
  const v128_t a = log1p_f64x2(wasm_f64x2_div(rest, wasm_v128_bitselect(ey, wasm_f64x2_splat(1.0), pos)));
  v128_t out = a;
  if (!wasm_i64x2_all_true(pos)) {  // rare: some e_y flushed to 0 (x_y − m < −87.3), or a NaN row
    const v128_t s = wasm_f64x2_add(ey, rest);
    const double s0 = wasm_f64x2_extract_lane(s, 0), s1 = wasm_f64x2_extract_lane(s, 1);
    const v128_t b = wasm_f64x2_add(wasm_f64x2_sub(m, xk), wasm_f64x2_make(log_f64(s0), log_f64(s1)));
    out = wasm_v128_bitselect(a, b, pos);
  }
  return wasm_v128_andnot(out, ignored);
}

// Rows r..r+3 (all four exist). Ignored rows are computed with target 0 and then given loss 0 and a zero
// gradient row, as in the row path. Everything stays in wasm locals (no shadow stack: see build-wasm.mjs).
__attribute__((unused)) static void ce_four_rows(const float* x, float* g, const int32_t* y, double* loss, const double* scales, int r,
                         int c, int ignore_index, double scale, const exp_consts* K) {
  const uint32_t uc = (uint32_t)c;
  const float* p0 = x + (uint32_t)r * uc;
  const float* p1 = p0 + uc;
  const float* p2 = p1 + uc;
  const float* p3 = p2 + uc;
  float* q0 = g ? g + (uint32_t)r * uc : 0;
  float* q1 = g ? q0 + uc : 0;
  float* q2 = g ? q1 + uc : 0;
  float* q3 = g ? q2 + uc : 0;
  const int k0 = y[r] == ignore_index ? 0 : y[r];
  const int k1 = y[r + 1] == ignore_index ? 0 : y[r + 1];
  const int k2 = y[r + 2] == ignore_index ? 0 : y[r + 2];
  const int k3 = y[r + 3] == ignore_index ? 0 : y[r + 3];
  v128_t v0, v1, v2, v3;
  // pass 1: lane-wise max, NaN if any logit of the row is
  v128_t vm = wasm_f32x4_splat(-__builtin_inff());
  v128_t nan = wasm_i32x4_splat(0);
  int j = 0;
  for (; j + 4 <= c; j += 4) {
    LOAD_TILE(j, 4);
    vm = wasm_f32x4_pmax(wasm_f32x4_pmax(vm, v0), wasm_f32x4_pmax(v1, wasm_f32x4_pmax(v2, v3)));
    nan = wasm_v128_or(nan, wasm_v128_or(wasm_v128_or(wasm_f32x4_ne(v0, v0), wasm_f32x4_ne(v1, v1)),
                                         wasm_v128_or(wasm_f32x4_ne(v2, v2), wasm_f32x4_ne(v3, v3))));
  }
  if (j < c) {
    LOAD_TILE(j, c - j);  // padding columns are −inf: neither a max nor a NaN
    vm = wasm_f32x4_pmax(wasm_f32x4_pmax(vm, v0), wasm_f32x4_pmax(v1, wasm_f32x4_pmax(v2, v3)));
    nan = wasm_v128_or(nan, wasm_v128_or(wasm_v128_or(wasm_f32x4_ne(v0, v0), wasm_f32x4_ne(v1, v1)),
                                         wasm_v128_or(wasm_f32x4_ne(v2, v2), wasm_f32x4_ne(v3, v3))));
  }
  vm = wasm_v128_or(vm, nan);  // all-ones lanes are NaN
  // The target logits, read before pass 2 may overwrite them (g may equal x).
  const v128_t xk = wasm_f32x4_make(p0[k0], p1[k1], p2[k2], p3[k3]);
  // pass 2: exps (stored back in rows when the gradient is wanted) and R without the target
  const v128_t vk = wasm_i32x4_make(k0, k1, k2, k3);
  v128_t rest_lo = wasm_f64x2_splat(0.0), rest_hi = rest_lo;
  for (j = 0; j < c; j += 4) {
    const int t = c - j < 4 ? c - j : 4;
    LOAD_TILE(j, t);
    v0 = exp_rest(v0, vm, vk, j, K, &rest_lo, &rest_hi);
    v1 = exp_rest(v1, vm, vk, j + 1, K, &rest_lo, &rest_hi);
    v2 = exp_rest(v2, vm, vk, j + 2, K, &rest_lo, &rest_hi);
    v3 = exp_rest(v3, vm, vk, j + 3, K, &rest_lo, &rest_hi);
    if (g) {
      transpose4(&v0, &v1, &v2, &v3);
      store_row_part(q0 + j, v0, t);
      store_row_part(q1 + j, v1, t);
      store_row_part(q2 + j, v2, t);
      store_row_part(q3 + j, v3, t);
    }
  }
  const v128_t ey = vexp_minus(xk, vm, K, TWO_SUM);
  const v128_t ign = wasm_i32x4_eq(wasm_v128_load(y + r), wasm_i32x4_splat(ignore_index));
  const v128_t ey_lo = wasm_f64x2_promote_low_f32x4(ey), ey_hi = promote_hi(ey);
  const v128_t lo = two_losses(ey_lo, rest_lo, wasm_f64x2_promote_low_f32x4(vm), wasm_f64x2_promote_low_f32x4(xk),
                               wasm_i64x2_extend_low_i32x4(ign));
  const v128_t hi = two_losses(ey_hi, rest_hi, promote_hi(vm), promote_hi(xk), wasm_i64x2_extend_high_i32x4(ign));
  wasm_v128_store(loss + r, lo);
  wasm_v128_store(loss + r + 2, hi);
  if (!g) return;
  finish_row(q0, c, y[r], k0, ignore_index, scales ? scales[r] : scale, wasm_f64x2_extract_lane(ey_lo, 0),
             wasm_f64x2_extract_lane(rest_lo, 0));
  finish_row(q1, c, y[r + 1], k1, ignore_index, scales ? scales[r + 1] : scale, wasm_f64x2_extract_lane(ey_lo, 1),
             wasm_f64x2_extract_lane(rest_lo, 1));
  finish_row(q2, c, y[r + 2], k2, ignore_index, scales ? scales[r + 2] : scale, wasm_f64x2_extract_lane(ey_hi, 0),
             wasm_f64x2_extract_lane(rest_hi, 0));
  finish_row(q3, c, y[r + 3], k3, ignore_index, scales ? scales[r + 3] : scale, wasm_f64x2_extract_lane(ey_hi, 1),
             wasm_f64x2_extract_lane(rest_hi, 1));
}

// Cross entropy over n rows of c logits at x, targets y (int32), per-row losses into loss (float64).
// When g is not null, the gradient (softmax − onehot)·scale_i is written to g (which may equal x, or be any
// other [n, c] buffer), scale_i = scales[i] when scales is not null, else scale. x is read only (unless g = x).
EXPORT(ce_rows)
void ce_rows(float* x, float* g, const int32_t* y, double* loss, const double* scales, int n, int c,
             int ignore_index, double scale) {
  const int want_grad = g != 0;
  const exp_consts K0 = load_exp_consts();
  int r = 0;
#ifndef CE_NO_SMALL_C
  if (c < SMALL_C)
    for (; r + 4 <= n; r += 4) ce_four_rows(x, g, y, loss, scales, r, c, ignore_index, scale, &K0);
#endif
  for (; r < n; r++) {
    float* row = x + (uint32_t)r * (uint32_t)c;
    float* grow = want_grad ? g + (uint32_t)r * (uint32_t)c : row;
    const int k = y[r];
    const double sc = scales ? scales[r] : scale;
    if (k == ignore_index) {
      loss[r] = 0.0;
      if (want_grad) row_zero(grow, c);
      continue;
    }
    // Fast2Sum(a, b) is exact when |a| ≥ |b|: for −m and x when 0 ≤ m and −m ≤ min x (so |x| ≤ m for all
    // x), for x and −m when m < 0 (all x ≤ m < 0). Otherwise (a NaN max included) the 5-op TwoSum; also
    // below 64 classes, where the row's min costs more than Fast2Sum saves.
    float lo = 0.0f;
    const int fast = c >= BLOCK;
    const float m = fast ? row_max(row, c, &lo, 1) : row_max(row, c, &lo, 0);
    const float xk = row[k];
    double rest;  // R = Σ_{c≠y} e_c
#ifndef CE_NO_CUTOFF_SKIP
    const int spread_ok = fast && m - lo <= 87.0f;  // false for a NaN or infinite max or min
#else
    const int spread_ok = 0;
#endif
    if (!fast)
      rest = row_sumexp(row, grow, c, m, k, want_grad, TWO_SUM);
    else if (m >= 0.0f && lo >= -m)
      rest = spread_ok ? row_sumexp(row, grow, c, m, k, want_grad, FAST_M_GE_X | NO_CUTOFF)
                    : row_sumexp(row, grow, c, m, k, want_grad, FAST_M_GE_X);
    else if (m < 0.0f)
      rest = spread_ok ? row_sumexp(row, grow, c, m, k, want_grad, FAST_X_GE_M | NO_CUTOFF)
                    : row_sumexp(row, grow, c, m, k, want_grad, FAST_X_GE_M);
    else
      rest = spread_ok ? row_sumexp(row, grow, c, m, k, want_grad, TWO_SUM | NO_CUTOFF)
                    : row_sumexp(row, grow, c, m, k, want_grad, TWO_SUM);
    // e_y by the same vector exp (exactly the value stored in the gradient row), and S = e_y + R.
    const double ey = wasm_f32x4_extract_lane(vexp_minus(wasm_f32x4_splat(xk), wasm_f32x4_splat(m), &K0, TWO_SUM), 0);
    const double s = ey + rest;
    // −log p_y = log(S / e_y) = log1p(R / e_y): relative accuracy ≈ 6e-7 however close p_y is to 1 (where
    // (m − x_y) + log S would carry log S's 2⁻⁵³ absolute rounding). Where e_y is flushed to 0 (x_y − m <
    // −87.3), (m − x_y) + log S, which keeps log S's precision when |m| is large.
    loss[r] = ey > 0.0 ? log1p_f64(rest / ey) : ((double)m - (double)xk) + log_f64(s);
    if (!want_grad) continue;
    if (sc == 0.0) {
      row_zero(grow, c);
      continue;
    }
    row_scale(grow, c, (float)(sc / s));
    grow[k] = (float)(sc * ((0.0 - rest) / s));  // p_y − 1 = −R/S: no cancellation (0 − R: +0, not −0)
  }
}

// exp(x) over n floats with the kernel's exp (for the accuracy test).
EXPORT(vexp)
void vexp(const float* x, float* out, int n) {
  const exp_consts K = load_exp_consts();
  const v128_t zero = wasm_f32x4_splat(0.0f);
  int i = 0;
  for (; i + 4 <= n; i += 4) wasm_v128_store(out + i, vexp_minus(wasm_v128_load(x + i), zero, &K, TWO_SUM));
  for (; i < n; i++) out[i] = wasm_f32x4_extract_lane(vexp_minus(wasm_f32x4_splat(x[i]), zero, &K, TWO_SUM), 0);
}

// log in float64 (for the test).
EXPORT(log64)
double log64(double x) { return log_f64(x); }

// ---- compareLogits: per-row KL(a‖b), maxima, argmaxes and log-sum-exps of two float32 [N, V] matrices ----
//
// pass 1  max_a, max_b (row_max: NaN if any logit is), then argmax = first index equal to the max (the
//         TypeScript path's `>` scan keeps the first of ties), found 4 lanes at a time.
// pass 2  e_a = exp(a − max_a), e_b = exp(b − max_b) by the same exact-difference vector exp (TwoSum), and
//         in float64 lanes S_a = Σ e_a, S_b = Σ e_b, T = Σ e_a·((a − max_a) − (b − max_b)), the differences
//         formed in float64 (exact for float32 inputs but for the last subtraction). Terms with e_a = 0 are
//         skipped (a = −inf, or a − max_a < −87.3 where the exp flushes to 0: such terms are < 1e-37·|diff|);
//         a finite a against b = −inf makes T = +inf, as in the TypeScript path (which differs only where
//         a − max_a < −745, whose float64 exp is 0 and whose term it skips: logits spread wider than that).
// KL = T/S_a + log S_b − log S_a, clamped at 0 (NaN kept). Rows whose max is not finite (NaN, ±inf) are
// left to the caller: their maxima are written and nothing else is meaningful.

static inline int first_index_of(const float* x, int c, float m) {
  const v128_t vm = wasm_f32x4_splat(m);
  int i = 0;
  for (; i + 4 <= c; i += 4) {
    const uint32_t bits = wasm_i32x4_bitmask(wasm_f32x4_eq(wasm_v128_load(x + i), vm));
    if (bits) return i + __builtin_ctz(bits);
  }
  for (; i < c; i++)
    if (x[i] == m) return i;
  return 0;
}


typedef struct {
  v128_t sa, sb, t;
  v128_t inf;  // lanes where a > −inf and b = −inf (i32x4 all-ones)
} kl_acc;

static inline __attribute__((always_inline)) void kl_step(v128_t va, v128_t vb, v128_t vma, v128_t vmb, v128_t dma,
                                                          v128_t dmb, const exp_consts* K, kl_acc* acc) {
  const v128_t ninf = wasm_f32x4_splat(-__builtin_inff());
  const v128_t ea = vexp_minus(va, vma, K, TWO_SUM);
  const v128_t eb = vexp_minus(vb, vmb, K, TWO_SUM);
  acc->inf = wasm_v128_or(acc->inf, wasm_v128_and(wasm_f32x4_ne(va, ninf), wasm_f32x4_eq(vb, ninf)));
  const v128_t ea_lo = wasm_f64x2_promote_low_f32x4(ea), ea_hi = promote_hi(ea);
  acc->sa = wasm_f64x2_add(acc->sa, wasm_f64x2_add(ea_lo, ea_hi));
  acc->sb = wasm_f64x2_add(acc->sb, wasm_f64x2_add(wasm_f64x2_promote_low_f32x4(eb), promote_hi(eb)));
  const v128_t d_lo = wasm_f64x2_sub(wasm_f64x2_sub(wasm_f64x2_promote_low_f32x4(va), dma),
                                     wasm_f64x2_sub(wasm_f64x2_promote_low_f32x4(vb), dmb));
  const v128_t d_hi = wasm_f64x2_sub(wasm_f64x2_sub(promote_hi(va), dma), wasm_f64x2_sub(promote_hi(vb), dmb));
  const v128_t zero = wasm_f64x2_splat(0.0);
  // e_a = 0 lanes contribute nothing (their difference may be ±inf or NaN).
  const v128_t t_lo = wasm_v128_andnot(wasm_f64x2_mul(ea_lo, d_lo), wasm_f64x2_eq(ea_lo, zero));
  const v128_t t_hi = wasm_v128_andnot(wasm_f64x2_mul(ea_hi, d_hi), wasm_f64x2_eq(ea_hi, zero));
  acc->t = wasm_f64x2_add(acc->t, wasm_f64x2_add(t_lo, t_hi));
}

EXPORT(kl_rows)
void kl_rows(const float* a, const float* b, int n, int c, double* kl, double* max_a, double* lse_a, double* max_b,
             double* lse_b, int32_t* top_a, int32_t* top_b) {
  const exp_consts K = load_exp_consts();
  for (int r = 0; r < n; r++) {
    const float* ra = a + (uint32_t)r * (uint32_t)c;
    const float* rb = b + (uint32_t)r * (uint32_t)c;
    float lo;
    const float ma = row_max(ra, c, &lo, 0);
    const float mb = row_max(rb, c, &lo, 0);
    max_a[r] = ma;
    max_b[r] = mb;
    if (!(ma - ma == 0.0f) || !(mb - mb == 0.0f)) {  // NaN or ±inf: the caller's TypeScript path takes the row
      kl[r] = __builtin_nan("");
      lse_a[r] = lse_b[r] = __builtin_nan("");
      top_a[r] = top_b[r] = 0;
      continue;
    }
    top_a[r] = first_index_of(ra, c, ma);
    top_b[r] = first_index_of(rb, c, mb);
    const v128_t vma = wasm_f32x4_splat(ma), vmb = wasm_f32x4_splat(mb);
    const v128_t dma = wasm_f64x2_splat(ma), dmb = wasm_f64x2_splat(mb);
    kl_acc acc = {wasm_f64x2_splat(0.0), wasm_f64x2_splat(0.0), wasm_f64x2_splat(0.0), wasm_i32x4_splat(0)};
    int i = 0;
    for (; i + 4 <= c; i += 4) kl_step(wasm_v128_load(ra + i), wasm_v128_load(rb + i), vma, vmb, dma, dmb, &K, &acc);
    if (i < c) {
      const float ninf = -__builtin_inff();
      kl_step(load_tail(ra + i, c - i, ninf), load_tail(rb + i, c - i, ninf), vma, vmb, dma, dmb, &K, &acc);
    }
    const double sa = wasm_f64x2_extract_lane(acc.sa, 0) + wasm_f64x2_extract_lane(acc.sa, 1);
    const double sb = wasm_f64x2_extract_lane(acc.sb, 0) + wasm_f64x2_extract_lane(acc.sb, 1);
    double t = wasm_f64x2_extract_lane(acc.t, 0) + wasm_f64x2_extract_lane(acc.t, 1);
    if (wasm_v128_any_true(acc.inf)) t = __builtin_inf();
    const double la = log_f64(sa), lb = log_f64(sb);
    lse_a[r] = la;
    lse_b[r] = lb;
    const double d = t / sa + lb - la;
    kl[r] = d < 0.0 ? 0.0 : d;
  }
}

// ---- softmaxEntropy: per-row entropy of softmax(x) over a float32 [N, C] matrix ----
//
// pass 1  m = max x (row_max: NaN if any logit is)
// pass 2  e = exp(x − m) (the exact-difference vector exp); in float64 lanes R = Σ_{x≠m} e (the maxima,
//         whose e is exactly 1, counted apart as k) and U = Σ e·(m − x) (every term ≥ 0; m − x formed in
//         float64), skipping e = 0 terms as kl_rows does.
// H = log1p((k − 1) + R) + U/S with S = k + R: both terms ≥ 0, so no cancellation, and log1p keeps a nearly
// certain row's small H (R → 0) to relative accuracy ≈ ε_exp + 2⁻⁵³·C ≈ 2e-7, where log S would carry
// 2⁻⁵³ absolute. Terms whose e falls below float32's normal range (x − m < −87.3) are flushed to 0: an
// absolute error below C·(1 + m − min x)·2⁻¹²⁶. Rows whose max is not finite get NaN (the caller's
// TypeScript path).

typedef struct {
  v128_t r, u, k;
} ent_acc;

static inline __attribute__((always_inline)) void ent_step(v128_t vx, v128_t vm, v128_t dm, const exp_consts* K,
                                                           ent_acc* acc) {
  const v128_t at_max = wasm_f32x4_eq(vx, vm);
  const v128_t e = vexp_minus(vx, vm, K, TWO_SUM);
  const v128_t r = wasm_v128_andnot(e, at_max);
  acc->k = wasm_i32x4_sub(acc->k, at_max);  // lanes of at_max are −1 where true
  const v128_t e_lo = wasm_f64x2_promote_low_f32x4(e), e_hi = promote_hi(e);
  acc->r = wasm_f64x2_add(acc->r, wasm_f64x2_add(wasm_f64x2_promote_low_f32x4(r), promote_hi(r)));
  const v128_t d_lo = wasm_f64x2_sub(dm, wasm_f64x2_promote_low_f32x4(vx));
  const v128_t d_hi = wasm_f64x2_sub(dm, promote_hi(vx));
  const v128_t zero = wasm_f64x2_splat(0.0);
  const v128_t t_lo = wasm_v128_andnot(wasm_f64x2_mul(e_lo, d_lo), wasm_f64x2_eq(e_lo, zero));
  const v128_t t_hi = wasm_v128_andnot(wasm_f64x2_mul(e_hi, d_hi), wasm_f64x2_eq(e_hi, zero));
  acc->u = wasm_f64x2_add(acc->u, wasm_f64x2_add(t_lo, t_hi));
}

EXPORT(entropy_rows)
void entropy_rows(const float* x, int n, int c, double* h) {
  const exp_consts K = load_exp_consts();
  for (int r = 0; r < n; r++) {
    const float* row = x + (uint32_t)r * (uint32_t)c;
    float lo;
    const float m = row_max(row, c, &lo, 0);
    if (!(m - m == 0.0f)) {  // NaN or ±inf: the caller's TypeScript path takes the row
      h[r] = __builtin_nan("");
      continue;
    }
    const v128_t vm = wasm_f32x4_splat(m);
    const v128_t dm = wasm_f64x2_splat(m);
    ent_acc acc = {wasm_f64x2_splat(0.0), wasm_f64x2_splat(0.0), wasm_i32x4_splat(0)};
    int i = 0;
    for (; i + 4 <= c; i += 4) ent_step(wasm_v128_load(row + i), vm, dm, &K, &acc);
    if (i < c) ent_step(load_tail(row + i, c - i, -__builtin_inff()), vm, dm, &K, &acc);
    const double rest = wasm_f64x2_extract_lane(acc.r, 0) + wasm_f64x2_extract_lane(acc.r, 1);
    const double u = wasm_f64x2_extract_lane(acc.u, 0) + wasm_f64x2_extract_lane(acc.u, 1);
    const double k = (double)(wasm_i32x4_extract_lane(acc.k, 0) + wasm_i32x4_extract_lane(acc.k, 1) +
                              wasm_i32x4_extract_lane(acc.k, 2) + wasm_i32x4_extract_lane(acc.k, 3));
    h[r] = log1p_f64((k - 1.0) + rest) + u / (k + rest);
  }
}

// Σ x over n floats in float32 lanes (a read of the array at the speed of the memory: the baseline
// bench/ce.mjs compares the kernels with; not used by the library).
EXPORT(sum_f32)
float sum_f32(const float* x, int n) {
  v128_t a0 = wasm_f32x4_splat(0.0f), a1 = a0, a2 = a0, a3 = a0;
  int i = 0;
  for (; i + 16 <= n; i += 16) {
    a0 = wasm_f32x4_add(a0, wasm_v128_load(x + i));
    a1 = wasm_f32x4_add(a1, wasm_v128_load(x + i + 4));
    a2 = wasm_f32x4_add(a2, wasm_v128_load(x + i + 8));
    a3 = wasm_f32x4_add(a3, wasm_v128_load(x + i + 12));
  }
  a0 = wasm_f32x4_add(wasm_f32x4_add(a0, a1), wasm_f32x4_add(a2, a3));
  float s = wasm_f32x4_extract_lane(a0, 0) + wasm_f32x4_extract_lane(a0, 1) + wasm_f32x4_extract_lane(a0, 2) +
            wasm_f32x4_extract_lane(a0, 3);
  for (; i < n; i++) s += x[i];
  return s;
}

// ---- klDivLoss: Σ p·(log p − x) and the gradient −p·scale over float32 input x (log-probabilities) ----
//
// log_target = 0: p = t and log p = log t in float64 lanes (log_f64x2, about 2 ulp of float64);
// log_target = 1: log p = t and p = exp(t) by the vector exp (float32, ε_exp ≈ 1.7e-7 relative).
// Terms with p = 0 are 0 (PyTorch's xlogy convention, whatever x is); the terms are summed in float64 lanes.
// g = −p·scale is formed in float64 and rounded once to float32, as the TypeScript path stores it (0 where
// scale = 0). Targets the fast path does not take (negative, NaN or +inf; with log_target, above 88, where
// float32 exp overflows) set *bad, and the caller redoes the call on the float64 path.

static inline v128_t demote2(v128_t lo, v128_t hi) {
  return wasm_i32x4_shuffle(wasm_f32x4_demote_f64x2_zero(lo), wasm_f32x4_demote_f64x2_zero(hi), 0, 1, 4, 5);
}

EXPORT(kl_div)
double kl_div(const float* x, const float* t, float* g, int n, int log_target, double scale, int32_t* bad) {
  const exp_consts K = load_exp_consts();
  const v128_t zero = wasm_f64x2_splat(0.0);
  const v128_t vscale = wasm_f64x2_splat(-scale);
  v128_t sum = zero;
  v128_t flag = wasm_i32x4_splat(0);
  const v128_t limit = wasm_f32x4_splat(log_target ? 88.0f : __builtin_inff());
  int i = 0;
  for (; i < n; i += 4) {
    const int r = n - i < 4 ? n - i : 4;
    // The last 1–3 elements: t padded with 0 (or −inf for log targets: p = 0 either way), x with 0.
    const v128_t vt = r == 4 ? wasm_v128_load(t + i) : load_tail(t + i, r, log_target ? -__builtin_inff() : 0.0f);
    const v128_t vx = r == 4 ? wasm_v128_load(x + i) : load_tail(x + i, r, 0.0f);
    // bad: t ≥ limit (+inf, or > 88 for log targets), NaN, or (probabilities) negative
    flag = wasm_v128_or(flag, wasm_v128_or(wasm_f32x4_ge(vt, limit), wasm_f32x4_ne(vt, vt)));
    v128_t p_lo, p_hi, lp_lo, lp_hi;
    if (log_target) {
      const v128_t p = vexp_minus(vt, wasm_f32x4_splat(0.0f), &K, TWO_SUM);
      p_lo = wasm_f64x2_promote_low_f32x4(p);
      p_hi = promote_hi(p);
      lp_lo = wasm_f64x2_promote_low_f32x4(vt);
      lp_hi = promote_hi(vt);
    } else {
      flag = wasm_v128_or(flag, wasm_f32x4_lt(vt, wasm_f32x4_splat(0.0f)));
      p_lo = wasm_f64x2_promote_low_f32x4(vt);
      p_hi = promote_hi(vt);
      lp_lo = log_f64x2(p_lo);  // garbage where p = 0: masked below
      lp_hi = log_f64x2(p_hi);
    }
    const v128_t t_lo = wasm_f64x2_mul(p_lo, wasm_f64x2_sub(lp_lo, wasm_f64x2_promote_low_f32x4(vx)));
    const v128_t t_hi = wasm_f64x2_mul(p_hi, wasm_f64x2_sub(lp_hi, promote_hi(vx)));
    sum = wasm_f64x2_add(sum, wasm_f64x2_add(wasm_v128_andnot(t_lo, wasm_f64x2_eq(p_lo, zero)),
                                             wasm_v128_andnot(t_hi, wasm_f64x2_eq(p_hi, zero))));
    if (g) {
      const v128_t gv = scale == 0.0 ? wasm_f32x4_splat(0.0f)
                                     : demote2(wasm_f64x2_mul(p_lo, vscale), wasm_f64x2_mul(p_hi, vscale));
      if (r == 4) {
        wasm_v128_store(g + i, gv);
      } else {
        g[i] = wasm_f32x4_extract_lane(gv, 0);
        if (r > 1) g[i + 1] = wasm_f32x4_extract_lane(gv, 1);
        if (r > 2) g[i + 2] = wasm_f32x4_extract_lane(gv, 2);
      }
    }
  }
  *bad = wasm_v128_any_true(flag);
  return wasm_f64x2_extract_lane(sum, 0) + wasm_f64x2_extract_lane(sum, 1);
}

// ---- linearCrossEntropyLoss: float32 GEMM blocks and the softmax steps between them ----
//
// Row-major float32 matrices, float32 accumulation (as a float32 GEMM: each dot product of length k is a sum
// of 4 lane sums, error ≲ k·2⁻²⁴ relative to Σ|a·b| in the worst case). No shadow stack: every tile lives
// in wasm locals.

// Σ_q a[q]·b[q] over k floats for two rows of A against four rows of B: 8 dot products.
#define DOT_LANES(acc, a, b) acc = wasm_f32x4_add(acc, wasm_f32x4_mul(a, b))
// The 2 × 4 tile's eight lane-wise dot-product updates (accumulators c00..c13 in scope).
#define DOT_2x4(x0, x1, y0, y1, y2, y3) \
  do {                                   \
    DOT_LANES(c00, x0, y0);              \
    DOT_LANES(c01, x0, y1);              \
    DOT_LANES(c02, x0, y2);              \
    DOT_LANES(c03, x0, y3);              \
    DOT_LANES(c10, x1, y0);              \
    DOT_LANES(c11, x1, y1);              \
    DOT_LANES(c12, x1, y2);              \
    DOT_LANES(c13, x1, y3);              \
  } while (0)

static inline float hsum(v128_t v) {
  return (wasm_f32x4_extract_lane(v, 0) + wasm_f32x4_extract_lane(v, 1)) +
         (wasm_f32x4_extract_lane(v, 2) + wasm_f32x4_extract_lane(v, 3));
}

// C[i·ldc + j] = Σ_q A[i·k + q]·B[j·k + q] (+ bias[j] when bias is not null), i < m, j < n: C = A·Bᵀ.
EXPORT(gemm_nt)
void gemm_nt(const float* A, const float* B, float* C, int m, int n, int k, int ldc, const float* bias) {
  const int k4 = k & ~3;
  for (int i = 0; i < m; i += 2) {
    const int two = i + 1 < m;
    const float* a0 = A + (uint32_t)i * (uint32_t)k;
    const float* a1 = two ? a0 + k : a0;
    for (int j = 0; j < n; j += 4) {
      const int cols = n - j < 4 ? n - j : 4;
      const float* b0 = B + (uint32_t)j * (uint32_t)k;
      const float* b1 = cols > 1 ? b0 + k : b0;
      const float* b2 = cols > 2 ? b1 + k : b0;
      const float* b3 = cols > 3 ? b2 + k : b0;
      v128_t c00 = wasm_f32x4_splat(0.0f), c01 = c00, c02 = c00, c03 = c00;
      v128_t c10 = c00, c11 = c00, c12 = c00, c13 = c00;
      int q = 0;
      for (; q < k4; q += 4) {
        const v128_t x0 = wasm_v128_load(a0 + q), x1 = wasm_v128_load(a1 + q);
        const v128_t y0 = wasm_v128_load(b0 + q), y1 = wasm_v128_load(b1 + q);
        const v128_t y2 = wasm_v128_load(b2 + q), y3 = wasm_v128_load(b3 + q);
        DOT_2x4(x0, x1, y0, y1, y2, y3);
      }
      if (q < k) {
        const int r = k - q;
        const v128_t x0 = load_tail(a0 + q, r, 0.0f), x1 = load_tail(a1 + q, r, 0.0f);
        const v128_t y0 = load_tail(b0 + q, r, 0.0f), y1 = load_tail(b1 + q, r, 0.0f);
        const v128_t y2 = load_tail(b2 + q, r, 0.0f), y3 = load_tail(b3 + q, r, 0.0f);
        DOT_2x4(x0, x1, y0, y1, y2, y3);
      }
      float* r0 = C + (uint32_t)i * (uint32_t)ldc + j;
      const float o00 = hsum(c00) + (bias ? bias[j] : 0.0f);
      r0[0] = o00;
      if (cols > 1) r0[1] = hsum(c01) + (bias ? bias[j + 1] : 0.0f);
      if (cols > 2) r0[2] = hsum(c02) + (bias ? bias[j + 2] : 0.0f);
      if (cols > 3) r0[3] = hsum(c03) + (bias ? bias[j + 3] : 0.0f);
      if (two) {
        float* r1 = r0 + ldc;
        r1[0] = hsum(c10) + (bias ? bias[j] : 0.0f);
        if (cols > 1) r1[1] = hsum(c11) + (bias ? bias[j + 1] : 0.0f);
        if (cols > 2) r1[2] = hsum(c12) + (bias ? bias[j + 2] : 0.0f);
        if (cols > 3) r1[3] = hsum(c13) + (bias ? bias[j + 3] : 0.0f);
      }
    }
  }
}

// c0 += s0·src and, when two, c1 += s1·src, over k floats.
static inline void axpy2(float* c0, float* c1, int two, float s0, float s1, const float* src, int k) {
  const v128_t v0 = wasm_f32x4_splat(s0), v1 = wasm_f32x4_splat(s1);
  int q = 0;
  for (; q + 4 <= k; q += 4) {
    const v128_t x = wasm_v128_load(src + q);
    wasm_v128_store(c0 + q, wasm_f32x4_add(wasm_v128_load(c0 + q), wasm_f32x4_mul(v0, x)));
    if (two) wasm_v128_store(c1 + q, wasm_f32x4_add(wasm_v128_load(c1 + q), wasm_f32x4_mul(v1, x)));
  }
  for (; q < k; q++) {
    c0[q] += s0 * src[q];
    if (two) c1[q] += s1 * src[q];
  }
}

// C[i·k + q] += Σ_j G[i·n + j]·B[j·k + q]: C += G·B (G: m × n, B: n × k, C: m × k).
EXPORT(gemm_nn_acc)
void gemm_nn_acc(const float* G, const float* B, float* C, int m, int n, int k) {
  for (int i = 0; i < m; i += 2) {
    const int two = i + 1 < m;
    const float* g0 = G + (uint32_t)i * (uint32_t)n;
    const float* g1 = two ? g0 + n : g0;
    float* c0 = C + (uint32_t)i * (uint32_t)k;
    float* c1 = two ? c0 + k : c0;
    for (int j = 0; j < n; j++) {
      const float s0 = g0[j], s1 = two ? g1[j] : 0.0f;
      if (s0 == 0.0f && s1 == 0.0f) continue;
      axpy2(c0, c1, two, s0, s1, B + (uint32_t)j * (uint32_t)k, k);
    }
  }
}

// C[j·k + q] = Σ_i G[i·ldg + j]·A[i·k + q]: C = Gᵀ·A for n columns of G (G: m × ldg, A: m × k, C: n × k),
// overwriting C.
EXPORT(gemm_tn)
void gemm_tn(const float* G, const float* A, float* C, int m, int n, int k, int ldg) {
  for (int j = 0; j < n; j += 2) {
    const int two = j + 1 < n;
    float* c0 = C + (uint32_t)j * (uint32_t)k;
    float* c1 = two ? c0 + k : c0;
    row_zero(c0, k);
    if (two) row_zero(c1, k);
    for (int i = 0; i < m; i++) {
      const float s0 = G[(uint32_t)i * (uint32_t)ldg + j], s1 = two ? G[(uint32_t)i * (uint32_t)ldg + j + 1] : 0.0f;
      if (s0 == 0.0f && s1 == 0.0f) continue;
      axpy2(c0, c1, two, s0, s1, A + (uint32_t)i * (uint32_t)k, k);
    }
  }
}

// Per row of Z (m × n): the max (NaN if any entry is) and Σ exp(z − max) in float64.
EXPORT(row_stats)
void row_stats(const float* Z, int m, int n, double* mx, double* sum) {
  for (int i = 0; i < m; i++) {
    const float* z = Z + (uint32_t)i * (uint32_t)n;
    float lo;
    const float mi = row_max(z, n, &lo, 0);
    mx[i] = mi;
    sum[i] = row_sumexp(z, (float*)z, n, mi, -1, 0, TWO_SUM);
  }
}

// Z ← (exp(Z − m_i)·f_i) per row, then Z[i, t_i] −= s_i where 0 ≤ t_i < n: the block of
// (softmax − onehot)·scale with f_i = scale_i / S_i. Rows with f_i = 0 and s_i = 0 become 0.
EXPORT(softmax_grad_rows)
void softmax_grad_rows(float* Z, int m, int n, const double* mx, const double* f, const int32_t* t, const double* s) {
  const exp_consts K = load_exp_consts();
  for (int i = 0; i < m; i++) {
    float* z = Z + (uint32_t)i * (uint32_t)n;
    if (f[i] == 0.0 && s[i] == 0.0) {
      row_zero(z, n);
      continue;
    }
    const v128_t vm = wasm_f32x4_splat((float)mx[i]);
    const v128_t vf = wasm_f32x4_splat((float)f[i]);
    int q = 0;
    for (; q + 4 <= n; q += 4) wasm_v128_store(z + q, wasm_f32x4_mul(vexp_minus(wasm_v128_load(z + q), vm, &K, TWO_SUM), vf));
    for (; q < n; q++) {
      const v128_t e = vexp_minus(wasm_f32x4_splat(z[q]), vm, &K, TWO_SUM);
      z[q] = wasm_f32x4_extract_lane(e, 0) * (float)f[i];
    }
    const int ti = t[i];
    if (ti >= 0 && ti < n) z[ti] = (float)((double)z[ti] - s[i]);
  }
}
