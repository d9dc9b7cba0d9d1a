import { logSumExp } from '../core/logSumExp.js';
import { readOptions } from '../core/options.js';
import { column, estimateOf, type LogLikelihoodInput, readLogLikelihood } from './logLikelihood.js';
import type { SummedEstimate } from './loo.js';

/** Options of {@link waic}: none yet (an options object, if given, must be empty). */
export type WaicOptions = Record<string, never>;

/** Result of {@link waic}: R loo's `waic` object with camelCase names. */
export interface WaicResult {
  estimates: { elpdWaic: SummedEstimate; pWaic: SummedEstimate; waic: SummedEstimate };
  pointwise: { elpdWaic: Float64Array; pWaic: Float64Array; waic: Float64Array };
  /** Observations with p_waic,i > 0.4, where loo warns that WAIC is unreliable and recommends loo. */
  unreliableObservations: number[];
  draws: number;
  observations: number;
}

/**
 * The widely applicable information criterion, as R's `loo::waic` (Watanabe 2010; Vehtari, Gelman & Gabry
 * 2017): per observation lppd_i = log Σₛ exp(llₛᵢ) − log S, p_waic,i = varₛ(llₛᵢ) (n − 1 variance),
 * elpd_waic,i = lppd_i − p_waic,i and waic_i = −2 elpd_waic,i; totals with SE √(N·var) over observations.
 * Prefer {@link loo}: its k̂ says when it fails; WAIC has no such diagnostic beyond p_waic,i > 0.4.
 *
 * @param logLik - pointwise log-likelihood, `[S, N]` or `[chains, draws, N]` (see {@link loo}).
 * @example
 * ```ts
 * const y = [-1.2, 0.3, 0.8, 2.5];
 * const mu = Array.from({ length: 400 }, (_, s) => 0.6 + ndtri((s + 0.5) / 400) / 2); // posterior draws of the mean
 * const ll = mu.map((m) => y.map((v) => new Normal(m, 1).logProb(v)));          // [400 draws, 4 observations]
 * waic(ll).estimates.elpdWaic.value; // -8.77859572424919
 * ```
 * @throws {SurprisalError} `SHAPE_MISMATCH`, `NAN`, `NOT_FINITE`, `EMPTY` for a bad log-likelihood;
 *   `INVALID_OPTION` for any option (it takes none).
 */
export function waic(logLik: LogLikelihoodInput, options?: WaicOptions): WaicResult {
  const fn = 'waic';
  readOptions(options, fn, []);
  const ll = readLogLikelihood(logLik, fn);
  const n = ll.observations;
  const s = ll.draws;
  const elpd = new Float64Array(n);
  const p = new Float64Array(n);
  const w = new Float64Array(n);
  const col = new Float64Array(s);
  const logS = Math.log(s);
  const unreliable: number[] = [];
  for (let i = 0; i < n; i++) {
    column(ll, i, col);
    let mean = 0;
    for (let k = 0; k < s; k++) mean += col[k];
    mean /= s;
    let ss = 0;
    for (let k = 0; k < s; k++) ss += (col[k] - mean) ** 2;
    p[i] = ss / (s - 1);
    elpd[i] = logSumExp(col) - logS - p[i];
    w[i] = -2 * elpd[i];
    if (p[i] > 0.4) unreliable.push(i);
  }
  return {
    estimates: { elpdWaic: estimateOf(elpd), pWaic: estimateOf(p), waic: estimateOf(w) },
    pointwise: { elpdWaic: elpd, pWaic: p, waic: w },
    unreliableObservations: unreliable,
    draws: s,
    observations: n,
  };
}
