// Measures over one long vector (or two) of probabilities or logits, float64 or float32 (f32 = 1; promoted to
// float64 on load), two float64 lanes at a time with the exp and log of vmath64.h: entropy, cross entropy,
// KL and JS divergence, Rényi entropy, and the passes of logSumExp / softmax (src/kernels/operations/
// vector.ts drives them over chunks copied into kernel memory; src/measures/vectorFast.ts and
// src/core/vectorKernels.ts decide when).
//
// Each kernel validates as it sums: a probability that is not in [0, ∞) (negative, NaN, +inf) sets `bad`,
// and an input that the float64 path treats in a way the lanes do not (see each kernel) sets `rare`; the
// caller then redoes the whole call on the TypeScript path, which throws the documented error or computes the
// rare case. Sums are two-lane Neumaier sums (nsum2), written as 4 doubles (sums, compensations) that the
// caller adds across chunks. A trailing odd element is padded with a value whose term is 0.

#include "vmath64.h"

// The constants of vmath64.h (declared there; not const, so that they are loaded, not folded: see there).
#define VM64_VALUE(name, value) value,
double kernel_vmath64[VM64_COUNT] = {VM64_CONSTS(VM64_VALUE)};
int64_t kernel_vmath64_int[VM64_INT_COUNT] = {VM64_INTS(VM64_VALUE)};
double kernel_exp_table[2 << EXP_TABLE_BITS] __attribute__((aligned(16))) = {EXP_TABLE_VALUES};
double kernel_log2_table[2 << LOG2_TABLE_BITS] __attribute__((aligned(16))) = {LOG2_TABLE_VALUES};
double kernel_log_table[2 << LOG_TABLE_BITS] __attribute__((aligned(16))) = {LOG_TABLE_VALUES};
#undef VM64_VALUE

// Two elements at i as float64 lanes; the last one alone (lane 1 = pad).
static inline __attribute__((always_inline)) v128_t ld2(const void* p, int i, const int f32) {
  if (f32) return wasm_f64x2_promote_low_f32x4(wasm_v128_load64_zero((const float*)p + i));
  return wasm_v128_load((const double*)p + i);
}
static inline __attribute__((always_inline)) v128_t ld1(const void* p, int i, const int f32, double pad) {
  const double v = f32 ? (double)((const float*)p)[i] : ((const double*)p)[i];
  return wasm_f64x2_make(v, pad);
}

// Negative lanes. A NaN or +inf lane makes Σp NaN or +inf, which the caller's check of Σp refuses (and its
// TypeScript path then names the entry), so only the sign needs a test here.
static inline __attribute__((always_inline)) v128_t not_prob(v128_t p) { return wasm_f64x2_lt(p, F64(0.0)); }

static inline void store_flag(double* out, v128_t flag) { *out = wasm_v128_any_true(flag) ? 1.0 : 0.0; }

// A plain two-lane sum stored as nsum2_store does (compensations 0). The sums of the inputs are only checked
// against the tolerance (the caller leaves a margin of 1e-10 for their rounding: at most 2¹⁴·2⁻⁵³ ≈ 2e-12 of
// a chunk's sum per lane), so they need no compensation.
static inline void store_plain(const v128_t* s, double* out) {
  out[0] = wasm_f64x2_extract_lane(*s, 0);
  out[1] = wasm_f64x2_extract_lane(*s, 1);
  out[2] = out[3] = 0.0;
}

// The exported kernels take n elements in blocks of `block` (the last one shorter), each block writing its
// own RESULT doubles at out + RESULT·j (vec_softmax: its own part of y). A block's partial sums are the same
// whichever call, or thread, runs it: the caller adds them in block order, so its result is the same for every
// split of the blocks among threads (src/kernels/operations/vector.ts).
#define RESULT 16

// Element i of p (float32 or float64).
static inline __attribute__((always_inline)) const void* elem(const void* p, int i, const int f32) {
  return (const char*)p + (unsigned)i * (f32 ? 4u : 8u);
}

// Runs CALL once per block of BLOCK elements of n, with `off` the block's first element, `len` its length and
// `res` its result block (out + RESULT·j).
#define EACH_BLOCK(n, block, out, CALL)                              \
  do {                                                                \
    double* res = (out);                                              \
    for (int off = 0; off < (n); off += (block), res += RESULT) {     \
      const int len = (n) - off < (block) ? (n) - off : (block);      \
      CALL;                                                           \
    }                                                                 \
  } while (0)

// An export over one input in blocks (as EACH_BLOCK), with one VARIANT function per float type: BODY(p, len,
// res, f32) for each block.
#define ONE_INPUT_KERNEL(NAME, BODY)                                                    \
  VARIANT void NAME##_f64(const void* p, int n, double* out, int block) {               \
    EACH_BLOCK(n, block, out, BODY(elem(p, off, 0), len, res, 0));                      \
  }                                                                                     \
  VARIANT void NAME##_f32(const void* p, int n, double* out, int block) {               \
    EACH_BLOCK(n, block, out, BODY(elem(p, off, 1), len, res, 1));                      \
  }                                                                                     \
  EXPORT(NAME)                                                                          \
  void NAME(const void* p, int n, int f32, double* out, int block) {                    \
    if (f32) NAME##_f32(p, n, out, block);                                              \
    else NAME##_f64(p, n, out, block);                                                  \
  }

// Runs PAIR (with v0, v1: elements i..i+3) over x four elements at a time, then ONE (with v) over the rest two
// at a time, the last odd one padded with pad. The kernels add the two vectors' terms before their TwoSum
// (one rounding of the size of the terms' own; half the TwoSums).
#define EACH4P(x, n, f32, pad, PAIR, ONE)                                  \
  do {                                                                     \
    int i_ = 0;                                                            \
    for (; i_ + 4 <= (n); i_ += 4) {                                       \
      const v128_t v0 = ld2((x), i_, (f32));                               \
      const v128_t v1 = ld2((x), i_ + 2, (f32));                           \
      PAIR;                                                                \
    }                                                                      \
    for (; i_ + 2 <= (n); i_ += 2) {                                       \
      const v128_t v = ld2((x), i_, (f32));                                \
      ONE;                                                                 \
    }                                                                      \
    if (i_ < (n)) {                                                        \
      const v128_t v = ld1((x), i_, (f32), (pad));                         \
      ONE;                                                                 \
    }                                                                      \
  } while (0)

// EACH4P with two PAIRs a loop iteration: V8 reloads the constants it spilled at the top of every iteration,
// which a loop holding an exp's or a log's constants pays once per 8 elements instead of 4 (logSumExp and
// entropy 1.12–1.13× on 10⁶; the stats pass, with fewer constants, ran 0.92× this way). The same operations
// in the same order as EACH4P: the same bits.
#define EACH8P(x, n, f32, pad, PAIR, ONE)                                  \
  do {                                                                     \
    int i8_ = 0;                                                           \
    for (; i8_ + 8 <= (n); i8_ += 8) {                                     \
      {                                                                    \
        const v128_t v0 = ld2((x), i8_, (f32));                            \
        const v128_t v1 = ld2((x), i8_ + 2, (f32));                        \
        PAIR;                                                              \
      }                                                                    \
      {                                                                    \
        const v128_t v0 = ld2((x), i8_ + 4, (f32));                        \
        const v128_t v1 = ld2((x), i8_ + 6, (f32));                        \
        PAIR;                                                              \
      }                                                                    \
    }                                                                      \
    EACH4P(elem((x), i8_, (f32)), (n) - i8_, (f32), (pad), PAIR, ONE);     \
  } while (0)

