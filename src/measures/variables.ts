/**
 * The variables of the multivariate measures of a joint table (co-information, interaction information, total
 * and dual total correlation, conditional KL divergence): which axes are the variables, grouped as dit's `rvs`,
 * which are conditioned on (dit's `crvs`), and the entropies of every set of axes.
 * @module
 */
import { SurprisalError } from '../core/errors.js';
import { entropyOfProbs, marginal, readJoint } from '../core/joint.js';
import { describe, readOptions } from '../core/options.js';
import { MEASURE_KEYS } from '../core/probabilities.js';
import type { TableInput } from '../core/tensor.js';
import { unitLog } from '../core/units.js';
import type { MeasureOptions } from './entropy.js';

/** Options of the measures of several variables of a joint table: those of every measure, and the variables. */
export interface MultivariateOptions extends MeasureOptions {
  /**
   * The variables, one entry each: an axis of the table, or a list of axes taken jointly as one variable
   * (dit's `rvs`, e.g. `[[0, 1], 2]` for the variables (X₀X₁) and X₂). Variables may share axes. At most 16.
   * Default: every axis not in `given`, one variable each.
   */
  axes?: readonly (number | readonly number[])[];
  /** Axes conditioned on (dit's `crvs`); a set: order and repeats do not matter. Default none. */
  given?: readonly number[];
}

/** The option keys of the multivariate measures. @internal */
export const MULTIVARIATE_KEYS: readonly string[] = [...MEASURE_KEYS, 'axes', 'given'];

/** The most variables a measure takes (co-information sums over all 2ⁿ subsets of them). */
const MAX_VARIABLES = 16;

/** A joint table read with its variables, in the coordinates of its marginal over the axes they use. */
interface Variables {
  /** ln of the unit's base: divide a result in nats by it. */
  k: number;
  /** Each variable as a bit mask over the axes of `table`. */
  groups: number[];
  /** The conditioning axes as a bit mask over the axes of `table`. */
  given: number;
  /** The marginal of the joint table over the axes used (in increasing order), with its shape. */
  table: { p: ArrayLike<number>; shape: number[] };
  /** The full joint table as read. */
  joint: ReturnType<typeof readJoint>;
  /** Whether neither `axes` nor `given` was given (every axis one variable, nothing conditioned on). */
  isDefault: boolean;
}

/** Reads one axis of an n-axis table from an option. */
function readAxis(v: unknown, ndim: number, fn: string, name: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v >= ndim) {
    throw new SurprisalError(
      'INVALID_OPTION',
      `${fn}: ${name} = ${describe(v)} is not an axis of p (an integer in [0, ${ndim - 1}])`,
      { argument: name.replace(/\[.*$/, ''), value: v },
    );
  }
  return v;
}

