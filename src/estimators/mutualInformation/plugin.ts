/**
 * Mutual information of discrete samples on their contingency table: plug-in, Miller–Madow, Dirichlet
 * pseudocounts and James–Stein shrinkage (`'plugin'`, `'miller-madow'`, `'jeffreys'`, `'laplace'`,
 * `'schurmann-grassberger'`, `'minimax'`, `'shrink'`; R entropy's `mi.plugin`, `mi.Dirichlet`, `mi.shrink`).
 * @module
 */
import { Accumulator } from '../../core/sum.js';
import { intervalFromNormal, readConfidence } from '../estimate.js';
import { encodeSamples, type SamplesInput } from '../samples.js';
import {
  type KnnMutualInformationOptions,
  type MutualInformationEstimate,
  type Resampler,
  result,
} from './options.js';

function table(cx: Int32Array, kx: number, cy: Int32Array, ky: number, rows?: Int32Array): Float64Array {
  const t = new Float64Array(kx * ky);
  const n = cx.length;
  for (let r = 0; r < n; r++) {
    const i = rows ? rows[r] : r;
    t[cx[i] * ky + cy[i]]++;
  }
  return t;
}

/** Σ f log(f/(fx fy)) over the cells f > 0 of a table of frequencies or counts (normalised here), and Σ f log²(·). */
function pluginMi(t: Float64Array, kx: number, ky: number): [number, number] {
  let total = 0;
  for (const c of t) total += c;
  const rx = new Float64Array(kx);
  const ry = new Float64Array(ky);
  for (let a = 0; a < kx; a++) {
    for (let b = 0; b < ky; b++) {
      rx[a] += t[a * ky + b];
      ry[b] += t[a * ky + b];
    }
  }
  const acc = new Accumulator();
  const acc2 = new Accumulator();
  for (let a = 0; a < kx; a++) {
    for (let b = 0; b < ky; b++) {
      const c = t[a * ky + b];
      if (c > 0) {
        const l = Math.log((c * total) / (rx[a] * ry[b]));
        acc.add((c / total) * l);
        acc2.add((c / total) * l * l);
      }
    }
  }
  // I ≥ 0 exactly (a KL divergence); only rounding can take the sum below 0.
  return [Math.max(0, acc.value()), acc2.value()];
}

/** James–Stein shrinkage of the joint cell frequencies towards 1/K (Hausser & Strimmer 2009, eq. 8). */
function shrinkTable(t: Float64Array): [Float64Array, number] {
  const k = t.length;
  let n = 0;
  for (const c of t) n += c;
  const target = 1 / k;
  let lambda = 1;
  if (n > 1) {
    let varu = 0;
    let msp = 0;
    for (const c of t) {
      const u = c / n;
      varu += (u * (1 - u)) / (n - 1);
      msp += (u - target) ** 2;
    }
    lambda = msp === 0 ? 1 : Math.min(1, Math.max(0, varu / msp));
  }
  const f = new Float64Array(k);
  for (let i = 0; i < k; i++) f[i] = lambda * target + (1 - lambda) * (t[i] / n);
  return [f, lambda];
}

/** The discrete methods of mutual information. @internal */
export type DiscreteMiMethod =
  | 'plugin'
  | 'miller-madow'
  | 'jeffreys'
  | 'laplace'
  | 'schurmann-grassberger'
  | 'minimax'
  | 'shrink';

/** Pseudocount a of the Dirichlet methods for N pairs over the K cells of the table (as R's `mi.Dirichlet`). */
function pseudocount(method: DiscreteMiMethod, n: number, k: number): number {
  if (method === 'jeffreys') return 0.5;
  if (method === 'laplace') return 1;
  if (method === 'schurmann-grassberger') return 1 / k;
  return Math.sqrt(n) / k; // minimax
}

/** Numbers of non-empty rows, columns and cells of a table. */
function occupied(t: Float64Array, kx: number, ky: number): [number, number, number] {
  let mxy = 0;
  const seenX = new Uint8Array(kx);
  const seenY = new Uint8Array(ky);
  for (let a = 0; a < kx; a++) {
    for (let b = 0; b < ky; b++) {
      if (t[a * ky + b] > 0) {
        mxy++;
        seenX[a] = 1;
        seenY[b] = 1;
      }
    }
  }
  let mx = 0;
  let my = 0;
  for (const s of seenX) mx += s;
  for (const s of seenY) my += s;
  return [mx, my, mxy];
}

