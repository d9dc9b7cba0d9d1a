/**
 * The fast path over long vectors (src/measures/vectorFast.ts, src/core/vectorKernels.ts: the kernels of
 * src/kernels/c/vector.c for Float64Array / Float32Array of at least VECTOR_MIN entries) against the
 * TypeScript path (the same call on a plain array, which never takes the kernels), across the size threshold
 * and the chunk boundaries: the same numbers within 1e-12 relative, the same errors (code, argument, index),
 * the same edge cases (0·log 0 = 0, +Infinity where q = 0 < p, NaN / ±Infinity logits), and the TypeScript
 * path where the kernels are missing.
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { SurprisalError } from '../../src/core/errors.js';
import { logSoftmax } from '../../src/core/logSoftmax.js';
import { logSumExp } from '../../src/core/logSumExp.js';
import { softmax } from '../../src/core/softmax.js';
import { VECTOR_MIN } from '../../src/core/vectorKernels.js';
import { freeKernelArray, kernelFloat32Array } from '../../src/kernels/arrays.js';
import { PAIR_KL, vectorEntropy, vectorPair } from '../../src/kernels/operations/vector.js';
import { kernelRuntime, reloadKernels } from '../../src/kernels/runtime.js';
import { crossEntropy } from '../../src/measures/crossEntropy.js';
import { entropy } from '../../src/measures/entropy.js';
import { jsDivergence } from '../../src/measures/jsDivergence.js';
import { klDivergence } from '../../src/measures/klDivergence.js';
import { renyiEntropy } from '../../src/measures/renyiEntropy.js';
import '../../src/kernels/index.js';
import { seededDistribution as dist, uniform } from '../helpers/random.js';

const plain = (x: ArrayLike<number>): number[] => Array.from(x);
const close = (a: number, b: number, rel = 1e-12) =>
  expect(Math.abs(a - b), `${a} vs ${b}`).toBeLessThanOrEqual(rel * Math.abs(b) + 1e-300);

/** Sizes around the threshold, an odd tail, and past a chunk (2¹⁵ elements) boundary. */
const sizes = fc.constantFrom(VECTOR_MIN - 1, VECTOR_MIN, VECTOR_MIN + 1, 5001, 32768 + 3, 70001);

const runs = { numRuns: 12 };