/** Reads a list option (`axes`, `given`, or one variable of `axes`). */
function readList(v: unknown, fn: string, name: string): readonly unknown[] {
  if (!Array.isArray(v)) {
    throw new SurprisalError(
      'INVALID_OPTION',
      `${fn}: ${name} must be an array of axes; got ${describe(v)}`,
      {
        argument: name.replace(/\[.*$/, ''),
        value: v,
      },
    );
  }
  return v;
}

/**
 * Reads the options (measure keys, `axes`, `given`), the unit, the joint table (1 to 16 axes) and the
 * variables, and marginalises the table to the axes they use. @internal
 */
export function readVariables(
  p: TableInput,
  options: MultivariateOptions | undefined,
  fn: string,
): Variables {
  const o = readOptions(options, fn, MULTIVARIATE_KEYS);
  const k = unitLog(o.base, fn);
  if (Array.isArray(o.from)) {
    throw new SurprisalError('INVALID_OPTION', `${fn}: from must be one form for the table, not a pair`, {
      argument: 'from',
      value: o.from,
    });
  }
  const joint = readJoint(p, options, fn, 1);
  const ndim = joint.shape.length;
  const given = new Set<number>();
  if (o.given !== undefined) {
    const list = readList(o.given, fn, 'given');
    for (let i = 0; i < list.length; i++) given.add(readAxis(list[i], ndim, fn, `given[${i}]`));
  }
  let groups: number[][];
  if (o.axes === undefined) {
    groups = joint.shape.map((_, a) => [a]).filter(([a]) => !given.has(a));
  } else {
    const list = readList(o.axes, fn, 'axes');
    if (list.length > MAX_VARIABLES) {
      throw new SurprisalError(
        'INVALID_OPTION',
        `${fn}: axes names ${list.length} variables; at most ${MAX_VARIABLES}`,
        { argument: 'axes', value: list.length },
      );
    }
    groups = list.map((g, i) =>
      typeof g === 'number'
        ? [readAxis(g, ndim, fn, `axes[${i}]`)]
        : readList(g, fn, `axes[${i}]`).map((a, j) => readAxis(a, ndim, fn, `axes[${i}][${j}]`)),
    );
  }
  const used = [...new Set([...groups.flat(), ...given])].sort((a, b) => a - b);
  const bit = new Map(used.map((a, j) => [a, 1 << j]));
  const maskOf = (axes: Iterable<number>): number => {
    let m = 0;
    for (const a of axes) m |= bit.get(a) as number;
    return m;
  };
  const table =
    used.length === ndim
      ? { p: joint.p, shape: joint.shape }
      : { p: marginal(joint, used).p, shape: used.map((a) => joint.shape[a]) };
  return {
    k,
    groups: groups.map(maskOf),
    given: maskOf(given),
    table,
    joint,
    isDefault: o.axes === undefined && o.given === undefined,
  };
}

/**
 * The entropy (nats) of the marginal over every subset of the axes of a table, indexed by the subset's bit mask
 * (bit j = axis j kept; entry 0, the empty set, is 0). Each marginal is summed from a parent with one more axis:
 * a depth-first walk from the full table that removes axes in increasing order, so each subset is reached once
 * and the work is Σ_T size(T ∪ {one axis}) (2·3ⁿ for n binary axes) instead of 2ⁿ passes over the whole table.
 * Each level adds dims[j] terms, so a marginal carries at most Σⱼ (dimsⱼ − 1) roundings. @internal
 */
export function subsetEntropies(p: ArrayLike<number>, shape: readonly number[]): Float64Array {
  const n = shape.length;
  const h = new Float64Array(2 ** n);
  h[h.length - 1] = entropyOfProbs(p);
  const walk = (p: ArrayLike<number>, dims: number[], axes: number[], mask: number, from: number): void => {
    if (axes.length === 1) return;
    for (let j = 0; j < axes.length; j++) {
      if (axes[j] < from) continue;
      const child = sumOut(p, dims, j);
      const childMask = mask & ~(1 << axes[j]);
      h[childMask] = entropyOf(child);
      walk(
        child,
        dims.filter((_, i) => i !== j),
        axes.filter((_, i) => i !== j),
        childMask,
        axes[j] + 1,
      );
    }
  };
  walk(
    p,
    [...shape],
    shape.map((_, i) => i),
    h.length - 1,
    0,
  );
  return h;
}

/** The table p of shape `dims` with axis j summed out. */
function sumOut(p: ArrayLike<number>, dims: number[], j: number): Float64Array {
  let outer = 1;
  for (let i = 0; i < j; i++) outer *= dims[i];
  let inner = 1;
  for (let i = j + 1; i < dims.length; i++) inner *= dims[i];
  const len = dims[j];
  const out = new Float64Array(outer * inner);
  for (let o = 0; o < outer; o++) {
    const to = o * inner;
    for (let l = 0; l < len; l++) {
      const from = (o * len + l) * inner;
      for (let i = 0; i < inner; i++) out[to + i] += p[from + i];
    }
  }
  return out;
}

/** Shannon entropy (nats) of a marginal: Neumaier's sum of −p log p, inline (this loop runs 3ⁿ times for n binary axes). */
function entropyOf(p: ArrayLike<number>): number {
  let sum = 0;
  let comp = 0;
  for (let i = 0; i < p.length; i++) {
    const v = p[i];
    if (!(v > 0)) continue;
    const x = -v * Math.log(v);
    const t = sum + x;
    comp += sum >= x ? sum - t + x : x - t + sum;
    sum = t;
  }
  return Math.max(sum + comp, 0);
}

/** The union of the variables of each subset T of `groups` (bit i of T = variable i), indexed by T. @internal */
export function unions(groups: readonly number[]): Int32Array {
  const u = new Int32Array(2 ** groups.length);
  for (let t = 1; t < u.length; t++) {
    const low = 31 - Math.clz32(t & -t);
    u[t] = u[t & (t - 1)] | groups[low];
  }
  return u;
}
