/**
 * One notion of a column's type, shared by the estimators, the table functions (rankFeatures,
 * mutualInformationMatrix), the SQL table profiles and every CLI command: what is missing, what is discrete and
 * what is continuous, with per-column overrides.
 * @module
 */
import { SurprisalError } from '../core/errors.js';
import { describe, readChoiceOption, readIntegerOption, readOptions } from '../core/options.js';

/** The type of a column: categories (`'discrete'`) or real numbers (`'continuous'`). */
export type ColumnType = 'discrete' | 'continuous';

/** A value of a table column: numbers, strings, booleans, bigints; null, undefined and NaN are missing. */
export type ColumnValue = number | string | boolean | bigint | null | undefined;

/** What to do with missing values: `'error'` (default) names their count and first indices, `'drop'` drops them. */
export type MissingPolicy = 'error' | 'drop';

/**
 * The text cells that mean "missing", after trimming: pandas' `read_csv` default `na_values` (pandas 2.x,
 * `pandas/_libs/parsers.pyx` `STR_NA_VALUES`), which includes R's `NA` and the empty cell.
 */
const MISSING_TEXT: ReadonlySet<string> = new Set([
  '',
  '#N/A',
  '#N/A N/A',
  '#NA',
  '-1.#IND',
  '-1.#QNAN',
  '-NaN',
  '-nan',
  '1.#IND',
  '1.#QNAN',
  '<NA>',
  'N/A',
  'NA',
  'NULL',
  'NaN',
  'None',
  'n/a',
  'nan',
  'null',
]);

/** Default largest number of distinct integer values of a column that is inferred to be discrete. */
const MAX_LEVELS = 20;

/**
 * True for a missing value: `null`, `undefined`, `NaN`, and text that is empty or one of pandas' `read_csv`
 * missing markers after trimming (`NA`, `NaN`, `nan`, `null`, `NULL`, `None`, `N/A`, `n/a`, `<NA>`, `#N/A`, ...).
 *
 * @example
 * ```ts
 * [null, undefined, NaN, '', ' NA ', 'nan', 0, 'x'].filter(isMissing).length; // 6
 * ```
 */
export function isMissing(value: unknown): boolean {
  if (value === null || value === undefined) return true;
  if (typeof value === 'number') return Number.isNaN(value);
  if (typeof value === 'string') return MISSING_TEXT.has(value.trim());
  return false;
}

/** Checks that values is an array or array-like of plain length. */
function checkValues(values: unknown, fn: string, name: string): asserts values is ArrayLike<unknown> {
  const n: unknown = (values as { length?: unknown } | null)?.length;
  if (
    values === null ||
    typeof values !== 'object' ||
    typeof n !== 'number' ||
    !Number.isInteger(n) ||
    n < 0 ||
    n > 2 ** 32
  ) {
    throw new SurprisalError(
      'SHAPE_MISMATCH',
      `${fn}: ${name} must be an array of values; got ${describe(values)}`,
      {
        argument: name,
        value: values,
      },
    );
  }
}

/** Throws SHAPE_MISMATCH for values that are not a column value (objects, symbols, functions). */
function checkValue(v: unknown, i: number, fn: string, name: string): void {
  const t = typeof v;
  if (v !== null && (t === 'object' || t === 'symbol' || t === 'function')) {
    throw new SurprisalError(
      'SHAPE_MISMATCH',
      `${fn}: ${name}[${i}] is ${describe(v)}, not a value (numbers, strings, booleans, bigints, null)`,
      { argument: name, index: i, value: v },
    );
  }
}

/**
 * The indices of the missing values of a column ({@link isMissing}), in order.
 * @internal
 */
export function missingIndices(values: ArrayLike<unknown>): number[] {
  const out: number[] = [];
  for (let i = 0; i < values.length; i++) if (isMissing(values[i])) out.push(i);
  return out;
}

/**
 * The error for a column with missing values under `{ missing: 'error' }`: the count and the first indices.
 * @internal
 */
export function missingError(
  missing: readonly number[],
  n: number,
  fn: string,
  name: string,
  rowLabel: (i: number) => string = (i) => String(i),
): SurprisalError {
  const first = missing.slice(0, 5).map(rowLabel).join(', ');
  const more = missing.length > 5 ? ', ...' : '';
  return new SurprisalError(
    'NAN',
    `${fn}: ${name} has ${missing.length} missing value${missing.length === 1 ? '' : 's'} of ${n} (empty, NA, NaN, null) at index ${first}${more}; pass { missing: 'drop' } to drop them`,
    { argument: name, index: missing[0] },
  );
}

