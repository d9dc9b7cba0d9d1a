import { allocate, checkAllocatable } from '../core/allocate.js';
import { SurprisalError } from '../core/errors.js';
import { describe } from '../core/options.js';
import type { Rng } from '../random/random.js';
import { HALF_LOG_2PI } from '../special/constants.js';
import { arrayParameter, checkPoint, type MultivariateDistribution, sampleBuffer } from './family.js';

/**
 * Lower Cholesky factor L (row-major, d × d) of a symmetric positive-definite matrix, Σ = L Lᵀ.
 * @throws {SurprisalError} `NOT_POSITIVE_DEFINITE` at the first non-positive pivot.
 * @internal
 */
export function cholesky(a: Float64Array, d: number, family: string): Float64Array {
  const l = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i * d + j];
      for (let k = 0; k < j; k++) s -= l[i * d + k] * l[j * d + k];
      if (i === j) {
        if (!(s > 0)) {
          throw new SurprisalError(
            'NOT_POSITIVE_DEFINITE',
            `${family}: covariance is not positive definite (pivot ${i} is ${s})`,
            { argument: 'covariance', index: i, value: s },
          );
        }
        l[i * d + i] = Math.sqrt(s);
      } else {
        l[i * d + j] = s / l[j * d + j];
      }
    }
  }
  return l;
}

/** Solves L y = b for lower-triangular L (forward substitution). @internal */
export function forwardSolve(l: Float64Array, d: number, b: ArrayLike<number>): Float64Array {
  const y = new Float64Array(d);
  for (let i = 0; i < d; i++) {
    let s = b[i];
    for (let k = 0; k < i; k++) s -= l[i * d + k] * y[k];
    y[i] = s / l[i * d + i];
  }
  return y;
}

/**
 * Multivariate normal distribution N(μ, Σ), as `torch.distributions.MultivariateNormal(mean, covariance)`,
 * through the Cholesky factor Σ = L Lᵀ.
 *
 * log p(x) = −½ ‖L⁻¹(x − μ)‖² − Σ log Lᵢᵢ − (d/2) log 2π; H = ½ log det(2πe Σ).
 *
 * @example
 * ```ts
 * const mvn = new MultivariateNormal([0, 0], [[1, 0.5], [0.5, 1]]);
 * mvn.entropy();       // 2.694036030183455
 * mvn.logProb([0, 0]); // -1.694036030183455
 * ```
 * @throws {SurprisalError} `SHAPE_MISMATCH` unless the covariance is d × d and symmetric,
 *   `NOT_POSITIVE_DEFINITE` when it has no Cholesky factor, `INVALID_PARAMETER` for entries that are not
 *   finite numbers or arguments that are not arrays, `TOO_LARGE` when d × d is past 2³² entries.
 */
export class MultivariateNormal implements MultivariateDistribution {
  readonly family = 'MultivariateNormal';
  readonly dim: number;
  readonly loc: Float64Array;
  /** Σ, row-major d × d. */
  readonly covariance: Float64Array;
  /** Lower Cholesky factor of Σ, row-major. */
  readonly scaleTril: Float64Array;
  private readonly halfLogDet: number;

  constructor(mean: ArrayLike<number>, covariance: ArrayLike<ArrayLike<number>>) {
    const fam = 'MultivariateNormal';
    const m = arrayParameter(fam, 'mean', mean, 1);
    const d = m.length;
    for (let i = 0; i < d; i++) {
      if (typeof m[i] !== 'number' || !Number.isFinite(m[i])) {
        throw new SurprisalError(
          'INVALID_PARAMETER',
          `${fam}: mean[${i}] must be a finite number; got ${describe(m[i])}`,
          { argument: 'mean', index: i, value: m[i] },
        );
      }
    }
    const rows = arrayParameter(fam, 'covariance', covariance, 1);
    // d × d must fit one array (and d rows of d must be read): refused before any work.
    checkAllocatable(d * d, fam, 'covariance');
    if (rows.length !== d) {
      throw new SurprisalError(
        'SHAPE_MISMATCH',
        `${fam}: covariance must be ${d} × ${d}; got ${covariance.length} rows`,
        {
          argument: 'covariance',
          value: covariance.length,
        },
      );
    }
    this.dim = d;
    this.loc = Float64Array.from(m as ArrayLike<number>);
    this.covariance = allocate(Float64Array, d * d, fam, 'covariance');
    for (let i = 0; i < d; i++) {
      const row = covariance[i];
      if (row === null || typeof row !== 'object' || row.length !== d) {
        throw new SurprisalError('SHAPE_MISMATCH', `${fam}: covariance row ${i} must have ${d} entries`, {
          argument: 'covariance',
          index: i,
        });
      }
      for (let j = 0; j < d; j++) {
        const v = row[j];
        if (typeof v !== 'number' || !Number.isFinite(v)) {
          throw new SurprisalError(
            'INVALID_PARAMETER',
            `${fam}: covariance[${i}][${j}] must be a finite number; got ${describe(v)}`,
            { argument: 'covariance', index: i * d + j, value: v },
          );
        }
        this.covariance[i * d + j] = v;
      }
    }
    for (let i = 0; i < d; i++) {
      for (let j = 0; j < i; j++) {
        const a = this.covariance[i * d + j];
        const b = this.covariance[j * d + i];
        if (Math.abs(a - b) > 1e-10 * Math.max(1, Math.abs(a), Math.abs(b))) {
          throw new SurprisalError(
            'SHAPE_MISMATCH',
            `${fam}: covariance is not symmetric at [${i}][${j}] (${a} vs ${b})`,
            {
              argument: 'covariance',
              value: [a, b],
            },
          );
        }
      }
    }
    this.scaleTril = cholesky(this.covariance, d, fam);
    let h = 0;
    for (let i = 0; i < d; i++) h += Math.log(this.scaleTril[i * d + i]);
    this.halfLogDet = h;
  }

  /** ½ log det Σ. */
  get halfLogDeterminant(): number {
    return this.halfLogDet;
  }

  logProb(x: ArrayLike<number>): number {
    const d = this.dim;
    checkPoint('MultivariateNormal', d, x);
    const diff = new Float64Array(d);
    for (let i = 0; i < d; i++) diff[i] = x[i] - this.loc[i];
    const y = forwardSolve(this.scaleTril, d, diff);
    let m = 0;
    for (let i = 0; i < d; i++) m += y[i] * y[i];
    return -0.5 * m - this.halfLogDet - d * HALF_LOG_2PI;
  }

  sample(rng: Rng, n = 1): { data: Float64Array; shape: [number, number] } {
    const d = this.dim;
    const data = sampleBuffer('MultivariateNormal', rng, n, d);
    const z = new Float64Array(d);
    const l = this.scaleTril;
    for (let r = 0; r < n; r++) {
      rng.fillNormal(z);
      for (let i = 0; i < d; i++) {
        let s = this.loc[i];
        for (let k = 0; k <= i; k++) s += l[i * d + k] * z[k];
        data[r * d + i] = s;
      }
    }
    return { data, shape: [n, d] };
  }

  entropy(): number {
    return 0.5 * this.dim * (1 + 2 * HALF_LOG_2PI) + this.halfLogDet;
  }

  get mean(): Float64Array {
    return Float64Array.from(this.loc);
  }

  get variance(): Float64Array {
    const d = this.dim;
    return Float64Array.from({ length: d }, (_, i) => this.covariance[i * d + i]);
  }
}
