/**
 * What the mergeable accumulators share: a value stream's exact moments plus its quantile sketch (a
 * `Summary` as `compareLogits` reports one), rates, and the checks of their JSON states.
 * @module
 */
import { SurprisalError } from '../core/errors.js';
import { describe } from '../core/options.js';
import type { Rate, Summary } from '../losses/compareLogits.js';
import { ExactMoments, type ExactMomentsJson } from './exactSum.js';
import {
  QuantileSketch,
  type QuantileSketchJson,
  type QuantileSketchOptions,
  type RankError,
} from './quantileSketch.js';

/** JSON state of a {@link SummaryStats}. @internal */
export interface SummaryStatsJson {
  moments: ExactMomentsJson;
  sketch: QuantileSketchJson;
}

/** Exact moments and a quantile sketch of one stream of per-position values. @internal */
export class SummaryStats {
  readonly moments: ExactMoments;
  readonly sketch: QuantileSketch;

  constructor(options?: QuantileSketchOptions, moments?: ExactMoments, sketch?: QuantileSketch) {
    this.moments = moments ?? new ExactMoments();
    this.sketch = sketch ?? new QuantileSketch(options);
  }

  add(x: number): void {
    this.moments.add(x);
    this.sketch.add(x);
  }

  merge(o: SummaryStats): void {
    this.moments.merge(o.moments);
    this.sketch.merge(o.sketch);
  }

  /** The summary, percentiles keyed as compareLogits keys them ('99.9', '99', ...). */
  summary(percentiles: readonly number[]): Summary {
    const qs = this.sketch.quantiles([...percentiles, 50]);
    const out: Record<string, number> = {};
    percentiles.forEach((p, i) => {
      out[String(p)] = qs[i];
    });
    return {
      mean: this.moments.mean(),
      stdError: this.moments.stdError(),
      min: this.sketch.min,
      max: this.sketch.max,
      median: qs[percentiles.length],
      percentiles: out,
    };
  }

  rankError(): RankError {
    return this.sketch.rankError();
  }

  toJSON(): SummaryStatsJson {
    return { moments: this.moments.toJSON(), sketch: this.sketch.toJSON() };
  }

  static fromJSON(j: SummaryStatsJson, fn: string, name: string): SummaryStats {
    if (typeof j !== 'object' || j === null) throw badState(fn, `${name} is ${describe(j)}`);
    return new SummaryStats(
      undefined,
      momentsFromJSON(j.moments, fn, name),
      QuantileSketch.fromJSON(j.sketch),
    );
  }
}

/** The error for a JSON state that is not one of `fn`'s. @internal */
export function badState(fn: string, what: string): SurprisalError {
  return new SurprisalError('INVALID_OPTION', `${fn}.fromJSON: not a ${fn} state (${what})`, {
    argument: 'json',
  });
}

/** Reads an {@link ExactMoments} state, checking its shape. @internal */
export function momentsFromJSON(j: ExactMomentsJson, fn: string, name: string): ExactMoments {
  const pair = (p: unknown) => Array.isArray(p) && p.length === 2;
  if (
    typeof j !== 'object' ||
    j === null ||
    !Number.isSafeInteger(j.n) ||
    j.n < 0 ||
    !pair(j.s) ||
    !pair(j.s2) ||
    !pair(j.special)
  ) {
    throw badState(fn, `${name} is ${describe(j)}`);
  }
  return ExactMoments.fromJSON(j);
}

/** A rate of k in n and its standard error √(p(1 − p)/(n − 1)), as compareLogits reports sameTop. @internal */
export function rateOf(k: number, n: number): Rate {
  const rate = k / n;
  return { rate, stdError: n > 1 ? Math.sqrt((rate * (1 - rate)) / (n - 1)) : Number.NaN };
}

/** Checks a non-negative safe integer field of a state. @internal */
export function countFromJSON(x: unknown, fn: string, name: string): number {
  if (typeof x !== 'number' || !Number.isSafeInteger(x) || x < 0)
    throw badState(fn, `${name} is ${describe(x)}`);
  return x;
}
