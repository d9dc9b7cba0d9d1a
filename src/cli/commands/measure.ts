/**
 * `surprisal measure entropy|cross-entropy|kl|js|mi FILE [FILE2]`: the exact measures on distributions,
 * counts (`--normalize`), log-probabilities or logits (`--from`), and joint tables (`mi`).
 * @module
 */
import { Argument, type Command, Option } from 'commander';
import {
  crossEntropy,
  type DistributionOptions,
  entropy,
  jsDivergence,
  klDivergence,
  mutualInformation,
  type ProbabilityForm,
} from '../../index.js';
import { type Context, example, inputFlags, outputFlags, unitFlags } from '../common.js';
import { UserError } from '../errors.js';
import { readColumns } from '../input/columns.js';
import { openSource } from '../input/source.js';
import { type NumericArray, readNumericTable, readVector } from '../input/tables.js';
import { fmt, parseThreads, printJson, printText, quantityTable, unitOf } from '../output.js';

const MEASURES = ['entropy', 'cross-entropy', 'kl', 'js', 'mi'] as const;
type Measure = (typeof MEASURES)[number];

const SYMBOL: Record<Measure, string> = {
  entropy: 'H(p)',
  'cross-entropy': 'H(p, q)',
  kl: 'D(p‖q)',
  js: 'JS(p, q)',
  mi: 'I(X; Y)',
};

interface MeasureFlags {
  from?: string;
  normalize?: boolean;
  column?: string;
  column2?: string;
  base?: string;
  bits?: boolean;
  json?: boolean;
  format?: string;
  header?: boolean;
  threads?: string;
}

const FORMS = ['probs', 'logprobs', 'logits'];

function formOf(text: string | undefined): DistributionOptions['from'] {
  if (text === undefined) return undefined;
  const parts = text.split(',').map((s) => s.trim());
  if (parts.length > 2 || parts.some((p) => !FORMS.includes(p))) {
    throw new UserError(
      `--from must be probs, logprobs or logits, or a pair such as probs,logits; got '${text}'`,
    );
  }
  return parts.length === 1 ? (parts[0] as ProbabilityForm) : (parts as [ProbabilityForm, ProbabilityForm]);
}

/** Column j of an n × 2 table (or row j of a 2 × n one) as a distribution, keeping where each entry sits. */
function partOf(t: NumericArray, j: number, byRow: boolean): NumericArray {
  const [rows, cols] = t.shape;
  const n = byRow ? cols : rows;
  const at = (i: number) => (byRow ? j * cols + i : i * cols + j);
  const data = new Float64Array(n);
  for (let i = 0; i < n; i++) data[i] = t.data[at(i)];
  return {
    data,
    shape: [n],
    origin: { label: t.origin.label, locate: (i) => t.origin.locate?.(at(i)) ?? '' },
  };
}

