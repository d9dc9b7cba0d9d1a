/**
 * loo's `threads` option (issue #15): worker threads share the observations, and the result is the
 * single-threaded one bit for bit, whatever the thread count, whether the matrix is copied to shared memory or
 * is already a Float64Array on a SharedArrayBuffer. Workers run the built dist/montecarlo/looWorker.js, so the
 * threaded cases import the built package (`npm test` builds it first; skipped without it). Run from the
 * TypeScript sources, `threads` is accepted and the call runs on one thread.
 */
import { existsSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as source from '../../src/index.js';
import { thrown } from '../helpers/errors.js';

const distUrl = new URL('../../dist/index.js', import.meta.url);
const haveDist = existsSync(distUrl);
if (!haveDist) console.warn('loo threads: dist/ not found (npm test builds it); threaded cases skipped');
const dist = (haveDist ? await import(distUrl.href) : source) as typeof source;

/** A heavy-tailed model's log-likelihood: some observations get k̂ > 0.7, so both PSIS branches run. */
function matrix(seed: number, s: number, n: number, shared = false): Float64Array {
  const rng = source.createRng(seed);
  const y = Float64Array.from({ length: n }, (_, i) => (i % 7 === 3 ? 5 + rng.normal() : rng.normal()));
  const ll = shared ? new Float64Array(new SharedArrayBuffer(8 * s * n)) : new Float64Array(s * n);
  for (let d = 0; d < s; d++) {
    const mu = rng.normal() / 4;
    const sigma = Math.exp(rng.normal() / 8);
    for (let i = 0; i < n; i++) {
      const z = (y[i] - mu) / sigma;
      ll[d * n + i] = -0.5 * z * z - Math.log(sigma) - 0.9189385332046728;
    }
  }
  return ll;
}

function same(a: source.LooResult, b: source.LooResult): void {
  for (const k of ['elpdLoo', 'mcseElpdLoo', 'pLoo', 'looic', 'khat'] as const) {
    expect(Array.from(a.pointwise[k])).toEqual(Array.from(b.pointwise[k]));
  }
  expect(Array.from(a.diagnostics.nEff)).toEqual(Array.from(b.diagnostics.nEff));
  expect(a.estimates).toEqual(b.estimates);
  expect(a.diagnostics.khatTable).toEqual(b.diagnostics.khatTable);
}

describe('loo: threads', () => {
  it.skipIf(!haveDist)('threads 2, 3, 4 and 8 give the single-threaded result bit for bit', () => {
    const ll = { data: matrix(1, 600, 37), shape: [600, 37] };
    const one = dist.loo(ll);
    for (const threads of [2, 3, 4, 8]) same(dist.loo(ll, { threads }), one);
    same(source.loo(ll, { threads: 4 }), one);
  });

  it.skipIf(!haveDist)('a matrix on a SharedArrayBuffer (no copy), with an offset, gives the same', () => {
    const s = 300;
    const n = 9;
    const base = matrix(2, s, n, true);
    const padded = new Float64Array(new SharedArrayBuffer(8 * (s * n + 5)));
    padded.set(base, 5);
    const view = new Float64Array(padded.buffer, 40, s * n);
    same(dist.loo({ data: view, shape: [s, n] }, { threads: 3 }), dist.loo({ data: base, shape: [s, n] }));
  });

  it.skipIf(!haveDist)('more threads than observations, chains and rEff: unchanged', () => {
    const ll = { data: matrix(3, 200, 3), shape: [2, 100, 3] };
    same(dist.loo(ll, { threads: 6 }), dist.loo(ll));
    const rEff = [0.5, 1.3, 0.9];
    same(dist.loo(ll, { threads: 2, rEff }), dist.loo(ll, { rEff }));
  });

  it.skipIf(!haveDist)('property: any matrix and thread count gives the one-thread result', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1e6 }),
        fc.integer({ min: 20, max: 200 }),
        fc.integer({ min: 2, max: 30 }),
        fc.integer({ min: 1, max: 5 }),
        (seed, s, n, threads) => {
          const ll = { data: matrix(seed, s, n), shape: [s, n] };
          same(dist.loo(ll, { threads }), dist.loo(ll));
        },
      ),
      { numRuns: 25, seed: 15 },
    );
  });

  it.skipIf(!haveDist)(
    'more workers than cores (the internal split, uncapped): 1 to 5 threads agree',
    async () => {
      const { looPointwiseThreaded } = await import(
        new URL('../../dist/montecarlo/looThreads.js', import.meta.url).href
      );
      const s = 250;
      const n = 23;
      const data = matrix(5, s, n);
      const rEff = new Float64Array(n).fill(1);
      const run = (threads: number) => {
        const out = {
          elpd: new Float64Array(n),
          mcse: new Float64Array(n),
          pLoo: new Float64Array(n),
          khat: new Float64Array(n),
          nEff: new Float64Array(n),
        };
        expect(looPointwiseThreaded(data, s, n, rEff, threads, out)).toBe(threads);
        return out;
      };
      const one = dist.loo({ data, shape: [s, n] });
      for (const threads of [2, 3, 5]) {
        const out = run(threads);
        expect(Array.from(out.elpd)).toEqual(Array.from(one.pointwise.elpdLoo));
        expect(Array.from(out.khat)).toEqual(Array.from(one.pointwise.khat));
        expect(Array.from(out.nEff)).toEqual(Array.from(one.diagnostics.nEff));
        expect(Array.from(out.mcse)).toEqual(Array.from(one.pointwise.mcseElpdLoo));
        expect(Array.from(out.pLoo)).toEqual(Array.from(one.pointwise.pLoo));
      }
    },
  );

  it('threads must an integer in [1, 256]', () => {
    const ll = { data: matrix(4, 50, 3), shape: [50, 3] };
    for (const threads of [0, 1.5, 257, Number.NaN, '2', null]) {
      const e = thrown(() => source.loo(ll, { threads: threads as number }));
      expect(e.code).toBe('INVALID_OPTION');
      expect(e.argument).toBe('threads');
    }
  });
});
