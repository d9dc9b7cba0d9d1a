import { allocate, checkAllocatable } from '../core/allocate.js';
import { SurprisalError } from '../core/errors.js';
import { logSumExp } from '../core/logSumExp.js';
import { describe, readBooleanOption, readIntegerOption, readOptions } from '../core/options.js';
import { Exponential } from '../distributions/Exponential.js';
import type { UnivariateDistribution } from '../distributions/family.js';
import { Gamma } from '../distributions/Gamma.js';
import { Normal } from '../distributions/Normal.js';
import type { Rng } from '../random/random.js';
import type { Seed } from '../random/seed.js';
import { effectiveSampleSize } from './effectiveSampleSize.js';
import { khatOf, meanInLogSpace } from './importanceSampling.js';
import {
  readArrayLength,
  readDistribution,
  readFunction,
  readNumber,
  readSamples,
  rngOf,
} from './readArguments.js';

/** Options of {@link crossEntropyMethod}. */
export interface CrossEntropyMethodOptions {
  /**
   * The nominal distribution of each independent component of X. `Exponential` and `Normal` components are
   * refitted at each level by weighted maximum likelihood within their family, `Gamma` components in their
   * rate (at fixed shape); any other library distribution is kept as it is (sampled from its nominal law,
   * contributing no likelihood ratio).
   */
  nominal: UnivariateDistribution[];
  /** The score S(x) whose upper tail is the event {S(X) ≥ threshold}. */
  score: (x: Float64Array) => number;
  /** The threshold γ of the rare event {S(X) ≥ γ}, a finite number. */
  threshold: number;
  /** Elite fraction ρ per level. Default 0.1. */
  rho?: number;
  /** Draws per level, an integer in [10, 2³²]. Default 1000. */
  samples?: number;
  /** Fresh draws for the final estimate, an integer in [10, 2³²]. Default 100 000. */
  finalSamples?: number;
  /** Seed of the draws: an integer in [0, 2⁵³) or a bigint in [0, 2⁶⁴). Default 0. */
  seed?: Seed;
  /** Give up after this many levels, an integer in [1, 10⁴]. Default 50. */
  maxLevels?: number;
  /**
   * Refit the scale of Normal components (default true). With one component and a distant level the elite
   * variance collapses geometrically and the levels stall short of γ; `false` keeps the nominal scale and
   * moves only the mean, which for a Gaussian is the optimal exponential tilt.
   */
  fitScale?: boolean;
}

/** Result of {@link crossEntropyMethod}. */
export interface CrossEntropyMethodResult {
  /** ℓ̂ = (1/N₁) Σ 1{S(Xᵢ) ≥ γ} W(Xᵢ), Xᵢ from the final proposal. */
  value: number;
  /** Its standard error. */
  stdError: number;
  /** stdError / value, computed in log space (finite where the value underflows); +Infinity with no hit. */
  relativeError: number;
  /** The intermediate levels γ₁ < γ₂ < ... = γ (the threshold) reached. */
  levels: number[];
  /** The final proposal, one distribution per component. */
  proposal: UnivariateDistribution[];
  /** Kish ESS of the final weights. */
  ess: number;
  /** Pareto k̂ of the final weights on the event. */
  khat: number;
}

function refit(
  d: UnivariateDistribution,
  xs: Float64Array,
  w: Float64Array,
  fitScale: boolean,
): UnivariateDistribution {
  let sw = 0;
  let m = 0;
  for (let i = 0; i < xs.length; i++) {
    sw += w[i];
    m += w[i] * xs[i];
  }
  m /= sw;
  if (d instanceof Exponential) return new Exponential(1 / m);
  // Gamma: the weighted ML rate at fixed shape (the shape's update has no closed form).
  if (d instanceof Gamma) return new Gamma(d.concentration, d.concentration / m);
  if (d instanceof Normal) {
    if (!fitScale) return new Normal(m, d.scale);
    let v = 0;
    for (let i = 0; i < xs.length; i++) v += w[i] * (xs[i] - m) ** 2;
    return new Normal(m, Math.sqrt(v / sw) || d.scale);
  }
  return d;
}

