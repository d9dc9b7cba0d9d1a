import { SurprisalError } from '../core/errors.js';
import { readOptions } from '../core/options.js';
import { type LogLikelihood, type LogLikelihoodInput, readLogLikelihood } from './logLikelihood.js';

/** Options of {@link relativeEfficiency}. */
export interface RelativeEfficiencyOptions {
  /**
   * Chain of each draw (any labels; draws of one chain in order), for an `[S, N]` matrix whose rows interleave
   * or concatenate chains, as loo's `chain_id`. Not needed for `[chains, draws, N]` input.
   */
  chainIds?: ArrayLike<number>;
}

/** R loo's `fft_next_good_size`: the least n ≥ N of the form 2^a 3^b 5^c (N ≤ 2 gives 2). */
function nextGoodSize(n: number): number {
  if (n <= 2) return 2;
  for (;;) {
    let m = n;
    while (m % 2 === 0) m /= 2;
    while (m % 3 === 0) m /= 3;
    while (m % 5 === 0) m /= 5;
    if (m <= 1) return n;
    n++;
  }
}

/**
 * MCMC effective sample size of draws `x[c][t]` (chains × iterations) by Geyer's initial monotone sequence,
 * exactly as loo's `ess_rfun` (rstan's `monitor`): autocovariances are loo's FFT ones, which carry the factor
 * M/N² with M = `fft_next_good_size(N)` instead of 1/N; that factor reaches the result through var(chain means),
 * so it is kept for parity. Autocovariances are summed directly, lag by lag, only as far as the sequence goes.
 * @internal
 */
export function essOfChains(x: Float64Array[], n: number): number {
  const chains = x.length;
  const scale = nextGoodSize(n) / (n * n);
  const centred = x.map((c) => {
    let mean = 0;
    for (let t = 0; t < n; t++) mean += c[t];
    mean /= n;
    return Float64Array.from(c, (v) => v - mean);
  });
  const chainMean = x.map((c) => {
    let m = 0;
    for (let t = 0; t < n; t++) m += c[t];
    return m / n;
  });
  // Mean over chains of the lag-t autocovariance.
  const acov = (lag: number): number => {
    let total = 0;
    for (const c of centred) {
      let s = 0;
      for (let t = 0; t + lag < n; t++) s += c[t] * c[t + lag];
      total += s * scale;
    }
    return total / chains;
  };
  const acov0 = acov(0);
  const meanVar = (acov0 * n) / (n - 1);
  let varPlus = (meanVar * (n - 1)) / n;
  if (chains > 1) {
    let m = 0;
    for (const v of chainMean) m += v;
    m /= chains;
    let ss = 0;
    for (const v of chainMean) ss += (v - m) ** 2;
    varPlus += ss / (chains - 1);
  }
  const rho = new Float64Array(n);
  let t = 0;
  let even = 1;
  rho[0] = even;
  let odd = 1 - (meanVar - acov(1)) / varPlus;
  rho[1] = odd;
  while (t < n - 5 && !Number.isNaN(even + odd) && even + odd > 0) {
    t += 2;
    even = 1 - (meanVar - acov(t)) / varPlus;
    odd = 1 - (meanVar - acov(t + 1)) / varPlus;
    if (even + odd >= 0) {
      rho[t] = even;
      rho[t + 1] = odd;
    }
  }
  const maxT = t;
  if (even > 0) rho[maxT] = even;
  // Initial monotone sequence: pairs may not increase.
  for (t = 2; t <= maxT - 2; t += 2) {
    if (rho[t] + rho[t + 1] > rho[t - 2] + rho[t - 1]) {
      rho[t] = (rho[t - 2] + rho[t - 1]) / 2;
      rho[t + 1] = rho[t];
    }
  }
  // R's rho_hat_t[1:max_t]: with max_t = 0, 1:0 is c(1, 0), i.e. the first term alone.
  let sum = 0;
  for (let i = 0; i < Math.max(maxT, 1); i++) sum += rho[i];
  const total = chains * n;
  const tau = Math.max(-1 + 2 * sum + rho[maxT], 1 / Math.log10(total));
  return total / tau;
}

