/**
 * LogitComparisonStats: any split of the rows into update blocks and any merge tree (through JSON or not)
 * gives compareLogits' report over all rows — the exact fields to 1e-12 relative, the percentiles exactly
 * while the count is within exactLimit and within the sketch's stated rank error above it.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  compareLogits,
  LogitComparisonStats,
  type LogitComparisonStatsResult,
  type Summary,
  SurprisalError,
} from '../../src/index.js';
import { checkRanks, mergeTree, near, splits } from './helpers.js';

interface Data {
  n: number;
  v: number;
  a: Float32Array;
  b: Float32Array;
  y: number[];
}

const data = (maxRows: number): fc.Arbitrary<Data> =>
  fc
    .record({ n: fc.integer({ min: 1, max: maxRows }), v: fc.integer({ min: 2, max: 12 }) })
    .chain(({ n, v }) =>
      fc.record({
        n: fc.constant(n),
        v: fc.constant(v),
        a: fc.float32Array({
          minLength: n * v,
          maxLength: n * v,
          min: -20,
          max: 20,
          noNaN: true,
          noDefaultInfinity: true,
        }),
        b: fc.float32Array({
          minLength: n * v,
          maxLength: n * v,
          min: -20,
          max: 20,
          noNaN: true,
          noDefaultInfinity: true,
        }),
        y: fc.array(fc.integer({ min: 0, max: v - 1 }), { minLength: n, maxLength: n }),
      }),
    );

function accumulate(
  d: Data,
  cuts: number[],
  order: number[],
  targets: boolean,
  options: ConstructorParameters<typeof LogitComparisonStats>[0],
  viaJson: boolean[],
): LogitComparisonStats {
  const parts = splits(d.n, cuts).map(([r0, r1]) => {
    const s = new LogitComparisonStats(options);
    s.update(
      { data: d.a.subarray(r0 * d.v, r1 * d.v), shape: [r1 - r0, d.v] },
      { data: d.b.subarray(r0 * d.v, r1 * d.v), shape: [r1 - r0, d.v] },
      targets ? { targets: d.y.slice(r0, r1) } : undefined,
    );
    return s;
  });
  return mergeTree(parts, order, viaJson, (x) =>
    LogitComparisonStats.fromJSON(JSON.parse(JSON.stringify(x))),
  );
}

function expectSummary(s: Summary, ref: Summary, exactPercentiles: boolean): void {
  expect(near(s.mean, ref.mean)).toBe(true);
  // The spread is exact here; compareLogits' two-pass sum carries the rounding of its mean (1e-16 relative).
  expect(near(s.stdError, ref.stdError, 1e-12, 1e-15 * Math.abs(ref.mean))).toBe(true);
  expect(s.min).toBe(ref.min);
  expect(s.max).toBe(ref.max);
  if (exactPercentiles) {
    expect(s.median).toBe(ref.median);
    expect(s.percentiles).toEqual(ref.percentiles);
  }
}

function expectReport(
  r: LogitComparisonStatsResult,
  ref: ReturnType<typeof compareLogits>,
  exact: boolean,
): void {
  expect(r.positions).toBe(ref.positions);
  expectSummary(r.klSummary, ref.klSummary, exact);
  expect(r.sameTop).toEqual(ref.sameTop);
  if (!ref.targets) {
    expect(r.targets).toBeUndefined();
    return;
  }
  const t = r.targets;
  if (!t) throw new Error('targets missing');
  const u = ref.targets;
  expect(near(t.perplexityBase, u.perplexityBase)).toBe(true);
  expect(near(t.perplexityOther, u.perplexityOther)).toBe(true);
  expect(near(t.perplexityRatio, u.perplexityRatio, 1e-12, 1e-15)).toBe(true);
  expect(near(t.lnRatio.mean, u.lnRatio.mean, 1e-12, 1e-15 * Math.abs(Math.log(u.perplexityBase)))).toBe(
    true,
  );
  expect(
    near(t.lnRatio.stdError, u.lnRatio.stdError, 1e-12, 1e-15 * Math.abs(Math.log(u.perplexityBase))),
  ).toBe(true);
  expectSummary(t.deltaPSummary, u.deltaPSummary, exact);
  expect(near(t.rmsDeltaP.value, u.rmsDeltaP.value, 1e-12, 1e-300)).toBe(true);
  expect(near(t.rmsDeltaP.stdError, u.rmsDeltaP.stdError, 1e-12, 1e-15 * u.rmsDeltaP.value)).toBe(true);
}

const plan = (n: number) =>
  fc.record({
    cuts: fc.array(fc.integer({ min: 0, max: n }), { maxLength: 6 }),
    order: fc.array(fc.nat(), { minLength: 8, maxLength: 8 }),
    viaJson: fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }),
    targets: fc.boolean(),
    backend: fc.constantFrom('js' as const, 'auto' as const),
  });

describe('LogitComparisonStats', () => {
  it('update/merge over any split and merge tree equals compareLogits (exact percentiles within exactLimit)', () => {
    fc.assert(
      fc.property(
        data(40).chain((d) => fc.tuple(fc.constant(d), plan(d.n))),
        ([d, p]) => {
          const s = accumulate(d, p.cuts, p.order, p.targets, { backend: p.backend }, p.viaJson);
          const ref = compareLogits(
            { data: d.a, shape: [d.n, d.v] },
            { data: d.b, shape: [d.n, d.v] },
            p.targets ? { targets: d.y, backend: p.backend } : { backend: p.backend },
          );
          expectReport(s.result(), ref, true);
          expect(s.result().rankError.kl.worst).toBe(0);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('past exactLimit the percentiles stay within the stated rank error and the rest stays exact', () => {
    fc.assert(
      fc.property(
        data(300).chain((d) => fc.tuple(fc.constant(d), plan(d.n), fc.nat())),
        ([d, p, seed]) => {
          const options = { exactLimit: 16, k: 8, seed, backend: p.backend };
          const s = accumulate(d, p.cuts, p.order, true, options, p.viaJson);
          const ref = compareLogits(
            { data: d.a, shape: [d.n, d.v] },
            { data: d.b, shape: [d.n, d.v] },
            {
              targets: d.y,
              backend: p.backend,
            },
          );
          const r = s.result();
          expectReport(r, ref, d.n <= 16);
          checkRanks(ref.kl, r.klSummary, r.rankError.kl.worst);
          checkRanks(
            ref.targets?.deltaP ?? new Float64Array(),
            r.targets?.deltaPSummary as Summary,
            r.rankError.deltaP?.worst ?? 0,
          );
        },
      ),
      { numRuns: 100 },
    );
  });

  it('the example: two blocks of one row each', () => {
    const s = new LogitComparisonStats();
    s.update([[2, 1, 0]], [[2, 1, 0.5]], { targets: [0] });
    s.update([[0, 0, 3]], [[0, 1, 3]], { targets: [2] });
    const ref = compareLogits(
      [
        [2, 1, 0],
        [0, 0, 3],
      ],
      [
        [2, 1, 0.5],
        [0, 1, 3],
      ],
      { targets: [0, 2] },
    );
    expectReport(s.result(), ref, true);
    expect(s.positions).toBe(2);
  });

  it('refuses blocks of another vocabulary, targets in some blocks only, bad states, and result() of nothing', () => {
    const s = new LogitComparisonStats();
    s.update([[1, 2]], [[1, 2]], { targets: [0] });
    expect(() => s.update([[1, 2, 3]], [[1, 2, 3]], { targets: [0] })).toThrow(SurprisalError);
    expect(() => s.update([[1, 2]], [[1, 2]])).toThrow(/targets/);
    expect(() => s.update([[1, 2]], [[1, 2, 3]])).toThrow(/shape/);
    const t = new LogitComparisonStats();
    t.update([[1, 2]], [[1, 2]]);
    expect(() => s.merge(t)).toThrow(/merge/);
    expect(() => new LogitComparisonStats().result()).toThrow(expect.objectContaining({ code: 'EMPTY' }));
    expect(() => LogitComparisonStats.fromJSON({} as never)).toThrow(
      expect.objectContaining({ code: 'INVALID_OPTION' }),
    );
    const j = s.toJSON();
    expect(() => LogitComparisonStats.fromJSON({ ...j, sameTop: 5 })).toThrow(/counts/);
    expect(() => new LogitComparisonStats({ k: 9 })).toThrow(/even/);
    expect(() => new LogitComparisonStats({ nope: 1 } as never)).toThrow(/nope/);
  });

  it('merging a state with itself doubles it', () => {
    const s = new LogitComparisonStats();
    s.update([[2, 1, 0]], [[2, 1, 0.5]]);
    s.merge(s);
    expect(s.positions).toBe(2);
  });
});
