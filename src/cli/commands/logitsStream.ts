/**
 * The streamed routes of `compare-logits` and `loss`: logits files of any size (.npy, safetensors, llama.cpp
 * KL-divergence files) read in double-buffered row blocks within a memory budget, reduced by the library's
 * mergeable accumulators; `--shard i/n --state FILE` saves one shard's state for `surprisal merge`.
 * @module
 */
import { closeSync, openSync, readSync, statSync, writeFileSync } from 'node:fs';
import {
  CrossEntropyStats,
  type CrossEntropyStatsJson,
  LogitComparisonStats,
  type LogitComparisonStatsJson,
  PredictiveEntropyStats,
  type PredictiveEntropyStatsJson,
  startKernelThreads,
} from '../../index.js';
import type { Context } from '../common.js';
import { UserError } from '../errors.js';
import { parseMemory, rowsPerBlock, streamBlocks } from '../input/blocks.js';
import { type LogitsFile, openLogitsFile } from '../input/logitsFile.js';
import type { Unit } from '../output.js';
import { progressBar } from '../progressBar.js';
import { printComparison, printLoss } from './logitsReport.js';

/** Flags of the streamed routes. */
export interface StreamFlags {
  memory?: string;
  shard?: string;
  state?: string;
  quiet?: boolean;
  progress?: boolean;
  json?: boolean;
  blockRows?: string;
}

/** A shard state file, as `--state` writes it and `surprisal merge` reads it. */
export interface StateFile {
  type: 'surprisal-state';
  version: 1;
  command: 'compare-logits' | 'loss';
  files: string[];
  /** 1-based shard i of n, and its rows [start, end) of `rows`. */
  shard: { index: number; count: number; start: number; end: number };
  rows: number;
  vocabulary: number;
  comparison?: LogitComparisonStatsJson;
  crossEntropy?: CrossEntropyStatsJson;
  entropy?: PredictiveEntropyStatsJson;
}

/**
 * Whether a command takes the streamed route: a .kld or safetensors input, a streaming flag, or an .npy file
 * whose size passes the memory budget (the in-memory route reads whole files).
 */
export function wantsStream(paths: string[], flags: StreamFlags): boolean {
  if (flags.memory !== undefined || flags.shard !== undefined || flags.state !== undefined) return true;
  if (flags.quiet || flags.progress || flags.blockRows !== undefined) return true;
  const budget = parseMemory(flags.memory);
  return paths.some((p) => {
    if (p === '-') return false;
    if (/\.(kld|safetensors)$/i.test(p) || /\.safetensors:[^/\\]+$/i.test(p)) return true;
    try {
      if (statSync(p).size > budget / 2) return true;
      const fd = openSync(p, 'r');
      try {
        const b = Buffer.alloc(8);
        readSync(fd, b, 0, 8, 0);
        return b.toString('latin1') === '_logits_';
      } finally {
        closeSync(fd);
      }
    } catch {
      return false; // the in-memory route reports the file error
    }
  });
}

/** Rows per block: from the budget, or --block-rows (hidden; tests and benchmarks) if that is smaller. */
function blockRows(files: LogitsFile[], memory: number, flags: StreamFlags): number {
  const rows = rowsPerBlock(files, memory);
  if (flags.blockRows === undefined) return rows;
  const n = Number(flags.blockRows);
  if (!Number.isSafeInteger(n) || n < 1)
    throw new UserError(`--block-rows must be a positive integer; got '${flags.blockRows}'`);
  return Math.min(n, rows);
}

/** --shard i/n (1-based): rows [⌊(i−1)N/n⌋, ⌊iN/n⌋). */
function shardOf(text: string | undefined, rows: number): StateFile['shard'] {
  if (text === undefined) return { index: 1, count: 1, start: 0, end: rows };
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  const i = m ? Number(m[1]) : Number.NaN;
  const n = m ? Number(m[2]) : Number.NaN;
  if (!m || !Number.isSafeInteger(n) || n < 1 || i < 1 || i > n) {
    throw new UserError(`--shard must be i/n with 1 <= i <= n (e.g. 2/8); got '${text}'`);
  }
  return { index: i, count: n, start: Math.floor(((i - 1) * rows) / n), end: Math.floor((i * rows) / n) };
}

/** Whether to draw the bar: on a terminal unless --quiet or --json... --progress forces it. */
function showProgress(flags: StreamFlags): boolean {
  if (flags.quiet) return false;
  return Boolean(flags.progress) || Boolean(process.stderr.isTTY);
}

async function openAll(ctx: Context, specs: [string, string][], threads: number): Promise<LogitsFile[]> {
  // The kernels' workers start while the files open (asynchronously: no spinning of this thread), not
  // inside the first block's computation.
  const started = startKernelThreads(threads).catch(() => 1);
  const files: LogitsFile[] = [];
  try {
    for (const [spec, argument] of specs) {
      const f = await openLogitsFile(spec);
      files.push(f);
      ctx.origins[argument] = { label: f.label };
    }
  } catch (err) {
    await Promise.all(files.map((f) => f.close()));
    throw err;
  }
  await started;
  return files;
}

