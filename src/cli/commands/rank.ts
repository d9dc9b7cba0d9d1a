/**
 * `surprisal rank FILE --target COL`: every column ranked by its mutual information with the target, with
 * standard errors (scikit-learn's mutual_info_classif / mutual_info_regression, from the shell).
 * @module
 */
import type { Command } from 'commander';
import { type ColumnType, inferColumnType, isMissing, rankFeatures } from '../../index.js';
import { type Context, example, inputFlags, outputFlags, unitFlags } from '../common.js';
import { UserError } from '../errors.js';
import { readFrame } from '../input/frame.js';
import { openSource } from '../input/source.js';
import { readTypeFlags, type TypeFlags } from '../input/types.js';
import { fmt, parseInteger, parseSeed, printJson, printText, table, unitOf } from '../output.js';

interface RankFlags extends TypeFlags {
  target?: string;
  dropMissing?: boolean;
  k?: string;
  resamples?: string;
  seed?: string;
  sklearn?: boolean;
  ties?: string;
  base?: string;
  bits?: boolean;
  json?: boolean;
  format?: string;
  header?: boolean;
}

/** A bar of `width` eighths-of-a-block characters for value/max (nothing for ≤ 0 or NaN). */
function bar(value: number, max: number, width = 24): string {
  if (!(value > 0 && max > 0)) return '';
  const eighths = Math.round((Math.min(value, max) / max) * width * 8);
  const partial = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'][eighths % 8];
  return '█'.repeat(Math.floor(eighths / 8)) + partial;
}

async function rank(_ctx: Context, file: string, flags: RankFlags): Promise<void> {
  if (flags.target === undefined) throw new UserError('rank needs --target COLUMN (the column to predict)');
  const unit = unitOf(flags);
  const ties = flags.ties ?? 'dequantize';
  if (ties !== 'dequantize' && ties !== 'atoms') {
    throw new UserError(`--ties must be dequantize or atoms; got '${flags.ties}'`);
  }
  const src = await openSource(file, flags.format);
  if (src.format === 'npy')
    throw new UserError(`${src.label}: rank reads a table with named columns (CSV, TSV, JSON)`);
  const frame = await readFrame(src, { header: flags.header });
  // Printed once the scores are made, so that an error stays one line on stderr.
  const notes: string[] = [];
  if (!frame.names.includes(flags.target)) {
    throw new UserError(
      `${src.label}: no column '${flags.target}' (columns: ${frame.names.map((n) => `'${n}'`).join(', ')})`,
    );
  }
  // R's write.csv puts the row names in a first column with an empty name: row labels, not a variable.
  if (frame.names[0] === '1' && frame.columns[0].every((v) => typeof v === 'string')) {
    const labels = new Set(frame.columns[0]);
    if (labels.size === frame.rows && flags.target !== '1') {
      notes.push('the first column has no name and a distinct text in every row: row labels, left out');
      frame.names.shift();
      frame.columns.shift();
    }
  }
  const overrides = readTypeFlags({ discrete: flags.discrete, continuous: flags.continuous }, frame.names);
  const types: ColumnType[] = frame.names.map((name, j) => {
    const col = frame.columns[j];
    const text = col.some((v) => typeof v === 'string');
    if (overrides.discrete.includes(name)) return 'discrete';
    if (overrides.continuous.includes(name)) {
      if (text) throw new UserError(`column '${name}' holds text; it cannot be continuous`);
      return 'continuous';
    }
    if (flags.sklearn && name !== flags.target) return text ? 'discrete' : 'continuous';
    return inferColumnType(col, { missing: 'drop' });
  });
  types.forEach((t, j) => {
    if (t !== 'discrete' || frame.names[j] === flags.target || frame.rows < 10) return;
    if (new Set(frame.columns[j]).size === frame.rows) {
      notes.push(
        `column '${frame.names[j]}' has a distinct value in every row (an identifier?): its MI with the target is H(target) whatever the data`,
      );
    }
  });
  if (!flags.dropMissing) {
    frame.columns.forEach((col, j) => {
      const rows: number[] = [];
      col.forEach((v, i) => {
        if (isMissing(v)) rows.push(i);
      });
      if (rows.length === 0) return;
      const where = rows.slice(0, 5).map(frame.where);
      const first = where.every((w) => /^row \d+$/.test(w))
        ? `${where.length > 1 ? 'rows' : 'row'} ${where.map((w) => w.slice(4)).join(', ')}`
        : where.join(', ');
      throw new UserError(
        `${src.label}: column '${frame.names[j]}' has ${rows.length} missing value${rows.length === 1 ? '' : 's'}, at ${first}${rows.length > 5 ? ', ...' : ''}; remove or fill them in, or pass --drop-missing`,
      );
    });
  }
  const table_ = Object.fromEntries(frame.names.map((n, j) => [n, frame.columns[j]]));
  const scores = rankFeatures(table_, {
    target: flags.target,
    discrete: frame.names.filter((_, j) => types[j] === 'discrete'),
    missing: flags.dropMissing ? 'drop' : 'error',
    base: unit.base,
    ties,
    procedure: flags.sklearn ? 'scikit-learn' : 'default',
    ...(flags.k === undefined ? {} : { k: parseInteger(flags.k, '--k', 1) }),
    ...(flags.resamples === undefined ? {} : { resamples: parseInteger(flags.resamples, '--resamples') }),
    ...(flags.seed === undefined ? {} : { seed: parseSeed(flags.seed) }),
  });
  const warnings: string[] = [];
  for (const s of scores) for (const w of s.warnings) warnings.push(`${s.feature}: ${w}`);
  for (const n of notes) process.stderr.write(`note: ${n}\n`);
  for (const w of warnings) process.stderr.write(`warning: ${w}\n`);
  const targetType = types[frame.names.indexOf(flags.target)];
  if (flags.json) {
    printJson({
      command: 'rank',
      file: src.label,
      target: flags.target,
      targetType,
      unit: unit.name,
      procedure: flags.sklearn ? 'scikit-learn' : 'default',
      rows: frame.rows,
      features: scores.map((s) => ({
        feature: s.feature,
        type: s.type,
        method: s.method,
        value: s.value,
        stdError: s.stdError,
        stdErrorMethod: s.stdErrorMethod,
        n: s.n,
        ...(s.k === undefined ? {} : { k: s.k }),
        warnings: s.warnings,
      })),
      warnings,
    });
    return;
  }
  const max = Math.max(0, ...scores.map((s) => (Number.isFinite(s.value) ? s.value : 0)));
  const rows = [
    ['rank', 'feature', 'type', 'method', `MI (${unit.name})`, '± s.e.', ''],
    ...scores.map((s, i) => [
      String(i + 1),
      s.feature,
      s.type,
      s.method,
      fmt(s.value, 4),
      fmt(s.stdError, 2),
      bar(s.value, max),
    ]),
  ];
  printText(
    `mutual information with '${flags.target}' (${targetType}) of ${src.label}, ${frame.rows} rows${flags.sklearn ? ", scikit-learn's procedure" : ''}\n${table(rows, ['r', 'l', 'l', 'l', 'r', 'r', 'l'])}`,
  );
}

