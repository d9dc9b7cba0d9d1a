/**
 * `compareLogits` as a mergeable accumulator: row blocks in, one report out, states that combine across
 * chunks, processes and machines.
 * @module
 */
import { SurprisalError } from '../core/errors.js';
import { describe, readOptions } from '../core/options.js';
import { readTensor, type TensorInput } from '../core/tensor.js';
import type { Backend } from '../kernels/options.js';
import { readBackend, readThreads } from '../kernels/options.js';
import { readIndexTarget } from '../losses/classTargets.js';
import {
  compareRows,
  DP_PERCENTILES,
  KL_PERCENTILES,
  type Rate,
  type Summary,
} from '../losses/compareLogits.js';
import { ExactMoments } from './exactSum.js';
import type { QuantileSketchOptions, RankError } from './quantileSketch.js';
import {
  badState,
  countFromJSON,
  momentsFromJSON,
  rateOf,
  SummaryStats,
  type SummaryStatsJson,
} from './summaryStats.js';

/** Options of {@link LogitComparisonStats}: the sketch's (`exactLimit`, `k`, `seed`) and the kernels'. */
export interface LogitComparisonStatsOptions extends QuantileSketchOptions {
  /** As in {@link compareLogits}: `'auto'` (default), `'js'` or `'wasm'`. */
  backend?: Backend;
  /** Threads for the wasm kernel (default 1). */
  threads?: number;
}

/** Options of {@link LogitComparisonStats.update}. */
export interface LogitComparisonUpdateOptions {
  /** The observed token at each row of this block (all blocks have targets, or none). */
  targets?: ArrayLike<number> | ArrayLike<bigint>;
}

/** The report of {@link LogitComparisonStats.result}: compareLogits' report without the per-position arrays. */
export interface LogitComparisonStatsResult {
  positions: number;
  /** The vocabulary size (the rows' length). */
  vocabulary: number;
  klSummary: Summary;
  sameTop: Rate;
  targets?: {
    perplexityBase: number;
    perplexityOther: number;
    perplexityRatio: number;
    lnRatio: { mean: number; stdError: number };
    deltaPSummary: Summary;
    rmsDeltaP: { value: number; stdError: number };
  };
  /** Rank-error bounds of the percentiles (0 while they are exact: up to `exactLimit` positions). */
  rankError: { kl: RankError; deltaP?: RankError };
}

/** JSON state of a {@link LogitComparisonStats}. */
export interface LogitComparisonStatsJson {
  type: 'LogitComparisonStats';
  version: 1;
  vocabulary: number;
  sameTop: number;
  kl: SummaryStatsJson;
  targets: null | {
    nllBase: ReturnType<ExactMoments['toJSON']>;
    nllOther: ReturnType<ExactMoments['toJSON']>;
    lnRatio: ReturnType<ExactMoments['toJSON']>;
    deltaP: SummaryStatsJson;
    deltaP2: ReturnType<ExactMoments['toJSON']>;
  };
}

const FN = 'LogitComparisonStats';

interface TargetStats {
  nllBase: ExactMoments;
  nllOther: ExactMoments;
  lnRatio: ExactMoments;
  deltaP: SummaryStats;
  /** Δp² per position: the mean and standard error of the squares give RMS Δp ± s.e. */
  deltaP2: ExactMoments;
}

/**
 * Everything {@link compareLogits} reports — mean KL(base‖other) ± s.e., its percentiles, the same-top rate,
 * with targets both perplexities, their ratio, ln-ratio ± s.e., the Δp distribution and RMS Δp — accumulated
 * over blocks of rows. Each row's numbers come from compareLogits' own per-row kernel; sums are kept in
 * double-double (exact to float64 rounding whatever the split or merge order), percentiles in a
 * {@link QuantileSketch} (exact up to `exactLimit` positions, then within its stated rank error). Any split
 * of the rows into `update` blocks and any tree of `merge`s gives compareLogits' numbers over all rows.
 * `toJSON()` / `fromJSON()` carry the state between processes.
 *
 * @example
 * ```ts
 * const a = new LogitComparisonStats().update([[2, 1, 0]], [[2, 1, 0.5]], { targets: [0] });
 * const s = new LogitComparisonStats().update([[0, 0, 3]], [[0, 1, 3]], { targets: [2] }).merge(a);
 * s.result().klSummary.max; // 0.02964456239169569
 * s.result().sameTop.rate; // 1
 * ```
 * @throws {SurprisalError} as compareLogits (`SHAPE_MISMATCH`, `OUT_OF_RANGE`, `NAN`, `NOT_FINITE`,
 *   `INVALID_OPTION`), plus `SHAPE_MISMATCH` for a block whose vocabulary differs from the first's or that has
 *   targets where the first had none (or the reverse), `EMPTY` for `result()` of no rows.
 */