// Runs STEP(v) over x two elements at a time, the last odd one padded with pad (STEP is a statement using v).
#define EACH2(x, n, f32, pad, v, STEP)                 \
  do {                                                  \
    int i_ = 0;                                         \
    for (; i_ + 2 <= (n); i_ += 2) {                    \
      const v128_t v = ld2((x), i_, (f32));             \
      STEP;                                             \
    }                                                   \
    if (i_ < (n)) {                                     \
      const v128_t v = ld1((x), i_, (f32), (pad));      \
      STEP;                                             \
    }                                                   \
  } while (0)

// ---- entropy: Σp and Σ −p·log p (0 where p = 0) ----
// out: [0..3] Σp, [4..7] Σ entr p, [8] bad.

static inline __attribute__((always_inline)) void ent_body(const void* p, int n, double* out, const int f32) {
  const vm64 K = vm64_load();
  const v128_t zero = F64(0.0);
  nsum2 sh = {zero, zero};
  v128_t sp = zero;
  v128_t bad = wasm_i32x4_splat(0);
  // p·log p: 0 at p = 0 (log_pos(0) is finite).
  EACH8P(
      p, n, f32, 0.0,
      {
        bad = wasm_v128_or(bad, wasm_v128_or(not_prob(v0), not_prob(v1)));
        sp = FADD(sp, FADD(v0, v1));
        nsum2_add(&sh, FADD(FMUL(v0, log_pos_f64x2(v0, &K)), FMUL(v1, log_pos_f64x2(v1, &K))));
      },
      {
        bad = wasm_v128_or(bad, not_prob(v));
        sp = FADD(sp, v);
        nsum2_add(&sh, FMUL(v, log_pos_f64x2(v, &K)));
      });
  store_plain(&sp, out);
  sh.s = wasm_f64x2_neg(sh.s);
  sh.c = wasm_f64x2_neg(sh.c);
  nsum2_store(&sh, out + 4);
  store_flag(out + 8, bad);
}

ONE_INPUT_KERNEL(vec_entropy, ent_body)

// ---- two distributions: cross entropy, KL, JS ----
// out: [0..3] Σp, [4..7] Σq, [8..11] Σ term, [12] bad, [13] rare, [14] inf (a term is +inf: the sum is).

#define PAIR_CROSS 0
#define PAIR_KL 1
#define PAIR_JS 2

// klTermOfProbs (src/core/klTerm.ts) for a ≥ 0 and b > 0 with a/b normal where a > 0, given d = log(a/b)
// (kl_ratio_log): b0 where a = 0, else max(0, t) with t = b − a + a·d for |d| > ½ and a·(expm1(−d) + d) =
// a·d²·q(−d) below (a series without cancellation).
static inline __attribute__((always_inline)) v128_t kl_from_log(v128_t a, v128_t b, v128_t b0, v128_t d,
                                                               const vm64* K) {
  const v128_t zero = F64(0.0);
  const v128_t far = FADD(FSUB(b, a), FMUL(a, d));
  const v128_t is_far = wasm_f64x2_gt(wasm_f64x2_abs(d), K->half);
  // Both, then a select: a branch on "some lane near" mispredicts on mixed data (measured slower).
  const v128_t dn = wasm_v128_andnot(d, is_far);  // keeps the series' argument in [−½, ½]
  const v128_t near = FMUL(FMUL(a, FMUL(dn, dn)), expm1_tail_f64x2(wasm_f64x2_neg(dn), K));
  v128_t t = wasm_v128_bitselect(far, near, is_far);
  t = wasm_f64x2_pmax(t, zero);  // max(t, 0); t is not NaN in the lanes kept
  return wasm_v128_bitselect(b0, t, wasm_f64x2_eq(a, zero));
}

// d = log(a/b) for kl_from_log. Lanes where a > 0 and a/b is not a normal number (the float64 path takes
// log a − log b there) are or-ed into *rare; d is finite at a = 0 (those lanes are b0).
static inline __attribute__((always_inline)) v128_t kl_ratio_log(v128_t a, v128_t b, v128_t* rare, const vm64* K) {
  const v128_t r = wasm_f64x2_div(a, b);
  // Not normal where a > 0: below the normal range (0 included) or +inf. Those lanes' d is garbage.
  const v128_t odd = wasm_v128_or(wasm_f64x2_lt(r, K->tiny), wasm_f64x2_eq(r, K->inf));
  *rare = wasm_v128_or(*rare, wasm_v128_andnot(odd, wasm_f64x2_eq(a, F64(0.0))));
  return log_pos_f64x2(r, K);
}

typedef struct {
  v128_t sp, sq, bad, rare, inf;
} pair_state;

// The checks and flags of two elements of p (a) and q (b) (see vec_pair), and the divisor of KL's or JS's
// logs: KL's b with 1 where b = 0 (klTermOfProbs(p, q): q where p = 0, +inf where p > 0 = q: flagged, the
// caller returns +inf), JS's m = p/2 + q/2 with 1 where m = 0 (both terms are b0 = m = 0 there; lanes with m
// subnormal, where the float64 path goes through log space, are rare).
static inline __attribute__((always_inline)) v128_t pair_check(v128_t a, v128_t b, pair_state* st, const vm64* K,
                                                              const int kind) {
  const v128_t zero = F64(0.0);
  st->bad = wasm_v128_or(st->bad, wasm_v128_or(not_prob(a), not_prob(b)));
  st->sp = FADD(st->sp, a);
  st->sq = FADD(st->sq, b);
  const v128_t az = wasm_f64x2_eq(a, zero);
  const v128_t bz = wasm_f64x2_eq(b, zero);
  if (kind != PAIR_JS) {
    st->inf = wasm_v128_or(st->inf, wasm_v128_andnot(bz, az));
    return wasm_v128_bitselect(K->one, b, bz);
  }
  const v128_t m = FADD(FMUL(K->half, a), FMUL(K->half, b));
  const v128_t mz = wasm_f64x2_eq(m, zero);
  st->rare = wasm_v128_or(st->rare, wasm_v128_andnot(wasm_f64x2_lt(m, K->tiny), mz));
  return wasm_v128_bitselect(K->one, m, mz);
}

// JS's m = p/2 + q/2 (0 where both are), as pair_check forms it.
static inline __attribute__((always_inline)) v128_t js_mid(v128_t a, v128_t b, const vm64* K) {
  return FADD(FMUL(K->half, a), FMUL(K->half, b));
}

// Elements i, i + 1 of p and q (the last one alone padded with 0).
#define PAIR_LOAD(i, n, a, b)                                  \
  const int two_ = (i) + 2 <= (n);                             \
  const v128_t a = two_ ? ld2(p, (i), f32) : ld1(p, (i), f32, 0.0); \
  const v128_t b = two_ ? ld2(q, (i), f32) : ld1(q, (i), f32, 0.0)

// KL's first pass over a run of n elements: the checks, and the logs log(a/b') into d.
static inline __attribute__((always_inline)) void kl_logs(const void* p, const void* q, int n, double* d,
                                                         pair_state* st, const vm64* K, const int f32) {
  for (int i = 0; i < n; i += 2) {
    PAIR_LOAD(i, n, a, b);
    wasm_v128_store(d + i, kl_ratio_log(a, pair_check(a, b, st, K, PAIR_KL), &st->rare, K));
  }
}

// KL's term of elements i, i + 1 from their log (kl_logs).
static inline __attribute__((always_inline)) v128_t kl_term_at(const void* p, const void* q, int i, int n,
                                                              const double* d, const vm64* K, const int f32) {
  PAIR_LOAD(i, n, a, b);
  const v128_t div = wasm_v128_bitselect(K->one, b, wasm_f64x2_eq(b, F64(0.0)));
  return kl_from_log(a, div, b, wasm_v128_load(d + i), K);
}

