import { SurprisalError } from '../core/errors.js';
import { readIntegerOption, readOptions } from '../core/options.js';
import { availableCores } from '../core/workerGroup.js';
import { estimateOf, type LogLikelihoodInput, readLogLikelihood, readREff } from './logLikelihood.js';
import { looPointwise } from './looPointwise.js';
import { looPointwiseThreaded } from './looThreads.js';
import { chainRows, relativeEfficiencyOf } from './relativeEfficiency.js';

/** An estimate summed over observations, with its standard error √(N·var) over them. */
export interface SummedEstimate {
  value: number;
  stdError: number;
}

/** Options of {@link loo}. */
export interface LooOptions {
  /**
   * Relative efficiency of each observation's draws (a number, or one per observation), as loo's `r_eff`.
   * Default: computed from the chains of a `[chains, draws, N]` input ({@link relativeEfficiency}); 1 for a matrix.
   */
  rEff?: number | ArrayLike<number>;
  /** Chain of each row of an `[S, N]` matrix, to compute `rEff` from (as `relative_eff(exp(ll), chain_id)`). */
  chainIds?: ArrayLike<number>;
  /**
   * Threads to share the observations among (an integer in [1, 256], default 1; at most one per core is
   * used). Node ≥ 20.16 only, from the built package (dist/): elsewhere the call runs on one thread. Results do
   * not depend on it, bit for bit.
   */
  threads?: number;
}

/** One row of the Pareto k̂ table: the observations whose k̂ falls in a category. */
export interface KhatCategory {
  /** 'good' (k̂ ≤ threshold), 'bad' (threshold < k̂ ≤ 1), 'very bad' (k̂ > 1). */
  category: 'good' | 'bad' | 'very bad';
  /** The interval of k̂, e.g. '(-Inf, 0.67]'. */
  range: string;
  count: number;
  proportion: number;
  /** The smallest PSIS n_eff among them (null when the category is empty; loo prints NA). */
  minNEff: number | null;
}

/** Result of {@link loo}: R loo's `psis_loo` object with camelCase names. */
export interface LooResult {
  estimates: { elpdLoo: SummedEstimate; pLoo: SummedEstimate; looic: SummedEstimate };
  pointwise: {
    elpdLoo: Float64Array;
    mcseElpdLoo: Float64Array;
    pLoo: Float64Array;
    looic: Float64Array;
    /** Influence Pareto k̂ of each observation. */
    khat: Float64Array;
  };
  diagnostics: {
    khat: Float64Array;
    /** PSIS effective sample size r_eff / Σ w̃² of each observation's weights. */
    nEff: Float64Array;
    /** The relative efficiencies used. */
    rEff: Float64Array;
    /** Sample-size-dependent k̂ threshold min(1 − 1/log10 S, 0.7) (Vehtari et al. 2024). */
    threshold: number;
    khatTable: KhatCategory[];
    /** Indices of the observations with k̂ above the threshold. */
    badObservations: number[];
    /** √Σ mcse_i², or null when some k̂ exceeds the threshold (loo reports NA: the MCSE is then unreliable). */
    mcseElpdLoo: number | null;
  };
  /** S draws, N observations. */
  draws: number;
  observations: number;
}

/** The k̂ table in the sample-size-dependent categories of current loo and posterior. @internal */
export function khatTable(khat: Float64Array, nEff: Float64Array, threshold: number): KhatCategory[] {
  const fmt = (v: number) => String(Number(v.toFixed(3)));
  const rows: KhatCategory[] = [
    { category: 'good', range: `(-Inf, ${fmt(threshold)}]`, count: 0, proportion: 0, minNEff: null },
    { category: 'bad', range: `(${fmt(threshold)}, 1]`, count: 0, proportion: 0, minNEff: null },
    { category: 'very bad', range: '(1, Inf)', count: 0, proportion: 0, minNEff: null },
  ];
  for (let i = 0; i < khat.length; i++) {
    const k = khat[i];
    const row = k <= threshold ? rows[0] : k <= 1 ? rows[1] : rows[2];
    row.count++;
    if (row.minNEff === null || nEff[i] < row.minNEff) row.minNEff = nEff[i];
  }
  for (const r of rows) r.proportion = r.count / khat.length;
  return rows;
}

