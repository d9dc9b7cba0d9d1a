import { SurprisalError } from '../core/errors.js';
import { klTerm } from '../core/klTerm.js';
import { describe, readOptions } from '../core/options.js';
import { formOf, MEASURE_KEYS, type ProbsAndLogs, readProbsAndLogs } from '../core/probabilities.js';
import { Accumulator } from '../core/sum.js';
import { marginalIndex, readTable, type TableInput } from '../core/tensor.js';
import { unitLog } from '../core/units.js';
import type { MeasureOptions } from './entropy.js';

/** Options of {@link conditionalKlDivergence}: those of every measure, the axes compared and those conditioned on. */
export interface ConditionalKlDivergenceOptions extends MeasureOptions {
  /** The axes X whose conditional distributions are compared (dit's `rvs`). Default: every axis not in `given`. */
  axes?: readonly number[];
  /** The axes Z conditioned on (dit's `crvs`). Default none: the KL divergence of the marginals over `axes`. */
  given?: readonly number[];
}

/**
 * Conditional Kullback–Leibler divergence (Cover & Thomas 2006, eq. 2.65; dit's
 * `kullback_leibler_divergence(p, q, rvs, crvs)`), of two joint tables of one shape:
 * D(p(X | Z) ‖ q(X | Z)) = Σ_{x,z} p(x, z) log[p(x | z) / q(x | z)] = Σ_z p(z) D(p(·|z) ‖ q(·|z)),
 * over the marginals of p and q on the axes X ∪ Z. ≥ 0 (each term is summed as a KL term ≥ 0), 0 iff the
 * conditionals agree wherever p(z) > 0; +Infinity where p(x, z) > 0 and q(x | z) = 0 (or q(z) = 0). With no
 * `given` it is the KL divergence of the marginals over `axes`. `from` may be a pair (one form for p, one for q).
 *
 * @param p - the joint table (nested arrays or `{ data, shape }`, 1 to 16 axes).
 * @param q - a joint table of the same shape.
 * @example
 * ```ts
 * const p = [[0.4, 0], [0, 0.6]];
 * const q = [[0.5, 0], [0, 0.5]];
 * conditionalKlDivergence(p, q, { base: 2 }); // 0.029049405545331267
 * conditionalKlDivergence(p, q, { axes: [0], given: [1] }); // 0 (X₀ = X₁ under both)
 * ```
 * @throws {SurprisalError} `SHAPE_MISMATCH` for tables of different shapes or more than 16 axes,
 *   `INVALID_OPTION` for `axes` or `given` that are not lists of axes, and every input error of {@link entropy}.
 */
