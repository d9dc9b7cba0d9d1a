/**
 * A count source over a table in memory: the same four answers as the SQL engines, computed here, so a
 * profile of an in-memory table and of the same rows in DuckDB, PostgreSQL or ClickHouse agree number for
 * number.
 * @module
 */
import { isMissing } from '../estimators/columnType.js';
import { readTable, type Table } from '../estimators/table.js';
import {
  type ColumnStats,
  type GroupCounts,
  keyText,
  type SourceColumn,
  type TableSource,
  tooManyGroups,
} from './source.js';
import type { CountKey, StorageKind } from './sql.js';

function storageOf(values: ArrayLike<unknown>): StorageKind {
  let kind: StorageKind | undefined;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (isMissing(v)) continue;
    const k: StorageKind =
      typeof v === 'string'
        ? 'string'
        : typeof v === 'boolean'
          ? 'boolean'
          : typeof v === 'bigint'
            ? 'integer'
            : typeof v === 'number'
              ? Number.isInteger(v)
                ? 'integer'
                : 'float'
              : 'other';
    if (kind === undefined || kind === k) kind = k;
    else if ((kind === 'integer' && k === 'float') || (kind === 'float' && k === 'integer')) kind = 'float';
    else return 'string';
  }
  return kind ?? 'string';
}

/**
 * A count source over an in-memory table (a record of columns, or rows as records): missing values are
 * those of `isMissing` (null, NaN, empty text, `NA`, …).
 *
 * @example
 * ```ts
 * const src = memorySource({ g: ['a', 'b', 'a', null], x: [1.5, 2, 2.5, 3] });
 * src.engine; // 'memory'
 * ```
 * @throws {SurprisalError} as `readTable`: `SHAPE_MISMATCH` for columns of different lengths or no table,
 *   `EMPTY` for no columns.
 */
export function memorySource(table: Table): TableSource {
  const t = readTable(table, 'memorySource');
  const byName = new Map(t.names.map((n, i) => [n, t.columns[i]]));
  const values = (name: string) => byName.get(name) as ArrayLike<unknown>;
  const present = (v: unknown, kind: StorageKind) =>
    !isMissing(v) && !(kind === 'float' && Number.isNaN(Number(v)));
  return {
    engine: 'memory',
    label: 'table in memory',
    statements: [],
    async columns(): Promise<SourceColumn[]> {
      return t.names.map((name, i) => ({ name, kind: storageOf(t.columns[i]) }));
    },
    async stats(columns): Promise<ColumnStats[]> {
      return columns.map((c) => {
        const v = values(c.name);
        const seen = new Set<string>();
        let missing = 0;
        let fractional = 0;
        for (let i = 0; i < v.length; i++) {
          if (!present(v[i], c.kind)) {
            missing++;
            continue;
          }
          seen.add(keyText(v[i]));
          if (c.kind === 'float' && !Number.isInteger(Number(v[i]))) fractional++;
        }
        return { rows: t.rows, missing, distinct: seen.size, fractional };
      });
    },
    async orderStatistics(column, ranks): Promise<number[]> {
      const v = values(column.name);
      const xs: number[] = [];
      for (let i = 0; i < v.length; i++) if (present(v[i], column.kind)) xs.push(Number(v[i]));
      xs.sort((a, b) => a - b);
      return ranks.map((r) => xs[r]);
    },
    async counts(keys: readonly CountKey[], maxGroups: number): Promise<GroupCounts> {
      const cols = keys.map((k) => values(k.column));
      const groups = new Map<string, { keys: string[]; n: number }>();
      for (let r = 0; r < t.rows; r++) {
        const key: string[] = [];
        let ok = true;
        for (let j = 0; j < keys.length && ok; j++) {
          const v = cols[j][r];
          if (!present(v, keys[j].kind)) ok = false;
          else if (keys[j].edges) {
            const edges = keys[j].edges as readonly number[];
            const x = Number(v);
            let b = 0;
            while (b < edges.length && !(x <= edges[b])) b++;
            key.push(String(b));
          } else key.push(keyText(v));
        }
        if (!ok) continue;
        const id = key.join('\u0000');
        const g = groups.get(id);
        if (g) g.n++;
        else {
          if (groups.size >= maxGroups) throw tooManyGroups(keys, maxGroups);
          groups.set(id, { keys: key, n: 1 });
        }
      }
      const list = [...groups.values()];
      return { keys: list.map((g) => g.keys), counts: list.map((g) => g.n) };
    },
    explainCounts() {},
    async close() {},
  };
}
