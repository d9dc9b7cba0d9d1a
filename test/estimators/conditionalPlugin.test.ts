import { describe, expect, it } from 'vitest';
import { estimateEntropy } from '../../src/estimators/estimateEntropy.js';
import { estimateConditionalMutualInformation } from '../../src/estimators/estimateMutualInformation.js';
import { createRng } from '../../src/random/random.js';

describe('estimateConditionalMutualInformation on discrete samples (plug-in)', () => {
  it('is H(X,Z) + H(Y,Z) − H(X,Y,Z) − H(Z) of the plug-in entropies, and the default for discrete columns', () => {
    const r = createRng(4);
    const n = 500;
    const z = Array.from({ length: n }, () => Math.floor(3 * r.uniform()));
    const x = z.map((v) => (v + Math.floor(2 * r.uniform())) % 3);
    const y = x.map((v, i) => (r.uniform() < 0.3 ? v : z[i]));
    const h = (...cols: number[][]) =>
      estimateEntropy(
        { samples: cols[0].map((_, i) => cols.map((c) => c[i]).join(',')) },
        { method: 'plugin' },
      ).value;
    const want = h(x, z) + h(y, z) - h(x, y, z) - h(z);
    const e = estimateConditionalMutualInformation(x, y, z);
    expect(e.method).toBe('plugin');
    expect(e.value).toBeCloseTo(want, 12);
    expect(e.stdErrorMethod).toBe('delta');
    expect(e.stdError).toBeGreaterThan(0);
    expect(e.warnings).toEqual([]);
  });

  it('XOR: I(X; Y | Z) = ln 2 while I(X; Y) = 0; strings work; a conditionally independent pair gives ≈ 0', () => {
    expect(
      estimateConditionalMutualInformation(['a', 'a', 'b', 'b'], [0, 1, 0, 1], [0, 1, 1, 0]).value,
    ).toBeCloseTo(Math.LN2, 14);
    const r = createRng(5);
    const z = Array.from({ length: 2000 }, () => Math.floor(2 * r.uniform()));
    const x = z.map((v) => (r.uniform() < 0.8 ? v : 1 - v));
    const y = z.map((v) => (r.uniform() < 0.8 ? v : 1 - v));
    const e = estimateConditionalMutualInformation(x, y, z, { confidence: 0.95 });
    expect(e.value).toBeLessThan(0.01);
    expect(e.ci?.[0]).toBeLessThanOrEqual(e.value);
  });

  it("method 'ksg' on continuous data is unchanged; mismatched lengths are refused", () => {
    expect(() =>
      estimateConditionalMutualInformation([0, 1], [0, 1, 1], [1, 1], { method: 'plugin' }),
    ).toThrow(/x has 2 samples but y has 3/);
    expect(
      estimateConditionalMutualInformation([0, 1, 1, 0], [1, 0, 0, 1], [0, 0, 1, 1], { resamples: 20 })
        .stdErrorMethod,
    ).toBe('bootstrap');
  });
});
