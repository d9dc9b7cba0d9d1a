/**
 * The measures over long vectors on the kernels' worker threads (`threads`, src/kernels/operations/vector.ts:
 * one result block per 2¹⁵ elements whichever thread runs it, added in block order), the one-pass
 * logSumExp / softmax (blocks at different maxima), the half-integer Rényi orders, and the `out` option of
 * softmax and logSoftmax: the same bits for every thread count, the TypeScript path's numbers within 1e-12,
 * and clear refusals of bad `threads` and `out`.
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { SurprisalError } from '../../src/core/errors.js';
import { logSoftmax } from '../../src/core/logSoftmax.js';
import { logSumExp } from '../../src/core/logSumExp.js';
import { softmax } from '../../src/core/softmax.js';
import { freeKernelArray, kernelFloat64Array } from '../../src/kernels/arrays.js';
import { kernelRuntime, unsharedRuntime } from '../../src/kernels/runtime.js';
import { stopKernelThreads } from '../../src/kernels/threads.js';
import { crossEntropy } from '../../src/measures/crossEntropy.js';
import { entropy } from '../../src/measures/entropy.js';
import { jsDivergence } from '../../src/measures/jsDivergence.js';
import { klDivergence } from '../../src/measures/klDivergence.js';
import { renyiEntropy } from '../../src/measures/renyiEntropy.js';
import '../../src/kernels/index.js';
import { seededDistribution as dist, uniform } from '../helpers/random.js';

afterAll(() => stopKernelThreads());

const plain = (x: ArrayLike<number>): number[] => Array.from(x);
const close = (a: number, b: number, rel = 1e-12) =>
  expect(Math.abs(a - b), `${a} vs ${b}`).toBeLessThanOrEqual(rel * Math.abs(b) + 1e-300);

/** The first index where a and b differ (Object.is: bit for bit but NaN = NaN), or −1. */
function firstDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Math.min(a.length, b.length);
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return i;
  return -1;
}

/**
 * The largest |a − b| / max(|b|, 2⁻¹⁰²²) over the entries (equal infinities count 0; subnormal results are
 * compared to the smallest normal number, below which every result carries an absolute rounding of 2⁻¹⁰⁷⁵).
 */
function worstRelative(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let worst = 0;
  for (let i = 0; i < b.length; i++) {
    if (a[i] === b[i]) continue;
    const e = Math.abs(a[i] - b[i]) / Math.max(Math.abs(b[i]), 2 ** -1022);
    worst = Number.isNaN(e) ? Number.POSITIVE_INFINITY : Math.max(worst, e);
  }
  return worst;
}

const BLOCK = 1 << 15;

/** How many runs `f` hands to the kernels' worker threads (their pool's `post`), counted by wrapping it. */
function postsDuring(f: () => unknown): number {
  const pool = kernelRuntime()?.pool;
  if (!pool) throw new Error('no worker pool: start the threads first');
  const post = pool.post;
  let posts = 0;
  pool.post = (...a: Parameters<typeof post>) => {
    posts++;
    return post.apply(pool, a);
  };
  try {
    f();
  } finally {
    pool.post = post;
  }
  return posts;
}
/**
 * Sizes of one block, a few, enough for workers' runs of several blocks (with odd tails), and past 2²¹, from
 * which the kernels of a few operations per element (Σp², Σp^k, the counts) use two threads.
 */
const sizes = fc.constantFrom(BLOCK - 1, 3 * BLOCK + 7, 9 * BLOCK + 1, 24 * BLOCK + 333, 64 * BLOCK + 5);
const threadCounts = [2, 3, 4];

