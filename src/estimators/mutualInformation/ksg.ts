/**
 * Mutual information of continuous samples by k nearest neighbours (max-norm throughout): KSG algorithms 1 and 2,
 * Ross for discrete-with-continuous data, and conditional mutual information (Frenzel–Pompe).
 * @module
 */
import { SurprisalError } from '../../core/errors.js';
import { readIntegerOption } from '../../core/options.js';
import { Accumulator } from '../../core/sum.js';
import { availableCores } from '../../core/workerGroup.js';
import { digamma } from '../../special/digamma.js';
import { treeOf } from '../knn/kdTree.js';
import { ksgCounts, ksgWork } from '../knn/ksgCounts.js';
import { ksgCountsThreaded } from '../knn/ksgThreads.js';
import { buildKthTree, kthDistances } from '../knn/kth.js';
import { sortLine } from '../knn/marginal.js';
import { forEachNeighbourhood } from '../knn/neighbourhoods.js';
import {
  identicalRows,
  joinColumns,
  type Points,
  type PointsInput,
  pickRows,
  readPoints,
} from '../knn/points.js';
import { handleTies } from '../knn/ties.js';
import { checkSameLength, encodeSamples, type SamplesInput } from '../samples.js';
import {
  type KnnMutualInformationOptions,
  type MutualInformationEstimate,
  preprocess,
  type Resampler,
  result,
} from './options.js';

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

/**
 * KSG in nats. Algorithm 1 (Kraskov, Stögbauer & Grassberger 2004, eq. 8): ψ(N) + ⟨ψ(kᵢ) − ψ(nₓ + 1) −
 * ψ(n_y + 1)⟩, nₓ = #{j ≠ i : ‖xⱼ − xᵢ‖ < rᵢ}. Algorithm 2 (eq. 9): ψ(N) + ⟨ψ(kᵢ) − 1/kᵢ − ψ(nₓ) − ψ(n_y)⟩,
 * nₓ = #{j ≠ i : ‖xⱼ − xᵢ‖ ≤ εₓ(i)}, εₓ(i) the largest x-distance among the kᵢ joint neighbours.
 */
function ksgValue(x: Points, y: Points, k: number, algorithm: 1 | 2, atoms = false, threads = 1): number {
  if (algorithm === 1) {
    const order = distinctOrder(x, y);
    if (order) return ksgDistinct(x, y, k, order, threads);
  }
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
    if (atoms && groups.size[g] > k) {
      // The k-th neighbour distance is 0 (Gao et al. 2017): counts of the points equal to i, i included.
      const mx = 1 + tx.countWithin(i, 0, true);
      const my = 1 + ty.countWithin(i, 0, true);
      term = psi.at(groups.size[g]) - psi.at(mx) - psi.at(my);
    } else if (algorithm === 1) {
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

/** nₓ of every point: #{j ≠ i : ‖xⱼ − xᵢ‖ < rᵢ}, by the k-d tree. */
function marginalCounts(p: Points, radius: Float64Array): Int32Array {
  const out = new Int32Array(p.n);
  const tree = treeOf(p);
  for (let i = 0; i < p.n; i++) out[i] = tree.countWithin(i, radius[i], false);
  return out;
}

/**
 * The order in which {@link ksgValue} sums the terms (its groups of identical joint rows, in the lexicographic
 * order of the rows) when no two joint rows are identical; undefined when some are.
 */
function distinctOrder(x: Points, y: Points): Int32Array | undefined {
  if (x.d === 1) {
    // x without ties: every row is distinct, and the rows sort as x does.
    const { v, perm } = sortLine(x);
    let tied = false;
    for (let p = 1; p < v.length && !tied; p++) tied = v[p] === v[p - 1];
    if (!tied) return perm;
  }
  const groups = identicalRows(joinColumns(x, y));
  return groups.count === x.n ? groups.first : undefined;
}

/**
 * KSG algorithm 1 when no two joint rows are identical (so kᵢ = k for every point): the k-th distances from the
 * flat max-norm tree, the marginal counts by galloping (on `threads` threads for one-dimensional x and y), and
 * the terms summed in the order of `order` as the general route sums them: the same value, bit for bit.
 */
function ksgDistinct(x: Points, y: Points, k: number, order: Int32Array, threads: number): number {
  const n = x.n;
  let nx: Int32Array;
  let ny: Int32Array;
  if (x.d === 1 && y.d === 1) {
    const lx = sortLine(x);
    const ly = sortLine(y);
    const threaded = ksgCountsThreaded(x, y, lx, ly, k, threads);
    const w = threaded ?? ksgWork(x, y, lx, ly, k);
    if (!threaded) ksgCounts(w, 0, n);
    nx = w.nx;
    ny = w.ny;
  } else {
    const radius = new Float64Array(n);
    kthDistances(buildKthTree([x, y]), k, 0, n, radius);
    nx = marginalCounts(x, radius);
    ny = marginalCounts(y, radius);
  }
  const psi = new DigammaTable(n + 1);
  const acc = new Accumulator();
  for (let g = 0; g < n; g++) {
    const i = order[g];
    acc.add(1 * (psi.at(k) - psi.at(nx[i] + 1) - psi.at(ny[i] + 1)));
  }
  return psi.at(n) + acc.value() / n;
}

/**
 * Ross (2014) in nats, as scikit-learn's `_compute_mi_cd`: labels seen once are dropped (N′ points remain);
 * label ℓ uses k_ℓ = min(k, N_ℓ − 1); rᵢ is the k_ℓ-th neighbour distance among the points of xᵢ's label and
 * mᵢ = #{j : ‖yⱼ − yᵢ‖ < rᵢ} over all N′ points, i included. ψ(N′) + ⟨ψ(kᵢ) − ψ(N_ℓ) − ψ(mᵢ)⟩.
 * NaN when every label occurs once.
 */
function rossValue(codes: Int32Array, levels: number, y: Points, k: number, atoms = false): number {
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
      if (atoms && groups.size[g] > kl) {
        // Zero k-th neighbour distance (Gao et al. 2017): the points of this label equal to i, i included.
        const m = 1 + tAll.countWithin(local[i], 0, true);
        acc.add(groups.size[g] * (psi.at(groups.size[g]) - psiCount - psi.at(m)));
        return;
      }
      const m = 1 + tAll.countWithin(local[i], r, zero);
      acc.add(groups.size[g] * (psi.at(ki) - psiCount - psi.at(m)));
    });
  }
  return psi.at(nk) + acc.value() / nk;
}

