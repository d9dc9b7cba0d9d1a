/**
 * `surprisal profile SOURCE`: the information profile of a table where it lives — a CSV, Parquet or JSON file
 * (or glob) through embedded DuckDB by default, or a table on PostgreSQL or ClickHouse — with `--target` the
 * columns ranked by their mutual information with it, with `--pairs` the mutual-information matrix and
 * approximate functional dependencies.
 * @module
 */
import { type Command, Option } from 'commander';
import {
  clickHouseSource,
  duckDbSource,
  type ProfileTableOptions,
  postgresSource,
  profileTable,
  type TableProfile,
  type TableSource,
} from '../../tables/index.js';
import { type Context, example, outputFlags, unitFlags } from '../common.js';
import { UserError } from '../errors.js';
import { fmt, parseInteger, parseReal, printJson, printText, table, unitOf } from '../output.js';

interface ProfileFlags {
  engine: 'duckdb' | 'postgres' | 'clickhouse';
  url?: string;
  table?: string;
  remote?: string;
  cluster?: string;
  target?: string;
  columns?: string;
  pairs?: boolean;
  estimator: 'plugin' | 'miller-madow';
  confidence?: string;
  bins?: string;
  discrete?: string;
  continuous?: string;
  maxGroups?: string;
  explain?: boolean;
  memory?: string;
  tempDirectory?: string;
  quiet?: boolean;
  base?: string;
  bits?: boolean;
  json?: boolean;
}

const list = (s: string | undefined) =>
  s === undefined
    ? undefined
    : s
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean);

async function open(source: string | undefined, flags: ProfileFlags): Promise<TableSource> {
  if (flags.engine === 'duckdb') {
    if (flags.remote !== undefined || flags.cluster !== undefined || flags.url !== undefined) {
      throw new UserError('--url, --remote and --cluster need --engine postgres or clickhouse');
    }
    if (source === undefined && flags.table === undefined) {
      throw new UserError(
        'name a file to profile (CSV, Parquet or JSON; a glob in quotes), or --table with a database',
      );
    }
    const memory = {
      ...(flags.memory === undefined ? {} : { memoryLimit: flags.memory }),
      ...(flags.tempDirectory === undefined ? {} : { tempDirectory: flags.tempDirectory }),
    };
    return flags.table !== undefined
      ? duckDbSource(
          source ?? '',
          source === undefined
            ? { table: flags.table, ...memory }
            : { table: flags.table, database: source, ...memory },
        )
      : duckDbSource(source as string, memory);
  }
  if (flags.memory !== undefined || flags.tempDirectory !== undefined)
    throw new UserError('--memory and --temp-directory are settings of DuckDB (--engine duckdb)');
  const url = flags.url ?? source;
  if (url === undefined) throw new UserError(`--engine ${flags.engine} needs the server: --url URL`);
  if (flags.table === undefined) throw new UserError(`--engine ${flags.engine} needs --table NAME`);
  if (flags.engine === 'postgres') {
    if (flags.remote !== undefined || flags.cluster !== undefined) {
      throw new UserError('--remote and --cluster are ClickHouse table functions (--engine clickhouse)');
    }
    return postgresSource(url, { table: flags.table });
  }
  return clickHouseSource(url, {
    table: flags.table,
    ...(flags.remote !== undefined ? { remote: flags.remote } : {}),
    ...(flags.cluster !== undefined ? { cluster: flags.cluster } : {}),
  });
}

/** A bar of `width` cells for a fraction in [0, 1]. */
function bar(fraction: number, width = 20): string {
  const f = Math.max(0, Math.min(1, fraction));
  const eighths = Math.round(f * width * 8);
  const full = Math.floor(eighths / 8);
  const part = eighths % 8;
  return '█'.repeat(full) + (part > 0 ? ' ▏▎▍▌▋▊▉'[part] : '');
}

function human(p: TableProfile, unit: string): string {
  const est = (e: { value: number; stdError: number } | null) =>
    e ? [fmt(e.value, 4), fmt(e.stdError, 2)] : ['—', ''];
  const rows = [
    ['column', 'type', 'missing', 'distinct', `entropy (${unit})`, '± s.e.', 'H/log K', 'flags'],
    ...p.columns.map((c) => [
      c.name,
      c.binEdges ? `${c.type} (${c.binEdges.length + 1} bins)` : c.type,
      String(c.missing),
      String(c.distinct),
      ...est(c.entropy),
      c.normalizedEntropy === null ? '—' : c.normalizedEntropy.toFixed(3),
      [...c.flags, ...(c.skipped ? [`skipped: ${c.skipped}`] : [])].join(', '),
    ]),
  ];
  let out = `${p.source} (${p.engine}): ${p.rows} rows, ${p.columns.length} columns; ${p.estimator} estimates\n\n${table(rows, ['l', 'l', 'r', 'r', 'r', 'r', 'r', 'l'])}`;
  if (p.target) {
    const t = p.target;
    const top = Math.max(1e-300, ...t.ranking.map((r) => r.mutualInformation.value));
    const rank = [
      ['column', `I(column; ${t.column}) (${unit})`, '± s.e.', '', `H(${t.column} | column)`],
      ...t.ranking.map((r) => [
        r.column,
        fmt(r.mutualInformation.value, 4),
        fmt(r.mutualInformation.stdError, 2),
        bar(r.mutualInformation.value / top),
        fmt(r.conditionalEntropy, 4),
      ]),
    ];
    out += `\n\nColumns ranked by their mutual information with '${t.column}' (H = ${t.entropy ? fmt(t.entropy.value, 4) : '—'} ${unit}):\n\n${table(rank, ['l', 'r', 'r', 'l', 'r'])}`;
    for (const s of t.skipped) out += `\n${s.column}: not ranked (${s.reason})`;
  }
  if (p.pairs) {
    const deps = p.pairs.dependencies;
    out += deps.length
      ? `\n\nApproximate functional dependencies (H(to | from) ≤ threshold · H(to)):\n${deps.map((d) => `  ${d.from} → ${d.to}  H = ${fmt(d.conditionalEntropy, 3)} ${unit} (${(100 * d.ratio).toFixed(2)}%)`).join('\n')}`
      : '\n\nNo approximate functional dependencies between the columns.';
    const cols = p.pairs.columns;
    if (cols.length <= 12) {
      const m = p.pairs.mutualInformation;
      out += `\n\nMutual information (${unit}; the diagonal is each column's entropy):\n\n${table(
        [['', ...cols], ...cols.map((c, a) => [c, ...m[a].map((v) => (Number.isNaN(v) ? '—' : fmt(v, 3)))])],
        ['l', ...cols.map(() => 'r' as const)],
      )}`;
    }
  }
  return out;
}

