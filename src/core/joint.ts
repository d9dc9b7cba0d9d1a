/**
 * Joint distribution tables for the multivariate measures: validation and marginals.
 * @module
 */

import { entr } from './elementwise.js';
import { SurprisalError } from './errors.js';
import { type DistributionOptions, formOf, type ProbsAndLogs, readProbsAndLogs } from './probabilities.js';
import { Accumulator } from './sum.js';
import { marginalIndex, readTable, type TableInput } from './tensor.js';

/** A validated joint distribution: probabilities and logs, flat in row-major order, with its shape. */
interface Joint extends ProbsAndLogs {
  shape: number[];
}

/** Reads and validates a joint table with at least `minDims` (and at most `maxDims`) axes. @internal */
export function readJoint(
  x: TableInput,
  options: DistributionOptions | undefined,
  fn: string,
  minDims: number,
  maxDims = 16,
): Joint {
  const table = readTable(x, fn, 'p');
  const nd = table.shape.length;
  if (nd < minDims || nd > maxDims) {
    const want = minDims === maxDims ? `${minDims}` : `${minDims} to ${maxDims}`;
    throw new SurprisalError(
      'SHAPE_MISMATCH',
      `${fn}: p must have ${want} axes (one per variable); got shape [${table.shape.join(', ')}]`,
      { argument: 'p', value: table.shape },
    );
  }
  const { p, lp } = readProbsAndLogs(table.data, formOf(options), options, fn, 'p');
  return { p, lp, shape: table.shape };
}

/** The marginal over `axes` (kept, in order): its probabilities and logs, and for each cell its marginal cell. */
interface Marginal extends ProbsAndLogs {
  index: Int32Array;
}

/** Marginal distribution of a joint table over the kept `axes`. @internal */
export function marginal(joint: Joint, axes: readonly number[]): Marginal {
  const index = marginalIndex(joint.shape, axes);
  let size = 1;
  for (const a of axes) size *= joint.shape[a];
  const acc = Array.from({ length: size }, () => new Accumulator());
  for (let i = 0; i < index.length; i++) acc[index[i]].add(joint.p[i]);
  const p = new Float64Array(size);
  const lp = new Float64Array(size);
  for (let j = 0; j < size; j++) {
    p[j] = acc[j].value();
    lp[j] = Math.log(p[j]);
  }
  return { p, lp, index };
}

/** Shannon entropy (nats) of a probability vector that is already validated. @internal */
export function entropyOfProbs(p: ArrayLike<number>): number {
  const acc = new Accumulator();
  for (let i = 0; i < p.length; i++) acc.add(entr(p[i]));
  const h = acc.value();
  return Math.max(h, 0);
}
