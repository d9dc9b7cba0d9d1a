import { SurprisalError } from '../core/errors.js';
import { readOptions } from '../core/options.js';
import { Accumulator } from '../core/sum.js';
import { readTensor, type TensorInput } from '../core/tensor.js';
import { type KlRowStats, klRowsWasm } from '../kernels/operations/klRows.js';
import {
  type Backend,
  isTooLarge,
  readBackend,
  readThreads,
  WASM_MIN_CLASSES,
  wasmRefused,
} from '../kernels/options.js';
import { kernelRuntime } from '../kernels/runtime.js';
import { readIndexTarget } from './classTargets.js';

/** Summary of per-position values, as llama.cpp's perplexity tool prints it. */
export interface Summary {
  mean: number;
  /** √((E[x²] − E[x]²)/(n − 1)); NaN for a single position. */
  stdError: number;
  min: number;
  max: number;
  median: number;
  /** Percentiles by linear interpolation between sorted values (NumPy's default), keyed '99.9', '99', ... */
  percentiles: Record<string, number>;
}

/** A rate (a mean of 0/1 outcomes) and its standard error √(p(1 − p)/(n − 1)). */
export interface Rate {
  rate: number;
  stdError: number;
}

/** Options of {@link compareLogits}. */
export interface CompareLogitsOptions {
  /** The observed token at each position (class indices over the N positions): adds the `targets` report. */
  targets?: ArrayLike<number> | ArrayLike<bigint>;
  /**
   * `'auto'` (default) computes the per-row statistics with the WebAssembly SIMD128 kernel when both
   * inputs are Float32Array-backed and V ≥ 8 (float32 exps, float64 sums: KL within 2e-6 relative + 1e-7 of
   * the float64 TypeScript path), `'js'` always takes the TypeScript path, `'wasm'` requires the kernel.
   */
  backend?: Backend;
  /** Threads for the wasm kernel (default 1), as in {@link crossEntropyLoss}'s `threads`. */
  threads?: number;
}

/** Report of {@link compareLogits}. */
export interface LogitComparison {
  /** Number of positions compared. */
  positions: number;
  /** KL(base‖other) at each position, in nats. */
  kl: Float64Array;
  klSummary: Summary;
  /** How often both pick the same most likely token. */
  sameTop: Rate;
  /** With targets: perplexities and the distribution of Δp = p_other(target) − p_base(target). */
  targets?: {
    perplexityBase: number;
    perplexityOther: number;
    /** PPL(other)/PPL(base) = exp(mean(NLL_other − NLL_base)). */
    perplexityRatio: number;
    /** mean of ln PPL(other) − ln PPL(base) per position, with its standard error. */
    lnRatio: { mean: number; stdError: number };
    deltaP: Float64Array;
    deltaPSummary: Summary;
    /** √(mean Δp²), with its standard error by the delta method. */
    rmsDeltaP: { value: number; stdError: number };
  };
}

/** The percentiles of KL that compareLogits reports (llama.cpp's). @internal */
export const KL_PERCENTILES = [99.9, 99, 95, 90, 50, 10, 5, 1, 0.1];
/** The percentiles of Δp that compareLogits reports (llama.cpp's). @internal */
export const DP_PERCENTILES = [99.9, 99, 95, 90, 75, 50, 25, 10, 5, 1, 0.1];

