/**
 * Plug-in conditional mutual information of discrete samples, I(X; Y | Z) = H(X, Z) + H(Y, Z) − H(X, Y, Z) − H(Z)
 * of the empirical distribution, with its delta-method standard error.
 * @module
 */
import { Accumulator } from '../../core/sum.js';
import { intervalFromNormal, readConfidence } from '../estimate.js';
import { checkSameLength, encodeSamples, type SamplesInput } from '../samples.js';
import {
  type KnnMutualInformationOptions,
  type MutualInformationEstimate,
  type Resampler,
  result,
} from './options.js';

/** Codes of the pairs (a, b), 0.. in order of first appearance, over the given rows. */
function pairCodes(
  a: Int32Array,
  b: Int32Array,
  kb: number,
  rows: Int32Array,
): { codes: Int32Array; levels: number } {
  const index = new Map<number, number>();
  const codes = new Int32Array(rows.length);
  for (let r = 0; r < rows.length; r++) {
    const key = a[rows[r]] * kb + b[rows[r]];
    let c = index.get(key);
    if (c === undefined) {
      c = index.size;
      index.set(key, c);
    }
    codes[r] = c;
  }
  return { codes, levels: index.size };
}

/** Σ p log(n_xyz n_z / (n_xz n_yz)) over the observed cells, and Σ p log²(·), in nats. */
function cmiPlugin(
  x: { codes: Int32Array; levels: number },
  y: { codes: Int32Array; levels: number },
  z: { codes: Int32Array; levels: number },
  rows: Int32Array,
): [number, number] {
  const n = rows.length;
  const xz = pairCodes(x.codes, z.codes, z.levels, rows);
  const local = new Int32Array(n);
  for (let r = 0; r < n; r++) local[r] = r;
  const yRows = new Int32Array(n);
  const zRows = new Int32Array(n);
  for (let r = 0; r < n; r++) {
    yRows[r] = y.codes[rows[r]];
    zRows[r] = z.codes[rows[r]];
  }
  const yz = pairCodes(yRows, zRows, z.levels, local);
  const xyz = pairCodes(xz.codes, yRows, y.levels, local);
  const cXz = new Float64Array(xz.levels);
  const cYz = new Float64Array(yz.levels);
  const cXyz = new Float64Array(xyz.levels);
  const cZ = new Float64Array(z.levels);
  for (let r = 0; r < n; r++) {
    cXz[xz.codes[r]]++;
    cYz[yz.codes[r]]++;
    cXyz[xyz.codes[r]]++;
    cZ[zRows[r]]++;
  }
  // One representative row per (x, y, z) cell gives its marginal cells.
  const first = new Int32Array(xyz.levels).fill(-1);
  for (let r = 0; r < n; r++) if (first[xyz.codes[r]] < 0) first[xyz.codes[r]] = r;
  const acc = new Accumulator();
  const acc2 = new Accumulator();
  for (let c = 0; c < xyz.levels; c++) {
    const r = first[c];
    const l = Math.log((cXyz[c] * cZ[zRows[r]]) / (cXz[xz.codes[r]] * cYz[yz.codes[r]]));
    const p = cXyz[c] / n;
    acc.add(p * l);
    acc2.add(p * l * l);
  }
  // I(X; Y | Z) ≥ 0 exactly (an average of KL divergences); only rounding can take the sum below 0.
  return [Math.max(0, acc.value()), acc2.value()];
}

/** The plug-in estimate of I(X; Y | Z) of discrete samples in the given unit. @internal */
export function cmiPluginEstimate(
  x: SamplesInput,
  y: SamplesInput,
  z: SamplesInput,
  options: KnnMutualInformationOptions,
  fn: string,
  unit: number,
  resample: Resampler,
  warnings: string[],
): MutualInformationEstimate {
  const ex = encodeSamples(x, fn, 'x');
  const ey = encodeSamples(y, fn, 'y');
  const ez = encodeSamples(z, fn, 'z');
  checkSameLength(fn, [ex.codes.length, ey.codes.length, ez.codes.length], ['x', 'y', 'z']);
  const n = ex.codes.length;
  const all = new Int32Array(n);
  for (let i = 0; i < n; i++) all[i] = i;
  const [value, second] = cmiPlugin(ex, ey, ez, all);
  const reps = resample(n, (rows) => cmiPlugin(ex, ey, ez, rows)[0]);
  if (reps) return result(value, unit, reps, options, fn, { method: 'plugin', n, warnings });
  const stdError = Math.sqrt(Math.max(0, second - value * value) / n) / unit;
  const out: MutualInformationEstimate = {
    value: value / unit,
    stdError,
    method: 'plugin',
    n,
    replicates: 0,
    stdErrorMethod: 'delta',
    warnings,
  };
  const confidence = readConfidence(options.confidence, fn);
  if (confidence !== undefined) out.ci = intervalFromNormal(out.value, stdError, confidence);
  return out;
}
