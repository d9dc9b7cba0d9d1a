/**
 * `surprisal estimate` on real data sets that nobody here wrote (test/data: scikit-learn's iris, R's mtcars and
 * airquality): the cases of issue #16, with the outputs stated.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { estimateMutualInformation } from '../../src/index.js';
import { surprisal } from './helpers.js';

const DATA = new URL('../data/', import.meta.url).pathname;
const run = (args: string[]) => surprisal(args, { cwd: DATA });

/** Runs with --json: exit 0, the document, and the warning / note lines of stderr (nothing else there). */
function json(args: string[]): { doc: Record<string, unknown>; warnings: string[]; notes: string[] } {
  const r = run([...args, '--json']);
  expect(r.code, r.stderr).toBe(0);
  const lines = r.stderr.split('\n').filter((l) => l !== '');
  expect(
    lines.filter((l) => !/^(warning|note): /.test(l)),
    r.stderr,
  ).toEqual([]);
  return {
    doc: JSON.parse(r.stdout),
    warnings: lines.filter((l) => l.startsWith('warning: ')).map((l) => l.slice(9)),
    notes: lines.filter((l) => l.startsWith('note: ')).map((l) => l.slice(6)),
  };
}

function column(file: string, name: string): (number | string)[] {
  const lines = readFileSync(`${DATA}${file}`, 'utf8').trim().split('\n');
  const j = lines[0]
    .split(',')
    .map((s) => s.replace(/"/g, ''))
    .indexOf(name);
  return lines.slice(1).map((l) => {
    const c = l.split(',')[j].replace(/"/g, '');
    return Number.isFinite(Number(c)) && c !== '' ? Number(c) : c;
  });
}

describe('surprisal estimate on iris, mtcars and airquality (issue #16)', () => {
  it('entropy iris.csv --column Species --bits: 1.58496 bits (log2 3), a standard error of ~0.0096 bits, not ~1e-9', () => {
    const { doc } = json(['estimate', 'entropy', 'iris.csv', '--column', 'Species', '--bits']);
    expect(doc.value).toBeCloseTo(Math.log2(3), 12);
    expect(doc.types).toEqual(['discrete']);
    expect(doc.stdError as number).toBeGreaterThan(0.005);
    expect(doc.stdError as number).toBeLessThan(0.02);
  }, 120_000);

  it('mi iris petal length × width --bits: ties dequantized (1.5–1.75 bits, near scikit-learn 1.70), warnings naming both columns; ksg2 agrees', () => {
    const args = [
      'estimate',
      'mi',
      'iris.csv',
      '--column',
      'petal_length',
      '--column2',
      'petal_width',
      '--bits',
    ];
    const { doc, warnings } = json(args);
    expect(doc.method).toBe('ksg');
    expect(doc.types).toEqual(['continuous', 'continuous']);
    expect(doc.value as number).toBeGreaterThan(1.5);
    expect(doc.value as number).toBeLessThan(1.75);
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toMatch(
      /^'petal_length' has 107 tied values \(43 distinct of 150\); taken as rounded to a grid of 0\.1/,
    );
    expect(warnings[1]).toMatch(/^'petal_width' has 128 tied values \(22 distinct of 150\)/);
    expect(doc.warnings).toEqual(warnings);
    const ksg2 = json([...args, '--method', 'ksg2']).doc;
    expect(Math.abs((ksg2.value as number) - (doc.value as number))).toBeLessThan(0.3);
  }, 120_000);

  it("mi mtcars cyl × gear: both discrete (3 levels each), plug-in 0.524337 bits as scikit-learn's mutual_info_score", () => {
    const { doc, warnings } = json([
      'estimate',
      'mi',
      'mtcars.csv',
      '--column',
      'cyl',
      '--column2',
      'gear',
      '--bits',
    ]);
    expect(doc.types).toEqual(['discrete', 'discrete']);
    expect(doc.method).toBe('plugin');
    expect(doc.value as number).toBeCloseTo(0.524337, 6);
    const want = estimateMutualInformation(column('mtcars.csv', 'cyl'), column('mtcars.csv', 'gear'), {
      method: 'plugin',
      base: 'bits',
    });
    expect(doc.value).toBe(want.value);
    expect(warnings).toEqual([]);
    // Named continuous, they go to KSG (the old default) and the output says so.
    const ksg = json([
      'estimate',
      'mi',
      'mtcars.csv',
      '--column',
      'cyl',
      '--column2',
      'gear',
      '--continuous',
      'cyl,gear',
    ]);
    expect(ksg.doc.method).toBe('ksg');
  }, 120_000);

  it('entropy mtcars mpg: continuous by the shared rule (differential entropy, with a note); --discrete mpg: 25 categories', () => {
    const c = json(['estimate', 'entropy', 'mtcars.csv', '--column', 'mpg']);
    expect(c.doc.continuous).toBe(true);
    expect(c.doc.method).toBe('ebrahimi');
    expect(c.notes[0]).toMatch(/^column 'mpg' is taken as continuous/);
    expect(c.warnings[0]).toMatch(/^column 'mpg' has 7 tied values \(25 distinct of 32\)/);
    const d = json(['estimate', 'entropy', 'mtcars.csv', '--column', 'mpg', '--discrete', 'mpg']);
    expect(d.doc.continuous).toBe(false);
    expect(d.doc.alphabetSize).toBe(25);
    expect(d.doc.n).toBe(32);
    // cyl is discrete by the rule: the same command on it counts 3 categories.
    expect(json(['estimate', 'entropy', 'mtcars.csv', '--column', 'cyl']).doc.alphabetSize).toBe(3);
  }, 120_000);

  it("airquality: R's NA is missing; an error naming the count and rows, or --drop-missing saying how many it dropped", () => {
    const r = run(['estimate', 'mi', 'airquality.csv', '--column', 'Ozone', '--column2', 'Solar.R']);
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe(
      "error: airquality.csv: column 'Ozone' has 37 missing values (NA) (and 'Solar.R': 7), at rows 6, 7, 11, 12, 26, ...; remove or fill them in, or pass --drop-missing",
    );
    const { doc, warnings } = json([
      'estimate',
      'mi',
      'airquality.csv',
      '--column',
      'Ozone',
      '--column2',
      'Solar.R',
      '--drop-missing',
    ]);
    expect(doc.n).toBe(111);
    expect(warnings[0]).toBe("dropped 42 of 153 rows with a missing value (NA) in 'Ozone': 37, 'Solar.R': 7");
    const e = json(['estimate', 'entropy', 'airquality.csv', '--column', 'Month', '--drop-missing']);
    expect(e.doc.n).toBe(153);
    expect(e.doc.alphabetSize).toBe(5);
  }, 120_000);

  it('--no-header counts the first row as data, as asked, and warns that it looks like a header', () => {
    const { doc, warnings } = json(['estimate', 'entropy', 'iris.csv', '--column', '5', '--no-header']);
    expect([doc.n, doc.alphabetSize]).toEqual([151, 4]);
    expect(warnings[0]).toBe(
      "--no-header: the first row ('Species') looks like a header (text that does not occur again in the column); it is counted as data",
    );
    // Without the flag the header is a header: 150 rows, 3 categories, no warning.
    const plain = json(['estimate', 'entropy', 'iris.csv', '--column', '5']);
    expect([plain.doc.n, plain.doc.alphabetSize, plain.warnings]).toEqual([150, 3, []]);
  }, 120_000);

  it('kl --method plugin with a category absent from Q: Infinity, and the reason printed as a warning', () => {
    const { doc, warnings } = json([
      'estimate',
      'kl',
      'mtcars.csv',
      '--column',
      'cyl',
      '--column2',
      'gear',
      '--method',
      'plugin',
    ]);
    expect(String(doc.value)).toBe('Infinity');
    expect(warnings.length).toBeGreaterThan(0);
  }, 120_000);

  it('type flags are checked: an unknown name, text named continuous', () => {
    const bad = run(['estimate', 'entropy', 'iris.csv', '--column', 'Species', '--continuous', 'Species']);
    expect(bad.stderr.trim()).toBe("error: column 'Species' holds text ('setosa'); it cannot be continuous");
    const unknown = run(['estimate', 'entropy', 'iris.csv', '--column', 'Species', '--discrete', 'colour']);
    expect(unknown.stderr.trim()).toMatch(
      /^error: --discrete names 'colour', which is not a column read here/,
    );
  }, 120_000);
});
