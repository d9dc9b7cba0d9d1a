/**
 * Mutual information from samples: plug-in, Miller–Madow and James–Stein for discrete data, KSG for continuous
 * data, Ross for discrete-with-continuous, and conditional mutual information (Frenzel–Pompe).
 * @module
 */
import { SurprisalError } from '../core/errors.js';
import { describe, readBooleanOption, readOptions } from '../core/options.js';
import { Accumulator } from '../core/sum.js';
import { type Base, logOfBase } from '../core/units.js';
import { createRng } from '../sampling/random.js';
import { digamma } from '../special/digamma.js';
import { type Category, encodeCategories } from './counts.js';
import { forEachNeighbourhood } from './differentialEntropy.js';
import { type Estimate, intervalFromNormal, readCi } from './estimate.js';
import {
  checkK,
  identicalRows,
  joinColumns,
  type Points,
  type PointsInput,
  pickRows,
  readPoints,
  treeOf,
} from './kdTree.js';
import {
  attachResampling,
  checkBootstrap,
  checkResampling,
  halfFactor,
  type Resampling,
  resampleRows,
} from './resample.js';

/** Estimators of {@link estimateMutualInformation}. */
export type MutualInformationMethod = 'plugin' | 'miller-madow' | 'shrink' | 'ksg' | 'ksg2' | 'ross';

/** Samples of one variable: values of any kind (discrete methods), numbers, rows or `{ data, shape: [n, d] }`. */
export type SamplesInput = ArrayLike<Category> | PointsInput;

/** Options shared by the kNN estimators of mutual information. */
export interface KnnMutualInformationOptions {
  /** Neighbour order k (default 3). */
  k?: number;
  /** Unit of the result (default nats). */
  base?: Base;
  /** Resamples drawn for the standard error (default 100; 0 skips it and gives stdError NaN). */
  bootstrap?: number;
  /**
   * `'half'` (half-samples without replacement; the default for the kNN methods) or `'bootstrap'` (with
   * replacement; the default for `'shrink'`); see {@link Resampling}.
   */
  resampling?: Resampling;
  /** Seed of the resampling (default 0; a number or bigint, as createRng takes). */
  seed?: number | bigint;
  /** Confidence level of an interval to return (e.g. 0.95). */
  ci?: number | false;
  /** Divide every continuous column by its standard deviation first (as scikit-learn does). Default false. */
  standardize?: boolean;
  /**
   * Add scale·max(1, mean |column|)·N(0, 1) noise to every continuous value, drawn from `createRng(seed)`
   * (scikit-learn's tie-breaking noise has scale 1e-10). Off by default: the estimate is then deterministic.
   */
  jitter?: { scale?: number; seed?: number | bigint };
  /** Report max(0, estimate) (and clamp the bootstrap replicates alike). Default false: the raw estimate. */
  clampNegative?: boolean;
}

/** Options of {@link estimateMutualInformation}. */
export interface MutualInformationOptions extends KnnMutualInformationOptions {
  /**
   * Default: `'ksg'` when x and y are both numeric, `'ross'` when one is numeric and the other is not (the
   * non-numeric one taken as the discrete variable), `'plugin'` otherwise.
   */
  method?: MutualInformationMethod;
}

/** A mutual information estimate. */
export interface MutualInformationEstimate extends Estimate {
  method: MutualInformationMethod;
  /** Number of paired samples N. */
  n: number;
  /** Neighbour order (kNN methods). */
  k?: number;
  /** James–Stein shrinkage intensity of the joint table (method `'shrink'`). */
  lambda?: number;
  /** Resampled estimates with a finite value (0 without resampling). */
  replicates: number;
  stdErrorMethod: 'delta' | Resampling | 'none';
}

/** Options of {@link estimateConditionalMutualInformation}. */
export interface ConditionalMutualInformationOptions extends KnnMutualInformationOptions {
  /** Only `'ksg'` (Frenzel & Pompe 2007). */
  method?: 'ksg';
}

const KNN_KEYS = [
  'k',
  'base',
  'bootstrap',
  'resampling',
  'seed',
  'ci',
  'standardize',
  'jitter',
  'clampNegative',
  'method',
] as const;

