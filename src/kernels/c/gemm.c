// Float32 GEMM blocks and the softmax steps between them (linearCrossEntropyLoss's kernels: the logits
// hidden·Wᵀ + b a block of classes at a time, never the whole [N, V] matrix).

#include "rows.h"
#include "simd.h"

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
