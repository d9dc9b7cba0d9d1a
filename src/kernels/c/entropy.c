// Entropy of softmax rows (entropy_rows, softmaxEntropy's kernel).

#include "log.h"
#include "rows.h"
#include "simd.h"

// ---- entropy_rows: per-row entropy of softmax(x) over a float32 [N, C] matrix ----
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