// The measure's term for two elements of p (a) and q (b) in one pass, with the checks and flags: CROSS and JS.
static inline __attribute__((always_inline)) v128_t pair_term(v128_t a, v128_t b, pair_state* st, const vm64* K,
                                                             const int kind) {
  const v128_t div = pair_check(a, b, st, K, kind);
  // −p·log q: 0 where p = 0 (log_pos(0) is finite); +inf where p > 0 = q (flagged: the caller returns +inf, so
  // the finite lane here does not matter).
  if (kind == PAIR_CROSS) return wasm_f64x2_neg(FMUL(a, log_pos_f64x2(b, K)));
  // JS: klTermOfProbs(p, m) + klTermOfProbs(q, m) (two passes through scratch measured 0.89× one).
  const v128_t m = js_mid(a, b, K);
  return FADD(kl_from_log(a, div, m, kl_ratio_log(a, div, &st->rare, K), K),
              kl_from_log(b, div, m, kl_ratio_log(b, div, &st->rare, K), K));
}

// Elements per run of KL's two passes (PAIR_RUN doubles of scratch).
#define PAIR_RUN 256

static inline __attribute__((always_inline)) void pair_body(const void* p, const void* q, int n, double* out,
                                                            double* tmp, const int f32, const int kind) {
  const vm64 K = vm64_load();
  const v128_t zero = F64(0.0);
  nsum2 sum = {zero, zero};
  const v128_t none = wasm_i32x4_splat(0);
  pair_state st = {zero, zero, none, none, none};
  if (kind != PAIR_KL) {
    // Four elements a step, the two vectors' terms added before the TwoSum (as EACH4P).
    int i = 0;
    for (; i + 4 <= n; i += 4) {
      const v128_t t0 = pair_term(ld2(p, i, f32), ld2(q, i, f32), &st, &K, kind);
      const v128_t t1 = pair_term(ld2(p, i + 2, f32), ld2(q, i + 2, f32), &st, &K, kind);
      nsum2_add(&sum, FADD(t0, t1));
    }
    for (; i < n; i += 2) {
      PAIR_LOAD(i, n, a, b);
      nsum2_add(&sum, pair_term(a, b, &st, &K, kind));
    }
  } else {
    // KL in runs of PAIR_RUN elements, each in two passes through tmp (the checks and logs, then the terms):
    // each loop then holds the constants of one function, where one loop of both spilled V8's 16 registers
    // (1.06× float64, 1.2× float32). Four elements a step in the second, as EACH4P.
    for (int i0 = 0; i0 < n; i0 += PAIR_RUN) {
      const int len = n - i0 < PAIR_RUN ? n - i0 : PAIR_RUN;
      const void* pr = elem(p, i0, f32);
      const void* qr = elem(q, i0, f32);
      kl_logs(pr, qr, len, tmp, &st, &K, f32);
      int i = 0;
      for (; i + 4 <= len; i += 4)
        nsum2_add(&sum, FADD(kl_term_at(pr, qr, i, len, tmp, &K, f32), kl_term_at(pr, qr, i + 2, len, tmp, &K, f32)));
      for (; i < len; i += 2) nsum2_add(&sum, kl_term_at(pr, qr, i, len, tmp, &K, f32));
    }
  }
  store_plain(&st.sp, out);
  store_plain(&st.sq, out + 4);
  nsum2_store(&sum, out + 8);
  store_flag(out + 12, st.bad);
  store_flag(out + 13, st.rare);
  store_flag(out + 14, st.inf);
}

#define PAIR_BLOCKS(F32, KIND)                                                                               \
  VARIANT void pair_blocks_##F32##_##KIND(const void* p, const void* q, int n, double* out, int block,          \
                                          double* tmp) {                                                       \
    EACH_BLOCK(n, block, out, pair_body(elem(p, off, F32), elem(q, off, F32), len, res, tmp, F32, KIND));     \
  }
PAIR_BLOCKS(0, PAIR_CROSS)
PAIR_BLOCKS(1, PAIR_CROSS)
PAIR_BLOCKS(0, PAIR_KL)
PAIR_BLOCKS(1, PAIR_KL)
PAIR_BLOCKS(0, PAIR_JS)
PAIR_BLOCKS(1, PAIR_JS)
#undef PAIR_BLOCKS

// tmp: PAIR_RUN doubles of scratch (16-byte aligned), this call's own (KL only).
EXPORT(vec_pair)
void vec_pair(const void* p, const void* q, int n, int f32, int kind, double* out, int block, double* tmp) {
  if (kind == PAIR_CROSS) {
    if (f32) pair_blocks_1_PAIR_CROSS(p, q, n, out, block, tmp);
    else pair_blocks_0_PAIR_CROSS(p, q, n, out, block, tmp);
  } else if (kind == PAIR_KL) {
    if (f32) pair_blocks_1_PAIR_KL(p, q, n, out, block, tmp);
    else pair_blocks_0_PAIR_KL(p, q, n, out, block, tmp);
  } else {
    if (f32) pair_blocks_1_PAIR_JS(p, q, n, out, block, tmp);
    else pair_blocks_0_PAIR_JS(p, q, n, out, block, tmp);
  }
}

// ---- Rényi entropy of probabilities ----
// vec_prob_stats  out: [0..3] Σp, [4] max p, [5] count of p > 0, [6] bad, [7] some p subnormal.
// vec_pow_lse     one pass over memory per block (its stats, then its terms from cache): [0..3] Σ_{0<p<pmax_b}
//                 exp(α·log p − m_b), [4] the count of p = pmax_b, [5] m_b = α·log pmax_b (−inf for a block of
//                 zeros, NaN where pmax_b is +inf), [6..9] Σp, [10] bad: blocks as vec_lse's, to combine at
//                 the overall max.
// vec_expm1_sum   out: [0..3] Σ_{p>0} p·expm1(δ·log p), [4..7] Σp, [8] bad.

// Σp is only checked against the tolerance (as store_plain's sums): two plain lanes-sums, which keep the loop
// free of the TwoSum's chain of dependent additions (the pass ran at 2.6 cycles an element with it).
static inline __attribute__((always_inline)) void stats_body(const void* p, int n, double* out, const int f32) {
  const v128_t zero = F64(0.0);
  const v128_t tiny = F64(0x1p-1022);
  v128_t s0 = zero, s1 = zero, m0 = zero, m1 = zero, small = zero;
  v128_t bad = wasm_i32x4_splat(0), cnt = wasm_i64x2_splat(0);
#define STATS_STEP(v, s, m)                                            \
  do {                                                                 \
    bad = wasm_v128_or(bad, not_prob(v));                              \
    s = FADD(s, v);                                                    \
    m = wasm_f64x2_pmax(m, v);                                         \
    const v128_t pos = wasm_f64x2_gt(v, zero);                         \
    cnt = wasm_i64x2_sub(cnt, pos);                                    \
    small = wasm_v128_or(small, wasm_v128_and(pos, wasm_f64x2_lt(v, tiny))); \
  } while (0)
  EACH4P(
      p, n, f32, 0.0,
      {
        STATS_STEP(v0, s0, m0);
        STATS_STEP(v1, s1, m1);
      },
      STATS_STEP(v, s0, m0));
#undef STATS_STEP
  const v128_t sp = FADD(s0, s1);
  store_plain(&sp, out);
  const v128_t mx = wasm_f64x2_pmax(m0, m1);
  const double a = wasm_f64x2_extract_lane(mx, 0), b = wasm_f64x2_extract_lane(mx, 1);
  out[4] = a > b ? a : b;
  out[5] = (double)(wasm_i64x2_extract_lane(cnt, 0) + wasm_i64x2_extract_lane(cnt, 1));
  store_flag(out + 6, bad);
  store_flag(out + 7, small);
}

ONE_INPUT_KERNEL(vec_prob_stats, stats_body)