/** Points errors of the library at the file's row and column for the block starting at row r0. */
function locate(ctx: Context, argument: string, f: LogitsFile, r0: number): void {
  const v = f.vocabulary;
  ctx.origins[argument] = {
    label: f.label,
    locate: (i) => `row ${r0 + Math.floor(i / v)}, column ${i % v}`,
  };
}

function writeState(path: string, state: StateFile): void {
  try {
    writeFileSync(path, `${JSON.stringify(state)}\n`);
  } catch (err) {
    throw new UserError(`--state ${path}: ${(err as Error).message}`);
  }
}

/** Targets for streamed rows: the .kld file's stored tokens, or those read from --targets (checked equal). */
function targetsOf(
  files: LogitsFile[],
  given: { data: ArrayLike<number> | ArrayLike<bigint>; label: string } | undefined,
): Int32Array | undefined {
  const stored = files.filter((f) => f.targets);
  for (const f of stored.slice(1)) {
    const a = stored[0].targets as Int32Array;
    const b = f.targets as Int32Array;
    const i = a.findIndex((t, j) => t !== b[j]);
    if (i >= 0) {
      throw new UserError(
        `${f.label}: token ${b[i]} at row ${i} differs from ${stored[0].label}'s ${a[i]}; both files must score the same tokens`,
      );
    }
  }
  let t = stored[0]?.targets;
  if (given) {
    const n = files[0].rows;
    if (given.data.length !== n) {
      throw new UserError(
        `${given.label}: ${given.data.length} targets for ${n} positions of ${files[0].label}`,
      );
    }
    const g = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const y = Number(given.data[i]);
      if (!Number.isInteger(y) || y < -2147483648 || y > 2147483647) {
        throw new UserError(`${given.label}: [${i}]: target ${y} is not a class index`);
      }
      g[i] = y;
      if (t && t[i] !== y)
        throw new UserError(
          `${given.label}: [${i}]: target ${y} differs from ${stored[0].label}'s token ${t[i]}`,
        );
    }
    t = g;
  }
  return t;
}

export interface StreamCompareFlags extends StreamFlags {
  threads: number;
}

/** compare-logits over streamed files. */
export async function compareStream(
  ctx: Context,
  baseSpec: string,
  otherSpec: string,
  targets: { data: ArrayLike<number> | ArrayLike<bigint>; label: string } | undefined,
  unit: Unit,
  flags: StreamCompareFlags,
): Promise<void> {
  const memory = parseMemory(flags.memory);
  const files = await openAll(
    ctx,
    [
      [baseSpec, 'base'],
      [otherSpec, 'other'],
    ],
    flags.threads,
  );
  try {
    const [a, b] = files;
    a.dropTail = true;
    if (a.rows !== b.rows || a.vocabulary !== b.vocabulary) {
      throw new UserError(
        `${b.label}: ${b.rows} positions of vocabulary ${b.vocabulary} do not match ${a.label}'s ${a.rows} of ${a.vocabulary}; both must hold the same tokens`,
      );
    }
    const y = targetsOf(files, targets);
    const shard = shardOf(flags.shard, a.rows);
    const stats = new LogitComparisonStats({ threads: flags.threads });
    const rows = blockRows(files, memory, flags);
    const bar = progressBar(
      'compare-logits',
      shard.end - shard.start,
      (shard.end - shard.start) * (a.rowBytes + b.rowBytes),
      showProgress(flags),
    );
    const v = a.vocabulary;
    try {
      await streamBlocks(
        files,
        shard.start,
        shard.end,
        rows,
        (blk) => {
          locate(ctx, 'base', a, blk.r0);
          locate(ctx, 'other', b, blk.r0);
          stats.update(
            { data: blk.logits[0], shape: [blk.count, v] },
            { data: blk.logits[1], shape: [blk.count, v] },
            y ? { targets: y.subarray(blk.r0, blk.r0 + blk.count) } : undefined,
          );
        },
        (r, by) => bar.update(r, by),
      );
    } finally {
      bar.stop();
    }
    const labels = { base: a.label, other: b.label, targets: targets?.label };
    if (flags.state) {
      writeState(flags.state, {
        type: 'surprisal-state',
        version: 1,
        command: 'compare-logits',
        files: [a.label, b.label, ...(targets ? [targets.label] : [])],
        shard,
        rows: a.rows,
        vocabulary: v,
        comparison: stats.toJSON(),
      });
    }
    if (stats.positions === 0) {
      throw new UserError(
        `shard ${shard.index}/${shard.count} of ${a.rows} positions is empty${flags.state ? ` (state written to ${flags.state})` : ''}`,
      );
    }
    printComparison(stats.result(), labels, v, unit, flags.json, shardExtra(shard, a.rows));
  } finally {
    await Promise.all(files.map((f) => f.close()));
  }
}

