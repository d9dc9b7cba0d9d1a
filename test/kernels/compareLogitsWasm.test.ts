/**
 * compareLogits on the wasm SIMD128 row kernel (kl_rows in src/kernels/c/kl.c) against its float64
 * TypeScript path (backend: 'js').
 *
 * Tolerance: KL within 2e-6·|js| + 1e-7; same-top rate identical; perplexities within 2e-6 relative; Δp
 * within 2e-6 of the larger of the two target probabilities (+ 1e-12): Δp = p_other − p_base is a
 * difference, and close rows cancel most of it, so its error is relative to the probabilities. The kernel's exps are float32 (≤ 1.7e-7
 * relative) with float64 sums, so S_a, S_b and T carry that relative error; identical rows give KL exactly 0.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SurprisalError } from '../../src/core/errors.js';
import { compareLogits, type LogitComparison } from '../../src/losses/compareLogits.js';
import { xorshift32 } from '../helpers/random.js';

function close(a: number, b: number, rtol: number, atol: number): boolean {
  if (Number.isNaN(b)) return Number.isNaN(a);
  if (!Number.isFinite(b)) return a === b;
  return Math.abs(a - b) <= rtol * Math.abs(b) + atol;
}

/** The same stream as before the helper: seeds are made odd. */
const xorshift = (seed: number) => xorshift32(seed | 1);

/** softmax(row r of x)[t] in float64. */
function prob(x: Float32Array, r: number, v: number, t: number): number {
  let m = Number.NEGATIVE_INFINITY;
  for (let c = 0; c < v; c++) m = Math.max(m, x[r * v + c]);
  let s = 0;
  for (let c = 0; c < v; c++) s += Math.exp(x[r * v + c] - m);
  return Math.exp(x[r * v + t] - m) / s;
}

interface Case {
  n: number;
  v: number;
  a: Float32Array;
  b: Float32Array;
  targets: number[];
}

function compare(c: Case): { w: LogitComparison; j: LogitComparison } {
  const shape = [c.n, c.v];
  const ac = c.a.slice();
  const bc = c.b.slice();
  const w = compareLogits(
    { data: c.a, shape },
    { data: c.b, shape },
    { targets: c.targets, backend: 'wasm' },
  );
  const j = compareLogits({ data: c.a, shape }, { data: c.b, shape }, { targets: c.targets, backend: 'js' });
  expect(Array.from(c.a)).toEqual(Array.from(ac)); // inputs untouched
  expect(Array.from(c.b)).toEqual(Array.from(bc));
  for (let i = 0; i < c.n; i++) {
    if (!close(w.kl[i], j.kl[i], 2e-6, 1e-7)) expect.fail(`kl[${i}]: wasm ${w.kl[i]} vs js ${j.kl[i]}`);
  }
  expect(w.sameTop.rate).toBe(j.sameTop.rate);
  const tw = w.targets;
  const tj = j.targets;
  if (!tw || !tj) throw new Error('targets report missing');
  for (const k of ['perplexityBase', 'perplexityOther', 'perplexityRatio'] as const) {
    if (!close(tw[k], tj[k], 2e-6, 0)) expect.fail(`${k}: wasm ${tw[k]} vs js ${tj[k]}`);
  }
  for (let i = 0; i < c.n; i++) {
    // Δp = p_other − p_base cancels when the rows are close: 2e-6 relative to the larger probability.
    const scale = Math.max(prob(c.a, i, c.v, c.targets[i]), prob(c.b, i, c.v, c.targets[i]));
    if (!close(tw.deltaP[i], tj.deltaP[i], 0, 2e-6 * scale + 1e-12))
      expect.fail(`deltaP[${i}]: wasm ${tw.deltaP[i]} vs js ${tj.deltaP[i]}`);
  }
  return { w, j };
}