/**
 * Frenzel & Pompe (2007) in nats, in NPEET's form: ⟨ψ(kᵢ) − ψ(n_xz) − ψ(n_yz) + ψ(n_z)⟩ with rᵢ the kᵢ-th
 * neighbour distance in the joint (x, y, z) space and n_xz = #{j : ‖(x, z)ⱼ − (x, z)ᵢ‖ < rᵢ}, i included.
 */
function cmiValue(x: Points, y: Points, z: Points, k: number, atoms = false): number {
  const n = x.n;
  const joint = joinColumns(x, y, z);
  const groups = identicalRows(joint);
  const txz = treeOf(joinColumns(x, z));
  const tyz = treeOf(joinColumns(y, z));
  const tz = treeOf(z);
  const psi = new DigammaTable(n + 1);
  const acc = new Accumulator();
  forEachNeighbourhood(groups, treeOf(joint), k, (g, i, ki, r, zero) => {
    if (atoms && groups.size[g] > k) {
      // Zero k-th neighbour distance (Gao et al. 2017): counts of the points equal to i, i included.
      const at0 = (t: typeof tz) => psi.at(1 + t.countWithin(i, 0, true));
      acc.add(groups.size[g] * (psi.at(groups.size[g]) - at0(txz) - at0(tyz) + at0(tz)));
      return;
    }
    const nxz = 1 + txz.countWithin(i, r, zero);
    const nyz = 1 + tyz.countWithin(i, r, zero);
    const nz = 1 + tz.countWithin(i, r, zero);
    acc.add(groups.size[g] * (psi.at(ki) - psi.at(nxz) - psi.at(nyz) + psi.at(nz)));
  });
  return acc.value() / n;
}

/** The error for fewer than k + 1 samples. */
function tooFew(fn: string, n: number, k: number): SurprisalError {
  return new SurprisalError('OUT_OF_RANGE', `${fn}: k = ${k} needs at least ${k + 1} samples; got ${n}`, {
    argument: 'x',
    value: n,
  });
}

/** Applies `options.ties` to continuous samples (stream: 0 for x, 1 for y, 2 for z), collecting warnings. */
function tied(
  p: Points,
  options: KnnMutualInformationOptions,
  stream: number,
  name: string,
  warnings: string[],
): Points {
  return handleTies(p, options.ties ?? 'dequantize', options.seed ?? 0, stream, name, warnings);
}

/**
 * The Ross / mixed-pair estimate (discrete x, continuous y) of I(X; Y) in the given unit: Gao et al.'s
 * estimator with the discrete variable under the 0/∞ metric, which is Ross's when y has no ties. @internal
 */
