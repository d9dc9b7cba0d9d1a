/**
 * A whole table read into named columns of values (numbers, text, null for missing), for the commands that use
 * every column (rank). Tables for these are modest: every cell is kept.
 * @module
 */
import { type ColumnValue, isMissing } from '../../index.js';
import { UserError } from '../errors.js';
import { type Cell, looksLikeHeader, numberOf, textOf } from './cells.js';
import { scanRows, whereIn } from './rows.js';
import type { Source } from './source.js';

/** A table of named columns, and where row i sits in the file. */
export interface Frame {
  names: string[];
  columns: ColumnValue[][];
  rows: number;
  where: (row: number) => string;
}

/**
 * Reads every column of a CSV / TSV / JSON source. A column whose present values are all numbers holds numbers,
 * any other holds trimmed text; missing cells (the library's `isMissing`: empty, NA, NaN, null, ...) are null.
 */
export async function readFrame(src: Source, options: { header?: boolean } = {}): Promise<Frame> {
  let header: string[] | undefined;
  let decided = false;
  const cells: Cell[][] = [];
  const ids: number[] = [];
  let width = -1;
  await scanRows(
    src,
    (h) => {
      if (h !== undefined) {
        header = h ?? undefined;
        decided = true;
      }
    },
    (row, id) => {
      if (!decided) {
        decided = true;
        if (options.header ?? looksLikeHeader(row)) {
          header = row.map((c) => String(c ?? '').trim());
          return;
        }
      }
      if (width < 0) width = header?.length ?? row.length;
      if (row.length !== width) {
        throw new UserError(
          `${src.label}: ${whereIn(src, id)}: has ${row.length} values; the header ${width}`,
        );
      }
      cells.push(row);
      ids.push(id);
    },
  );
  if (cells.length === 0) throw new UserError(`${src.label}: no data (empty file or a header only)`);
  const names = (header ?? Array.from({ length: width }, (_, j) => String(j + 1))).map((n, j) =>
    n === '' ? String(j + 1) : n,
  );
  const columns = names.map((_, j) => {
    let numeric = true;
    const values: ColumnValue[] = cells.map((r) => {
      const c = r[j];
      if (isMissing(c)) return null;
      const v = numberOf(c);
      if (typeof v === 'number' && !Number.isNaN(v)) return v;
      numeric = false;
      return textOf(c);
    });
    return numeric ? values : values.map((v) => (v === null ? null : String(v)));
  });
  return { names, columns, rows: cells.length, where: (i) => whereIn(src, ids[i]) };
}