describe('measures over long vectors: threads', () => {
  it('entropy, crossEntropy, klDivergence, jsDivergence, renyiEntropy: the same bits for 1–4 threads', () => {
    fc.assert(
      fc.property(sizes, fc.integer({ min: 1, max: 1e6 }), fc.boolean(), (n, seed, f32) => {
        const o = f32 ? { tolerance: 1e-4 } : {};
        const p = dist(n, seed, 0.1, f32);
        const q = dist(n, seed + 1, 0, f32);
        const calls: [string, (threads: number) => number][] = [
          ['entropy', (threads) => entropy(p, { ...o, threads })],
          ['crossEntropy', (threads) => crossEntropy(p, q, { ...o, threads })],
          ['klDivergence', (threads) => klDivergence(p, q, { ...o, threads })],
          ['jsDivergence', (threads) => jsDivergence(p, q, { ...o, threads })],
          ...[0, 0.5, 0.75, 1.5, 2, 2.5, 3, 7.5, 40, Number.POSITIVE_INFINITY].map(
            (alpha): [string, (threads: number) => number] => [
              `renyi α=${alpha}`,
              (threads) => renyiEntropy(p, { ...o, alpha, threads }),
            ],
          ),
        ];
        for (const [name, f] of calls) {
          const one = f(1);
          for (const t of threadCounts) expect(f(t), `${name}, ${t} threads`).toBe(one);
        }
        // The threads really ran: the kernels' pool holds workers (Node ≥ 20.16 has worker threads).
        if (n >= 2 * (1 << 17)) expect(kernelRuntime()?.pool?.size ?? 0).toBeGreaterThan(0);
      }),
      { numRuns: 6 },
    );
  });

  it('logSumExp, softmax and logSoftmax: the same bits for 1–4 threads, fresh or into out', () => {
    fc.assert(
      fc.property(sizes, fc.integer({ min: 1, max: 1e6 }), fc.boolean(), (n, seed, f32) => {
        const r = uniform(seed);
        const x64 = new Float64Array(n);
        for (let i = 0; i < n; i++) x64[i] = r() < 0.01 ? Number.NEGATIVE_INFINITY : 60 * (r() - 0.5);
        const x = f32 ? new Float32Array(x64) : x64;
        const lse = logSumExp(x);
        const sm = softmax(x);
        const lsm = logSoftmax(x);
        const out = f32 ? new Float32Array(n) : new Float64Array(n);
        for (const threads of threadCounts) {
          expect(logSumExp(x, { threads })).toBe(lse);
          expect(firstDifference(softmax(x, { threads }), sm)).toBe(-1);
          expect(softmax(x, { threads, out })).toBe(out);
          expect(firstDifference(out, sm)).toBe(-1);
          expect(logSoftmax(x, { threads, out })).toBe(out);
          expect(firstDifference(out, lsm)).toBe(-1);
        }
      }),
      { numRuns: 6 },
    );
  });
});

describe('measures over long vectors in kernel memory (kernelFloat64Array)', () => {
  it('are read (and softmax written) where they lie: the same bits as ordinary arrays, 1 and 2 threads', () => {
    const n = 6 * BLOCK + 9;
    const p = dist(n, 31) as Float64Array;
    const q = dist(n, 32) as Float64Array;
    const x = p.map((v) => 5 * Math.log(v));
    const [kp, kq, kx, kout] = [
      kernelFloat64Array(n),
      kernelFloat64Array(n),
      kernelFloat64Array(n),
      kernelFloat64Array(n),
    ];
    kp.set(p);
    kq.set(q);
    kx.set(x);
    try {
      for (const threads of [1, 2]) {
        expect(entropy(kp, { threads })).toBe(entropy(p));
        expect(klDivergence(kp, kq, { threads })).toBe(klDivergence(p, q));
        expect(renyiEntropy(kp, { alpha: 2.5, threads })).toBe(renyiEntropy(p, { alpha: 2.5 }));
        expect(logSumExp(kx, { threads })).toBe(logSumExp(x));
        expect(softmax(kx, { threads, out: kout })).toBe(kout);
        expect(firstDifference(kout, softmax(x))).toBe(-1);
        expect(firstDifference(softmax(kx, { threads, out: kx.slice() }), softmax(x))).toBe(-1);
        expect(logSoftmax(kx, { threads, out: kout })).toBe(kout);
        expect(firstDifference(kout, logSoftmax(x))).toBe(-1);
      }
      // In place in kernel memory: the kernel pass writes x − m − r over x itself.
      const want = logSoftmax(x);
      expect(logSoftmax(kx, { out: kx, threads: 2 })).toBe(kx);
      expect(firstDifference(kx, want)).toBe(-1);
    } finally {
      for (const a of [kp, kq, kx, kout]) freeKernelArray(a);
    }
  });
});