// exp(d) for d ≥ −650 (exp_normal_f64x2), 0 below and where drop is set: a term of a sum whose largest term is
// 1, next to which e⁻⁶⁵⁰ is nothing.
static inline __attribute__((always_inline)) v128_t exp_term(v128_t d, v128_t drop, const vm64* K) {
  return wasm_v128_andnot(exp_normal_f64x2(d, K), wasm_v128_or(drop, wasm_f64x2_lt(d, K->exp_normal_lo)));
}

// The exponents u = α·log2 p − c of n elements of p (n ≤ POW_RUN) into u, −2000 (a term of 0) where p = 0 or
// p = pmax (counted in *k instead: terms of exactly 1), for pow_sum_run.
#define POW_RUN 256
static inline __attribute__((always_inline)) void pow_exponents(const void* p, int n, v128_t va, v128_t c, v128_t vmax,
                                                                double* u, v128_t* k, const vm64* K, const int f32,
                                                                const int subnormals) {
  const v128_t zero = F64(0.0);
  const v128_t none = F64(-2000.0);
  for (int i = 0; i < n; i += 2) {
    const v128_t v = i + 2 <= n ? ld2(p, i, f32) : ld1(p, i, f32, 0.0);
    const v128_t top = wasm_f64x2_eq(v, vmax);
    *k = wasm_i64x2_sub(*k, top);
    const v128_t e = FSUB(FMUL(va, log2_pos_f64x2_for(v, K, subnormals)), c);
    wasm_v128_store(u + i, wasm_v128_bitselect(none, e, wasm_v128_or(top, wasm_f64x2_eq(v, zero))));
  }
}

// Σ 2^u over n exponents (n rounded up to even: pow_exponents pads with a term of 0), 0 below 2⁻⁹³⁸ (nothing
// next to the maxima's 1); pairs added before the TwoSum (as EACH4P).
static inline __attribute__((always_inline)) void pow_sum_run(const double* u, int n, nsum2* s, const vm64* K) {
  const v128_t lo = K->exp2_normal_lo;
  int j = 0;
  for (; j + 4 <= n; j += 4) {
    const v128_t u0 = wasm_v128_load(u + j), u1 = wasm_v128_load(u + j + 2);
    const v128_t t0 = wasm_v128_andnot(exp2_normal_f64x2(u0, K), wasm_f64x2_lt(u0, lo));
    const v128_t t1 = wasm_v128_andnot(exp2_normal_f64x2(u1, K), wasm_f64x2_lt(u1, lo));
    nsum2_add(s, FADD(t0, t1));
  }
  if (j < n) {
    const v128_t u0 = wasm_v128_load(u + j);
    nsum2_add(s, wasm_v128_andnot(exp2_normal_f64x2(u0, K), wasm_f64x2_lt(u0, lo)));
  }
}

// Σ 2^(α·log2 p − c) over a block with c = α·log2 pmax, its maxima counted. In runs of POW_RUN elements, each
// in two passes through tmp (the exponents, then their powers of 2): each loop then holds the constants of
// one function, where one loop of both spilled V8's 16 registers (the two passes run 1.2× faster than one).
// subnormals: whether the block has any (without, the log2 skips their test).
static inline __attribute__((always_inline)) void pow_body(const void* p, int n, double alpha, double pmax,
                                                           double* out, double* tmp, const int f32,
                                                           const int subnormals) {
  const vm64 K = vm64_load();
  const v128_t zero = F64(0.0);
  const v128_t va = F64(alpha);
  // m = α·log pmax by the natural log, accurate to the last bits near pmax = 1, where it is the answer itself
  // (log2_pos is not); the terms are 2^(α·log2 p − c) with c = m·log2 e in bits.
  const v128_t m = FMUL(va, log_pos_f64x2(F64(pmax), &K));
  const v128_t c = FMUL(m, K.log2e);
  nsum2 s = {zero, zero};
  v128_t k = wasm_i64x2_splat(0);
  const v128_t vmax = F64(pmax);
  for (int i0 = 0; i0 < n; i0 += POW_RUN) {
    const int len = n - i0 < POW_RUN ? n - i0 : POW_RUN;
    pow_exponents(elem(p, i0, f32), len, va, c, vmax, tmp, &k, &K, f32, subnormals);
    pow_sum_run(tmp, len + (len & 1), &s, &K);
  }
  nsum2_store(&s, out);
  out[4] = (double)(wasm_i64x2_extract_lane(k, 0) + wasm_i64x2_extract_lane(k, 1));
  out[5] = wasm_f64x2_extract_lane(m, 0);
}

#define POW_BODY(F32, SUB)                                                                              \
  VARIANT void pow_body_##F32##_##SUB(const void* p, int n, double alpha, double pmax, double* out,     \
                                      double* tmp) {                                                \
    pow_body(p, n, alpha, pmax, out, tmp, F32, SUB);                                                \
  }
POW_BODY(0, 0)
POW_BODY(0, 1)
POW_BODY(1, 0)
POW_BODY(1, 1)
#undef POW_BODY

// Orders up to POW_TAB_MAX take p^α from two tables instead of a log2 and an exp2 an element (1.4× faster):
// p = 2ᵉ·m with m in [1, 2), c_j = 1 + (j + ½)/256 from m's top 8 bits (as log2_pos_f64x2: m − c_j exact) and
// z = (m − c_j)·(1/c_j), |z| ≤ 2⁻⁹, so that p^α/pmax^α = 2^(α·e − c) · c_j^α · (1 + z)^α with c = α·log2 pmax:
// 2^(α·e − c) from a table over the block's exponents (pow_tab_exponents), c_j^α from one over j built once a
// call (pow_tab_prepare), and (1 + z)^α by its binomial series to z⁶ (the first term left out is below
// C(8, 7)·2⁻⁶³ = 2⁻⁶⁰ for α ≤ 8), or to z⁵ for α ≤ 3. Terms below 2⁻⁹³⁸ (2^(α·e − c) under it) are 0, as
// exp2_normal's.
#define POW_TAB_MAX 8.0
#define POW_TAB_DEG5_MAX 3.0
// The tables in a call's scratch: (1/c_j, c_j^α) for j = 0..255, then 2^(α·e − c) for the block's exponents.
#define POW_TAB_A 0
#define POW_TAB_T 512
#define POW_TAB_T_MAX 2100  // e from −1074 to 1023, and the 0 after them
#define POW_TAB_DOUBLES (POW_TAB_T + POW_TAB_T_MAX + 4)

// tab[2j] = 1/c_j, tab[2j + 1] = c_j^α = 2^(α·log2 c_j) (in [1, 2^α): exp2_normal holds there too).
static void pow_tab_prepare(double alpha, double* tab) {
  const vm64 K = vm64_load();
  const v128_t va = F64(alpha);
  for (int j = 0; j < 256; j += 2) {
    const v128_t a = wasm_v128_load(kernel_log2_table + 2 * j), b = wasm_v128_load(kernel_log2_table + 2 * j + 2);
    const v128_t invc = wasm_i64x2_shuffle(a, b, 0, 2);
    const v128_t ca = exp2_normal_f64x2(FMUL(va, wasm_i64x2_shuffle(a, b, 1, 3)), &K);
    wasm_v128_store(tab + 2 * j, wasm_i64x2_shuffle(invc, ca, 0, 2));
    wasm_v128_store(tab + 2 * j + 2, wasm_i64x2_shuffle(invc, ca, 1, 3));
  }
}

// The unbiased exponent e of x > 0 finite (x = 2ᵉ·m, m in [1, 2)), subnormals included.
static int exponent_of(double x) {
  union {
    double d;
    uint64_t u;
  } v = {x};
  if ((v.u >> 52) == 0) {
    v.d = x * 0x1p54;
    return (int)(v.u >> 52) - 1023 - 54;
  }
  return (int)(v.u >> 52) - 1023;
}

