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
import { type Column, readColumns } from '../input/columns.js';
import { openSource } from '../input/source.js';
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

interface EstimateFlags {
  column?: string;
  column2?: string;
  method?: string;
  continuous?: boolean;
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
  if (flags.alphabetSize !== undefined && (what !== 'entropy' || flags.continuous)) {
    throw new UserError(
      '--alphabet-size applies to the entropy of categories (estimate entropy without --continuous)',
    );
  }
  const k = flags.k === undefined ? undefined : parseInteger(flags.k, '--k', 1);
  const read = { header: flags.header };
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
  } & Record<string, unknown>;
  const doc: Record<string, unknown> = { command: 'estimate', measure: what };
  const details: { name: string; value: string; unit?: string }[] = [];

  if (what === 'entropy') {
    if (file2 !== undefined) throw new UserError('estimate entropy takes one file');
    if (flags.column2 !== undefined) throw new UserError('estimate entropy takes one column (--column)');
    if (flags.continuous) {
      const [c] = await readColumns(src, [flags.column], 'numeric', read);
      ctx.origins.samples = c.origin;
      const r = estimateDifferentialEntropy(c.values as Float64Array, {
        ...common,
        method: (flags.method ?? 'auto') as DifferentialEntropyMethod,
        ...(k === undefined ? {} : { k }),
      });
      result = { ...r };
      symbol = `h(${c.name})`;
      title = `differential entropy of ${describeColumn(c)}`;
      Object.assign(doc, { continuous: true, files: [src.label], columns: [c.name] });
      details.push({ name: 'samples', value: String(r.n) });
      if (r.k !== undefined) details.push({ name: 'neighbours k', value: String(r.k) });
      if (r.windowLength !== undefined) details.push({ name: 'window m', value: String(r.windowLength) });
    } else {
      if (k !== undefined) throw new UserError('--k applies to the kNN estimators (--continuous, mi, kl)');
      const [c] = await readColumns(src, [flags.column], 'count', read);
      ctx.origins.counts = { label: c.origin.label };
      const r = estimateEntropy(
        { counts: c.counts as Float64Array },
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
      Object.assign(doc, { continuous: false, files: [src.label], columns: [c.name] });
      details.push(
        { name: 'samples N', value: String(r.n) },
        { name: 'categories K', value: String(r.alphabetSize) },
      );
      if (r.lambda !== undefined) details.push({ name: 'shrinkage λ', value: fmt(r.lambda) });
      const distinct = (c.counts as Float64Array).length;
      if (distinct === c.n && c.n >= 20) {
        process.stderr.write(
          `note: all ${c.n} values of column '${c.name}' are distinct; for continuous data use --continuous\n`,
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
    ctx.origins.x = x.origin;
    ctx.origins.y = y.origin;
    const r = estimateMutualInformation(samplesOf(x), samplesOf(y), {
      ...common,
      ...(flags.method === undefined ? {} : { method: flags.method as MutualInformationMethod }),
      ...(k === undefined ? {} : { k }),
    });
    result = { ...r };
    symbol = `I(${x.name}; ${y.name})`;
    title = `mutual information of columns '${x.name}' (${x.kind}) and '${y.name}' (${y.kind}) of ${src.label}`;
    Object.assign(doc, { files: [src.label], columns: [x.name, y.name], kinds: [x.kind, y.kind] });
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
    ctx.origins.samplesP = p.origin;
    ctx.origins.samplesQ = q.origin;
    const r = estimateKlDivergence(samplesOf(p), samplesOf(q), {
      ...common,
      ...(flags.method === undefined ? {} : { method: flags.method as KlDivergenceMethod }),
      ...(k === undefined ? {} : { k }),
    });
    result = { ...r };
    symbol = 'D(P‖Q)';
    title = `KL divergence of ${describeColumn(p)} (P) from ${describeColumn(q)} (Q)`;
    Object.assign(doc, { files: [p.origin.label, q.origin.label], columns: [p.name, q.name] });
    details.push({ name: 'samples of P', value: String(r.n) }, { name: 'samples of Q', value: String(r.m) });
    if (r.k !== undefined) details.push({ name: 'neighbours k', value: String(r.k) });
  }

  const { value, stdError, ci } = result;
  Object.assign(doc, {
    method: result.method,
    unit: unit.name,
    value,
    stdError,
    stdErrorMethod: result.stdErrorMethod ?? null,
    n: result.n,
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
        'mi: ksg (default for numbers), ksg2, ross, plugin (default for categories), miller-madow, shrink; kl: knn, plugin',
    )
    .option('--continuous', 'entropy: differential entropy of a numeric column (else values are categories)')
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
  $ printf 'x\\na\\nb\\na\\nc\\na\\nb\\n' | surprisal estimate entropy - --column x --method miller-madow --bits
  entropy of column 'x' of <stdin>
  method miller-madow, standard error by delta
  quantity       value    ± s.e.  unit
  H(x)          1.6996  0.231635  bits
  samples N          6
  categories K       3

Strings are categories; numbers are categories too unless --continuous. Empty cells and NaN are errors
naming the row: remove or fill in missing data first.
--json keys: command, measure, files, columns, method, unit, value, stdError, stdErrorMethod, n; continuous
(entropy), kinds (mi), m (kl), alphabetSize, k, windowLength, lambda, replicates and ci where they apply.`,
  );
  cmd.action((what: What, file: string, file2: string | undefined, flags: EstimateFlags) =>
    run((ctx) => estimate(ctx, what, file, file2, flags)),
  );
}
