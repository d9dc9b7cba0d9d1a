/**
 * Columns of a source, collected as they stream past, keeping only the selected ones (a Float64Array that
 * grows, category codes, or just the counts), so a large file never sits in memory as text and numbers at once.
 * @module
 */

import { isMissing } from '../../index.js';
import { type Origin, UserError } from '../errors.js';
import { type Npy, npyIndex } from '../npy.js';
import { type Cell, isText, looksLikeHeader, numberOf, textOf } from './cells.js';
import { scanRows, whereIn } from './rows.js';
import { readNpy, type Source } from './source.js';

/**
 * Row ids (line numbers) of the values of a column, stored as breakpoints where id − index changes: nothing
 * per value for a plain file, a few entries for one with blank lines or quoted line breaks.
 */
class RowIds {
  private readonly at: number[] = [];
  private readonly offset: number[] = [];
  add(index: number, id: number): void {
    const d = id - index;
    if (this.offset.length === 0 || this.offset[this.offset.length - 1] !== d) {
      this.at.push(index);
      this.offset.push(d);
    }
  }
  get(index: number): number {
    let lo = 0;
    let hi = this.at.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.at[mid] <= index) lo = mid;
      else hi = mid - 1;
    }
    return index + (this.offset[lo] ?? 0);
  }
}

/**
 * How a column is read: `'numeric'` (every value a number), `'auto'` (numbers, until a value that is not
 * one turns the column into categories) or `'count'` (only the count of each distinct value is kept).
 */
export type ColumnMode = 'numeric' | 'auto' | 'count';

/** A column read from a file. */
export interface Column {
  /** Its header name, or its number ('1'). */
  name: string;
  /** Numeric values, or categories (the text of each value, numbers as written by String(number)). */
  kind: 'numeric' | 'categorical';
  /** Number of values. */
  n: number;
  /** Numeric columns (not in 'count' mode). */
  values?: Float64Array;
  /** Categorical columns (not in 'count' mode): each row's category. */
  categories?: string[];
  /** 'count' mode: the count of each distinct value, in order of first appearance. */
  counts?: Float64Array;
  /** The file and where value i sits in it. */
  origin: Origin;
}

class Collector {
  n = 0;
  kind: 'numeric' | 'categorical' = 'numeric';
  values = new Float64Array(1024);
  codes: Int32Array | undefined;
  levels: string[] = [];
  index = new Map<string, number>();
  counts = new Map<string | number, number>();
  readonly ids = new RowIds();

  /**
   * @param locate - where the value of row `id` sits: 'row 4, column 'x'' (or just 'row 4' in a file of one
   *   column), '[3]["x"]' in JSON.
   */
  constructor(
    readonly mode: ColumnMode,
    readonly col: number,
    readonly name: string,
    readonly locate: (id: number) => string,
  ) {}

  private category(key: string): number {
    let c = this.index.get(key);
    if (c === undefined) {
      c = this.levels.length;
      this.levels.push(key);
      this.index.set(key, c);
    }
    return c;
  }

  private grow(): void {
    if (this.kind === 'numeric') {
      const v = new Float64Array(this.values.length * 2);
      v.set(this.values);
      this.values = v;
    } else if (this.codes) {
      const c = new Int32Array(this.codes.length * 2);
      c.set(this.codes);
      this.codes = c;
    }
  }

  private fail(src: Source, id: number, problem: string): never {
    throw new UserError(`${src.label}: ${this.locate(id)}: ${problem}`);
  }

  push(cell: Cell, id: number, src: Source): void {
    const v = numberOf(cell);
    if (v === null)
      this.fail(src, id, `${cell === null ? 'null' : 'empty value'}; remove or fill in missing data`);
    if (v !== undefined && Number.isNaN(v)) this.fail(src, id, 'NaN; remove or fill in missing data');
    this.ids.add(this.n, id);
    if (this.mode === 'count') {
      const key = v === undefined ? textOf(cell) : v;
      this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
      this.n++;
      return;
    }
    if (v === undefined && this.kind === 'numeric') {
      if (this.mode === 'numeric') this.fail(src, id, `${JSON.stringify(cell)} is not a number`);
      // The first value that is not a number: the column is categorical after all.
      this.kind = 'categorical';
      this.codes = new Int32Array(this.values.length);
      for (let i = 0; i < this.n; i++) this.codes[i] = this.category(String(this.values[i]));
      this.values = new Float64Array(0);
    }
    if (this.n === (this.kind === 'numeric' ? this.values.length : (this.codes as Int32Array).length))
      this.grow();
    if (this.kind === 'numeric') this.values[this.n] = v as number;
    else (this.codes as Int32Array)[this.n] = this.category(v === undefined ? textOf(cell) : String(v));
    this.n++;
  }