export function rossEstimate(
  x: SamplesInput,
  y: SamplesInput,
  k: number,
  options: KnnMutualInformationOptions,
  fn: string,
  unit: number,
  resample: Resampler,
  warnings: string[] = [],
): MutualInformationEstimate {
  const ex = encodeSamples(x, fn, 'x');
  const py = tied(
    preprocess(readPoints(y as PointsInput, fn, 'y'), options, fn, 1),
    options,
    1,
    'y',
    warnings,
  );
  const atoms = options.ties === 'atoms';
  const n = py.n;
  const value = rossValue(ex.codes, ex.levels, py, k, atoms);
  if (Number.isNaN(value)) {
    throw new SurprisalError(
      'OUT_OF_RANGE',
      `${fn}: ross needs a label of x seen at least twice; all are unique`,
      {
        argument: 'x',
      },
    );
  }
  const count = new Int32Array(ex.levels);
  for (const c of ex.codes) count[c]++;
  let once = 0;
  for (const c of count) if (c === 1) once++;
  if (once > 0) {
    warnings.push(
      `${once} point${once === 1 ? '' : 's'} whose value of x is seen once ${once === 1 ? 'was' : 'were'} left out (a label needs a neighbour of its own; as scikit-learn)`,
    );
  }
  const reps = resample(n, (rows) => {
    const codes = new Int32Array(rows.length);
    for (let i = 0; i < rows.length; i++) codes[i] = ex.codes[rows[i]];
    return rossValue(codes, ex.levels, pickRows(py, rows), k, atoms);
  });
  return result(value, unit, reps, options, fn, { method: 'ross', n, k, warnings });
}

/** The KSG estimate (algorithm 1 for `'ksg'`, 2 for `'ksg2'`) of I(X; Y) in the given unit. @internal */
export function ksgEstimate(
  x: SamplesInput,
  y: SamplesInput,
  k: number,
  method: 'ksg' | 'ksg2',
  options: KnnMutualInformationOptions,
  fn: string,
  unit: number,
  resample: Resampler,
  warnings: string[] = [],
): MutualInformationEstimate {
  const px = tied(
    preprocess(readPoints(x as PointsInput, fn, 'x'), options, fn, 0),
    options,
    0,
    'x',
    warnings,
  );
  const py = tied(
    preprocess(readPoints(y as PointsInput, fn, 'y'), options, fn, 1),
    options,
    1,
    'y',
    warnings,
  );
  const n = px.n;
  if (n < k + 1) throw tooFew(fn, n, k);
  const algorithm = method === 'ksg' ? 1 : 2;
  const atoms = options.ties === 'atoms';
  const threads = Math.min(readIntegerOption(options.threads, 1, 1, 256, 'threads', fn), availableCores());
  const value = ksgValue(px, py, k, algorithm, atoms, threads);
  const reps = resample(n, (rows) =>
    rows.length < k + 1
      ? Number.NaN
      : ksgValue(pickRows(px, rows), pickRows(py, rows), k, algorithm, atoms, threads),
  );
  return result(value, unit, reps, options, fn, { method, n, k, warnings });
}

/** The Frenzel–Pompe estimate of I(X; Y | Z) in the given unit. @internal */
export function cmiEstimate(
  x: PointsInput,
  y: PointsInput,
  z: PointsInput,
  k: number,
  options: KnnMutualInformationOptions,
  fn: string,
  unit: number,
  resample: Resampler,
  warnings: string[] = [],
): MutualInformationEstimate {
  const px0 = preprocess(readPoints(x, fn, 'x'), options, fn, 0);
  const py0 = preprocess(readPoints(y, fn, 'y'), options, fn, 1);
  const pz0 = preprocess(readPoints(z, fn, 'z'), options, fn, 2);
  checkSameLength(fn, [px0.n, py0.n, pz0.n], ['x', 'y', 'z']);
  const n = px0.n;
  if (n < k + 1) throw tooFew(fn, n, k);
  const px = tied(px0, options, 0, 'x', warnings);
  const py = tied(py0, options, 1, 'y', warnings);
  const pz = tied(pz0, options, 2, 'z', warnings);
  const atoms = options.ties === 'atoms';
  const value = cmiValue(px, py, pz, k, atoms);
  const reps = resample(n, (rows) =>
    rows.length < k + 1
      ? Number.NaN
      : cmiValue(pickRows(px, rows), pickRows(py, rows), pickRows(pz, rows), k, atoms),
  );
  return result(value, unit, reps, options, fn, { method: 'ksg', n, k, warnings });
}
