/**
 * `surprisal psis LOGRATIOS.csv [--output weights.csv]`: Pareto-smoothed importance weights and the diagnosis
 * of their k̂.
 * @module
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import type { Command } from 'commander';
import { psis } from '../../index.js';
import { type Context, example, inputFlags, outputFlags } from '../common.js';
import { describeFileError } from '../errors.js';
import { readColumns } from '../input/columns.js';
import { openSource } from '../input/source.js';
import { fmt, parseReal, printJson, printText, quantityTable } from '../output.js';

interface PsisFlags {
  column?: string;
  rEff?: string;
  output?: string;
  json?: boolean;
  format?: string;
  header?: boolean;
}

/** Writes the smoothed log weights as a one-column CSV, in blocks (full precision: String(x) round-trips). */
function writeWeights(file: string, lw: Float64Array): void {
  let fd: number;
  try {
    fd = openSync(file, 'w');
  } catch (err) {
    throw describeFileError(err, file) ?? err;
  }
  try {
    writeSync(fd, 'log_weight\n');
    const BLOCK = 65536;
    for (let i = 0; i < lw.length; i += BLOCK) {
      const end = Math.min(lw.length, i + BLOCK);
      const lines: string[] = [];
      for (let j = i; j < end; j++) lines.push(String(lw[j]));
      writeSync(fd, `${lines.join('\n')}\n`);
    }
  } finally {
    closeSync(fd);
  }
}

async function run(ctx: Context, file: string, flags: PsisFlags) {
  const src = await openSource(file, flags.format);
  const [c] = await readColumns(src, [flags.column], 'numeric', { header: flags.header });
  ctx.origins.logRatios = c.origin;
  const rEff = flags.rEff === undefined ? 1 : parseReal(flags.rEff, '--r-eff');
  const r = psis(c.values as Float64Array, { rEff });
  if (flags.output) writeWeights(flags.output, r.logWeights);
  const d = r.diagnosis;
  if (flags.json) {
    printJson({
      command: 'psis',
      files: [src.label],
      columns: [c.name],
      samples: c.n,
      rEff,
      khat: r.khat,
      ess: r.ess,
      tailLength: r.tailLength,
      diagnosis: {
        category: d.category,
        threshold: d.threshold,
        minSampleSize: d.minSampleSize,
        convergenceRate: d.convergenceRate,
        message: d.message,
      },
      output: flags.output ?? null,
    });
    return;
  }
  const rows = [
    { name: 'k̂', value: fmt(r.khat) },
    { name: 'k̂ threshold', value: fmt(d.threshold) },
    { name: 'ESS', value: fmt(r.ess), unit: 'draws' },
    { name: 'samples S', value: String(c.n), unit: 'draws' },
    { name: 'tail length M', value: String(r.tailLength), unit: 'draws' },
    { name: 'min. sample size', value: fmt(d.minSampleSize), unit: 'draws' },
    { name: 'convergence rate', value: fmt(d.convergenceRate) },
  ];
  const out = flags.output ? `\nsmoothed normalised log weights written to ${flags.output}` : '';
  printText(`${quantityTable(rows)}\n${d.category}: ${d.message}${out}`);
}

/** Registers `psis`. */
export function registerPsis(
  program: Command,
  runAction: (f: (ctx: Context) => Promise<void>) => Promise<void>,
): void {
  const cmd = program
    .command('psis')
    .description('Pareto-smoothed importance sampling of log ratios: k̂, ESS and what they say')
    .argument('<file>', "log importance ratios log p(x) − log q(x), one column (CSV, TSV, JSON, .npy or '-')")
    .option('--column <name>', 'the column of log ratios (a header name or a number from 1)')
    .option('--r-eff <r>', 'relative efficiency of MCMC draws (default 1: independent draws)')
    .option('--output <file>', 'write the smoothed, normalised log weights to this CSV');
  inputFlags(cmd);
  outputFlags(cmd);
  example(
    cmd,
    `
  $ surprisal psis logratios.csv
  quantity             value  unit
  k̂                 0.290753
  k̂ threshold       0.666667
  ESS                376.972  draws
  samples S             1000  draws
  tail length M           95  draws
  min. sample size   25.7008  draws
  convergence rate  0.976396
  good: k̂ = 0.291 ≤ 0.667: the estimate is reliable with S = 1000.

--output weights.csv writes the smoothed log weights, normalised (their log-sum-exp is 0), one per line.
--json keys: command, files, columns, samples, rEff, khat, ess, tailLength, diagnosis {category, threshold,
minSampleSize, convergenceRate, message}, output.`,
  );
  cmd.action((file: string, flags: PsisFlags) => runAction((ctx) => run(ctx, file, flags)));
}
