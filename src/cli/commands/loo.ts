/**
 * `surprisal loo FILE [FILE…]`: PSIS leave-one-out cross-validation of one model (loo's summary: estimates ± SE,
 * the Pareto k̂ table, the influential observations) or the comparison of several (loo_compare, and model weights
 * with --weights), from pointwise log-likelihood matrices.
 * @module
 */
import { basename } from 'node:path';
import { type Command, Option } from 'commander';
import { type LooResult, loo, looCompare, type ModelWeightsMethod, modelWeights } from '../../index.js';
import { type Context, example, inputFlags, outputFlags } from '../common.js';
import { UserError } from '../errors.js';
import { openSource } from '../input/source.js';
import { readNumericTable } from '../input/tables.js';
import { fmt, parseInteger, parseReal, parseThreads, printJson, printText, table } from '../output.js';

interface LooFlags {
  chains?: string;
  rEff?: string;
  weights?: ModelWeightsMethod;
  threads?: string;
  json?: boolean;
  format?: string;
  header?: boolean;
}

/** A model's log-likelihood: [S, N] or [chains, draws, N] (with --chains K splitting S rows into K chains). */
async function readModel(ctx: Context, file: string, flags: LooFlags) {
  const src = await openSource(file, flags.format);
  const t = await readNumericTable(src, { header: flags.header });
  ctx.origins.logLik = t.origin;
  let shape = t.shape;
  if (flags.chains !== undefined) {
    const k = parseInteger(flags.chains, '--chains', 1);
    if (shape.length !== 2) {
      throw new UserError(
        `${src.label}: --chains splits the rows of an (S, N) matrix; this array is (${shape.join(', ')})`,
      );
    }
    if (shape[0] % k !== 0) {
      throw new UserError(`${src.label}: ${shape[0]} draws do not split into ${k} chains of equal length`);
    }
    shape = [k, shape[0] / k, shape[1]];
  }
  return { label: src.label, logLik: { data: t.data, shape } };
}

function modelName(label: string, taken: Set<string>): string {
  const base = label === '<stdin>' ? 'stdin' : basename(label).replace(/\.(csv|tsv|json|npy)$/i, '');
  let name = base;
  for (let i = 2; taken.has(name); i++) name = `${base}#${i}`;
  taken.add(name);
  return name;
}

function summary(r: LooResult, label: string): string {
  const e = r.estimates;
  const d = r.diagnostics;
  const est = table(
    [
      ['', 'Estimate', 'SE'],
      ['elpd_loo', fmt(e.elpdLoo.value, 5), fmt(e.elpdLoo.stdError, 3)],
      ['p_loo', fmt(e.pLoo.value, 5), fmt(e.pLoo.stdError, 3)],
      ['looic', fmt(e.looic.value, 5), fmt(e.looic.stdError, 3)],
    ],
    ['l', 'r', 'r'],
  );
  const k = table(
    [
      ['Pareto k̂', '', 'Count', 'Pct.', 'Min. n_eff'],
      ...d.khatTable.map((row) => [
        row.range,
        `(${row.category})`,
        String(row.count),
        `${(100 * row.proportion).toFixed(1)}%`,
        row.minNEff === null ? '-' : fmt(row.minNEff, 4),
      ]),
    ],
    ['l', 'l', 'r', 'r', 'r'],
  );
  const mcse =
    d.mcseElpdLoo === null
      ? `Monte Carlo SE of elpd_loo is unreliable (some k̂ > ${fmt(d.threshold, 3)}).`
      : `Monte Carlo SE of elpd_loo is ${fmt(d.mcseElpdLoo, 3)}.`;
  const bad =
    d.badObservations.length === 0
      ? `All Pareto k̂ are at most ${fmt(d.threshold, 3)}: the estimate is reliable.`
      : `Observations (numbered from 1) with k̂ > ${fmt(d.threshold, 3)}: ${d.badObservations
          .slice(0, 50)
          .map((i) => i + 1)
          .join(
            ', ',
          )}${d.badObservations.length > 50 ? ', …' : ''}\n(refit without them, use more draws, or a model less sensitive to them)`;
  return `${label}: computed from ${r.draws} by ${r.observations} log-likelihood matrix\n\n${est}\n${mcse}\n\n${k}\n${bad}`;
}

