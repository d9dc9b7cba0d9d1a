/**
 * Ties in continuous samples: detected, reported in `warnings`, and treated by the documented rule
 * (dequantization by default, Gao et al.'s atoms on request), against the authors' algorithm on iris.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { estimateDifferentialEntropy } from '../../../src/estimators/estimateDifferentialEntropy.js';
import {
  estimateConditionalMutualInformation,
  estimateMutualInformation,
} from '../../../src/estimators/estimateMutualInformation.js';
import { createRng } from '../../../src/random/random.js';

const fixture = JSON.parse(
  readFileSync(new URL('../../fixtures/feature_ranking.json', import.meta.url), 'utf8'),
) as { iris: { duplicatedPoints: number; mixedKsg: Record<string, number>; sklearnRegression: number[] } };

function irisPetals(): { length: number[]; width: number[] } {
  const lines = readFileSync(new URL('../../data/iris.csv', import.meta.url), 'utf8')
    .trim()
    .split('\n');
  const rows = lines.slice(1).map((l) => l.split(','));
  return { length: rows.map((r) => Number(r[2])), width: rows.map((r) => Number(r[3])) };
}

describe('ties in the k-NN mutual information estimators', () => {
  const { length, width } = irisPetals();

  it("iris petal length × width, ties: 'atoms': Gao et al.'s mixed-pair estimator as the authors' code, k = 1, 3, 5", () => {
    for (const k of [1, 3, 5]) {
      const e = estimateMutualInformation(length, width, { method: 'ksg', k, ties: 'atoms', resamples: 0 });
      expect(e.value).toBeCloseTo(fixture.iris.mixedKsg[k], 12);
      expect(e.warnings.join('\n')).toMatch(/kept as atoms/);
    }
  });

  it('iris petal length × width by default: dequantized, near scikit-learn (1.17–1.24 nats), with a warning per column', () => {
    const e = estimateMutualInformation(length, width, { method: 'ksg', resamples: 0 });
    expect(e.warnings).toHaveLength(2);
    expect(e.warnings[0]).toMatch(
      /^x has 107 tied values \(43 distinct of 150\); taken as rounded to a grid of 0\.1/,
    );
    expect(e.warnings[1]).toMatch(/^y has 128 tied values \(22 distinct of 150\)/);
    const sk = fixture.iris.sklearnRegression;
    expect(e.value).toBeGreaterThan(Math.min(...sk) - 0.1);
    expect(e.value).toBeLessThan(Math.max(...sk) + 0.1);
    // Well below the atoms estimate, which counts the rounding grid as information.
    expect(e.value).toBeLessThan(fixture.iris.mixedKsg[3] - 0.1);
    // Deterministic: the same seed gives the same value; another seed a nearby one.
    expect(estimateMutualInformation(length, width, { method: 'ksg', resamples: 0 }).value).toBe(e.value);
    const other = estimateMutualInformation(length, width, { method: 'ksg', resamples: 0, seed: 5 }).value;
    expect(Math.abs(other - e.value)).toBeLessThan(0.1);
  });

  it('dequantization recovers the MI of a rounded bivariate normal; atoms overstate it (ρ = 0.9, n = 400, 0.1 grid)', () => {
    const rho = 0.9;
    const truth = -0.5 * Math.log(1 - rho * rho);
    let deq = 0;
    let atoms = 0;
    const reps = 8;
    for (let s = 0; s < reps; s++) {
      const r = createRng(100 + s);
      const x: number[] = [];
      const y: number[] = [];
      for (let i = 0; i < 400; i++) {
        const a = r.normal();
        const b = rho * a + Math.sqrt(1 - rho * rho) * r.normal();
        x.push(Math.round(a * 4) / 10);
        y.push(Math.round(b * 4) / 10);
      }
      deq += estimateMutualInformation(x, y, { method: 'ksg', resamples: 0 }).value / reps;
      atoms += estimateMutualInformation(x, y, { method: 'ksg', resamples: 0, ties: 'atoms' }).value / reps;
    }
    expect(Math.abs(deq - truth)).toBeLessThan(0.08);
    expect(atoms - truth).toBeGreaterThan(0.1);
  });

  it('data without ties: no warnings, the same value under either policy', () => {
    const x = [0, 1, 3, 6, 10];
    const y = [0, 2, 1, 5, 4];
    const a = estimateMutualInformation(x, y, { method: 'ksg', k: 1 });
    const b = estimateMutualInformation(x, y, { method: 'ksg', k: 1, ties: 'atoms' });
    expect(a.warnings).toEqual([]);
    expect(a.value).toBe(b.value);
  });

  it('a constant column is spread over its magnitude, and its MI with anything is ≈ 0', () => {
    const r = createRng(3);
    const y = Array.from({ length: 500 }, () => r.normal());
    const e = estimateMutualInformation(new Array(500).fill(2.5), y, { method: 'ksg', resamples: 0 });
    expect(e.warnings[0]).toMatch(
      /x has 499 tied values \(1 distinct of 500\); taken as rounded to a grid of 2\.5/,
    );
    expect(Math.abs(e.value)).toBeLessThan(0.05);
  });

  it("CMI under 'atoms' uses ψ(m_xyz) − ψ(m_xz) − ψ(m_yz) + ψ(m_z) where the k-th distance is 0", () => {
    // Four identical points (k = 1): m_xyz = m_xz = m_yz = m_z = 4, so their terms vanish.
    const x = [0, 0, 0, 0, 1, 2, 4];
    const y = [0, 0, 0, 0, 2, 1, 3];
    const z = [0, 0, 0, 0, 3, 5, 4];
    const e = estimateConditionalMutualInformation(x, y, z, { k: 1, ties: 'atoms', resamples: 0 });
    expect(Number.isFinite(e.value)).toBe(true);
    expect(e.warnings).toHaveLength(3);
    const d = estimateConditionalMutualInformation(x, y, z, { k: 1, resamples: 0 });
    expect(d.warnings[0]).toMatch(/taken as rounded/);
  });

  it('the ties option is validated', () => {
    expect(() =>
      estimateMutualInformation([1, 2, 3, 4, 5], [1, 2, 3, 4, 6], { ties: 'jitter' as never }),
    ).toThrow(/ties must be one of 'dequantize', 'atoms'/);
  });
});

describe('ties in the differential entropy estimators', () => {
  it('tied samples are dequantized by default (finite, with a warning), SciPy −Infinity under atoms', () => {
    const x = [1, 2, 2, 2, 2, 2, 3, 4, 5, 6, 7];
    const d = estimateDifferentialEntropy(x, { method: 'van es', resamples: 0 });
    expect(Number.isFinite(d.value)).toBe(true);
    expect(d.warnings[0]).toMatch(/samples has 4 tied values \(7 distinct of 11\)/);
    const a = estimateDifferentialEntropy(x, { method: 'van es', resamples: 0, ties: 'atoms' });
    expect(a.value).toBe(Number.NEGATIVE_INFINITY);
  });

  it('the entropy of a normal rounded to 0.25 is recovered by dequantization (knn and spacing)', () => {
    const r = createRng(9);
    const x = Array.from({ length: 2000 }, () => Math.round(r.normal() * 4) / 4);
    const truth = 0.5 * Math.log(2 * Math.PI * Math.E);
    for (const method of ['knn', 'vasicek'] as const) {
      const e = estimateDifferentialEntropy(x, { method, resamples: 0 });
      expect([method, Math.abs(e.value - truth) < 0.05]).toEqual([method, true]);
    }
  });
});
