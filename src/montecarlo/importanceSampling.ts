import { allocate, checkAllocatable } from '../core/allocate.js';
import { SurprisalError } from '../core/errors.js';
import { logSumExp } from '../core/logSumExp.js';
import { describe, readBooleanOption, readOptions } from '../core/options.js';
import type { AnyDistribution } from '../distributions/family.js';
import type { Seed } from '../random/seed.js';
import { ndtri } from '../special/index.js';
import { effectiveSampleSize } from './effectiveSampleSize.js';
import { paretoTail, tailLengthOf } from './psis.js';
import { readDistribution, readFunction, readNumber, readSamples, rngOf } from './readArguments.js';

/** A point drawn from a proposal: a number, or a Float64Array row for multivariate proposals. */
export type Point = number | Float64Array;

/** Options of {@link importanceSampling}. */
export interface ImportanceSamplingOptions {
  /** log p(x) of the target, up to a constant when `selfNormalize` is true. */
  logTarget: (x: Point) => number;
  /** The proposal q: any distribution of the library (it supplies `sample` and `logProb`). */
  proposal: AnyDistribution;
  /** The integrand; default f(x) = 1 (then the estimate is Σw/S, the normalising constant). */
  f?: (x: Point) => number;
  /** Number of draws S, an integer in [2, 2³²]. Default 10 000. */
  samples?: number;
  /** Seed of the draws: an integer in [0, 2⁵³) or a bigint in [0, 2⁶⁴) (as {@link createRng}). Default 0. */
  seed?: Seed;
  /** Self-normalised IS Σ w̃ f for targets known up to a constant. Default false. */
  selfNormalize?: boolean;
  /** Confidence level of `ci`, in (0, 1); omitted, no interval is returned. */
  confidence?: number;
}

/** Result of {@link importanceSampling}. */
export interface ImportanceSamplingResult {
  /** The estimate μ̂ (or μ̃, self-normalised). */
  value: number;
  /** log of |value| (finite even where the value underflows, e.g. weights of e^{−1000}). */
  logValue: number;
  /** Its standard error. */
  stdError: number;
  /** stdError / |value| (computed before scaling, so finite where both underflow); +Infinity when the value is 0. */
  relativeError: number;
  /** Normal-approximation interval value ± z·stdError at `confidence` (only when `confidence` is given). */
  ci?: [number, number];
  /** Kish effective sample size of the weights. */
  ess: number;
  /** Pareto k̂: of the weights, and of w·f (both signs) when f is given, whichever is larger (as loo::E_loo). */
  khat: number;
  /** log w = log p − log q of each draw. */
  logWeights: Float64Array;
  /** The draws. */
  samples: number;
}

/**
 * k̂ of the upper tail of log values (−Infinity entries allowed), with PSIS's tail length: −Infinity when all
 * values are equal (plain Monte Carlo: no tail at all), +Infinity when fewer than 10 are non-zero. @internal
 */
export function khatOf(lv: Float64Array): number {
  const finite = lv.filter((v) => v > Number.NEGATIVE_INFINITY);
  if (finite.length < 10) return Number.POSITIVE_INFINITY;
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const v of finite) {
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  if (hi - lo <= 1e-12 * Math.max(1, Math.abs(hi))) return Number.NEGATIVE_INFINITY;
  return paretoTail(finite, tailLengthOf(finite.length, 1)).k;
}

/**
 * Mean, standard error and relative error of exp(lv)·sign, computed relative to the largest term, so that
 * the relative error stays finite where the mean itself underflows (weights of e^{−1000}). @internal
 */
export function meanInLogSpace(
  lv: Float64Array,
  sign: Int8Array | undefined,
): { mean: number; logAbs: number; se: number; relativeError: number } {
  const n = lv.length;
  let m = Number.NEGATIVE_INFINITY;
  for (const v of lv) if (v > m) m = v;
  if (m === Number.NEGATIVE_INFINITY) {
    return { mean: 0, logAbs: Number.NEGATIVE_INFINITY, se: 0, relativeError: Number.POSITIVE_INFINITY };
  }
  let s = 0;
  for (let i = 0; i < n; i++) s += (sign ? sign[i] : 1) * Math.exp(lv[i] - m);
  const mu = s / n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += ((sign ? sign[i] : 1) * Math.exp(lv[i] - m) - mu) ** 2;
  const scale = Math.exp(m);
  const se = n > 1 ? Math.sqrt(ss / (n - 1) / n) : 0;
  return {
    mean: mu * scale,
    logAbs: Math.log(Math.abs(mu)) + m,
    se: se * scale,
    relativeError: mu !== 0 ? se / Math.abs(mu) : Number.POSITIVE_INFINITY,
  };
}

const OPTION_KEYS = ['logTarget', 'proposal', 'f', 'samples', 'seed', 'selfNormalize', 'confidence'] as const;