export class LogitComparisonStats {
  private readonly options: LogitComparisonStatsOptions;
  private readonly backend: Backend;
  private readonly threads: number;
  private vocabulary = 0;
  private sameTop = 0;
  private kl: SummaryStats;
  /** undefined until the first block; then null (no targets) or the target statistics. */
  private targets: TargetStats | null | undefined;

  constructor(options?: LogitComparisonStatsOptions) {
    const o = readOptions(options, FN, ['backend', 'threads', 'exactLimit', 'k', 'seed']);
    this.backend = readBackend(o.backend, FN);
    this.threads = readThreads(o.threads, FN);
    this.options = { exactLimit: o.exactLimit, k: o.k, seed: o.seed };
    this.kl = new SummaryStats(this.options);
  }

  /** Positions accumulated so far. */
  get positions(): number {
    return this.kl.moments.n;
  }

  /** Adds a block of rows: base and other logits of the same shape [..., V], and optionally their targets. */
  update(base: TensorInput, other: TensorInput, options?: LogitComparisonUpdateOptions): this {
    const fn = `${FN}.update`;
    const o = readOptions(options, fn, ['targets']);
    const a = readTensor(base, fn, 'base');
    const b = readTensor(other, fn, 'other');
    if (a.shape.length !== b.shape.length || a.shape.some((d, i) => d !== b.shape[i])) {
      throw new SurprisalError(
        'SHAPE_MISMATCH',
        `${fn}: base has shape [${a.shape}] but other has shape [${b.shape}]`,
        {
          argument: 'other',
          value: b.shape,
        },
      );
    }
    const v = a.shape[a.shape.length - 1];
    const n = v > 0 ? a.data.length / v : 0;
    if (this.vocabulary !== 0 && v !== this.vocabulary) {
      throw new SurprisalError(
        'SHAPE_MISMATCH',
        `${fn}: rows of ${v} logits after blocks of ${this.vocabulary}; every block must have the same vocabulary`,
        { argument: 'base', value: a.shape },
      );
    }
    const hasTargets = o.targets !== undefined;
    if (this.targets !== undefined && hasTargets !== (this.targets !== null)) {
      throw new SurprisalError(
        'SHAPE_MISMATCH',
        `${fn}: ${hasTargets ? 'targets given after blocks without' : 'no targets after blocks with'} targets; give them for every block or none`,
        { argument: 'targets' },
      );
    }
    const y =
      o.targets === undefined
        ? undefined
        : readIndexTarget(o.targets, { n, c: v, s: 1, m: n }, Number.NaN, fn);
    const rows = compareRows(a.data, b.data, n, v, y, this.backend, this.threads, fn);
    if (n === 0) return this;
    this.vocabulary = v;
    this.targets ??= hasTargets ? this.newTargets() : null;
    for (let r = 0; r < n; r++) {
      this.kl.add(rows.kl[r]);
      this.sameTop += rows.sameTop[r];
    }
    const t = this.targets;
    if (t && rows.logpBase && rows.logpOther) {
      for (let r = 0; r < n; r++) {
        const la = rows.logpBase[r];
        const lb = rows.logpOther[r];
        t.nllBase.add(-la);
        t.nllOther.add(-lb);
        t.lnRatio.add(la - lb);
        const dp = Math.exp(lb) - Math.exp(la);
        t.deltaP.add(dp);
        t.deltaP2.add(dp * dp);
      }
    }
    return this;
  }

  private newTargets(): TargetStats {
    return {
      nllBase: new ExactMoments(),
      nllOther: new ExactMoments(),
      lnRatio: new ExactMoments(),
      deltaP: new SummaryStats(this.options),
      deltaP2: new ExactMoments(),
    };
  }

  /** Adds another accumulator's rows (same vocabulary, targets in both or neither). */
  merge(other: LogitComparisonStats): this {
    const fn = `${FN}.merge`;
    if (!(other instanceof LogitComparisonStats)) {
      throw new SurprisalError(
        'INVALID_OPTION',
        `${fn}: other must be a LogitComparisonStats; got ${describe(other)}`,
        {
          argument: 'other',
        },
      );
    }
    if (other === this) return this.merge(LogitComparisonStats.fromJSON(other.toJSON()));
    if (other.positions === 0) return this;
    if (this.positions > 0) {
      if (other.vocabulary !== this.vocabulary || (other.targets === null) !== (this.targets === null)) {
        throw new SurprisalError(
          'SHAPE_MISMATCH',
          `${fn}: cannot merge vocabulary ${other.vocabulary}${other.targets ? ' with targets' : ''} into vocabulary ${this.vocabulary}${this.targets ? ' with targets' : ''}`,
          { argument: 'other' },
        );
      }
    }
    this.vocabulary = other.vocabulary;
    this.sameTop += other.sameTop;
    this.kl.merge(other.kl);
    const ot = other.targets;
    if (ot) {
      this.targets ??= this.newTargets();
      const t = this.targets as TargetStats;
      t.nllBase.merge(ot.nllBase);
      t.nllOther.merge(ot.nllOther);
      t.lnRatio.merge(ot.lnRatio);
      t.deltaP.merge(ot.deltaP);
      t.deltaP2.merge(ot.deltaP2);
    } else this.targets = null;
    return this;
  }

