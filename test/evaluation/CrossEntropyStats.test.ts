/**
 * CrossEntropyStats and PredictiveEntropyStats: any split and merge tree gives the in-memory functions'
 * numbers over all rows (crossEntropyLoss, softmaxEntropy, and the argmax).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CrossEntropyStats,
  crossEntropyLoss,
  fsum,
  PredictiveEntropyStats,
  SurprisalError,
  softmaxEntropy,
} from '../../src/index.js';
import { checkRanks, mergeTree, near, splits } from './helpers.js';

const rows = fc
  .record({ n: fc.integer({ min: 1, max: 60 }), v: fc.integer({ min: 2, max: 12 }) })
  .chain(({ n, v }) =>
    fc.record({
      n: fc.constant(n),
      v: fc.constant(v),
      x: fc.float32Array({
        minLength: n * v,
        maxLength: n * v,
        min: -30,
        max: 30,
        noNaN: true,
        noDefaultInfinity: true,
      }),
      y: fc.array(fc.integer({ min: -1, max: v - 1 }), { minLength: n, maxLength: n }),
      cuts: fc.array(fc.nat(), { maxLength: 6 }),
      order: fc.array(fc.nat(), { minLength: 8, maxLength: 8 }),
      viaJson: fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }),
      bytes: fc.array(fc.nat({ max: 100 }), { minLength: 8, maxLength: 8 }),
    }),
  );

function mean(xs: number[]): { mean: number; se: number } {
  const m = fsum(xs) / xs.length;
  const d = fsum(xs.map((x) => (x - m) ** 2));
  return { mean: m, se: xs.length > 1 ? Math.sqrt(d / xs.length / (xs.length - 1)) : Number.NaN };
}

describe('CrossEntropyStats', () => {
  it('any split and merge tree gives the mean NLL, its s.e., perplexity, bits and top-1 accuracy of all rows', () => {
    fc.assert(
      fc.property(rows, (d) => {
        if (!d.y.some((t) => t !== -1)) d.y[0] = 0;
        const parts = splits(d.n, d.cuts).map(([r0, r1], i) =>
          new CrossEntropyStats({ ignoreIndex: -1 }).update(
            { data: d.x.subarray(r0 * d.v, r1 * d.v), shape: [r1 - r0, d.v] },
            d.y.slice(r0, r1),
            { bytes: d.bytes[i % 8] },
          ),
        );
        const bytes = splits(d.n, d.cuts).reduce((t, _, i) => t + d.bytes[i % 8], 0);
        const s = mergeTree(parts, d.order, d.viaJson, (x) =>
          CrossEntropyStats.fromJSON(JSON.parse(JSON.stringify(x))),
        ).result();
        const all = crossEntropyLoss({ data: d.x, shape: [d.n, d.v] }, d.y, {
          reduction: 'none',
          ignoreIndex: -1,
        }).loss;
        const kept: number[] = [];
        let correct = 0;
        for (let i = 0; i < d.n; i++) {
          if (d.y[i] === -1) continue;
          kept.push(all[i]);
          const row = Array.from(d.x.subarray(i * d.v, (i + 1) * d.v));
          if (row.indexOf(Math.max(...row)) === d.y[i]) correct++;
        }
        const m = mean(kept);
        expect(s.positions).toBe(kept.length);
        expect(s.ignored).toBe(d.n - kept.length);
        expect(near(s.crossEntropy.value, m.mean)).toBe(true);
        expect(near(s.crossEntropy.stdError, m.se, 1e-12, 1e-15 * m.mean)).toBe(true);
        expect(near(s.perplexity.value, Math.exp(m.mean))).toBe(true);
        expect(near(s.bitsPerToken, m.mean / Math.LN2)).toBe(true);
        expect(s.accuracy.rate).toBe(correct / kept.length);
        if (bytes > 0) expect(near(s.bitsPerByte ?? Number.NaN, fsum(kept) / Math.LN2 / bytes)).toBe(true);
        else expect(s.bitsPerByte).toBeUndefined();
      }),
      { numRuns: 150 },
    );
  });

  it('the example; bad bytes, shapes, states and empty results are errors', () => {
    const s = new CrossEntropyStats();
    s.update([[2, 1, 0]], [0]).update([[0, 0, 3]], [1]);
    expect(s.result().accuracy.rate).toBe(0.5);
    expect(() => s.update([[1, 2]], [0], { bytes: -1 })).toThrow(SurprisalError);
    expect(() => s.update({ data: [1, 2], shape: [2] }, [0])).toThrow(/\[N, C\]/);
    expect(() => s.update([[1, 2]], [5])).toThrow(SurprisalError);
    expect(() => new CrossEntropyStats().result()).toThrow(expect.objectContaining({ code: 'EMPTY' }));
    expect(() => CrossEntropyStats.fromJSON({ type: 'CrossEntropyStats' } as never)).toThrow(
      /not a CrossEntropyStats/,
    );
    expect(() => s.merge(new CrossEntropyStats({ ignoreIndex: 3 }))).toThrow(/ignoreIndex/);
  });
});

describe('PredictiveEntropyStats', () => {
  it('any split and merge tree gives softmaxEntropy summaries of all rows (sketched past exactLimit)', () => {
    fc.assert(
      fc.property(rows, fc.boolean(), (d, sketch) => {
        const options = sketch ? { exactLimit: 8, k: 8 } : {};
        const parts = splits(d.n, d.cuts).map(([r0, r1]) =>
          new PredictiveEntropyStats(options).update({
            data: d.x.subarray(r0 * d.v, r1 * d.v),
            shape: [r1 - r0, d.v],
          }),
        );
        const r = mergeTree(parts, d.order, d.viaJson, (x) =>
          PredictiveEntropyStats.fromJSON(JSON.parse(JSON.stringify(x))),
        ).result();
        const h = softmaxEntropy({ data: d.x, shape: [d.n, d.v] });
        const m = mean(Array.from(h));
        expect(near(r.entropy.mean, m.mean, 1e-12, 1e-300)).toBe(true);
        expect(near(r.entropy.stdError, m.se, 1e-12, 1e-15 * m.mean)).toBe(true);
        const sorted = Float64Array.from(h).sort();
        expect(r.entropy.min).toBe(sorted[0]);
        expect(r.entropy.max).toBe(sorted[d.n - 1]);
        checkRanks(h, r.entropy, r.rankError.worst);
        if (!sketch) expect(r.rankError.worst).toBe(0);
      }),
      { numRuns: 150 },
    );
  });
});
