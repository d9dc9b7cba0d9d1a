/**
 * Reading the command's inputs: CSV / TSV (streamed with csv-parse), JSON and .npy files, or standard input
 * (`-`). Columns are collected as they stream past, keeping only the selected ones (a Float64Array that
 * grows, category codes, or just the counts), so a large file never sits in memory as text and numbers at once.
 * @module
 */
import { closeSync, createReadStream, openSync, readSync, statSync } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { CsvError, parse } from 'csv-parse';
import { describeFileError, type Origin, UserError } from './errors.js';
import { isNpy, type Npy, npyFromBytes, npyIndex, readNpyFile } from './npy.js';
import { parseNumber } from './output.js';

/** File formats the command reads. */
export type Format = 'csv' | 'tsv' | 'json' | 'npy';
const FORMATS: readonly Format[] = ['csv', 'tsv', 'json', 'npy'];

/** A cell of a table: text from CSV, or a JSON value. */
export type Cell = string | number | boolean | null;

/** An input named on the command line, its format known. */
export interface Source {
  /** The path as given ('-' for standard input). */
  path: string;
  /** How messages name it: the path, or '<stdin>'. */
  label: string;
  format: Format;
  /** Standard input: the bytes read to sniff the format, and the rest of the stream. */
  stdin?: { head: Buffer | undefined; rest: AsyncIterator<Buffer> };
}

const EXTENSIONS: Record<string, Format> = {
  csv: 'csv',
  tsv: 'tsv',
  tab: 'tsv',
  json: 'json',
  npy: 'npy',
};

/** The format of bytes that start a file: .npy magic, a JSON bracket, a tab in the first line, else CSV. */
function sniff(head: Uint8Array | undefined): Format {
  if (!head || head.length === 0) return 'csv';
  if (isNpy(head)) return 'npy';
  const text = new TextDecoder().decode(head.subarray(0, 4096)).replace(/^\uFEFF/, '');
  const first = text.trimStart()[0];
  if (first === '[' || first === '{') return 'json';
  const line = text.split(/\r?\n/, 1)[0];
  return line.includes('\t') ? 'tsv' : 'csv';
}

let stdinTaken = false;

/** Lets the process end once a command is done, whether or not it read standard input to its end. */
export function closeStdin(): void {
  if (stdinTaken) process.stdin.destroy();
}

/** Opens an input: checks the file exists, settles its format (flag, extension, or its first bytes). */
export async function openSource(path: string, format?: string): Promise<Source> {
  if (format !== undefined && !FORMATS.includes(format as Format)) {
    throw new UserError(`--format must be one of ${FORMATS.join(', ')}; got '${format}'`);
  }
  if (path === '') throw new UserError("an empty file name ('')");
  if (path === '-') {
    if (stdinTaken) throw new UserError('only one input can be read from standard input (-)');
    stdinTaken = true;
    const rest = (process.stdin as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
    const first = await rest.next();
    const head = first.done ? undefined : Buffer.from(first.value);
    return { path, label: '<stdin>', format: (format as Format) ?? sniff(head), stdin: { head, rest } };
  }
  try {
    const st = statSync(path);
    if (st.isDirectory()) throw new UserError(`${path}: is a directory, not a file`);
  } catch (err) {
    throw describeFileError(err, path) ?? err;
  }
  if (format) return { path, label: path, format: format as Format };
  const ext = /\.([A-Za-z]+)$/.exec(path)?.[1]?.toLowerCase();
  if (ext && EXTENSIONS[ext]) return { path, label: path, format: EXTENSIONS[ext] };
  const fd = openSync(path, 'r');
  try {
    const head = new Uint8Array(4096);
    const n = readSync(fd, head, 0, head.length, 0);
    return { path, label: path, format: sniff(head.subarray(0, n)) };
  } finally {
    closeSync(fd);
  }
}

async function* stdinBytes(s: NonNullable<Source['stdin']>): AsyncGenerator<Buffer> {
  if (s.head) yield s.head;
  for (let r = await s.rest.next(); !r.done; r = await s.rest.next()) yield Buffer.from(r.value);
}

function byteStream(src: Source): Readable {
  return src.stdin ? Readable.from(stdinBytes(src.stdin)) : createReadStream(src.path);
}

/** The first bytes of a source (up to 4096), without consuming standard input. */
function headOf(src: Source): Uint8Array {
  if (src.stdin) return src.stdin.head ?? new Uint8Array(0);
  let fd: number;
  try {
    fd = openSync(src.path, 'r');
  } catch (err) {
    throw describeFileError(err, src.label) ?? err;
  }
  try {
    const head = new Uint8Array(4096);
    return head.subarray(0, readSync(fd, head, 0, head.length, 0));
  } finally {
    closeSync(fd);
  }
}

/**
 * Refuses bytes that are not text before a text parser sees them: an .npy file, UTF-16 (NUL bytes between
 * the characters), or any other binary file (a NUL byte, or mostly bytes that are not text, in the first
 * 4 KiB) would otherwise surface as a quoting error or a column of garbage.
 */
function checkText(src: Source): void {
  const head = headOf(src);
  const what = src.format.toUpperCase();
  if (isNpy(head)) {
    throw new UserError(
      `${src.label}: an .npy file, not ${what} text; give it the .npy extension or --format npy`,
    );
  }
  if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)) {
    throw new UserError(`${src.label}: UTF-16 text; save it as UTF-8 ${what}`);
  }
  if (head.includes(0) || looksBinary(head)) {
    throw new UserError(`${src.label}: binary data, not ${what} text`);
  }
}

