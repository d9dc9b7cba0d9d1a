/**
 * The shape every estimator returns, and confidence intervals.
 * @module
 */
import { SurprisalError } from '../core/errors.js';
import { describe } from '../core/options.js';
import { ndtri } from '../special/index.js';

/** An estimate: the value, its standard error and, when asked, a confidence interval. */
export interface Estimate {
  value: number;
  stdError: number;
  /** [lower, upper] at the level asked for with the `confidence` option. */
  ci?: [number, number];
}

function checkLevel(level: number, fn?: string): void {
  if (typeof level !== 'number' || !(level > 0 && level < 1)) {
    throw new SurprisalError(
      'INVALID_OPTION',
      `${fn ? `${fn}: ` : ''}confidence must be a level in (0, 1), e.g. 0.95; got ${describe(level)}`,
      {
        argument: 'confidence',
        value: level,
      },
    );
  }
}

/**
 * Reads the `confidence` option up front: `undefined` (no interval) or a level in (0, 1). 0, 1, NaN, `false`,
 * `true` and anything else are errors, not a silently missing interval.
 * @throws {SurprisalError} `INVALID_OPTION`.
 * @internal
 */
export function readConfidence(confidence: unknown, fn: string): number | undefined {
  if (confidence === undefined) return undefined;
  checkLevel(confidence as number, fn);
  return confidence as number;
}

/** value ± z·stdError with z the two-sided normal quantile. @internal */
export function intervalFromNormal(value: number, stdError: number, level: number): [number, number] {
  checkLevel(level);
  const z = ndtri(0.5 + level / 2);
  return [value - z * stdError, value + z * stdError];
}

/** Percentile interval of bootstrap replicates (in nats, divided by `unit`). @internal */
export function intervalFromBootstrap(replicates: Float64Array, level: number, unit = 1): [number, number] {
  checkLevel(level);
  const s = Float64Array.from(replicates).sort();
  const at = (q: number) => {
    const h = q * (s.length - 1);
    const lo = Math.floor(h);
    const hi = Math.min(lo + 1, s.length - 1);
    return (s[lo] + (h - lo) * (s[hi] - s[lo])) / unit;
  };
  return [at((1 - level) / 2), at((1 + level) / 2)];
}
