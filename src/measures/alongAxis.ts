/**
 * The measures along an axis of a tensor, as SciPy's `scipy.stats.entropy(pk, qk, axis=)`: one value per slice,
 * p and q broadcast against each other (NumPy rules), each slice read by the measure itself.
 * @module
 */
import {
  type ArrayOrTensor,
  type Axis,
  axisLayout,
  broadcastShapes,
  broadcastTo,
  readAxis,
  readShaped,
  type ShapedData,
} from '../core/axes.js';
import { SurprisalError } from '../core/errors.js';

/** The option every measure along an axis takes. */
export interface AxisOption {
  /**
   * Measure along this axis of `{ data, shape }` or nested arrays (negative counts from the end; an array of
   * axes measures over all of them), returning one value per slice as a Float64Array in row-major order over the
   * other axes, as `scipy.stats.entropy(pk, qk, axis=axis)`. Each slice is normalised, as SciPy does, unless
   * `normalize: false` is given. Default: absent, the input is one distribution and the result a number (a
   * tensor or nested arrays without `axis` are measured along axis 0, SciPy's default).
   */
  axis?: Axis;
}

/** Whether a measure's input asks for the axis form: an `axis` option, nested arrays or `{ data, shape }`. @internal */
export function wantsAxis(p: unknown, options: { axis?: unknown } | undefined): boolean {
  if (options !== null && typeof options === 'object' && (options as { axis?: unknown }).axis !== undefined)
    return true;
  if (Array.isArray(p)) return p.length > 0 && Array.isArray(p[0]);
  return p !== null && typeof p === 'object' && !ArrayBuffer.isView(p) && 'data' in p;
}

/** Whether a second argument is data (a distribution q) rather than an options object. @internal */
export function isData(x: unknown): boolean {
  if (x === undefined || x === null || typeof x !== 'object') return false;
  return Array.isArray(x) || ArrayBuffer.isView(x) || 'data' in x || 'dims' in x;
}

/**
 * The options without an `axis` key whose value is undefined (so that the measure's own key check passes); any
 * other options unchanged, for the measure to check. @internal
 */
export function withoutAxis<O>(options: O): O {
  if (options === null || typeof options !== 'object' || !Object.hasOwn(options, 'axis')) return options;
  const { axis: _axis, ...rest } = options as O & { axis?: unknown };
  return rest as O;
}

/** The options a slice is measured with: `axis` dropped, `normalize` defaulting to true (SciPy's behaviour). */
export function sliceOptions<O extends { axis?: Axis; normalize?: boolean }>(options: O | undefined): O {
  const { axis: _axis, ...rest } = (options ?? {}) as O;
  return { normalize: true, ...rest } as O;
}

/**
 * Applies `measure` to every slice of p (and the matching slice of q, broadcast to p's shape or both to their
 * common shape) along `axis` (default 0), and returns the values row-major over the kept axes.
 * @throws {SurprisalError} `INVALID_OPTION` for a bad axis, `SHAPE_MISMATCH` when p and q do not broadcast, and
 *   whatever the measure throws for a slice (the message then names the slice).
 * @internal
 */
export function measureAlong(
  p: ArrayOrTensor,
  q: ArrayOrTensor | undefined,
  axis: Axis | undefined,
  fn: string,
  measure: (ps: Float64Array, qs: Float64Array | undefined) => number,
): Float64Array {
  let a: ShapedData = readShaped(p, fn, 'p');
  let b: ShapedData | undefined = q === undefined ? undefined : readShaped(q, fn, 'q');
  if (b) {
    const shape = broadcastShapes(a.shape, b.shape);
    if (!shape) {
      throw new SurprisalError(
        'SHAPE_MISMATCH',
        `${fn}: p of shape [${a.shape.join(', ')}] and q of shape [${b.shape.join(', ')}] do not broadcast`,
        { argument: 'q', value: b.shape },
      );
    }
    a = { data: broadcastTo(a.data, a.shape, shape, fn, 'p'), shape, flat: false };
    b = { data: broadcastTo(b.data, b.shape, shape, fn, 'q'), shape, flat: false };
  }
  const axes = readAxis(axis ?? 0, a.shape.length, fn);
  const { outer, inner } = axisLayout(a.shape, axes);
  const n = inner.length;
  const out = new Float64Array(outer.length);
  const ps = new Float64Array(n);
  const qs = b ? new Float64Array(n) : undefined;
  for (let k = 0; k < outer.length; k++) {
    const base = outer[k];
    for (let r = 0; r < n; r++) ps[r] = a.data[base + inner[r]];
    if (qs && b) for (let r = 0; r < n; r++) qs[r] = b.data[base + inner[r]];
    try {
      out[k] = measure(ps, qs);
    } catch (e) {
      if (e instanceof SurprisalError && outer.length > 1) {
        throw new SurprisalError(e.code, `${e.message} (in slice ${k} along axis ${axes.join(', ')})`, {
          argument: e.argument,
          index: k,
          value: e.value,
        });
      }
      throw e;
    }
  }
  return out;
}
