/**
 * Table profiles on real engines (issue #19): one generated table — strings with NULLs, booleans, an identifier,
 * discrete integers, continuous floats with missing values, a constant, and a column named like an injection —
 * is loaded into DuckDB (CSV and Parquet files read in place), PostgreSQL (a server started here) and ClickHouse
 * (two servers started here, each holding one shard, queried through remote()), and every engine must give
 * the counts and estimates of the in-memory profile. The servers run from Debian's packages on free ports in
 * temporary directories, each in its own process group, stopped by group afterwards.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createRng } from '../../src/index.js';
import {
  clickHouseSource,
  duckDbSource,
  memorySource,
  type ProfileTableOptions,
  postgresSource,
  profileTable,
  type TableProfile,
} from '../../src/tables/index.js';
import { surprisal } from '../cli/helpers.js';
import {
  freePort,
  haveClickHouse,
  havePostgres,
  type Server,
  startClickHouse,
  startPostgres,
} from '../helpers/servers.js';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

const EVIL = '"; DROP TABLE t; --';
const N = 1500;

/** The table: columns of every kind, with known dependence (t depends on k, y on x). */
function makeTable() {
  const rng = createRng(19);
  const id: number[] = [];
  const g: (string | null)[] = [];
  const flag: boolean[] = [];
  const k: number[] = [];
  const x: (number | null)[] = [];
  const y: number[] = [];
  const c: string[] = [];
  const evil: number[] = [];
  const t: string[] = [];
  for (let i = 0; i < N; i++) {
    id.push(i);
    const u = rng.uniform();
    g.push(i % 37 === 5 ? null : u < 0.5 ? 'a' : u < 0.8 ? 'b' : "c'quote");
    flag.push(rng.uniform() < 0.3);
    const ki = Math.floor(rng.uniform() * 5);
    k.push(ki);
    const xi = rng.normal();
    x.push(i % 53 === 7 ? null : Math.round(xi * 1e6) / 1e6);
    y.push(Math.round((xi + 0.5 * rng.normal()) * 1e6) / 1e6);
    c.push('same');
    evil.push(i % 3);
    t.push(rng.uniform() < 0.8 ? `t${ki % 3}` : `t${Math.floor(rng.uniform() * 3)}`);
  }
  return { id, g, flag, k, x, y, c, [EVIL]: evil, t };
}

const table = makeTable();
const names = Object.keys(table);
const options: ProfileTableOptions = {
  target: 't',
  pairs: true,
  estimator: 'miller-madow',
  base: 'bits',
  bins: 8,
};
let expected: TableProfile;

/** `surprisal profile …` with the options above, as JSON; and its human table prints every column. */
function cliProfile(args: string[]): TableProfile {
  const common = ['--target', 't', '--pairs', '--estimator', 'miller-madow', '--bits', '--bins', '8'];
  const human = surprisal(['profile', ...args, ...common]);
  expect(human.stderr).toBe('');
  expect(human.code).toBe(0);
  for (const name of ['id', 'flag', 'x']) expect(human.stdout).toMatch(new RegExp(`^${name}\\s`, 'm'));
  const r = surprisal(['profile', ...args, ...common, '--json']);
  expect(r.stderr).toBe('');
  return JSON.parse(r.stdout) as TableProfile;
}

/** The numbers of a profile, engine-independent: everything but the storage kinds, labels and SQL. */
function numbers(p: TableProfile) {
  return {
    rows: p.rows,
    columns: p.columns.map((c) => ({
      name: c.name,
      type: c.type,
      rows: c.rows,
      missing: c.missing,
      distinct: c.distinct,
      binEdges: c.binEdges,
      entropy: c.entropy,
      normalizedEntropy: c.normalizedEntropy,
      flags: c.flags,
      skipped: c.skipped,
    })),
    target: p.target,
    pairs: p.pairs,
  };
}

/** Deep equality with numbers within 1e-12 relative (sums over groups come back in engine order). */
function close(a: unknown, b: unknown, path = ''): void {
  if (typeof a === 'number' && typeof b === 'number') {
    if (Number.isNaN(a) || Number.isNaN(b)) expect(Number.isNaN(a), path).toBe(Number.isNaN(b));
    else
      expect(Math.abs(a - b), `${path}: ${a} vs ${b}`).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(b)));
    return;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    expect(a.length, path).toBe(b.length);
    for (let i = 0; i < a.length; i++) close(a[i], b[i], `${path}[${i}]`);
    return;
  }
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    expect(Object.keys(a).sort(), path).toEqual(Object.keys(b).sort());
    for (const key of Object.keys(a)) close((a as never)[key], (b as never)[key], `${path}.${key}`);
    return;
  }
  expect(a, path).toEqual(b);
}

