/**
 * Reductions, results and option checks shared by the losses.
 * @module
 */
import { SurprisalError } from '../core/errors.js';
import { describe } from '../core/options.js';
import type { FloatTensor } from '../core/tensor.js';

/** How per-position losses are combined: PyTorch's `reduction`. */
export type Reduction = 'mean' | 'sum' | 'none';

/** Every {@link Reduction}: what the losses accept unless they say otherwise. @internal */
export const REDUCTIONS: readonly Reduction[] = ['mean', 'sum', 'none'];

/** The loss value: a number for `'mean'`/`'sum'`, a Float64Array over positions for `'none'`. */
export type LossValue<R extends string> = R extends 'none' ? Float64Array : number;

/**
 * Result of every loss: the value and, unless `{ grad: false }`, the gradient of the reduced loss with
 * respect to the input (for `'none'`, of Σ gradOutput·loss), with the input's float type and shape.
 */
export interface LossResult<R extends string = Reduction> {
  loss: LossValue<R>;
  grad: FloatTensor | undefined;
}

/** Options every loss takes. */
export interface BaseLossOptions<R extends string = Reduction> {
  /** `'mean'` (default), `'sum'` or `'none'`. */
  reduction?: R;
  /** Compute the gradient (default true). */
  grad?: boolean;
  /**
   * Upstream gradient: for `'none'`, one value per position (the gradient returned is that of
   * Σ gradOutput·loss; default all ones); for `'mean'`/`'sum'`, a number scaling the gradient (default 1).
   */
  gradOutput?: ArrayLike<number> | number;
}

/** Validates `reduction` against the allowed list. @internal */
export function readReduction<R extends string>(value: R | undefined, allowed: readonly R[], fn: string): R {
  const r = value === undefined ? ('mean' as R) : value;
  if (typeof r !== 'string' || !allowed.includes(r)) {
    throw new SurprisalError(
      'INVALID_OPTION',
      `${fn}: reduction must be ${allowed.map((a) => `'${a}'`).join(' | ')}; got ${describe(value)}`,
      { argument: 'reduction', value },
    );
  }
  return r;
}

/**
 * The upstream gradient for each of `m` positions, given the reduction's own scale (1/denominator for a
 * mean, 1 for a sum). @internal
 */
export function upstream(
  gradOutput: ArrayLike<number> | number | undefined,
  reduction: string,
  m: number,
  scale: number,
  fn: string,
): (i: number) => number {
  if (reduction === 'none') {
    if (gradOutput === undefined) return () => 1;
    if (
      gradOutput === null ||
      typeof gradOutput !== 'object' ||
      (gradOutput as ArrayLike<number>).length !== m
    ) {
      const got =
        gradOutput === null || typeof gradOutput !== 'object'
          ? describe(gradOutput)
          : `length ${(gradOutput as ArrayLike<number>).length}`;
      throw new SurprisalError(
        'SHAPE_MISMATCH',
        `${fn}: gradOutput must have one value per position (${m}); got ${got}`,
        {
          argument: 'gradOutput',
          value: gradOutput,
        },
      );
    }
    const g = gradOutput as ArrayLike<number>;
    for (let i = 0; i < m; i++) {
      if (typeof g[i] !== 'number') {
        throw new SurprisalError('NAN', `${fn}: gradOutput[${i}] is not a number (${describe(g[i])})`, {
          argument: 'gradOutput',
          index: i,
          value: g[i],
        });
      }
    }
    return (i) => g[i];
  }
  if (gradOutput !== undefined && typeof gradOutput !== 'number') {
    throw new SurprisalError(
      'INVALID_OPTION',
      `${fn}: gradOutput must be a number for reduction '${reduction}'; got ${describe(gradOutput)}`,
      {
        argument: 'gradOutput',
        value: gradOutput,
      },
    );
  }
  const s = scale * (gradOutput ?? 1);
  return () => s;
}

/** Checks a number option lies in [lo, hi]. @internal */
export function readNumberOption(
  value: number | undefined,
  def: number,
  lo: number,
  hi: number,
  name: string,
  fn: string,
): number {
  const v = value === undefined ? def : value;
  if (typeof v !== 'number' || !(v >= lo && v <= hi)) {
    throw new SurprisalError(
      'INVALID_OPTION',
      `${fn}: ${name} must be a number in [${lo}, ${hi}]; got ${describe(value)}`,
      {
        argument: name,
        value,
      },
    );
  }
  return v;
}

/** Reads a float vector option (weight, posWeight) of a required length, rejecting NaN. @internal */
export function readVectorOption(
  value: ArrayLike<number> | undefined,
  length: number,
  name: string,
  fn: string,
): ArrayLike<number> | undefined {
  if (value === undefined) return undefined;
  if (value === null || typeof value !== 'object' || value.length !== length) {
    const got = value === null || typeof value !== 'object' ? describe(value) : `length ${value.length}`;
    throw new SurprisalError('SHAPE_MISMATCH', `${fn}: ${name} must have length ${length}; got ${got}`, {
      argument: name,
      value,
    });
  }
  for (let i = 0; i < length; i++) {
    if (Number.isNaN(value[i]) || typeof value[i] !== 'number') {
      throw new SurprisalError('NAN', `${fn}: ${name}[${i}] is ${describe(value[i])}`, {
        argument: name,
        index: i,
        value: value[i],
      });
    }
  }
  return value;
}

/** Total of a reduction: the loss array itself for `'none'`, else its sum, divided by `denominator` for `'mean'`. @internal */
export function reduce<R extends string>(
  losses: Float64Array,
  total: number,
  reduction: R,
  denominator: number,
): LossValue<R> {
  if (reduction === 'none') return losses as LossValue<R>;
  return (reduction === 'mean' ? total / denominator : total) as LossValue<R>;
}

/** What a mean over no (weight of) targets gives: NaN as PyTorch (0/0), or 0 as Keras. */
export type EmptyMean = 'nan' | 'zero';

/** Validates `emptyMean`. @internal */
export function readEmptyMean(value: EmptyMean | undefined, fn: string): EmptyMean {
  const v = value === undefined ? 'nan' : value;
  if (v !== 'nan' && v !== 'zero') {
    throw new SurprisalError(
      'INVALID_OPTION',
      `${fn}: emptyMean must be 'nan' | 'zero'; got ${describe(value)}`,
      {
        argument: 'emptyMean',
        value,
      },
    );
  }
  return v;
}
