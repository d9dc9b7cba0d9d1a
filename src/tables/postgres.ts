/**
 * PostgreSQL through `pg`: a table (or view) profiled where it lives, only counts coming back.
 * @module
 */
import { SurprisalError } from '../core/errors.js';
import { describe } from '../core/options.js';
import { loadPackage, SqlSource } from './source.js';
import { dialectOf, type StorageKind } from './sql.js';

/** Where a PostgreSQL profile reads from. */
export interface PostgresSourceOptions {
  /** The table or view: `schema.table` or `table` (each part is quoted as given). */
  table: string;
}

/** PostgreSQL type OIDs (pg_type) as storage kinds. */
function kindOf(oid: string): StorageKind {
  switch (Number(oid)) {
    case 16:
      return 'boolean';
    case 20:
    case 21:
    case 23:
      return 'integer';
    case 700:
    case 701:
    case 1700:
      return 'float';
    case 18:
    case 19:
    case 25:
    case 1042:
    case 1043:
      return 'string';
    default:
      return 'other';
  }
}

/**
 * A count source on PostgreSQL: `url` is a connection string (`postgres://user@host:5432/db`). Needs the
 * optional package `pg`.
 *
 * @example
 * ```ts
 * typeof postgresSource; // 'function'
 * ```
 * @throws {SurprisalError} `MISSING_DEPENDENCY` without `pg`, `INVALID_OPTION` without a table, `ENGINE_ERROR`
 *   when the server cannot be reached.
 */
export async function postgresSource(url: string, options: PostgresSourceOptions): Promise<SqlSource> {
  const table = (options as PostgresSourceOptions | undefined)?.table;
  if (typeof url !== 'string' || typeof table !== 'string' || table === '') {
    throw new SurprisalError(
      'INVALID_OPTION',
      `postgresSource: needs a connection URL and { table }; got ${describe(url)}, ${describe(table)}`,
      { argument: 'table', value: table },
    );
  }
  const pg = (await loadPackage('pg', () => import('pg'))).default;
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
  } catch (e) {
    throw new SurprisalError('ENGINE_ERROR', `postgres: ${(e as Error).message}`, { argument: 'url' });
  }
  const d = dialectOf('postgres');
  return new SqlSource(
    'postgres',
    table,
    d,
    d.qualified(table),
    {
      async run(s) {
        return (await client.query({ text: s.text, values: s.values })).rows;
      },
      async describe(s) {
        const r = await client.query({ text: s.text, values: s.values });
        return r.fields.map((f) => ({ name: f.name, type: String(f.dataTypeID) }));
      },
      async close() {
        await client.end();
      },
    },
    kindOf,
  );
}
