/**
 * Reading a pointwise log-likelihood: S posterior draws × N observations, as `{ data, shape: [S, N] }` (R loo's
 * matrix layout, row-major here), nested arrays, or `[chains, draws, N]` (ArviZ's order; R loo's arrays are
 * `[draws, chains, N]`), in which case the draws of chain 1 come first, as loo's `llarray_to_matrix` gives.
 * @module
 */
import { checkAllocatable } from '../core/allocate.js';
import { SurprisalError } from '../core/errors.js';
import { describe } from '../core/options.js';
import { readTable, type TableInput } from '../core/tensor.js';

/** A pointwise log-likelihood: `[S, N]` (draws × observations) or `[chains, draws, N]`. */
export type LogLikelihoodInput = TableInput;

/** A validated log-likelihood matrix, row-major S × N, with the chain structure where it was given. @internal */
export interface LogLikelihood {
  data: ArrayLike<number>;
  /** Draws (all chains). */
  draws: number;
  /** Observations. */
  observations: number;
  /** Chains (1 for a matrix), each of draws / chains consecutive rows. */
  chains: number;
}

/**
 * Reads and checks a log-likelihood: finite numbers (a log-likelihood of −Infinity gives an infinite
 * importance ratio, as loo's `validate_ll` refuses), at least 2 draws and 2 observations.
 * @internal
 */
export function readLogLikelihood(x: LogLikelihoodInput, fn: string, name = 'logLik'): LogLikelihood {
  const t = readTable(x, fn, name);
  const shape = t.shape;
  if (shape.length !== 2 && shape.length !== 3) {
    throw new SurprisalError(
      'SHAPE_MISMATCH',
      `${fn}: ${name} must have shape [S, N] (draws × observations) or [chains, draws, N]; got [${shape.join(', ')}]`,
      { argument: name, value: shape },
    );
  }
  const chains = shape.length === 3 ? shape[0] : 1;
  const draws = shape.length === 3 ? shape[0] * shape[1] : shape[0];
  const observations = shape[shape.length - 1];
  checkAllocatable(draws, fn, `${name} draws`);
  if (draws < 2 || observations < 2 || chains < 1) {
    throw new SurprisalError(
      'EMPTY',
      `${fn}: ${name} needs at least 2 draws and 2 observations (a standard error over observations needs two); got shape [${shape.join(', ')}]`,
      { argument: name, value: shape },
    );
  }
  const d = t.data;
  for (let k = 0; k < d.length; k++) {
    const v = d[k];
    if (!Number.isFinite(v)) {
      const s = Math.floor(k / observations);
      const i = k % observations;
      throw new SurprisalError(
        Number.isNaN(v) ? 'NAN' : 'NOT_FINITE',
        `${fn}: ${name}[draw ${s}, observation ${i}] is ${v}; a log-likelihood must be finite`,
        { argument: name, index: k, value: v },
      );
    }
  }
  return { data: d, draws, observations, chains };
}

/** Column i of a row-major S × N matrix into `out` (length S), times `sign`. @internal */
export function column(m: LogLikelihood, i: number, out: Float64Array, sign = 1): Float64Array {
  const n = m.observations;
  const d = m.data;
  for (let s = 0, k = i; s < m.draws; s++, k += n) out[s] = sign * d[k];
  return out;
}

/**
 * Reads `rEff` (a number, or one per observation) as loo's `r_eff`: finite and > 0.
 * @internal
 */
export function readREff(rEff: unknown, n: number, fn: string): Float64Array | undefined {
  if (rEff === undefined) return undefined;
  const out = new Float64Array(n);
  if (typeof rEff === 'number') out.fill(rEff);
  else if (rEff !== null && typeof rEff === 'object' && (rEff as ArrayLike<number>).length === n) {
    for (let i = 0; i < n; i++) out[i] = (rEff as ArrayLike<number>)[i];
  } else {
    throw new SurprisalError(
      'INVALID_OPTION',
      `${fn}: rEff must be a number or one number per observation (${n})`,
      { argument: 'rEff', value: rEff },
    );
  }
  for (let i = 0; i < n; i++) {
    const v = out[i];
    if (typeof v !== 'number' || !(v > 0) || !Number.isFinite(v)) {
      throw new SurprisalError(
        'INVALID_OPTION',
        `${fn}: rEff[${i}] must be a finite number > 0; got ${describe(v)}`,
        {
          argument: 'rEff',
          index: i,
          value: v,
        },
      );
    }
  }
  return out;
}

/** Σ and the standard error √(N·var) (n − 1 variance) of pointwise values, as loo's `table_of_estimates`. @internal */
export function estimateOf(x: Float64Array): { value: number; stdError: number } {
  const n = x.length;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += x[i];
  const mean = sum / n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (x[i] - mean) ** 2;
  return { value: sum, stdError: Math.sqrt((n * ss) / (n - 1)) };
}