const dir = mkdtempSync(join(tmpdir(), 'surprisal-tables-'));
const csvPath = join(dir, 'table.csv');

function csvCell(v: unknown): string {
  if (v === null) return '';
  const s = String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

beforeAll(async () => {
  expected = await profileTable(memorySource(table), options);
  const lines = [names.map(csvCell).join(',')];
  for (let i = 0; i < N; i++)
    lines.push(names.map((n) => csvCell((table as Record<string, unknown[]>)[n][i])).join(','));
  writeFileSync(csvPath, `${lines.join('\n')}\n`);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('profileTable: the in-memory profile', () => {
  it('types by the rule of inferColumnType; flags; the target ranking', () => {
    const type = Object.fromEntries(expected.columns.map((c) => [c.name, c.type]));
    expect(type).toEqual({
      id: 'continuous',
      g: 'discrete',
      flag: 'discrete',
      k: 'discrete',
      x: 'continuous',
      y: 'continuous',
      c: 'discrete',
      [EVIL]: 'discrete',
      t: 'discrete',
    });
    const col = (n: string) => expected.columns.find((c) => c.name === n);
    expect(col('c')?.flags).toEqual(['constant']);
    expect(col('id')?.flags).toEqual(['unique']);
    expect(col('g')?.missing).toBe(Math.ceil((N - 5) / 37));
    expect(col('x')?.binEdges).toHaveLength(7);
    expect(expected.target?.ranking[0].column).toBe('k');
    // y depends on x: the largest off-diagonal MI of the matrix.
    const p = expected.pairs;
    const xi = p?.columns.indexOf('x') as number;
    const yi = p?.columns.indexOf('y') as number;
    const off = (p?.mutualInformation ?? []).flatMap((row, a) =>
      row.filter((_, b) => b !== a && !Number.isNaN(row[b])),
    );
    expect(p?.mutualInformation[xi][yi]).toBe(Math.max(...off));
  });
});

describe('profileTable on DuckDB (embedded)', () => {
  it('a CSV file read in place gives the in-memory numbers', async () => {
    const src = await duckDbSource(csvPath);
    try {
      close(numbers(await profileTable(src, options)), numbers(expected));
    } finally {
      await src.close();
    }
  });
  it('a Parquet file (written by DuckDB from the CSV) gives the same; explain runs no GROUP BY', async () => {
    const parquet = join(dir, 'table.parquet');
    const tmp = await duckDbSource(csvPath);
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const con = await (await DuckDBInstance.create(':memory:')).connect();
    await con.run(
      `COPY (SELECT * FROM read_csv('${csvPath}', header = true)) TO '${parquet}' (FORMAT parquet)`,
    );
    await tmp.close();
    const src = await duckDbSource(parquet);
    try {
      close(numbers(await profileTable(src, options)), numbers(expected));
      const n = src.statements.length;
      const plan = await profileTable(src, { ...options, explain: true });
      const ran = plan.statements.slice(n);
      expect(plan.columns.every((c) => c.entropy === null)).toBe(true);
      expect(ran.some((s) => s.includes('GROUP BY'))).toBe(true);
      expect(ran.filter((s) => s.includes('GROUP BY')).length).toBeGreaterThan(9);
    } finally {
      await src.close();
    }
  });
  it('memoryLimit and tempDirectory: the same numbers; the spill folder is gone after close; bad values refused', async () => {
    const spill = join(dir, 'spill');
    const src = await duckDbSource(csvPath, { memoryLimit: '160MB', tempDirectory: spill });
    try {
      close(numbers(await profileTable(src, options)), numbers(expected));
    } finally {
      await src.close();
    }
    expect(existsSync(spill)).toBe(false);
    for (const bad of [{ tempDirectory: '' }, { tempDirectory: 3 }, { memoryLimit: 'lots' }])
      await expect(duckDbSource(csvPath, bad as never)).rejects.toMatchObject({ code: 'INVALID_OPTION' });
  });
  it('maxGroups bounds every count query: a pair past it is TOO_LARGE, an identifier is skipped', async () => {
    const src = await duckDbSource(csvPath);
    try {
      const p = await profileTable(src, { columns: ['id', 'g'], discrete: ['id'], maxGroups: 100 });
      expect(p.columns.find((c) => c.name === 'id')?.skipped).toBe('too many distinct values');
      await expect(
        profileTable(src, { columns: ['x', 'y'], bins: 20, pairs: true, maxGroups: 100 }),
      ).rejects.toMatchObject({ code: 'TOO_LARGE' });
    } finally {
      await src.close();
    }
  });
});

describe.skipIf(!havePostgres)('profileTable on PostgreSQL (a server started here)', () => {
  let server: Server | undefined;
  beforeAll(async () => {
    server = await startPostgres();
    const pg = (await import('pg')).default;
    const c = new pg.Client({ connectionString: server?.url });
    await c.connect();
    const q = (s: string) => `"${s.replace(/"/g, '""')}"`;
    await c.query(
      `CREATE TABLE t (id bigint, g text, flag boolean, k bigint, x double precision, y double precision, c text, ${q(EVIL)} bigint, t text)`,
    );
    await c.query(
      `INSERT INTO t SELECT * FROM unnest($1::bigint[], $2::text[], $3::boolean[], $4::bigint[], $5::float8[], $6::float8[], $7::text[], $8::bigint[], $9::text[])`,
      names.map((n) => (table as Record<string, unknown[]>)[n]),
    );
    await c.end();
  }, 60_000);
  afterAll(async () => server?.stop());

  it('the same numbers as in memory', async () => {
    const src = await postgresSource(server?.url as string, { table: 'public.t' });
    try {
      close(numbers(await profileTable(src, options)), numbers(expected));
      expect(src.statements.some((s) => s.includes(`"${EVIL.replace(/"/g, '""')}"`))).toBe(true);
    } finally {
      await src.close();
    }
  });
  it('the CLI: surprisal profile --engine postgres --url … --table public.t', () => {
    const doc = cliProfile(['--engine', 'postgres', '--url', server?.url as string, '--table', 'public.t']);
    close(numbers(doc), numbers(expected));
  });
});

describe.skipIf(!haveClickHouse)(
  'profileTable on ClickHouse 18.16 (two shards started here, through remote())',
  () => {
    const shards: Server[] = [];
    beforeAll(async () => {
      const { createClient } = await import('@clickhouse/client');
      // Both servers know the cluster of the two, so a Distributed table and cluster() fan out to both shards.
      const ports = [await freePort(), await freePort()];
      const cluster = { name: 'two_shards', shards: ports };
      for (let s = 0; s < 2; s++) {
        const server = (await startClickHouse({ tcp: ports[s], cluster })) as Server;
        shards.push(server);
        const client = createClient({ url: server.url });
        await client.command({
          query: `CREATE TABLE default.t (id Int64, g Nullable(String), flag UInt8, k Int64, x Nullable(Float64), y Float64, c String, \`${EVIL}\` Int64, t String) ENGINE = MergeTree() ORDER BY id`,
        });
        const rows = [];
        for (let i = s; i < N; i += 2)
          rows.push(
            Object.fromEntries(
              names.map((n) => [
                n,
                ((v) => (typeof v === 'boolean' ? Number(v) : v))((table as Record<string, unknown[]>)[n][i]),
              ]),
            ),
          );
        await client.insert({ table: 'default.t', values: rows, format: 'JSONEachRow' });
        await client.command({
          query: 'CREATE TABLE default.dist AS default.t ENGINE = Distributed(two_shards, default, t)',
        });
        await client.close();
      }
    }, 90_000);
    afterAll(async () => {
      for (const s of shards) await s.stop();
    });

    it('each shard counts its rows; the merged profile has the in-memory numbers', async () => {
      const remote = shards.map((s) => `127.0.0.1:${s.port}`).join(',');
      const src = await clickHouseSource(shards[0].url, { table: 'default.t', remote });
      try {
        close(numbers(await profileTable(src, options)), numbers(expected));
        expect(src.statements.every((s) => !s.includes('$'))).toBe(true);
        expect(src.statements[1]).toContain(`remote('${remote}'`);
      } finally {
        await src.close();
      }
    });
    it('a Distributed table and cluster() give the same numbers', async () => {
      for (const where of [{ table: 'default.dist' }, { table: 'default.t', cluster: 'two_shards' }]) {
        const src = await clickHouseSource(shards[1].url, where);
        try {
          close(numbers(await profileTable(src, options)), numbers(expected));
        } finally {
          await src.close();
        }
      }
    });
    it('the CLI: --remote, --cluster and a Distributed table', () => {
      const url = shards[0].url;
      const remote = shards.map((s) => `127.0.0.1:${s.port}`).join(',');
      for (const where of [
        ['--table', 'default.t', '--remote', remote],
        ['--table', 'default.t', '--cluster', 'two_shards'],
        ['--table', 'default.dist'],
      ]) {
        close(numbers(cliProfile(['--engine', 'clickhouse', '--url', url, ...where])), numbers(expected));
      }
    });
    it('one shard alone sees half the rows', async () => {
      const src = await clickHouseSource(shards[0].url, { table: 't' });
      try {
        expect((await profileTable(src, { columns: ['k'] })).rows).toBe(N / 2);
      } finally {
        await src.close();
      }
    });
  },
);