/**
 * Checks the options shared by the estimators of this file up front: unknown keys, ci, the booleans and jitter.
 * @internal
 */
export function readKnnOptions(options: KnnMutualInformationOptions | undefined, fn: string): void {
  const o = readOptions(options, fn, KNN_KEYS) as KnnMutualInformationOptions;
  readCi(o.ci, fn);
  readBooleanOption(o.standardize, false, 'standardize', fn);
  readBooleanOption(o.clampNegative, false, 'clampNegative', fn);
  if (o.jitter !== undefined) readOptions(o.jitter, fn, ['scale', 'seed'], 'jitter');
  // A bad seed is refused even when nothing is resampled (createRng checks it).
  if (o.seed !== undefined) createRng(o.seed);
}

/** A paired sample argument must at least be an object (an array, typed array or { data, shape }). */
function checkSamples(x: unknown, fn: string, name: string): void {
  if (x === null || typeof x !== 'object') {
    throw new SurprisalError(
      'SHAPE_MISMATCH',
      `${fn}: ${name} must be an array of samples or { data, shape }; got ${describe(x)}`,
      { argument: name, value: x },
    );
  }
}

const METHODS: readonly MutualInformationMethod[] = [
  'plugin',
  'miller-madow',
  'shrink',
  'ksg',
  'ksg2',
  'ross',
];

// ---------------------------------------------------------------------------------------------------------
// Input handling.

function isNumeric(x: SamplesInput): boolean {
  if (x === null || typeof x !== 'object') return false;
  if (ArrayBuffer.isView(x)) return true;
  if (!Array.isArray(x) && 'data' in x) return true;
  const a = x as ArrayLike<unknown>;
  if (a.length > 0 && typeof a[0] === 'object' && a[0] !== null) return true;
  for (let i = 0; i < a.length; i++) if (typeof a[i] !== 'number') return false;
  return true;
}

function lengthOf(x: SamplesInput): number {
  if (x !== null && typeof x === 'object' && !Array.isArray(x) && !ArrayBuffer.isView(x) && 'data' in x) {
    const dims = 'shape' in x ? x.shape : (x as { dims: readonly number[] }).dims;
    return dims?.[0] ?? Number.NaN;
  }
  return (x as ArrayLike<unknown>)?.length ?? Number.NaN;
}

/** Discrete samples as codes 0..levels−1 in order of first appearance; rows are compared as tuples. */
function encode(x: SamplesInput, fn: string, name: string): { codes: Int32Array; levels: number } {
  if (x === null || typeof x !== 'object') {
    throw new SurprisalError('SHAPE_MISMATCH', `${fn}: ${name} must be an array of samples`, {
      argument: name,
      value: x,
    });
  }
  const a = x as ArrayLike<unknown>;
  if (
    (!Array.isArray(x) && !ArrayBuffer.isView(x) && 'data' in x) ||
    (a.length > 0 && typeof a[0] === 'object' && a[0] !== null)
  ) {
    const g = identicalRows(readPoints(x as PointsInput, fn, name));
    // Renumber groups by first appearance, as for plain values.
    const codes = new Int32Array(g.of.length);
    const renumber = new Int32Array(g.count).fill(-1);
    let levels = 0;
    for (let i = 0; i < codes.length; i++) {
      const c = g.of[i];
      if (renumber[c] < 0) renumber[c] = levels++;
      codes[i] = renumber[c];
    }
    return { codes, levels };
  }
  const index = new Map<Category, number>();
  const codes = encodeCategories(a as ArrayLike<Category>, fn, name, index);
  return { codes, levels: index.size };
}

function checkSameLength(fn: string, lengths: number[], names: string[]): void {
  for (let j = 1; j < lengths.length; j++) {
    if (lengths[j] !== lengths[0]) {
      throw new SurprisalError(
        'SHAPE_MISMATCH',
        `${fn}: ${names[0]} has ${lengths[0]} samples but ${names[j]} has ${lengths[j]}; they must be paired`,
        { argument: names[j], value: lengths[j] },
      );
    }
  }
}

