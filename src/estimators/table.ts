/**
 * Tables as the table functions take them (a record of columns, or rows), and each column's type with
 * per-column overrides.
 * @module
 */
import { SurprisalError } from '../core/errors.js';
import { describe, readIntegerOption, readOptions } from '../core/options.js';
import { type ColumnType, type ColumnValue, columnTypeOf } from './columnType.js';

/**
 * A table: a record of column name → column (an array or typed array of numbers, strings, booleans, bigints,
 * null), all of one length; or an array of rows, each a record of column name → value (a key absent from a row
 * is a missing value there; columns in order of first appearance).
 */
export type Table =
  | Readonly<Record<string, ArrayLike<ColumnValue>>>
  | ReadonlyArray<Readonly<Record<string, ColumnValue>>>;

/** A table read into columns. @internal */
export interface TableColumns {
  names: string[];
  columns: ArrayLike<unknown>[];
  rows: number;
}

/**
 * Reads a {@link Table} into named columns of one length.
 * @throws {SurprisalError} `SHAPE_MISMATCH` for anything else or columns of different lengths; `EMPTY` for no
 *   columns or no rows.
 * @internal
 */
export function readTable(table: unknown, fn: string, name = 'table'): TableColumns {
  if (Array.isArray(table)) {
    const index = new Map<string, number>();
    for (let r = 0; r < table.length; r++) {
      const row: unknown = table[r];
      if (row === null || typeof row !== 'object' || Array.isArray(row) || ArrayBuffer.isView(row)) {
        throw new SurprisalError(
          'SHAPE_MISMATCH',
          `${fn}: ${name}[${r}] must be a row (a record of column name → value); got ${describe(row)}`,
          { argument: name, index: r, value: row },
        );
      }
      for (const k of Object.keys(row)) if (!index.has(k)) index.set(k, index.size);
    }
    const names = [...index.keys()];
    if (table.length === 0 || names.length === 0)
      throw new SurprisalError('EMPTY', `${fn}: ${name} has no rows or no columns`, { argument: name });
    const columns = names.map((k) => table.map((row) => (row as Record<string, unknown>)[k]));
    return { names, columns, rows: table.length };
  }
  if (table === null || typeof table !== 'object' || ArrayBuffer.isView(table)) {
    throw new SurprisalError(
      'SHAPE_MISMATCH',
      `${fn}: ${name} must be a record of column name → array, or an array of rows; got ${describe(table)}`,
      { argument: name, value: table },
    );
  }
  const names = Object.keys(table);
  if (names.length === 0)
    throw new SurprisalError('EMPTY', `${fn}: ${name} has no columns`, { argument: name });
  const columns: ArrayLike<unknown>[] = [];
  let rows = -1;
  for (const k of names) {
    const col: unknown = (table as Record<string, unknown>)[k];
    const n: unknown = (col as { length?: unknown } | null)?.length;
    if (
      col === null ||
      typeof col !== 'object' ||
      typeof n !== 'number' ||
      !Number.isInteger(n) ||
      n < 0 ||
      n > 2 ** 32
    ) {
      throw new SurprisalError(
        'SHAPE_MISMATCH',
        `${fn}: ${name}.${k} must be an array of values; got ${describe(col)}`,
        { argument: `${name}.${k}`, value: col },
      );
    }
    if (rows >= 0 && n !== rows) {
      throw new SurprisalError(
        'SHAPE_MISMATCH',
        `${fn}: ${name}.${k} has ${n} values but ${name}.${names[0]} has ${rows}; columns must have one length`,
        { argument: `${name}.${k}`, value: n },
      );
    }
    rows = n;
    columns.push(col as ArrayLike<unknown>);
  }
  if (rows === 0) throw new SurprisalError('EMPTY', `${fn}: ${name} has no rows`, { argument: name });
  return { names, columns, rows };
}

/**
 * Reads a list of column names of a table (an override such as `discrete: ['cyl', 'gear']`).
 * @throws {SurprisalError} `INVALID_OPTION` for a name that is not a column.
 * @internal
 */
