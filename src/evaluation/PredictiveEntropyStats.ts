/**
 * softmaxEntropy summaries as a mergeable accumulator.
 * @module
 */
import { SurprisalError } from '../core/errors.js';
import { describe, readOptions } from '../core/options.js';
import type { TensorInput } from '../core/tensor.js';
import { type Backend, readBackend, readThreads } from '../kernels/options.js';
import { DP_PERCENTILES, type Summary } from '../losses/compareLogits.js';
import { softmaxEntropy } from '../measures/softmaxEntropy.js';
import type { QuantileSketchOptions, RankError } from './quantileSketch.js';
import { badState, SummaryStats, type SummaryStatsJson } from './summaryStats.js';

/** Options of {@link PredictiveEntropyStats}: the sketch's (`exactLimit`, `k`, `seed`) and the kernels'. */
export interface PredictiveEntropyStatsOptions extends QuantileSketchOptions {
  /** As in {@link softmaxEntropy}: `'auto'` (default), `'js'` or `'wasm'`. */
  backend?: Backend;
  /** Threads for the wasm kernel (default 1). */
  threads?: number;
}

/** The report of {@link PredictiveEntropyStats.result}, in nats. */
export interface PredictiveEntropyStatsResult {
  positions: number;
  /** Mean ± s.e., min, max, median and the 99.9 … 0.1 percentiles (keys as compareLogits' Δp summary). */
  entropy: Summary;
  rankError: RankError;
}

/** JSON state of a {@link PredictiveEntropyStats}. */
export interface PredictiveEntropyStatsJson {
  type: 'PredictiveEntropyStats';
  version: 1;
  entropy: SummaryStatsJson;
}

const FN = 'PredictiveEntropyStats';

/**
 * The distribution of a model's predictive entropy H(softmax(xᵢ)) over positions, accumulated over blocks of
 * rows: per-row entropies from {@link softmaxEntropy} (its kernels), the mean ± s.e. in double-double, the
 * percentiles from a {@link QuantileSketch} (exact up to `exactLimit` positions). Mergeable and serialisable
 * like {@link LogitComparisonStats}.
 *
 * @example
 * ```ts
 * const s = new PredictiveEntropyStats().update([[0, 0, 0, 0], [10, 0, 0, 0]]);
 * s.result().entropy.max; // 1.3862943611198906
 * ```
 * @throws {SurprisalError} as softmaxEntropy for bad logits (`NAN`, `NOT_FINITE`, `EMPTY`,
 *   `SHAPE_MISMATCH`), `INVALID_OPTION` for bad options, `EMPTY` for `result()` of no rows.
 */
export class PredictiveEntropyStats {
  private readonly backend: Backend;
  private readonly threads: number;
  private entropy: SummaryStats;

  constructor(options?: PredictiveEntropyStatsOptions) {
    const o = readOptions(options, FN, ['backend', 'threads', 'exactLimit', 'k', 'seed']);
    this.backend = readBackend(o.backend, FN);
    this.threads = readThreads(o.threads, FN);
    this.entropy = new SummaryStats({ exactLimit: o.exactLimit, k: o.k, seed: o.seed });
  }

  /** Positions added so far. */
  get positions(): number {
    return this.entropy.moments.n;
  }

  /** Adds a block of logits [..., C] (one position per row). */
  update(logits: TensorInput): this {
    const h = softmaxEntropy(logits, { backend: this.backend, threads: this.threads });
    for (let i = 0; i < h.length; i++) this.entropy.add(h[i]);
    return this;
  }

  merge(other: PredictiveEntropyStats): this {
    if (!(other instanceof PredictiveEntropyStats)) {
      throw new SurprisalError(
        'INVALID_OPTION',
        `${FN}.merge: other must be a PredictiveEntropyStats; got ${describe(other)}`,
        {
          argument: 'other',
        },
      );
    }
    if (other === this) return this.merge(PredictiveEntropyStats.fromJSON(other.toJSON()));
    this.entropy.merge(other.entropy);
    return this;
  }

  result(): PredictiveEntropyStatsResult {
    const n = this.positions;
    if (n === 0) throw new SurprisalError('EMPTY', `${FN}.result: no positions were added`, {});
    return {
      positions: n,
      entropy: this.entropy.summary(DP_PERCENTILES),
      rankError: this.entropy.rankError(),
    };
  }

  toJSON(): PredictiveEntropyStatsJson {
    return { type: FN, version: 1, entropy: this.entropy.toJSON() };
  }

  /**
   * An accumulator from a {@link PredictiveEntropyStats.toJSON} state.
   * @throws {SurprisalError} `INVALID_OPTION` for anything that is not such a state.
   */
  static fromJSON(
    json: PredictiveEntropyStatsJson,
    options?: Omit<PredictiveEntropyStatsOptions, keyof QuantileSketchOptions>,
  ): PredictiveEntropyStats {
    const j = json as Partial<PredictiveEntropyStatsJson> | null;
    if (typeof j !== 'object' || j === null || j.type !== FN || j.version !== 1) {
      throw badState(FN, `type ${describe(j?.type)}, version ${describe(j?.version)}`);
    }
    const s = new PredictiveEntropyStats(options);
    s.entropy = SummaryStats.fromJSON(j.entropy as SummaryStatsJson, FN, 'entropy');
    return s;
  }
}