function discreteValue(
  method: DiscreteMiMethod,
  t: Float64Array,
  kx: number,
  ky: number,
): { value: number; lambda?: number } {
  if (method === 'shrink') {
    const [f, lambda] = shrinkTable(t);
    return { value: pluginMi(f, kx, ky)[0], lambda };
  }
  if (method !== 'plugin' && method !== 'miller-madow') {
    let n = 0;
    for (const c of t) n += c;
    const a = pseudocount(method, n, t.length);
    const f = new Float64Array(t.length);
    for (let i = 0; i < t.length; i++) f[i] = t[i] + a;
    return { value: pluginMi(f, kx, ky)[0] };
  }
  const value = pluginMi(t, kx, ky)[0];
  if (method === 'plugin') return { value };
  // Miller (1955): each plug-in entropy gains (m − 1)/(2N), m its number of non-empty cells.
  let n = 0;
  for (const c of t) n += c;
  const [mx, my, mxy] = occupied(t, kx, ky);
  return { value: value + (mx - 1 + (my - 1) - (mxy - 1)) / (2 * n) };
}

/**
 * The discrete estimate of I(X; Y) in the given unit: delta-method stdError for plug-in and Miller–Madow unless
 * resamples are asked for (to second order: + (mₓ − 1)(m_y − 1)/(2N²), the whole variance under independence,
 * where 2N·Î → χ² with (mₓ − 1)(m_y − 1) degrees of freedom and the first-order term vanishes), resampled for the
 * others. The plug-in's interval is centred on the Miller–Madow value (its first-order bias removed); every
 * interval is floored at 0. @internal
 */
export function discreteEstimate(
  x: SamplesInput,
  y: SamplesInput,
  method: DiscreteMiMethod,
  options: KnnMutualInformationOptions,
  fn: string,
  unit: number,
  resample: Resampler,
): MutualInformationEstimate {
  const ex = encodeSamples(x, fn, 'x');
  const ey = encodeSamples(y, fn, 'y');
  const n = ex.codes.length;
  const t = table(ex.codes, ex.levels, ey.codes, ey.levels);
  const { value, lambda } = discreteValue(method, t, ex.levels, ey.levels);
  const reps = resample(n, (rows) => {
    const tb = table(ex.codes, ex.levels, ey.codes, ey.levels, rows);
    return discreteValue(method, tb, ex.levels, ey.levels).value;
  });
  if ((method === 'plugin' || method === 'miller-madow') && !reps) {
    const [plug, second] = pluginMi(t, ex.levels, ey.levels);
    const [mx, my] = occupied(t, ex.levels, ey.levels);
    const df = (mx - 1) * (my - 1);
    const stdError = Math.sqrt(Math.max(0, second - plug * plug) / n + df / (2 * n * n)) / unit;
    const out: MutualInformationEstimate = {
      value: value / unit,
      stdError,
      method,
      n,
      replicates: 0,
      stdErrorMethod: 'delta',
      warnings: [],
    };
    const confidence = readConfidence(options.confidence, fn);
    if (confidence !== undefined) {
      const centre =
        method === 'plugin' ? discreteValue('miller-madow', t, ex.levels, ey.levels).value : value;
      const [lo, hi] = intervalFromNormal(centre / unit, stdError, confidence);
      out.ci = [Math.max(0, lo), Math.max(0, hi)]; // I ≥ 0
    }
    return out;
  }
  const out = result(value, unit, reps, options, fn, { method, n, lambda });
  const confidence = readConfidence(options.confidence, fn);
  if (reps && confidence !== undefined && method !== 'shrink' && Number.isFinite(out.stdError)) {
    // The Dirichlet methods' bias: the interval is centred on 2·value − mean of the resampled estimates.
    let m = 0;
    let used = 0;
    for (const r of reps.reps) {
      if (!Number.isFinite(r)) continue;
      m += r;
      used++;
    }
    const centre = (2 * value - m / used) / unit;
    const [lo, hi] = intervalFromNormal(centre, out.stdError, confidence);
    out.ci = [Math.max(0, lo), Math.max(0, hi)];
  }
  return out;
}