/** A value returned by a user's function at draw i: a number, NaN refused (naming the draw). */
function numberFrom(v: unknown, name: string, i: number, x: Point, fn: string): number {
  if (typeof v === 'number' && !Number.isNaN(v)) return v;
  const what = typeof v === 'number' ? 'NaN' : `${describe(v)}, not a number`;
  throw new SurprisalError(
    typeof v === 'number' ? 'NAN' : 'INVALID_OPTION',
    `${fn}: ${name} returned ${what} at draw ${i} (x = ${String(x)})`,
    { argument: name === 'proposal.logProb' ? 'proposal' : name, index: i, value: x },
  );
}

/**
 * Importance sampling: μ = E_p[f(X)] from draws of a proposal q, with weights w = p/q kept in log space.
 *
 * - Plain IS (target normalised): μ̂ = (1/S) Σ wᵢ f(xᵢ), standard error sd(w f)/√S.
 * - Self-normalised IS (`selfNormalize`, target known up to a constant): μ̃ = Σ w̃ᵢ f(xᵢ), w̃ = w/Σw, with the
 *   delta-method standard error √(Σ w̃ᵢ² (fᵢ − μ̃)²) (Owen, Monte Carlo theory, eq. 9.8; loo's MCSE). For rare
 *   events keep plain IS: self-normalising biases small probabilities.
 *
 * Returned as `{ value, stdError, ci?, ... }` (`ci` with `{ confidence: 0.95 }`), with the Kish ESS of the
 * weights and the Pareto k̂ `khat` (of w, and of w·f when f is given, as `loo::E_loo`), which says whether the
 * estimate can be trusted (see {@link paretoDiagnostics}). k̂, the ESS and the self-normalised estimate do not change when a constant is
 * added to `logTarget` (an unnormalised log density of ±1000 is fine): weights are exponentiated only relative
 * to the largest. Draws where the target density is 0 (`logTarget` −Infinity) get weight 0; a single draw of
 * non-zero weight gives ESS 1, k̂ = +Infinity (no tail to fit) and, self-normalised, μ̃ = f at that draw with
 * standard error 0. `relativeError` is +Infinity when the value is 0.
 *
 * @example
 * ```ts
 * // P(Z > 3) under N(0, 1), sampling from N(3, 1)
 * const r = importanceSampling({
 *   logTarget: (x) => new Normal(0, 1).logProb(x as number),
 *   proposal: new Normal(3, 1),
 *   f: (x) => ((x as number) > 3 ? 1 : 0),
 *   samples: 100000,
 *   seed: 1,
 * });
 * Math.abs(r.value - 0.0013498980316300946) < 4 * r.stdError; // true
 * ```
 * @throws {SurprisalError} `INVALID_OPTION` for options that are not an object, an unknown option, a logTarget
 *   or f that is not a function (or returns something other than a number, naming the draw), a proposal that
 *   is not a distribution, samples not an integer ≥ 2, a bad seed, a selfNormalize that is not a boolean or a
 *   confidence outside (0, 1); `TOO_LARGE` for samples past 2³²; `NAN` when logTarget, the proposal's log density
 *   or f returns NaN (naming the draw); `NOT_FINITE` for a +Infinity log weight or an infinite f;
 *   `NOT_NORMALIZED` when every draw has weight 0 (the target density is 0 wherever the proposal sampled).
 */
