/**
 * `surprisal loss LOGITS.npy TARGETS.npy` and `surprisal compare-logits BASE.npy OTHER.npy [--targets T.npy]`:
 * the model-evaluation report of llama.cpp's `perplexity` tool (`--kl-divergence` for the comparison).
 * @module
 */
import { type Command, Option } from 'commander';
import { bitsPerToken, compareLogits, crossEntropyLoss, perplexity, softmaxEntropy } from '../../index.js';
import { type Context, example, outputFlags, unitFlags } from '../common.js';
import { UserError } from '../errors.js';
import { DEFAULT_MEMORY } from '../input/blocks.js';
import { openSource, readNpy, type Source } from '../input/source.js';
import { readVector } from '../input/tables.js';
import { type Npy, npyIndex } from '../npy.js';
import { parseInteger, parseReal, type Unit, unitOf } from '../output.js';
import { printComparison, printLoss } from './logitsReport.js';
import { compareStream, lossStream, type StreamFlags, wantsStream } from './logitsStream.js';

interface LogitFlags extends StreamFlags {
  targets?: string;
  threads?: string;
  labelSmoothing?: string;
  ignoreIndex?: string;
  base?: string;
  bits?: boolean;
  json?: boolean;
}

/** Logits from an .npy file: float32 or float64, at least 2-D, no NaN (which would turn every number into NaN). */
async function readLogits(ctx: Context, file: string, argument: string): Promise<{ a: Npy; src: Source }> {
  const src = await openSource(file);
  const a = await readNpy(src);
  if (!(a.data instanceof Float32Array || a.data instanceof Float64Array)) {
    throw new UserError(`${src.label}: logits must be float32 or float64; got '${a.descr}'`);
  }
  if (a.shape.length < 2 || a.data.length === 0) {
    throw new UserError(
      `${src.label}: expected logits of shape (positions, vocabulary); got (${a.shape.join(', ')})`,
    );
  }
  const data = a.data;
  for (let i = 0; i < data.length; i++) {
    if (Number.isNaN(data[i])) throw new UserError(`${src.label}: ${npyIndex(a.shape, i)}: NaN logit`);
  }
  ctx.origins[argument] = { label: src.label, locate: (i) => npyIndex(a.shape, i) };
  return { a, src };
}

/** Target token ids: an integer .npy (int32 / int64), or a column of a CSV / TSV / JSON file. */
async function readTargets(ctx: Context, file: string): Promise<ArrayLike<number> | ArrayLike<bigint>> {
  const src = await openSource(file);
  if (src.format === 'npy') {
    const t = await readNpy(src);
    ctx.origins.target = { label: src.label, locate: (i) => npyIndex(t.shape, i) };
    if (t.shape.length > 1 && t.shape.filter((d) => d !== 1).length > 1) {
      throw new UserError(
        `${src.label}: targets must be 1-D (one token id per position); got (${t.shape.join(', ')})`,
      );
    }
    return t.data;
  }
  const v = await readVector(src, undefined);
  ctx.origins.target = v.origin;
  return v.data;
}

/** --threads: worker threads for the wasm kernels (1 to 256, default 1). */
function threadsOf(flags: LogitFlags): number {
  if (flags.threads === undefined) return 1;
  const t = parseInteger(flags.threads, '--threads', 1);
  if (t > 256) throw new UserError(`--threads must be at most 256; got '${flags.threads}'`);
  return t;
}

/** --ignore-index: an integer in int32 range (the targets' range on every path), default -100. */
function ignoreIndexOf(flags: LogitFlags): number {
  if (flags.ignoreIndex === undefined) return -100;
  const v = parseReal(flags.ignoreIndex, '--ignore-index');
  if (!Number.isInteger(v) || v < -2147483648 || v > 2147483647) {
    throw new UserError(
      `--ignore-index must be an integer in [-2147483648, 2147483647]; got '${flags.ignoreIndex}'`,
    );
  }
  return v;
}

function sizeOf(t: ArrayLike<number> | ArrayLike<bigint>): number {
  return t.length;
}

/** Targets read whole (4–8 bytes a position) for the streamed routes. */
async function streamTargets(ctx: Context, file: string | undefined) {
  if (file === undefined) return undefined;
  const data = await readTargets(ctx, file);
  return { data, label: ctx.origins.target.label };
}

