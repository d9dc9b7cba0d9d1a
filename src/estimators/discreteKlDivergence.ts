/**
 * The discrete branch of {@link estimateKlDivergence}: samples of any values or `{ counts }`, the frequency
 * methods, delta-method or resampled standard errors, and the warnings that say why an estimate is infinite.
 * @module
 */
import { allocate } from '../core/allocate.js';
import { SurprisalError } from '../core/errors.js';
import { readOptions } from '../core/options.js';
import { multinomial } from '../random/multinomial.js';
import { createRng } from '../random/random.js';
import type { Seed } from '../random/seed.js';
import { type Category, encodeCategories, readCounts } from './counts.js';
import { type FrequencyMethod, frequencies, klOfFrequencies } from './discreteDivergence.js';
import { intervalFromNormal } from './estimate.js';
import type { KlDivergenceEstimate, KlSamplesInput } from './estimateKlDivergence.js';
import { attachResampling, drawRows, halfFactor, type Resampling, resampleSize } from './resample.js';

function encodeBoth(
  p: ArrayLike<Category>,
  q: ArrayLike<Category>,
  fn: string,
): { cp: Int32Array; cq: Int32Array; levels: number; values: Category[] } {
  // One alphabet for both samples.
  const index = new Map<Category, number>();
  const cp = encodeCategories(p, fn, 'samplesP', index);
  const cq = encodeCategories(q, fn, 'samplesQ', index);
  return { cp, cq, levels: index.size, values: [...index.keys()] };
}

/**
 * `resamples` estimates on resamples of P and Q drawn independently from one xoshiro128** stream (P's rows, then
 * Q's, each resample).
 */
export function resampleBoth(
  nP: number,
  nQ: number,
  resamples: number,
  seed: Seed,
  scheme: Resampling,
  fn: string,
  estimator: (rowsP: Int32Array, rowsQ: Int32Array) => number,
): Float64Array {
  const rng = createRng(seed);
  const rp = new Int32Array(resampleSize(nP, scheme));
  const rq = new Int32Array(resampleSize(nQ, scheme));
  const permP = Int32Array.from({ length: nP }, (_, i) => i);
  const permQ = Int32Array.from({ length: nQ }, (_, i) => i);
  const reps = allocate(Float64Array, resamples, fn, 'resamples');
  for (let r = 0; r < resamples; r++) {
    drawRows(rng, nP, scheme, rp, permP);
    drawRows(rng, nQ, scheme, rq, permQ);
    reps[r] = estimator(rp, rq);
  }
  return reps;
}

/**
 * The factor turning the spread of resampled estimates into a standard error: for half-samples of both samples,
 * each sample's share of the variance is scaled by its own r/d, ≈ 1 (exactly 1 for even sizes); their mean is used.
 */
export function factorOf(scheme: Resampling, nP: number, nQ: number): number {
  return scheme === 'half' ? Math.sqrt((halfFactor(nP) ** 2 + halfFactor(nQ) ** 2) / 2) : 1;
}

function countsOf(codes: Int32Array, levels: number, rows?: Int32Array): Float64Array {
  const out = new Float64Array(levels);
  if (rows) for (const r of rows) out[codes[r]]++;
  else for (const c of codes) out[c]++;
  return out;
}

export function isCounts(x: unknown): x is { counts: ArrayLike<number> } {
  return x !== null && typeof x === 'object' && !Array.isArray(x) && !ArrayBuffer.isView(x) && 'counts' in x;
}

/** The discrete data: the counts of P and Q on one alphabet, and a name for each bin. */
export interface DiscreteData {
  np: Float64Array;
  nq: Float64Array;
  label: (v: number) => string;
  /** Paired codes when the input was samples (resampled by rows), undefined for counts (multinomial). */
  codes?: { cp: Int32Array; cq: Int32Array; levels: number };
}

export function readDiscrete(p: KlSamplesInput, q: KlSamplesInput, fn: string): DiscreteData {
  if (isCounts(p) || isCounts(q)) {
    if (!isCounts(p) || !isCounts(q)) {
      throw new SurprisalError(
        'SHAPE_MISMATCH',
        `${fn}: give both samples as { counts } or neither; got ${isCounts(p) ? 'samplesP' : 'samplesQ'} as counts only`,
        { argument: isCounts(p) ? 'samplesQ' : 'samplesP' },
      );
    }
    readOptions(p, fn, ['counts'], 'samplesP');
    readOptions(q, fn, ['counts'], 'samplesQ');
    const np = readCounts(p.counts, fn, 'samplesP.counts');
    const nq = readCounts(q.counts, fn, 'samplesQ.counts');
    if (np.length !== nq.length) {
      throw new SurprisalError(
        'SHAPE_MISMATCH',
        `${fn}: the counts of P and Q must cover the same bins; got ${np.length} and ${nq.length} bins`,
        { argument: 'samplesQ', value: nq.length },
      );
    }
    return { np, nq, label: (v) => `bin ${v}` };
  }
  const { cp, cq, levels, values } = encodeBoth(p as ArrayLike<Category>, q as ArrayLike<Category>, fn);
  return {
    np: countsOf(cp, levels),
    nq: countsOf(cq, levels),
    label: (v) => `category ${typeof values[v] === 'string' ? `'${values[v]}'` : String(values[v])}`,
    codes: { cp, cq, levels },
  };
}

