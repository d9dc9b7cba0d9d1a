import { SurprisalError } from '../core/errors.js';
import { describe } from '../core/options.js';
import { readProbs } from '../core/probabilities.js';
import type { Rng } from './random.js';

/** A table for O(1) draws from a fixed discrete distribution; built by {@link aliasTable}. */
export interface AliasTable {
  /** Number of outcomes. */
  readonly size: number;
  /** One outcome index in [0, size), drawn with probability proportional to its weight. */
  sample(rng: Rng): number;
  /** Fills `out` with independent outcome indices and returns it. */
  fill(rng: Rng, out: Int32Array): Int32Array;
}

const TWO_POW_32 = 4294967296;
/** Most outcomes: the alias indices are an Int32Array. */
const MAX_OUTCOMES = 2 ** 31 - 1;

function checkRng(rng: unknown, fn: string): void {
  if (typeof (rng as { nextUint32?: unknown } | null)?.nextUint32 !== 'function') {
    throw new SurprisalError(
      'INVALID_OPTION',
      `${fn}: rng must be a generator from createRng; got ${describe(rng)}`,
      { argument: 'rng', value: rng },
    );
  }
}

/**
 * Walker's alias method in Vose's (1991, "A linear algorithm for generating random numbers with a given
 * distribution", IEEE TSE 17(9)) O(n) construction: each of n columns holds a share pᵢ·n of its own outcome
 * and the rest of one other ("alias"), so a draw is a uniform column and one biased coin, O(1) whatever n.
 *
 * The weights are normalised (any non-negative weights, not all 0). Columns are filled with the
 * small/large worklists, the large weight updated as (p_g + p_l) − 1, which loses less than
 * p_g − (1 − p_l); columns left at the end, whose shares differ from 1 only by rounding, get share 1.
 * A draw takes an unbiased column from one 32-bit output (rejection of the last 2^32 mod n values) and a
 * 53-bit {@link Rng.uniform} for the coin, so the probabilities are exact to double rounding. Outcomes of
 * weight 0 are never drawn.
 *
 * @param probs - non-negative weights (probabilities, or counts: they are normalised), at most 2^31 − 1.
 * @example
 * ```ts
 * const table = aliasTable([1, 0, 3]);
 * table.sample(createRng(42)); // 2
 * table.fill(createRng(42), new Int32Array(6)); // (an Int32Array of indices 0 and 2, three times as many 2s)
 * ```
 * @throws {SurprisalError} `EMPTY` for no weights, `NAN`, `NEGATIVE_PROBABILITY` and `NOT_FINITE` naming the
 *   index, `NOT_NORMALIZED` when the weights sum to 0 (or overflow), `SHAPE_MISMATCH` when probs is not an
 *   array, `TOO_LARGE` past 2³¹ − 1 outcomes. The table's `sample` and `fill` throw `INVALID_OPTION` for an rng
 *   that is not a generator and `SHAPE_MISMATCH` for an `out` that is not an Int32Array.
 */
export function aliasTable(probs: ArrayLike<number>): AliasTable {
  const declared = (probs as { length?: unknown } | null)?.length;
  if (typeof declared === 'number' && declared > MAX_OUTCOMES) {
    throw new SurprisalError(
      'TOO_LARGE',
      `aliasTable: probs has ${declared} outcomes; an alias table holds at most 2^31 - 1 (${MAX_OUTCOMES})`,
      { argument: 'probs', value: declared },
    );
  }
  const p = readProbs(probs, 'probs', { normalize: true }, 'aliasTable', 'probs');
  const n = p.length;
  const share = new Float64Array(n);
  const alias = new Int32Array(n);
  const scaled = new Float64Array(n);
  const small = new Int32Array(n);
  const large = new Int32Array(n);
  let ns = 0;
  let nl = 0;
  for (let i = 0; i < n; i++) {
    scaled[i] = p[i] * n;
    alias[i] = i;
    if (scaled[i] < 1) small[ns++] = i;
    else large[nl++] = i;
  }
  while (ns > 0 && nl > 0) {
    const l = small[--ns];
    const g = large[--nl];
    share[l] = scaled[l];
    alias[l] = g;
    scaled[g] = scaled[g] + scaled[l] - 1;
    if (scaled[g] < 1) small[ns++] = g;
    else large[nl++] = g;
  }
  while (nl > 0) share[large[--nl]] = 1;
  // Left only through rounding (their true share is 1): unless the weight is 0, keep the column whole.
  while (ns > 0) {
    const l = small[--ns];
    share[l] = scaled[l] > 0 ? 1 : 0;
  }
  // Columns of zero share: the coin always gives the alias, which has positive weight — except when the
  // rounding above left a zero-weight column without one; point it at the largest outcome then.
  let best = 0;
  for (let i = 1; i < n; i++) if (p[i] > p[best]) best = i;
  for (let i = 0; i < n; i++) if (share[i] === 0 && p[alias[i]] === 0) alias[i] = best;

  // Unbiased column: accept a 32-bit output below the largest multiple of n, then take it mod n.
  const limit = TWO_POW_32 - (TWO_POW_32 % n);
  const draw = (rng: Rng): number => {
    let r = rng.nextUint32();
    while (r >= limit) r = rng.nextUint32();
    const i = r % n;
    return rng.uniform() < share[i] ? i : alias[i];
  };
  return {
    size: n,
    sample(rng: Rng): number {
      checkRng(rng, 'aliasTable.sample');
      return draw(rng);
    },
    fill(rng: Rng, out: Int32Array): Int32Array {
      checkRng(rng, 'aliasTable.fill');
      if (!(out instanceof Int32Array)) {
        throw new SurprisalError(
          'SHAPE_MISMATCH',
          `aliasTable.fill: out must be an Int32Array; got ${describe(out)}`,
          { argument: 'out', value: out },
        );
      }
      for (let k = 0; k < out.length; k++) out[k] = draw(rng);
      return out;
    },
  };
}
