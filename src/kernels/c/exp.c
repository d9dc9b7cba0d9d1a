// The exp's constants (declared in simd.h), and exports that the tests and benchmarks call on their own,
// not used by the library: the vector exp and the float64 log alone (test/kernels/wasm.test.ts) and a plain
// float32 sum (the memory-speed baseline of bench/ce.mjs).

#include "log.h"
#include "simd.h"

// XNNPACK's rr2-p5 constants (see simd.h): log2 e, the magic bias, −ln2 hi and lo, c5..c1, the cutoff.
float kernel_exp_consts[10] = {0x1.715476p+0f,  0x1.8000FEp23f,  -0x1.62E400p-1f, -0x1.7F7D1Cp-20f, 0x1.0F9F9Cp-7f,
                               0x1.573A1Ap-5f,  0x1.555A80p-3f,  0x1.FFFDC6p-2f,  0x1.FFFFF6p-1f,   -0x1.5D589Ep6f};

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