export function conditionalKlDivergence(
  p: TableInput,
  q: TableInput,
  options: ConditionalKlDivergenceOptions = {},
): number {
  const fn = 'conditionalKlDivergence';
  const o = readOptions(options, fn, [...MEASURE_KEYS, 'axes', 'given']);
  const k = unitLog(o.base, fn);
  const tp = readTable(p, fn, 'p');
  const tq = readTable(q, fn, 'q');
  const shape = tp.shape;
  if (shape.length > 16) {
    throw new SurprisalError(
      'SHAPE_MISMATCH',
      `${fn}: p must have 1 to 16 axes; got shape [${shape.join(', ')}]`,
      {
        argument: 'p',
        value: shape,
      },
    );
  }
  if (tq.shape.length !== shape.length || tq.shape.some((d, i) => d !== shape[i])) {
    throw new SurprisalError(
      'SHAPE_MISMATCH',
      `${fn}: p and q must have one shape; got [${shape.join(', ')}] and [${tq.shape.join(', ')}]`,
      { argument: 'q', value: tq.shape },
    );
  }
  const a = readProbsAndLogs(tp.data, formOf(options, 0), options, fn, 'p');
  const b = readProbsAndLogs(tq.data, formOf(options, 1), options, fn, 'q');
  const given = [...new Set(readAxes(o.given, shape.length, fn, 'given') ?? [])];
  const xs = [...new Set(readAxes(o.axes, shape.length, fn, 'axes') ?? shape.map((_, i) => i))].filter(
    (ax) => !given.includes(ax),
  );
  const used = [...xs, ...given].sort((i, j) => i - j);
  // p(x, z), q(x, z) over the axes used; p(z), q(z) over the conditioning axes, each indexed from p(x, z).
  const pxz = sumOver(a, shape, used);
  const qxz = sumOver(b, shape, used);
  const usedShape = used.map((ax) => shape[ax]);
  const zAxes = used.flatMap((ax, j) => (given.includes(ax) ? [j] : []));
  const pz = sumOver(pxz, usedShape, zAxes);
  const qz = sumOver(qxz, usedShape, zAxes);
  const zIndex = marginalIndex(usedShape, zAxes);
  const acc = new Accumulator();
  for (let i = 0; i < pxz.p.length; i++) {
    const c = zIndex[i];
    // q(x | z)·p(z), the distribution p is compared with; it sums to 1 wherever q(z) > 0.
    // The ratio p(z)/q(z) first: exactly 1 (and its log 0) where the marginals agree, so D(p ‖ p) is 0 exactly.
    const lr = qxz.lp[i] + (pz.lp[c] - qz.lp[c]);
    const r = qz.p[c] > 0 ? qxz.p[i] * (pz.p[c] / qz.p[c]) : 0;
    acc.add(klTerm(pxz.p[i], pxz.lp[i], r, Number.isNaN(lr) ? Number.NEGATIVE_INFINITY : lr));
  }
  return acc.value() / k;
}

/** Reads `axes` or `given`: undefined, or an array of distinct-or-repeated axes of an n-axis table. */
function readAxes(v: unknown, ndim: number, fn: string, name: string): number[] | undefined {
  if (v === undefined) return undefined;
  if (!Array.isArray(v)) {
    throw new SurprisalError(
      'INVALID_OPTION',
      `${fn}: ${name} must be an array of axes; got ${describe(v)}`,
      {
        argument: name,
        value: v,
      },
    );
  }
  return v.map((ax: unknown, i) => {
    if (typeof ax !== 'number' || !Number.isInteger(ax) || ax < 0 || ax >= ndim) {
      throw new SurprisalError(
        'INVALID_OPTION',
        `${fn}: ${name}[${i}] = ${describe(ax)} is not an axis of p (an integer in [0, ${ndim - 1}])`,
        { argument: name, index: i, value: ax },
      );
    }
    return ax;
  });
}

/** The marginal over the kept `axes` of a table of `shape`, with its logs (a log-sum-exp of the table's logs). */
function sumOver(t: ProbsAndLogs, shape: readonly number[], axes: readonly number[]): ProbsAndLogs {
  if (axes.length === shape.length) return t;
  const index = marginalIndex(shape, axes);
  let size = 1;
  for (const ax of axes) size *= shape[ax];
  const acc = Array.from({ length: size }, () => new Accumulator());
  const max = new Float64Array(size).fill(Number.NEGATIVE_INFINITY);
  for (let i = 0; i < index.length; i++) {
    acc[index[i]].add(t.p[i]);
    if (t.lp[i] > max[index[i]]) max[index[i]] = t.lp[i];
  }
  // log of the sum from the logs, so that cells whose probabilities underflow keep a finite log.
  const lsum = Array.from({ length: size }, () => new Accumulator());
  for (let i = 0; i < index.length; i++) {
    const m = max[index[i]];
    if (m !== Number.NEGATIVE_INFINITY) lsum[index[i]].add(Math.exp(t.lp[i] - m));
  }
  const p = new Float64Array(size);
  const lp = new Float64Array(size);
  for (let j = 0; j < size; j++) {
    p[j] = acc[j].value();
    lp[j] = max[j] === Number.NEGATIVE_INFINITY ? max[j] : max[j] + Math.log(lsum[j].value());
  }
  return { p, lp };
}
