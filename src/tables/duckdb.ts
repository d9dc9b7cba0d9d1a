/**
 * DuckDB, embedded (the default engine): `@duckdb/node-api`, reading CSV, Parquet and JSON files — and globs
 * of them — in place and out of core, or a table of a DuckDB database file.
 * @module
 */
import { SurprisalError } from '../core/errors.js';
import { describe } from '../core/options.js';
import { loadPackage, SqlSource } from './source.js';
import { dialectOf, type Statement, type StorageKind } from './sql.js';

/** Where a DuckDB profile reads from. */
export interface DuckDbSourceOptions {
  /** A table (or view) of the database instead of a file: `schema.table` or `table`. */
  table?: string;
  /** A DuckDB database file to open (read-only); default an in-memory database (for files). */
  database?: string;
  /** How to read the file: by its extension unless given. */
  format?: 'csv' | 'parquet' | 'json';
  /**
   * DuckDB's memory limit (its `memory_limit` setting, e.g. `'512MB'`, `'2GB'`); default `'1GB'`, so that the
   * memory used does not grow with the table: DuckDB spills to disk past it.
   */
  memoryLimit?: string;
  /**
   * Where DuckDB spills past `memoryLimit` (its `temp_directory`): a folder it creates, and removes when the
   * source is closed; default a new `surprisal-duckdb-…` folder in the system's temporary directory (not
   * DuckDB's own default, `.tmp` in the working directory).
   */
  tempDirectory?: string;
}

/** A folder name in the system's temporary directory, unique to this source (Node's `os.tmpdir()`). */
function defaultTempDirectory(): string | undefined {
  const proc = (globalThis as { process?: { pid?: number; getBuiltinModule?: (id: string) => unknown } })
    .process;
  const os = proc?.getBuiltinModule?.('node:os') as { tmpdir?: () => string } | undefined;
  const dir = os?.tmpdir?.();
  if (dir === undefined) return undefined;
  const unique = `${proc?.pid ?? 0}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
  return `${dir.replace(/\/$/, '')}/surprisal-duckdb-${unique}`;
}

/** Text cells read as missing from CSV: pandas' `read_csv` markers, as `isMissing` (R's NA among them). */
const NULL_STRINGS = [
  '',
  'NA',
  'N/A',
  'n/a',
  'NaN',
  'nan',
  '-NaN',
  '-nan',
  'NULL',
  'null',
  'None',
  '<NA>',
  '#N/A',
  '#NA',
];

const quote = (s: string) => `'${s.replace(/'/g, "''")}'`;

/** The FROM clause for a file (or glob) path. */
function fileRelation(path: string, format: string | undefined): string {
  const ext = (
    format ??
    path
      .replace(/\.(gz|zst)$/, '')
      .split('.')
      .pop() ??
    ''
  ).toLowerCase();
  if (ext === 'parquet') return `read_parquet(${quote(path)})`;
  if (ext === 'json' || ext === 'jsonl' || ext === 'ndjson') return `read_json_auto(${quote(path)})`;
  if (ext === 'csv' || ext === 'tsv' || ext === 'txt') {
    // The delimiter is fixed by the extension: sniffing one lets a ragged file be read as one wide column.
    const delim = ext === 'tsv' ? `'\t'` : `','`;
    return `read_csv(${quote(path)}, header = true, delim = ${delim}, nullstr = [${NULL_STRINGS.map(quote).join(', ')}])`;
  }
  throw new SurprisalError(
    'INVALID_OPTION',
    `duckDbSource: cannot tell how to read ${describe(path)}; name a .csv, .tsv, .parquet or .json file, or give { format }`,
    { argument: 'path', value: path },
  );
}

/** DuckDB's type names as the profile's storage kinds. */
function kindOf(type: string): StorageKind {
  const t = type.toUpperCase();
  if (t === 'BOOLEAN') return 'boolean';
  if (/^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT)$/.test(t)) {
    return 'integer';
  }
  if (/^(FLOAT|DOUBLE|DECIMAL.*)$/.test(t)) return 'float';
  if (t === 'VARCHAR' || t.startsWith('ENUM')) return 'string';
  return 'other';
}