  column(src: Source): Column {
    const origin: Origin = {
      label: src.label,
      locate: (i) => this.locate(this.ids.get(i)),
    };
    if (this.mode === 'count') {
      return {
        name: this.name,
        kind: 'categorical',
        n: this.n,
        counts: Float64Array.from(this.counts.values()),
        origin,
      };
    }
    if (this.kind === 'numeric') {
      return { name: this.name, kind: 'numeric', n: this.n, values: this.values.subarray(0, this.n), origin };
    }
    const codes = this.codes as Int32Array;
    const categories = new Array<string>(this.n);
    for (let i = 0; i < this.n; i++) categories[i] = this.levels[codes[i]];
    return { name: this.name, kind: 'categorical', n: this.n, categories, origin };
  }
}

function columnNames(header: string[] | undefined, ncols: number): string {
  return header ? header.map((h) => `'${h}'`).join(', ') : `1 to ${ncols}`;
}

/** The index of the column `spec` names (a header name, or a number from 1), or the only column. */
function resolveColumn(
  spec: string | undefined,
  header: string[] | undefined,
  ncols: number,
  label: string,
): number {
  if (spec === undefined) {
    if (ncols === 1) return 0;
    throw new UserError(
      `${label}: ${ncols} columns (${columnNames(header, ncols)}); choose one with --column`,
    );
  }
  const named = header?.indexOf(spec) ?? -1;
  if (named >= 0) return named;
  if (/^\d+$/.test(spec) && Number(spec) >= 1 && Number(spec) <= ncols) return Number(spec) - 1;
  throw new UserError(`${label}: no column '${spec}' (columns: ${columnNames(header, ncols)})`);
}

/** Whether the first row is a header: --header / --no-header, else a name given to --column, else any text cell. */
function guessHeader(first: Cell[], specs: (string | undefined)[], flag: boolean | undefined): boolean {
  if (flag !== undefined) return flag;
  if (specs.some((s) => s !== undefined && !/^\d+$/.test(s))) return true;
  return looksLikeHeader(first);
}

/** Options of the readers. */
export interface ReadOptions {
  /** --header / --no-header; undefined guesses. */
  header?: boolean;
  /**
   * Missing values (the library's `isMissing`: empty, NA, NaN, null, ...; pandas' markers): `'error'` names the
   * column, the count and the first rows after the whole file is read; `'drop'` drops every row where one of the
   * selected columns is missing and says how many through `warn`. Undefined: the first missing value is an error
   * at once, and text such as NA is a value (the readers of distributions).
   */
  missing?: 'error' | 'drop';
  /** Where warnings go (the commands print `warning: ...` on stderr). */
  warn?: (message: string) => void;
}

/** A missing cell as the messages name it: empty, null, or its text (NA, NaN, ...). */
function missingKind(cell: Cell): string {
  if (cell === null) return 'null';
  if (typeof cell !== 'string') return 'NaN';
  return cell.trim() === '' ? 'empty' : cell.trim();
}

/** Missing values of the selected columns, row by row, for the error or the warning at the end. */
class MissingRows {
  rows = 0;
  readonly first: string[] = [];
  readonly perColumn: number[];
  readonly kinds = new Set<string>();
  readonly firstColumn: number[] = [];
  constructor(columns: number) {
    this.perColumn = new Array<number>(columns).fill(0);
  }

  /** Records row `id` if a selected cell is missing; true when it is. */
  check(cells: Cell[], collectors: Collector[], where: (id: number) => string, id: number): boolean {
    let any = false;
    collectors.forEach((k, j) => {
      const cell = cells[k.col];
      if (!isMissing(cell)) return;
      any = true;
      this.perColumn[j]++;
      if (this.kinds.size < 4) this.kinds.add(missingKind(cell));
    });
    if (any) {
      this.rows++;
      if (this.first.length < 5) this.first.push(where(id));
    }
    return any;
  }

  report(
    src: Source,
    collectors: Collector[],
    policy: 'error' | 'drop',
    total: number,
    warn?: (m: string) => void,
  ): void {
    if (this.rows === 0) return;
    const columns = collectors
      .map((k, j) => ({ name: k.name, count: this.perColumn[j] }))
      .filter((c) => c.count > 0);
    const kinds = [...this.kinds].join(', ');
    const rows = this.first.every((w) => /^row \d+$/.test(w));
    const list = rows ? `rows ${this.first.map((w) => w.slice(4)).join(', ')}` : this.first.join(', ');
    const where = `${this.first.length === 1 && rows ? this.first[0] : list}${this.rows > this.first.length ? ', ...' : ''}`;
    if (policy === 'error') {
      const c = columns[0];
      const others =
        columns.length > 1
          ? ` (and ${columns
              .slice(1)
              .map((o) => `'${o.name}': ${o.count}`)
              .join(', ')})`
          : '';
      throw new UserError(
        `${src.label}: column '${c.name}' has ${c.count} missing value${c.count === 1 ? '' : 's'} (${kinds})${others}, at ${where}; remove or fill them in, or pass --drop-missing`,
      );
    }
    warn?.(
      `dropped ${this.rows} of ${total} rows with a missing value (${kinds}) in ${columns.map((c) => `'${c.name}': ${c.count}`).join(', ')}`,
    );
  }
}