function draw(proposal: UnivariateDistribution[], nominal: UnivariateDistribution[], rng: Rng, n: number) {
  const d = proposal.length;
  const xs = allocate(Float64Array, n * d, 'crossEntropyMethod', 'samples');
  const lw = allocate(Float64Array, n, 'crossEntropyMethod', 'samples');
  for (let j = 0; j < d; j++) {
    const col = proposal[j].sample(rng, n);
    const same = proposal[j] === nominal[j];
    for (let i = 0; i < n; i++) {
      xs[i * d + j] = col[i];
      if (!same) lw[i] += nominal[j].logProb(col[i]) - proposal[j].logProb(col[i]);
    }
  }
  return { xs, lw };
}

function scores(
  xs: Float64Array,
  d: number,
  n: number,
  score: (x: Float64Array) => number,
  fn: string,
): Float64Array {
  const s = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const row = xs.subarray(i * d, (i + 1) * d);
    const v = score(row);
    if (typeof v !== 'number' || Number.isNaN(v)) {
      throw new SurprisalError(
        typeof v === 'number' ? 'NAN' : 'INVALID_OPTION',
        `${fn}: score returned ${typeof v === 'number' ? 'NaN' : `${describe(v)}, not a number,`} at draw ${i} (x = [${Array.from(row).join(', ')}])`,
        {
          argument: 'score',
          index: i,
          value: Array.from(row),
        },
      );
    }
    s[i] = v;
  }
  return s;
}

/**
 * The multilevel cross-entropy method for a rare-event probability ℓ = P(S(X) ≥ γ), γ the `threshold`
 * (Rubinstein 1997; de Boer, Kroese, Mannor & Rubinstein 2005, Algorithm 2.1): at each level draw N points
 * from the current proposal, set γₜ = min(γ, the (1 − ρ) sample quantile of S), and refit the proposal to the
 * elite draws weighted by the likelihood ratio W = f(x; u)/f(x; vₜ₋₁) — for Exponential and Normal components
 * the weighted maximum-likelihood update is in closed form (the weighted mean; and variance). Once γₜ = γ, N₁
 * fresh draws give ℓ̂ = mean(1{S ≥ γ}·W) as `value`, with its standard error, Kish ESS and Pareto k̂. Likelihood
 * ratios stay in log space.
 *
 * @example
 * ```ts
 * // The five-edge bridge network: shortest path ≥ 2 with exponential edge lengths (exact 1.3424597497706758e-5)
 * const means = [0.25, 0.4, 0.1, 0.3, 0.2];
 * const r = crossEntropyMethod({
 *   nominal: means.map((m) => new Exponential(1 / m)),
 *   score: (x) => Math.min(x[0] + x[3], x[0] + x[2] + x[4], x[1] + x[4], x[1] + x[2] + x[3]),
 *   threshold: 2,
 *   seed: 1,
 * });
 * Math.abs(r.value - 1.3424597497706758e-5) < 3 * r.stdError; // true
 * ```
 * @throws {SurprisalError} `NAN` when the score returns NaN (naming the draw), `INVALID_OPTION` for options that
 *   are not an object, an unknown option, a ρ outside (0, 1), sample counts that are not integers ≥ 10, a bad
 *   seed, maxLevels or fitScale, a nominal that is not a non-empty array of distributions, a score that is not
 *   a function (or returns something other than a number), a threshold that is not a finite number;
 *   `TOO_LARGE` for sample counts past 2³²; `NOT_CONVERGED` when the threshold is not reached within maxLevels.
 */
