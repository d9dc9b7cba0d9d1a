/**
 * All the SQL of the table profiles, generated here, one dialect object per engine: DuckDB, PostgreSQL and
 * ClickHouse. Identifiers are always quoted (a column named `"; DROP TABLE x; --` is a name, never code); values
 * are bound parameters where the engine has them (DuckDB, PostgreSQL), and inlined as escaped literals for
 * ClickHouse, whose query parameters need a server newer than Debian's 18.16. Every count query is bounded by a
 * LIMIT one past the largest number of groups allowed.
 * @module
 */

/** An engine the profiles run on. */
export type Engine = 'duckdb' | 'postgres' | 'clickhouse';

/** A statement and its bound values (`$1`, `$2`, … in the text). */
export interface Statement {
  text: string;
  values: (string | number)[];
}

/** How a column's values are stored, as far as the profile cares. */
export type StorageKind = 'string' | 'boolean' | 'integer' | 'float' | 'other';

/** A grouping key of a count query: a column's values, or its bin (0, 1, …) among sorted upper edges. */
export interface CountKey {
  column: string;
  kind: StorageKind;
  /** Upper bin edges, ascending: bin j holds edge[j−1] < x ≤ edge[j] (the last bin everything above). */
  edges?: readonly number[];
}

/** Builds a statement, collecting values as parameters (or inlining them, for ClickHouse). */
class Builder {
  readonly values: (string | number)[] = [];
  constructor(private readonly inline: boolean) {}
  /** A value: `$k` bound, or an escaped literal. */
  value(v: string | number): string {
    if (this.inline) return literal(v);
    this.values.push(v);
    return `$${this.values.length}`;
  }
}

/** A SQL literal: a number in its shortest round-trip form, or a string with quotes and backslashes escaped. */
function literal(v: string | number): string {
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new Error(`not a finite number: ${v}`);
    return Object.is(v, -0) ? '0' : String(v);
  }
  return `'${v.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

/** What differs between engines. */
export interface Dialect {
  engine: Engine;
  /** A quoted identifier. */
  ident(name: string): string;
  /** A quoted, possibly qualified name (`db.t`, `schema.t`): each dot-separated part quoted. */
  qualified(name: string): string;
  /** Whether values are inlined (no bound parameters). */
  inline: boolean;
  /** True where a value of the column is missing: NULL, and NaN for floating-point columns. */
  missing(column: string, kind: StorageKind): string;
  /** Exact number of distinct values. */
  distinct(expr: string): string;
  /**
   * Whether each column's exact distinct count gets a statement of its own: DuckDB holds the hash tables of
   * several `count(DISTINCT …)` in one aggregate beyond its `memory_limit` (10⁸ distinct values in two
   * columns fail at 256 MB), while one per statement spills.
   */
  distinctApart: boolean;
  /**
   * The order statistic of rank p·n as the engine defines its exact discrete quantile; null where the engine's
   * exact quantiles hold every value in memory (DuckDB's `quantile_disc`, outside its `memory_limit`), and the
   * ranks are read from a `row_number()` window over an ORDER BY instead, which sorts out of core.
   */
  quantile: ((expr: string, p: string) => string) | null;
  /** The count column's type cast, so every engine returns an integer. */
  count(): string;
  /**
   * GROUP BY the first k output columns: by position where the engine has it (a column of the table named like
   * an output alias would win over it in PostgreSQL), by alias in ClickHouse 18 (no positional GROUP BY).
   */
  groupBy(aliases: readonly string[]): string;
}

const byPosition = (aliases: readonly string[]) => aliases.map((_, i) => String(i + 1)).join(', ');

const doubleQuoted = (name: string) => `"${name.replace(/"/g, '""')}"`;

const duckdb: Dialect = {
  engine: 'duckdb',
  ident: doubleQuoted,
  qualified: (name) => name.split('.').map(doubleQuoted).join('.'),
  inline: false,
  missing: (c, kind) => (kind === 'float' ? `(${c} IS NULL OR isnan(${c}))` : `${c} IS NULL`),
  distinct: (e) => `count(DISTINCT ${e})`,
  distinctApart: true,
  quantile: null,
  count: () => 'count(*)::BIGINT',
  groupBy: byPosition,
};

const postgres: Dialect = {
  engine: 'postgres',
  ident: doubleQuoted,
  qualified: (name) => name.split('.').map(doubleQuoted).join('.'),
  inline: false,
  missing: (c, kind) => (kind === 'float' ? `(${c} IS NULL OR ${c} = 'NaN'::float8)` : `${c} IS NULL`),
  distinct: (e) => `count(DISTINCT ${e})`,
  distinctApart: false,
  quantile: (e, p) => `percentile_disc(${p}::float8) WITHIN GROUP (ORDER BY ${e})`,
  count: () => 'count(*)',
  groupBy: byPosition,
};

const backQuoted = (name: string) => `\`${name.replace(/\\/g, '\\\\').replace(/`/g, '\\`')}\``;

const clickhouse: Dialect = {
  engine: 'clickhouse',
  ident: backQuoted,
  qualified: (name) => name.split('.').map(backQuoted).join('.'),
  inline: true,
  missing: (c, kind) => (kind === 'float' ? `(isNull(${c}) OR isNaN(${c}))` : `isNull(${c})`),
  distinct: (e) => `uniqExact(${e})`,
  distinctApart: false,
  quantile: (e, p) => `quantileExact(${p})(${e})`,
  count: () => 'count()',
  groupBy: (aliases) => aliases.join(', '),
};

