/**
 * Rows of CSV, TSV and JSON sources, whichever the format, and how messages name where a row or cell sits.
 * @module
 */
import { UserError } from '../errors.js';
import type { StartRows, VisitRow } from './cells.js';
import { scanCsv } from './csv.js';
import { scanJson } from './json.js';
import { checkText, type Source } from './source.js';

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
export async function scanRows(src: Source, start: StartRows, row: VisitRow): Promise<void> {
  if (src.format === 'npy') throw new UserError(`${src.label}: an .npy file cannot be read as a table here`);
  checkText(src);
  if (src.format === 'json') return scanJson(src, start, row);
  return scanCsv(src, start, row);
}
