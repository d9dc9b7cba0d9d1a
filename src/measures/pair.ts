/**
 * The opening of the measures of two distributions (crossEntropy, klDivergence, jsDivergence).
 * @module
 */
import { readOptions } from '../core/options.js';
import {
  checkSameLength,
  type DistributionOptions,
  formOf,
  type ProbabilityForm,
} from '../core/probabilities.js';
import { unitLog } from '../core/units.js';
import type { MeasureOptions } from './entropy.js';
import { readVectorThreads, VECTOR_KEYS } from './vectorFast.js';

/** A reader of one distribution under its form (`readProbs`, `readLogProbs`, `readProbsAndLogs`). */
type Reader<T> = (
  x: ArrayLike<number>,
  form: ProbabilityForm,
  options: DistributionOptions | undefined,
  fn: string,
  name: string,
) => T;

/** Two distributions read for a measure, and the log of its unit. */
interface Pair<P, Q> {
  /** ln of the unit's base: divide a result in nats by it. */
  k: number;
  p: P;
  q: Q;
}

/**
 * Reads the options (the measure keys), the unit, p and q each under its form (`from`, or its entry of a
 * pair of forms) with its reader, and checks they have one length, in that order. @internal
 */
export function readPair<P, Q>(
  p: ArrayLike<number>,
  q: ArrayLike<number>,
  options: MeasureOptions | undefined,
  fn: string,
  readP: Reader<P>,
  readQ: Reader<Q>,
): Pair<P, Q> {
  readOptions(options, fn, VECTOR_KEYS);
  const k = unitLog(options?.base, fn);
  readVectorThreads(options, fn);
  const a = readP(p, formOf(options, 0), options, fn, 'p');
  const b = readQ(q, formOf(options, 1), options, fn, 'q');
  checkSameLength(p, q, fn);
  return { k, p: a, q: b };
}