export function importanceSampling(options: ImportanceSamplingOptions): ImportanceSamplingResult {
  const fn = 'importanceSampling';
  if (options === undefined) {
    throw new SurprisalError(
      'INVALID_OPTION',
      `${fn}: options { logTarget, proposal, ... } are required; got undefined`,
      { argument: 'options', value: options },
    );
  }
  const o = readOptions(options, fn, OPTION_KEYS);
  const logTarget = readFunction(o.logTarget, 'logTarget', fn);
  const q = readDistribution(o.proposal, 'proposal', fn);
  const f = o.f === undefined ? undefined : readFunction(o.f, 'f', fn);
  const n = readSamples(o.samples, 10000, 2, fn);
  const selfNormalize = readBooleanOption(o.selfNormalize, false, 'selfNormalize', fn);
  const confidence =
    o.confidence === undefined
      ? undefined
      : readNumber(o.confidence, undefined, (v) => v > 0 && v < 1, 'a number in (0, 1)', 'confidence', fn);
  const rng = rngOf(o.seed, fn);
  const multivariate = 'dim' in q;
  if (multivariate) checkAllocatable(n * q.dim, fn, 'samples × proposal.dim');
  // Allocate before sampling: a size the machine cannot hold fails here, as TOO_LARGE.
  const lw = allocate(Float64Array, n, fn, 'samples');
  const lf = allocate(Float64Array, n, fn, 'samples');
  const fv = allocate(Float64Array, n, fn, 'samples');
  const sign = allocate(Int8Array, n, fn, 'samples');
  const points: Point[] = [];
  if (multivariate) {
    const data = (q.sample(rng, n) as { data?: unknown } | null)?.data as Float64Array | undefined;
    if (!(data instanceof Float64Array) || data.length !== n * q.dim) {
      throw new SurprisalError(
        'SHAPE_MISMATCH',
        `${fn}: proposal.sample(rng, ${n}) returned ${describe(data)} as data, not ${n} draws of dimension ${q.dim}`,
        { argument: 'proposal', value: data },
      );
    }
    for (let i = 0; i < n; i++) points.push(data.slice(i * q.dim, (i + 1) * q.dim));
  } else {
    const xs = q.sample(rng, n);
    if (xs === null || typeof xs !== 'object' || xs.length !== n) {
      throw new SurprisalError(
        'SHAPE_MISMATCH',
        `${fn}: proposal.sample(rng, ${n}) returned ${describe(xs)}, not ${n} draws`,
        { argument: 'proposal', value: xs },
      );
    }
    for (let i = 0; i < n; i++) points.push(xs[i]);
  }
  let anyWeight = false;
  for (let i = 0; i < n; i++) {
    const x = points[i];
    const lp = numberFrom(logTarget(x), 'logTarget', i, x, fn);
    const lq = numberFrom(
      multivariate ? q.logProb(x as Float64Array) : q.logProb(x as number),
      'proposal.logProb',
      i,
      x,
      fn,
    );
    if (lp === Number.POSITIVE_INFINITY || lq === Number.NEGATIVE_INFINITY) {
      throw new SurprisalError(
        'NOT_FINITE',
        `${fn}: log weight at draw ${i} is +Infinity (target density infinite or proposal density 0)`,
        {
          argument: 'logTarget',
          index: i,
          value: x,
        },
      );
    }
    // lq = +Infinity (an atom of the proposal) gives weight 0, as lp = −Infinity does.
    lw[i] = lq === Number.POSITIVE_INFINITY ? Number.NEGATIVE_INFINITY : lp - lq;
    if (lw[i] > Number.NEGATIVE_INFINITY) anyWeight = true;
    const fx = f ? numberFrom(f(x), 'f', i, x, fn) : 1;
    if (!Number.isFinite(fx)) {
      throw new SurprisalError('NOT_FINITE', `${fn}: f returned ${fx} at draw ${i} (x = ${String(x)})`, {
        argument: 'f',
        index: i,
        value: x,
      });
    }
    fv[i] = fx;
    sign[i] = fx > 0 ? 1 : fx < 0 ? -1 : 0;
    lf[i] = fx === 0 ? Number.NEGATIVE_INFINITY : lw[i] + Math.log(Math.abs(fx));
  }
  if (!anyWeight) {
    throw new SurprisalError(
      'NOT_NORMALIZED',
      `${fn}: every one of the ${n} draws has weight 0 (logTarget is -Infinity wherever the proposal sampled); the proposal misses the target`,
      { argument: 'logTarget' },
    );
  }
  let value: number;
  let logValue: number;
  let stdError: number;
  let relativeError: number;
  if (selfNormalize) {
    // Normalised weights w̃ = exp(lw − LSE(lw)): invariant to a constant in logTarget, and never 0/0.
    const lse = logSumExp(lw);
    let mu = 0;
    for (let i = 0; i < n; i++) if (sign[i] !== 0) mu += Math.exp(lw[i] - lse) * fv[i];
    let v = 0;
    for (let i = 0; i < n; i++) {
      if (lw[i] > Number.NEGATIVE_INFINITY) v += Math.exp(2 * (lw[i] - lse)) * (fv[i] - mu) ** 2;
    }
    value = mu;
    logValue = Math.log(Math.abs(mu));
    stdError = Math.sqrt(v);
    relativeError = mu !== 0 ? stdError / Math.abs(mu) : Number.POSITIVE_INFINITY;
  } else {
    const r = meanInLogSpace(lf, sign);
    value = r.mean;
    logValue = r.logAbs;
    stdError = r.se;
    relativeError = r.relativeError;
  }
  let khat = khatOf(lw);
  if (f) {
    const pos = lf.map((v, i) => (sign[i] > 0 ? v : Number.NEGATIVE_INFINITY));
    const neg = lf.map((v, i) => (sign[i] < 0 ? v : Number.NEGATIVE_INFINITY));
    for (const part of [pos, neg])
      if (part.some((v) => v > Number.NEGATIVE_INFINITY)) khat = Math.max(khat, khatOf(part));
  }
  const z = confidence === undefined ? undefined : ndtri(0.5 + confidence / 2);
  return {
    value,
    logValue,
    stdError,
    relativeError,
    ...(z === undefined ? {} : { ci: [value - z * stdError, value + z * stdError] as [number, number] }),
    ess: effectiveSampleSize(lw),
    khat,
    logWeights: lw,
    samples: n,
  };
}
