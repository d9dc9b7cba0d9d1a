/**
 * The coefficient table of Temme's expansion in src/special/igamAsymptotic.ts is the one
 * test/fixtures/generate_special.py computes by exact series reversion at 200 digits (DLMF 8.12.12); it
 * must match entry for entry, so a mistyped coefficient cannot hide behind the few rows of the reference
 * test that reach the expansion's higher orders.
 */
import { describe, expect, it } from 'vitest';
import { igamAsymptotic, TEMME_D } from '../../src/special/igamAsymptotic.js';
import { loadFixture } from '../helpers/fixtures.js';

const fixture = loadFixture<{ temme_d: number[][] }>('special.json');

describe('Temme coefficients d[k][n] (DLMF 8.12.12)', () => {
  it('TEMME_D equals the generator output, 25 × 25, bit for bit', () => {
    expect(TEMME_D.length).toBe(25);
    expect(TEMME_D.map((row) => [...row])).toEqual(fixture.temme_d);
  });

  it('d[0] starts −1/3, 1/12, −2/135 (the first coefficients of C₀(η), DLMF 8.12.12)', () => {
    expect(TEMME_D[0][0]).toBe(-1 / 3);
    expect(TEMME_D[0][1]).toBe(1 / 12);
    expect(TEMME_D[0][2]).toBeCloseTo(-2 / 135, 17);
  });

  it('igamAsymptotic(a, x, false) + igamAsymptotic(a, x, true) = 1 where it is used', () => {
    for (const a of [25, 150, 1e3, 1e5]) {
      for (const s of [-3, -1, 0, 0.5, 2]) {
        const x = a + s * Math.sqrt(a);
        expect(Math.abs(igamAsymptotic(a, x, false) + igamAsymptotic(a, x, true) - 1)).toBeLessThan(4e-16);
      }
    }
  });
});