async function loss(ctx: Context, logitsFile: string, targetsFile: string | undefined, flags: LogitFlags) {
  const unit = unitOf(flags);
  if (wantsStream([logitsFile], flags)) {
    if (flags.labelSmoothing !== undefined) {
      throw new UserError(
        '--label-smoothing is not available on streamed input (.kld, safetensors, --memory, --shard)',
      );
    }
    const threads = threadsOf(flags);
    const ignoreIndex = ignoreIndexOf(flags);
    await lossStream(ctx, logitsFile, await streamTargets(ctx, targetsFile), unit, {
      ...flags,
      threads,
      ignoreIndex,
    });
    return;
  }
  if (targetsFile === undefined) {
    throw new UserError(
      `${logitsFile}: give the targets (token ids) as the second argument; only a .kld file stores its own`,
    );
  }
  const { a, src } = await readLogits(ctx, logitsFile, 'input');
  // crossEntropyLoss names the logits 'input', softmaxEntropy 'logits': both are this file.
  ctx.origins.logits = ctx.origins.input;
  if (a.shape.length !== 2) {
    throw new UserError(
      `${src.label}: expected logits of shape (positions, classes); got (${a.shape.join(', ')})`,
    );
  }
  const targets = await readTargets(ctx, targetsFile);
  const [n, c] = a.shape;
  if (sizeOf(targets) !== n) {
    throw new UserError(
      `${ctx.origins.target.label}: ${sizeOf(targets)} targets for ${n} positions of ${src.label} (shape (${a.shape.join(', ')}))`,
    );
  }
  const smoothing =
    flags.labelSmoothing === undefined ? 0 : parseReal(flags.labelSmoothing, '--label-smoothing');
  const ignoreIndex = ignoreIndexOf(flags);
  const threads = threadsOf(flags);
  const input = { data: a.data as Float32Array | Float64Array, shape: a.shape };
  const nll = crossEntropyLoss(input, targets, { ignoreIndex, grad: false, threads }).loss;
  const smoothed =
    smoothing === 0
      ? nll
      : crossEntropyLoss(input, targets, { ignoreIndex, labelSmoothing: smoothing, grad: false }).loss;
  let ignored = 0;
  for (let i = 0; i < n; i++) if (Number(targets[i]) === ignoreIndex) ignored++;
  // Mean entropy of the predictions over the positions scored (a calibrated model's equals its cross entropy).
  const h = softmaxEntropy(input, { threads });
  let hSum = 0;
  for (let i = 0; i < n; i++) if (Number(targets[i]) !== ignoreIndex) hSum += h[i];
  const meanEntropy = n - ignored > 0 ? hSum / (n - ignored) : Number.NaN;
  printLoss(
    {
      files: [src.label, ctx.origins.target.label],
      positions: n,
      ignored,
      classes: c,
      crossEntropy: nll,
      labelSmoothing: smoothing,
      loss: smoothed,
      meanEntropy,
      perplexity: perplexity({ nll }),
      bitsPerToken: bitsPerToken(nll),
    },
    unit,
    flags.json,
  );
}

async function compare(ctx: Context, baseFile: string, otherFile: string, flags: LogitFlags) {
  const unit: Unit = unitOf(flags);
  if (wantsStream([baseFile, otherFile], flags)) {
    const threads = threadsOf(flags);
    await compareStream(ctx, baseFile, otherFile, await streamTargets(ctx, flags.targets), unit, {
      ...flags,
      threads,
    });
    return;
  }
  const base = await readLogits(ctx, baseFile, 'base');
  const other = await readLogits(ctx, otherFile, 'other');
  const sa = base.a.shape;
  const sb = other.a.shape;
  if (sa.length !== sb.length || sa.some((d, i) => d !== sb[i])) {
    throw new UserError(
      `${other.src.label}: shape (${sb.join(', ')}) does not match ${base.src.label}'s (${sa.join(', ')}); both must be (positions, vocabulary) for the same tokens`,
    );
  }
  const targets = flags.targets === undefined ? undefined : await readTargets(ctx, flags.targets);
  const threads = threadsOf(flags);
  const r = compareLogits(
    { data: base.a.data as Float32Array | Float64Array, shape: sa },
    { data: other.a.data as Float32Array | Float64Array, shape: sb },
    targets === undefined ? { threads } : { targets: targets as ArrayLike<number>, threads },
  );
  printComparison(
    r,
    { base: base.src.label, other: other.src.label, targets: targets ? ctx.origins.target.label : undefined },
    sa[sa.length - 1],
    unit,
    flags.json,
  );
}

/** --memory, --shard, --state, --quiet, --progress: the streamed route's flags. */
function streamFlags(cmd: Command): Command {
  return cmd
    .option(
      '--memory <size>',
      `memory budget of the streamed route, e.g. 512M, 4G (default ${DEFAULT_MEMORY / 2 ** 30}G; peak RSS stays below it whatever the file size)`,
    )
    .option('--shard <i/n>', 'only the i-th of n equal runs of positions (1-based), for `surprisal merge`')
    .option('--state <file>', "write this run's mergeable state (JSON) to the file, for `surprisal merge`")
    .option('--quiet', 'no progress bar (shown on a terminal only, on stderr)')
    .option('--progress', 'show the progress bar on stderr even when it is not a terminal')
    .addOption(new Option('--block-rows <n>', 'rows per block (tests, benchmarks)').hideHelp());
}

