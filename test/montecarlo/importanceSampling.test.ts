/**
 * Importance sampling, ESS, PSIS diagnostics, the cross-entropy method and Gaussian tails. Reference values:
 * Φ̄(a) from mpmath (../shared research notes §6: P(Z > 5) = 2.8665157187919391e-7), the bridge network's
 * P(S ≥ 2) = 1.3424597497706758e-5 (nested adaptive quadrature), ESS test vectors computed by hand.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  createRng,
  crossEntropyMethod,
  Exponential,
  effectiveSampleSize,
  gaussianTail,
  gpdfit,
  importanceSampling,
  MultivariateNormal,
  Normal,
  ndtri,
  type Point,
  paretoDiagnostics,
  psis,
  StudentT,
  SurprisalError,
} from '../../src/index.js';

const P5 = 2.8665157187919391e-7;
const BRIDGE = 1.3424597497706758e-5;
const bridge = (x: Float64Array) =>
  Math.min(x[0] + x[3], x[0] + x[2] + x[4], x[1] + x[4], x[1] + x[2] + x[3]);
const code = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(SurprisalError);
    return (e as SurprisalError).code;
  }
  return 'none';
};

describe('effectiveSampleSize', () => {
  it('matches the test vectors and works at e^-1000', () => {
    const lw = [0, Math.log(2), Math.log(3), Math.log(4)];
    expect(effectiveSampleSize(lw)).toBeCloseTo(10 / 3, 14);
    expect(effectiveSampleSize(lw, { method: 'perplexity' })).toBeCloseTo(3.596115466624322, 14);
    // exact (mpmath): 1.958698653414388755...
    expect(effectiveSampleSize([-1000, -1001, -1002])).toBeCloseTo(1.958698653414389, 14);
  });

  it('1 ≤ Kish ≤ perplexity ≤ S for any weights', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -50, max: 50, noNaN: true }), { minLength: 1, maxLength: 50 }),
        (lw) => {
          const kish = effectiveSampleSize(lw);
          const perp = effectiveSampleSize(lw, { method: 'perplexity' });
          return kish >= 1 - 1e-9 && kish <= perp * (1 + 1e-9) && perp <= lw.length * (1 + 1e-9);
        },
      ),
    );
  });
});

describe('importanceSampling', () => {
  it('plain IS is unbiased: z-test over 200 seeded replications', () => {
    const target = new Normal(0, 1);
    const truth = 0.0013498980316300946; // P(Z > 3)
    let zsum = 0;
    const reps = 200;
    const ests: number[] = [];
    for (let r = 0; r < reps; r++) {
      const res = importanceSampling({
        logTarget: (x) => target.logProb(x as number),
        proposal: new Normal(2.5, 1.2),
        f: (x) => ((x as number) > 3 ? 1 : 0),
        samples: 2000,
        seed: r,
      });
      ests.push(res.value);
      zsum += res.value;
    }
    const mean = zsum / reps;
    const sd = Math.sqrt(ests.reduce((s, e) => s + (e - mean) ** 2, 0) / (reps - 1));
    expect(Math.abs(mean - truth) / (sd / Math.sqrt(reps))).toBeLessThan(4);
  });

  it('self-normalised IS recovers a mean from an unnormalised target, with a sensible error', () => {
    const res = importanceSampling({
      logTarget: (x) => -0.5 * ((x as number) - 2) ** 2 + 123, // N(2, 1) up to a constant
      proposal: new StudentT(3, 0, 3),
      f: (x) => x as number,
      samples: 50000,
      seed: 3,
      selfNormalize: true,
    });
    expect(Math.abs(res.value - 2)).toBeLessThan(4 * res.stdError);
    expect(res.stdError).toBeGreaterThan(0);
    expect(res.khat).toBeLessThan(0.5);
  });

  it('ci only with confidence: value ± z·stdError at that level (as the estimators)', () => {
    const q = new Normal(0, 1);
    const opts = {
      logTarget: (x: Point) => new Normal(0.5, 1).logProb(x as number),
      proposal: q,
      samples: 500,
    };
    const plain = importanceSampling(opts);
    expect(plain).not.toHaveProperty('ci');
    const r = importanceSampling({ ...opts, confidence: 0.9 });
    expect(r.value).toBe(plain.value);
    const z = ndtri(0.95);
    expect(r.ci).toEqual([r.value - z * r.stdError, r.value + z * r.stdError]);
  });

  it('weights of e^-1000 work: the estimate is carried in logValue', () => {
    const res = importanceSampling({
      logTarget: (x) => new Normal(0, 1).logProb(x as number) - 1000,
      proposal: new Normal(0, 1),
      samples: 100,
      seed: 1,
    });
    expect(res.logValue).toBeCloseTo(-1000, 10);
    expect(res.ess).toBeCloseTo(100, 10);
  });

  it('accepts multivariate proposals', () => {
    const p = new MultivariateNormal(
      [0, 0],
      [
        [1, 0],
        [0, 1],
      ],
    );
    const res = importanceSampling({
      logTarget: (x) => p.logProb(x as Float64Array),
      proposal: new MultivariateNormal(
        [0.5, 0.5],
        [
          [2, 0],
          [0, 2],
        ],
      ),
      f: (x) => ((x as Float64Array)[0] + (x as Float64Array)[1] > 2 ? 1 : 0),
      samples: 50000,
      seed: 2,
    });
    const truth = new Normal(0, Math.SQRT2).logSurvival(2);
    expect(Math.abs(res.value - Math.exp(truth))).toBeLessThan(4 * res.stdError);
  });

  it('bad input: NaN from the target or f, +Infinity log weights', () => {
    const base = { proposal: new Normal(0, 1), samples: 10, seed: 1 };
    expect(code(() => importanceSampling({ ...base, logTarget: () => Number.NaN }))).toBe('NAN');
    expect(code(() => importanceSampling({ ...base, logTarget: () => 0, f: () => Number.NaN }))).toBe('NAN');
    expect(code(() => importanceSampling({ ...base, logTarget: () => Number.POSITIVE_INFINITY }))).toBe(
      'NOT_FINITE',
    );
    expect(code(() => effectiveSampleSize([0, Number.NaN]))).toBe('NAN');
    expect(code(() => effectiveSampleSize([0, Number.POSITIVE_INFINITY]))).toBe('NOT_FINITE');
  });
});

describe('psis and k̂', () => {
  it('k̂ recovers the tail index of GPD samples', () => {
    const rng = createRng(5);
    for (const k of [0.2, 0.5, 0.8]) {
      // log ratios whose weights are GPD(k, 1) draws: w = ((1 − U)^{−k} − 1)/k
      const lw = Array.from({ length: 20000 }, () => Math.log(((1 - rng.uniform()) ** -k - 1) / k + 1e-300));
      const r = psis(lw);
      expect(Math.abs(r.khat - k)).toBeLessThan(0.1);
    }
  });

  it('fewer than 5 tail draws: an error, or with shortTail: infinite, k̂ = Infinity and no smoothing', () => {
    expect(code(() => psis([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]))).toBe('OUT_OF_RANGE');
    const r = psis([0, 1, 2, 3, 4, 5, 6, 7, 8, 9], { shortTail: 'infinite' });
    expect(r.tailLength).toBe(2);
    expect(r.khat).toBe(Number.POSITIVE_INFINITY);
    expect(r.diagnosis.category).toBe('very bad');
  });

  it('smoothed log weights are normalised and order-independent', () => {
    const rng = createRng(8);
    const lw = Array.from({ length: 500 }, () => 3 * rng.normal());
    const a = psis(lw);
    const perm = lw.map((v, i) => [v, i] as const).sort(() => 0);
    const rev = [...lw].reverse();
    const b = psis(rev);
    expect(a.khat).toBe(b.khat);
    let s = 0;
    for (const v of a.logWeights) s += Math.exp(v);
    expect(s).toBeCloseTo(1, 12);
    expect(perm.length).toBe(500);
  });

  it('paretoDiagnostics uses min(1 − 1/log10 S, 0.7), 10^{1/(1−k)} and the convergence rate', () => {
    expect(paretoDiagnostics(0.6, 100).threshold).toBeCloseTo(0.5, 15);
    expect(paretoDiagnostics(0.6, 100).category).toBe('bad');
    expect(paretoDiagnostics(0.6, 100000).threshold).toBe(0.7);
    expect(paretoDiagnostics(0, 1000).minSampleSize).toBeCloseTo(10, 12);
    expect(paretoDiagnostics(1.2, 1000).category).toBe('very bad');
    expect(paretoDiagnostics(-0.1, 1000).convergenceRate).toBe(1);
    expect(paretoDiagnostics(0.5, 1000).convergenceRate).toBeCloseTo(1 - 1 / Math.log(1000), 15);
  });

  it('gpdfit matches posterior::gpdfit on its test vectors', () => {
    const x = Array.from({ length: 100 }, (_, i) => -Math.log(1 - (i + 0.5) / 100));
    expect(gpdfit(x, { wip: false }).k).toBeCloseTo(0.02218811988399088, 13);
    expect(gpdfit(x, { wip: false }).sigma).toBeCloseTo(0.975219939083647, 13);
    expect(gpdfit(x).k).toBeCloseTo(0.0656255635309008, 13);
  });
});

describe('rare events', () => {
  it('gaussianTail(5): each method against Φ̄(5); the exponential proposal has bounded relative error', () => {
    expect(gaussianTail({ threshold: 5, samples: 10 }).exact).toBeCloseTo(P5, 21);
    for (const method of ['shift', 'exponential'] as const) {
      const r = gaussianTail({ threshold: 5, method, samples: 100000, seed: 4 });
      expect(Math.abs(r.value - P5)).toBeLessThan(4 * r.stdError);
    }
    const e = gaussianTail({ threshold: 5, samples: 100000, seed: 4 });
    // per-draw relative error of a + Exp(a) at a = 5 is 0.0714 (research notes §3): RE(S) ≈ 0.0714/√S
    expect(e.relativeError * Math.sqrt(100000)).toBeCloseTo(0.0714, 2);
    const naive = gaussianTail({ threshold: 5, method: 'naive', samples: 100000, seed: 4 });
    expect(naive.hits).toBeLessThan(5);
  });

  it('crossEntropyMethod on the five-edge bridge network lands within 3 standard errors of the exact value', () => {
    const r = crossEntropyMethod({
      nominal: [0.25, 0.4, 0.1, 0.3, 0.2].map((m) => new Exponential(1 / m)),
      score: bridge,
      threshold: 2,
      seed: 1,
    });
    expect(Math.abs(r.value - BRIDGE)).toBeLessThan(3 * r.stdError);
    expect(r.levels[r.levels.length - 1]).toBe(2);
    expect(r.levels.length).toBeGreaterThanOrEqual(3);
    expect(r.relativeError).toBeLessThan(0.05);
  });

  it('crossEntropyMethod with Normal components refits means and scales', () => {
    const r = crossEntropyMethod({
      nominal: [new Normal(0, 1), new Normal(0, 1)],
      score: (x) => x[0] + x[1],
      threshold: 7,
      seed: 2,
    });
    const truth = Math.exp(new Normal(0, Math.SQRT2).logSurvival(7));
    expect(Math.abs(r.value - truth)).toBeLessThan(4 * r.stdError);
  });

  it('a score that returns NaN, and a level that cannot be reached, are errors', () => {
    const nominal = [new Exponential(1)];
    expect(code(() => crossEntropyMethod({ nominal, score: () => Number.NaN, threshold: 1 }))).toBe('NAN');
    expect(code(() => crossEntropyMethod({ nominal, score: () => 0, threshold: 1 }))).toBe('NOT_CONVERGED');
    expect(code(() => crossEntropyMethod({ nominal, score: (x) => x[0], threshold: 1, rho: 2 }))).toBe(
      'INVALID_OPTION',
    );
  });
});