/** Options of {@link inferColumnType}. */
export interface InferColumnTypeOptions {
  /**
   * The type to use instead of inferring it (a per-column override): `'auto'` (default) infers it by the rule of
   * {@link inferColumnType}; `'discrete'` takes any values as categories; `'continuous'` requires numbers.
   */
  type?: ColumnType | 'auto';
  /** Most distinct integer values of a column inferred as discrete; an integer ≥ 1, default 20. */
  maxLevels?: number;
  /** `'error'` (default): a missing value is an error naming their count and first indices; `'drop'`: ignored. */
  missing?: MissingPolicy;
  /** The column's name in error messages; default `'values'`. */
  name?: string;
}

const INFER_KEYS = ['type', 'maxLevels', 'missing', 'name'] as const;

/**
 * The type of a column of values, by one stated rule used by the whole library and the CLI.
 *
 * Missing values ({@link isMissing}: null, undefined, NaN, empty text, `NA`, ...) are set aside first. Then the
 * column is `'discrete'` when
 * - any value is a string, boolean or bigint (categories), or
 * - every value is an integer-valued number and the number K of distinct values satisfies
 *   K ≤ min(`maxLevels`, max(2, ⌊N/2⌋)), N the non-missing count: at most `maxLevels` (default 20) levels, each
 *   seen twice on average (so an identifier column or a small sample of distinct integers is continuous), and
 *   a 0/1 column is always discrete,
 * and `'continuous'` otherwise (numbers with a fractional part, or many distinct integers). An all-missing or
 * empty column is `'discrete'`.
 *
 * So R's mtcars gives discrete cyl, gear, carb, am, vs and continuous mpg, disp, hp (22 distinct integers),
 * wt, qsec; iris gives discrete Species and continuous petal length. scikit-learn's `discrete_features='auto'`
 * instead calls every dense column continuous (`sklearn/feature_selection/_mutual_info.py`); pass
 * `{ type: 'continuous' }` (or `rankFeatures`' `discrete: []`) to reproduce it.
 *
 * @param values - the column: numbers, strings, booleans, bigints, null/undefined (missing).
 * @returns `'discrete'` or `'continuous'`.
 * @throws {SurprisalError} `SHAPE_MISMATCH` if values is not an array or holds objects; `NAN` for missing values
 *   under `{ missing: 'error' }` (the message gives their count and first indices); `INVALID_PARAMETER` for
 *   `{ type: 'continuous' }` with a value that is not a number; `INVALID_OPTION` for bad options.
 *
 * @example
 * ```ts
 * inferColumnType([4, 6, 8, 6, 4, 8, 8, 4]) === 'discrete' ? 1 : 0; // 1
 * inferColumnType([21, 22.8, 21.4, 18.7]) === 'continuous' ? 1 : 0; // 1
 * inferColumnType(['setosa', 'virginica', null], { missing: 'drop' }) === 'discrete' ? 1 : 0; // 1
 * ```
 */
export function inferColumnType(
  values: ArrayLike<ColumnValue>,
  options?: InferColumnTypeOptions,
): ColumnType {
  const fn = 'inferColumnType';
  const o = readOptions(options, fn, INFER_KEYS);
  const name = o.name === undefined ? 'values' : String(o.name);
  checkValues(values, fn, name);
  const type = readChoiceOption(o.type, 'auto', ['auto', 'discrete', 'continuous'], 'type', fn);
  const maxLevels = readIntegerOption(o.maxLevels, MAX_LEVELS, 1, 2 ** 31, 'maxLevels', fn);
  const missing = readChoiceOption(o.missing, 'error', ['error', 'drop'], 'missing', fn);
  return columnTypeOf(values, { type, maxLevels, missing }, fn, name);
}

/**
 * {@link inferColumnType} on read options, for the table functions and the CLI.
 * @internal
 */
export function columnTypeOf(
  values: ArrayLike<unknown>,
  o: { type: ColumnType | 'auto'; maxLevels: number; missing: MissingPolicy },
  fn: string,
  name: string,
): ColumnType {
  checkValues(values, fn, name);
  let n = 0;
  let allNumbers = true;
  let allIntegers = true;
  const missing: number[] = [];
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    checkValue(v, i, fn, name);
    if (isMissing(v)) {
      missing.push(i);
      continue;
    }
    n++;
    if (typeof v !== 'number') {
      allNumbers = false;
      if (o.type === 'continuous') {
        throw new SurprisalError(
          'INVALID_PARAMETER',
          `${fn}: ${name}[${i}] is ${describe(v)}, not a number; a continuous column holds numbers`,
          { argument: name, index: i, value: v },
        );
      }
    } else if (!Number.isInteger(v)) allIntegers = false;
  }
  if (missing.length > 0 && o.missing === 'error') throw missingError(missing, values.length, fn, name);
  if (o.type !== 'auto') return o.type;
  if (!allNumbers || n === 0) return 'discrete';
  if (!allIntegers) return 'continuous';
  const seen = new Set<number>();
  const limit = Math.min(o.maxLevels, Math.max(2, Math.floor(n / 2)));
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v !== 'number' || Number.isNaN(v)) continue;
    seen.add(v);
    if (seen.size > limit) return 'continuous';
  }
  return 'discrete';
}