/** Registers `loss` and `compare-logits`. */
export function registerLogits(
  program: Command,
  run: (f: (ctx: Context) => Promise<void>) => Promise<void>,
): void {
  const l = program
    .command('loss')
    .description('cross entropy, perplexity and bits per token of logits against target token ids')
    .argument(
      '<logits>',
      '.npy (float32 / float64; streamed also float16, bfloat16 as uint16), FILE.safetensors[:TENSOR], or a llama.cpp KL-divergence file (.kld), shape (positions, classes)',
    )
    .argument(
      '[targets]',
      '.npy of int32 / int64 class indices, shape (positions,) (or a CSV column); a .kld file brings its own tokens',
    )
    .option(
      '--label-smoothing <eps>',
      'also report the loss with label smoothing eps in [0, 1] (PyTorch semantics)',
    )
    .option('--ignore-index <i>', 'target value of positions to leave out (default -100, as PyTorch)')
    .option('--threads <n>', 'threads for the float32 kernels (default 1)');
  streamFlags(l);
  unitFlags(l);
  outputFlags(l);
  example(
    l,
    `
  $ surprisal loss logits.npy targets.npy --label-smoothing 0.1
  quantity                      value  unit
  cross entropy (mean NLL)   0.728894  nats/token
  loss, label smoothing 0.1  0.816394  nats/token
  predictive entropy (mean)  0.736737  nats/token
  perplexity                  2.07279
  bits per token              1.05157  bits/token
  positions                         4  tokens
  classes                           3

The perplexity and bits per token come from the plain cross entropy, not the smoothed loss. The predictive
entropy is the mean entropy of softmax(logits) over the positions scored (near the cross entropy for a
calibrated model, below it for an overconfident one).
--json keys: command, files, positions, ignored, classes, unit, crossEntropy, labelSmoothing, loss,
meanEntropy, perplexity, bitsPerToken.

Streamed route (a .kld or safetensors file, an .npy over half the --memory budget, or any of --memory,
--shard, --state, --quiet, --progress): the file is read in double-buffered row blocks within --memory, and
the report adds the standard errors (crossEntropyStdError, perplexityStdError) and top-1 accuracy
(accuracy {rate, stdError}); --label-smoothing is not available there. For a .kld file the targets are its
stored tokens and the logits its decoded log-probabilities (llama.cpp's PPL(base)):
    surprisal loss base.kld`,
  );
  l.action((logits: string, targets: string | undefined, flags: LogitFlags) =>
    run((ctx) => loss(ctx, logits, targets, flags)),
  );

  const c = program
    .command('compare-logits')
    .description("compare two models' logits for the same tokens, as llama.cpp's perplexity --kl-divergence")
    .argument(
      '<base>',
      'logits of the reference model, shape (positions, vocabulary): .npy, FILE.safetensors[:TENSOR] or a llama.cpp KL-divergence file (.kld)',
    )
    .argument(
      '<other>',
      'logits of the model compared (Q), same positions and vocabulary (any of those formats)',
    )
    .option('--targets <file>', 'the true next tokens (.npy of int32 / int64): adds perplexities and Δp')
    .option('--threads <n>', 'threads for the float32 kernels (default 1)');
  streamFlags(c);
  unitFlags(c);
  outputFlags(c);
  example(
    c,
    `
  $ surprisal compare-logits logits.npy other.npy
  logits.npy (base) vs other.npy (Q): 4 positions, vocabulary 3
  ====== KL divergence statistics ======
  Mean    KLD    0.0149755  ± 0.00957754  nats
  Maximum KLD    0.0421926                nats
  99.9%   KLD    0.0421092                nats
  99%     KLD    0.0413579                nats
  95%     KLD    0.0380189                nats
  90%     KLD    0.0338452                nats
  Median  KLD   0.00885475                nats
  10%     KLD   0.00100255                nats
  5%      KLD  0.000501275                nats
  1%      KLD  0.000100255                nats
  0.1%    KLD   1.00255e-5                nats
  Minimum KLD            0                nats
  Same top p            75          ± 25  %

KL(base‖Q) per position, in nats unless --base / --bits. With --targets: perplexities, their ratio, and
Δp = p_Q(target) − p_base(target) in percent.
--json keys: command, files, positions, vocabulary, unit, kl {mean, stdError, min, max, median,
percentiles}, sameTop {rate, stdError}; with --targets perplexity {base, other, ratio, lnRatio} and deltaP
(as kl, in probability, plus rms {value, stdError}).

Streamed route (as for loss): the same report from row blocks, percentiles exact up to 65536 positions and
then from a mergeable sketch whose rank-error bounds are in rankError. A .kld file (llama-perplexity
--kl-divergence-base FILE --save-all-logits) gives its decoded log-probabilities and its tokens as targets;
two .kld files must hold the same tokens. As llama.cpp, base log-probabilities at or below -16 (where
its packing floors the tail) count as probability 0 (the target's excepted); the kept row is renormalised,
so the mean KL differs from llama.cpp's by about how far the quantised row's total misses 1 (~1e-5).
Sharded over machines:
    surprisal compare-logits base.kld q4.npy --shard 1/2 --state s1.json
    surprisal compare-logits base.kld q4.npy --shard 2/2 --state s2.json
    surprisal merge s1.json s2.json`,
  );
  c.action((b: string, o: string, flags: LogitFlags) => run((ctx) => compare(ctx, b, o, flags)));
}