/** Groups the rows of a log-likelihood by chain (from its shape or from chainIds). @internal */
export function chainRows(
  ll: LogLikelihood,
  chainIds: ArrayLike<number> | undefined,
  fn: string,
): Int32Array[] {
  const s = ll.draws;
  if (chainIds === undefined) {
    const per = s / ll.chains;
    return Array.from({ length: ll.chains }, (_, c) =>
      Int32Array.from({ length: per }, (_, t) => c * per + t),
    );
  }
  if (chainIds === null || typeof chainIds !== 'object' || chainIds.length !== s) {
    throw new SurprisalError('SHAPE_MISMATCH', `${fn}: chainIds must give one chain per draw (${s})`, {
      argument: 'chainIds',
      value: chainIds,
    });
  }
  if (ll.chains > 1) {
    throw new SurprisalError(
      'INVALID_OPTION',
      `${fn}: chainIds is for an [S, N] matrix; a [chains, draws, N] array already says which draw is whose`,
      { argument: 'chainIds' },
    );
  }
  const groups = new Map<number, number[]>();
  for (let i = 0; i < s; i++) {
    const c = chainIds[i];
    if (typeof c !== 'number' || !Number.isFinite(c)) {
      throw new SurprisalError('INVALID_OPTION', `${fn}: chainIds[${i}] is not a finite number`, {
        argument: 'chainIds',
        index: i,
        value: c,
      });
    }
    const g = groups.get(c);
    if (g) g.push(i);
    else groups.set(c, [i]);
  }
  const ordered = [...groups.keys()]
    .sort((a, b) => a - b)
    .map((k) => Int32Array.from(groups.get(k) as number[]));
  if (ordered.some((g) => g.length !== ordered[0].length)) {
    throw new SurprisalError('SHAPE_MISMATCH', `${fn}: every chain must have the same number of draws`, {
      argument: 'chainIds',
    });
  }
  return ordered;
}

/**
 * Relative efficiency of each observation's likelihood draws, r_eff = ESS / S, as R's
 * `loo::relative_eff(exp(ll), chain_id)`: the MCMC effective sample size of exp(log-likelihood) (Geyer's initial
 * monotone sequence over all chains) divided by the number of draws. PSIS-LOO uses it to size the Pareto tail
 * and to scale n_eff and the Monte Carlo SE. Computed on exp(ll − max) per observation (ESS does not depend on
 * the scale), so log-likelihoods far below −745 work where exp(ll) would underflow.
 *
 * @param logLik - `[chains, draws, N]` (ArviZ's order), or `[S, N]` with `chainIds` (one chain when omitted).
 * @example
 * ```ts
 * const rng = createRng(7);
 * const chains = [0, 1].map(() => Array.from({ length: 200 }, () => [rng.normal(), rng.normal()].map((m) => -0.5 * m * m)));
 * relativeEfficiency(chains)[0]; // 0.9246502615108646 (independent draws: about 1)
 * ```
 * @throws {SurprisalError} `SHAPE_MISMATCH`, `NAN`, `NOT_FINITE`, `EMPTY` for a bad log-likelihood;
 *   `INVALID_OPTION` / `SHAPE_MISMATCH` for bad chainIds or unequal chains.
 */
export function relativeEfficiency(
  logLik: LogLikelihoodInput,
  options?: RelativeEfficiencyOptions,
): Float64Array {
  const fn = 'relativeEfficiency';
  const o = readOptions(options, fn, ['chainIds']);
  const ll = readLogLikelihood(logLik, fn);
  const rows = chainRows(ll, o.chainIds, fn);
  return relativeEfficiencyOf(ll, rows);
}

/** r_eff of every observation of a validated log-likelihood with its chains' rows. @internal */
export function relativeEfficiencyOf(ll: LogLikelihood, rows: Int32Array[]): Float64Array {
  const n = ll.observations;
  const per = rows[0].length;
  const out = new Float64Array(n);
  const x = rows.map(() => new Float64Array(per));
  const d = ll.data;
  for (let i = 0; i < n; i++) {
    let max = Number.NEGATIVE_INFINITY;
    for (const r of rows) for (let t = 0; t < per; t++) max = Math.max(max, d[r[t] * n + i]);
    rows.forEach((r, c) => {
      const xc = x[c];
      for (let t = 0; t < per; t++) xc[t] = Math.exp(d[r[t] * n + i] - max);
    });
    out[i] = essOfChains(x, per) / ll.draws;
  }
  return out;
}
