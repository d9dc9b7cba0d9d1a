/**
 * Properties of loo (issue #15): elpd_loo ≤ the in-sample lpd up to Monte Carlo error on well-behaved data,
 * permuting draws changes nothing, and a constant added to one observation's log-likelihood column shifts
 * only that observation's elpd_loo by the constant.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRng, loo, waic } from '../../src/index.js';

/** A normal model's pointwise log-likelihood: S posterior draws of (μ, σ) around the data's own estimates. */
function normalModel(seed: number, s: number, n: number): Float64Array {
  const rng = createRng(seed);
  const y = Float64Array.from({ length: n }, () => rng.normal());
  const ll = new Float64Array(s * n);
  for (let d = 0; d < s; d++) {
    const mu = rng.normal() / Math.sqrt(n);
    const sigma = Math.exp(rng.normal() / Math.sqrt(2 * n));
    for (let i = 0; i < n; i++) {
      const z = (y[i] - mu) / sigma;
      ll[d * n + i] = -0.5 * z * z - Math.log(sigma) - 0.9189385332046728;
    }
  }
  return ll;
}

const S = 400;
const N = 12;

describe('loo: properties', () => {
  it('elpd_loo,i ≤ lpd_i (p_loo,i ≥ 0) up to Monte Carlo error, on well-behaved models', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e6 }), (seed) => {
        const r = loo({ data: normalModel(seed, S, N), shape: [S, N] });
        for (let i = 0; i < N; i++) {
          expect(r.pointwise.pLoo[i]).toBeGreaterThan(-3 * r.pointwise.mcseElpdLoo[i]);
        }
      }),
      { numRuns: 20, seed: 15 },
    );
  });

  it('permuting the draws leaves every result unchanged', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e6 }), fc.integer({ min: 1, max: 1e6 }), (seed, pseed) => {
        const ll = normalModel(seed, S, N);
        const rng = createRng(pseed);
        const order = Array.from({ length: S }, (_, i) => i);
        for (let i = S - 1; i > 0; i--) {
          const j = Math.floor(rng.uniform() * (i + 1));
          [order[i], order[j]] = [order[j], order[i]];
        }
        const shuffled = new Float64Array(S * N);
        for (let to = 0; to < S; to++) shuffled.set(ll.subarray(order[to] * N, order[to] * N + N), to * N);
        const a = loo({ data: ll, shape: [S, N] });
        const b = loo({ data: shuffled, shape: [S, N] });
        for (let i = 0; i < N; i++) {
          expect(b.pointwise.elpdLoo[i]).toBeCloseTo(a.pointwise.elpdLoo[i], 11);
          expect(b.pointwise.khat[i]).toBeCloseTo(a.pointwise.khat[i], 11);
          expect(b.diagnostics.nEff[i]).toBeCloseTo(a.diagnostics.nEff[i], 8);
        }
        expect(waic({ data: shuffled, shape: [S, N] }).estimates.elpdWaic.value).toBeCloseTo(
          waic({ data: ll, shape: [S, N] }).estimates.elpdWaic.value,
          10,
        );
      }),
      { numRuns: 10, seed: 16 },
    );
  });

  it('a constant added to one observation’s column shifts only that elpd_loo, by the constant', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1e6 }),
        fc.integer({ min: 0, max: N - 1 }),
        fc.double({ min: -1e3, max: 1e3, noNaN: true }),
        (seed, col, c) => {
          const ll = normalModel(seed, S, N);
          const shifted = Float64Array.from(ll);
          for (let d = 0; d < S; d++) shifted[d * N + col] += c;
          const a = loo({ data: ll, shape: [S, N] });
          const b = loo({ data: shifted, shape: [S, N] });
          for (let i = 0; i < N; i++) {
            const want = a.pointwise.elpdLoo[i] + (i === col ? c : 0);
            expect(Math.abs(b.pointwise.elpdLoo[i] - want)).toBeLessThan(1e-9 * Math.max(1, Math.abs(want)));
            expect(b.pointwise.khat[i]).toBeCloseTo(a.pointwise.khat[i], 9);
          }
        },
      ),
      { numRuns: 20, seed: 17 },
    );
  });
});
