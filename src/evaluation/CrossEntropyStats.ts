/**
 * Cross entropy of a model over a corpus as a mergeable accumulator: mean NLL ± s.e., perplexity, bits per
 * token and per byte, top-1 accuracy.
 * @module
 */
import { SurprisalError } from '../core/errors.js';
import { describe, readIntegerOption, readOptions } from '../core/options.js';
import { readTensor, type TensorInput } from '../core/tensor.js';
import { type Backend, readBackend, readThreads } from '../kernels/options.js';
import type { ClassTarget } from '../losses/classTargets.js';
import type { Rate } from '../losses/compareLogits.js';
import { crossEntropyLoss } from '../losses/crossEntropyLoss.js';
import { ExactMoments, type ExactMomentsJson } from './exactSum.js';
import { badState, countFromJSON, momentsFromJSON, rateOf } from './summaryStats.js';

/** Options of {@link CrossEntropyStats}. */
export interface CrossEntropyStatsOptions {
  /** Target value of positions left out (default −100, as PyTorch's `ignore_index`). */
  ignoreIndex?: number;
  /** As in {@link crossEntropyLoss}: `'auto'` (default), `'js'` or `'wasm'`. */
  backend?: Backend;
  /** Threads for the wasm kernel (default 1). */
  threads?: number;
}

/** Options of {@link CrossEntropyStats.update}. */
export interface CrossEntropyUpdateOptions {
  /** UTF-8 bytes of the text these positions score (adds up over blocks; gives bits per byte). */
  bytes?: number;
}

/** The report of {@link CrossEntropyStats.result}; NLLs in nats. */
export interface CrossEntropyStatsResult {
  /** Positions scored (ignored ones left out). */
  positions: number;
  ignored: number;
  /** Mean NLL per position ± its standard error √(Σ(ℓ − mean)²/(n(n − 1))). */
  crossEntropy: { value: number; stdError: number };
  /** exp(mean NLL), with the delta-method standard error PPL · s.e.(mean NLL) (as llama.cpp prints it). */
  perplexity: { value: number; stdError: number };
  bitsPerToken: number;
  /** Σ NLL / (ln 2 · bytes): only when `bytes` were given. */
  bitsPerByte?: number;
  bytes?: number;
  /** How often the target is the argmax of the logits (the first maximum on ties). */
  accuracy: Rate;
}

/** JSON state of a {@link CrossEntropyStats}. */
export interface CrossEntropyStatsJson {
  type: 'CrossEntropyStats';
  version: 1;
  ignoreIndex: number;
  ignored: number;
  correct: number;
  bytes: number;
  nll: ExactMomentsJson;
}

const FN = 'CrossEntropyStats';

/**
 * Cross entropy over blocks of rows: each block's per-position NLL −log softmax(x)[target] comes from
 * {@link crossEntropyLoss} (`reduction: 'none'`, its kernels), summed in double-double so that any split of
 * the rows and any merge order give the same mean to float64 rounding; perplexity = exp(mean NLL), bits per
 * token = mean NLL / ln 2, bits per byte = Σ NLL / (ln 2 · bytes); top-1 accuracy counts positions whose
 * target is the first maximum of their row.
 *
 * @example
 * ```ts
 * const s = new CrossEntropyStats().update([[2, 1, 0]], [0]).update([[0, 0, 3]], [1]);
 * s.result().crossEntropy.value; // 1.7512644604326706
 * s.result().accuracy.rate; // 0.5
 * ```
 * @throws {SurprisalError} as crossEntropyLoss for bad logits or targets (`SHAPE_MISMATCH`, `OUT_OF_RANGE`,
 *   `NAN`, `NOT_FINITE`), `INVALID_OPTION` for bad options, `OUT_OF_RANGE` for bytes that are not a
 *   non-negative count, `SHAPE_MISMATCH` for logits that are not [N, C], `EMPTY` for `result()` with no
 *   scored position.
 */
export class CrossEntropyStats {
  private readonly ignoreIndex: number;
  private readonly backend: Backend;
  private readonly threads: number;
  private nll = new ExactMoments();
  private ignored = 0;
  private correct = 0;
  private bytes = 0;

  constructor(options?: CrossEntropyStatsOptions) {
    const o = readOptions(options, FN, ['ignoreIndex', 'backend', 'threads']);
    this.ignoreIndex = readIntegerOption(o.ignoreIndex, -100, -2147483648, 2147483647, 'ignoreIndex', FN);
    this.backend = readBackend(o.backend, FN);
    this.threads = readThreads(o.threads, FN);
  }

  /** Positions scored so far. */
  get positions(): number {
    return this.nll.n;
  }