describe('measures over long vectors: the sums of a few operations per element', () => {
  it('past 2²¹ elements, from kernel memory (on the workers) or ordinary arrays: the bits of one thread', () => {
    const n = 64 * BLOCK + 5; // past 2²¹ elements: two threads
    const p = dist(n, 77) as Float64Array;
    const kp = kernelFloat64Array(n);
    kp.set(p);
    try {
      for (const alpha of [2, 2.5, 3, 0]) {
        const one = renyiEntropy(p, { alpha });
        for (const threads of [1, 2, 3]) expect(renyiEntropy(kp, { alpha, threads })).toBe(one);
        expect(renyiEntropy(p, { alpha, threads: 2 })).toBe(one);
      }
      // Ordinary arrays: the square roots (α = 2.5) take the worker; the integer powers and the max (α = 3, ∞),
      // cheaper than copying a worker's blocks into shared memory, stay on this thread.
      const posts = (alpha: number) => postsDuring(() => renyiEntropy(p, { alpha, threads: 2 }));
      expect(posts(2.5)).toBeGreaterThan(0);
      expect(posts(3)).toBe(0);
      expect(posts(Number.POSITIVE_INFINITY)).toBe(0);
    } finally {
      freeKernelArray(kp);
    }
  });
});

describe('measures over long vectors in kernel memory: the sums of a few operations per element', () => {
  it('take the workers from 2¹⁸ elements a thread (no copies to make), with the bits of one thread', () => {
    const n = 17 * BLOCK + 3; // past 2 · 2¹⁸ elements, below 2 · 2²⁰
    const p = dist(n, 78) as Float64Array;
    const kp = kernelFloat64Array(n);
    kp.set(p);
    try {
      for (const alpha of [2, 0.5, 3, 0, Number.POSITIVE_INFINITY]) {
        const one = renyiEntropy(p, { alpha });
        for (const threads of [1, 2]) expect(renyiEntropy(kp, { alpha, threads })).toBe(one);
      }
      // The workers ran for the array in kernel memory, not for the ordinary one (integer powers: copy-bound).
      expect(postsDuring(() => renyiEntropy(kp, { alpha: 2, threads: 2 }))).toBeGreaterThan(0);
      expect(postsDuring(() => renyiEntropy(p, { alpha: 2, threads: 2 }))).toBe(0);
    } finally {
      freeKernelArray(kp);
    }
  });
});

describe('measures over long vectors on one thread: the unshared instance', () => {
  it("stages ordinary arrays in the unshared instance's memory (returned after the call), with the bits of shared memory", () => {
    const rt = kernelRuntime();
    if (!rt) throw new Error('no kernels');
    const local = unsharedRuntime(rt);
    expect(rt.shared).toBe(true);
    expect(local).toBeDefined();
    expect(local).not.toBe(rt);
    expect(local?.shared).toBe(false);
    const n = 5 * BLOCK + 17;
    const p = dist(n, 41) as Float64Array;
    const x = p.map((v) => 3 * Math.log(v));
    const kp = kernelFloat64Array(n);
    const kx = kernelFloat64Array(n);
    kp.set(p);
    kx.set(x);
    // Which kernels the unshared instance runs: those of the calls on ordinary arrays only.
    const calls: string[] = [];
    const exports = local?.exports as unknown as Record<string, unknown>;
    const counting: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(exports ?? {})) {
      counting[key] =
        typeof v === 'function' && key.startsWith('vec_')
          ? (...a: number[]) => {
              calls.push(key);
              return v(...a);
            }
          : v;
    }
    if (local) local.exports = counting as unknown as typeof local.exports;
    try {
      const before = local?.heap.allocatedBytes();
      expect(entropy(kp)).toBe(entropy(p));
      expect(renyiEntropy(kp, { alpha: 0.5 })).toBe(renyiEntropy(p, { alpha: 0.5 }));
      expect(logSumExp(kx)).toBe(logSumExp(x));
      expect(calls).toEqual(['vec_entropy', 'vec_int_pow_sum', 'vec_lse'].flatMap((k) => Array(6).fill(k)));
      expect(firstDifference(logSoftmax(x), logSoftmax(kx))).toBe(-1);
      expect(calls.slice(18, 30)).toEqual([...Array(6).fill('vec_lse'), ...Array(6).fill('vec_log_softmax')]);
      expect(local?.heap.allocatedBytes()).toBe(before);
    } finally {
      if (local) local.exports = exports as unknown as typeof local.exports;
      freeKernelArray(kp);
      freeKernelArray(kx);
    }
  });
});

