// Row helpers shared by the softmax kernels (cross_entropy.c, kl.c, entropy.c, gemm.c): a row's max, Σ exp
// over a row with the target left out, and the row scalings of the gradient.

#ifndef SURPRISAL_ROWS_H
#define SURPRISAL_ROWS_H

#include "simd.h"

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

#endif