export function crossEntropyMethod(options: CrossEntropyMethodOptions): CrossEntropyMethodResult {
  const fn = 'crossEntropyMethod';
  if (options === undefined) {
    throw new SurprisalError(
      'INVALID_OPTION',
      `${fn}: options { nominal, score, threshold, ... } are required; got undefined`,
      { argument: 'options', value: options },
    );
  }
  const o = readOptions(options, fn, [
    'nominal',
    'score',
    'threshold',
    'rho',
    'samples',
    'finalSamples',
    'seed',
    'maxLevels',
    'fitScale',
  ]);
  const nominal = o.nominal as UnivariateDistribution[];
  if (!Array.isArray(nominal) || readArrayLength(nominal, 'nominal', fn) === 0) {
    throw new SurprisalError(
      'INVALID_OPTION',
      `${fn}: nominal must be a non-empty array of distributions; got ${describe(nominal)}`,
      { argument: 'nominal', value: nominal },
    );
  }
  for (let j = 0; j < nominal.length; j++) {
    readDistribution(nominal[j], 'nominal', fn, j);
    if ('dim' in nominal[j]) {
      throw new SurprisalError(
        'INVALID_OPTION',
        `${fn}: nominal[${j}] is multivariate; give one univariate distribution per component`,
        { argument: 'nominal', index: j },
      );
    }
  }
  const score = readFunction(o.score, 'score', fn);
  const threshold = readNumber(o.threshold, undefined, Number.isFinite, 'a finite number', 'threshold', fn);
  const rho = readNumber(o.rho, 0.1, (v) => v > 0 && v < 1, 'a number in (0, 1)', 'rho', fn);
  const n = readSamples(o.samples, 1000, 10, fn);
  const n1 = readSamples(o.finalSamples, 100000, 10, fn, 'finalSamples');
  const maxLevels = readIntegerOption(o.maxLevels, 50, 1, 10000, 'maxLevels', fn);
  const fitScale = readBooleanOption(o.fitScale, true, 'fitScale', fn);
  checkAllocatable(Math.max(n, n1) * nominal.length, fn, 'samples × nominal.length');
  const rng = rngOf(o.seed, fn);
  const d = nominal.length;
  let proposal = nominal.slice();
  const levels: number[] = [];
  for (let t = 0; ; t++) {
    if (t >= maxLevels) {
      throw new SurprisalError(
        'NOT_CONVERGED',
        `${fn}: threshold ${threshold} not reached after ${maxLevels} levels (last ${levels[levels.length - 1]}); raise rho or samples`,
        { argument: 'threshold', value: levels[levels.length - 1] },
      );
    }
    const { xs, lw } = draw(proposal, nominal, rng, n);
    const s = scores(xs, d, n, score, fn);
    const sorted = Float64Array.from(s).sort();
    const gamma = Math.min(threshold, sorted[Math.ceil((1 - rho) * n) - 1]);
    if (levels.length > 0 && !(gamma > levels[levels.length - 1]) && gamma < threshold) {
      throw new SurprisalError(
        'NOT_CONVERGED',
        `${fn}: the level stalled at ${gamma} below the threshold ${threshold}; raise samples or rho`,
        {
          argument: 'threshold',
          value: gamma,
        },
      );
    }
    levels.push(gamma);
    // Weighted ML refit on the elite draws, weights W normalised in log space.
    const elite: number[] = [];
    for (let i = 0; i < n; i++) if (s[i] >= gamma) elite.push(i);
    const le = Float64Array.from(elite, (i) => lw[i]);
    const lse = logSumExp(le);
    const w = le.map((v) => Math.exp(v - lse));
    proposal = nominal.map((p, j) =>
      refit(
        p,
        Float64Array.from(elite, (i) => xs[i * d + j]),
        w,
        fitScale,
      ),
    );
    if (gamma >= threshold) break;
  }
  const { xs, lw } = draw(proposal, nominal, rng, n1);
  const s = scores(xs, d, n1, score, fn);
  const lv = lw.map((v, i) => (s[i] >= threshold ? v : Number.NEGATIVE_INFINITY));
  const { mean, se, relativeError } = meanInLogSpace(lv, undefined);
  return {
    value: mean,
    stdError: se,
    relativeError,
    levels,
    proposal,
    ess: effectiveSampleSize(lw),
    khat: khatOf(lv),
  };
}
