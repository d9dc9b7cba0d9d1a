// KL divergence kernels: per-row KL(a‖b) of two softmax rows (kl_rows, compareLogits's statistics) and
// Σ p·(log p − x) with its gradient (kl_div, klDivLoss).

#include "log.h"
#include "rows.h"
#include "simd.h"

// ---- kl_rows: per-row KL(a‖b), maxima, argmaxes and log-sum-exps of two float32 [N, V] matrices ----
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

// ---- kl_div: Σ p·(log p − x) and the gradient −p·scale over float32 input x (log-probabilities) ----
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
