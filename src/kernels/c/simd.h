// Shared by the WebAssembly SIMD128 kernels in this folder: the export macro, the vector exp and the small
// lane helpers. Every kernel source (*.c here) includes it; scripts/build-wasm.mjs compiles them all with
// Debian's clang 14 + lld into one SIMD128 module and with clang 19 + lld 19 and -mrelaxed-simd into one
// relaxed-SIMD module (MADD below), each twice (plain and shared memory), embedded as base64 in
// src/kernels/generated/kernelsWasm.ts (generated; do not edit that file by hand).
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
// Our change to the reference scheme: d = x − m is formed exactly as an unevaluated sum d_hi + d_lo, and
// d_lo is added to the reduced argument t, so the float32 rounding of x − m (relative error up to
// 2⁻²⁴·|d|, i.e. up to 5e-6 at d = −87) does not reach exp: e_c is exp(x_c − m) of the float64
// difference, as the reference. d_lo comes from Knuth's TwoSum (5 ops) in general, or from Fast2Sum
// (2 ops) where the caller knows one operand is at least the other in magnitude for a whole row; where the
// row's spread m − min x is at most 87 the flush-to-zero mask can be skipped too (see the modes below and
// ce_rows in cross_entropy.c). The exp's constants are loaded once per row from kernel_exp_consts, not
// v128.const.

#ifndef SURPRISAL_SIMD_H
#define SURPRISAL_SIMD_H

#include <stdint.h>
#include <wasm_simd128.h>

#define EXPORT(name) __attribute__((export_name(#name)))

// One variant of a kernel (float32 or float64 input, an order, a mode) as a wasm function of its own, which the
// export only dispatches to. V8 runs each function on its baseline compiler (Liftoff) first and compiles it
// with its optimizing one (TurboFan) in the background after it has run a while; a function holding every
// variant inlined took 25–100 ms to compile (vec_int_pow_sum 16 KB, ce_rows 34 KB: --trace-wasm-compilation-
// times), and the calls in between ran the baseline code at half the speed (renyiEntropy at α = 2 on 10⁶
// entries: 1.0 ms a call for its first 58 calls, 0.45 ms after). One variant compiles in a few ms, and only
// the variants in use are compiled.
#define VARIANT static __attribute__((noinline))

// The exp's constants (defined in exp.c). Not const: clang would fold them into v128.const, which it
// rematerializes in every loop iteration and V8 builds from immediates (several instructions each); as
// loads from this array they are splatted once per row into wasm locals, i.e. registers (measured:
// bench/ce_kernel.mjs).
extern float kernel_exp_consts[10];

typedef struct {
  v128_t log2e, magic_bias, minus_ln2_hi, minus_ln2_lo, c5, c4, c3, c2, c1, denorm_cutoff;
} exp_consts;

static inline exp_consts load_exp_consts(void) {
  const float* k = kernel_exp_consts;
  exp_consts c = {wasm_v128_load32_splat(k),     wasm_v128_load32_splat(k + 1), wasm_v128_load32_splat(k + 2),
                  wasm_v128_load32_splat(k + 3), wasm_v128_load32_splat(k + 4), wasm_v128_load32_splat(k + 5),
                  wasm_v128_load32_splat(k + 6), wasm_v128_load32_splat(k + 7), wasm_v128_load32_splat(k + 8),
                  wasm_v128_load32_splat(k + 9)};
  return c;
}

// How d = x − m is made exact (the row's case; see ce_rows in cross_entropy.c): TWO_SUM in general, or
// Fast2Sum (2 ops instead of 5) where one operand is known to be at least the other in magnitude for every
// logit of the row.
#define TWO_SUM 0
#define FAST_M_GE_X 1 /* 0 ≤ |x| ≤ m: Fast2Sum(−m, x) */
#define FAST_X_GE_M 2 /* x ≤ m < 0:   Fast2Sum(x, −m) */
// Added to the above where the row's spread m − min x ≤ 87: then no d is below the cutoff −87.336 (fl is
// monotonic: fl(x − m) ≥ fl(min x − m) = −fl(m − min x) ≥ −87), so the flush-to-zero mask is skipped.
#define NO_CUTOFF 4

// a·b + c. In the relaxed-SIMD build (-mrelaxed-simd: the second module of scripts/build-wasm.mjs, chosen at
// run time where the engine validates it) f32x4.relaxed_madd, which engines run as one fused multiply–add
// where the CPU has one (x86 FMA3, Arm NEON) and as a multiply then an add elsewhere: the relaxed
// instruction lets each engine pick, so results may differ in the last bit between machines, never by more
// than the unfused rounding. In the exp below every step tolerates either: n = round(d·log2 e) only has to
// be an integer near d·log2 e (the reduced t then lies in a slightly wider interval, on which the
// polynomial keeps its accuracy), n·ln2_hi is exact both ways (ln2_hi has 8 trailing zero bits), and the
// polynomial steps each round once instead of twice (a smaller error, not a larger one). Measured against
// Math.exp (test/kernels/wasm.test.ts, both modules): the same < 2.5e-7 bound holds.
#ifdef __wasm_relaxed_simd__
#define MADD(a, b, c) wasm_f32x4_relaxed_madd((a), (b), (c))
#else
#define MADD(a, b, c) wasm_f32x4_add(wasm_f32x4_mul((a), (b)), (c))
#endif

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

  v128_t vn = MADD(dhi, vlog2e, vmagic_bias);
  const v128_t vs = wasm_i32x4_shl(vn, 23);
  vn = wasm_f32x4_sub(vn, vmagic_bias);
  v128_t vt = MADD(vn, vminus_ln2_hi, dhi);
  vt = MADD(vn, vminus_ln2_lo, vt);
  vt = wasm_f32x4_add(vt, dlo);

  v128_t vp = MADD(vc5, vt, vc4);
  vp = MADD(vp, vt, vc3);
  vp = MADD(vp, vt, vc2);
  vp = MADD(vp, vt, vc1);
  vt = wasm_f32x4_mul(vt, vs);
  v128_t vf = MADD(vt, vp, vs);
  // andnot keeps NaN (NaN < cutoff is false) and zeroes −inf and everything below the normal range.
  if (mode & NO_CUTOFF) return vf;
  return wasm_v128_andnot(vf, wasm_f32x4_lt(dhi, vdenorm_cutoff));
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

#endif