/** Standardizes and jitters a copy of continuous samples, as the options ask. @internal */
export function preprocess(
  p: Points,
  options: KnnMutualInformationOptions,
  fn: string,
  stream: number,
): Points {
  const { standardize, jitter } = options;
  if (!standardize && !jitter) return p;
  const { n, d } = p;
  const data = Float64Array.from(p.data);
  if (standardize) {
    for (let j = 0; j < d; j++) {
      let mean = 0;
      for (let i = 0; i < n; i++) mean += data[i * d + j] / n;
      let ss = 0;
      for (let i = 0; i < n; i++) ss += (data[i * d + j] - mean) ** 2;
      const sd = Math.sqrt(ss / n);
      if (sd > 0) for (let i = 0; i < n; i++) data[i * d + j] /= sd;
    }
  }
  if (jitter) {
    const scale = jitter.scale ?? 1e-10;
    if (typeof scale !== 'number' || !(scale >= 0 && Number.isFinite(scale))) {
      throw new SurprisalError(
        'INVALID_OPTION',
        `${fn}: jitter.scale must be a finite number >= 0; got ${describe(scale)}`,
        {
          argument: 'jitter',
          value: scale,
        },
      );
    }
    // One stream per variable (x, y, z), so adding a variable does not change the noise of the others.
    const rng = createRng(jitter.seed ?? 0);
    for (let s = 0; s < stream; s++) rng.jump();
    for (let j = 0; j < d; j++) {
      let mabs = 0;
      for (let i = 0; i < n; i++) mabs += Math.abs(data[i * d + j]) / n;
      const w = scale * Math.max(1, mabs);
      for (let i = 0; i < n; i++) data[i * d + j] += w * rng.normal();
    }
  }
  return { data, n, d };
}

/** ψ at the integers 1..size, computed on first use. */
class DigammaTable {
  private readonly t: Float64Array;
  constructor(size: number) {
    this.t = new Float64Array(size + 1).fill(Number.NaN);
  }
  at(m: number): number {
    let v = this.t[m];
    if (Number.isNaN(v)) {
      v = digamma(m);
      this.t[m] = v;
    }
    return v;
  }
}

// ---------------------------------------------------------------------------------------------------------
// Discrete estimators on the contingency table.

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