/** The dialect of an engine. */
export function dialectOf(engine: Engine): Dialect {
  return engine === 'duckdb' ? duckdb : engine === 'postgres' ? postgres : clickhouse;
}

/** Where the rows come from: a FROM clause the engine understands (built by the sources, quoted there). */
export type Relation = string;

/** The statement that returns no rows but the relation's columns and their types. */
export function schemaStatement(relation: Relation): Statement {
  return { text: `SELECT * FROM ${relation} LIMIT 0`, values: [] };
}

/** Column statistics the profile needs, per column: non-missing count, distinct count, non-integer count. */
export interface StatsColumn {
  name: string;
  kind: StorageKind;
}

/** The exact number of distinct non-missing values of a column (NaN is not a value). */
function distinctExpr(d: Dialect, c: StatsColumn): string {
  const id = d.ident(c.name);
  return c.kind === 'float'
    ? d.distinct(`CASE WHEN ${d.missing(id, c.kind)} THEN NULL ELSE ${id} END`)
    : d.distinct(id);
}

/**
 * One scan for every column's statistics: `surprisal_rows`, then per column i `m{i}` (missing), `d{i}` (distinct
 * non-missing values; not where the dialect counts them apart, see {@link distinctStatement}) and, for float
 * columns, `f{i}` (values with a fractional part).
 */
export function statsStatement(d: Dialect, relation: Relation, columns: readonly StatsColumn[]): Statement {
  const parts = [`${d.count()} AS surprisal_rows`];
  columns.forEach((c, i) => {
    const id = d.ident(c.name);
    const miss = d.missing(id, c.kind);
    parts.push(`sum(CASE WHEN ${miss} THEN 1 ELSE 0 END) AS m${i}`);
    if (!d.distinctApart) parts.push(`${distinctExpr(d, c)} AS d${i}`);
    if (c.kind === 'float') {
      parts.push(`sum(CASE WHEN ${miss} THEN 0 WHEN ${id} <> floor(${id}) THEN 1 ELSE 0 END) AS f${i}`);
    }
  });
  return { text: `SELECT ${parts.join(', ')} FROM ${relation}`, values: [] };
}

/** One column's exact distinct count, `d0`, where the dialect counts them apart (`distinctApart`). */
export function distinctStatement(d: Dialect, relation: Relation, column: StatsColumn): Statement {
  return { text: `SELECT ${distinctExpr(d, column)} AS d0 FROM ${relation}`, values: [] };
}

/**
 * The exact order statistics of ranks r (0-based, among the n non-missing values sorted ascending) of a
 * column, `q0`, `q1`, …: asked as the quantile at p = (r + ½)/n, which every engine's discrete quantile maps to
 * rank r (PostgreSQL takes rank ⌈p·n⌉ − 1, ClickHouse ⌊p·n⌋); or, where the dialect has no quantile in bounded
 * memory (DuckDB), as the values at positions r of a `row_number()` window over the sorted column.
 */
export function quantileStatement(
  d: Dialect,
  relation: Relation,
  column: StatsColumn,
  ranks: readonly number[],
  n: number,
): Statement {
  const b = new Builder(d.inline);
  const id = d.ident(column.name);
  const where = `WHERE NOT ${d.missing(id, column.kind)}`;
  const quantile = d.quantile;
  if (quantile === null) {
    const qs = ranks.map(
      (r, j) => `max(CASE WHEN surprisal_r = ${b.value(r)} THEN surprisal_x END) AS q${j}`,
    );
    return {
      text: `SELECT ${qs.join(', ')} FROM (SELECT ${id} AS surprisal_x, row_number() OVER (ORDER BY ${id}) - 1 AS surprisal_r FROM ${relation} ${where}) AS surprisal_sorted`,
      values: b.values,
    };
  }
  const qs = ranks.map((r, j) => `${quantile(id, b.value((r + 0.5) / n))} AS q${j}`);
  return { text: `SELECT ${qs.join(', ')} FROM ${relation} ${where}`, values: b.values };
}

/** The key expression of a count query: the column, or its bin index among the edges. */
function keyExpr(d: Dialect, b: Builder, key: CountKey): string {
  const id = d.ident(key.column);
  if (!key.edges) return id;
  if (key.edges.length === 0) return '0';
  const whens = key.edges.map((e, j) => `WHEN ${id} <= ${b.value(e)} THEN ${j}`).join(' ');
  return `CASE ${whens} ELSE ${key.edges.length} END`;
}

/**
 * Joint counts of the keys over the rows where none is missing: `surprisal_k0`, `surprisal_k1`, … and
 * `surprisal_n`, at most `limit` rows
 * (ask one more than allowed, to tell when there are too many groups).
 */
export function countStatement(
  d: Dialect,
  relation: Relation,
  keys: readonly CountKey[],
  limit: number,
): Statement {
  const b = new Builder(d.inline);
  const exprs = keys.map((k) => keyExpr(d, b, k));
  const aliases = exprs.map((_, i) => `surprisal_k${i}`);
  const select = exprs.map((e, i) => `${e} AS ${aliases[i]}`).join(', ');
  const where = keys.map((k) => `NOT ${d.missing(d.ident(k.column), k.kind)}`).join(' AND ');
  return {
    text: `SELECT ${select}, ${d.count()} AS surprisal_n FROM ${relation} WHERE ${where} GROUP BY ${d.groupBy(aliases)} LIMIT ${b.value(limit)}`,
    values: b.values,
  };
}

/** A statement with its values written in, for --explain and error messages. */
export function showStatement(s: Statement): string {
  return s.text.replace(/\$(\d+)/g, (_, k) => literal(s.values[Number(k) - 1]));
}