const caseArb = fc
  .record({
    n: fc.integer({ min: 1, max: 12 }),
    v: fc.integer({ min: 8, max: 300 }),
    seed: fc.integer(),
    scale: fc.constantFrom(1e-3, 1, 8, 40, 300),
    /** b = a + noise·a-scale (0: identical rows), or independent. */
    relation: fc.constantFrom('identical', 'close', 'shifted', 'independent'),
    noise: fc.constantFrom(1e-4, 1e-2, 0.5),
    negInfA: fc.integer({ min: 0, max: 9 }),
    negInfB: fc.integer({ min: 0, max: 9 }),
    negInfBoth: fc.integer({ min: 0, max: 9 }),
    ties: fc.boolean(),
  })
  .map((p): Case => {
    const rnd = xorshift(p.seed);
    const len = p.n * p.v;
    const a = new Float32Array(len);
    const b = new Float32Array(len);
    for (let i = 0; i < len; i++) {
      a[i] = Math.max(-300, Math.min(300, (rnd() * 2 - 1) * p.scale));
      if (p.relation === 'identical') b[i] = a[i];
      else if (p.relation === 'close') b[i] = a[i] + (rnd() * 2 - 1) * p.noise * p.scale;
      else if (p.relation === 'shifted') b[i] = a[i] + 3;
      else b[i] = Math.max(-300, Math.min(300, (rnd() * 2 - 1) * p.scale));
    }
    if (p.ties) {
      // Several copies of each row's max (and of other values), so the first index of the max must win.
      for (let r = 0; r < p.n; r++) {
        const off = r * p.v;
        for (let c = 1; c < p.v; c += 3) {
          a[off + c] = a[off];
          b[off + c] = b[off + ((c * 7) % p.v)];
        }
        a[off + p.v - 1] = 300;
        a[off + 2] = 300;
        b[off + 5] = 300;
        b[off + p.v - 2] = 300;
      }
    }
    for (let i = 0; i < len; i++) {
      const k = i % 11;
      // Keep at least one finite logit per row: position 0 of every row is never made −inf.
      if (i % p.v === 0) continue;
      if (p.negInfA && k === p.negInfA) a[i] = Number.NEGATIVE_INFINITY;
      if (p.negInfB && k === (p.negInfB + 3) % 11) b[i] = Number.NEGATIVE_INFINITY;
      if (p.negInfBoth && k === (p.negInfBoth + 6) % 11) {
        a[i] = Number.NEGATIVE_INFINITY;
        b[i] = Number.NEGATIVE_INFINITY;
      }
    }
    // Targets with finite logits in both rows (a −inf target gives an infinite perplexity on both paths).
    const targets: number[] = [];
    for (let r = 0; r < p.n; r++) {
      let t = Math.floor(rnd() * p.v);
      while (!Number.isFinite(a[r * p.v + t]) || !Number.isFinite(b[r * p.v + t])) t = (t + 1) % p.v;
      targets.push(t);
    }
    return { n: p.n, v: p.v, a, b, targets };
  });