/** Registers `rank`. */
export function registerRank(
  program: Command,
  run: (f: (ctx: Context) => Promise<void>) => Promise<void>,
): void {
  const cmd = program
    .command('rank')
    .description('rank the columns of a table by their mutual information with a target column')
    .argument('<file>', "the table: CSV, TSV or JSON; '-' reads standard input")
    .option('--target <column>', 'the column to predict (required)')
    .option('--discrete <columns>', 'take these columns (a,b) as discrete')
    .option('--continuous <columns>', 'take these numeric columns (a,b) as continuous')
    .option('--drop-missing', 'drop missing values (empty, NA, NaN, null) pairwise, and say how many')
    .option('--k <k>', 'neighbours of the k-NN estimators (default 3)')
    .option('--resamples <B>', 'half-sample resamples for the k-NN standard errors (default 100)')
    .option('--seed <seed>', 'seed of the resampling, of the dequantization of ties and of --sklearn noise')
    .option('--ties <how>', 'ties in continuous columns: dequantize (default) or atoms')
    .option(
      '--sklearn',
      "scikit-learn's procedure: numeric features continuous, rescaled, 1e-10 noise (seeded), scores clamped at 0",
    );
  unitFlags(cmd);
  inputFlags(cmd);
  outputFlags(cmd);
  example(
    cmd,
    `
  $ printf 'size,colour,label\\n1,red,a\\n2,red,a\\n3,blue,b\\n4,blue,b\\n5,red,a\\n6,blue,b\\n7,red,a\\n8,blue,b\\n' | surprisal rank - --target label --bits
  mutual information with 'label' (discrete) of <stdin>, 8 rows
  rank  feature  type        method  MI (bits)  ± s.e.
     1  colour   discrete    plugin          1    0.13  ████████████████████████
     2  size     continuous  ross     -0.08244     0.4

Each column's type follows the rule of estimate (text discrete; integers with at most min(20, N/2) distinct
values discrete; other numbers continuous), overridden by --discrete / --continuous. Each score is the
mutual information of the column with the target: plug-in for discrete × discrete (delta-method s.e.), Ross's
mixed-pair estimator for discrete × continuous, KSG for continuous pairs (half-sample s.e.). Sorted highest
first, with a bar scaled to the highest. Warnings (ties, dropped values) go to stderr as 'warning: ...'.
--json keys: command, file, target, targetType, unit, procedure, rows, features (feature, type, method,
value, stdError, stdErrorMethod, n, k, warnings), warnings.`,
  );
  cmd.action((file: string, flags: RankFlags) => run((ctx) => rank(ctx, file, flags)));
}