// t[i] = 2^(α·e − c) for e = elo + i up to ehi, and a 0 after them (at most POW_TAB_T_MAX entries): α·e as
// α_hi·e (exact: α_hi has 26 significant bits, |e| < 2¹¹) + α_lo·e, so that α·e − c is rounded once.
static void pow_tab_exponents(double alpha, double c, int elo, int ehi, double* t) {
  const vm64 K = vm64_load();
  union {
    double d;
    uint64_t u;
  } hi = {alpha};
  hi.u &= ~((1ULL << 27) - 1);
  const v128_t ahi = F64(hi.d), alo = F64(alpha - hi.d), vc = F64(c);
  t[ehi - elo + 1] = 0.0;
  for (int e = elo; e <= ehi; e += 2) {
    const v128_t ve = wasm_f64x2_make((double)e, (double)(e + 1));
    const v128_t u = FADD(FSUB(FMUL(ahi, ve), vc), FMUL(alo, ve));
    wasm_v128_store64_lane(t + (e - elo), exp2_normal_f64x2(u, &K), 0);
    if (e + 1 <= ehi) wasm_v128_store64_lane(t + 1 + (e - elo), exp2_normal_f64x2(u, &K), 1);
  }
}

// Σ p^α/pmax^α over a block by the tables (POW_TAB_MAX), its maxima counted: out as pow_body's.
static inline __attribute__((always_inline)) void pow_tab_body(const void* p, int n, double alpha, double pmax,
                                                               double* out, double* tmp, const int f32,
                                                               const int subnormals, const int deg6) {
  const vm64 K = vm64_load();
  const v128_t zero = F64(0.0);
  const v128_t m = FMUL(F64(alpha), log_pos_f64x2(F64(pmax), &K));  // as pow_body
  const double c = wasm_f64x2_extract_lane(FMUL(m, K.log2e), 0);
  const int ehi = exponent_of(pmax);
  // 2^(α·e − c) < 2⁻⁹³⁸ below lo. Without subnormals the table starts at e = −1022 at the lowest, so that p = 0
  // (and the odd tail's padding), whose exponent bits are those of e = −1023, takes the 0 after it; with them it
  // goes down to −1074 and p = 0 is masked.
  const double lo = (c - 938.0) / alpha;
  const int emin = subnormals ? -1074 : -1022;
  int elo = lo < emin ? emin : (int)__builtin_ceil(lo);
  if (elo > ehi) elo = ehi;
  double* t = tmp + POW_TAB_T;
  pow_tab_exponents(alpha, c, elo, ehi, t);
  const double* ta = tmp + POW_TAB_A;
  // idx = e − elo from the exponent bits (e + 1023, or e + 1023 + 54 for subnormals scaled by 2⁵⁴), at most
  // ehi − elo + 1 (the 0 after the table) as an unsigned i32: e below elo wraps round to it too.
  const v128_t ebias = wasm_i64x2_splat(1023 + elo);
  const v128_t ebias_sub = wasm_i64x2_splat(1023 + 54 + elo);
  const v128_t top = wasm_i32x4_splat(ehi - elo + 1);
  const v128_t low44 = wasm_i64x2_splat((1LL << 44) - 1);
  // (1 + z)^α − 1 = z·(b1 + b2·z + … + b6·z⁵), b_k = C(α, k); to b5 for α ≤ POW_TAB_DEG5_MAX, where
  // |b6| ≤ 0.03 and b6·z⁶ is below 2⁻⁵⁹.
  double b[7];
  b[0] = 1.0;
  for (int k = 1; k <= 6; k++) b[k] = b[k - 1] * (alpha - (k - 1)) / k;
  const v128_t b1 = F64(b[1]), b2 = F64(b[2]), b3 = F64(b[3]), b4 = F64(b[4]), b5 = F64(b[5]), b6 = F64(b[6]);
  const v128_t vmax = F64(pmax);
  nsum2 s = {zero, zero};
  v128_t k = wasm_i64x2_splat(0);
#define POW_TAB_TERM(v0, out_)                                                                            \
  do {                                                                                                    \
    v128_t v = (v0);                                                                                      \
    const v128_t is_top = wasm_f64x2_eq(v, vmax);                                                         \
    k = wasm_i64x2_sub(k, is_top);                                                                        \
    v128_t eb = ebias;                                                                                    \
    if (subnormals) {                                                                                     \
      const v128_t sub = wasm_v128_and(wasm_f64x2_lt(v, K.tiny), wasm_f64x2_gt(v, zero));                 \
      if (__builtin_expect(wasm_v128_any_true(sub), 0)) {                                                 \
        v = wasm_v128_bitselect(FMUL(v, K.two54), v, sub);                                                \
        eb = wasm_v128_bitselect(ebias_sub, eb, sub);                                                     \
      }                                                                                                   \
    }                                                                                                     \
    const v128_t idx = wasm_u32x4_min(wasm_i64x2_sub(wasm_u64x2_shr(v, 52), eb), top);                     \
    const v128_t j = wasm_v128_and(wasm_u64x2_shr(v, 44), K.mask255);                                      \
    const v128_t a = wasm_v128_load(ta + 2 * wasm_i32x4_extract_lane(j, 0));                               \
    const v128_t bb = wasm_v128_load(ta + 2 * wasm_i32x4_extract_lane(j, 2));                              \
    const v128_t te = wasm_v128_load64_lane(t + wasm_i32x4_extract_lane(idx, 2),                           \
                                            wasm_v128_load64_zero(t + wasm_i32x4_extract_lane(idx, 0)), 1); \
    /* m − c_j = (1 + low 44 bits of m's mantissa) − (1 + 2⁻⁹), exact */                                   \
    const v128_t d = FSUB(wasm_v128_or(wasm_v128_and(v, low44), K.one_bits), K.mid_bits);                 \
    const v128_t z = FMUL(d, wasm_i64x2_shuffle(a, bb, 0, 2));                                             \
    const v128_t z2 = FMUL(z, z);                                                                         \
    const v128_t q = FADD(FADD(b1, FMUL(b2, z)),                                                          \
                          FMUL(z2, FADD(FADD(b3, FMUL(b4, z)), FMUL(z2, deg6 ? FADD(b5, FMUL(b6, z)) : b5)))); \
    const v128_t sc = FMUL(te, wasm_i64x2_shuffle(a, bb, 1, 3));                                          \
    const v128_t drop = subnormals ? wasm_v128_or(is_top, wasm_f64x2_eq(v, zero)) : is_top;               \
    out_ = wasm_v128_andnot(FADD(sc, FMUL(sc, FMUL(z, q))), drop);                                         \
  } while (0)
  int i = 0;
  for (; i + 8 <= n; i += 8) {  // as EACH8P
    v128_t t0, t1, t2, t3;
    POW_TAB_TERM(ld2(p, i, f32), t0);
    POW_TAB_TERM(ld2(p, i + 2, f32), t1);
    nsum2_add(&s, FADD(t0, t1));
    POW_TAB_TERM(ld2(p, i + 4, f32), t2);
    POW_TAB_TERM(ld2(p, i + 6, f32), t3);
    nsum2_add(&s, FADD(t2, t3));
  }
  for (; i + 4 <= n; i += 4) {
    v128_t t0, t1;
    POW_TAB_TERM(ld2(p, i, f32), t0);
    POW_TAB_TERM(ld2(p, i + 2, f32), t1);
    nsum2_add(&s, FADD(t0, t1));
  }
  for (; i < n; i += 2) {
    v128_t t0;
    POW_TAB_TERM(i + 2 <= n ? ld2(p, i, f32) : ld1(p, i, f32, 0.0), t0);
    nsum2_add(&s, t0);
  }
#undef POW_TAB_TERM
  nsum2_store(&s, out);
  out[4] = (double)(wasm_i64x2_extract_lane(k, 0) + wasm_i64x2_extract_lane(k, 1));
  out[5] = wasm_f64x2_extract_lane(m, 0);
}