async function measure(
  ctx: Context,
  which: Measure,
  file: string,
  file2: string | undefined,
  flags: MeasureFlags,
) {
  const unit = unitOf(flags);
  const from = formOf(flags.from);
  if (Array.isArray(from) && (which === 'entropy' || which === 'mi')) {
    throw new UserError(`--from takes one form for ${which} (one distribution); got '${flags.from}'`);
  }
  const threads = parseThreads(flags.threads);
  if (which === 'mi' && flags.threads !== undefined)
    throw new UserError('--threads applies to entropy, cross-entropy, kl and js, not to mi');
  const options: DistributionOptions & { base: typeof unit.base } = {
    base: unit.base,
    from,
    normalize: flags.normalize ?? false,
  };
  const withThreads = { ...options, threads };
  const src = await openSource(file, flags.format);
  const read = { header: flags.header };
  let value: number;
  const files = [src.label];
  const extra: Record<string, unknown> = {};
  const rows: { name: string; value: string; unit?: string }[] = [];
  if (which === 'entropy') {
    if (file2 !== undefined) throw new UserError('entropy takes one file');
    if (flags.column2 !== undefined)
      throw new UserError('entropy takes one column (--column); --column2 is for q');
    const p = await readVector(src, flags.column, read);
    ctx.origins.p = p.origin;
    value = entropy(p.data, withThreads);
    extra.outcomes = p.data.length;
    // b^H in the unit's own base (2 ** 1.5, not e^{1.5 ln 2}: the two round differently on some engines).
    const b =
      unit.base === 'bits' ? 2 : unit.base === 'hartleys' ? 10 : unit.base === 'nats' ? Math.E : unit.base;
    extra.perplexity = b === Math.E ? Math.exp(value) : b ** value;
    rows.push({ name: SYMBOL[which], value: fmt(value), unit: unit.name });
    rows.push({ name: 'perplexity', value: fmt(extra.perplexity as number) });
    rows.push({ name: 'outcomes', value: String(p.data.length) });
  } else if (which === 'mi') {
    if (file2 !== undefined) throw new UserError('mi takes one file: a joint table, rows = X, columns = Y');
    if (flags.column !== undefined || flags.column2 !== undefined) {
      throw new UserError(
        'mi reads the whole file as a joint table (rows = X, columns = Y); --column does not apply',
      );
    }
    const t = await readNumericTable(src, read);
    if (t.shape.length < 2)
      throw new UserError(`${src.label}: mi needs a 2-D joint table; got shape (${t.shape})`);
    ctx.origins.p = t.origin;
    value = mutualInformation({ data: t.data, shape: t.shape }, options);
    extra.shape = t.shape;
    rows.push({ name: SYMBOL[which], value: fmt(value), unit: unit.name });
    rows.push({ name: 'table', value: t.shape.join(' × ') });
  } else {
    let p: NumericArray;
    let q: NumericArray;
    if (file2 !== undefined) {
      const src2 = await openSource(file2, flags.format);
      files.push(src2.label);
      p = await readVector(src, flags.column, read);
      q = await readVector(src2, flags.column2 ?? flags.column, read);
    } else if ((flags.column === undefined) !== (flags.column2 === undefined)) {
      // One column named and the other not: reading the whole table instead would drop the flag silently.
      throw new UserError(
        `${which} with one file takes both --column (p) and --column2 (q), or neither (a file of two columns)`,
      );
    } else if (flags.column !== undefined && flags.column2 !== undefined) {
      // Both columns in one pass (standard input can be read once).
      const [a, b] = await readColumns(src, [flags.column, flags.column2], 'numeric', read);
      p = { data: a.values as Float64Array, shape: [a.n], origin: a.origin };
      q = { data: b.values as Float64Array, shape: [b.n], origin: b.origin };
    } else {
      const t = await readNumericTable(src, read);
      const byRow = t.shape.length === 2 && t.shape[1] !== 2 && t.shape[0] === 2;
      if (t.shape.length !== 2 || (t.shape[1] !== 2 && !byRow)) {
        throw new UserError(
          `${src.label}: ${which} needs two distributions: give FILE2, or a file with two columns (or two rows) p, q; got shape (${t.shape.join(', ')})`,
        );
      }
      p = partOf(t, 0, byRow);
      q = partOf(t, 1, byRow);
    }
    ctx.origins.p = p.origin;
    ctx.origins.q = q.origin;
    const f = which === 'cross-entropy' ? crossEntropy : which === 'kl' ? klDivergence : jsDivergence;
    value = f(p.data, q.data, withThreads);
    extra.outcomes = p.data.length;
    rows.push({ name: SYMBOL[which], value: fmt(value), unit: unit.name });
    rows.push({ name: 'outcomes', value: String(p.data.length) });
  }
  if (flags.json) {
    printJson({ command: 'measure', measure: which, files, unit: unit.name, value, ...extra });
  } else printText(quantityTable(rows));
}

/** Registers `measure`. */
export function registerMeasure(
  program: Command,
  run: (f: (ctx: Context) => Promise<void>) => Promise<void>,
): void {
  const cmd = program
    .command('measure')
    .description(
      'exact entropy, cross entropy, KL / JS divergence or mutual information of distributions in files',
    )
    .addArgument(new Argument('<measure>', 'what to compute').choices(MEASURES))
    .argument('<file>', "p (or the joint table for mi): CSV, TSV, JSON or .npy; '-' reads standard input")
    .argument('[file2]', 'q, for cross-entropy, kl and js (or give FILE with two columns p, q)')
    .addOption(
      new Option(
        '--from <form>',
        'encoding: probs, logprobs or logits (a pair such as probs,logits for p, q)',
      ),
    )
    .option('--normalize', 'divide by the sum (counts), or subtract the log-sum-exp (log values)')
    .option('--column <name>', 'the column of FILE (a header name or a number from 1)')
    .option('--column2 <name>', 'the column of q (of FILE2, or a second column of FILE)')
    .option('--threads <n>', 'worker threads for long vectors (not mi; 1 to 256, default 1)');
  unitFlags(cmd);
  inputFlags(cmd);
  outputFlags(cmd);
  example(
    cmd,
    `
  $ printf '0.5\\n0.25\\n0.25\\n' | surprisal measure entropy - --bits
  quantity      value  unit
  H(p)            1.5  bits
  perplexity  2.82843
  outcomes          3

  $ printf '3,1\\n1,3\\n' | surprisal measure mi - --normalize --bits
  quantity     value  unit
  I(X; Y)   0.188722  bits
  table        2 × 2

Files hold one distribution each (one column, one row, or a JSON array), or p and q as two columns;
counts need --normalize. Errors name the file and the row: rows are numbered as the file's lines, the
header being row 1.
--json keys: command, measure, files, unit, value, outcomes; perplexity (entropy); shape (mi).`,
  );
  cmd.action((which: Measure, file: string, file2: string | undefined, flags: MeasureFlags) =>
    run((ctx) => measure(ctx, which, file, file2, flags)),
  );
}