/**
 * Many bytes that are neither UTF-8 nor printable (control characters other than white space): a binary file.
 * A Latin-1 file has a few invalid sequences (accented letters) and still reads.
 */
function looksBinary(head: Uint8Array): boolean {
  const text = new TextDecoder('utf-8', { fatal: false }).decode(head, { stream: true });
  let bad = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0xfffd || (c < 0x20 && c !== 9 && c !== 10 && c !== 13 && c !== 12 && c !== 11) || c === 0x7f)
      bad++;
  }
  return bad > Math.max(8, text.length / 16);
}

/** At most `n` characters of a value for a message, JSON-quoted. */
function excerpt(text: string, n = 40): string {
  return JSON.stringify(text.length > n ? `${text.slice(0, n)}…` : text);
}

/**
 * A csv-parse error as a user error naming the file, the row (the line where the problem is; for a quote that
 * is never closed, the line where the quoted value opened when the consumer has seen every record before it,
 * else the last line) and the problem in words, for every error code csv-parse has.
 * @param seen - records the consumer has handled; `nextLine` the line where the next record starts.
 */
function csvProblem(err: CsvError, src: Source, seen: number, nextLine: number): UserError {
  const e = err as CsvError & { lines?: unknown; records?: unknown; column?: unknown; field?: unknown };
  const line = typeof e.lines === 'number' ? e.lines : undefined;
  const col = typeof e.column === 'number' ? e.column : undefined;
  const at = (l: number | undefined, c?: number) =>
    l === undefined ? '' : c === undefined ? `row ${l}: ` : `row ${l}, column ${c + 1}: `;
  const what = src.format.toUpperCase();
  let problem: string;
  switch (e.code) {
    case 'CSV_QUOTE_NOT_CLOSED': {
      // The error comes at the end of the input: the quoted value opened where the unfinished record starts.
      const inSync = typeof e.records === 'number' && e.records === seen;
      const where = inSync ? at(nextLine) : at(line);
      return new UserError(
        `${src.label}: ${where}a quoted value ${inSync ? 'opened here ' : ''}is never closed (the file ends inside quotes); close it with "`,
      );
    }
    case 'INVALID_OPENING_QUOTE': {
      const field = typeof e.field === 'string' ? ` after ${excerpt(e.field)}` : '';
      problem = `a quote (") inside an unquoted value${field}; quote the whole value and double the quotes inside it ("a""b")`;
      break;
    }
    case 'CSV_INVALID_CLOSING_QUOTE':
    case 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE':
      problem = `text after the closing quote of a quoted value; double a quote inside quotes ("a""b")`;
      break;
    case 'CSV_MAX_RECORD_SIZE':
      problem = 'a record too large to read';
      break;
    case 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH':
    case 'CSV_RECORD_INCONSISTENT_COLUMNS':
      problem = 'a different number of values than the rows before';
      break;
    default: {
      // Options errors cannot come from a file; name the parser's words for anything else.
      const words = e.message.replace(/,? (on|at) line \d+/, '').split(':')[0];
      problem = `invalid ${what} (${words})`;
    }
  }
  return new UserError(`${src.label}: ${at(line, col)}${problem}`);
}