describe('measures over long vectors: one pass over blocks at different maxima', () => {
  /** Logits whose blocks lie at very different levels: the overall max in a late block, one block all −∞. */
  function levels(n: number, seed: number): Float64Array {
    const r = uniform(seed);
    const x = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const b = Math.floor(i / BLOCK);
      x[i] = b === 1 ? Number.NEGATIVE_INFINITY : 40 * (b % 3) - 30 * r() + (b === 5 ? 700 : 0);
    }
    return x;
  }

  it('logSumExp, softmax and logSoftmax within 1e-12 of the TypeScript path (threads 1 and 2)', () => {
    for (const seed of [1, 2, 3]) {
      const x = levels(7 * BLOCK + 11, seed);
      const ref = plain(x);
      for (const threads of [1, 2]) {
        close(logSumExp(x, { threads }), logSumExp(ref));
        // softmax: exp(x − m_b)·exp(m_b − m)/S, two roundings more than the TypeScript path's exp(x − m)/S.
        expect(worstRelative(softmax(x, { threads }), softmax(ref))).toBeLessThanOrEqual(4e-15);
        expect(worstRelative(logSoftmax(x, { threads }), logSoftmax(ref))).toBeLessThanOrEqual(1e-12);
      }
    }
  });

  it('a NaN or +Infinity in a late block, or all −Infinity, is the TypeScript path’s answer', () => {
    const x = levels(5 * BLOCK, 9);
    x[4 * BLOCK + 3] = Number.NaN;
    expect(logSumExp(x, { threads: 2 })).toBeNaN();
    expect(softmax(x, { threads: 2 }).every(Number.isNaN)).toBe(true);
    x[4 * BLOCK + 3] = Number.POSITIVE_INFINITY;
    expect(logSumExp(x, { threads: 2 })).toBe(Number.POSITIVE_INFINITY);
    const s = softmax(x, { threads: 2 });
    expect(s[4 * BLOCK + 3]).toBe(1);
    expect(s[0]).toBe(0);
    const none = new Float64Array(3 * BLOCK).fill(Number.NEGATIVE_INFINITY);
    expect(logSumExp(none, { threads: 2 })).toBe(Number.NEGATIVE_INFINITY);
    expect(softmax(none, { threads: 2 }).every(Number.isNaN)).toBe(true);
  });

  it("logSoftmax is x − m − r entry by entry with [m, r] of logSumExp (the kernels' second pass, float32 rounded once)", () => {
    for (const f32 of [false, true]) {
      const x64 = levels(5 * BLOCK + 3, 9);
      const x = f32 ? new Float32Array(x64) : x64;
      const lse = logSumExp(x);
      const m = Math.max(...x.subarray(5 * BLOCK, 6 * BLOCK));
      const r = lse - m;
      const got = logSoftmax(x, { threads: 2 });
      // m + r rounds: the entries are within one rounding of x − lse, and −Infinity stays −Infinity.
      for (let i = 0; i < x.length; i += 97) {
        if (x[i] === Number.NEGATIVE_INFINITY) expect(got[i]).toBe(Number.NEGATIVE_INFINITY);
        else
          expect(Math.abs(got[i] - (x[i] - m - r))).toBeLessThanOrEqual(
            (f32 ? 2 ** -23 : 2 ** -51) * Math.abs(got[i]) + 1e-12,
          );
      }
    }
  });

  it('renyiEntropy at general orders, one pass: blocks at very different levels (one all 0, the largest p late)', () => {
    for (const f32 of [false, true]) {
      const n = 9 * BLOCK + 29; // past 2·2¹⁷: two threads and more take part
      const r = uniform(17);
      const w = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        const b = Math.floor(i / BLOCK);
        w[i] = b === 2 ? 0 : r() * 10 ** -(b % 4) * (b === 8 && i % 1000 === 0 ? 1e6 : 1);
      }
      let s = 0;
      for (const v of w) s += v;
      const p = f32 ? new Float32Array(w.map((v) => v / s)) : w.map((v) => v / s);
      const o = f32 ? { tolerance: 1e-4 } : {};
      for (const alpha of [0.3, 0.8, 1.2, 1.7, 4.2, 60]) {
        const want = renyiEntropy(Array.from(p), { alpha, ...o });
        const one = renyiEntropy(p, { alpha, ...o });
        expect(Math.abs(one - want)).toBeLessThanOrEqual(1e-12 * Math.max(1, want));
        for (const threads of [2, 3]) expect(renyiEntropy(p, { alpha, threads, ...o })).toBe(one);
      }
    }
  });

  it('softmax and logSoftmax in place (out = x) give the numbers of a new array', () => {
    for (const f32 of [false, true]) {
      const x64 = levels(4 * BLOCK + 5, 4);
      const x = f32 ? new Float32Array(x64) : x64;
      const want = softmax(x);
      const y = x.slice();
      expect(softmax(y, { out: y, threads: 2 })).toBe(y);
      // In place, float64 takes the two-pass path (exp(x − m)/S): within 4e-15 of the one-pass path.
      expect(worstRelative(y, want)).toBeLessThanOrEqual(f32 ? 0 : 4e-15);
      const z = x.slice();
      expect(logSoftmax(z, { out: z })).toBe(z);
      expect(firstDifference(z, logSoftmax(x))).toBe(-1);
    }
  });
});