async function run(ctx: Context, files: string[], flags: LooFlags) {
  const rEff = flags.rEff === undefined ? undefined : parseReal(flags.rEff, '--r-eff');
  const threads = parseThreads(flags.threads);
  if (flags.weights !== undefined && files.length < 2) {
    throw new UserError('--weights needs at least two models (one log-likelihood file each)');
  }
  const taken = new Set<string>();
  const fits: { name: string; label: string; r: LooResult }[] = [];
  for (const file of files) {
    const m = await readModel(ctx, file, flags);
    const r = loo(m.logLik, rEff === undefined ? { threads } : { rEff, threads });
    fits.push({ name: modelName(m.label, taken), label: m.label, r });
  }
  const estimates = (r: LooResult) => ({
    elpdLoo: r.estimates.elpdLoo,
    pLoo: r.estimates.pLoo,
    looic: r.estimates.looic,
  });
  if (fits.length === 1) {
    const { label, r } = fits[0];
    if (flags.json) {
      printJson({
        command: 'loo',
        files: [label],
        draws: r.draws,
        observations: r.observations,
        estimates: estimates(r),
        mcseElpdLoo: r.diagnostics.mcseElpdLoo,
        threshold: r.diagnostics.threshold,
        khatTable: r.diagnostics.khatTable,
        badObservations: r.diagnostics.badObservations,
        pointwise: {
          elpdLoo: Array.from(r.pointwise.elpdLoo),
          pLoo: Array.from(r.pointwise.pLoo),
          khat: Array.from(r.pointwise.khat),
          nEff: Array.from(r.diagnostics.nEff),
        },
      });
      return;
    }
    printText(summary(r, label));
    return;
  }
  const models = Object.fromEntries(fits.map((f) => [f.name, f.r]));
  const rows = looCompare(models);
  const weights = flags.weights ? modelWeights(models, { method: flags.weights }) : undefined;
  if (flags.json) {
    printJson({
      command: 'loo',
      files: fits.map((f) => f.label),
      models: fits.map((f) => ({
        name: f.name,
        file: f.label,
        estimates: estimates(f.r),
        badObservations: f.r.diagnostics.badObservations,
      })),
      comparison: rows.map((row) => ({ model: row.model, elpdDiff: row.elpdDiff, seDiff: row.seDiff })),
      weights: weights ? { method: flags.weights, values: weights } : null,
    });
    return;
  }
  const head = ['model', 'elpd_diff', 'se_diff', 'elpd_loo', 'se_elpd_loo', 'p_loo', 'looic', 'k̂ > thr.'];
  if (weights) head.push(`weight (${flags.weights})`);
  const body = rows.map((row) => {
    const f = fits.find((x) => x.name === row.model) as (typeof fits)[number];
    const e = f.r.estimates;
    const cells = [
      row.model,
      fmt(row.elpdDiff, 4),
      fmt(row.seDiff, 3),
      fmt(e.elpdLoo.value, 5),
      fmt(e.elpdLoo.stdError, 3),
      fmt(e.pLoo.value, 3),
      fmt(e.looic.value, 5),
      String(f.r.diagnostics.badObservations.length),
    ];
    if (weights) cells.push(fmt(weights[row.model], 3));
    return cells;
  });
  printText(
    `${table([head, ...body], ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r'])}\n` +
      "elpd_diff: elpd_loo minus the best model's; se_diff: SE of that difference, paired over observations.",
  );
}

/** Registers `loo`. */
export function registerLoo(
  program: Command,
  runAction: (f: (ctx: Context) => Promise<void>) => Promise<void>,
): void {
  const cmd = program
    .command('loo')
    .description(
      'PSIS leave-one-out cross-validation (as R loo): elpd_loo ± SE and Pareto k̂ of one model, or the comparison of several',
    )
    .argument(
      '<files...>',
      "pointwise log-likelihood per model: an (S draws, N observations) matrix (CSV, TSV, JSON) or .npy of shape (S, N) or (chains, draws, N); '-' for stdin",
    )
    .option(
      '--chains <K>',
      'the S rows are K chains of equal length, one after the other (r_eff from the chains)',
    )
    .option(
      '--r-eff <r>',
      'relative efficiency of the draws for every observation (default 1, or from the chains)',
    )
    .option('--threads <n>', 'threads to share the observations among (default 1)')
    .addOption(
      new Option('--weights <method>', 'also print model weights (several models)').choices([
        'stacking',
        'pseudo-bma+',
        'pseudo-bma',
      ]),
    );
  inputFlags(cmd);
  outputFlags(cmd);
  example(
    cmd,
    `
  $ surprisal loo loglik.csv
  loglik.csv: computed from 400 by 4 log-likelihood matrix
  
            Estimate    SE
  elpd_loo   -8.8471  2.56
  p_loo       1.9332  1.01
  looic       17.694  5.13
  Monte Carlo SE of elpd_loo is 0.135.
  
  Pareto k̂                   Count    Pct.  Min. n_eff
  (-Inf, 0.616]  (good)          4  100.0%       83.94
  (0.616, 1]     (bad)           0    0.0%           -
  (1, Inf)       (very bad)      0    0.0%           -
  All Pareto k̂ are at most 0.616: the estimate is reliable.

Several files compare the models (best first; --weights stacking adds weights). --json keys (one model): command,
files, draws, observations, estimates {elpdLoo, pLoo, looic: {value, stdError}}, mcseElpdLoo, threshold, khatTable,
badObservations (0-based), pointwise {elpdLoo, pLoo, khat, nEff}; several: command, files, models, comparison, weights.`,
  );
  cmd.action((files: string[], flags: LooFlags) => runAction((ctx) => run(ctx, files, flags)));
}