function shardExtra(shard: StateFile['shard'], rows: number): Record<string, unknown> {
  return shard.count === 1
    ? {}
    : { shard: `${shard.index}/${shard.count}`, rows: [shard.start, shard.end], totalPositions: rows };
}

export interface StreamLossFlags extends StreamFlags {
  threads: number;
  ignoreIndex: number;
}

/** loss over a streamed file: cross entropy, perplexity, bits per token, predictive entropy, top-1 accuracy. */
export async function lossStream(
  ctx: Context,
  logitsSpec: string,
  targets: { data: ArrayLike<number> | ArrayLike<bigint>; label: string } | undefined,
  unit: Unit,
  flags: StreamLossFlags,
): Promise<void> {
  const memory = parseMemory(flags.memory);
  const files = await openAll(ctx, [[logitsSpec, 'input']], flags.threads);
  try {
    const [f] = files;
    f.dropTail = true;
    const y = targetsOf(files, targets);
    if (!y)
      throw new UserError(
        `${f.label}: give the targets (token ids) as the second argument; only a .kld file stores its own`,
      );
    const shard = shardOf(flags.shard, f.rows);
    const ce = new CrossEntropyStats({ ignoreIndex: flags.ignoreIndex, threads: flags.threads });
    const h = new PredictiveEntropyStats({ threads: flags.threads });
    const bar = progressBar(
      'loss',
      shard.end - shard.start,
      (shard.end - shard.start) * f.rowBytes,
      showProgress(flags),
    );
    const v = f.vocabulary;
    try {
      await streamBlocks(
        files,
        shard.start,
        shard.end,
        blockRows(files, memory, flags),
        (blk) => {
          locate(ctx, 'input', f, blk.r0);
          ctx.origins.logits = ctx.origins.input;
          ctx.origins.target = { label: targets?.label ?? f.label, locate: (i) => `[${blk.r0 + i}]` };
          const x = { data: blk.logits[0], shape: [blk.count, v] };
          const t = y.subarray(blk.r0, blk.r0 + blk.count);
          ce.update(x, t);
          // The predictive entropy over the positions scored, as the in-memory route reports it.
          h.update(keptRows(x.data, t, v, flags.ignoreIndex));
        },
        (r, by) => bar.update(r, by),
      );
    } finally {
      bar.stop();
    }
    const fileLabels = [f.label, ...(targets ? [targets.label] : [])];
    if (flags.state) {
      writeState(flags.state, {
        type: 'surprisal-state',
        version: 1,
        command: 'loss',
        files: fileLabels,
        shard,
        rows: f.rows,
        vocabulary: v,
        crossEntropy: ce.toJSON(),
        entropy: h.toJSON(),
      });
    }
    printLossStats(ce, h, fileLabels, v, unit, flags.json, shardExtra(shard, f.rows));
  } finally {
    await Promise.all(files.map((x) => x.close()));
  }
}

/** The rows whose target is not ignored, as a [k, v] tensor (the block itself when none is ignored). */
function keptRows(data: Float32Array | Float64Array, t: Int32Array, v: number, ignore: number) {
  let k = 0;
  for (let i = 0; i < t.length; i++) if (t[i] !== ignore) k++;
  if (k === t.length) return { data, shape: [k, v] };
  const out = new (data.constructor as Float32ArrayConstructor | Float64ArrayConstructor)(k * v);
  for (let i = 0, j = 0; i < t.length; i++)
    if (t[i] !== ignore) out.set(data.subarray(i * v, (i + 1) * v), v * j++);
  return { data: out, shape: [k, v] };
}

/** Prints the loss report of accumulated statistics (also `surprisal merge`'s). */
export function printLossStats(
  ce: CrossEntropyStats,
  h: PredictiveEntropyStats,
  files: string[],
  vocabulary: number,
  unit: Unit,
  json: boolean | undefined,
  extra: Record<string, unknown> = {},
): void {
  if (ce.positions === 0) throw new UserError(`${files[0]}: no positions scored (every target ignored?)`);
  const r = ce.result();
  const e = h.positions > 0 ? h.result().entropy.mean : Number.NaN;
  printLoss(
    {
      files,
      positions: r.positions + r.ignored,
      ignored: r.ignored,
      classes: vocabulary,
      crossEntropy: r.crossEntropy.value,
      labelSmoothing: 0,
      loss: r.crossEntropy.value,
      meanEntropy: e,
      perplexity: r.perplexity.value,
      bitsPerToken: r.bitsPerToken,
      crossEntropyStdError: r.crossEntropy.stdError,
      perplexityStdError: r.perplexity.stdError,
      accuracy: r.accuracy,
    },
    unit,
    json,
    extra,
  );
}
