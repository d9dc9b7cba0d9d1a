/**
 * `surprisal profile` (issue #19) on DuckDB, the default engine: the iris table read in place, the ranking by
 * mutual information with Species, --json equal to the library's profile of the same rows in memory, --explain,
 * hostile column names, and one-line errors. (PostgreSQL and ClickHouse: test/tables/engines.test.ts.)
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { memorySource, profileTable } from '../../src/tables/index.js';
import { surprisal } from './helpers.js';

vi.setConfig({ testTimeout: 120_000 });

const dir = mkdtempSync(join(tmpdir(), 'surprisal-profile-'));
const iris = readFileSync(new URL('../data/iris.csv', import.meta.url), 'utf8');
writeFileSync(join(dir, 'iris.csv'), iris);
const EVIL = '"; DROP TABLE x; --';
writeFileSync(join(dir, 'evil.csv'), `"${EVIL.replace(/"/g, '""')}",b\n1,x\n2,y\n1,x\nNA,y\n`);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const run = (args: string[]) => surprisal(args, { cwd: dir });

describe('surprisal profile', () => {
  it('iris --target Species: the petal measurements first, as the library ranks the same rows in memory', async () => {
    const r = run(['profile', 'iris.csv', '--target', 'Species', '--json', '--estimator', 'miller-madow']);
    expect(r.stderr).toBe('');
    const doc = JSON.parse(r.stdout);
    expect(doc.rows).toBe(150);
    expect(doc.target.ranking.map((x: { column: string }) => x.column)).toEqual([
      'petal_width',
      'petal_length',
      'sepal_length',
      'sepal_width',
    ]);
    const [head, ...lines] = iris.trim().split('\n');
    const names = head.split(',');
    const table = Object.fromEntries(
      names.map((n, j) => [n, lines.map((l) => (j < 4 ? Number(l.split(',')[j]) : l.split(',')[j]))]),
    );
    const mem = await profileTable(memorySource(table), { target: 'Species', estimator: 'miller-madow' });
    expect(doc.columns).toEqual(mem.columns);
    expect(doc.target).toEqual(mem.target);
  });

  it('--explain prints the SQL, identifiers quoted, without running the counts', () => {
    const r = run(['profile', 'evil.csv', '--explain']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('read_csv(');
    expect(r.stdout).toContain(`"${EVIL.replace(/"/g, '""')}"`);
    expect(r.stdout.split('\n').filter((l) => l.includes('GROUP BY'))).toHaveLength(2);
  });

  it('a column named like an injection is profiled, NA is missing', () => {
    const doc = JSON.parse(run(['profile', 'evil.csv', '--json']).stdout);
    expect(doc.columns[0]).toMatchObject({ name: EVIL, missing: 1, distinct: 2, type: 'discrete' });
  });

  it('bad input: one line on stderr, exit 1', () => {
    for (const [args, message] of [
      [['profile', 'iris.csv', '--target', 'nope'], /^error: target 'nope' is not a column/],
      [['profile', 'missing.csv'], /^error: IO Error: No files found .*missing\.csv/],
      [['profile', '--engine', 'postgres'], /^error: --engine postgres needs the server: --url URL/],
      [['profile', 'iris.csv', '--bins', '1'], /^error: --bins must be an integer >= 2/],
      [['profile', 'iris.csv', '--continuous', 'Species'], /cannot be continuous/],
      [['profile', 'iris.csv', '--memory', '10XB'], /memoryLimit must be a size such as '512MB'/],
      [
        ['profile', '--engine', 'postgres', '--url', 'postgres://x', '--table', 't', '--memory', '1GB'],
        /--memory and --temp-directory are settings of DuckDB/,
      ],
      [
        [
          'profile',
          '--engine',
          'clickhouse',
          '--url',
          'http://x',
          '--table',
          't',
          '--temp-directory',
          '/tmp',
        ],
        /--memory and --temp-directory are settings of DuckDB/,
      ],
      [['profile', 'iris.txt.bz2'], /^error: cannot tell how to read/],
    ] as const) {
      const r = run([...args]);
      expect(r.code, args.join(' ')).toBe(1);
      expect(r.stderr.trim().split('\n'), r.stderr).toHaveLength(1);
      expect(r.stderr).toMatch(message);
    }
  });
});
