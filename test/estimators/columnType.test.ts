import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SurprisalError } from '../../src/core/errors.js';
import { inferColumnType, isMissing } from '../../src/estimators/columnType.js';
import { inferColumnTypes } from '../../src/estimators/table.js';

/** A small CSV reader for the committed data sets (no quoted commas in them): numbers parsed, NA kept as text. */
function readCsv(file: string): Record<string, (number | string)[]> {
  const lines = readFileSync(new URL(`../data/${file}`, import.meta.url), 'utf8')
    .trim()
    .split('\n');
  const names = lines[0].split(',').map((s) => s.replace(/"/g, ''));
  const out: Record<string, (number | string)[]> = {};
  for (const n of names) out[n] = [];
  for (const line of lines.slice(1)) {
    line.split(',').forEach((cell, j) => {
      const c = cell.replace(/"/g, '');
      const v = Number(c);
      out[names[j]].push(c !== '' && Number.isFinite(v) ? v : c);
    });
  }
  return out;
}

describe('inferColumnType', () => {
  it('mtcars: cyl, gear, carb, am, vs discrete; mpg, disp, hp, drat, wt, qsec continuous', () => {
    const t = readCsv('mtcars.csv');
    for (const k of ['cyl', 'gear', 'carb', 'am', 'vs'])
      expect([k, inferColumnType(t[k])]).toEqual([k, 'discrete']);
    for (const k of ['mpg', 'disp', 'hp', 'drat', 'wt', 'qsec'])
      expect([k, inferColumnType(t[k])]).toEqual([k, 'continuous']);
    // The car names (first column) are text: discrete.
    expect(inferColumnType(t[''])).toBe('discrete');
  });

  it('iris: Species discrete, the four measurements continuous', () => {
    const t = readCsv('iris.csv');
    expect(inferColumnType(t.Species)).toBe('discrete');
    for (const k of ['sepal_length', 'sepal_width', 'petal_length', 'petal_width'])
      expect(inferColumnType(t[k])).toBe('continuous');
  });

  it('airquality: NA is missing (an error naming count and indices by default, dropped on request)', () => {
    const t = readCsv('airquality.csv');
    expect(() => inferColumnType(t.Ozone, { name: 'Ozone' })).toThrow(
      /Ozone has 37 missing values of 153 \(empty, NA, NaN, null\) at index 4, 9, 24, 25, 26, \.\.\./,
    );
    expect(inferColumnType(t.Ozone, { missing: 'drop' })).toBe('continuous');
    expect(inferColumnType(t.Month)).toBe('discrete');
    expect(inferColumnType(t.Temp)).toBe('continuous');
    expect(inferColumnType(t.Day)).toBe('continuous'); // 31 levels > 20
    try {
      inferColumnType(t['Solar.R']);
    } catch (e) {
      expect(e).toBeInstanceOf(SurprisalError);
      expect((e as SurprisalError).code).toBe('NAN');
      expect((e as SurprisalError).index).toBe(4);
    }
  });

  it('the rule: K ≤ min(maxLevels, max(2, ⌊N/2⌋)) integer levels', () => {
    expect(inferColumnType([0, 1, 1])).toBe('discrete'); // binary always
    expect(inferColumnType([1, 2, 3, 4])).toBe('continuous'); // every value distinct
    expect(inferColumnType([1, 2, 1, 2, 3, 3])).toBe('discrete');
    const many = Array.from({ length: 100 }, (_, i) => i % 21);
    expect(inferColumnType(many)).toBe('continuous');
    expect(inferColumnType(many, { maxLevels: 21 })).toBe('discrete');
    expect(inferColumnType([1.5, 1.5, 2.5, 2.5])).toBe('continuous');
    expect(inferColumnType([true, false, true])).toBe('discrete');
    expect(inferColumnType([1n, 2n, 3n])).toBe('discrete');
    expect(inferColumnType(['3', 4, 5])).toBe('discrete');
    expect(inferColumnType([])).toBe('discrete');
    expect(inferColumnType(new Float64Array([0.5, 1.25, 3]))).toBe('continuous');
  });

  it('overrides: type discrete takes anything, continuous requires numbers', () => {
    expect(inferColumnType([1.5, 2.5], { type: 'discrete' })).toBe('discrete');
    expect(inferColumnType([1, 1, 2, 2], { type: 'continuous' })).toBe('continuous');
    expect(() => inferColumnType([1, 'a'], { type: 'continuous' })).toThrow(
      /values\[1\] is the string "a", not a number/,
    );
  });

  it('missing markers: null, undefined, NaN, empty and pandas text markers; not 0 or false', () => {
    for (const v of [
      null,
      undefined,
      Number.NaN,
      '',
      '  ',
      'NA',
      'NaN',
      'nan',
      'null',
      'NULL',
      'None',
      'N/A',
      '<NA>',
    ])
      expect([v, isMissing(v)]).toEqual([v, true]);
    for (const v of [0, false, 'na', 'x', -0, Number.POSITIVE_INFINITY])
      expect([v, isMissing(v)]).toEqual([v, false]);
    expect(() => inferColumnType([1, null, 2])).toThrow(/1 missing value of 3 .* at index 1;/);
  });

  it('refuses bad input with SurprisalError codes', () => {
    const code = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return (e as SurprisalError).code;
      }
      return 'none';
    };
    expect(code(() => inferColumnType(5 as never))).toBe('SHAPE_MISMATCH');
    expect(code(() => inferColumnType([{}] as never))).toBe('SHAPE_MISMATCH');
    expect(code(() => inferColumnType([1], { maxLevels: 0 }))).toBe('INVALID_OPTION');
    expect(code(() => inferColumnType([1], { missing: 'skip' as never }))).toBe('INVALID_OPTION');
    expect(code(() => inferColumnType([1], { typ: 'discrete' } as never))).toBe('INVALID_OPTION');
  });
});

describe('inferColumnTypes', () => {
  it('a record of columns or rows; overrides per column', () => {
    const t = readCsv('mtcars.csv');
    const types = inferColumnTypes(t);
    expect(types.cyl).toBe('discrete');
    expect(types.mpg).toBe('continuous');
    const over = inferColumnTypes(t, { continuous: ['gear'] });
    expect(over.gear).toBe('continuous');
    expect(over.cyl).toBe('discrete');
    // A discrete list as scikit-learn's discrete_features: the others continuous, text still discrete.
    const sk = inferColumnTypes(t, { discrete: ['mpg'] });
    expect(sk.mpg).toBe('discrete');
    expect(sk.cyl).toBe('continuous');
    expect(sk['']).toBe('discrete');
    const rows = inferColumnTypes([{ a: 1, b: 'x' }, { a: 2 }, { a: 1, b: 'y' }, { a: 2, b: 'x' }]);
    expect(rows).toEqual({ a: 'discrete', b: 'discrete' });
  });

  it('refuses unequal columns, unknown names and a column named both ways', () => {
    expect(() => inferColumnTypes({ a: [1, 2], b: [1] })).toThrow(/table.b has 1 values but table.a has 2/);
    expect(() => inferColumnTypes({ a: [1, 2] }, { continuous: ['z'] })).toThrow(
      /'z', which is not a column/,
    );
    expect(() => inferColumnTypes({ a: [1, 2] }, { continuous: ['a'], discrete: ['a'] })).toThrow(/both/);
    expect(() => inferColumnTypes({})).toThrow(/no columns/);
    expect(() => inferColumnTypes({ a: ['x', 'y'] }, { continuous: ['a'] })).toThrow(/not a number/);
  });
});
