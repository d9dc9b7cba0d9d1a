/**
 * Ties in continuous samples (values repeated exactly, as rounding to a grid makes them): detecting them and
 * the deterministic treatment the k-NN estimators share, with a warning for every column that has them.
 * @module
 */
import { readChoiceOption } from '../../core/options.js';
import { createRng } from '../../random/random.js';
import type { Seed } from '../../random/seed.js';
import { sortLine } from './marginal.js';
import type { Points } from './points.js';

/**
 * What the k-NN estimators do with tied values in continuous samples:
 * - `'dequantize'` (default): each coordinate that has ties is taken as rounded to a grid of step q, the
 *   smallest gap between its distinct values, and every value v of it becomes v + q(u − ½), u uniform from the
 *   seeded generator (`createRng(seed)`, its own stream). The intervals [v − q/2, v + q/2] of distinct values do
 *   not overlap, so the original values are a function of the new ones and the information measures of the
 *   population are unchanged (I(X + U; Y) = I(X; Y) for U independent of (X, Y) when X is recoverable), while the
 *   k-NN distances are no longer 0 — uniform dequantization, as for discrete data in density estimation
 *   (Theis, van den Oord & Bethge 2016, "A note on the evaluation of generative models", ICLR, §3.1).
 *   Deterministic for a given seed.
 * - `'atoms'`: keep the ties as atoms of a mixed distribution: a point whose k-th neighbour distance is 0 uses
 *   the count of the points tied with it (Gao, Kannan, Oh & Viswanath 2017, "Estimating mutual information for
 *   discrete-continuous mixtures", NeurIPS; the estimators say how).
 */
export type TiesPolicy = 'dequantize' | 'atoms';

/** Reads a `ties` option (default `'dequantize'`). @internal */
export function readTies(value: unknown, fn: string): TiesPolicy {
  return readChoiceOption(value, 'dequantize', ['dequantize', 'atoms'], 'ties', fn);
}

/** Ties of one coordinate: its number of distinct values and the smallest gap between them. */
function tiesOf(sorted: Float64Array): { distinct: number; gap: number } {
  let distinct = sorted.length > 0 ? 1 : 0;
  let gap = Number.POSITIVE_INFINITY;
  for (let i = 1; i < sorted.length; i++) {
    const g = sorted[i] - sorted[i - 1];
    if (g > 0) {
      distinct++;
      if (g < gap) gap = g;
    }
  }
  return { distinct, gap };
}

/** A number in a warning: 6 significant digits. */
function short(x: number): string {
  return String(Number(x.toPrecision(6)));
}

/**
 * Applies the ties policy to continuous samples: returns them unchanged when no coordinate has ties (or under
 * `'atoms'`), else a dequantized copy; pushes one warning per coordinate with ties. `stream` separates the noise
 * of the variables of one estimate (x, y, z), so adding a variable does not change the others'. @internal
 */
export function handleTies(
  p: Points,
  policy: TiesPolicy,
  seed: Seed,
  stream: number,
  name: string,
  warnings: string[],
): Points {
  const { n, d } = p;
  let out: Float64Array | undefined;
  const column = d > 1 ? new Float64Array(n) : undefined;
  for (let j = 0; j < d; j++) {
    let sorted: Float64Array;
    if (column) {
      for (let i = 0; i < n; i++) column[i] = p.data[i * d + j];
      sorted = column.sort();
    } else {
      // One dimension: the sorted line the estimators look up again (sortLine remembers it).
      sorted = sortLine(p).v;
    }
    const { distinct, gap } = tiesOf(sorted);
    if (distinct === n) continue;
    const label = d > 1 ? `${name} (coordinate ${j})` : name;
    const tied = `${label} has ${n - distinct} tied value${n - distinct === 1 ? '' : 's'} (${distinct} distinct of ${n})`;
    if (policy === 'atoms') {
      warnings.push(
        `${tied}; kept as atoms (ties: 'atoms'): zero neighbour distances use the count of tied points (Gao et al. 2017)`,
      );
      continue;
    }
    // A constant coordinate has no gap: any width keeps it independent of everything; use its magnitude.
    const q = distinct > 1 ? gap : Math.abs(sorted[0]) || 1;
    warnings.push(
      `${tied}; taken as rounded to a grid of ${short(q)} and spread uniformly over ±${short(q / 2)} (ties: 'dequantize', seeded; ties: 'atoms' keeps them)`,
    );
    if (!out) out = Float64Array.from(p.data);
    const rng = createRng(seed);
    // Streams 0-7 are left to other uses of the seed; each variable and coordinate gets its own.
    for (let s = 0; s < 8 + stream * 64 + Math.min(j, 63); s++) rng.jump();
    for (let i = 0; i < n; i++) out[i * d + j] += q * (rng.uniform() - 0.5);
  }
  return out ? { data: out, n, d } : p;
}
