/**
 * Coverage of the 95% intervals by simulation (issue 16): seeded samples from known distributions, and the share
 * of intervals containing the true value. Fewer replicates than `node scripts/coverage.mjs` (the README's table),
 * and only the cells that are fast; the bounds are those the README claims, so a regression in a standard error
 * or a centre fails here. Where the README says an estimator does not cover (K ≫ N), the test asserts that too,
 * so that the table cannot silently go stale.
 */
import { describe, expect, it } from 'vitest';
import {
  createRng,
  type EntropyMethod,
  estimateEntropy,
  estimateKlDivergence,
  estimateMutualInformation,
  multinomial,
} from '../../src/index.js';

const R = 150;
const zipf = (k: number, s: number) => {
  const w = Array.from({ length: k }, (_, i) => 1 / (i + 1) ** s);
  const t = w.reduce((a, b) => a + b, 0);
  return w.map((x) => x / t);
};
const entropyOf = (p: number[]) => -p.reduce((a, x) => a + (x > 0 ? x * Math.log(x) : 0), 0);
const covers = (ci: [number, number] | undefined, truth: number) =>
  ci !== undefined && ci[0] <= truth + 1e-12 && truth <= ci[1] + 1e-12;

function entropyCoverage(p: number[], n: number, method: EntropyMethod, seed = 1): number {
  const rng = createRng(seed);
  const truth = entropyOf(p);
  let hit = 0;
  for (let r = 0; r < R; r++) {
    const counts = Array.from(multinomial(rng, n, p));
    if (covers(estimateEntropy({ counts }, { method, confidence: 0.95 }).ci, truth)) hit++;
  }
  return hit / R;
}

const KLLN = [0.4, 0.25, 0.15, 0.12, 0.08];
const SMALL = [0.5, 0.25, 0.15, 0.1];

describe('estimateEntropy: 95% intervals cover the true entropy', () => {
  it('uniform, K = 3, N = 150 (the iris case): plug-in, Miller-Madow, jackknife cover at >= 90%', () => {
    for (const m of ['plugin', 'miller-madow', 'jackknife'] as const) {
      expect(entropyCoverage([1 / 3, 1 / 3, 1 / 3], 150, m), m).toBeGreaterThanOrEqual(0.9);
    }
  });
  it('K << N (K = 5, N = 1000): plug-in, Miller-Madow, jackknife, Schurmann-Grassberger in [0.9, 1]', () => {
    for (const m of ['plugin', 'miller-madow', 'jackknife', 'schurmann-grassberger'] as const) {
      const c = entropyCoverage(KLLN, 1000, m);
      expect(c, m).toBeGreaterThanOrEqual(0.9);
      expect(c, m).toBeLessThanOrEqual(1);
    }
  });
  it('heavy tail (Zipf, K = 100, N = 500): plug-in (centred on Miller-Madow) and the jackknife cover at >= 90%', () => {
    for (const m of ['plugin', 'jackknife'] as const) {
      expect(entropyCoverage(zipf(100, 1), 500, m), m).toBeGreaterThanOrEqual(0.9);
    }
  });
  it('small N (K = 4, N = 20): plug-in and jackknife cover at >= 88%', () => {
    for (const m of ['plugin', 'jackknife'] as const) {
      expect(entropyCoverage(SMALL, 20, m), m).toBeGreaterThanOrEqual(0.88);
    }
  });
  it('K >> N (Zipf, K = 1000, N = 100): the plug-in does not cover (as the README says), and warns', () => {
    expect(entropyCoverage(zipf(1000, 1), 100, 'plugin')).toBeLessThan(0.1);
    const counts = Array.from(multinomial(createRng(3), 100, zipf(1000, 1)));
    expect(estimateEntropy({ counts }).warnings.join(' ')).toMatch(/undersampled/);
  });
});

describe('estimateKlDivergence: 95% intervals cover the true divergence', () => {
  function klCoverage(p: number[], q: number[], n: number, method: 'plugin' | 'jeffreys'): number {
    const rng = createRng(1);
    const truth = p.reduce((a, x, i) => a + (x > 0 ? x * Math.log(x / q[i]) : 0), 0);
    let hit = 0;
    for (let r = 0; r < R; r++) {
      const cp = Array.from(multinomial(rng, n, p));
      const cq = Array.from(multinomial(rng, n, q));
      if (
        covers(estimateKlDivergence({ counts: cp }, { counts: cq }, { method, confidence: 0.95 }).ci, truth)
      )
        hit++;
    }
    return hit / R;
  }
  it('K << N (K = 5, n = m = 1000): plug-in (centred on its bias-corrected value) and jeffreys in [0.9, 0.99]', () => {
    for (const m of ['plugin', 'jeffreys'] as const) {
      const c = klCoverage(KLLN, [0.2, 0.2, 0.2, 0.2, 0.2], 1000, m);
      expect(c, m).toBeGreaterThanOrEqual(0.9);
      expect(c, m).toBeLessThanOrEqual(0.99);
    }
  });
  it('p = q (true KL 0, where the first-order delta method is 0): the plug-in covers at >= 90%', () => {
    expect(klCoverage([1 / 3, 1 / 3, 1 / 3], [1 / 3, 1 / 3, 1 / 3], 150, 'plugin')).toBeGreaterThanOrEqual(
      0.9,
    );
  });
  it('small N (K = 4, n = m = 20): plug-in and jeffreys cover at >= 90%', () => {
    for (const m of ['plugin', 'jeffreys'] as const) {
      expect(klCoverage(SMALL, [0.25, 0.25, 0.25, 0.25], 20, m), m).toBeGreaterThanOrEqual(0.9);
    }
  });
});

describe('estimateMutualInformation (discrete): 95% intervals cover the true MI', () => {
  function miCoverage(t: number[][], n: number, method: 'plugin' | 'miller-madow'): number {
    const rng = createRng(1);
    const ky = t[0].length;
    const flat = t.flat();
    const px = t.map((r) => r.reduce((a, b) => a + b, 0));
    const py = t[0].map((_, j) => t.reduce((a, r) => a + r[j], 0));
    let truth = 0;
    t.forEach((r, i) => {
      r.forEach((v, j) => {
        if (v > 0) truth += v * Math.log(v / (px[i] * py[j]));
      });
    });
    let hit = 0;
    for (let r = 0; r < R; r++) {
      const counts = multinomial(rng, n, flat);
      const x: number[] = [];
      const y: number[] = [];
      counts.forEach((c, cell) => {
        for (let i = 0; i < c; i++) {
          x.push(Math.floor(cell / ky));
          y.push(cell % ky);
        }
      });
      if (covers(estimateMutualInformation(x, y, { method, confidence: 0.95 }).ci, truth)) hit++;
    }
    return hit / R;
  }
  const dependent = (k: number, rho: number) =>
    Array.from({ length: k }, (_, i) =>
      Array.from({ length: k }, (_, j) => (i === j ? rho : (1 - rho) / (k - 1)) / k),
    );
  it('K << N (3 × 3, N = 1000): plug-in and Miller-Madow in [0.9, 0.99]', () => {
    for (const m of ['plugin', 'miller-madow'] as const) {
      const c = miCoverage(dependent(3, 0.6), 1000, m);
      expect(c, m).toBeGreaterThanOrEqual(0.9);
      expect(c, m).toBeLessThanOrEqual(0.99);
    }
  });
  it('K >> N (30 × 30, N = 100): the plug-in does not cover (as the README says)', () => {
    expect(miCoverage(dependent(30, 0.5), 100, 'plugin')).toBeLessThan(0.1);
  });
});
