/**
 * `surprisal estimate entropy|mi|kl DATA --column NAME [--column2 NAME] --method ...`: estimators on columns
 * of a data file, with their standard errors.
 * @module
 */
import { Argument, type Command } from 'commander';
import {
  type DifferentialEntropyMethod,
  type EntropyMethod,
  estimateDifferentialEntropy,
  estimateEntropy,
  estimateKlDivergence,
  estimateMutualInformation,
  type KlDivergenceMethod,
  type MutualInformationMethod,
} from '../../index.js';
import { type Context, example, inputFlags, outputFlags, unitFlags } from '../common.js';
import { UserError } from '../errors.js';
import { type Column, type ReadOptions, readColumns } from '../input/columns.js';
import { openSource } from '../input/source.js';
import { readTypeFlags, type TypeFlags, typeOfColumn, typeReason } from '../input/types.js';
import {
  fmt,
  parseInteger,
  parseReal,
  parseSeed,
  printJson,
  printText,
  quantityTable,
  unitOf,
} from '../output.js';

const WHAT = ['entropy', 'mi', 'kl'] as const;
type What = (typeof WHAT)[number];

interface EstimateFlags extends TypeFlags {
  column?: string;
  column2?: string;
  method?: string;
  k?: string;
  resamples?: string;
  seed?: string;
  ci?: string;
  alphabetSize?: string;
  base?: string;
  bits?: boolean;
  json?: boolean;
  format?: string;
  header?: boolean;
  dropMissing?: boolean;
}

/** `--ci`: a level strictly between 0 and 1 (0 would silently print no interval). */
function parseLevel(text: string): number {
  const level = parseReal(text, '--ci');
  if (!(level > 0 && level < 1)) {
    throw new UserError(`--ci must be a confidence level between 0 and 1, e.g. 0.95; got '${text}'`);
  }
  return level;
}

/** The samples of a column as the estimators take them: numbers, or the category of each row. */
function samplesOf(c: Column): Float64Array | string[] {
  return (c.values ?? c.categories) as Float64Array | string[];
}

/** The counts of a column's distinct values, in order of first appearance. */
function countsOf(c: Column): Float64Array {
  const counts = new Map<string | number, number>();
  for (const v of samplesOf(c)) counts.set(v, (counts.get(v) ?? 0) + 1);
  return Float64Array.from(counts.values());
}

function describeColumn(c: Column): string {
  return `column '${c.name}' of ${c.origin.label}`;
}