async function allBytes(src: Source): Promise<Buffer> {
  const chunks: Buffer[] = [];
  try {
    for await (const c of byteStream(src)) chunks.push(c as Buffer);
  } catch (err) {
    throw describeFileError(err, src.label) ?? err;
  }
  return Buffer.concat(chunks);
}

/** One JSON document from a file or standard input (binary, .npy and UTF-16 bytes refused as for tables). */
export async function readJsonDocument(src: Source): Promise<unknown> {
  checkText(src);
  const text = (await allBytes(src)).toString('utf8').replace(/^\uFEFF/, '');
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new UserError(`${src.label}: invalid JSON: ${(err as Error).message.split('\n')[0]}`);
  }
}

/** The .npy array of a source. */
export async function readNpy(src: Source): Promise<Npy> {
  if (src.format !== 'npy') throw new UserError(`${src.label}: expected an .npy file; got ${src.format}`);
  return src.stdin ? npyFromBytes(await allBytes(src), src.label) : readNpyFile(src.path, src.label);
}

// ---------------------------------------------------------------------------------------------------------
// Rows of CSV, TSV and JSON.

/** Where row `id` (a line number for text, an element index for JSON), and optionally column `col`, sits. */
export function whereIn(src: Source, id: number, col?: number, name?: string): string {
  if (src.format === 'json')
    return col === undefined ? `[${id}]` : `[${id}][${name ? JSON.stringify(name) : col}]`;
  return col === undefined ? `row ${id}` : `row ${id}, column ${name ? `'${name}'` : col + 1}`;
}

/**
 * Visits the rows of a CSV / TSV / JSON source. `header` is the header when the format fixes it (JSON objects),
 * null when it has none (JSON arrays), undefined when it must be guessed from the first row (CSV).
 */
async function scanRows(
  src: Source,
  start: (header: string[] | null | undefined) => void,
  row: (cells: Cell[], id: number) => void,
): Promise<void> {
  if (src.format === 'npy') throw new UserError(`${src.label}: an .npy file cannot be read as a table here`);
  checkText(src);
  if (src.format === 'json') {
    const text = (await allBytes(src)).toString('utf8').replace(/^\uFEFF/, '');
    if (text.trim() === '') throw new UserError(`${src.label}: empty file`);
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch (err) {
      // V8 quotes the text around the mistake: keep the message short and on one line.
      const message = (err as Error).message.replace(/\s+/g, ' ');
      throw new UserError(
        `${src.label}: invalid JSON: ${message.length > 160 ? `${message.slice(0, 160)}…` : message}`,
      );
    }
    jsonRows(doc, src.label, start, row);
    return;
  }
  start(undefined);
  // No csv-parse `info` / `on_record` (they build an object per record and cost twice the parse): line numbers
  // are counted here, a record taking one line plus the line breaks inside its quoted fields.
  const parser = parse({ delimiter: src.format === 'tsv' ? '\t' : ',', bom: true, relax_column_count: true });
  let line = 0;
  let seen = 0;
  let width = -1;
  // An error thrown while consuming makes pipeline() reject with an AbortError: keep the real one.
  let failure: unknown;
  try {
    await pipeline(byteStream(src), parser, async (records: AsyncIterable<string[]>) => {
      try {
        for await (const record of records) {
          seen++;
          const id = ++line;
          for (const f of record) {
            for (let at = f.indexOf('\n'); at >= 0; at = f.indexOf('\n', at + 1)) line++;
          }
          if (record.length === 1 && record[0].trim() === '') continue; // a blank line
          if (width < 0) width = record.length;
          else if (record.length !== width) {
            throw new UserError(
              `${src.label}: row ${id}: ${record.length} values where the first row has ${width}`,
            );
          }
          row(record, id);
        }
      } catch (err) {
        failure = err;
        throw err;
      }
    });
  } catch (err) {
    // The parser's own errors reach the consumer's loop too: `failure` is then the CsvError.
    const e = failure ?? err;
    if (e instanceof CsvError) throw csvProblem(e, src, seen, line + 1);
    if (failure !== undefined) throw failure;
    throw describeFileError(err, src.label) ?? err;
  }
}

