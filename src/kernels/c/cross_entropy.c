// Cross entropy of softmax rows with class-index targets, value and gradient (ce_rows).
//
// Per row of C float32 logits x (row-major [N, C]) and target y:
//   pass 1  m = max_c x_c                              (f32x4.pmax: f32x4.max is 3x slower on x86)
//   pass 2  e_c = exp(x_c − m), R = Σ_{c≠y} e_c         (e_c stored into the gradient buffer g)
//   loss    −log p_y = log1p(R / e_y)                   (float64; S = e_y + R)
//   pass 3  g_c = e_c · (scale / S), then g_y = −scale · R / S in float64 (no cancellation in p_y − 1)
// Ignored rows (y = ignoreIndex) get loss 0 and a zero gradient row; scale = 0 writes zeros, as the
// TypeScript reference does (an upstream gradient of 0 gives 0 even where the row is NaN).
//
// * d = x − m reaches the exp (simd.h) exactly: from 64 classes up, pass 1 also finds the row's min, and
//   where it shows one operand at least the other in magnitude for the whole row (0 ≤ m and −m ≤ min x,
//   or m < 0) d_lo comes from Fast2Sum (2 ops); otherwise, and below 64 classes, from Knuth's TwoSum (5
//   ops). Where the spread m − min x is at most 87, no exp can fall below the flush-to-zero cutoff, and its
//   mask is skipped (2 ops; 12% of the row's time).
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
// * log S is log_f64 (log.h), not a JavaScript import: one call per row would cost more than the row at
//   C = 10.

#include "log.h"
#include "rows.h"
#include "simd.h"

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

// The row paths (see VARIANT in simd.h): the four-rows loop, and R by each mode.
__attribute__((unused)) VARIANT int ce_small_rows(const float* x, float* g, const int32_t* y, double* loss, const double* scales, int n,
                          int c, int ignore_index, double scale) {
  const exp_consts K0 = load_exp_consts();
  int r = 0;
  for (; r + 4 <= n; r += 4) ce_four_rows(x, g, y, loss, scales, r, c, ignore_index, scale, &K0);
  return r;
}
#define SUMEXP_VARIANT(NAME, MODE)                                                          \
  VARIANT double NAME(const float* x, float* e, int c, float m, int k, int store) {         \
    return row_sumexp(x, e, c, m, k, store, MODE);                                          \
  }
SUMEXP_VARIANT(sumexp_two_sum, TWO_SUM)
SUMEXP_VARIANT(sumexp_two_sum_all, TWO_SUM | NO_CUTOFF)
SUMEXP_VARIANT(sumexp_m_ge_x, FAST_M_GE_X)
SUMEXP_VARIANT(sumexp_m_ge_x_all, FAST_M_GE_X | NO_CUTOFF)
SUMEXP_VARIANT(sumexp_x_ge_m, FAST_X_GE_M)
SUMEXP_VARIANT(sumexp_x_ge_m_all, FAST_X_GE_M | NO_CUTOFF)
#undef SUMEXP_VARIANT

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
  if (c < SMALL_C) r = ce_small_rows(x, g, y, loss, scales, n, c, ignore_index, scale);
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
      rest = sumexp_two_sum(row, grow, c, m, k, want_grad);
    else if (m >= 0.0f && lo >= -m)
      rest = spread_ok ? sumexp_m_ge_x_all(row, grow, c, m, k, want_grad)
                    : sumexp_m_ge_x(row, grow, c, m, k, want_grad);
    else if (m < 0.0f)
      rest = spread_ok ? sumexp_x_ge_m_all(row, grow, c, m, k, want_grad)
                    : sumexp_x_ge_m(row, grow, c, m, k, want_grad);
    else
      rest = spread_ok ? sumexp_two_sum_all(row, grow, c, m, k, want_grad)
                    : sumexp_two_sum(row, grow, c, m, k, want_grad);
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

// ce_rows over rows claimed `grain` at a time from the int32 counter at `next` (an atomic add on the shared
// memory: every thread given the same arguments takes the next rows not yet taken, and returns when none are
// left), so that threads share a block however fast each one is. grain is a multiple of 4, so the four-rows
// path groups the rows exactly as one call over the whole block does, and the results do not depend on which
// thread ran which rows. In the plain (single-threaded) build the add is an ordinary one.
EXPORT(ce_rows_claim)
void ce_rows_claim(float* x, float* g, const int32_t* y, double* loss, const double* scales, int n, int c,
                   int ignore_index, double scale, int* next, int grain) {
  for (;;) {
    const int r = __atomic_fetch_add(next, grain, __ATOMIC_RELAXED);
    if (r >= n) return;
    const int k = n - r < grain ? n - r : grain;
    const uint32_t off = (uint32_t)r * (uint32_t)c;
    ce_rows(x + off, g ? g + off : 0, y + r, loss + r, scales ? scales + r : 0, k, c, ignore_index, scale);
  }
}
