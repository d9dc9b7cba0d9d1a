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

// 24 operations an iteration.
__attribute__((export_name("peak_mixed"))) double peak_mixed(int n, double mm, double cc) {
  R12(DECL)
  const v128_t m = wasm_f64x2_splat(mm), c = wasm_f64x2_splat(cc);
  for (int i = 0; i < n; i++) {
#define STEP(i) a##i = wasm_f64x2_add(wasm_f64x2_mul(a##i, m), c);
    R12(STEP)
    __asm__ volatile("" ::: "memory");
  }
  RESULT;
}

// 12 operations an iteration.
__attribute__((export_name("peak_add"))) double peak_add(int n, double mm, double cc) {
  R12(DECL)
  const v128_t c = wasm_f64x2_splat(cc);
  for (int i = 0; i < n; i++) {
#define STEPA(i) a##i = wasm_f64x2_add(a##i, c);
    R12(STEPA)
    __asm__ volatile("" ::: "memory");
  }
  RESULT;
}

// 12 operations an iteration.
__attribute__((export_name("peak_mul"))) double peak_mul(int n, double mm, double cc) {
  R12(DECL)
  const v128_t m = wasm_f64x2_splat(mm);
  (void)cc;
  for (int i = 0; i < n; i++) {
#define STEPM(i) a##i = wasm_f64x2_mul(a##i, m);
    R12(STEPM)
    __asm__ volatile("" ::: "memory");
  }
  RESULT;
}

// 12 operations an iteration: square roots (renyiEntropy at α = k + ½, p^k·√p), 12 independent chains.
__attribute__((export_name("peak_sqrt"))) double peak_sqrt(int n, double mm, double cc) {
  R12(DECL)
  (void)cc;
  for (int i = 0; i < n; i++) {
#define STEPS(i) a##i = wasm_f64x2_sqrt(a##i);
    R12(STEPS)
    __asm__ volatile("" ::: "memory");
  }
  RESULT;
}

// 12 operations an iteration: divisions (the kernels' log, softmax's exp(x − m)/s, KL's p/q).
__attribute__((export_name("peak_div"))) double peak_div(int n, double mm, double cc) {
  R12(DECL)
  const v128_t m = wasm_f64x2_splat(mm);
  (void)cc;
  for (int i = 0; i < n; i++) {
#define STEPD(i) a##i = wasm_f64x2_div(a##i, m);
    R12(STEPD)
    __asm__ volatile("" ::: "memory");
  }
  RESULT;
}