describe('measures over long vectors: the kernels agree with the TypeScript path', () => {
  it('entropy, crossEntropy, klDivergence, jsDivergence and renyiEntropy within 1e-12 (float64 and float32)', () => {
    fc.assert(
      fc.property(
        sizes,
        fc.integer({ min: 1, max: 1e6 }),
        fc.boolean(),
        fc.constantFrom(0, 0.2),
        (n, seed, f32, zeros) => {
          const o = f32 ? { tolerance: 1e-4 } : undefined;
          const p = dist(n, seed, zeros, f32);
          const q = dist(n, seed + 1, 0, f32);
          close(entropy(p, o), entropy(plain(p), o));
          close(crossEntropy(p, q, o), crossEntropy(plain(p), plain(q), o));
          close(klDivergence(p, q, o), klDivergence(plain(p), plain(q), o));
          close(jsDivergence(p, q, o), jsDivergence(plain(p), plain(q), o));
          // 0.002 … 7.9: p^α from the tables (zeros and the odd tail masked); 8.5 and 40: by log2 and exp2.
          for (const alpha of [
            0,
            0.002,
            0.3,
            0.75,
            1.4,
            1.7,
            2,
            2.5,
            3,
            7,
            7.9,
            8.5,
            40,
            Number.POSITIVE_INFINITY,
          ])
            close(renyiEntropy(p, { alpha, ...o }), renyiEntropy(plain(p), { alpha, ...o }));
        },
      ),
      runs,
    );
  });

  it('logSumExp, softmax and logSoftmax within 1e-12 elementwise (wide logits, −Infinity entries)', () => {
    fc.assert(
      fc.property(
        sizes,
        fc.integer({ min: 1, max: 1e6 }),
        fc.boolean(),
        fc.constantFrom(10, 800),
        (n, seed, f32, spread) => {
          const r = uniform(seed);
          const x64 = new Float64Array(n);
          for (let i = 0; i < n; i++) x64[i] = r() < 0.01 ? Number.NEGATIVE_INFINITY : spread * (r() - 0.5);
          const x = f32 ? new Float32Array(x64) : x64;
          close(logSumExp(x), logSumExp(plain(x)));
          const [a, b] = [softmax(x), softmax(plain(x))];
          expect(a.constructor).toBe(x.constructor);
          // float32 outputs: the same float64 value rounded once to float32 (or to a neighbour at a tie).
          for (let i = 0; i < n; i++) close(a[i], f32 ? Math.fround(b[i]) : b[i], f32 ? 1.2e-7 : 1e-12);
          const [c, d] = [logSoftmax(x), logSoftmax(plain(x))];
          for (let i = 0; i < n; i++) {
            if (d[i] === Number.NEGATIVE_INFINITY) expect(c[i]).toBe(d[i]);
            else close(c[i], f32 ? Math.fround(d[i]) : d[i], f32 ? 1.2e-7 : 1e-12);
          }
        },
      ),
      { numRuns: 8 },
    );
  });

  it('the public calls take the kernels: klDivergence of a long Float64Array is the kernel sum, bit for bit', () => {
    const rt = kernelRuntime();
    expect(rt).toBeDefined();
    if (!rt) return;
    const p = dist(50000, 7) as Float64Array;
    const q = dist(50000, 8) as Float64Array;
    expect(klDivergence(p, q)).toBe(vectorPair(rt, p, q, PAIR_KL).total);
    expect(entropy(p)).toBe(vectorEntropy(rt, p).h);
  });

  it('float32 inputs in kernel memory (kernelFloat32Array) are read where they lie: the same results', () => {
    const n = 40000;
    const p = dist(n, 21, 0.1, true) as Float32Array;
    const q = dist(n, 22, 0, true) as Float32Array;
    const kp = kernelFloat32Array(n);
    const kq = kernelFloat32Array(n);
    try {
      kp.set(p);
      kq.set(q);
      const o = { tolerance: 1e-4 };
      expect(entropy(kp, o)).toBe(entropy(p, o));
      expect(klDivergence(kp, kq, o)).toBe(klDivergence(p, q, o));
      expect(jsDivergence(kq, kp, o)).toBe(jsDivergence(q, p, o));
      expect(logSumExp(kq)).toBe(logSumExp(q));
      expect(Array.from(softmax(kp))).toEqual(Array.from(softmax(p)));
    } finally {
      freeKernelArray(kp);
      freeKernelArray(kq);
    }
  });

  it('KL terms stay >= 0 near p = q, where the kernels sum d²·Σ(−d)ᵏ/(k+2)! instead of expm1(−d) + d', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e6 }), fc.constantFrom(1e-12, 1e-8, 1e-4), (seed, eps) => {
        const n = 6000;
        const p = dist(n, seed) as Float64Array;
        const r = uniform(seed + 9);
        const q = new Float64Array(n);
        let s = 0;
        for (let i = 0; i < n; i++) {
          q[i] = p[i] * (1 + eps * (r() - 0.5));
          s += q[i];
        }
        for (let i = 0; i < n; i++) q[i] /= s;
        const fast = klDivergence(p, q);
        expect(fast).toBeGreaterThanOrEqual(0);
        // Σ p·d²/2 to leading order; the TypeScript path's expm1(−d) + d cancels to a relative error ≈ ε/|d|.
        close(fast, klDivergence(plain(p), plain(q)), 1e-4);
        expect(klDivergence(p, p)).toBe(0);
        expect(jsDivergence(p, p)).toBe(0);
      }),
      { numRuns: 6 },
    );
  });
});

