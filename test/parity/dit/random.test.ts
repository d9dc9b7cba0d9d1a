/**
 * The multivariate measures on random joint tables against dit's definitions (dit/multivariate/coinformation.py,
 * total_correlation.py, dual_total_correlation.py, dit/divergences/jensen_shannon_divergence.py,
 * kullback_leibler_divergence.py at dit f6dca796), transcribed to NumPy by test/fixtures/generate_dit_measures.py
 * (dit_measures.json): tables of 2 to 5 axes, with and without zeros, grouped and overlapping variables
 * (dit's rvs) and conditioning axes (crvs), in bits.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  coInformation,
  conditionalKlDivergence,
  dualTotalCorrelation,
  totalCorrelation,
  weightedJsDivergence,
} from '../../../src/index.js';

interface Case {
  name: string;
  measure: string;
  p?: { data: number[]; shape: number[] };
  q?: { data: number[]; shape: number[] };
  rvs?: number[][] | number[];
  crvs?: number[];
  dists?: number[][];
  weights?: number[];
  value: number;
}

const { cases } = JSON.parse(
  readFileSync(new URL('../../fixtures/dit_measures.json', import.meta.url), 'utf8'),
) as { cases: Case[] };

const bits = { base: 2 } as const;

function value(c: Case): number {
  // The tables are normalised in float64 by NumPy: within 1e-15 of 1, well inside the default tolerance.
  const p = c.p as NonNullable<Case['p']>;
  switch (c.measure) {
    case 'coInformation':
      return coInformation(p, { axes: c.rvs as number[][], given: c.crvs, ...bits });
    case 'totalCorrelation':
      return totalCorrelation(p, { axes: c.rvs as number[][], given: c.crvs, ...bits });
    case 'dualTotalCorrelation':
      return dualTotalCorrelation(p, { axes: c.rvs as number[][], given: c.crvs, ...bits });
    case 'conditionalKlDivergence':
      return conditionalKlDivergence(p, c.q as NonNullable<Case['q']>, {
        axes: c.rvs as number[],
        given: c.crvs,
        ...bits,
      });
    case 'weightedJsDivergence':
      return weightedJsDivergence(c.dists as number[][], { weights: c.weights, ...bits });
    default:
      throw new Error(c.measure);
  }
}

describe("random tables against dit's definitions (dit_measures.json)", () => {
  const measures = [...new Set(cases.map((c) => c.measure))];
  for (const m of measures) {
    const mine = cases.filter((c) => c.measure === m);
    it(`${m}: ${mine.length} cases within 1e-12 bits of dit's definition`, () => {
      for (const c of mine) {
        const got = value(c);
        if (!(Math.abs(got - c.value) <= 1e-12 * Math.max(1, Math.abs(c.value)))) {
          expect.fail(`${c.name}: ${got}, dit's definition ${c.value}`);
        }
      }
    });
  }
});
