/**
 * Small numeric tables read whole (distributions and joint tables), and one distribution as a vector.
 * @module
 */
import { type Origin, UserError } from '../errors.js';
import { npyIndex } from '../npy.js';
import { type Cell, isText, looksLikeHeader, requireNumber } from './cells.js';
import { type ReadOptions, readColumns } from './columns.js';
import { scanRows, whereIn } from './rows.js';
import { readNpy, type Source } from './source.js';

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