async function run(source: string | undefined, flags: ProfileFlags) {
  const unit = unitOf(flags);
  const opts: ProfileTableOptions = {
    estimator: flags.estimator,
    base: unit.base,
    pairs: flags.pairs === true,
    explain: flags.explain === true,
  };
  if (flags.target !== undefined) opts.target = flags.target;
  if (flags.columns !== undefined) opts.columns = list(flags.columns);
  if (flags.discrete !== undefined) opts.discrete = list(flags.discrete);
  if (flags.continuous !== undefined) opts.continuous = list(flags.continuous);
  if (flags.confidence !== undefined) opts.confidence = parseReal(flags.confidence, '--confidence');
  if (flags.bins !== undefined) opts.bins = parseInteger(flags.bins, '--bins', 2);
  if (flags.maxGroups !== undefined) opts.maxGroups = parseInteger(flags.maxGroups, '--max-groups', 1);
  const tty = process.stderr.isTTY === true && !flags.quiet;
  const t0 = performance.now();
  if (tty) {
    opts.onProgress = (done, total) =>
      process.stderr.write(
        `\r\x1b[Kprofile: ${done}/${total} queries, ${((performance.now() - t0) / 1000).toFixed(1)} s`,
      );
  }
  const src = await open(source, flags);
  try {
    const p = await profileTable(src, opts);
    if (tty) process.stderr.write('\r\x1b[K');
    if (flags.explain) {
      printText(p.statements.map((s) => `${s};`).join('\n'));
      return;
    }
    if (flags.json) printJson({ command: 'profile', ...p });
    else printText(human(p, unit.name));
  } finally {
    await src.close();
  }
}

export function registerProfile(
  program: Command,
  action: (run: (ctx: Context) => Promise<void>) => Promise<void>,
) {
  const cmd = program
    .command('profile')
    .description(
      'information profile of a table where it lives (DuckDB on a CSV/Parquet/JSON file by default, or PostgreSQL, ClickHouse): entropy per column, ranking by mutual information with a target, dependencies',
    )
    .argument(
      '[source]',
      'a CSV, Parquet or JSON file or glob (DuckDB); or the server URL of --engine postgres/clickhouse',
    )
    .addOption(
      new Option('--engine <engine>', 'where the counting runs')
        .choices(['duckdb', 'postgres', 'clickhouse'])
        .default('duckdb'),
    )
    .option('--url <url>', 'server: postgres://user@host:5432/db or http://host:8123')
    .option('--table <name>', 'table to profile (schema.table / db.table)')
    .option('--remote <addresses>', "ClickHouse shards for remote(): 'host1:9000,host2:9000'")
    .option('--cluster <name>', 'ClickHouse cluster for cluster()')
    .option('--target <column>', 'rank the other columns by their mutual information with this one')
    .option('--columns <a,b,c>', 'profile only these columns')
    .option('--pairs', 'mutual information of every pair and approximate functional dependencies')
    .addOption(
      new Option('--estimator <name>', 'estimator of entropies and mutual informations')
        .choices(['plugin', 'miller-madow'])
        .default('plugin'),
    )
    .option('--confidence <level>', 'add confidence intervals at this level (e.g. 0.95) to --json')
    .option('--bins <B>', 'equal-frequency bins of a continuous column (default 10)')
    .option('--discrete <a,b>', 'take these columns as discrete')
    .option('--continuous <a,b>', 'take these numeric columns as continuous')
    .option('--max-groups <n>', 'most groups one count query may return (default 1000000)')
    .option(
      '--memory <size>',
      "DuckDB's memory limit, e.g. 512MB or 4GB (default 1GB; it spills to disk past it)",
    )
    .option(
      '--temp-directory <dir>',
      "where DuckDB spills past --memory (default a new folder in the system's temporary directory)",
    )
    .option('--explain', 'print the SQL (runs the schema, statistics and quantile queries, not the counts)')
    .option('--quiet', 'no progress line on a terminal');
  unitFlags(cmd);
  outputFlags(cmd);
  example(
    cmd,
    `
  $ surprisal profile iris.csv --target Species --bits --columns petal_width,Species
  iris.csv (duckdb): 150 rows, 2 columns; plugin estimates
  
  column       type                 missing  distinct  entropy (bits)  ± s.e.  H/log K  flags
  petal_width  continuous (9 bins)        0        22           3.033   0.053    0.957
  Species      discrete                   0         3           1.585  0.0096    1.000
  
  Columns ranked by their mutual information with 'Species' (H = 1.585 bits):
  
  column       I(column; Species) (bits)  ± s.e.                        H(Species | column)
  petal_width                      1.349   0.054  ████████████████████               0.2356
`,
  );
  cmd.action((source: string | undefined, flags: ProfileFlags) => action(() => run(source, flags)));
}