/**
 * Reads columns `specs` (header names or numbers from 1; undefined = the only column) of a source, paired row
 * by row, streaming: only the selected columns are kept.
 */
export async function readColumns(
  src: Source,
  specs: (string | undefined)[],
  mode: ColumnMode,
  options: ReadOptions = {},
): Promise<Column[]> {
  if (src.format === 'npy') return npyColumns(src, await readNpy(src), specs, mode);
  let header: string[] | undefined;
  let headerKnown = false;
  let collectors: Collector[] | undefined;
  let ncols = 0;
  let total = 0;
  const missing = options.missing ? new MissingRows(specs.length) : undefined;
  let firstRow: Cell[] | undefined;
  const seenAgain = new Array<boolean>(specs.length).fill(false);
  await scanRows(
    src,
    (h) => {
      if (h !== undefined) {
        header = h ?? undefined;
        headerKnown = true;
      }
    },
    (cells, id) => {
      if (!collectors) {
        ncols = cells.length;
        let isHeader = false;
        if (!headerKnown) {
          headerKnown = true;
          isHeader = guessHeader(cells, specs, options.header);
          if (isHeader) header = cells.map((c) => String(c ?? '').trim());
        }
        collectors = specs.map((s) => {
          const c = resolveColumn(s, header, ncols, src.label);
          const locate = (row: number) =>
            ncols === 1 ? whereIn(src, row) : whereIn(src, row, c, header?.[c]);
          return new Collector(mode, c, header?.[c] ?? String(c + 1), locate);
        });
        if (isHeader) return;
        if (options.header === false) firstRow = collectors.map((k) => cells[k.col]);
      } else if (firstRow) {
        // --no-header: does the first row's text come back further down (data), or never (a header)?
        collectors.forEach((k, j) => {
          if (textOf(cells[k.col] ?? '') === textOf(firstRow?.[j] ?? '')) seenAgain[j] = true;
        });
      }
      for (const k of collectors) {
        if (k.col >= cells.length) {
          throw new UserError(
            `${src.label}: ${whereIn(src, id)}: has ${cells.length} values; no column ${k.col + 1}`,
          );
        }
      }
      total++;
      if (missing?.check(cells, collectors, (r) => whereIn(src, r), id)) return;
      for (const k of collectors) k.push(cells[k.col], id, src);
    },
  );
  if (collectors && missing && options.missing)
    missing.report(src, collectors, options.missing, total, options.warn);
  if (collectors && collectors[0].n === 0 && missing && missing.rows > 0)
    throw new UserError(`${src.label}: no data left: every row has a missing value`);
  if (!collectors || collectors[0].n === 0)
    throw new UserError(`${src.label}: no data (empty file or a header only)`);
  if (firstRow?.every((c, j) => c !== null && isText(c) && !seenAgain[j])) {
    options.warn?.(
      `--no-header: the first row (${firstRow.map((c) => `'${textOf(c)}'`).join(', ')}) looks like a header (text that does not occur again in the column); it is counted as data`,
    );
  }
  return collectors.map((k) => k.column(src));
}

function npyColumns(src: Source, a: Npy, specs: (string | undefined)[], mode: ColumnMode): Column[] {
  if (a.shape.length > 2 || a.shape.length === 0) {
    throw new UserError(`${src.label}: expected a 1-D or 2-D array; got shape (${a.shape.join(', ')})`);
  }
  const rows = a.shape[0];
  const ncols = a.shape.length === 2 ? a.shape[1] : 1;
  if (rows === 0 || ncols === 0) throw new UserError(`${src.label}: no data (shape (${a.shape.join(', ')}))`);
  return specs.map((s) => {
    const c = resolveColumn(s, undefined, ncols, src.label);
    const values = new Float64Array(rows);
    const data = a.data;
    for (let i = 0; i < rows; i++) values[i] = Number(data[i * ncols + c]);
    const locate = (i: number) => npyIndex(a.shape, i * ncols + c);
    for (let i = 0; i < rows; i++) {
      if (Number.isNaN(values[i]))
        throw new UserError(`${src.label}: ${locate(i)}: NaN; remove or fill in missing data`);
    }
    const origin: Origin = { label: src.label, locate };
    const name = String(c + 1);
    if (mode !== 'count') return { name, kind: 'numeric', n: rows, values, origin };
    const counts = new Map<number, number>();
    for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
    return { name, kind: 'categorical', n: rows, counts: Float64Array.from(counts.values()), origin };
  });
}