#define POW_TAB_BODY(F32, SUB, DEG6)                                                                        \
  VARIANT void pow_tab_body_##F32##_##SUB##_##DEG6(const void* p, int n, double alpha, double pmax,         \
                                                   double* out, double* tmp) {                            \
    pow_tab_body(p, n, alpha, pmax, out, tmp, F32, SUB, DEG6);                                            \
  }
POW_TAB_BODY(0, 0, 0)
POW_TAB_BODY(0, 1, 0)
POW_TAB_BODY(1, 0, 0)
POW_TAB_BODY(1, 1, 0)
POW_TAB_BODY(0, 0, 1)
POW_TAB_BODY(0, 1, 1)
POW_TAB_BODY(1, 0, 1)
POW_TAB_BODY(1, 1, 1)
#undef POW_TAB_BODY
typedef void (*pow_tab_fn)(const void*, int, double, double, double*, double*);
// [f32][subnormals][α > POW_TAB_DEG5_MAX]
static const pow_tab_fn pow_tab_variants[2][2][2] = {
    {{pow_tab_body_0_0_0, pow_tab_body_0_0_1}, {pow_tab_body_0_1_0, pow_tab_body_0_1_1}},
    {{pow_tab_body_1_0_0, pow_tab_body_1_0_1}, {pow_tab_body_1_1_0, pow_tab_body_1_1_1}},
};

// pow_body's block pmax (and whether it has subnormals) from stats_body's pass first (the block is then in
// cache).
static inline __attribute__((always_inline)) void pow_lse_body(const void* p, int n, double alpha, double* out,
                                                              double* tmp, const int f32) {
  double st[8];
  stats_body(p, n, st, f32);
  const double pmax = st[4];
  if (pmax > 0 && pmax <= __DBL_MAX__) {
    const int sub = st[7] != 0;  // out[0..5]
    if (alpha <= POW_TAB_MAX) {
      pow_tab_variants[f32][sub][alpha > POW_TAB_DEG5_MAX](p, n, alpha, pmax, out, tmp);
    } else {
      if (f32) (sub ? pow_body_1_1 : pow_body_1_0)(p, n, alpha, pmax, out, tmp);
      else (sub ? pow_body_0_1 : pow_body_0_0)(p, n, alpha, pmax, out, tmp);
    }
  } else {
    for (int j = 0; j < 5; j++) out[j] = 0.0;
    out[5] = pmax == 0.0 ? -__builtin_inf() : __builtin_nan("");
  }
  for (int j = 0; j < 4; j++) out[6 + j] = st[j];
  out[10] = st[6];
}

#define POW_LSE_BLOCKS(F32) \
  VARIANT void pow_lse_blocks_##F32(const void* p, int n, double alpha, double* out, int block, double* tmp) { \
    EACH_BLOCK(n, block, out, pow_lse_body(elem(p, off, F32), len, alpha, res, tmp, F32)); \
  }
POW_LSE_BLOCKS(0)
POW_LSE_BLOCKS(1)

// tmp: POW_TAB_DOUBLES doubles of scratch (16-byte aligned), this call's own.
EXPORT(vec_pow_lse)
void vec_pow_lse(const void* p, int n, int f32, double alpha, double* out, int block, double* tmp) {
  if (alpha <= POW_TAB_MAX) pow_tab_prepare(alpha, tmp + POW_TAB_A);
  if (f32) pow_lse_blocks_1(p, n, alpha, out, block, tmp);
  else pow_lse_blocks_0(p, n, alpha, out, block, tmp);
}

// vec_int_pow_sum  out: [0..3] Σ p^k for an integer k ≥ 2 by binary powering (half: Σ p^(k+½) = Σ p^k·√p,
// k ≥ 0, one root and one product more), [4..7] Σp (plain: only checked), [8] bad (k − 1 or fewer roundings,
// relative error below k·2⁻⁵³ a term: more accurate than exp(k·log p), whose exponent carries k·|log p|·2⁻⁵³).
// p^k by binary powering: the lowest set bit's power first (no multiplication by 1), then the others.
static inline __attribute__((always_inline)) v128_t pow_k(v128_t v, int k) {
  int e = k;
  v128_t base = v;
  while (!(e & 1)) {
    base = FMUL(base, base);
    e >>= 1;
  }
  v128_t acc = base;
  for (e >>= 1; e > 0; e >>= 1) {
    base = FMUL(base, base);
    if (e & 1) acc = FMUL(acc, base);
  }
  return acc;
}

// p^(k + ½) as p^k·√p (half; k ≥ 0), else p^k (k ≥ 1).
static inline __attribute__((always_inline)) v128_t pow_term(v128_t v, int k, const int half) {
  if (!half) return pow_k(v, k);
  const v128_t r = wasm_f64x2_sqrt(v);
  return k == 0 ? r : FMUL(pow_k(v, k), r);
}

static inline __attribute__((always_inline)) void int_pow_body(const void* p, int n, int k, double* out,
                                                               const int f32, const int half) {
  const v128_t zero = F64(0.0);
  nsum2 s = {zero, zero};
  v128_t sp = zero;
  v128_t bad = wasm_i32x4_splat(0);
  // Four elements a step: the two powers of a lane are added first (one rounding, of the size of the powers'
  // own), then the pair goes into the compensated sum: half the TwoSums.
  int i = 0;
  for (; i + 4 <= n; i += 4) {
    const v128_t v0 = ld2(p, i, f32), v1 = ld2(p, i + 2, f32);
    bad = wasm_v128_or(bad, wasm_v128_or(not_prob(v0), not_prob(v1)));
    sp = FADD(sp, FADD(v0, v1));
    nsum2_add(&s, FADD(pow_term(v0, k, half), pow_term(v1, k, half)));
  }
  for (; i < n; i += 2) {
    const v128_t v = i + 2 <= n ? ld2(p, i, f32) : ld1(p, i, f32, 0.0);
    bad = wasm_v128_or(bad, not_prob(v));
    sp = FADD(sp, v);
    nsum2_add(&s, pow_term(v, k, half));
  }
  nsum2_store(&s, out);
  store_plain(&sp, out + 4);
  store_flag(out + 8, bad);
}

// The small orders with k a constant (the powering unrolled), the others with the loop: one function each.
#define INT_POW_BLOCKS(NAME, K, F32, H)                                                   \
  VARIANT void int_pow_##NAME(const void* p, int n, int k, double* out, int block) {       \
    (void)k;                                                                              \
    EACH_BLOCK(n, block, out, int_pow_body(elem(p, off, F32), len, K, res, F32, H));       \
  }
