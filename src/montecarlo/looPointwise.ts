/**
 * The per-observation work of PSIS-LOO ({@link loo}): for observations i0 ≤ i < i1 of a row-major S × N
 * log-likelihood, PSIS of the ratios 1/p(yᵢ | θₛ) and the pointwise elpd_loo, its MCSE, p_loo, k̂ and n_eff.
 * One function, run by the calling thread and by the worker threads of looThreads.ts alike, so the threaded
 * result is the single-threaded one bit for bit.
 * @module
 */
import { logSumExp } from '../core/logSumExp.js';
import { ndtri } from '../special/normal.js';
import { psis } from './psis.js';

/** The pointwise outputs, each of length N (only [i0, i1) is written by one call). @internal */
export interface LooPointwise {
  elpd: Float64Array;
  mcse: Float64Array;
  pLoo: Float64Array;
  khat: Float64Array;
  nEff: Float64Array;
}

/** Normal quantiles at the plotting positions (r − 3/8)/(S − 2·3/8 + 1), r = 1..1000, as loo's `mcse_elpd`. */
let mcseGrid: Float64Array | undefined;
function normalGrid(): Float64Array {
  if (!mcseGrid) {
    const n = 1000;
    const c = 3 / 8;
    mcseGrid = Float64Array.from({ length: n }, (_, r) => ndtri((r + 1 - c) / (n - 2 * c + 1)));
  }
  return mcseGrid;
}

/**
 * Monte Carlo SE of elpd_loo_i, as loo 2.5.1's `mcse_elpd`: the variance of log z over 1000 normal quantiles
 * z = E + sd·zₙ of the importance-sampling estimate of the predictive density, divided by r_eff. Computed on
 * likelihoods scaled by e^{−max ll} (the log shifts by a constant, the variance does not), so it also works
 * where exp(ll) underflows.
 */
function mcseElpd(ll: Float64Array, lw: Float64Array, elpd: number, rEff: number): number {
  let max = Number.NEGATIVE_INFINITY;
  for (let s = 0; s < ll.length; s++) max = Math.max(max, ll[s]);
  const e = Math.exp(elpd - max);
  let v = 0;
  for (let s = 0; s < ll.length; s++) v += Math.exp(2 * lw[s]) * (Math.exp(ll[s] - max) - e) ** 2;
  const sd = Math.sqrt(v);
  const zn = normalGrid();
  let n = 0;
  let mean = 0;
  let m2 = 0;
  for (let r = 0; r < zn.length; r++) {
    const z = e + sd * zn[r];
    if (!(z > 0)) continue;
    const lz = Math.log(z);
    n++;
    const d = lz - mean;
    mean += d / n;
    m2 += d * (lz - mean);
  }
  return Math.sqrt(m2 / (n - 1) / rEff);
}

/**
 * Fills observations [i0, i1) of `out` from the row-major S × N matrix `data` (starting at element `offset`),
 * with relative efficiencies `rEff` (length N). @internal
 */
export function looPointwise(
  data: ArrayLike<number>,
  offset: number,
  s: number,
  n: number,
  rEff: ArrayLike<number>,
  i0: number,
  i1: number,
  out: LooPointwise,
): void {
  const col = new Float64Array(s);
  const lr = new Float64Array(s);
  const tmp = new Float64Array(s);
  const logS = Math.log(s);
  for (let i = i0; i < i1; i++) {
    for (let k = 0, j = offset + i; k < s; k++, j += n) {
      col[k] = data[j];
      lr[k] = -data[j];
    }
    const ps = psis(lr, { rEff: rEff[i], shortTail: 'infinite' });
    const lw = ps.logWeights;
    for (let k = 0; k < s; k++) tmp[k] = lw[k] + col[k];
    const elpd = logSumExp(tmp);
    out.elpd[i] = elpd;
    out.pLoo[i] = logSumExp(col) - logS - elpd;
    out.khat[i] = ps.khat;
    out.nEff[i] = ps.ess;
    out.mcse[i] = mcseElpd(col, lw, elpd, rEff[i]);
  }
}