function discreteValue(
  method: 'plugin' | 'miller-madow' | 'shrink',
  t: Float64Array,
  kx: number,
  ky: number,
): { value: number; lambda?: number } {
  if (method === 'shrink') {
    const [f, lambda] = shrinkTable(t);
    return { value: pluginMi(f, kx, ky)[0], lambda };
  }
  const value = pluginMi(t, kx, ky)[0];
  if (method === 'plugin') return { value };
  // Miller (1955): each plug-in entropy gains (m − 1)/(2N), m its number of non-empty cells.
  let n = 0;
  let mxy = 0;
  const seenX = new Uint8Array(kx);
  const seenY = new Uint8Array(ky);
  for (let a = 0; a < kx; a++) {
    for (let b = 0; b < ky; b++) {
      const c = t[a * ky + b];
      n += c;
      if (c > 0) {
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
  return { value: value + (mx - 1 + (my - 1) - (mxy - 1)) / (2 * n) };
}

// ---------------------------------------------------------------------------------------------------------
// kNN estimators (max-norm throughout).

/**
 * KSG in nats. Algorithm 1 (Kraskov, Stögbauer & Grassberger 2004, eq. 8): ψ(N) + ⟨ψ(kᵢ) − ψ(nₓ + 1) −
 * ψ(n_y + 1)⟩, nₓ = #{j ≠ i : ‖xⱼ − xᵢ‖ < rᵢ}. Algorithm 2 (eq. 9): ψ(N) + ⟨ψ(kᵢ) − 1/kᵢ − ψ(nₓ) − ψ(n_y)⟩,
 * nₓ = #{j ≠ i : ‖xⱼ − xᵢ‖ ≤ εₓ(i)}, εₓ(i) the largest x-distance among the kᵢ joint neighbours.
 * @internal
 */
export function ksgValue(x: Points, y: Points, k: number, algorithm: 1 | 2): number {
  const n = x.n;
  const joint = joinColumns(x, y);
  const groups = identicalRows(joint);
  const tx = treeOf(x);
  const ty = treeOf(y);
  const psi = new DigammaTable(n + 1);
  const acc = new Accumulator();
  const { data: xd, d: dx } = x;
  const { data: yd, d: dy } = y;
  forEachNeighbourhood(groups, treeOf(joint), k, (g, i, ki, r, zero, nb) => {
    let term: number;
    if (algorithm === 1) {
      const nx = tx.countWithin(i, r, zero);
      const ny = ty.countWithin(i, r, zero);
      term = psi.at(ki) - psi.at(nx + 1) - psi.at(ny + 1);
    } else {
      let ex = 0;
      let ey = 0;
      for (let s = 0; s < ki; s++) {
        const j = nb.indices[s];
        for (let c = 0; c < dx; c++) ex = Math.max(ex, Math.abs(xd[j * dx + c] - xd[i * dx + c]));
        for (let c = 0; c < dy; c++) ey = Math.max(ey, Math.abs(yd[j * dy + c] - yd[i * dy + c]));
      }
      const nx = tx.countWithin(i, ex, true);
      const ny = ty.countWithin(i, ey, true);
      term = psi.at(ki) - 1 / ki - psi.at(nx) - psi.at(ny);
    }
    acc.add(groups.size[g] * term);
  });
  return psi.at(n) + acc.value() / n;
}

/**
 * Ross (2014) in nats, as scikit-learn's `_compute_mi_cd`: labels seen once are dropped (N′ points remain);
 * label ℓ uses k_ℓ = min(k, N_ℓ − 1); rᵢ is the k_ℓ-th neighbour distance among the points of xᵢ's label and
 * mᵢ = #{j : ‖yⱼ − yᵢ‖ < rᵢ} over all N′ points, i included. ψ(N′) + ⟨ψ(kᵢ) − ψ(N_ℓ) − ψ(mᵢ)⟩.
 * NaN when every label occurs once. @internal
 */
export function rossValue(codes: Int32Array, levels: number, y: Points, k: number): number {
  const n = y.n;
  const count = new Int32Array(levels);
  for (let i = 0; i < n; i++) count[codes[i]]++;
  const kept: number[] = [];
  for (let i = 0; i < n; i++) if (count[codes[i]] > 1) kept.push(i);
  const nk = kept.length;
  if (nk === 0) return Number.NaN;
  const rows = Int32Array.from(kept);
  const all = pickRows(y, rows);
  const tAll = treeOf(all);
  const psi = new DigammaTable(nk + 1);
  // Points of each label, as positions in `rows`.
  const members: number[][] = Array.from({ length: levels }, () => []);
  for (let p = 0; p < nk; p++) members[codes[rows[p]]].push(p);
  const acc = new Accumulator();
  for (let label = 0; label < levels; label++) {
    const mine = members[label];
    if (mine.length < 2) continue;
    const local = Int32Array.from(mine);
    const sub = pickRows(all, local);
    const kl = Math.min(k, mine.length - 1);
    const groups = identicalRows(sub);
    const psiCount = psi.at(mine.length);
    forEachNeighbourhood(groups, treeOf(sub), kl, (g, i, ki, r, zero) => {
      const m = 1 + tAll.countWithin(local[i], r, zero);
      acc.add(groups.size[g] * (psi.at(ki) - psiCount - psi.at(m)));
    });
  }
  return psi.at(nk) + acc.value() / nk;
}

/**
 * Frenzel & Pompe (2007) in nats, in NPEET's form: ⟨ψ(kᵢ) − ψ(n_xz) − ψ(n_yz) + ψ(n_z)⟩ with rᵢ the kᵢ-th
 * neighbour distance in the joint (x, y, z) space and n_xz = #{j : ‖(x, z)ⱼ − (x, z)ᵢ‖ < rᵢ}, i included.
 * @internal
 */
export function cmiValue(x: Points, y: Points, z: Points, k: number): number {
  const n = x.n;
  const joint = joinColumns(x, y, z);
  const groups = identicalRows(joint);
  const txz = treeOf(joinColumns(x, z));
  const tyz = treeOf(joinColumns(y, z));
  const tz = treeOf(z);
  const psi = new DigammaTable(n + 1);
  const acc = new Accumulator();
  forEachNeighbourhood(groups, treeOf(joint), k, (g, i, ki, r, zero) => {
    const nxz = 1 + txz.countWithin(i, r, zero);
    const nyz = 1 + tyz.countWithin(i, r, zero);
    const nz = 1 + tz.countWithin(i, r, zero);
    acc.add(groups.size[g] * (psi.at(ki) - psi.at(nxz) - psi.at(nyz) + psi.at(nz)));
  });
  return acc.value() / n;
}

// ---------------------------------------------------------------------------------------------------------

function checkMethod(method: unknown, fn: string, allowed: readonly string[]): void {
  if (!allowed.includes(method as string)) {
    throw new SurprisalError(
      'INVALID_OPTION',
      `${fn}: method must be one of ${allowed.map((m) => `'${m}'`).join(', ')}; got ${describe(method)}`,
      { argument: 'method', value: method },
    );
  }
}

function tooFew(fn: string, n: number, k: number): SurprisalError {
  return new SurprisalError('OUT_OF_RANGE', `${fn}: k = ${k} needs at least ${k + 1} samples; got ${n}`, {
    argument: 'x',
    value: n,
  });
}

function result(
  value: number,
  unit: number,
  resampled: { reps: Float64Array; scheme: Resampling; n: number } | undefined,
  options: KnnMutualInformationOptions,
  fn: string,
  info: Pick<MutualInformationEstimate, 'method' | 'n' | 'k' | 'lambda'>,
): MutualInformationEstimate {
  const clamp = options.clampNegative === true;
  const ci = readCi(options.ci, fn);
  const out: MutualInformationEstimate = {
    value: (clamp ? Math.max(0, value) : value) / unit,
    stdError: Number.NaN,
    method: info.method,
    n: info.n,
    replicates: 0,
    stdErrorMethod: 'none',
  };
  if (info.k !== undefined) out.k = info.k;
  if (info.lambda !== undefined) out.lambda = info.lambda;
  if (resampled && clamp)
    for (let r = 0; r < resampled.reps.length; r++) resampled.reps[r] = Math.max(0, resampled.reps[r]);
  const factor = resampled?.scheme === 'half' ? halfFactor(resampled.n) : 1;
  attachResampling(out, resampled, out.value * unit, unit, factor, ci, fn);
  return out;
}

/**
 * Estimates the mutual information I(X; Y) between paired samples, with a standard error.
 *
 * Discrete x and y (values of any kind: numbers, strings, ...; rows are compared as tuples), on the contingency
 * table of counts n_xy (N pairs, p̂ = n/N):
 * - `'plugin'`: Σ p̂_xy log(p̂_xy/(p̂ₓ p̂_y)), as scikit-learn's `mutual_info_score`; stdError by the delta
 *   method, √((Σ p̂_xy log²(p̂_xy/(p̂ₓ p̂_y)) − Î²)/N).
 * - `'miller-madow'`: Ĥ(X) + Ĥ(Y) − Ĥ(X, Y), each plug-in entropy plus (m − 1)/(2N), m its number of non-empty
 *   cells (Miller 1955): plug-in + (mₓ + m_y − m_xy − 1)/(2N); delta-method stdError.
 * - `'shrink'`: plug-in MI of the James–Stein shrunk joint table, p̂ = λ/K + (1 − λ) n_xy/N over the K = |X|·|Y|
 *   cells of the observed levels, λ = Σ p̂(1 − p̂)/((N − 1) Σ (1/K − p̂)²) clipped to [0, 1] (Hausser & Strimmer
 *   2009, JMLR 10, eq. 8), as R entropy's `mi.shrink`; returns `lambda`; bootstrap stdError.
 *
 * Continuous x and y (numbers, rows for several dimensions, or `{ data, shape }`), max-norm distances, k = 3:
 * - `'ksg'`: Kraskov, Stögbauer & Grassberger (2004, PRE 69, 066138), algorithm 1, eq. 8:
 *   ψ(k) + ψ(N) − ⟨ψ(nₓ + 1) + ψ(n_y + 1)⟩, rᵢ the distance to the k-th neighbour in the joint space and
 *   nₓ = #{j ≠ i : ‖xⱼ − xᵢ‖ < rᵢ} (strict, as scikit-learn's `_compute_mi_cc`).
 * - `'ksg2'`: algorithm 2, eq. 9: ψ(k) − 1/k + ψ(N) − ⟨ψ(nₓ) + ψ(n_y)⟩, εₓ(i) the largest x-distance among the
 *   k joint neighbours and nₓ = #{j ≠ i : ‖xⱼ − xᵢ‖ ≤ εₓ(i)}. (Points tied at the k-th joint distance are taken
 *   in index order, so εₓ is a function of the data.)
 * - `'ross'` (discrete x, continuous y): Ross (2014, PLoS ONE 9(2), e87357), as scikit-learn's `_compute_mi_cd`:
 *   labels seen once are dropped (N′ points left), label ℓ uses k_ℓ = min(k, N_ℓ − 1), rᵢ is the k_ℓ-th
 *   neighbour distance among xᵢ's label and mᵢ = #{j : ‖yⱼ − yᵢ‖ < rᵢ}, i included, over all N′ points:
 *   ψ(N′) + ⟨ψ(k_ℓ)⟩ − ⟨ψ(N_ℓ)⟩ − ⟨ψ(mᵢ)⟩. (In 1-D every norm is |·|, so it matches scikit-learn's Euclidean one.)
 *
 * Unlike scikit-learn, nothing is rescaled and no noise is added unless asked (`standardize`, `jitter`), so the
 * estimate is a function of the data; and it is not clamped: KSG and Ross estimates of a small MI can be
 * slightly negative (bias and variance of the estimator, not a bug). `clampNegative: true` reports max(0, Î).
 *
 * Zero distances (ties, e.g. duplicates from bootstrap resampling): a point with z ≥ k exact duplicates in the
 * space where its neighbours are sought uses kᵢ = z + 1, its first neighbour at a positive distance, with ψ(kᵢ)
 * (and 1/kᵢ) in place of ψ(k) (and 1/k); if every point there is identical, kᵢ = z and the radius is 0 with
 * the counts taken as ≤ 0 (Gao, Kannan, Oh & Viswanath 2017, NeurIPS, for discrete points). No estimate is
 * then −Infinity or NaN, and data without ties are unaffected.
 *
 * `stdError`: delta method for plug-in and Miller–Madow; otherwise from seeded resampling of the paired rows
 * (`bootstrap` resamples, default 100): for the kNN methods half-samples without replacement, stdError =
 * √(r/d)·sd of the half-sample estimates (delete-d jackknife, d = n/2, Shao & Wu 1989), because the duplicate
 * rows of a with-replacement bootstrap act as neighbours at distance 0 and inflate the spread (we measured
 * 1.6–2.9× the true standard error for KSG); for `'shrink'` the bootstrap (n rows with replacement, the table's
 * levels kept, as R entropy resamples). `resampling` overrides either.
 *
 * @param x - samples of X (the discrete variable for `'ross'`).
 * @param y - samples of Y, paired with x.
 * @example
 * ```ts
 * estimateMutualInformation([0, 1, 1, 0, 0], [1, 0, 0, 0, 1], { method: 'plugin' }).value; // 0.29110316603236885
 * estimateMutualInformation(['a', 'b', 'b', 'a'], ['u', 'v', 'v', 'u']).value; // 0.6931471805599453
 * const x = [0, 1, 3, 6, 10];
 * const y = [0, 2, 1, 5, 4];
 * estimateMutualInformation(x, y, { method: 'ksg', k: 1 }).value; // 0.11666666666666667 (7/60)
 * estimateMutualInformation(x, y, { method: 'ksg2', k: 1 }).value; // 0.08333333333333333 (1/12)
 * ```
 * @throws {SurprisalError} `EMPTY` for no samples, `NAN` (naming the sample) for NaN, null or undefined,
 *   `NOT_FINITE` for ±Infinity in continuous data, `SHAPE_MISMATCH` when x and y differ in length or rows are
 *   ragged, `OUT_OF_RANGE` for fewer than k + 1 samples (or, for ross, no label seen twice), `INVALID_OPTION`
 *   for an unknown method, k, base, bootstrap, resampling, ci or jitter.
 */
export function estimateMutualInformation(
  x: SamplesInput,
  y: SamplesInput,
  options: MutualInformationOptions = {},
): MutualInformationEstimate {
  const fn = 'estimateMutualInformation';
  readKnnOptions(options, fn);
  checkSamples(x, fn, 'x');
  checkSamples(y, fn, 'y');
  const nx = lengthOf(x);
  const ny = lengthOf(y);
  if (nx === 0 || ny === 0) {
    throw new SurprisalError('EMPTY', `${fn}: ${nx === 0 ? 'x' : 'y'} has no samples`, {
      argument: nx === 0 ? 'x' : 'y',
    });
  }
  checkSameLength(fn, [nx, ny], ['x', 'y']);
  const numX = isNumeric(x);
  const numY = isNumeric(y);
  let method = options.method;
  if (method === undefined) {
    if (numX && numY) method = 'ksg';
    else if (numX !== numY) {
      method = 'ross';
      if (numX) [x, y] = [y, x];
    } else method = 'plugin';
  }
  checkMethod(method, fn, METHODS);
  const unit = logOfBase(options.base);
  const b = checkBootstrap(options.bootstrap ?? 100, fn);
  const scheme = checkResampling(options.resampling ?? (method === 'shrink' ? 'bootstrap' : 'half'), fn);
  const seed = options.seed ?? 0;
  const resample = (n: number, estimator: (rows: Int32Array) => number) =>
    b ? { reps: resampleRows(n, b, seed, scheme, estimator), scheme, n } : undefined;

  if (method === 'plugin' || method === 'miller-madow' || method === 'shrink') {
    const ex = encode(x, fn, 'x');
    const ey = encode(y, fn, 'y');
    const n = ex.codes.length;
    const t = table(ex.codes, ex.levels, ey.codes, ey.levels);
    const { value, lambda } = discreteValue(method, t, ex.levels, ey.levels);
    if (method !== 'shrink') {
      const [plug, second] = pluginMi(t, ex.levels, ey.levels);
      const stdError = Math.sqrt(Math.max(0, second - plug * plug) / n) / unit;
      const out: MutualInformationEstimate = {
        value: value / unit,
        stdError,
        method,
        n,
        replicates: 0,
        stdErrorMethod: 'delta',
      };
      const ci = readCi(options.ci, fn);
      if (ci) out.ci = intervalFromNormal(out.value, stdError, ci);
      return out;
    }
    const reps = resample(n, (rows) => {
      const tb = table(ex.codes, ex.levels, ey.codes, ey.levels, rows);
      return discreteValue('shrink', tb, ex.levels, ey.levels).value;
    });
    return result(value, unit, reps, options, fn, { method, n, lambda });
  }

  const k = checkK(options.k ?? 3, fn);
  if (method === 'ross') {
    const ex = encode(x, fn, 'x');
    const py = preprocess(readPoints(y as PointsInput, fn, 'y'), options, fn, 1);
    const n = py.n;
    const value = rossValue(ex.codes, ex.levels, py, k);
    if (Number.isNaN(value)) {
      throw new SurprisalError(
        'OUT_OF_RANGE',
        `${fn}: ross needs a label of x seen at least twice; all are unique`,
        {
          argument: 'x',
        },
      );
    }
    const reps = resample(n, (rows) => {
      const codes = new Int32Array(rows.length);
      for (let i = 0; i < rows.length; i++) codes[i] = ex.codes[rows[i]];
      return rossValue(codes, ex.levels, pickRows(py, rows), k);
    });
    return result(value, unit, reps, options, fn, { method, n, k });
  }

  const px = preprocess(readPoints(x as PointsInput, fn, 'x'), options, fn, 0);
  const py = preprocess(readPoints(y as PointsInput, fn, 'y'), options, fn, 1);
  const n = px.n;
  if (n < k + 1) throw tooFew(fn, n, k);
  const algorithm = method === 'ksg' ? 1 : 2;
  const value = ksgValue(px, py, k, algorithm);
  const reps = resample(n, (rows) =>
    rows.length < k + 1 ? Number.NaN : ksgValue(pickRows(px, rows), pickRows(py, rows), k, algorithm),
  );
  return result(value, unit, reps, options, fn, { method, n, k });
}

/**
 * Estimates the conditional mutual information I(X; Y | Z) of continuous paired samples by the kNN method of
 * Frenzel & Pompe (2007, PRL 99, 204101), with a bootstrap standard error.
 *
 * Î = ψ(k) − ⟨ψ(n_xz) + ψ(n_yz) − ψ(n_z)⟩ (NPEET's `cmi`), where rᵢ is the max-norm distance from (x, y, z)ᵢ to its
 * k-th neighbour in the joint space and n_xz = #{j : ‖(x, z)ⱼ − (x, z)ᵢ‖∞ < rᵢ} counts the points strictly
 * inside the radius in the (x, z) subspace, **the point i itself included** (so n_xz = n_xz^FP + 1, Frenzel and
 * Pompe's ψ(n + 1)); n_yz and n_z likewise. NPEET counts ‖·‖ ≤ rᵢ − 10⁻¹⁵ to emulate the strict inequality;
 * this counts < rᵢ exactly, so the two agree unless a distance lies within 10⁻¹⁵ of rᵢ.
 * Not clamped: estimates of a small CMI can be slightly negative (`clampNegative: true` reports max(0, Î)).
 * Zero distances (ties) are handled as in {@link estimateMutualInformation}: kᵢ = z + 1 for a point with z ≥ k
 * duplicates, with ψ(kᵢ) in place of ψ(k). stdError from half-samples, as there.
 *
 * @param x - samples of X: numbers, rows or `{ data, shape }`.
 * @param y - samples of Y, paired.
 * @param z - samples of the conditioning variable Z, paired.
 * @example
 * ```ts
 * const x = [0, 1, 3, 6, 10, 15];
 * const y = [0, 2, 1, 5, 4, 9];
 * const z = [1, 0, 2, 2, 5, 4];
 * estimateConditionalMutualInformation(x, y, z, { k: 1 }).value; // 0.28888888888888875
 * ```
 * @throws {SurprisalError} `EMPTY`, `NAN`, `NOT_FINITE` (naming the sample), `SHAPE_MISMATCH` when the lengths
 *   differ, `OUT_OF_RANGE` for fewer than k + 1 samples, `INVALID_OPTION` for a method other than 'ksg' or an
 *   invalid k, base, bootstrap, ci or jitter.
 */
export function estimateConditionalMutualInformation(
  x: PointsInput,
  y: PointsInput,
  z: PointsInput,
  options: ConditionalMutualInformationOptions = {},
): MutualInformationEstimate {
  const fn = 'estimateConditionalMutualInformation';
  readKnnOptions(options, fn);
  checkMethod(options.method ?? 'ksg', fn, ['ksg']);
  const k = checkK(options.k ?? 3, fn);
  const unit = logOfBase(options.base);
  const b = checkBootstrap(options.bootstrap ?? 100, fn);
  const scheme = checkResampling(options.resampling ?? 'half', fn);
  const px = preprocess(readPoints(x, fn, 'x'), options, fn, 0);
  const py = preprocess(readPoints(y, fn, 'y'), options, fn, 1);
  const pz = preprocess(readPoints(z, fn, 'z'), options, fn, 2);
  checkSameLength(fn, [px.n, py.n, pz.n], ['x', 'y', 'z']);
  const n = px.n;
  if (n < k + 1) throw tooFew(fn, n, k);
  const value = cmiValue(px, py, pz, k);
  const reps = b
    ? {
        reps: resampleRows(n, b, options.seed ?? 0, scheme, (rows) =>
          rows.length < k + 1
            ? Number.NaN
            : cmiValue(pickRows(px, rows), pickRows(py, rows), pickRows(pz, rows), k),
        ),
        scheme,
        n,
      }
    : undefined;
  return result(value, unit, reps, options, fn, { method: 'ksg', n, k });
}