async function estimate(
  ctx: Context,
  what: What,
  file: string,
  file2: string | undefined,
  flags: EstimateFlags,
) {
  const unit = unitOf(flags);
  const common = {
    base: unit.base,
    seed: parseSeed(flags.seed),
    ...(flags.resamples === undefined ? {} : { resamples: parseInteger(flags.resamples, '--resamples') }),
    ...(flags.ci === undefined ? {} : { confidence: parseLevel(flags.ci) }),
  };
  if (flags.alphabetSize !== undefined && what !== 'entropy') {
    throw new UserError(
      '--alphabet-size applies to the entropy of categories (estimate entropy of a discrete column)',
    );
  }
  const k = flags.k === undefined ? undefined : parseInteger(flags.k, '--k', 1);
  // Notes and warnings are printed once the estimate is made, so that an error stays one line on stderr.
  const warnings: string[] = [];
  const notes: string[] = [];
  const warn = (message: string) => {
    warnings.push(message);
  };
  const note = (message: string) => notes.push(message);
  const read: ReadOptions = { header: flags.header, missing: flags.dropMissing ? 'drop' : 'error', warn };
  const src = await openSource(file, flags.format);
  let symbol: string;
  let title: string;
  let result: {
    value: number;
    stdError: number;
    method: string;
    n: number;
    ci?: [number, number];
    stdErrorMethod?: string;
    warnings?: string[];
  } & Record<string, unknown>;
  const doc: Record<string, unknown> = { command: 'estimate', measure: what };
  let rename = (w: string) => w;
  const details: { name: string; value: string; unit?: string }[] = [];

  if (what === 'entropy') {
    if (file2 !== undefined) throw new UserError('estimate entropy takes one file');
    if (flags.column2 !== undefined) throw new UserError('estimate entropy takes one column (--column)');
    const [c] = await readColumns(src, [flags.column], 'auto', read);
    const overrides = readTypeFlags(flags, [c.name, ...(flags.column === undefined ? [] : [flags.column])]);
    const { type, inferred } = typeOfColumn(c, flags.column, overrides);
    if (flags.alphabetSize !== undefined && type === 'continuous') {
      throw new UserError('--alphabet-size applies to the entropy of categories (a discrete column)');
    }
    if (inferred && type === 'continuous') note(typeReason(c, type));
    if (type === 'continuous') {
      ctx.origins.samples = c.origin;
      rename = (w) => w.replace(/^samples\b/, `column '${c.name}'`);
      const r = estimateDifferentialEntropy(c.values as Float64Array, {
        ...common,
        method: (flags.method ?? 'auto') as DifferentialEntropyMethod,
        ...(k === undefined ? {} : { k }),
      });
      result = { ...r };
      symbol = `h(${c.name})`;
      title = `differential entropy of ${describeColumn(c)}`;
      Object.assign(doc, { continuous: true, files: [src.label], columns: [c.name], types: [type] });
      details.push({ name: 'samples', value: String(r.n) });
      if (r.k !== undefined) details.push({ name: 'neighbours k', value: String(r.k) });
      if (r.windowLength !== undefined) details.push({ name: 'window m', value: String(r.windowLength) });
    } else {
      if (k !== undefined)
        throw new UserError('--k applies to the kNN estimators (a continuous column, mi, kl)');
      const counts = countsOf(c);
      ctx.origins.counts = { label: c.origin.label };
      const r = estimateEntropy(
        { counts },
        {
          ...common,
          method: (flags.method ?? 'plugin') as EntropyMethod,
          ...(flags.alphabetSize === undefined
            ? {}
            : { alphabetSize: parseInteger(flags.alphabetSize, '--alphabet-size', 1) }),
        },
      );
      result = { ...r };
      symbol = `H(${c.name})`;
      title = `entropy of ${describeColumn(c)}`;
      Object.assign(doc, { continuous: false, files: [src.label], columns: [c.name], types: [type] });
      details.push(
        { name: 'samples N', value: String(r.n) },
        { name: 'categories K', value: String(r.alphabetSize) },
      );
      if (r.lambda !== undefined) details.push({ name: 'shrinkage λ', value: fmt(r.lambda) });
      if (counts.length === c.n && c.n >= 20) {
        note(
          `all ${c.n} values of column '${c.name}' are distinct: the plug-in entropy is log N, whatever the data`,
        );
      }
    }
  } else if (what === 'mi') {
    if (file2 !== undefined)
      throw new UserError('estimate mi reads two columns of one file: --column and --column2');
    if (flags.column === undefined || flags.column2 === undefined) {
      throw new UserError('estimate mi needs --column and --column2 (the paired columns X and Y)');
    }
    const [x, y] = await readColumns(src, [flags.column, flags.column2], 'auto', read);
    const overrides = readTypeFlags(flags, [x.name, y.name, flags.column, flags.column2]);
    const tx = typeOfColumn(x, flags.column, overrides).type;
    const ty = typeOfColumn(y, flags.column2, overrides).type;
    ctx.origins.x = x.origin;
    ctx.origins.y = y.origin;
    let sx = samplesOf(x);
    let sy = samplesOf(y);
    let method = flags.method as MutualInformationMethod | undefined;
    if (method === undefined) {
      // The shared rule: plug-in for discrete × discrete, Ross's mixed-pair estimator, KSG for continuous pairs.
      method = tx === 'discrete' && ty === 'discrete' ? 'plugin' : tx === ty ? 'ksg' : 'ross';
      if (method === 'ross' && tx === 'continuous') {
        [sx, sy] = [sy, sx];
        ctx.origins.x = y.origin;
        ctx.origins.y = x.origin;
      }
    }
    const [nx, ny] = sx === samplesOf(x) ? [x.name, y.name] : [y.name, x.name];
    rename = (w) => w.replace(/\b([xy])\b/g, (v) => `'${v === 'x' ? nx : ny}'`);
    const r = estimateMutualInformation(sx, sy, {
      ...common,
      method,
      ...(k === undefined ? {} : { k }),
    });
    result = { ...r };
    symbol = `I(${x.name}; ${y.name})`;
    title = `mutual information of columns '${x.name}' (${tx}) and '${y.name}' (${ty}) of ${src.label}`;
    Object.assign(doc, {
      files: [src.label],
      columns: [x.name, y.name],
      kinds: [x.kind, y.kind],
      types: [tx, ty],
    });
    details.push({ name: 'samples', value: String(r.n) });
    if (r.k !== undefined) details.push({ name: 'neighbours k', value: String(r.k) });
  } else {
    let p: Column;
    let q: Column;
    if (file2 !== undefined) {
      const src2 = await openSource(file2, flags.format);
      [p] = await readColumns(src, [flags.column], 'auto', read);
      [q] = await readColumns(src2, [flags.column2 ?? flags.column], 'auto', read);
    } else {
      if (flags.column === undefined || flags.column2 === undefined) {
        throw new UserError('estimate kl needs two files (samples of P and of Q), or --column and --column2');
      }
      [p, q] = await readColumns(src, [flags.column, flags.column2], 'auto', read);
    }
    const specs = [flags.column, flags.column2].filter((s): s is string => s !== undefined);
    const overrides = readTypeFlags(flags, [p.name, q.name, ...specs]);
    const tp = typeOfColumn(p, flags.column, overrides).type;
    const tq = typeOfColumn(q, flags.column2 ?? flags.column, overrides).type;
    let method = flags.method as KlDivergenceMethod | undefined;
    if (method === undefined) {
      if (tp !== tq) {
        throw new UserError(
          `the samples of P ('${p.name}') are ${tp} and those of Q ('${q.name}') ${tq}; name both with --discrete or --continuous`,
        );
      }
      method = tp === 'discrete' ? 'plugin' : 'knn';
    }
    ctx.origins.samplesP = p.origin;
    ctx.origins.samplesQ = q.origin;
    const r = estimateKlDivergence(samplesOf(p), samplesOf(q), {
      ...common,
      method,
      ...(k === undefined ? {} : { k }),
    });
    result = { ...r };
    symbol = 'D(P‖Q)';
    title = `KL divergence of ${describeColumn(p)} (P) from ${describeColumn(q)} (Q)`;
    Object.assign(doc, {
      files: [p.origin.label, q.origin.label],
      columns: [p.name, q.name],
      types: [tp, tq],
    });
    details.push({ name: 'samples of P', value: String(r.n) }, { name: 'samples of Q', value: String(r.m) });
    if (r.k !== undefined) details.push({ name: 'neighbours k', value: String(r.k) });
  }

  // Every warning of the estimate (ties, dropped points, why a value is infinite, ...) goes to stderr, with the
  // library's argument names (x, y, samples) replaced by the columns they came from.
  for (const w of result.warnings ?? []) warn(rename(w));
  for (const n of notes) process.stderr.write(`note: ${n}\n`);
  for (const w of warnings) process.stderr.write(`warning: ${w}\n`);
  const { value, stdError, ci } = result;
  Object.assign(doc, {
    method: result.method,
    unit: unit.name,
    value,
    stdError,
    stdErrorMethod: result.stdErrorMethod ?? null,
    n: result.n,
    warnings,
  });
  for (const key of ['m', 'alphabetSize', 'k', 'windowLength', 'lambda', 'replicates'] as const) {
    if (result[key] !== undefined) doc[key] = result[key];
  }
  if (ci) doc.ci = ci;
  if (flags.json) {
    printJson(doc);
    return;
  }
  const rows = [{ name: symbol, value: fmt(value), error: fmt(stdError), unit: unit.name }];
  if (ci) {
    const level = `${fmt(100 * (common.confidence as number))}% CI`;
    rows.push({ name: level, value: `${fmt(ci[0])} to ${fmt(ci[1])}`, error: '', unit: unit.name });
  }
  const how = result.stdErrorMethod ? `, standard error by ${result.stdErrorMethod}` : '';
  printText(`${title}\nmethod ${result.method}${how}\n${quantityTable([...rows, ...details])}`);
}

