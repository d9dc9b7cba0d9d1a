import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { estimateMutualInformation } from '../../src/estimators/estimateMutualInformation.js';
import { mutualInformationMatrix } from '../../src/estimators/mutualInformationMatrix.js';
import { rankFeatures } from '../../src/estimators/rankFeatures.js';

function iris(): Record<string, (number | string)[]> {
  const lines = readFileSync(new URL('../data/iris.csv', import.meta.url), 'utf8')
    .trim()
    .split('\n');
  const names = lines[0].split(',');
  const out: Record<string, (number | string)[]> = Object.fromEntries(names.map((n) => [n, []]));
  for (const l of lines.slice(1)) {
    l.split(',').forEach((c, j) => {
      out[names[j]].push(j < 4 ? Number(c) : c);
    });
  }
  return out;
}

describe('mutualInformationMatrix', () => {
  it('iris: symmetric, H(Species) = ln 3 on its diagonal, +Infinity on continuous ones, each pair as rankFeatures scores it', () => {
    const t = iris();
    const m = mutualInformationMatrix(t, { resamples: 10 });
    const p = m.names.length;
    expect(m.names).toEqual(['sepal_length', 'sepal_width', 'petal_length', 'petal_width', 'Species']);
    expect(m.types).toEqual(['continuous', 'continuous', 'continuous', 'continuous', 'discrete']);
    for (let i = 0; i < p; i++)
      for (let j = 0; j < p; j++) {
        expect(m.value[i * p + j]).toBe(m.value[j * p + i]);
        expect(m.stdError[i * p + j]).toBe(m.stdError[j * p + i]);
      }
    expect(m.value[4 * p + 4]).toBeCloseTo(Math.log(3), 12);
    expect(m.value[0]).toBe(Number.POSITIVE_INFINITY);
    expect(m.stdError[0]).toBe(0);
    const r = rankFeatures(t, { target: 'Species', resamples: 10 });
    for (const s of r) expect(m.value[m.names.indexOf(s.feature) * p + 4]).toBe(s.value);
    // Warnings name the pair and the columns.
    expect(
      m.warnings.some((w) => /^sepal_length × sepal_width: 'sepal_length' has \d+ tied values/.test(w)),
    ).toBe(true);
  });

  it('discrete pairs are plug-in; missing values dropped pairwise on request, an error by default', () => {
    const t = { a: ['x', 'x', 'y', 'y', null], b: ['u', 'u', 'v', 'v', 'v'] };
    expect(() => mutualInformationMatrix(t)).toThrow(/column 'a' has 1 missing value of 5 .* at index 4;/);
    const m = mutualInformationMatrix(t, { missing: 'drop' });
    expect(m.value[1]).toBe(
      estimateMutualInformation(['x', 'x', 'y', 'y'], ['u', 'u', 'v', 'v'], { method: 'plugin' }).value,
    );
    expect(m.warnings[0]).toBe("a × b: dropped 1 of 5 pairs with a missing value ('a': 1, 'b': 0)");
  });
});
