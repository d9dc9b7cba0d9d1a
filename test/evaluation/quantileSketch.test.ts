/** QuantileSketch: exact within exactLimit, within its stated rank error above, deterministic, mergeable. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { QuantileSketch, SurprisalError } from '../../src/index.js';
import { checkRanks, mergeTree, splits } from './helpers.js';

const PS = [0, 0.1, 1, 5, 10, 25, 50, 75, 90, 95, 99, 99.9, 100];

function summaryOf(s: QuantileSketch) {
  const qs = s.quantiles(PS);
  return {
    mean: 0,
    stdError: 0,
    min: s.min,
    max: s.max,
    median: s.quantile(50),
    percentiles: Object.fromEntries(PS.map((p, i) => [String(p), qs[i]])),
  };
}

describe('QuantileSketch', () => {
  it('within exactLimit: NumPy linear-interpolation percentiles exactly, whatever the merge tree', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ noNaN: true, min: -1e6, max: 1e6 }), { minLength: 1, maxLength: 200 }),
        fc.array(fc.nat(), { maxLength: 6 }),
        fc.array(fc.nat(), { minLength: 4, maxLength: 4 }),
        (xs, cuts, order) => {
          const parts = splits(xs.length, cuts).map(([a, b]) => new QuantileSketch().addAll(xs.slice(a, b)));
          const s = mergeTree(parts, order, [true, false], (x) =>
            QuantileSketch.fromJSON(JSON.parse(JSON.stringify(x))),
          );
          const sorted = Float64Array.from(xs).sort();
          for (const p of PS) {
            const h = (p / 100) * (xs.length - 1);
            const lo = Math.floor(h);
            const hi = Math.min(lo + 1, xs.length - 1);
            expect(s.quantile(p)).toBe(sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]));
          }
          expect(s.rankError()).toEqual({ worst: 0, p99: 0 });
        },
      ),
    );
  });

  it('past exactLimit every percentile is within the worst-case rank error, however merged', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ noNaN: true, min: -1e6, max: 1e6 }), { minLength: 1, maxLength: 2000 }),
        fc.array(fc.nat(), { maxLength: 8 }),
        fc.array(fc.nat(), { minLength: 4, maxLength: 4 }),
        fc.constantFrom(8, 16, 64),
        fc.nat(),
        (xs, cuts, order, k, seed) => {
          const parts = splits(xs.length, cuts).map(([a, b]) =>
            new QuantileSketch({ exactLimit: 32, k, seed }).addAll(xs.slice(a, b)),
          );
          const s = mergeTree(parts, order, [false, true], (x) =>
            QuantileSketch.fromJSON(JSON.parse(JSON.stringify(x))),
          );
          expect(s.count).toBe(xs.length);
          checkRanks(Float64Array.from(xs), summaryOf(s), s.rankError().worst);
          expect(s.rankError().p99).toBeLessThanOrEqual(
            s.rankError().worst * Math.sqrt(2 * Math.log(200)) + 1e-12,
          );
        },
      ),
      { numRuns: 150 },
    );
  });

  it('is deterministic given its seed, and 10^6 values with k = 4096 stay within a 99% bound below 1e-3', () => {
    const xs = Float64Array.from({ length: 1_000_000 }, (_, i) => (Math.sin(i * 12.9898) * 43758.5453) % 1);
    const a = new QuantileSketch({ seed: 7 }).addAll(xs);
    const b = new QuantileSketch({ seed: 7 }).addAll(xs);
    expect(a.toJSON()).toEqual(b.toJSON());
    expect(a.rankError().p99).toBeLessThan(1e-3);
    checkRanks(xs, summaryOf(a), a.rankError().worst);
  });

  it('refuses NaN, bad options, bad percentiles and bad states', () => {
    const s = new QuantileSketch();
    expect(() => s.add(Number.NaN)).toThrow(SurprisalError);
    expect(() => s.addAll([1, Number.NaN])).toThrow(/values\[1\]/);
    expect(() => s.quantile(101)).toThrow(/p must be/);
    expect(() => new QuantileSketch({ exactLimit: -1 })).toThrow(/exactLimit/);
    expect(() => new QuantileSketch({ seed: -1 })).toThrow(/seed/);
    expect(() => s.merge(new QuantileSketch({ k: 8 }))).toThrow(/k = 4096/);
    expect(Number.isNaN(s.quantile(50))).toBe(true);
    const j = new QuantileSketch().addAll([1, 2]).toJSON();
    expect(() => QuantileSketch.fromJSON({ ...j, count: 3 })).toThrow(/add up/);
    expect(() => QuantileSketch.fromJSON({ ...j, type: 'x' } as never)).toThrow(/type/);
  });
});