/** Registers `estimate`. */
export function registerEstimate(
  program: Command,
  run: (f: (ctx: Context) => Promise<void>) => Promise<void>,
): void {
  const cmd = program
    .command('estimate')
    .description(
      'estimate entropy, mutual information or KL divergence from samples in the columns of a file',
    )
    .addArgument(new Argument('<measure>', 'what to estimate').choices(WHAT))
    .argument('<file>', "the data: CSV, TSV, JSON or .npy; '-' reads standard input")
    .argument('[file2]', 'kl: the samples of Q (P being FILE)')
    .option(
      '--column <name>',
      'the column (a header name or a number from 1); may be left out for one column',
    )
    .option('--column2 <name>', 'mi: the column of Y; kl: the column of Q')
    .option(
      '--method <method>',
      'entropy: plugin (default), miller-madow, jeffreys, laplace, schurmann-grassberger, minimax, chao-shen, shrink, grassberger, nsb, jackknife; ' +
        'with --continuous: auto (default), vasicek, van es, ebrahimi, correa, knn; ' +
        'mi: plugin (default for discrete × discrete), miller-madow, shrink, ross (default for discrete × continuous), ksg (default for continuous pairs), ksg2; kl: plugin (discrete), knn (continuous)',
    )
    .option(
      '--continuous [columns]',
      'take these columns (a,b; alone: the columns read) as continuous: differential entropy, kNN estimators',
    )
    .option('--discrete <columns>', 'take these columns (a,b) as discrete: their values are categories')
    .option(
      '--drop-missing',
      'drop rows with a missing value (empty, NA, NaN, null) in the columns read, and say how many',
    )
    .option('--k <k>', 'neighbours of the kNN estimators (default 3)')
    .option('--alphabet-size <K>', 'entropy: the number of possible categories, seen or not')
    .option(
      '--resamples <B>',
      'resamples for the standard error (0: the analytic one where the method has one, else none)',
    )
    .option('--ci <level>', 'also print a confidence interval at this level, e.g. 0.95')
    .option('--seed <seed>', 'seed of the resampling (default 0)');
  unitFlags(cmd);
  inputFlags(cmd);
  outputFlags(cmd);
  example(
    cmd,
    `
  $ printf 'x\\na\\nb\\na\\nc\\na\\nb\\na\\nb\\n' | surprisal estimate entropy - --column x --method miller-madow --bits
  entropy of column 'x' of <stdin>
  method miller-madow, standard error by delta
  quantity        value    ± s.e.  unit
  H(x)          1.58598  0.287277  bits
  samples N           8
  categories K        3

A column is discrete (categories) or continuous by one rule, shared with rank and the library's inferColumnType:
text and booleans are discrete; numbers are discrete when they are integers with at most min(20, N/2)
distinct values (2 always), else continuous. --discrete a,b and --continuous c override it. entropy: plug-in
etc. on a discrete column, differential entropy on a continuous one; mi: plug-in for discrete × discrete, Ross's
mixed-pair estimator for discrete × continuous, KSG for continuous pairs; kl: plugin or knn.
Missing values (empty, NA, NaN, null, None, N/A, ...: pandas' markers) are an error naming the column, their
count and first rows; --drop-missing drops those rows (for mi: the pairs with either value missing).
Warnings (ties, dropped rows, ...) are printed on stderr as 'warning: ...'.
--json keys: command, measure, files, columns, types, method, unit, value, stdError, stdErrorMethod, n,
warnings; continuous (entropy), kinds (mi), m (kl), alphabetSize, k, windowLength, lambda, replicates and ci
where they apply.`,
  );
  cmd.action((what: What, file: string, file2: string | undefined, flags: EstimateFlags) =>
    run((ctx) => estimate(ctx, what, file, file2, flags)),
  );
}