/**
 * A count source on DuckDB, embedded: a CSV, Parquet or JSON file or glob (`data/*.parquet`), read in place, or
 * `{ table }` of a database file. Needs the optional package `@duckdb/node-api`.
 *
 * @param path - the file or glob to profile (ignored with `{ table }`).
 * @example
 * ```ts
 * typeof duckDbSource; // 'function'
 * ```
 * @throws {SurprisalError} `MISSING_DEPENDENCY` without `@duckdb/node-api`, `INVALID_OPTION` for a file type it
 *   cannot tell or a malformed memoryLimit, `ENGINE_ERROR` when DuckDB cannot open it.
 */
export async function duckDbSource(path: string, options: DuckDbSourceOptions = {}): Promise<SqlSource> {
  const d = dialectOf('duckdb');
  if (typeof path !== 'string' && options.table === undefined) {
    throw new SurprisalError(
      'INVALID_OPTION',
      `duckDbSource: path must be a file name; got ${describe(path)}`,
      {
        argument: 'path',
        value: path,
      },
    );
  }
  const relation =
    options.table !== undefined ? d.qualified(options.table) : fileRelation(path, options.format);
  const api = await loadPackage('@duckdb/node-api', () => import('@duckdb/node-api'));
  let instance: Awaited<ReturnType<typeof api.DuckDBInstance.create>>;
  try {
    instance = await api.DuckDBInstance.create(
      options.database ?? ':memory:',
      options.database ? { access_mode: 'READ_ONLY' } : undefined,
    );
  } catch (e) {
    throw new SurprisalError('ENGINE_ERROR', `duckdb: ${(e as Error).message}`, { argument: 'database' });
  }
  const con = await instance.connect();
  const memoryLimit = options.memoryLimit ?? '1GB';
  if (
    typeof memoryLimit !== 'string' ||
    !/^\d+(\.\d+)?\s*(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/i.test(memoryLimit)
  ) {
    con.closeSync();
    instance.closeSync();
    throw new SurprisalError(
      'INVALID_OPTION',
      `duckDbSource: memoryLimit must be a size such as '512MB' or '2GB'; got ${describe(memoryLimit)}`,
      { argument: 'memoryLimit', value: memoryLimit },
    );
  }
  await con.run(`SET memory_limit = '${memoryLimit}'`);
  const tempDirectory = options.tempDirectory ?? defaultTempDirectory();
  if (tempDirectory !== undefined) {
    if (typeof tempDirectory !== 'string' || tempDirectory === '') {
      con.closeSync();
      instance.closeSync();
      throw new SurprisalError(
        'INVALID_OPTION',
        `duckDbSource: tempDirectory must be a folder name; got ${describe(tempDirectory)}`,
        { argument: 'tempDirectory', value: tempDirectory },
      );
    }
    await con.run(`SET temp_directory = ${quote(tempDirectory)}`);
  }
  // A prepared statement holds its reader's buffers (30 MiB per CSV scan) until destroyed: one per statement.
  const prepare = async (s: Statement) => {
    const p = await con.prepare(s.text);
    if (s.values.length > 0) p.bind(s.values);
    return p;
  };
  return new SqlSource(
    'duckdb',
    options.table ?? path,
    d,
    relation,
    {
      async run(s) {
        const p = await prepare(s);
        try {
          return (await p.runAndReadAll()).getRowObjectsJS() as Record<string, unknown>[];
        } finally {
          p.destroySync();
        }
      },
      async describe(s) {
        const p = await prepare(s);
        try {
          const reader = await p.runAndReadAll();
          const types = reader.columnTypes();
          return reader.columnNames().map((name, i) => ({ name, type: String(types[i]) }));
        } finally {
          p.destroySync();
        }
      },
      async close() {
        con.closeSync();
        instance.closeSync();
      },
    },
    kindOf,
  );
}
