/**
 * Information profiles of tables where they live: the counting is pushed down to an engine (DuckDB embedded,
 * PostgreSQL, ClickHouse — distributed through `remote()` / `cluster()` or a `Distributed` table) and only the
 * counts come back; or a table in memory. Node only, its own entry point (`surprisal/tables`): the engine clients
 * are optional peer dependencies, loaded on first use.
 * @packageDocumentation
 */
export { type ClickHouseSourceOptions, clickHouseSource } from './clickhouse.js';
export { type DuckDbSourceOptions, duckDbSource } from './duckdb.js';
export type { ProfileEstimator } from './jointCounts.js';
export { memorySource } from './memory.js';
export { type PostgresSourceOptions, postgresSource } from './postgres.js';
export {
  type ColumnProfile,
  type ProfileTableOptions,
  profileTable,
  type SkipReason,
  type TableProfile,
  type TargetRelation,
} from './profileTable.js';
export type { ColumnStats, GroupCounts, SourceColumn, TableSource } from './source.js';
export type { CountKey, Engine, StorageKind } from './sql.js';