function isScalar(v: unknown): v is Cell {
  return v === null || typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean';
}

/** JSON as rows: [scalars] (one column), [[...]] (rows), [{...}] (records), {name: [...]} (columns). */
function jsonRows(
  doc: unknown,
  label: string,
  start: (header: string[] | null | undefined) => void,
  row: (cells: Cell[], id: number) => void,
): void {
  const bad = () =>
    new UserError(
      `${label}: expected a JSON array of numbers, an array of rows, an array of records or an object of columns`,
    );
  if (Array.isArray(doc)) {
    if (doc.length === 0) throw new UserError(`${label}: empty array`);
    if (doc.every(isScalar)) {
      start(null);
      doc.forEach((v, i) => {
        row([v], i);
      });
    } else if (doc.every((r) => Array.isArray(r))) {
      start(null);
      doc.forEach((r: unknown[], i) => {
        if (!r.every(isScalar)) throw new UserError(`${label}: [${i}]: nested deeper than a table`);
        row(r as Cell[], i);
      });
    } else if (doc.every((r) => r !== null && typeof r === 'object' && !Array.isArray(r))) {
      const keys = Object.keys(doc[0] as object);
      start(keys);
      doc.forEach((r: Record<string, unknown>, i) => {
        row(
          keys.map((k) => {
            const v = r[k];
            if (v !== undefined && !isScalar(v))
              throw new UserError(`${label}: [${i}].${k}: not a number or text`);
            return (v ?? null) as Cell;
          }),
          i,
        );
      });
    } else throw bad();
    return;
  }
  if (doc !== null && typeof doc === 'object') {
    const entries = Object.entries(doc as Record<string, unknown>);
    if (entries.length === 0 || !entries.every(([, v]) => Array.isArray(v) && v.every(isScalar))) throw bad();
    const cols = entries.map(([, v]) => v as Cell[]);
    const n = cols[0].length;
    entries.forEach(([k, v]) => {
      if ((v as unknown[]).length !== n) {
        throw new UserError(
          `${label}: column '${k}' has ${(v as unknown[]).length} values, '${entries[0][0]}' has ${n}`,
        );
      }
    });
    start(entries.map(([k]) => k));
    for (let i = 0; i < n; i++)
      row(
        cols.map((c) => c[i]),
        i,
      );
    return;
  }
  throw bad();
}

/** A cell as a number, or undefined when it is not one (text, true/false); null and '' are missing values. */
function numberOf(cell: Cell): number | undefined | null {
  if (cell === null) return null;
  if (typeof cell === 'number') return cell;
  if (typeof cell === 'boolean') return undefined;
  if (cell.trim() === '') return null;
  return parseNumber(cell);
}

/** A category's text: trimmed, so that 'a, b' and 'a,b' agree. */
function textOf(cell: Cell): string {
  return typeof cell === 'string' ? cell.trim() : String(cell);
}

/** True for a cell that is text, not a number nor a missing value: what marks a header row. */
function isText(cell: Cell): boolean {
  return numberOf(cell) === undefined;
}

/** A number that must be there: empty cells and NaN are errors naming the row (missing data is the user's call). */
function requireNumber(cell: Cell, where: () => string, label: string): number {
  const v = numberOf(cell);
  if (v === null) {
    const what = cell === null ? 'null' : 'empty value';
    throw new UserError(`${label}: ${where()}: ${what}; remove or fill in missing data`);
  }
  if (v === undefined) throw new UserError(`${label}: ${where()}: ${JSON.stringify(cell)} is not a number`);
  if (Number.isNaN(v)) throw new UserError(`${label}: ${where()}: NaN; remove or fill in missing data`);
  return v;
}

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

