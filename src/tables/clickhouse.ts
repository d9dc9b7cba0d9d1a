/**
 * ClickHouse through its official client `@clickhouse/client` (HTTP). The counting runs where the data is:
 * on a `Distributed` table, or through the `remote()` / `cluster()` table functions, every shard counts its
 * rows and the initiating server merges the counts. The SQL is that of ClickHouse 18.16 (Debian's package):
 * no query parameters (values are inlined as escaped literals), no positional GROUP BY.
 * @module
 */
import { SurprisalError } from '../core/errors.js';
import { describe } from '../core/options.js';
import { loadPackage, SqlSource } from './source.js';
import { dialectOf, type StorageKind } from './sql.js';

/** Where a ClickHouse profile reads from. */
export interface ClickHouseSourceOptions {
  /** The table: `db.table` or `table` (a `Distributed` table counts on every shard). */
  table: string;
  /** Shard addresses for the `remote()` table function, `'host1:9000,host2:9000'` (each counts its part). */
  remote?: string;
  /** A cluster of the server's configuration, for the `cluster()` table function. */
  cluster?: string;
}

const quote = (s: string) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

/** ClickHouse type names as storage kinds (Nullable and LowCardinality unwrapped). */
function kindOf(type: string): StorageKind {
  let t = type;
  for (;;) {
    const m = /^(Nullable|LowCardinality)\((.*)\)$/.exec(t);
    if (!m) break;
    t = m[2];
  }
  if (t === 'Bool') return 'boolean';
  if (/^U?Int(8|16|32|64|128|256)$/.test(t)) return 'integer';
  if (/^(Float32|Float64|Decimal.*)$/.test(t)) return 'float';
  if (t === 'String' || t.startsWith('FixedString') || t.startsWith('Enum')) return 'string';
  return 'other';
}

/**
 * A count source on ClickHouse: `url` is the HTTP interface (`http://user:password@host:8123`). Needs the
 * optional package `@clickhouse/client`.
 *
 * @example
 * ```ts
 * typeof clickHouseSource; // 'function'
 * ```
 * @throws {SurprisalError} `MISSING_DEPENDENCY` without `@clickhouse/client`, `INVALID_OPTION` without a table
 *   or with both remote and cluster, `ENGINE_ERROR` for a query the server refuses.
 */
export async function clickHouseSource(url: string, options: ClickHouseSourceOptions): Promise<SqlSource> {
  const o = (options ?? {}) as ClickHouseSourceOptions;
  if (typeof url !== 'string' || typeof o.table !== 'string' || o.table === '') {
    throw new SurprisalError(
      'INVALID_OPTION',
      `clickHouseSource: needs the server's URL and { table }; got ${describe(url)}, ${describe(o.table)}`,
      { argument: 'table', value: o.table },
    );
  }
  if (o.remote !== undefined && o.cluster !== undefined) {
    throw new SurprisalError('INVALID_OPTION', 'clickHouseSource: give remote or cluster, not both', {
      argument: 'cluster',
    });
  }
  const d = dialectOf('clickhouse');
  const parts = o.table.split('.');
  const [db, table] = parts.length > 1 ? [parts[0], parts.slice(1).join('.')] : ['default', parts[0]];
  const relation =
    o.remote !== undefined
      ? `remote(${quote(o.remote)}, ${d.ident(db)}, ${d.ident(table)})`
      : o.cluster !== undefined
        ? `cluster(${quote(o.cluster)}, ${d.ident(db)}, ${d.ident(table)})`
        : d.qualified(o.table);
  const ch = await loadPackage('@clickhouse/client', () => import('@clickhouse/client'));
  const client = ch.createClient({ url });
  const query = async (text: string) => {
    const rs = await client.query({ query: text, format: 'JSON' });
    return (await rs.json()) as { meta: { name: string; type: string }[]; data: Record<string, unknown>[] };
  };
  const label = o.remote
    ? `remote(${o.remote}) ${o.table}`
    : o.cluster
      ? `cluster(${o.cluster}) ${o.table}`
      : o.table;
  return new SqlSource(
    'clickhouse',
    label,
    d,
    relation,
    {
      async run(s) {
        return (await query(s.text)).data;
      },
      async describe(s) {
        return (await query(s.text)).meta;
      },
      async close() {
        await client.close();
      },
    },
    kindOf,
  );
}