  /** The report over every row added (and merged). */
  result(): LogitComparisonStatsResult {
    const n = this.positions;
    if (n === 0) throw new SurprisalError('EMPTY', `${FN}.result: no positions were added`, {});
    const out: LogitComparisonStatsResult = {
      positions: n,
      vocabulary: this.vocabulary,
      klSummary: this.kl.summary(KL_PERCENTILES),
      sameTop: rateOf(this.sameTop, n),
      rankError: { kl: this.kl.rankError() },
    };
    const t = this.targets;
    if (t) {
      const lnMean = t.lnRatio.mean();
      const ms = t.deltaP2.mean();
      const rms = Math.sqrt(ms);
      const msError = t.deltaP2.stdError();
      out.targets = {
        perplexityBase: Math.exp(t.nllBase.mean()),
        perplexityOther: Math.exp(t.nllOther.mean()),
        perplexityRatio: Math.exp(lnMean),
        lnRatio: { mean: lnMean, stdError: t.lnRatio.stdError() },
        deltaPSummary: t.deltaP.summary(DP_PERCENTILES),
        rmsDeltaP: { value: rms, stdError: rms > 0 ? msError / (2 * rms) : 0 },
      };
      out.rankError.deltaP = t.deltaP.rankError();
    }
    return out;
  }

  /** The state as plain JSON (exact: every double round-trips). */
  toJSON(): LogitComparisonStatsJson {
    const t = this.targets;
    return {
      type: 'LogitComparisonStats',
      version: 1,
      vocabulary: this.vocabulary,
      sameTop: this.sameTop,
      kl: this.kl.toJSON(),
      targets: t
        ? {
            nllBase: t.nllBase.toJSON(),
            nllOther: t.nllOther.toJSON(),
            lnRatio: t.lnRatio.toJSON(),
            deltaP: t.deltaP.toJSON(),
            deltaP2: t.deltaP2.toJSON(),
          }
        : null,
    };
  }

  /**
   * An accumulator from a {@link LogitComparisonStats.toJSON} state (`options` for the kernels of later
   * updates; the sketch's settings come from the state).
   * @throws {SurprisalError} `INVALID_OPTION` for anything that is not such a state.
   */
  static fromJSON(
    json: LogitComparisonStatsJson,
    options?: LogitComparisonStatsOptions,
  ): LogitComparisonStats {
    const j = json as Partial<LogitComparisonStatsJson> | null;
    if (typeof j !== 'object' || j === null || j.type !== FN || j.version !== 1) {
      throw badState(FN, `type ${describe(j?.type)}, version ${describe(j?.version)}`);
    }
    const kl = SummaryStats.fromJSON(j.kl as SummaryStatsJson, FN, 'kl');
    const s = new LogitComparisonStats({
      ...options,
      exactLimit: kl.sketch.exactLimit,
      k: kl.sketch.k,
    });
    s.vocabulary = countFromJSON(j.vocabulary, FN, 'vocabulary');
    s.sameTop = countFromJSON(j.sameTop, FN, 'sameTop');
    s.kl = kl;
    const t = j.targets;
    if (t === null || t === undefined) s.targets = kl.moments.n > 0 ? null : undefined;
    else {
      if (typeof t !== 'object') throw badState(FN, 'targets');
      s.targets = {
        nllBase: momentsFromJSON(t.nllBase, FN, 'nllBase'),
        nllOther: momentsFromJSON(t.nllOther, FN, 'nllOther'),
        lnRatio: momentsFromJSON(t.lnRatio, FN, 'lnRatio'),
        deltaP: SummaryStats.fromJSON(t.deltaP, FN, 'deltaP'),
        deltaP2: momentsFromJSON(t.deltaP2, FN, 'deltaP2'),
      };
      const n = kl.moments.n;
      const ns = [s.targets.nllBase.n, s.targets.nllOther.n, s.targets.lnRatio.n, s.targets.deltaP.moments.n];
      if (ns.some((m) => m !== n)) throw badState(FN, 'counts differ');
    }
    if (s.sameTop > kl.moments.n || kl.sketch.count !== kl.moments.n) throw badState(FN, 'counts differ');
    return s;
  }
}
