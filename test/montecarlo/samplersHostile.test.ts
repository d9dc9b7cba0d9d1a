/**
 * Issue #13 for random/ and montecarlo/ (once src/sampling/): every entry point refuses hostile arguments with a SurprisalError (code, argument,
 * value) before any work; sizes that cannot be allocated are TOO_LARGE; Pareto k̂, the ESS and every
 * diagnostic are invariant to a constant added to the log weights and to their order; and no NaN comes out
 * where the answer is known (one non-zero weight, all weights equal, a single draw).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  aliasTable,
  createRng,
  crossEntropyMethod,
  Exponential,
  effectiveSampleSize,
  gaussianTail,
  gpdfit,
  importanceSampling,
  MultivariateNormal,
  Normal,
  paretoDiagnostics,
  portfolioLossTail,
  psis,
  Rng,
  rngFromState,
  SurprisalError,
} from '../../src/index.js';
import { khatOf } from '../../src/montecarlo/importanceSampling.js';
import { thrown } from '../helpers/errors.js';

/** Fisher–Yates with the library's generator: a reproducible permutation. */
function shuffled<T>(a: readonly T[], seed: number): T[] {
  const out = a.slice();
  const rng = createRng(seed);
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rng.uniform() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

const GRID = 2 ** -20;
/**
 * Log weights on a grid of 2⁻²⁰ in [−64, 64] (with some −Infinity entries) and a shift on the same grid in
 * [−10⁴, 10⁴]: then lw + c is exact in double precision, so the shifted problem is exactly the same problem and
 * every result must agree bit for bit (up to summation order under a permutation).
 */
const gridWeights = fc.array(
  fc.oneof(
    { weight: 9, arbitrary: fc.integer({ min: -64 * 2 ** 20, max: 64 * 2 ** 20 }).map((i) => i * GRID) },
    { weight: 1, arbitrary: fc.constant(Number.NEGATIVE_INFINITY) },
  ),
  { minLength: 30, maxLength: 400 },
);
const gridShift = fc.integer({ min: -1e4 * 2 ** 20, max: 1e4 * 2 ** 20 }).map((i) => i * GRID);

describe('k̂ and the ESS do not depend on a constant added to the log weights, nor on their order', () => {
  it('psis, khatOf and effectiveSampleSize under exact shifts in [−1e4, 1e4] and permutations (property)', () => {
    fc.assert(
      fc.property(gridWeights, gridShift, fc.nat(), (raw, c, seed) => {
        const lw = raw.some((v) => v > Number.NEGATIVE_INFINITY) ? raw : [0, ...raw];
        const moved = shuffled(
          lw.map((v) => v + c),
          seed,
        );
        // khatOf: the k̂ of importanceSampling, gaussianTail, portfolioLossTail and crossEntropyMethod.
        expect(khatOf(Float64Array.from(moved))).toBe(khatOf(Float64Array.from(lw)));
        const a = psis(lw, { shortTail: 'infinite' });
        const b = psis(moved, { shortTail: 'infinite' });
        expect(b.khat).toBe(a.khat);
        expect(b.tailLength).toBe(a.tailLength);
        expect(b.diagnosis.category).toBe(a.diagnosis.category);
        expect(b.ess).toBeCloseTo(a.ess, 9);
        const sa = Array.from(a.logWeights).sort((x, y) => x - y);
        const sb = Array.from(b.logWeights).sort((x, y) => x - y);
        for (let i = 0; i < sa.length; i++) {
          if (sa[i] === Number.NEGATIVE_INFINITY) expect(sb[i]).toBe(sa[i]);
          else expect(Math.abs(sb[i] - sa[i])).toBeLessThan(1e-12);
        }
        for (const method of ['kish', 'perplexity'] as const) {
          const ea = effectiveSampleSize(lw, { method });
          const eb = effectiveSampleSize(moved, { method });
          expect(Math.abs(eb / ea - 1)).toBeLessThan(1e-12);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('importanceSampling: k̂, ESS, relative error and the self-normalised estimate for logTarget + c, c in [−1e4, 1e4] (property)', () => {
    const target = new Normal(1, 1);
    const base = (c: number, selfNormalize: boolean) =>
      importanceSampling({
        logTarget: (x) => target.logProb(x as number) + c,
        proposal: new Normal(0, 1.5),
        f: (x) => x as number,
        samples: 1000,
        seed: 3,
        selfNormalize,
      });
    const ref = base(0, true);
    const refPlain = base(0, false);
    expect(Number.isFinite(ref.khat)).toBe(true);
    fc.assert(
      fc.property(fc.double({ min: -1e4, max: 1e4, noNaN: true }), (c) => {
        const r = base(c, true);
        // Adding c to numbers of size 1e4 rounds each log weight by up to 1e-12: compare to that accuracy.
        expect(Math.abs(r.khat - ref.khat)).toBeLessThan(1e-6);
        expect(Math.abs(r.ess / ref.ess - 1)).toBeLessThan(1e-8);
        expect(Math.abs(r.value - ref.value)).toBeLessThan(1e-8);
        expect(Math.abs(r.stdError / ref.stdError - 1)).toBeLessThan(1e-8);
        const p = base(c, false);
        // Plain IS scales the estimate by e^c (carried by logValue), the rest does not move.
        expect(Math.abs(p.logValue - c - refPlain.logValue)).toBeLessThan(1e-8);
        expect(Math.abs(p.relativeError / refPlain.relativeError - 1)).toBeLessThan(1e-8);
        expect(Math.abs(p.khat - refPlain.khat)).toBeLessThan(1e-6);
      }),
      { numRuns: 60 },
    );
  });

  it('the issue’s cases: a constant of −745 gave k̂ = Infinity, +710 a gpdfit error', () => {
    const run = (c: number) =>
      importanceSampling({
        logTarget: (x) => new Normal(1, 1).logProb(x as number) + c,
        proposal: new Normal(0, 1.5),
        samples: 2000,
        seed: 1,
        selfNormalize: true,
      });
    const k0 = run(0).khat;
    for (const c of [-745, -800, -1e4, 710, 1000, 1e4]) expect(Math.abs(run(c).khat - k0)).toBeLessThan(1e-6);
  });

  it('gaussianTail far out (a = 37.5, weights ≈ e^{−708}): finite k̂ from 100 000 hits, relative error finite at a = 40', () => {
    const r = gaussianTail({ threshold: 37.5, samples: 100000, seed: 0 });
    expect(r.hits).toBe(100000);
    expect(Number.isFinite(r.khat)).toBe(true);
    expect(r.khat).toBeLessThan(0);
    expect(Math.abs(r.value / r.exact - 1)).toBeLessThan(4 * r.relativeError);
    // Φ̄(40) ≈ 3.7e-350 underflows, but its relative error is still known.
    const far = gaussianTail({ threshold: 40, samples: 1000, seed: 0 });
    expect(far.value).toBe(0);
    expect(far.relativeError).toBeGreaterThan(0);
    expect(far.relativeError).toBeLessThan(0.01);
  });

  it('gpdfit(c·x).k = gpdfit(x).k: exactly for powers of two, to rounding otherwise, finite for subnormal data', () => {
    const x = Array.from({ length: 50 }, (_, i) => -Math.log(1 - (i + 0.5) / 50));
    const ref = gpdfit(x);
    for (const e of [-1000, -600, -1, 0, 3, 600, 1000]) {
      const c = 2 ** e;
      const r = gpdfit(x.map((v) => v * c));
      expect(Math.abs(r.k - ref.k)).toBeLessThan(1e-15);
      expect(Math.abs(r.sigma / (ref.sigma * c) - 1)).toBeLessThan(1e-15);
    }
    for (const c of [1e-300, 3.7, 1e250]) {
      expect(Math.abs(gpdfit(x.map((v) => v * c)).k - ref.k)).toBeLessThan(1e-12);
    }
    // Below 2^-1022 the data themselves lose bits (here about 30 are left), and 1/max(x) used to overflow.
    const tiny = gpdfit(x.map((v) => v * 2 ** -1040));
    expect(Math.abs(tiny.k - ref.k)).toBeLessThan(1e-6);
  });
});

describe('no NaN where the answer is known', () => {
  it('paretoDiagnostics: the convergence rate near k = ½ (the direct formula cancelled to 0 at k = 0.5 + 1e-16)', () => {
    // mpmath at 50 digits, for k the decimal shown
    const want: [number, number, number][] = [
      [0.5000000000000001, 1000, 0.856236173699917],
      [0.50000001, 10, 0.6768166192078592],
      [0.500001, 4294967296, 0.954914780197657],
      [0.4999999, 1000, 0.8562362736998941],
      [0.51, 1000, 0.8460059884057752],
      [0.9, 1000, 0.19780341381269168],
      [0.99, 4294967296, 0.019999999877260397],
    ];
    for (const [k, s, rate] of want) {
      expect(Math.abs(paretoDiagnostics(k, s).convergenceRate / rate - 1), `k=${k}, S=${s}`).toBeLessThan(
        1e-9,
      );
    }
  });

  it('gaussianTail up to |a| = 1e150 gives numbers for every method (a² overflowed into NaN log weights past 1e154)', () => {
    for (const method of ['naive', 'shift', 'exponential'] as const) {
      const r = gaussianTail({ threshold: 1e150, method, samples: 100, seed: 1 });
      expect(r.value).toBe(0);
      expect(r.exact).toBe(0);
      expect(Number.isNaN(r.ess) || Number.isNaN(r.khat)).toBe(false);
    }
    const below = gaussianTail({ threshold: -1e150, method: 'shift', samples: 100, seed: 1 });
    expect(Number.isNaN(below.value)).toBe(false);
  });

  it('effectiveSampleSize: a single draw, one non-zero weight → 1; equal weights → S', () => {
    expect(effectiveSampleSize([3])).toBe(1);
    expect(effectiveSampleSize([-1e4, Number.NEGATIVE_INFINITY, Number.NEGATIVE_INFINITY])).toBe(1);
    expect(effectiveSampleSize([5, 5, 5, 5], { method: 'perplexity' })).toBeCloseTo(4, 12);
    expect(effectiveSampleSize(new Float64Array(1000).fill(-2000))).toBeCloseTo(1000, 9);
  });

  it('psis: one finite log ratio gets weight 1; equal ones keep equal weights (k̂ = Infinity, as loo); S = 1 is an error', () => {
    const one = psis([0, ...new Array(99).fill(Number.NEGATIVE_INFINITY)]);
    expect(one.logWeights[0]).toBe(0);
    expect(one.ess).toBe(1);
    expect(one.khat).toBe(Number.POSITIVE_INFINITY);
    const flat = psis(new Array(100).fill(1e4));
    expect(flat.ess).toBeCloseTo(100, 9);
    for (const v of flat.logWeights) expect(v).toBeCloseTo(-Math.log(100), 12);
    expect(flat.khat).toBe(Number.POSITIVE_INFINITY);
    const e = thrown(() => psis([0], { shortTail: 'infinite' }));
    expect(e.code).toBe('OUT_OF_RANGE');
    expect(e.message).toMatch(/^psis: /);
  });

  it('importanceSampling: draws of weight 0 next to one of weight 1 (self-normalised): the estimate is f there, error 0', () => {
    // The target is a point mass in disguise: logTarget is 0 on one draw and −Infinity on all others.
    let first: number | undefined;
    const r = importanceSampling({
      logTarget: (x) => {
        first ??= x as number;
        return x === first ? 0 : Number.NEGATIVE_INFINITY;
      },
      proposal: new Normal(0, 1),
      f: (x) => 2 * (x as number),
      samples: 50,
      seed: 2,
      selfNormalize: true,
    });
    expect(r.value).toBe(2 * (first as number));
    expect(r.stdError).toBe(0);
    expect(r.relativeError).toBe(0);
    expect(r.ess).toBe(1);
    expect(r.khat).toBe(Number.POSITIVE_INFINITY);
  });

  it('importanceSampling: most weights 0 (self-normalised, with f): finite standard error (was NaN)', () => {
    const r = importanceSampling({
      logTarget: (x) => ((x as number) > 1 ? -0.5 * (x as number) ** 2 : Number.NEGATIVE_INFINITY),
      proposal: new Normal(0, 1),
      f: (x) => x as number,
      samples: 2000,
      seed: 4,
      selfNormalize: true,
    });
    expect(Number.isFinite(r.stdError)).toBe(true);
    expect(r.stdError).toBeGreaterThan(0);
    expect(Number.isFinite(r.relativeError)).toBe(true);
    // E[X | X > 1] under N(0, 1) = φ(1)/Φ̄(1) = 1.525135276160981
    expect(Math.abs(r.value - 1.525135276160981)).toBeLessThan(4 * r.stdError);
  });

  it('importanceSampling: equal weights are plain Monte Carlo (ESS = S, k̂ = −Infinity); f ≡ 0 gives 0 ± 0', () => {
    const q = new Normal(0, 1);
    const r = importanceSampling({ logTarget: (x) => q.logProb(x as number) + 7, proposal: q, samples: 200 });
    expect(r.ess).toBeCloseTo(200, 9);
    expect(r.khat).toBe(Number.NEGATIVE_INFINITY);
    const zero = importanceSampling({
      logTarget: (x) => q.logProb(x as number),
      proposal: q,
      f: () => 0,
      samples: 20,
    });
    expect(zero.value).toBe(0);
    expect(zero.stdError).toBe(0);
    expect(zero.relativeError).toBe(Number.POSITIVE_INFINITY);
  });

  it('importanceSampling with weights of e^{−1000}: the relative error is finite (was 0/0)', () => {
    const r = importanceSampling({
      logTarget: (x) => new Normal(0, 1).logProb(x as number) - 1000,
      proposal: new Normal(0.5, 1),
      samples: 500,
      seed: 1,
    });
    expect(r.value).toBe(0);
    expect(r.relativeError).toBeGreaterThan(0);
    expect(r.relativeError).toBeLessThan(1);
  });
});

type Case = [name: string, call: () => unknown, code: SurprisalError['code'], argument?: string];

const q = new Normal(0, 1);
const ok = { logTarget: (x: unknown) => q.logProb(x as number), proposal: q, samples: 10 };
const portfolio = {
  weights: [0.5, 0.5],
  mean: [0, 0],
  covariance: [
    [1, 0.2],
    [0.2, 1],
  ],
  threshold: 3,
  samples: 100,
};
const sparse: number[] = [0];
sparse[2] = 1; // a hole at index 1
const ce = { nominal: [new Exponential(1)], score: (x: Float64Array) => x[0], threshold: 3 };
/** A call as plain JavaScript makes it: any arguments, whatever the declared types. */
const js =
  (f: (...args: never[]) => unknown, ...args: unknown[]) =>
  () =>
    (f as (...a: unknown[]) => unknown)(...args);

const cases: Case[] = [
  // importanceSampling: hostile first arguments and options
  ['importanceSampling(null)', js(importanceSampling, null), 'INVALID_OPTION', 'options'],
  ['importanceSampling(undefined)', js(importanceSampling, undefined), 'INVALID_OPTION', 'options'],
  ['importanceSampling({})', js(importanceSampling, {}), 'INVALID_OPTION', 'logTarget'],
  ['importanceSampling(5)', js(importanceSampling, 5), 'INVALID_OPTION', 'options'],
  ['importanceSampling([])', js(importanceSampling, []), 'INVALID_OPTION', 'options'],
  [
    'logTarget not a function',
    js(importanceSampling, { ...ok, logTarget: 3 }),
    'INVALID_OPTION',
    'logTarget',
  ],
  ['proposal {}', js(importanceSampling, { ...ok, proposal: {} }), 'INVALID_OPTION', 'proposal'],
  ['proposal null', js(importanceSampling, { ...ok, proposal: null }), 'INVALID_OPTION', 'proposal'],
  ['f a string', js(importanceSampling, { ...ok, f: 'x' }), 'INVALID_OPTION', 'f'],
  ['logTarget → NaN', js(importanceSampling, { ...ok, logTarget: () => Number.NaN }), 'NAN', 'logTarget'],
  [
    'logTarget → string',
    js(importanceSampling, { ...ok, logTarget: () => '0' }),
    'INVALID_OPTION',
    'logTarget',
  ],
  [
    'logTarget → null',
    js(importanceSampling, { ...ok, logTarget: () => null }),
    'INVALID_OPTION',
    'logTarget',
  ],
  [
    'logTarget → +Infinity',
    js(importanceSampling, { ...ok, logTarget: () => Infinity }),
    'NOT_FINITE',
    'logTarget',
  ],
  [
    'logTarget → −Infinity everywhere',
    js(importanceSampling, { ...ok, logTarget: () => -Infinity }),
    'NOT_NORMALIZED',
    'logTarget',
  ],
  ['f → Infinity', js(importanceSampling, { ...ok, f: () => Infinity }), 'NOT_FINITE', 'f'],
  ['f → NaN', js(importanceSampling, { ...ok, f: () => Number.NaN }), 'NAN', 'f'],
  ['f → a string', js(importanceSampling, { ...ok, f: () => '1' }), 'INVALID_OPTION', 'f'],
  ['f → a bigint', js(importanceSampling, { ...ok, f: () => 1n }), 'INVALID_OPTION', 'f'],
  ['samples 1e12', js(importanceSampling, { ...ok, samples: 1e12 }), 'TOO_LARGE', 'samples'],
  ['samples 2^32 + 1', js(importanceSampling, { ...ok, samples: 2 ** 32 + 1 }), 'TOO_LARGE', 'samples'],
  ['samples 0', js(importanceSampling, { ...ok, samples: 0 }), 'INVALID_OPTION', 'samples'],
  ['samples −1', js(importanceSampling, { ...ok, samples: -1 }), 'INVALID_OPTION', 'samples'],
  ['samples 1.5', js(importanceSampling, { ...ok, samples: 1.5 }), 'INVALID_OPTION', 'samples'],
  ['samples NaN', js(importanceSampling, { ...ok, samples: Number.NaN }), 'INVALID_OPTION', 'samples'],
  ["samples '10'", js(importanceSampling, { ...ok, samples: '10' }), 'INVALID_OPTION', 'samples'],
  ['samples Infinity', js(importanceSampling, { ...ok, samples: Infinity }), 'INVALID_OPTION', 'samples'],
  ['seed NaN', js(importanceSampling, { ...ok, seed: Number.NaN }), 'INVALID_OPTION', 'seed'],
  ["seed '1'", js(importanceSampling, { ...ok, seed: '1' }), 'INVALID_OPTION', 'seed'],
  ['selfNormalize 1', js(importanceSampling, { ...ok, selfNormalize: 1 }), 'INVALID_OPTION', 'selfNormalize'],
  ['confidence 2', js(importanceSampling, { ...ok, confidence: 2 }), 'INVALID_OPTION', 'confidence'],
  ["confidence '0.9'", js(importanceSampling, { ...ok, confidence: '0.9' }), 'INVALID_OPTION', 'confidence'],
  ['unknown option samplse', js(importanceSampling, { ...ok, samplse: 10 }), 'INVALID_OPTION', 'samplse'],
  // The old name of `confidence` is refused (0.x: renamed without an alias).
  ['unknown option level', js(importanceSampling, { ...ok, level: 0.9 }), 'INVALID_OPTION', 'level'],
  // effectiveSampleSize, psis, gpdfit, paretoDiagnostics
  ['effectiveSampleSize(null)', js(effectiveSampleSize, null), 'SHAPE_MISMATCH', 'logWeights'],
  ['effectiveSampleSize(undefined)', js(effectiveSampleSize, undefined), 'SHAPE_MISMATCH', 'logWeights'],
  ["effectiveSampleSize('abc')", js(effectiveSampleSize, 'abc'), 'SHAPE_MISMATCH', 'logWeights'],
  ['effectiveSampleSize(5)', js(effectiveSampleSize, 5), 'SHAPE_MISMATCH', 'logWeights'],
  ['effectiveSampleSize([])', js(effectiveSampleSize, []), 'EMPTY', 'logWeights'],
  ['effectiveSampleSize([null, 1])', js(effectiveSampleSize, [null, 1]), 'NAN', 'logWeights'],
  ["effectiveSampleSize(['1', 1])", js(effectiveSampleSize, ['1', 1]), 'NAN', 'logWeights'],
  ['effectiveSampleSize([1n, 1])', js(effectiveSampleSize, [1n, 1]), 'NAN', 'logWeights'],
  ['effectiveSampleSize([true])', js(effectiveSampleSize, [true]), 'NAN', 'logWeights'],
  ['effectiveSampleSize(sparse)', js(effectiveSampleSize, sparse), 'NAN', 'logWeights'],
  ['effectiveSampleSize({ length: 1e12 })', js(effectiveSampleSize, { length: 1e12 }), 'TOO_LARGE'],
  ['effectiveSampleSize(BigInt64Array)', js(effectiveSampleSize, BigInt64Array.of(1n)), 'NAN', 'logWeights'],
  [
    'effectiveSampleSize method',
    js(effectiveSampleSize, [1], { method: 'renyi' }),
    'INVALID_OPTION',
    'method',
  ],
  ['effectiveSampleSize options null', js(effectiveSampleSize, [1], null), 'INVALID_OPTION', 'options'],
  ['effectiveSampleSize { level }', js(effectiveSampleSize, [1], { level: 0.9 }), 'INVALID_OPTION', 'level'],
  ['psis(null)', js(psis, null), 'SHAPE_MISMATCH', 'logRatios'],
  ['psis({})', js(psis, {}), 'SHAPE_MISMATCH', 'logRatios'],
  ['psis([NaN])', js(psis, [Number.NaN, 1]), 'NAN', 'logRatios'],
  ['psis rEff string', js(psis, [1, 2], { rEff: '1' }), 'INVALID_OPTION', 'rEff'],
  ['psis rEff 0', js(psis, [1, 2], { rEff: 0 }), 'INVALID_OPTION', 'rEff'],
  ['psis shortTail', js(psis, [1, 2], { shortTail: 'inf' }), 'INVALID_OPTION', 'shortTail'],
  ['psis unknown option', js(psis, [1, 2], { r_eff: 1 }), 'INVALID_OPTION', 'r_eff'],
  ['psis options 5', js(psis, [1, 2], 5), 'INVALID_OPTION', 'options'],
  ['gpdfit(null)', js(gpdfit, null), 'SHAPE_MISMATCH', 'x'],
  ["gpdfit('12')", js(gpdfit, '12'), 'SHAPE_MISMATCH', 'x'],
  ['gpdfit([])', js(gpdfit, []), 'EMPTY', 'x'],
  ['gpdfit([null])', js(gpdfit, [1, null]), 'OUT_OF_RANGE', 'x'],
  ['gpdfit([-1])', js(gpdfit, [1, -1]), 'OUT_OF_RANGE', 'x'],
  ['gpdfit wip 0', js(gpdfit, [1, 2], { wip: 0 }), 'INVALID_OPTION', 'wip'],
  ['gpdfit minGridPoints 1.5', js(gpdfit, [1, 2], { minGridPoints: 1.5 }), 'INVALID_OPTION', 'minGridPoints'],
  [
    'gpdfit minGridPoints 1e12',
    js(gpdfit, [1, 2], { minGridPoints: 1e12 }),
    'INVALID_OPTION',
    'minGridPoints',
  ],
  ['gpdfit unknown option', js(gpdfit, [1, 2], { prior: 3 }), 'INVALID_OPTION', 'prior'],
  ['paretoDiagnostics(null)', js(paretoDiagnostics, null), 'INVALID_OPTION', 'khat'],
  ["paretoDiagnostics('0.5', 100)", js(paretoDiagnostics, '0.5', 100), 'INVALID_OPTION', 'khat'],
  ['paretoDiagnostics(0.5)', js(paretoDiagnostics, 0.5), 'INVALID_OPTION', 'samples'],
  ['paretoDiagnostics(0.5, Infinity)', js(paretoDiagnostics, 0.5, Infinity), 'INVALID_OPTION', 'samples'],
  ['paretoDiagnostics(0.5, 100.5)', js(paretoDiagnostics, 0.5, 100.5), 'INVALID_OPTION', 'samples'],
  ['paretoDiagnostics(0.5, 1)', js(paretoDiagnostics, 0.5, 1), 'INVALID_OPTION', 'samples'],
  // gaussianTail
  ['gaussianTail threshold null', js(gaussianTail, { threshold: null }), 'INVALID_OPTION', 'threshold'],
  ["gaussianTail threshold '5'", js(gaussianTail, { threshold: '5' }), 'INVALID_OPTION', 'threshold'],
  ['gaussianTail threshold NaN', js(gaussianTail, { threshold: Number.NaN }), 'INVALID_OPTION', 'threshold'],
  ['gaussianTail threshold 1e200', js(gaussianTail, { threshold: 1e200 }), 'INVALID_OPTION', 'threshold'],
  [
    'gaussianTail threshold -1e200, shift',
    js(gaussianTail, { threshold: -1e200, method: 'shift' }),
    'INVALID_OPTION',
    'threshold',
  ],
  ['gaussianTail({}): no threshold', js(gaussianTail, {}), 'INVALID_OPTION', 'threshold'],
  ['gaussianTail(undefined)', js(gaussianTail, undefined), 'INVALID_OPTION', 'options'],
  ['gaussianTail(null)', js(gaussianTail, null), 'INVALID_OPTION', 'options'],
  // The threshold is an option now, not a positional argument.
  ['gaussianTail(5)', js(gaussianTail, 5), 'INVALID_OPTION', 'options'],
  ['gaussianTail samples 1e12', js(gaussianTail, { threshold: 5, samples: 1e12 }), 'TOO_LARGE', 'samples'],
  ['gaussianTail samples 1', js(gaussianTail, { threshold: 5, samples: 1 }), 'INVALID_OPTION', 'samples'],
  ['gaussianTail method', js(gaussianTail, { threshold: 5, method: 'ce' }), 'INVALID_OPTION', 'method'],
  ['gaussianTail seed −1', js(gaussianTail, { threshold: 5, seed: -1 }), 'INVALID_OPTION', 'seed'],
  ['gaussianTail { level }', js(gaussianTail, { threshold: 5, level: 0.9 }), 'INVALID_OPTION', 'level'],
  // portfolioLossTail
  ['portfolioLossTail(null)', js(portfolioLossTail, null), 'INVALID_OPTION', 'options'],
  ['portfolioLossTail(undefined)', js(portfolioLossTail, undefined), 'INVALID_OPTION', 'options'],
  ['portfolioLossTail({})', js(portfolioLossTail, {}), 'INVALID_OPTION', 'threshold'],
  [
    'portfolio weights null',
    js(portfolioLossTail, { ...portfolio, weights: null }),
    'SHAPE_MISMATCH',
    'weights',
  ],
  [
    'portfolio weights NaN',
    js(portfolioLossTail, { ...portfolio, weights: [0.5, Number.NaN] }),
    'NAN',
    'weights',
  ],
  [
    'portfolio weights 0',
    js(portfolioLossTail, { ...portfolio, weights: [0, 0] }),
    'INVALID_OPTION',
    'weights',
  ],
  ['portfolio mean short', js(portfolioLossTail, { ...portfolio, mean: [0] }), 'SHAPE_MISMATCH', 'mean'],
  [
    'portfolio covariance row',
    js(portfolioLossTail, { ...portfolio, covariance: [[1, 0], 5] }),
    'SHAPE_MISMATCH',
    'covariance[1]',
  ],
  [
    'portfolio covariance Infinity',
    js(portfolioLossTail, {
      ...portfolio,
      covariance: [
        [1, 0],
        [0, Infinity],
      ],
    }),
    'NOT_FINITE',
    'covariance[1]',
  ],
  [
    'portfolio covariance asymmetric',
    js(portfolioLossTail, {
      ...portfolio,
      covariance: [
        [1, 0.9],
        [0, 1],
      ],
    }),
    'NOT_POSITIVE_DEFINITE',
    'covariance',
  ],
  ['portfolio df Infinity', js(portfolioLossTail, { ...portfolio, df: Infinity }), 'INVALID_OPTION', 'df'],
  ["portfolio df '4'", js(portfolioLossTail, { ...portfolio, df: '4' }), 'INVALID_OPTION', 'df'],
  ['portfolio samples 1e12', js(portfolioLossTail, { ...portfolio, samples: 1e12 }), 'TOO_LARGE', 'samples'],
  [
    'portfolio threshold 1e200',
    js(portfolioLossTail, { ...portfolio, threshold: 1e200 }),
    'INVALID_OPTION',
    'threshold',
  ],
  [
    'importanceSampling: multivariate proposal with short data',
    js(importanceSampling, {
      ...ok,
      proposal: { dim: 2, sample: () => ({ data: new Float64Array(3), shape: [1, 2] }), logProb: () => 0 },
    }),
    'SHAPE_MISMATCH',
    'proposal',
  ],
  [
    'importanceSampling: proposal.sample returns a number',
    js(importanceSampling, { ...ok, proposal: { sample: () => 3, logProb: () => 0 } }),
    'SHAPE_MISMATCH',
    'proposal',
  ],
  [
    'crossEntropyMethod multivariate nominal',
    js(crossEntropyMethod, {
      ...ce,
      nominal: [
        new MultivariateNormal(
          [0, 0],
          [
            [1, 0],
            [0, 1],
          ],
        ),
      ],
    }),
    'INVALID_OPTION',
    'nominal',
  ],
  [
    'portfolio unknown option',
    js(portfolioLossTail, { ...portfolio, level: 0.9 }),
    'INVALID_OPTION',
    'level',
  ],
  // crossEntropyMethod
  ['crossEntropyMethod(null)', js(crossEntropyMethod, null), 'INVALID_OPTION', 'options'],
  ['crossEntropyMethod(undefined)', js(crossEntropyMethod, undefined), 'INVALID_OPTION', 'options'],
  [
    'crossEntropyMethod nominal [null]',
    js(crossEntropyMethod, { ...ce, nominal: [null] }),
    'INVALID_OPTION',
    'nominal',
  ],
  ['crossEntropyMethod score 1', js(crossEntropyMethod, { ...ce, score: 1 }), 'INVALID_OPTION', 'score'],
  [
    'crossEntropyMethod score → string',
    js(crossEntropyMethod, { ...ce, score: () => 'a' }),
    'INVALID_OPTION',
    'score',
  ],
  [
    "crossEntropyMethod threshold '3'",
    js(crossEntropyMethod, { ...ce, threshold: '3' }),
    'INVALID_OPTION',
    'threshold',
  ],
  // The old name of `threshold` is refused (0.x: renamed without an alias).
  ['crossEntropyMethod { level }', js(crossEntropyMethod, { ...ce, level: 3 }), 'INVALID_OPTION', 'level'],
  ["crossEntropyMethod rho '0.1'", js(crossEntropyMethod, { ...ce, rho: '0.1' }), 'INVALID_OPTION', 'rho'],
  [
    'crossEntropyMethod samples 1e12',
    js(crossEntropyMethod, { ...ce, samples: 1e12 }),
    'TOO_LARGE',
    'samples',
  ],
  [
    'crossEntropyMethod finalSamples 1e12',
    js(crossEntropyMethod, { ...ce, finalSamples: 1e12 }),
    'TOO_LARGE',
    'finalSamples',
  ],
  [
    'crossEntropyMethod maxLevels 0',
    js(crossEntropyMethod, { ...ce, maxLevels: 0 }),
    'INVALID_OPTION',
    'maxLevels',
  ],
  [
    "crossEntropyMethod fitScale 'no'",
    js(crossEntropyMethod, { ...ce, fitScale: 'no' }),
    'INVALID_OPTION',
    'fitScale',
  ],
  [
    'crossEntropyMethod unknown option',
    js(crossEntropyMethod, { ...ce, elite: 0.1 }),
    'INVALID_OPTION',
    'elite',
  ],
  // aliasTable, createRng, rngFromState, Rng
  ['aliasTable(null)', js(aliasTable, null), 'SHAPE_MISMATCH', 'probs'],
  ['aliasTable({ length: 2^31 })', js(aliasTable, { length: 2 ** 31 }), 'TOO_LARGE', 'probs'],
  [
    'aliasTable.sample(null)',
    () => aliasTable([1, 2]).sample(null as unknown as Rng),
    'INVALID_OPTION',
    'rng',
  ],
  [
    'aliasTable.fill(rng, [])',
    () => aliasTable([1, 2]).fill(createRng(1), [] as unknown as Int32Array),
    'SHAPE_MISMATCH',
    'out',
  ],
  ['createRng(NaN)', js(createRng, Number.NaN), 'INVALID_OPTION', 'seed'],
  ['createRng(1.5)', js(createRng, 1.5), 'INVALID_OPTION', 'seed'],
  ['createRng(-1)', js(createRng, -1), 'INVALID_OPTION', 'seed'],
  ["createRng('5')", js(createRng, '5'), 'INVALID_OPTION', 'seed'],
  ['createRng(null)', js(createRng, null), 'INVALID_OPTION', 'seed'],
  ['createRng({})', js(createRng, {}), 'INVALID_OPTION', 'seed'],
  ['rngFromState(null)', js(rngFromState, null), 'SHAPE_MISMATCH', 'state'],
  ["rngFromState('abcd')", js(rngFromState, 'abcd'), 'SHAPE_MISMATCH', 'state'],
  ["rngFromState([1, 2, 3, '4'])", js(rngFromState, [1, 2, 3, '4']), 'INVALID_OPTION', 'state'],
  ['new Rng(null)', () => new Rng(null as unknown as number[]), 'SHAPE_MISMATCH', 'state'],
  ['fillUniform(null)', () => createRng(1).fillUniform(null as unknown as number[]), 'SHAPE_MISMATCH', 'out'],
  ['fillUniform(5)', () => createRng(1).fillUniform(5 as unknown as number[]), 'SHAPE_MISMATCH', 'out'],
  [
    'fillNormal(Int32Array)',
    () => createRng(1).fillNormal(new Int32Array(2) as unknown as number[]),
    'SHAPE_MISMATCH',
    'out',
  ],
  [
    "fillUniform(out, '0', '1')",
    () => createRng(1).fillUniform([0], '0' as unknown as number, 1),
    'INVALID_OPTION',
    'low',
  ],
  ["exponential('2')", () => createRng(1).exponential('2' as unknown as number), 'INVALID_OPTION', 'rate'],
  ["gamma('2')", () => createRng(1).gamma('2' as unknown as number), 'INVALID_OPTION', 'shape'],
  ["poisson('4')", () => createRng(1).poisson('4' as unknown as number), 'INVALID_OPTION', 'lambda'],
  ["binomial(10, '0.5')", () => createRng(1).binomial(10, '0.5' as unknown as number), 'INVALID_OPTION', 'p'],
  ['binomial(-1, 0.5)', () => createRng(1).binomial(-1, 0.5), 'INVALID_OPTION', 'n'],
  ['binomial(1.5, 0.5)', () => createRng(1).binomial(1.5, 0.5), 'INVALID_OPTION', 'n'],
  ['binomial(2^53, 0.5)', () => createRng(1).binomial(2 ** 53, 0.5), 'INVALID_OPTION', 'n'],
  ['normal(0, null)', () => createRng(1).normal(0, null as unknown as number), 'INVALID_OPTION', 'scale'],
];

describe('every entry point of random/ and montecarlo/ refuses hostile arguments with a SurprisalError', () => {
  it.each(cases)('%s', (_, call, code, argument) => {
    const e = thrown(call);
    expect(e.code).toBe(code);
    if (argument !== undefined) expect(e.argument).toBe(argument);
    expect(e.message.length).toBeLessThan(400);
  });

  it('a samples of 1e12 is refused before any work (no draw of logTarget)', () => {
    let calls = 0;
    const e = thrown(() =>
      importanceSampling({
        logTarget: () => {
          calls++;
          return 0;
        },
        proposal: q,
        samples: 1e12,
      }),
    );
    expect(e.message).toContain('4294967296');
    expect(calls).toBe(0);
  });

  it('seeds: numbers in [0, 2^53) and bigints in [0, 2^64) are valid; a sampler names itself for a bad one', () => {
    expect(createRng(2 ** 53 - 1).uniform()).toBeGreaterThanOrEqual(0);
    expect(createRng((1n << 64n) - 1n).uniform()).toBeGreaterThanOrEqual(0);
    expect(gaussianTail({ threshold: 3, samples: 10, seed: 5n }).value).toBe(
      gaussianTail({ threshold: 3, samples: 10, seed: 5 }).value,
    );
    expect(thrown(() => gaussianTail({ threshold: 3, seed: 1.5 })).message).toMatch(/^gaussianTail: seed/);
  });

  it('Rng methods still accept what they documented: binomial(1e12, p) is O(1), a plain array fills', () => {
    const rng = createRng(3);
    const k = rng.binomial(1e12, 0.5);
    expect(Math.abs(k - 5e11)).toBeLessThan(1e7);
    expect(rng.fillUniform([0, 0, 0]).every((v) => v >= 0 && v < 1)).toBe(true);
  });
});

describe('found by the library fuzz suite (test/fuzz)', () => {
  it('studentT with df = 5e-324 (half of it underflows to 0) is ±Infinity, never NaN', () => {
    const rng = createRng(3);
    for (let i = 0; i < 20; i++) {
      const t = rng.studentT(5e-324);
      expect(Math.abs(t)).toBe(Number.POSITIVE_INFINITY);
    }
  });
  it('new Rng with a bigint or string word is a SurprisalError, not a TypeError', () => {
    for (const bad of [
      [1, 2, 3, 2n ** 64n],
      [1, '2', 3, 4],
      [1, 2, 3, null],
    ]) {
      let err: unknown;
      try {
        new Rng(bad as never);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(SurprisalError);
      expect((err as SurprisalError).code).toBe('INVALID_OPTION');
    }
  });
});
