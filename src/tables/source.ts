/**
 * A count source: where the table profiles get their numbers. Every count-based measure needs only the joint
 * counts of some columns, so a source answers four questions — the columns and how they are stored, per-column
 * statistics (rows, missing, distinct, fractional values), exact order statistics (for equal-frequency bins),
 * and joint counts over GROUP BY — and the estimation happens here, the same for every engine. SQL sources
 * (DuckDB, PostgreSQL, ClickHouse) push all four down to the engine and pull back only the answers.
 * @module
 */
import { SurprisalError } from '../core/errors.js';
import {
  type CountKey,
  countStatement,
  type Dialect,
  distinctStatement,
  type Engine,
  quantileStatement,
  type Relation,
  type Statement,
  type StorageKind,
  schemaStatement,
  showStatement,
  statsStatement,
} from './sql.js';

/** A column of a source: its name and how its values are stored. */
export interface SourceColumn {
  name: string;
  kind: StorageKind;
}

/** Per-column statistics of a source. */
export interface ColumnStats {
  /** Rows of the table. */
  rows: number;
  /** Missing values (NULL, and NaN in floating-point columns). */
  missing: number;
  /** Distinct non-missing values. */
  distinct: number;
  /** Non-missing values with a fractional part (0 unless floating-point). */
  fractional: number;
}

/** Joint counts: one row of keys (as text) per group, with its count. */
export interface GroupCounts {
  keys: string[][];
  counts: number[];
}

/** Where a profile's numbers come from. */
export interface TableSource {
  /** `'duckdb'`, `'postgres'`, `'clickhouse'` or `'memory'`. */
  readonly engine: Engine | 'memory';
  /** What is profiled, for people (a file, a table). */
  readonly label: string;
  /** The statements run so far, values written in (what `--explain` prints). */
  readonly statements: string[];
  columns(): Promise<SourceColumn[]>;
  stats(columns: readonly SourceColumn[]): Promise<ColumnStats[]>;
  /** Values of ranks r (0-based) among the n non-missing values of a column sorted ascending. */
  orderStatistics(column: SourceColumn, ranks: readonly number[], n: number): Promise<number[]>;
  /** Joint counts of the keys over rows where none is missing; TOO_LARGE past `maxGroups` groups. */
  counts(keys: readonly CountKey[], maxGroups: number): Promise<GroupCounts>;
  /** Records the statement {@link counts} would run, without running it (`explain`). */
  explainCounts(keys: readonly CountKey[], maxGroups: number): void;
  close(): Promise<void>;
}

/** A value from an engine as the text key of its group: bigints and numbers in their shortest form. */
export function keyText(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return Object.is(v, -0) ? '0' : String(v);
  if (typeof v === 'bigint' || typeof v === 'boolean') return String(v);
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString();
  return String(v);
}

/** An engine's number (a JS number, a bigint, or text for 64-bit integers) as a number. */
export function toNumber(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint' || typeof v === 'string') return Number(v);
  if (typeof v === 'boolean') return v ? 1 : 0;
  return Number.NaN;
}

/** The refusal when a count query has more groups than allowed. */
export function tooManyGroups(keys: readonly CountKey[], maxGroups: number): SurprisalError {
  const names = keys.map((k) => `'${k.column}'`).join(' × ');
  return new SurprisalError(
    'TOO_LARGE',
    `profileTable: ${names} has more than ${maxGroups} distinct combinations (maxGroups); raise maxGroups (--max-groups) or leave the column out (an identifier column carries no information to count)`,
    { argument: 'maxGroups', value: maxGroups },
  );
}

/** Runs statements on an engine: rows as records (column name → value), and column types for a schema. */
export interface Executor {
  run(s: Statement): Promise<Record<string, unknown>[]>;
  /** Columns of a statement's result with the engine's type names. */
  describe(s: Statement): Promise<{ name: string; type: string }[]>;
  close(): Promise<void>;
}

/** A source on a SQL engine: the statements of sql.ts, run by the engine's executor. */
export class SqlSource implements TableSource {
  readonly statements: string[] = [];
  constructor(
    readonly engine: Engine,
    readonly label: string,
    private readonly dialect: Dialect,
    private readonly relation: Relation,
    private readonly executor: Executor,
    private readonly kindOf: (type: string) => StorageKind,
  ) {}

  private async run(s: Statement): Promise<Record<string, unknown>[]> {
    this.statements.push(showStatement(s));
    try {
      return await this.executor.run(s);
    } catch (e) {
      throw engineError(this.engine, e, s);
    }
  }

  async columns(): Promise<SourceColumn[]> {
    const s = schemaStatement(this.relation);
    this.statements.push(showStatement(s));
    let cols: { name: string; type: string }[];
    try {
      cols = await this.executor.describe(s);
    } catch (e) {
      throw engineError(this.engine, e, s);
    }
    return cols.map((c) => ({ name: c.name, kind: this.kindOf(c.type) }));
  }

  async stats(columns: readonly SourceColumn[]): Promise<ColumnStats[]> {
    const [row] = await this.run(statsStatement(this.dialect, this.relation, columns));
    const rows = toNumber(row.surprisal_rows);
    const distinct: unknown[] = [];
    for (let i = 0; i < columns.length; i++) {
      distinct.push(
        this.dialect.distinctApart
          ? (await this.run(distinctStatement(this.dialect, this.relation, columns[i])))[0].d0
          : row[`d${i}`],
      );
    }
    return columns.map((c, i) => ({
      rows,
      missing: toNumber(row[`m${i}`] ?? 0) || 0,
      distinct: toNumber(distinct[i]),
      fractional: c.kind === 'float' ? toNumber(row[`f${i}`] ?? 0) || 0 : 0,
    }));
  }

  async orderStatistics(column: SourceColumn, ranks: readonly number[], n: number): Promise<number[]> {
    if (ranks.length === 0) return [];
    const [row] = await this.run(quantileStatement(this.dialect, this.relation, column, ranks, n));
    return ranks.map((_, j) => toNumber(row[`q${j}`]));
  }

  async counts(keys: readonly CountKey[], maxGroups: number): Promise<GroupCounts> {
    const rows = await this.run(countStatement(this.dialect, this.relation, keys, maxGroups + 1));
    if (rows.length > maxGroups) throw tooManyGroups(keys, maxGroups);
    return {
      keys: rows.map((r) => keys.map((_, i) => keyText(r[`surprisal_k${i}`]))),
      counts: rows.map((r) => toNumber(r.surprisal_n)),
    };
  }

  explainCounts(keys: readonly CountKey[], maxGroups: number): void {
    this.statements.push(showStatement(countStatement(this.dialect, this.relation, keys, maxGroups + 1)));
  }

  close(): Promise<void> {
    return this.executor.close();
  }
}

function engineError(engine: Engine, e: unknown, s: Statement): SurprisalError {
  const message = (e instanceof Error ? e.message : String(e)).split('\n')[0];
  const sql = showStatement(s);
  return new SurprisalError(
    'ENGINE_ERROR',
    `${engine}: ${message} (in: ${sql.length > 160 ? `${sql.slice(0, 160)}…` : sql})`,
    { argument: 'source' },
  );
}

/** Loads an optional engine package, or says which one to install. */
export async function loadPackage<T>(name: string, load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch {
    throw new SurprisalError(
      'MISSING_DEPENDENCY',
      `surprisal/tables: this engine needs the package ${name}; install it with: npm install ${name}`,
      { argument: 'engine', value: name },
    );
  }
}
