// The machine's floating-point throughput as the kernels see it (bench/roofline.mjs): twelve independent
// chains of f64x2.mul + f64x2.add (the SIMD128 operations of the kernels' exp, log and sums), and the same
// with adds or multiplies alone, and chains of square roots and of divisions. Built by bench/roofline.mjs with
// clang (the kernels' build flags).
#include <wasm_simd128.h>

#define R12(X) X(0) X(1) X(2) X(3) X(4) X(5) X(6) X(7) X(8) X(9) X(10) X(11)
#define DECL(i) v128_t a##i = wasm_f64x2_splat(0.1 * i + mm);
#define SUM(i) s = wasm_f64x2_add(s, a##i);
#define RESULT                                                     \
  v128_t s = wasm_f64x2_splat(0);                                  \
  R12(SUM)                                                         \
  return wasm_f64x2_extract_lane(s, 0) + wasm_f64x2_extract_lane(s, 1)

// One export per operation: twelve independent chains, STEP(i) applied to each chain every iteration, with m and
// c the splatted arguments (unused by some).
#define PEAK(NAME, STEP)                                                                    \
  __attribute__((export_name(#NAME))) double NAME(int n, double mm, double cc) {            \
    R12(DECL)                                                                               \
    const v128_t m = wasm_f64x2_splat(mm), c = wasm_f64x2_splat(cc);                        \
    (void)m;                                                                                \
    (void)c;                                                                                \
    for (int i = 0; i < n; i++) {                                                           \
      R12(STEP)                                                                             \
      __asm__ volatile("" ::: "memory");                                                    \
    }                                                                                       \
    RESULT;                                                                                 \
  }

// 24 operations an iteration.
#define MIXED(i) a##i = wasm_f64x2_add(wasm_f64x2_mul(a##i, m), c);
PEAK(peak_mixed, MIXED)

// 12 operations an iteration.
#define ADD(i) a##i = wasm_f64x2_add(a##i, c);
PEAK(peak_add, ADD)

// 12 operations an iteration.
#define MUL(i) a##i = wasm_f64x2_mul(a##i, m);
PEAK(peak_mul, MUL)

// 12 operations an iteration: square roots (renyiEntropy at α = k + ½, p^k·√p).
#define SQRT(i) a##i = wasm_f64x2_sqrt(a##i);
PEAK(peak_sqrt, SQRT)

// 12 operations an iteration: divisions (the kernels' log, softmax's exp(x − m)/s, KL's p/q).
#define DIV(i) a##i = wasm_f64x2_div(a##i, m);
PEAK(peak_div, DIV)