describe('measures over long vectors: the same edge cases and errors', () => {
  const n = 9000;

  it('0·log 0 = 0, +Infinity where q = 0 < p, and the TypeScript path for subnormal ratios', () => {
    const p = dist(n, 3, 0.3) as Float64Array;
    expect(entropy(p)).toBeCloseTo(entropy(plain(p)), 12);
    const q = dist(n, 4) as Float64Array;
    const i = p.findIndex((v) => v > 0);
    const q0 = q.slice();
    q0[i] = 0;
    expect(klDivergence(p, q0, { tolerance: 1 })).toBe(Number.POSITIVE_INFINITY);
    expect(crossEntropy(p, q0, { tolerance: 1 })).toBe(Number.POSITIVE_INFINITY);
    close(jsDivergence(p, q0, { tolerance: 1 }), jsDivergence(plain(p), plain(q0), { tolerance: 1 }));
    // p/q below the normal range, and m = (p + q)/2 subnormal: flagged, recomputed on the TypeScript path.
    const tiny = p.slice();
    const tq = q.slice();
    tiny[i] = 1e-310;
    tq[i + 1] = 1e-310;
    const both = p.slice();
    both[i] = 3e-310;
    const bq = q.slice();
    bq[i] = 1e-310;
    const o = { tolerance: 1 };
    expect(klDivergence(tiny, q, o)).toBe(klDivergence(plain(tiny), plain(q), o));
    expect(klDivergence(p, tq, o)).toBe(klDivergence(plain(p), plain(tq), o));
    expect(jsDivergence(both, bq, o)).toBe(jsDivergence(plain(both), plain(bq), o));
    // The same past the first run of 256 elements of KL's two passes, and in the last, shorter one.
    for (const k of [4999, n - 3]) {
      const late = p.slice();
      late[k] = 1e-310;
      expect(klDivergence(late, q, o)).toBe(klDivergence(plain(late), plain(q), o));
    }
  });

  it('renyiEntropy at general orders with subnormal p in some blocks only (their log2 test runs in those blocks)', () => {
    // 3 blocks of 2¹⁵ and a tail; subnormals in the second block only. At α = 0.01 a subnormal's p^α is
    // about 1e-3 (of terms of about 0.9): a wrong log2 of it shows; at α ≥ 0.3 it falls below 2⁻⁹³⁸. Zeros
    // in that block too: there the pow tables reach down to 2⁻¹⁰⁷⁴, past the exponent bits of 0, which only
    // a mask keeps at 0 (a term of about 0.25 at α = 0.002 without it).
    const len = 3 * 32768 + 1001;
    const p = dist(len, 17) as Float64Array;
    for (const [k, v] of [
      [40000, 5e-324],
      [40001, 1e-310],
      [40002, 0],
      [50002, 2.5e-309],
      [50003, 0],
      [65535, 1e-320],
    ] as const)
      p[k] = v;
    for (const alpha of [0.002, 0.01, 0.3, 1.7, 4.5]) {
      const o = { alpha, tolerance: 1e-3 };
      close(renyiEntropy(p, o), renyiEntropy(plain(p), o));
      close(renyiEntropy(p, { ...o, threads: 2 }), renyiEntropy(plain(p), o));
    }
  });

  it('every refusal is the TypeScript path’s: code, argument and index (float64 and float32)', () => {
    const cases: [number, string][] = [
      [-1e-9, 'NEGATIVE_PROBABILITY'],
      [Number.NaN, 'NAN'],
      [Number.POSITIVE_INFINITY, 'NOT_FINITE'],
      [0.5, 'NOT_NORMALIZED'],
    ];
    const error = (f: () => unknown): SurprisalError => {
      try {
        f();
      } catch (e) {
        expect(e).toBeInstanceOf(SurprisalError);
        return e as SurprisalError;
      }
      throw new Error('no error');
    };
    for (const f32 of [false, true]) {
      for (const [v, code] of cases) {
        const p = dist(n, 5, 0, f32);
        const q = dist(n, 6, 0, f32);
        p[7000] = v;
        const o = f32 ? { tolerance: 1e-4 } : undefined;
        const calls: [() => unknown, () => unknown][] = [
          [() => entropy(p, o), () => entropy(plain(p), o)],
          [() => klDivergence(q, p, o), () => klDivergence(plain(q), plain(p), o)],
          [() => crossEntropy(p, q, o), () => crossEntropy(plain(p), plain(q), o)],
          [() => jsDivergence(q, p, o), () => jsDivergence(plain(q), plain(p), o)],
          [() => renyiEntropy(p, { alpha: 3, ...o }), () => renyiEntropy(plain(p), { alpha: 3, ...o })],
          // the one-pass orders: log Σp^α by blocks, and log1p(Σ p·expm1(δ·log p) / Σp)
          [() => renyiEntropy(p, { alpha: 1.7, ...o }), () => renyiEntropy(plain(p), { alpha: 1.7, ...o })],
          [() => renyiEntropy(p, { alpha: 0.8, ...o }), () => renyiEntropy(plain(p), { alpha: 0.8, ...o })],
        ];
        for (const [fast, slow] of calls) {
          const [a, b] = [error(fast), error(slow)];
          expect(a.code).toBe(code);
          expect([a.code, a.message, a.argument, a.index, a.value]).toEqual([
            b.code,
            b.message,
            b.argument,
            b.index,
            b.value,
          ]);
        }
      }
    }
    // Options are checked as before: an unknown key, a bad tolerance, normalize that is not a boolean.
    const p = dist(n, 5);
    expect(error(() => klDivergence(p, p, { tolerence: 1 } as object)).code).toBe('INVALID_OPTION');
    expect(error(() => entropy(p, { tolerance: -1 })).code).toBe('INVALID_OPTION');
    expect(error(() => entropy(p, { normalize: 'yes' as unknown as boolean })).code).toBe('INVALID_OPTION');
    const short = p.map((v, i) => (i === 0 ? v + p[p.length - 1] : v)).subarray(0, n - 1);
    expect(error(() => klDivergence(p, short)).code).toBe('SHAPE_MISMATCH');
  });

  it('normalize: true and tolerance keep their meaning (the TypeScript path where the kernels do not apply)', () => {
    const p = dist(n, 11) as Float64Array;
    const w = p.map((v) => v * 3);
    close(entropy(w, { normalize: true }), entropy(p));
    // Σp inside the tolerance but past the kernels' margin: still accepted.
    const off = p.map((v) => v * (1 + 0.9e-6));
    close(entropy(off), entropy(plain(off)));
  });

  it('logSumExp, softmax and logSoftmax: NaN, +Infinity and all −Infinity as before', () => {
    const x = new Float64Array(n).map((_, i) => Math.sin(i));
    const nan = x.slice();
    nan[5000] = Number.NaN;
    expect(logSumExp(nan)).toBeNaN();
    expect(Array.from(softmax(nan)).every(Number.isNaN)).toBe(true);
    const inf = x.slice();
    inf[100] = Number.POSITIVE_INFINITY;
    inf[8000] = Number.POSITIVE_INFINITY;
    expect(logSumExp(inf)).toBe(Number.POSITIVE_INFINITY);
    const s = softmax(inf);
    expect([s[100], s[8000], s[0]]).toEqual([0.5, 0.5, 0]);
    expect(logSoftmax(inf)[100]).toBe(-Math.LN2);
    const none = new Float64Array(n).fill(Number.NEGATIVE_INFINITY);
    expect(logSumExp(none)).toBe(Number.NEGATIVE_INFINITY);
    expect(softmax(none)[0]).toBeNaN();
    // One dominant term: log1p of the rest keeps its relative precision (the kernels count the maxima rather
    // than add them, so a pair of 1 and a tiny term cannot lose the tiny one).
    for (const low of [-30, -20, -5]) {
      const near = new Float64Array(n).fill(low);
      near[3] = 0;
      near[4000] = low / 2;
      close(logSumExp(near), logSumExp(plain(near)), 1e-13);
      const r = uniform(-low);
      const p = new Float64Array(n);
      for (let i = 0; i < n; i++) p[i] = i === 7 ? 1 : Math.exp(low) * r();
      const s = p.reduce((t, v) => t + v, 0);
      for (let i = 0; i < n; i++) p[i] /= s;
      for (const alpha of [0.3, 3.5])
        close(renyiEntropy(p, { alpha }), renyiEntropy(plain(p), { alpha }), 1e-12);
    }
    // A single dominant term keeps full relative precision (log1p of the rest).
    const dom = new Float64Array(n).fill(-800);
    dom[3] = 0;
    expect(logSumExp(dom)).toBe(logSumExp(plain(dom)));
  });
});

describe('measures over long vectors without the kernels', () => {
  afterAll(() => reloadKernels('auto'));

  it('where the runtime has no kernels the TypeScript path gives the same numbers', () => {
    const p = dist(20000, 12) as Float64Array;
    const q = dist(20000, 13) as Float64Array;
    const x = p.map((v) => Math.log(v) * 3);
    const withKernels = [entropy(p), klDivergence(p, q), jsDivergence(p, q), logSumExp(x), softmax(x)[9]];
    // Loading only a build this engine rejects (relaxed SIMD on Node 20), or none at all, leaves no kernels.
    const relaxed = (() => {
      reloadKernels('relaxed');
      return kernelRuntime() !== undefined;
    })();
    if (relaxed) return; // this engine runs both builds: nothing to fall back from here
    const without = [entropy(p), klDivergence(p, q), jsDivergence(p, q), logSumExp(x), softmax(x)[9]];
    for (let i = 0; i < without.length; i++) close(without[i], withKernels[i]);
  });
});