#define INT_POW_FAMILY(F32)                       \
  INT_POW_BLOCKS(h0_##F32, 0, F32, 1)             \
  INT_POW_BLOCKS(h1_##F32, 1, F32, 1)             \
  INT_POW_BLOCKS(h2_##F32, 2, F32, 1)             \
  INT_POW_BLOCKS(hk_##F32, k, F32, 1)             \
  INT_POW_BLOCKS(k2_##F32, 2, F32, 0)             \
  INT_POW_BLOCKS(k3_##F32, 3, F32, 0)             \
  INT_POW_BLOCKS(k4_##F32, 4, F32, 0)             \
  INT_POW_BLOCKS(k5_##F32, 5, F32, 0)             \
  INT_POW_BLOCKS(k6_##F32, 6, F32, 0)             \
  INT_POW_BLOCKS(k8_##F32, 8, F32, 0)             \
  INT_POW_BLOCKS(kk_##F32, k, F32, 0)
INT_POW_FAMILY(0)
INT_POW_FAMILY(1)
#undef INT_POW_FAMILY
#undef INT_POW_BLOCKS

typedef void (*int_pow_fn)(const void*, int, int, double*, int);

EXPORT(vec_int_pow_sum)
void vec_int_pow_sum(const void* p, int n, int f32, int k, int half, double* out, int block) {
  static const int_pow_fn halves[2][4] = {{int_pow_h0_0, int_pow_h1_0, int_pow_h2_0, int_pow_hk_0},
                                          {int_pow_h0_1, int_pow_h1_1, int_pow_h2_1, int_pow_hk_1}};
  static const int_pow_fn wholes[2][9] = {
      {int_pow_kk_0, int_pow_kk_0, int_pow_k2_0, int_pow_k3_0, int_pow_k4_0, int_pow_k5_0, int_pow_k6_0,
       int_pow_kk_0, int_pow_k8_0},
      {int_pow_kk_1, int_pow_kk_1, int_pow_k2_1, int_pow_k3_1, int_pow_k4_1, int_pow_k5_1, int_pow_k6_1,
       int_pow_kk_1, int_pow_k8_1}};
  const int_pow_fn f = half ? halves[f32][k < 3 ? k : 3] : wholes[f32][k <= 8 ? k : 0];
  f(p, n, k, out, block);
}

static inline __attribute__((always_inline)) void expm1_body(const void* p, int n, double delta, double* out,
                                                             const int f32) {
  const vm64 K = vm64_load();
  const v128_t zero = F64(0.0);
  const v128_t vd = F64(delta);
  nsum2 s = {zero, zero};
  nsum2 sp = {zero, zero};
  v128_t bad = wasm_i32x4_splat(0);
  // p·expm1(δ·log p): 0 where p = 0 (log_pos(0) = −1023·ln2, and |δ| < ½ keeps the expm1 finite); Σp
  // (compensated: it divides the sum) and the signs on the way.
#define EXPM1_TERM(v) FMUL((v), expm1_f64x2(FMUL(vd, log_pos_f64x2((v), &K)), &K))
  EACH4P(
      p, n, f32, 0.0,
      {
        bad = wasm_v128_or(bad, wasm_v128_or(not_prob(v0), not_prob(v1)));
        nsum2_add(&sp, FADD(v0, v1));
        nsum2_add(&s, FADD(EXPM1_TERM(v0), EXPM1_TERM(v1)));
      },
      {
        bad = wasm_v128_or(bad, not_prob(v));
        nsum2_add(&sp, v);
        nsum2_add(&s, EXPM1_TERM(v));
      });
#undef EXPM1_TERM
  nsum2_store(&s, out);
  nsum2_store(&sp, out + 4);
  store_flag(out + 8, bad);
}

#define EXPM1_BLOCKS(F32) \
  VARIANT void expm1_blocks_##F32(const void* p, int n, double delta, double* out, int block) { \
    EACH_BLOCK(n, block, out, expm1_body(elem(p, off, F32), len, delta, res, F32)); \
  }
EXPM1_BLOCKS(0)
EXPM1_BLOCKS(1)

EXPORT(vec_expm1_sum)
void vec_expm1_sum(const void* p, int n, int f32, double delta, double* out, int block) {
  if (f32) expm1_blocks_1(p, n, delta, out, block);
  else expm1_blocks_0(p, n, delta, out, block);
}

// ---- logSumExp and softmax passes over logits ----
// vec_lse      out per block: [0..3] Σ_{x<m} exp(x − m) and [4] the count of x = m (each a term of exactly 1)
//              with [5] m, the block's max (NaN if any x is, −inf for none; [0..4] are 0 unless m is finite):
//              one pass over memory (the block's max, then its sum, from cache).
// vec_lse_exp  vec_lse of float64 x that also writes y = exp(x − m) (m the block's max; y is left as it was
//              where m is not finite): softmax's first pass, which its second scales by exp(m − M)/S.
// vec_softmax  y = exp(x − m) / s, float64 or float32 (ys = 1) out.
// vec_log_softmax  y = x − m − r (two roundings, as the TypeScript path's x[i] − m − r), float64 or float32 out.

static inline __attribute__((always_inline)) void max_body(const void* x, int n, double* out, const int f32) {
  const v128_t ninf = F64(-__builtin_inf());
  v128_t m0 = ninf, m1 = ninf, m2 = ninf, m3 = ninf;
  v128_t nan = wasm_i32x4_splat(0);  // pmax (one instruction) drops NaN: NaN lanes are or-ed here instead
  int i = 0;
  for (; i + 8 <= n; i += 8) {
    const v128_t v0 = ld2(x, i, f32), v1 = ld2(x, i + 2, f32), v2 = ld2(x, i + 4, f32), v3 = ld2(x, i + 6, f32);
    m0 = wasm_f64x2_pmax(m0, v0);
    m1 = wasm_f64x2_pmax(m1, v1);
    m2 = wasm_f64x2_pmax(m2, v2);
    m3 = wasm_f64x2_pmax(m3, v3);
    nan = wasm_v128_or(nan, wasm_v128_or(wasm_v128_or(wasm_f64x2_ne(v0, v0), wasm_f64x2_ne(v1, v1)),
                                         wasm_v128_or(wasm_f64x2_ne(v2, v2), wasm_f64x2_ne(v3, v3))));
  }
  for (; i < n; i++) {
    const v128_t v = ld1(x, i, f32, -__builtin_inf());
    m0 = wasm_f64x2_pmax(m0, v);
    nan = wasm_v128_or(nan, wasm_f64x2_ne(v, v));
  }
  m0 = wasm_f64x2_pmax(wasm_f64x2_pmax(m0, m1), wasm_f64x2_pmax(m2, m3));
  const double a = wasm_f64x2_extract_lane(m0, 0), b = wasm_f64x2_extract_lane(m0, 1);
  out[0] = wasm_v128_any_true(nan) ? __builtin_nan("") : (a > b ? a : b);
}


static inline __attribute__((always_inline)) void sum_exp_body(const void* x, int n, double m, double* out,
                                                               const int f32) {
  const vm64 K = vm64_load();
  const v128_t zero = F64(0.0);
  const v128_t vm = F64(m);
  nsum2 s = {zero, zero};
  v128_t k = wasm_i64x2_splat(0);
  // The maxima (x = m, whose term is exactly 1) are counted, not summed: the rest, each below 1, may then be
  // added in pairs before the TwoSum with an error below 2⁻⁵³ of their sum, so Σ − 1 keeps its relative
  // precision when one term dominates (a pair of 1 and a tiny term would lose the tiny one).
#define SE_TERM(v) exp_term(FSUB((v), vm), wasm_f64x2_eq((v), vm), &K)
#define SE_COUNT(v) k = wasm_i64x2_sub(k, wasm_f64x2_eq((v), vm))
  EACH8P(
      x, n, f32, -__builtin_inf(),
      {
        SE_COUNT(v0);
        SE_COUNT(v1);
        nsum2_add(&s, FADD(SE_TERM(v0), SE_TERM(v1)));
      },
      {
        SE_COUNT(v);
        nsum2_add(&s, SE_TERM(v));
      });
#undef SE_TERM
#undef SE_COUNT
  nsum2_store(&s, out);
  out[4] = (double)(wasm_i64x2_extract_lane(k, 0) + wasm_i64x2_extract_lane(k, 1));
}

static inline __attribute__((always_inline)) void lse_body(const void* x, int n, double* out, const int f32) {
  double m;
  max_body(x, n, &m, f32);
  out[5] = m;
  if (m - m == 0.0) sum_exp_body(x, n, m, out, f32);  // m finite
  else out[0] = out[1] = out[2] = out[3] = out[4] = 0.0;
}

ONE_INPUT_KERNEL(vec_lse, lse_body)

static inline __attribute__((always_inline)) void lse_exp_body(const double* x, int n, double* out, double* y) {
  double m;
  max_body(x, n, &m, 0);
  out[5] = m;
  if (!(m - m == 0.0)) {
    out[0] = out[1] = out[2] = out[3] = out[4] = 0.0;
    return;
  }
  const vm64 K = vm64_load();
  const v128_t zero = F64(0.0);
  const v128_t vm = F64(m);
  nsum2 s = {zero, zero};
  v128_t k = wasm_i64x2_splat(0);
  // As sum_exp_body: the maxima (x = m, whose term is exactly 1) counted, the other terms summed in pairs.
  int i = 0;
  for (; i + 4 <= n; i += 4) {
    const v128_t v0 = wasm_v128_load(x + i), v1 = wasm_v128_load(x + i + 2);
    const v128_t d0 = FSUB(v0, vm), d1 = FSUB(v1, vm);
    v128_t e0, e1;
    if (__builtin_expect(wasm_v128_any_true(wasm_v128_or(wasm_f64x2_lt(d0, K.exp_normal_lo),
                                                          wasm_f64x2_lt(d1, K.exp_normal_lo))),
                         0)) {  // below e⁻⁶⁵⁰: exp_f64x2, to the last bit
      e0 = exp_f64x2(d0, &K);
      e1 = exp_f64x2(d1, &K);
    } else {
      e0 = exp_normal_f64x2(d0, &K);
      e1 = exp_normal_f64x2(d1, &K);
    }
    wasm_v128_store(y + i, e0);
    wasm_v128_store(y + i + 2, e1);
    const v128_t q0 = wasm_f64x2_eq(v0, vm), q1 = wasm_f64x2_eq(v1, vm);
    k = wasm_i64x2_sub(wasm_i64x2_sub(k, q0), q1);
    nsum2_add(&s, FADD(wasm_v128_andnot(e0, q0), wasm_v128_andnot(e1, q1)));
  }
  for (; i < n; i++) {
    const v128_t v = wasm_f64x2_make(x[i], -__builtin_inf());
    const v128_t e = exp_f64x2(FSUB(v, vm), &K);
    y[i] = wasm_f64x2_extract_lane(e, 0);
    const v128_t q = wasm_f64x2_eq(v, vm);
    k = wasm_i64x2_sub(k, q);
    nsum2_add(&s, wasm_v128_andnot(e, q));
  }
  nsum2_store(&s, out);
  out[4] = (double)(wasm_i64x2_extract_lane(k, 0) + wasm_i64x2_extract_lane(k, 1));
}

EXPORT(vec_lse_exp)
void vec_lse_exp(const double* x, int n, double* out, int block, double* y) {
  EACH_BLOCK(n, block, out, lse_exp_body(x + off, len, res, y + off));
}

static inline __attribute__((always_inline)) void softmax_body(const void* x, int n, double m, double s, void* y,
                                                               const int f32, const int ys) {
  const vm64 K = vm64_load();
  const v128_t vm = F64(m);
  const v128_t vs = F64(s);
  int i = 0;
  for (; i + 2 <= n; i += 2) {
    const v128_t d = FSUB(ld2(x, i, f32), vm);
    const v128_t e = wasm_f64x2_div(__builtin_expect(wasm_v128_any_true(wasm_f64x2_lt(d, K.exp_normal_lo)), 0)
                                        ? exp_f64x2(d, &K)  // below e⁻⁶⁵⁰
                                        : exp_normal_f64x2(d, &K),
                                    vs);
    if (ys) wasm_v128_store64_lane((float*)y + i, wasm_f32x4_demote_f64x2_zero(e), 0);
    else wasm_v128_store((double*)y + i, e);
  }
  if (i < n) {
    const v128_t e = wasm_f64x2_div(exp_f64x2(FSUB(ld1(x, i, f32, 0.0), vm), &K), vs);
    if (ys) ((float*)y)[i] = wasm_f32x4_extract_lane(wasm_f32x4_demote_f64x2_zero(e), 0);
    else ((double*)y)[i] = wasm_f64x2_extract_lane(e, 0);
  }
}

VARIANT void softmax_f32(const void* x, int n, double m, double s, void* y) { softmax_body(x, n, m, s, y, 1, 1); }
VARIANT void softmax_f64(const void* x, int n, double m, double s, void* y) { softmax_body(x, n, m, s, y, 0, 0); }

EXPORT(vec_softmax)
void vec_softmax(const void* x, int n, int f32, double m, double s, void* y) {
  if (f32) softmax_f32(x, n, m, s, y);
  else softmax_f64(x, n, m, s, y);
}

static inline __attribute__((always_inline)) void log_softmax_body(const void* x, int n, double m, double r,
                                                                   void* y, const int f32) {
  const v128_t vm = F64(m);
  const v128_t vr = F64(r);
  // Eight elements a step: at two, the loop's own instructions (and V8's stack check in every iteration) held
  // it to 0.29 ns an element from cache.
#define LSM_STEP(j)                                                                         \
  do {                                                                                      \
    const v128_t e = FSUB(FSUB(ld2(x, (j), f32), vm), vr);                                  \
    if (f32) wasm_v128_store64_lane((float*)y + (j), wasm_f32x4_demote_f64x2_zero(e), 0);   \
    else wasm_v128_store((double*)y + (j), e);                                              \
  } while (0)
  int i = 0;
  for (; i + 8 <= n; i += 8) {
    LSM_STEP(i);
    LSM_STEP(i + 2);
    LSM_STEP(i + 4);
    LSM_STEP(i + 6);
  }
  for (; i + 2 <= n; i += 2) LSM_STEP(i);
#undef LSM_STEP
  if (i < n) {
    const double e = (f32 ? (double)((const float*)x)[i] : ((const double*)x)[i]) - m - r;
    if (f32) ((float*)y)[i] = (float)e;
    else ((double*)y)[i] = e;
  }
}

EXPORT(vec_log_softmax)
void vec_log_softmax(const void* x, int n, int f32, double m, double r, void* y) {
  if (f32) log_softmax_body(x, n, m, r, y, 1);
  else log_softmax_body(x, n, m, r, y, 0);
}

// ---- for the accuracy test (test/kernels/vmath64.test.ts), not used by the library ----
// y = exp(x), log(x) (x > 0 finite), expm1(x), exp_normal(x) (x in [−650, 709]), log2_pos(x) (x > 0 finite),
// exp2_normal(x) (x in [−938, 0]) or x^a by the two (vec_pow_lse's terms: x in (0, ½], a·log2 x ≥ −938)
// elementwise over n float64 (fn 0 to 6).
EXPORT(vec_math_f64)
void vec_math_f64(const double* x, double* y, int n, int fn, double a) {
  const vm64 K = vm64_load();
  for (int i = 0; i < n; i++) {
    const v128_t v = F64(x[i]);
    const v128_t r = fn == 0   ? exp_f64x2(v, &K)
                     : fn == 1 ? log_pos_f64x2(v, &K)
                     : fn == 2 ? expm1_f64x2(v, &K)
                     : fn == 3 ? exp_normal_f64x2(v, &K)
                     : fn == 4 ? log2_pos_f64x2(v, &K)
                     : fn == 5 ? exp2_normal_f64x2(v, &K)
                               : exp2_normal_f64x2(FMUL(F64(a), log2_pos_f64x2(v, &K)), &K);
    y[i] = wasm_f64x2_extract_lane(r, 0);
  }
}