/**
 * Leave-one-out cross-validation by Pareto-smoothed importance sampling, as R's `loo::loo(x, r_eff)` (Vehtari,
 * Gelman & Gabry 2017, "Practical Bayesian model evaluation using leave-one-out cross-validation and WAIC",
 * Statistics and Computing 27): for each observation i, PSIS of the ratios 1/p(yᵢ | θₛ) gives normalised log
 * weights lw, and
 * - elpd_loo,i = log Σₛ exp(lwₛ + llₛᵢ), the estimated log predictive density of yᵢ left out;
 * - lpd_i = log Σₛ exp(llₛᵢ) − log S, p_loo,i = lpd_i − elpd_loo,i, looic_i = −2 elpd_loo,i;
 * - k̂ᵢ is the Pareto k̂ of that fit (influence of yᵢ), n_eff,i = r_eff,i / Σ w̃².
 * Totals are sums with SE √(N·var) over observations. The k̂ table uses the sample-size-dependent threshold
 * min(1 − 1/log10 S, 0.7) of current loo / posterior (loo 2.5.1 prints fixed cut points 0.5, 0.7, 1).
 *
 * @param logLik - pointwise log-likelihood: `{ data, shape: [S, N] }` (draws × observations, R's matrix layout),
 *   nested arrays, or `[chains, draws, N]` (ArviZ's order; R loo's arrays are `[draws, chains, N]`), for which
 *   r_eff is computed from the chains unless given.
 * @example
 * ```ts
 * const y = [-1.2, 0.3, 0.8, 2.5];
 * const mu = Array.from({ length: 400 }, (_, s) => 0.6 + ndtri((s + 0.5) / 400) / 2); // posterior draws of the mean
 * const ll = mu.map((m) => y.map((v) => new Normal(m, 1).logProb(v)));          // [400 draws, 4 observations]
 * const r = loo(ll);
 * r.estimates.elpdLoo.value;    // -8.847133157982359
 * r.estimates.elpdLoo.stdError; // 2.5636093579353267
 * r.pointwise.khat[3];          // 0.52705055394173
 * ```
 * @throws {SurprisalError} `SHAPE_MISMATCH` (not [S, N] or [C, D, N]), `NAN` / `NOT_FINITE` (a log-likelihood that
 *   is not finite), `EMPTY` (fewer than 2 draws or observations), `INVALID_OPTION` (rEff, chainIds, threads not an
 *   integer in [1, 256], unknown options).
 */
export function loo(logLik: LogLikelihoodInput, options?: LooOptions): LooResult {
  const fn = 'loo';
  const o = readOptions(options, fn, ['rEff', 'chainIds', 'threads']);
  const ll = readLogLikelihood(logLik, fn);
  const n = ll.observations;
  const s = ll.draws;
  let rEff = readREff(o.rEff, n, fn);
  if (rEff === undefined) {
    rEff =
      ll.chains > 1 || o.chainIds !== undefined
        ? relativeEfficiencyOf(ll, chainRows(ll, o.chainIds, fn))
        : new Float64Array(n).fill(1);
  } else if (o.chainIds !== undefined) {
    throw new SurprisalError('INVALID_OPTION', `${fn}: give rEff or chainIds, not both`, {
      argument: 'chainIds',
    });
  }
  const threads = readIntegerOption(o.threads, 1, 1, 256, 'threads', fn);
  const out = {
    elpd: new Float64Array(n),
    mcse: new Float64Array(n),
    pLoo: new Float64Array(n),
    khat: new Float64Array(n),
    nEff: new Float64Array(n),
  };
  if (looPointwiseThreaded(ll.data, s, n, rEff, Math.min(threads, availableCores()), out) === 1) {
    looPointwise(ll.data, 0, s, n, rEff, 0, n, out);
  }
  const { elpd, mcse, pLoo, khat, nEff } = out;
  const looic = new Float64Array(n);
  for (let i = 0; i < n; i++) looic[i] = -2 * elpd[i];
  const threshold = Math.min(1 - 1 / Math.log10(s), 0.7);
  const bad: number[] = [];
  let mcseSq = 0;
  for (let i = 0; i < n; i++) {
    if (khat[i] > threshold) bad.push(i);
    mcseSq += mcse[i] * mcse[i];
  }
  return {
    estimates: { elpdLoo: estimateOf(elpd), pLoo: estimateOf(pLoo), looic: estimateOf(looic) },
    pointwise: { elpdLoo: elpd, mcseElpdLoo: mcse, pLoo, looic, khat },
    diagnostics: {
      khat,
      nEff,
      rEff,
      threshold,
      khatTable: khatTable(khat, nEff, threshold),
      badObservations: bad,
      mcseElpdLoo: bad.length > 0 ? null : Math.sqrt(mcseSq),
    },
    draws: s,
    observations: n,
  };
}
