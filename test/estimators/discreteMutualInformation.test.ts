/**
 * estimateMutualInformation on discrete samples (mutualInformation/plugin.ts): the delta-method standard error to
 * second order (non-zero under exact independence, where the first-order term is 0), the plug-in interval centred
 * on the Miller–Madow value and floored at 0, and the Dirichlet-pseudocount methods (R's mi.Dirichlet; values
 * against R in test/parity/r-entropy).
 */
import { describe, expect, it } from 'vitest';
import { estimateMutualInformation } from '../../src/index.js';

function pairsOf(t: number[][]): [number[], number[]] {
  const x: number[] = [];
  const y: number[] = [];
  t.forEach((r, i) => {
    r.forEach((c, j) => {
      for (let k = 0; k < c; k++) {
        x.push(i);
        y.push(j);
      }
    });
  });
  return [x, y];
}

describe('discrete mutual information: uncertainty', () => {
  it('exact independence (25 in each cell of a 2 × 2 table): value 0, stdError √(df/(2N²)) = √(1/20000), not 0', () => {
    const [x, y] = pairsOf([
      [25, 25],
      [25, 25],
    ]);
    const r = estimateMutualInformation(x, y, { method: 'plugin', confidence: 0.95 });
    expect(r.value).toBe(0);
    expect(r.stdError).toBeCloseTo(Math.sqrt(1 / 20000), 15);
    // centred on Miller–Madow (0 + (2 + 2 − 4 − 1)/(2·100) = −0.005), floored at 0
    expect(r.ci?.[0]).toBe(0);
    expect(r.ci?.[1]).toBeCloseTo(-0.005 + 1.959963984540054 * Math.sqrt(1 / 20000), 14);
  });
  it('the second-order term adds (mx − 1)(my − 1)/(2N²) to the first-order variance', () => {
    const t = [
      [10, 2, 3],
      [1, 8, 4],
    ];
    const [x, y] = pairsOf(t);
    const n = x.length;
    const px = t.map((r) => r.reduce((a, b) => a + b, 0) / n);
    const py = t[0].map((_, j) => (t[0][j] + t[1][j]) / n);
    let i1 = 0;
    let i2 = 0;
    t.forEach((r, a) => {
      r.forEach((c, b) => {
        const l = Math.log(c / n / (px[a] * py[b]));
        i1 += (c / n) * l;
        i2 += (c / n) * l * l;
      });
    });
    const r = estimateMutualInformation(x, y, { method: 'plugin' });
    expect(r.value).toBeCloseTo(i1, 14);
    expect(r.stdError).toBeCloseTo(Math.sqrt((i2 - i1 * i1) / n + 2 / (2 * n * n)), 14);
    expect(estimateMutualInformation(x, y, { method: 'miller-madow' }).stdError).toBe(r.stdError);
  });
  it('jeffreys is the plug-in MI of the table plus ½ per cell, with a resampled stdError', () => {
    const t = [
      [3, 0],
      [1, 4],
    ];
    const [x, y] = pairsOf(t);
    const s = t.map((r) => r.map((c) => c + 0.5));
    const total = 10; // 8 pairs + 4 cells × ½
    const px = s.map((r) => (r[0] + r[1]) / total);
    const py = [0, 1].map((j) => (s[0][j] + s[1][j]) / total);
    let want = 0;
    s.forEach((r, a) => {
      r.forEach((c, b) => {
        want += (c / total) * Math.log(c / total / (px[a] * py[b]));
      });
    });
    const r = estimateMutualInformation(x, y, { method: 'jeffreys' });
    expect(r.value).toBeCloseTo(want, 14);
    expect(r.stdErrorMethod).toBe('bootstrap');
    expect(r.stdError).toBeGreaterThan(0);
  });
});