describe("compareLogits backend: 'wasm' against 'js'", () => {
  it('agrees on random shapes, scales, −Infinity entries and ties', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        compare(c);
      }),
      { numRuns: 300 },
    );
  });

  it('gives KL exactly 0 on identical rows', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 8, max: 300 }),
        fc.integer(),
        fc.constantFrom(1, 40, 300),
        (v, seed, scale) => {
          const rnd = xorshift(seed);
          const a = new Float32Array(3 * v);
          for (let i = 0; i < a.length; i++) a[i] = (rnd() * 2 - 1) * scale;
          a[v + 1] = Number.NEGATIVE_INFINITY;
          const r = compareLogits(
            { data: a, shape: [3, v] },
            { data: a.slice(), shape: [3, v] },
            { backend: 'wasm' },
          );
          for (let i = 0; i < 3; i++) expect(r.kl[i]).toBeLessThanOrEqual(1e-7);
          expect(Array.from(r.kl)).toEqual([0, 0, 0]);
          expect(r.sameTop.rate).toBe(1);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('takes the first index of a tied max, as the TypeScript path', () => {
    const v = 13;
    const a = new Float32Array(v).fill(1);
    const b = new Float32Array(v).fill(1);
    a[9] = 5;
    a[4] = 5; // first max of a at 4
    b[4] = 2;
    b[12] = 7;
    b[11] = 7; // first max of b at 11
    const w = compareLogits({ data: a, shape: [1, v] }, { data: b, shape: [1, v] }, { backend: 'wasm' });
    expect(w.sameTop.rate).toBe(0);
    const b2 = b.slice();
    b2[4] = 7; // now b's first max is at 4 too
    const w2 = compareLogits({ data: a, shape: [1, v] }, { data: b2, shape: [1, v] }, { backend: 'wasm' });
    expect(w2.sameTop.rate).toBe(1);
  });

  it('gives +Infinity where b is −Infinity and a is finite, and skips a = −Infinity', () => {
    const v = 10;
    const a = new Float32Array(v).fill(0);
    const b = new Float32Array(v).fill(0);
    b[7] = Number.NEGATIVE_INFINITY;
    expect(
      compareLogits({ data: a, shape: [1, v] }, { data: b, shape: [1, v] }, { backend: 'wasm' }).kl[0],
    ).toBe(Number.POSITIVE_INFINITY);
    a[7] = Number.NEGATIVE_INFINITY;
    const w = compareLogits({ data: a, shape: [1, v] }, { data: b, shape: [1, v] }, { backend: 'wasm' })
      .kl[0];
    const j = compareLogits({ data: a, shape: [1, v] }, { data: b, shape: [1, v] }, { backend: 'js' }).kl[0];
    expect(w).toBe(0);
    expect(j).toBe(0);
  });

  it('rejects NaN, +Infinity and all −Infinity rows on both paths, naming the same [row, column]', () => {
    const v = 9;
    const cases: [string, (a: Float32Array, b: Float32Array) => void, string, string, number][] = [
      ['NaN in base', (a) => void a.fill(Number.NaN, 3, 4), 'NAN', 'base', 3],
      [
        '+Infinity in other',
        (_, b) => void b.fill(Number.POSITIVE_INFINITY, v + 2, v + 3),
        'NOT_FINITE',
        'other',
        v + 2,
      ],
      [
        '+Infinity in base',
        (a) => void a.fill(Number.POSITIVE_INFINITY, 2 * v + 5, 2 * v + 6),
        'NOT_FINITE',
        'base',
        2 * v + 5,
      ],
      [
        'a row of −Infinity in other',
        (_, b) => void b.fill(Number.NEGATIVE_INFINITY, 3 * v, 4 * v),
        'NOT_FINITE',
        'other',
        3 * v,
      ],
    ];
    for (const [, spoil, code, argument, index] of cases) {
      const a = new Float32Array(4 * v).map((_, i) => Math.sin(i));
      const b = new Float32Array(4 * v).map((_, i) => Math.cos(i));
      spoil(a, b);
      for (const backend of ['wasm', 'js', 'auto'] as const) {
        let err: unknown;
        try {
          compareLogits(
            { data: a, shape: [4, v] },
            { data: b, shape: [4, v] },
            { backend, targets: [0, 1, 2, 3] },
          );
        } catch (e) {
          err = e;
        }
        expect(err).toBeInstanceOf(SurprisalError);
        expect(err).toMatchObject({ code, argument, index });
      }
    }
  });

  it('−Infinity logits short of a whole row agree on both paths', () => {
    const v = 9;
    const a = new Float32Array(4 * v).map((_, i) => Math.sin(i));
    const b = new Float32Array(4 * v).map((_, i) => Math.cos(i));
    a[3] = Number.NEGATIVE_INFINITY;
    for (let c = 1; c < v; c++) b[3 * v + c] = Number.NEGATIVE_INFINITY;
    const opts = (backend: 'wasm' | 'js') => ({ backend, targets: [0, 1, 2, 3] });
    const w = compareLogits({ data: a, shape: [4, v] }, { data: b, shape: [4, v] }, opts('wasm'));
    const j = compareLogits({ data: a, shape: [4, v] }, { data: b, shape: [4, v] }, opts('js'));
    for (let r = 0; r < 4; r++) expect(close(w.kl[r], j.kl[r], 2e-6, 1e-7)).toBe(true);
    expect(w.sameTop.rate).toBe(j.sameTop.rate);
  });

  it("'wasm' rejects non-Float32Array input; 'auto' falls back; bad backend is rejected", () => {
    const x = [
      [1, 2, 3, 4, 5, 6, 7, 8],
      [8, 7, 6, 5, 4, 3, 2, 1],
    ];
    expect(() => compareLogits(x, x, { backend: 'wasm' })).toThrow(SurprisalError);
    expect(Array.from(compareLogits(x, x).kl)).toEqual([0, 0]);
    expect(() => compareLogits(x, x, { backend: 'gpu' as 'js' })).toThrow(SurprisalError);
    // 'auto' on float32 input with V ≥ 8 matches 'js' within tolerance.
    const a = { data: new Float32Array(x.flat()), shape: [2, 8] };
    const b = { data: new Float32Array(x.flat().map((t) => t * 0.9)), shape: [2, 8] };
    const auto = compareLogits(a, b);
    const js = compareLogits(a, b, { backend: 'js' });
    for (let i = 0; i < 2; i++) expect(close(auto.kl[i], js.kl[i], 2e-6, 1e-7)).toBe(true);
  });

  it('handles many rows across copy blocks (V = 32000 style, rows not a multiple of the block)', () => {
    const n = 11;
    const v = 30001;
    const rnd = xorshift(12345);
    const a = new Float32Array(n * v).map(() => (rnd() * 2 - 1) * 10);
    const b = a.map((t) => t + (rnd() * 2 - 1) * 0.1);
    const targets = Array.from({ length: n }, (_, i) => (i * 977) % v);
    compare({ n, v, a, b, targets });
  });
});