// ---------------------------------------------------------------------------------------------------------
// Columns.

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

/** Text past the first cell (a first column may hold row labels), or text in every cell. */
function looksLikeHeader(cells: Cell[]): boolean {
  return cells.slice(1).some(isText) || cells.every(isText);
}

/** Options of the readers. */
export interface ReadOptions {
  /** --header / --no-header; undefined guesses. */
  header?: boolean;
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
      }
      for (const k of collectors) {
        if (k.col >= cells.length) {
          throw new UserError(
            `${src.label}: ${whereIn(src, id)}: has ${cells.length} values; no column ${k.col + 1}`,
          );
        }
        k.push(cells[k.col], id, src);
      }
    },
  );
  if (!collectors || collectors[0].n === 0)
    throw new UserError(`${src.label}: no data (empty file or a header only)`);
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

// ---------------------------------------------------------------------------------------------------------
// Small numeric tables: distributions and joint tables.

/** A numeric array read whole from a file, with its shape and where each element sits. */
export interface NumericArray {
  data: Float64Array | Float32Array;
  shape: number[];
  origin: Origin;
}

/**
 * A table of numbers (the whole file: distributions are small): a header row and a first column of row
 * labels are skipped when they hold text.
 */
export async function readNumericTable(src: Source, options: ReadOptions = {}): Promise<NumericArray> {
  if (src.format === 'npy') {
    const a = await readNpy(src);
    const data =
      a.data instanceof Float32Array || a.data instanceof Float64Array
        ? a.data
        : Float64Array.from(a.data, Number);
    if (data.length === 0) throw new UserError(`${src.label}: no data (shape (${a.shape.join(', ')}))`);
    return {
      data,
      shape: a.shape.length === 0 ? [1] : a.shape,
      origin: { label: src.label, locate: (i) => npyIndex(a.shape, i) },
    };
  }
  const rows: Cell[][] = [];
  const ids: number[] = [];
  let skipHeader: boolean | undefined;
  await scanRows(
    src,
    (h) => {
      if (h !== undefined) skipHeader = false;
    },
    (cells, id) => {
      if (skipHeader === undefined) {
        skipHeader = options.header ?? looksLikeHeader(cells);
        if (skipHeader) return;
      }
      rows.push(cells);
      ids.push(id);
    },
  );
  if (rows.length === 0) throw new UserError(`${src.label}: no data (empty file or a header only)`);
  const width = rows[0].length;
  const labels = rows.every((r) => r.length > 1 && isText(r[0])) ? 1 : 0;
  const cols = width - labels;
  const data = new Float64Array(rows.length * cols);
  // One column: the row says it all.
  const where = (i: number, c: number) =>
    width === 1 ? whereIn(src, ids[i]) : whereIn(src, ids[i], c + labels);
  rows.forEach((r, i) => {
    if (r.length !== width)
      throw new UserError(
        `${src.label}: ${whereIn(src, ids[i])}: has ${r.length} values, the first row ${width}`,
      );
    for (let c = 0; c < cols; c++) {
      data[i * cols + c] = requireNumber(r[c + labels], () => where(i, c), src.label);
    }
  });
  return {
    data,
    shape: [rows.length, cols],
    origin: {
      label: src.label,
      locate: (i) => where(Math.floor(i / cols), i % cols),
    },
  };
}

/**
 * One distribution from a file: a single column, a single row, or the column `--column` names; as a flat
 * array with the location of each entry.
 */
export async function readVector(
  src: Source,
  column: string | undefined,
  options: ReadOptions = {},
): Promise<NumericArray> {
  if (column !== undefined) {
    const [c] = await readColumns(src, [column], 'numeric', options);
    return { data: c.values as Float64Array, shape: [c.n], origin: c.origin };
  }
  const t = await readNumericTable(src, options);
  const nonUnit = t.shape.filter((d) => d !== 1);
  if (nonUnit.length > 1) {
    throw new UserError(
      `${src.label}: expected one row or one column of numbers; got a ${t.shape.join(' × ')} table (pick a column with --column)`,
    );
  }
  return { data: t.data, shape: [t.data.length], origin: t.origin };
}