  /** Adds a block: logits [N, C] and N target class indices. */
  update(logits: TensorInput, targets: ClassTarget, options?: CrossEntropyUpdateOptions): this {
    const fn = `${FN}.update`;
    const o = readOptions(options, fn, ['bytes']);
    if (
      o.bytes !== undefined &&
      (typeof o.bytes !== 'number' || !Number.isSafeInteger(o.bytes) || o.bytes < 0)
    ) {
      throw new SurprisalError(
        'OUT_OF_RANGE',
        `${fn}: bytes = ${describe(o.bytes)}; it must be a count >= 0`,
        {
          argument: 'bytes',
          value: o.bytes,
        },
      );
    }
    const x = readTensor(logits, fn, 'logits');
    if (x.shape.length !== 2) {
      throw new SurprisalError('SHAPE_MISMATCH', `${fn}: logits must be [N, C]; got shape [${x.shape}]`, {
        argument: 'logits',
        value: x.shape,
      });
    }
    const [n, c] = x.shape;
    const losses = crossEntropyLoss(x, targets, {
      reduction: 'none',
      ignoreIndex: this.ignoreIndex,
      grad: false,
      backend: this.backend,
      threads: this.threads,
    }).loss;
    // crossEntropyLoss has read the targets: they are n integers in range (or the ignore index).
    const t = targets as ArrayLike<number | bigint> | { data: ArrayLike<number | bigint> };
    const flat =
      'data' in t && !ArrayBuffer.isView(t) && !Array.isArray(t) ? t.data : (t as ArrayLike<number | bigint>);
    const data = x.data;
    for (let i = 0; i < n; i++) {
      const y = Number(flat[i]);
      if (y === this.ignoreIndex) {
        this.ignored++;
        continue;
      }
      this.nll.add(losses[i]);
      // The first maximum, as compareLogits and llama.cpp pick the top token.
      const off = i * c;
      let top = 0;
      let max = data[off];
      for (let j = 1; j < c; j++) {
        if (data[off + j] > max) {
          max = data[off + j];
          top = j;
        }
      }
      if (top === y) this.correct++;
    }
    this.bytes += o.bytes ?? 0;
    return this;
  }

  /** Adds another accumulator's positions (same ignoreIndex). */
  merge(other: CrossEntropyStats): this {
    if (!(other instanceof CrossEntropyStats) || other.ignoreIndex !== this.ignoreIndex) {
      throw new SurprisalError(
        'INVALID_OPTION',
        `${FN}.merge: other must be a CrossEntropyStats with ignoreIndex ${this.ignoreIndex}; got ${other instanceof CrossEntropyStats ? `ignoreIndex ${other.ignoreIndex}` : describe(other)}`,
        { argument: 'other' },
      );
    }
    if (other === this) return this.merge(CrossEntropyStats.fromJSON(other.toJSON()));
    this.nll.merge(other.nll);
    this.ignored += other.ignored;
    this.correct += other.correct;
    this.bytes += other.bytes;
    return this;
  }

  /** The report over every position added (and merged). */
  result(): CrossEntropyStatsResult {
    const n = this.nll.n;
    if (n === 0) throw new SurprisalError('EMPTY', `${FN}.result: no scored positions were added`, {});
    const mean = this.nll.mean();
    const se = this.nll.stdError();
    const ppl = Math.exp(mean);
    const out: CrossEntropyStatsResult = {
      positions: n,
      ignored: this.ignored,
      crossEntropy: { value: mean, stdError: se },
      perplexity: { value: ppl, stdError: ppl * se },
      bitsPerToken: mean / Math.LN2,
      accuracy: rateOf(this.correct, n),
    };
    if (this.bytes > 0) {
      out.bytes = this.bytes;
      out.bitsPerByte = this.nll.sum() / (Math.LN2 * this.bytes);
    }
    return out;
  }

  toJSON(): CrossEntropyStatsJson {
    return {
      type: FN,
      version: 1,
      ignoreIndex: this.ignoreIndex,
      ignored: this.ignored,
      correct: this.correct,
      bytes: this.bytes,
      nll: this.nll.toJSON(),
    };
  }

  /**
   * An accumulator from a {@link CrossEntropyStats.toJSON} state (`options` for later updates' kernels).
   * @throws {SurprisalError} `INVALID_OPTION` for anything that is not such a state.
   */
  static fromJSON(
    json: CrossEntropyStatsJson,
    options?: Omit<CrossEntropyStatsOptions, 'ignoreIndex'>,
  ): CrossEntropyStats {
    const j = json as Partial<CrossEntropyStatsJson> | null;
    if (typeof j !== 'object' || j === null || j.type !== FN || j.version !== 1) {
      throw badState(FN, `type ${describe(j?.type)}, version ${describe(j?.version)}`);
    }
    if (typeof j.ignoreIndex !== 'number') throw badState(FN, 'ignoreIndex');
    const s = new CrossEntropyStats({ ...options, ignoreIndex: j.ignoreIndex });
    s.ignored = countFromJSON(j.ignored, FN, 'ignored');
    s.correct = countFromJSON(j.correct, FN, 'correct');
    s.bytes = countFromJSON(j.bytes, FN, 'bytes');
    s.nll = momentsFromJSON(j.nll as ExactMomentsJson, FN, 'nll');
    if (s.correct > s.nll.n) throw badState(FN, 'counts differ');
    return s;
  }
}