function total(y: Float64Array): number {
  let n = 0;
  for (const c of y) n += c;
  return n;
}

/** KL of the frequencies a method estimates from two count vectors, in nats, with its delta variance. */
function discreteKl(
  np: Float64Array,
  nq: Float64Array,
  method: FrequencyMethod,
  a: [number, number] | undefined,
) {
  const fp = frequencies(np, method, a?.[0]);
  const fq = frequencies(nq, method, a?.[1]);
  return { fp, fq, ...klOfFrequencies(fp, fq, np, nq) };
}

/** The estimate of a discrete method: value, delta or resampled stdError, warnings that say why. */
export function discreteEstimate(
  data: DiscreteData,
  method: FrequencyMethod,
  a: [number, number] | undefined,
  b: number,
  scheme: Resampling,
  seed: Seed,
  unit: number,
  confidence: number | undefined,
  fn: string,
): KlDivergenceEstimate {
  const { np, nq } = data;
  const n = total(np);
  const m = total(nq);
  const r = discreteKl(np, nq, method, a);
  const out: KlDivergenceEstimate = {
    value: r.value / unit,
    stdError: Math.sqrt(r.variance) / unit,
    method,
    n,
    m,
    replicates: 0,
    stdErrorMethod: 'delta',
    warnings: [],
  };
  if (method === 'shrink') out.lambda = [r.fp.lambda as number, r.fq.lambda as number];
  if (r.fp.pseudocount !== undefined) out.pseudocount = [r.fp.pseudocount, r.fq.pseudocount as number];
  if (r.infiniteAt >= 0) {
    let zeros = 0;
    for (let v = 0; v < np.length; v++) if (np[v] > 0 && r.fq.f[v] === 0) zeros++;
    const v = r.infiniteAt;
    const draws = np[v] === 1 ? '1 draw' : `${np[v]} draws`;
    out.warnings.push(
      `infinite: q has zero mass at ${data.label(v)} where p has ${draws}${zeros > 1 ? ` (and at ${zeros - 1} more)` : ''}; use method 'jeffreys' (Dirichlet pseudocounts) or 'shrink', or 'knn' for numeric samples`,
      'stdError is NaN: an infinite estimate has no standard error',
    );
    if (confidence !== undefined) out.ci = [Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY];
    return out;
  }
  if (method === 'plugin') {
    let seen = 0;
    let ratio = 0;
    for (let v = 0; v < np.length; v++) {
      if (np[v] === 0) continue;
      seen++;
      ratio += r.fp.f[v] / r.fq.f[v];
    }
    out.biasCorrected = (r.value - (seen - 1) / (2 * n) - (ratio - 1) / (2 * m)) / unit;
  }
  if (b === 0) {
    if (method === 'shrink') {
      out.stdError = Number.NaN;
      out.stdErrorMethod = 'none';
      out.warnings.push(
        "stdError is NaN: method 'shrink' has no delta-method standard error and resamples is 0",
      );
    }
    if (confidence !== undefined) {
      const [lo, hi] = intervalFromNormal(out.biasCorrected ?? out.value, out.stdError, confidence);
      out.ci = [Math.max(0, lo), Math.max(0, hi)]; // D ≥ 0
    }
    return out;
  }
  let reps: Float64Array;
  if (data.codes) {
    const { cp, cq, levels } = data.codes;
    reps = resampleBoth(cp.length, cq.length, b, seed, scheme, fn, (rp, rq) =>
      rp.length === 0 || rq.length === 0
        ? Number.NaN
        : discreteKl(countsOf(cp, levels, rp), countsOf(cq, levels, rq), method, a).value,
    );
  } else {
    if (scheme !== 'bootstrap') {
      throw new SurprisalError(
        'INVALID_OPTION',
        `${fn}: { counts } are resampled by the multinomial bootstrap; resampling must be 'bootstrap', got '${scheme}'`,
        { argument: 'resampling', value: scheme },
      );
    }
    const rng = createRng(seed);
    reps = allocate(Float64Array, b, fn, 'resamples');
    const zp = new Float64Array(np.length);
    const zq = new Float64Array(nq.length);
    for (let i = 0; i < b; i++) {
      multinomial(rng, n, np, zp);
      multinomial(rng, m, nq, zq);
      reps[i] = discreteKl(zp, zq, method, a).value;
    }
  }
  let infinite = 0;
  for (const x of reps) if (!Number.isFinite(x)) infinite++;
  const factor = data.codes ? factorOf(scheme, data.codes.cp.length, data.codes.cq.length) : 1;
  attachResampling(out, { reps, scheme }, r.value, unit, factor, confidence, fn);
  if (Number.isNaN(out.stdError)) {
    out.warnings.push(
      `stdError is NaN: only ${out.replicates} of the ${b} resampled estimates were finite (at least 2 are needed)`,
    );
  }
  if (infinite > 0) {
    out.warnings.push(
      `${infinite} of the ${b} resampled estimates were infinite (a value of P missing from the resample of Q) and were left out; the standard error understates the uncertainty`,
    );
  }
  return out;
}
