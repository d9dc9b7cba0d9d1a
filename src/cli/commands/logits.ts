/**
 * `surprisal loss LOGITS.npy TARGETS.npy` and `surprisal compare-logits BASE.npy OTHER.npy [--targets T.npy]`:
 * the model-evaluation report of llama.cpp's `perplexity` tool (`--kl-divergence` for the comparison).
 * @module
 */
import type { Command } from 'commander';
import {
  bitsPerToken,
  compareLogits,
  crossEntropyLoss,
  perplexity,
  type Summary,
  softmaxEntropy,
} from '../../index.js';
import { type Context, example, outputFlags, unitFlags } from '../common.js';
import { UserError } from '../errors.js';
import { openSource, readNpy, type Source } from '../input/source.js';
import { readVector } from '../input/tables.js';
import { type Npy, npyIndex } from '../npy.js';
import { fmt, parseInteger, parseReal, printJson, printText, table, type Unit, unitOf } from '../output.js';

interface LogitFlags {
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

async function loss(ctx: Context, logitsFile: string, targetsFile: string, flags: LogitFlags) {
  const unit = unitOf(flags);
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
  const ppl = perplexity({ nll });
  const bpt = bitsPerToken(nll);
  const doc = {
    command: 'loss',
    files: [src.label, ctx.origins.target.label],
    positions: n,
    ignored,
    classes: c,
    unit: unit.name,
    crossEntropy: nll / unit.ln,
    labelSmoothing: smoothing,
    loss: smoothed / unit.ln,
    meanEntropy: meanEntropy / unit.ln,
    perplexity: ppl,
    bitsPerToken: bpt,
  };
  if (flags.json) {
    printJson(doc);
    return;
  }
  const rows = [['quantity', 'value', 'unit']];
  rows.push(['cross entropy (mean NLL)', fmt(doc.crossEntropy), `${unit.name}/token`]);
  if (smoothing !== 0)
    rows.push([`loss, label smoothing ${fmt(smoothing)}`, fmt(doc.loss), `${unit.name}/token`]);
  rows.push(['predictive entropy (mean)', fmt(doc.meanEntropy), `${unit.name}/token`]);
  rows.push(['perplexity', fmt(ppl), ''], ['bits per token', fmt(bpt), 'bits/token']);
  rows.push(['positions', ignored ? `${n - ignored} (+${ignored} ignored)` : String(n), 'tokens']);
  rows.push(['classes', String(c), '']);
  printText(table(rows, ['l', 'r', 'l']));
}

const KL_ORDER = ['99.9', '99', '95', '90', '50', '10', '5', '1', '0.1'];
const DP_ORDER = ['99.9', '99', '95', '90', '75', '50', '25', '10', '5', '1', '0.1'];

/** llama.cpp's order: mean ± s.e., maximum, the percentiles from the top (50 as the median), minimum. */
function summaryRows(name: string, s: Summary, scale: number, unit: string, order: string[]): string[][] {
  const v = (x: number) => fmt(x * scale);
  const label = (p: string) => (p === '50' ? 'Median' : `${p}%`).padEnd(7);
  return [
    [`Mean    ${name}`, v(s.mean), `± ${v(s.stdError)}`, unit],
    [`Maximum ${name}`, v(s.max), '', unit],
    ...order.map((p) => [`${label(p)} ${name}`, v(s.percentiles[p]), '', unit]),
    [`Minimum ${name}`, v(s.min), '', unit],
  ];
}

async function compare(ctx: Context, baseFile: string, otherFile: string, flags: LogitFlags) {
  const unit: Unit = unitOf(flags);
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
  const k = 1 / unit.ln;
  const scaled = (s: Summary, f: number) => ({
    mean: s.mean * f,
    stdError: s.stdError * f,
    min: s.min * f,
    max: s.max * f,
    median: s.median * f,
    percentiles: Object.fromEntries(Object.entries(s.percentiles).map(([p, x]) => [p, x * f])),
  });
  const doc: Record<string, unknown> = {
    command: 'compare-logits',
    files: [base.src.label, other.src.label, ...(targets ? [ctx.origins.target.label] : [])],
    positions: r.positions,
    vocabulary: sa[sa.length - 1],
    unit: unit.name,
    kl: scaled(r.klSummary, k),
    sameTop: r.sameTop,
  };
  if (r.targets) {
    const t = r.targets;
    doc.perplexity = {
      base: t.perplexityBase,
      other: t.perplexityOther,
      ratio: t.perplexityRatio,
      lnRatio: t.lnRatio,
    };
    doc.deltaP = { ...scaled(t.deltaPSummary, 1), rms: t.rmsDeltaP };
  }
  if (flags.json) {
    printJson(doc);
    return;
  }
  // Section titles stand on their own lines, outside the table's columns.
  const rows: string[][] = [];
  const sections = new Map<number, string>();
  const section = (s: string) => sections.set(rows.length, `====== ${s} ======`);
  if (r.targets) {
    const t = r.targets;
    section('Perplexity statistics');
    rows.push(['Mean PPL(Q)', fmt(t.perplexityOther), '', '']);
    rows.push(['Mean PPL(base)', fmt(t.perplexityBase), '', '']);
    rows.push(['Mean ln(PPL(Q)/PPL(base))', fmt(t.lnRatio.mean), `± ${fmt(t.lnRatio.stdError)}`, 'nats']);
    rows.push(['Mean PPL(Q)/PPL(base)', fmt(t.perplexityRatio), '', '']);
  }
  section('KL divergence statistics');
  rows.push(...summaryRows('KLD', r.klSummary, k, unit.name, KL_ORDER));
  if (r.targets) {
    const t = r.targets;
    section('Token probability statistics');
    rows.push(...summaryRows('Δp', t.deltaPSummary, 100, '%', DP_ORDER), [
      'RMS Δp',
      fmt(t.rmsDeltaP.value * 100),
      `± ${fmt(t.rmsDeltaP.stdError * 100)}`,
      '%',
    ]);
  }
  rows.push(['Same top p', fmt(r.sameTop.rate * 100), `± ${fmt(r.sameTop.stdError * 100)}`, '%']);
  const head = `${base.src.label} (base) vs ${other.src.label} (Q): ${r.positions} positions, vocabulary ${sa[sa.length - 1]}`;
  const lines = table(rows, ['l', 'r', 'r', 'l']).split('\n');
  const out = lines.flatMap((line, i) => (sections.has(i) ? [sections.get(i) as string, line] : [line]));
  printText([head, ...out].join('\n'));
}

/** Registers `loss` and `compare-logits`. */
export function registerLogits(
  program: Command,
  run: (f: (ctx: Context) => Promise<void>) => Promise<void>,
): void {
  const l = program
    .command('loss')
    .description('cross entropy, perplexity and bits per token of logits against target token ids')
    .argument('<logits>', '.npy of float32 / float64 logits, shape (positions, classes)')
    .argument('<targets>', '.npy of int32 / int64 class indices, shape (positions,) (or a CSV column)')
    .option(
      '--label-smoothing <eps>',
      'also report the loss with label smoothing eps in [0, 1] (PyTorch semantics)',
    )
    .option('--ignore-index <i>', 'target value of positions to leave out (default -100, as PyTorch)')
    .option('--threads <n>', 'threads for the float32 kernels (default 1)');
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
meanEntropy, perplexity, bitsPerToken.`,
  );
  l.action((logits: string, targets: string, flags: LogitFlags) =>
    run((ctx) => loss(ctx, logits, targets, flags)),
  );

  const c = program
    .command('compare-logits')
    .description("compare two models' logits for the same tokens, as llama.cpp's perplexity --kl-divergence")
    .argument('<base>', '.npy logits of the reference model, shape (positions, vocabulary)')
    .argument('<other>', '.npy logits of the model compared (Q), same shape')
    .option('--targets <file>', 'the true next tokens (.npy of int32 / int64): adds perplexities and Δp')
    .option('--threads <n>', 'threads for the float32 kernels (default 1)');
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
(as kl, in probability, plus rms {value, stdError}).`,
  );
  c.action((b: string, o: string, flags: LogitFlags) => run((ctx) => compare(ctx, b, o, flags)));
}