function percentileOf(sorted: Float64Array, p: number): number {
  const h = (p / 100) * (sorted.length - 1);
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

function meanAndError(values: Float64Array): { mean: number; stdError: number } {
  const n = values.length;
  const s = new Accumulator();
  for (let i = 0; i < n; i++) s.add(values[i]);
  const mean = s.value() / n;
  const d = new Accumulator();
  for (let i = 0; i < n; i++) d.add((values[i] - mean) ** 2);
  return { mean, stdError: n > 1 ? Math.sqrt(d.value() / n / (n - 1)) : Number.NaN };
}

function summarize(values: Float64Array, percentiles: number[]): Summary {
  const sorted = Float64Array.from(values).sort();
  const out: Record<string, number> = {};
  for (const p of percentiles) out[String(p)] = percentileOf(sorted, p);
  return {
    ...meanAndError(values),
    min: sorted[0],
    max: sorted[sorted.length - 1],
    median: percentileOf(sorted, 50),
    percentiles: out,
  };
}

/** Row statistics of logits: max, log-sum-exp and argmax; exps (shifted by max) are stored in `e`. */
function rowStats(
  x: ArrayLike<number>,
  off: number,
  v: number,
  e: Float64Array,
): { max: number; logSum: number; top: number; sum: number } {
  let max = Number.NEGATIVE_INFINITY;
  let top = 0;
  for (let c = 0; c < v; c++) {
    const xc = x[off + c];
    if (xc > max || Number.isNaN(xc)) {
      max = xc;
      top = c;
    }
  }
  let sum = 0;
  for (let c = 0; c < v; c++) {
    e[c] = Math.exp(x[off + c] - max);
    sum += e[c];
  }
  return { max, logSum: Math.log(sum), top, sum };
}

/**
 * Throws NAN / NOT_FINITE for a NaN or +Infinity logit of row `r` (naming [row, column]), or for a row whose
 * every logit is −Infinity (no softmax).
 */
function checkRow(x: ArrayLike<number>, off: number, v: number, r: number, name: string, fn: string): void {
  let finite = false;
  for (let c = 0; c < v; c++) {
    const xc = x[off + c];
    if (xc - xc === 0) {
      finite = true;
      continue;
    }
    if (xc === Number.NEGATIVE_INFINITY) continue;
    throw new SurprisalError(
      Number.isNaN(xc) ? 'NAN' : 'NOT_FINITE',
      `${fn}: ${name}[${r}, ${c}] is ${xc}; logits must be finite or -Infinity`,
      { argument: name, index: off + c, value: xc },
    );
  }
  if (!finite) {
    throw new SurprisalError(
      'NOT_FINITE',
      `${fn}: ${name}[${r}] is -Infinity everywhere; a row needs one finite logit`,
      { argument: name, index: off, value: Number.NEGATIVE_INFINITY },
    );
  }
}

/**
 * Compares two sets of logits for the same tokens — a quantised model against its original, a student
 * against its teacher — and reports what llama.cpp's `perplexity --kl-divergence` reports: per-position
 * KL(base‖other) with its mean ± standard error, max, 99.9/99/95/90/50/10/5/1/0.1 percentiles and min; the
 * rate at which both rank the same token first; and, given the true next tokens, both perplexities, their
 * ratio and the distribution of Δp = p_other(target) − p_base(target).
 *
 * The vocabulary is the last axis ([N, V] or [B, T, V]); each row is one position. Everything is computed in
 * log space from the logits; −Infinity logits are allowed (0·log 0 = 0), as long as each row keeps one finite
 * logit; NaN and +Infinity are errors, as in `softmaxEntropy` (a row's softmax is undefined there).
 *
 * @example
 * ```ts
 * const r = compareLogits([[2, 1, 0], [0, 0, 3]], [[2, 1, 0.5], [0, 1, 3]], { targets: [0, 2] });
 * r.kl[0];              // 0.01174753307837427
 * r.sameTop.rate;       // 1
 * ```
 * @throws {SurprisalError} `SHAPE_MISMATCH` when the two logit sets differ in shape or the targets do not
 *   match the positions, `OUT_OF_RANGE` for a target outside the vocabulary, `NAN` / `NOT_FINITE` for a NaN /
 *   +Infinity logit or a row whose every logit is −Infinity (naming base or other and [row, column]),
 *   `INVALID_OPTION` for an unknown option or a bad backend or thread count.
 */
export function compareLogits(
  base: TensorInput,
  other: TensorInput,
  options?: CompareLogitsOptions,
): LogitComparison {
  const fn = 'compareLogits';
  const o = readOptions(options, fn, ['targets', 'backend', 'threads']);
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
  const n = a.data.length / v;
  const y =
    o.targets === undefined ? undefined : readIndexTarget(o.targets, { n, c: v, s: 1, m: n }, Number.NaN, fn);
  const rows = compareRows(a.data, b.data, n, v, y, o.backend, o.threads, fn);
  const { kl } = rows;
  let same = 0;
  for (let r = 0; r < n; r++) same += rows.sameTop[r];
  const dNll = y ? new Float64Array(n) : undefined;
  const nllBase = new Accumulator();
  const nllOther = new Accumulator();
  const deltaP = y ? new Float64Array(n) : undefined;
  if (dNll && deltaP && rows.logpBase && rows.logpOther) {
    for (let r = 0; r < n; r++) {
      const la = rows.logpBase[r];
      const lb = rows.logpOther[r];
      nllBase.add(-la);
      nllOther.add(-lb);
      dNll[r] = la - lb;
      deltaP[r] = Math.exp(lb) - Math.exp(la);
    }
  }
  const result: LogitComparison = {
    positions: n,
    kl,
    klSummary: summarize(kl, KL_PERCENTILES),
    sameTop: {
      rate: same / n,
      stdError: n > 1 ? Math.sqrt(((same / n) * (1 - same / n)) / (n - 1)) : Number.NaN,
    },
  };
  if (dNll && deltaP) {
    const lnRatio = meanAndError(dNll);
    const sq = deltaP.map((x) => x * x);
    const ms = meanAndError(sq);
    const rms = Math.sqrt(ms.mean);
    result.targets = {
      perplexityBase: Math.exp(nllBase.value() / n),
      perplexityOther: Math.exp(nllOther.value() / n),
      perplexityRatio: Math.exp(lnRatio.mean),
      lnRatio,
      deltaP,
      deltaPSummary: summarize(deltaP, DP_PERCENTILES),
      rmsDeltaP: { value: rms, stdError: rms > 0 ? ms.stdError / (2 * rms) : 0 },
    };
  }
  return result;
}

/** Per-row results of {@link compareRows}. @internal */
export interface CompareRows {
  /** KL(base‖other) per row, nats. */
  kl: Float64Array;
  /** 1 where both argmaxes agree, else 0. */
  sameTop: Uint8Array;
  /** With targets: log p_base(target) and log p_other(target) per row. */
  logpBase?: Float64Array;
  logpOther?: Float64Array;
}

/**
 * The per-row kernel of {@link compareLogits} over n rows of v logits (the wasm route where it applies, the
 * float64 TypeScript path for the rest), shared with the mergeable `LogitComparisonStats`: every row's numbers
 * depend on that row alone, so any split of the rows gives the same values. Throws as compareLogits does
 * (rows are numbered from 0 within these data). @internal
 */
export function compareRows(
  aData: ArrayLike<number>,
  bData: ArrayLike<number>,
  n: number,
  v: number,
  y: ArrayLike<number> | undefined,
  backend: Backend | undefined,
  threads: number | undefined,
  fn: string,
): CompareRows {
  const fast = compareLogitsWasm(aData, bData, n, v, backend, fn, threads);
  const kl = new Float64Array(n);
  const sameTop = new Uint8Array(n);
  const logpBase = y ? new Float64Array(n) : undefined;
  const logpOther = y ? new Float64Array(n) : undefined;
  const ea = new Float64Array(v);
  const eb = new Float64Array(v);
  for (let r = 0; r < n; r++) {
    const off = r * v;
    let sa: { max: number; logSum: number; top: number };
    let sb: { max: number; logSum: number; top: number };
    if (
      fast &&
      Number.isFinite(fast.maxA[r]) &&
      Number.isFinite(fast.maxB[r]) &&
      !Number.isNaN(fast.kl[r] + fast.logSumA[r] + fast.logSumB[r])
    ) {
      // The kernel's row. Rows with a non-finite max, or a NaN logit (whose statistics come out NaN: the
      // kernel's max skips NaN lanes), take the TypeScript path below, which reports them.
      sa = { max: fast.maxA[r], logSum: fast.logSumA[r], top: fast.topA[r] };
      sb = { max: fast.maxB[r], logSum: fast.logSumB[r], top: fast.topB[r] };
      kl[r] = fast.kl[r];
    } else {
      // Every row holding NaN or +Infinity comes here (see above): the checks need not look elsewhere.
      checkRow(aData, off, v, r, 'base', fn);
      checkRow(bData, off, v, r, 'other', fn);
      const ra = rowStats(aData, off, v, ea);
      const rb = rowStats(bData, off, v, eb);
      sa = ra;
      sb = rb;
      // KL(a‖b) = Σ p_a·((x_a − max_a) − (x_b − max_b)) + log Σ_b − log Σ_a, skipping p_a = 0; shifting by
      // the maxima first keeps precision when the logits are large.
      const acc = new Accumulator();
      for (let c = 0; c < v; c++) {
        if (ea[c] === 0) continue;
        acc.add((ea[c] / ra.sum) * (aData[off + c] - ra.max - (bData[off + c] - rb.max)));
      }
      const d = acc.value() + rb.logSum - ra.logSum;
      kl[r] = Math.max(d, 0); // rounding can dip below 0; NaN stays NaN
    }
    if (sa.top === sb.top) sameTop[r] = 1;
    if (y && logpBase && logpOther) {
      const t = y[r];
      logpBase[r] = aData[off + t] - sa.max - sa.logSum;
      logpOther[r] = bData[off + t] - sb.max - sb.logSum;
    }
  }
  return { kl, sameTop, logpBase, logpOther };
}

/**
 * The WebAssembly SIMD128 route: the kernel's row statistics when the call takes it (both inputs
 * Float32Array, V ≥ 8 for `'auto'`, the module loadable synchronously), else undefined for the TypeScript
 * path. `backend: 'wasm'` throws `INVALID_OPTION` where the kernel does not apply or cannot run.
 */
function compareLogitsWasm(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  n: number,
  v: number,
  backendOption: Backend | undefined,
  fn: string,
  threadsOption?: number,
): KlRowStats | undefined {
  const backend = readBackend(backendOption, fn);
  const threads = readThreads(threadsOption, fn);
  if (backend === 'js') return undefined;
  const eligible = a instanceof Float32Array && b instanceof Float32Array && n > 0 && v > 0;
  const k = eligible && (backend === 'wasm' || v >= WASM_MIN_CLASSES) ? kernelRuntime() : undefined;
  if (!k || !(a instanceof Float32Array) || !(b instanceof Float32Array)) {
    if (backend === 'wasm') throw wasmRefused(fn, eligible, 'Float32Array logits for both base and other');
    return undefined;
  }
  try {
    return klRowsWasm(k, a, b, n, v, threads);
  } catch (e) {
    // Rows too long for the kernels' memory: 'auto' takes the TypeScript path.
    if (backend === 'auto' && isTooLarge(e)) return undefined;
    throw e;
  }
}
