/**
 * The table profiles' plumbing (issue #19): a missing engine package is a one-line MISSING_DEPENDENCY naming
 * it; identifiers are quoted and values bound or escaped by one module per dialect; hostile options are refused.
 */
import { describe, expect, it } from 'vitest';
import { SurprisalError } from '../../src/index.js';
import { memorySource, profileTable } from '../../src/tables/index.js';
import { loadPackage } from '../../src/tables/source.js';
import { countStatement, dialectOf, quantileStatement, showStatement } from '../../src/tables/sql.js';

describe('loadPackage', () => {
  it('a package that cannot be imported is MISSING_DEPENDENCY with the npm command', async () => {
    const e = await loadPackage('pg', () => import('surprisal-no-such-package' as string)).catch((x) => x);
    expect(e).toBeInstanceOf(SurprisalError);
    expect(e.code).toBe('MISSING_DEPENDENCY');
    expect(e.message).toBe(
      'surprisal/tables: this engine needs the package pg; install it with: npm install pg',
    );
  });
});

describe('sql: one module per dialect', () => {
  const evil = 'a"b`c\\d\'e';
  it('quotes identifiers as each engine reads them', () => {
    expect(dialectOf('duckdb').ident(evil)).toBe('"a""b`c\\d\'e"');
    expect(dialectOf('postgres').ident(evil)).toBe('"a""b`c\\d\'e"');
    expect(dialectOf('clickhouse').ident(evil)).toBe('`a"b\\`c\\\\d\'e`');
    expect(dialectOf('postgres').qualified('public.t')).toBe('"public"."t"');
  });
  it('binds values on DuckDB and PostgreSQL, inlines escaped literals on ClickHouse; LIMIT bounds every count', () => {
    const key = { column: 'x', kind: 'float' as const, edges: [0.5, 1e-300, -0] };
    const pg = countStatement(dialectOf('postgres'), 't', [key], 11);
    expect(pg.values).toEqual([0.5, 1e-300, -0, 11]);
    expect(pg.text).toContain('LIMIT $4');
    expect(pg.text).toContain('("x" IS NULL OR "x" = \'NaN\'::float8)');
    const ch = countStatement(dialectOf('clickhouse'), 't', [key], 11);
    expect(ch.values).toEqual([]);
    expect(ch.text).toContain('WHEN `x` <= 1e-300 THEN 1 WHEN `x` <= 0 THEN 2');
    expect(ch.text).toMatch(/LIMIT 11$/);
    expect(showStatement(pg)).toContain('LIMIT 11');
  });
  it('asks PostgreSQL and ClickHouse for rank r at p = (r + ½)/n, DuckDB for positions r of a sorted window', () => {
    const pg = quantileStatement(dialectOf('postgres'), 't', { name: 'x', kind: 'integer' }, [0, 9], 10);
    expect(pg.values).toEqual([0.05, 0.95]);
    expect(pg.text).toBe(
      'SELECT percentile_disc($1::float8) WITHIN GROUP (ORDER BY "x") AS q0, percentile_disc($2::float8) WITHIN GROUP (ORDER BY "x") AS q1 FROM t WHERE NOT "x" IS NULL',
    );
    const ch = quantileStatement(dialectOf('clickhouse'), 't', { name: 'x', kind: 'float' }, [3], 10);
    expect(ch.text).toBe(
      'SELECT quantileExact(0.35)(`x`) AS q0 FROM t WHERE NOT (isNull(`x`) OR isNaN(`x`))',
    );
    // DuckDB's quantile_disc holds the whole column outside memory_limit; the window sorts out of core.
    const duck = quantileStatement(dialectOf('duckdb'), 't', { name: 'x', kind: 'integer' }, [0, 9], 10);
    expect(duck.values).toEqual([0, 9]);
    expect(duck.text).toBe(
      'SELECT max(CASE WHEN surprisal_r = $1 THEN surprisal_x END) AS q0, max(CASE WHEN surprisal_r = $2 THEN surprisal_x END) AS q1 FROM (SELECT "x" AS surprisal_x, row_number() OVER (ORDER BY "x") - 1 AS surprisal_r FROM t WHERE NOT "x" IS NULL) AS surprisal_sorted',
    );
  });
});

describe('profileTable: options', () => {
  const src = memorySource({ a: [1, 2, 3, 1], b: ['x', 'y', 'x', 'y'] });
  it('refuses unknown options, columns and targets with INVALID_OPTION', async () => {
    for (const options of [
      { bogus: 1 },
      { target: 'c' },
      { columns: ['c'] },
      { columns: 'a' },
      { bins: 1 },
      { estimator: 'nsb' },
      { continuous: ['b'] },
      { discrete: ['a'], continuous: ['a'] },
      { dependencyThreshold: 1 },
      { onProgress: 3 },
    ]) {
      const e = await profileTable(src, options as never).catch((x) => x);
      expect(e, JSON.stringify(options)).toBeInstanceOf(SurprisalError);
      expect(e.code).toBe('INVALID_OPTION');
    }
    expect((await profileTable({} as never).catch((x) => x)).code).toBe('INVALID_OPTION');
  });
  it('reports progress: done counts up to the total', async () => {
    const seen: [number, number][] = [];
    await profileTable(src, { target: 'b', onProgress: (d, t) => seen.push([d, t]) });
    expect(seen.map((s) => s[0])).toEqual(seen.map((_, i) => i + 1));
    expect(seen.at(-1)?.[0]).toBe(seen.at(-1)?.[1]);
  });
});