export function readColumnNames(
  value: unknown,
  names: readonly string[],
  option: string,
  fn: string,
): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) {
    throw new SurprisalError(
      'INVALID_OPTION',
      `${fn}: ${option} must be an array of column names; got ${describe(value)}`,
      { argument: option, value },
    );
  }
  for (const v of value as string[]) {
    if (!names.includes(v)) {
      throw new SurprisalError(
        'INVALID_OPTION',
        `${fn}: ${option} names '${v}', which is not a column (columns: ${names.slice(0, 20).join(', ')}${names.length > 20 ? ', ...' : ''})`,
        { argument: option, value: v },
      );
    }
  }
  return value as string[];
}

/** Options of {@link inferColumnTypes}. */
export interface InferColumnTypesOptions {
  /**
   * `'auto'` (default): every column by the rule of `inferColumnType`. A list of names, as scikit-learn's
   * `discrete_features`: those columns are discrete whatever they hold, and the others continuous (except
   * columns holding text, which are always discrete); `[]` makes every numeric column continuous.
   */
  discrete?: 'auto' | readonly string[];
  /** Columns to take as continuous (numbers required). */
  continuous?: readonly string[];
  /** Most distinct integer values of a column inferred as discrete (as `inferColumnType`); default 20. */
  maxLevels?: number;
}

const TYPES_KEYS = ['discrete', 'continuous', 'maxLevels'] as const;

/**
 * Per-column types of a table, read from options: an explicit list wins, else the rule of `inferColumnType`.
 * Missing values are allowed here (they are the estimators' business). @internal
 */
export function columnTypesOf(
  t: TableColumns,
  o: { discrete?: unknown; continuous?: unknown; maxLevels?: unknown },
  fn: string,
): ColumnType[] {
  const maxLevels = readIntegerOption(o.maxLevels, 20, 1, 2 ** 31, 'maxLevels', fn);
  const auto = o.discrete === undefined || o.discrete === 'auto';
  const discrete = auto ? [] : readColumnNames(o.discrete, t.names, 'discrete', fn);
  const continuous = readColumnNames(o.continuous, t.names, 'continuous', fn);
  for (const c of continuous) {
    if (discrete.includes(c)) {
      throw new SurprisalError(
        'INVALID_OPTION',
        `${fn}: column '${c}' is named both discrete and continuous`,
        {
          argument: 'continuous',
          value: c,
        },
      );
    }
  }
  return t.names.map((k, j) => {
    // With an explicit discrete list, every other column is continuous unless its values are not numbers.
    const type: ColumnType | 'auto' = discrete.includes(k)
      ? 'discrete'
      : continuous.includes(k)
        ? 'continuous'
        : auto
          ? 'auto'
          : 'continuous';
    if (type === 'continuous' && !continuous.includes(k))
      return hasText(t.columns[j]) ? 'discrete' : 'continuous';
    return columnTypeOf(t.columns[j], { type, maxLevels, missing: 'drop' }, fn, k);
  });
}

function hasText(values: ArrayLike<unknown>): boolean {
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v === 'string' || typeof v === 'boolean' || typeof v === 'bigint') return true;
  }
  return false;
}

/**
 * Every column's type in a table (see `inferColumnType` for the rule), with per-column overrides.
 *
 * @param table - a record of column name → array, or an array of rows ({@link Table}).
 * @returns a record of column name → `'discrete'` | `'continuous'`, in column order.
 * @throws {SurprisalError} `SHAPE_MISMATCH` for a malformed table; `EMPTY` for no rows or columns;
 *   `INVALID_OPTION` for an override naming no column, a column named both ways, or bad options;
 *   `INVALID_PARAMETER` for a `continuous` column holding text.
 *
 * @example
 * ```ts
 * const t = inferColumnTypes({ cyl: [4, 6, 8, 6, 8, 4], mpg: [22.8, 21, 18.7, 21.4, 14.3, 24.4] });
 * t.cyl === 'discrete' && t.mpg === 'continuous' ? 1 : 0; // 1
 * inferColumnTypes({ cyl: [4, 6, 8, 6, 8, 4] }, { continuous: ['cyl'] }).cyl === 'continuous' ? 1 : 0; // 1
 * ```
 */
export function inferColumnTypes(
  table: Table,
  options?: InferColumnTypesOptions,
): Record<string, ColumnType> {
  const fn = 'inferColumnTypes';
  const o = readOptions(options, fn, TYPES_KEYS);
  const t = readTable(table, fn);
  const types = columnTypesOf(t, o, fn);
  const out: Record<string, ColumnType> = {};
  t.names.forEach((k, j) => {
    out[k] = types[j];
  });
  return out;
}
