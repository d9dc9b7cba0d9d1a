/**
 * `surprisal rank FILE --target COL`: every column ranked by mutual information with the target, on
 * scikit-learn's iris and wine and R's mtcars and airquality (test/data), against the library and scikit-learn.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { shell, surprisal } from './helpers.js';

const DATA = new URL('../data/', import.meta.url).pathname;
const run = (args: string[]) => surprisal(args, { cwd: DATA });

interface Feature {
  feature: string;
  type: string;
  method: string;
  value: number;
  stdError: number;
  warnings: string[];
}

function rank(args: string[]): { doc: { features: Feature[] } & Record<string, unknown>; stderr: string[] } {
  const r = run(['rank', ...args, '--json']);
  expect(r.code, r.stderr).toBe(0);
  const stderr = r.stderr.split('\n').filter((l) => l !== '');
  expect(
    stderr.filter((l) => !/^(warning|note): /.test(l)),
    r.stderr,
  ).toEqual([]);
  return { doc: JSON.parse(r.stdout), stderr };
}

describe('surprisal rank', () => {
  it('iris --target Species: petal width and length first (≈1.43 bits), sepal width last; ties warned per feature', () => {
    const { doc, stderr } = rank(['iris.csv', '--target', 'Species', '--bits', '--resamples', '20']);
    expect(doc.targetType).toBe('discrete');
    expect(doc.features.map((f) => f.feature)).toEqual([
      'petal_width',
      'petal_length',
      'sepal_length',
      'sepal_width',
    ]);
    expect(doc.features.every((f) => f.type === 'continuous' && f.method === 'ross')).toBe(true);
    expect(doc.features[0].value).toBeGreaterThan(1.3);
    expect(doc.features[0].value).toBeLessThan(1.5849625007211563); // H(Species) = log2 3 bounds it
    for (const f of doc.features) expect(f.stdError).toBeGreaterThan(0);
    expect(stderr).toHaveLength(4);
    expect(stderr[0]).toMatch(/^warning: petal_width: 'petal_width' has 128 tied values/);
  }, 60000);

  it("wine --target target --sklearn: within 0.02 nats of scikit-learn's mutual_info_classif range over random states", () => {
    const fixture = JSON.parse(
      readFileSync(new URL('../fixtures/feature_ranking.json', import.meta.url), 'utf8'),
    ) as { cases: { name: string; features: string[]; sklearn: number[][] }[] };
    const c = fixture.cases.find((k) => k.name === 'wine classif');
    if (!c) throw new Error('fixture case missing');
    const { doc } = rank(['wine.csv', '--target', 'target', '--sklearn', '--resamples', '0']);
    expect(doc.procedure).toBe('scikit-learn');
    for (const f of doc.features) {
      const j = c.features.indexOf(f.feature);
      const runs = c.sklearn.map((r) => r[j]);
      expect(f.value).toBeGreaterThanOrEqual(Math.min(...runs) - 0.02);
      expect(f.value).toBeLessThanOrEqual(Math.max(...runs) + 0.02);
    }
  }, 60000);

  it("mtcars --target am: R's row names left out (a note), types by the shared rule, --discrete overrides", () => {
    const { doc, stderr } = rank(['mtcars.csv', '--target', 'am', '--resamples', '0']);
    expect(stderr[0]).toBe(
      'note: the first column has no name and a distinct text in every row: row labels, left out',
    );
    const types = Object.fromEntries(doc.features.map((f) => [f.feature, f.type]));
    expect(types).toMatchObject({ cyl: 'discrete', gear: 'discrete', carb: 'discrete', vs: 'discrete' });
    expect(types).toMatchObject({
      mpg: 'continuous',
      disp: 'continuous',
      hp: 'continuous',
      wt: 'continuous',
    });
    const over = rank(['mtcars.csv', '--target', 'am', '--resamples', '0', '--continuous', 'cyl']).doc;
    expect(over.features.find((f) => f.feature === 'cyl')?.method).toBe('ross');
  }, 60000);

  it('airquality: NA is an error naming the column, count and rows; --drop-missing drops pairwise and says how many', () => {
    const r = run(['rank', 'airquality.csv', '--target', 'Temp']);
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe(
      "error: airquality.csv: column 'Ozone' has 37 missing values, at rows 6, 11, 26, 27, 28, ...; remove or fill them in, or pass --drop-missing",
    );
    const { doc, stderr } = rank([
      'airquality.csv',
      '--target',
      'Temp',
      '--drop-missing',
      '--resamples',
      '0',
    ]);
    const ozone = doc.features.find((f) => f.feature === 'Ozone') as Feature & { n: number };
    expect(ozone.n).toBe(116);
    expect(ozone.warnings[0]).toBe("dropped 37 of 153 pairs with a missing value ('Ozone': 37, 'Temp': 0)");
    expect(stderr).toContain(
      "warning: Ozone: dropped 37 of 153 pairs with a missing value ('Ozone': 37, 'Temp': 0)",
    );
  }, 60000);

  it('the table: ranks, types, methods, MI with s.e., bars scaled to the highest; the --help example runs', () => {
    const r = run(['rank', 'iris.csv', '--target', 'Species', '--resamples', '0']);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe("mutual information with 'Species' (discrete) of iris.csv, 150 rows");
    expect(lines[1]).toMatch(/^rank\s+feature\s+type\s+method\s+MI \(nats\)\s+± s\.e\.$/);
    expect(lines[2]).toMatch(/^\s+1\s+petal_width\s+continuous\s+ross\s+[\d.]+\s+NaN\s+█{24}$/);
    const help = run(['rank', '--help']).stdout.split('\nExample:\n')[1].split('\n');
    const got = shell(help[0].trim().slice(2), DATA);
    expect(got.code).toBe(0);
    const expected = help
      .slice(1)
      .filter((l) => l.startsWith('  '))
      .map((l) => l.slice(2));
    expect(got.stdout.trimEnd()).toBe(expected.join('\n').trimEnd());
  }, 60000);

  it('errors: no target, an unknown target, text named continuous', () => {
    expect(run(['rank', 'iris.csv']).stderr.trim()).toBe(
      'error: rank needs --target COLUMN (the column to predict)',
    );
    expect(run(['rank', 'iris.csv', '--target', 'colour']).stderr.trim()).toMatch(
      /^error: iris\.csv: no column 'colour'/,
    );
    expect(run(['rank', 'iris.csv', '--target', 'Species', '--continuous', 'Species']).stderr.trim()).toBe(
      "error: column 'Species' holds text; it cannot be continuous",
    );
  }, 60000);
});