describe('measures over long vectors: half-integer Rényi orders', () => {
  it('α = k + ½ by p^k·√p within 1e-12 of the TypeScript path, near-deterministic p included', () => {
    const spread = dist(5 * BLOCK, 3) as Float64Array;
    const peaked = new Float64Array(5 * BLOCK).fill(1e-12);
    peaked[77] = 1 - 1e-12 * (peaked.length - 1);
    for (const p of [spread, peaked, new Float32Array(spread)]) {
      const o = p instanceof Float32Array ? { tolerance: 1e-4 } : {};
      for (const alpha of [0.5, 1.5, 2.5, 4.5, 28.5, 29.5])
        close(renyiEntropy(p, { ...o, alpha }), renyiEntropy(plain(p), { ...o, alpha }));
    }
  });
});

describe('measures over long vectors: bad threads and out', () => {
  const p = dist(5000, 1) as Float64Array;
  const x = p.map((v) => Math.log(v));

  function refused(f: () => unknown, argument: string): void {
    try {
      f();
    } catch (e) {
      expect(e).toBeInstanceOf(SurprisalError);
      expect((e as SurprisalError).code).toBe('INVALID_OPTION');
      expect((e as SurprisalError).argument).toBe(argument);
      return;
    }
    throw new Error('not refused');
  }

  it('threads other than an integer in [1, 256] is INVALID_OPTION naming threads, on every path', () => {
    for (const threads of [0, 1.5, -1, 257, Number.NaN, '2', null]) {
      const o = { threads } as unknown as { threads: number };
      for (const input of [p, plain(p)]) {
        refused(() => entropy(input, o), 'threads');
        refused(() => crossEntropy(input, p, o), 'threads');
        refused(() => klDivergence(input, p, o), 'threads');
        refused(() => jsDivergence(input, p, o), 'threads');
        refused(() => renyiEntropy(input, { ...o, alpha: 2 }), 'threads');
      }
      refused(() => logSumExp(x, o), 'threads');
      refused(() => softmax(x, o), 'threads');
      refused(() => logSoftmax([1, 2], o), 'threads');
    }
  });

  it('out of the wrong type or length, or overlapping x without being x, is INVALID_OPTION naming out', () => {
    const buf = new Float64Array(2 * x.length);
    buf.set(x);
    const shifted = buf.subarray(1, x.length + 1);
    for (const out of [
      new Float64Array(x.length - 1),
      new Float32Array(x.length),
      [] as unknown as Float64Array,
      shifted,
    ]) {
      refused(() => softmax(buf.subarray(0, x.length), { out }), 'out');
      refused(() => logSoftmax(buf.subarray(0, x.length), { out }), 'out');
    }
    refused(() => softmax(new Float32Array(8), { out: new Float64Array(8) }), 'out');
    refused(() => softmax([1, 2], { out: new Float32Array(2) }), 'out');
    const out = new Float64Array(2);
    expect(softmax([0, Math.log(3)], { out })).toBe(out);
    expect(firstDifference(out, softmax([0, Math.log(3)]))).toBe(-1);
  });
});
