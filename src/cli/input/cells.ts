/**
 * The cells of a table (text from CSV, JSON values) and what they hold: numbers, missing values, categories,
 * header text.
 * @module
 */
import { UserError } from '../errors.js';
import { parseNumber } from '../output.js';

/** A cell of a table: text from CSV, or a JSON value. */
export type Cell = string | number | boolean | null;

/** Called once before the rows: the header when the format fixes it, null when it has none, undefined to guess. */
export type StartRows = (header: string[] | null | undefined) => void;

/** Called with each row's cells and its id (a line number for text, an element index for JSON). */
export type VisitRow = (cells: Cell[], id: number) => void;

/** A cell as a number, or undefined when it is not one (text, true/false); null and '' are missing values. */
export function numberOf(cell: Cell): number | undefined | null {
  if (cell === null) return null;
  if (typeof cell === 'number') return cell;
  if (typeof cell === 'boolean') return undefined;
  if (cell.trim() === '') return null;
  return parseNumber(cell);
}

/** A category's text: trimmed, so that 'a, b' and 'a,b' agree. */
export function textOf(cell: Cell): string {
  return typeof cell === 'string' ? cell.trim() : String(cell);
}

/** True for a cell that is text, not a number nor a missing value: what marks a header row. */
export function isText(cell: Cell): boolean {
  return numberOf(cell) === undefined;
}

/** A number that must be there: empty cells and NaN are errors naming the row (missing data is the user's call). */
export function requireNumber(cell: Cell, where: () => string, label: string): number {
  const v = numberOf(cell);
  if (v === null) {
    const what = cell === null ? 'null' : 'empty value';
    throw new UserError(`${label}: ${where()}: ${what}; remove or fill in missing data`);
  }
  if (v === undefined) throw new UserError(`${label}: ${where()}: ${JSON.stringify(cell)} is not a number`);
  if (Number.isNaN(v)) throw new UserError(`${label}: ${where()}: NaN; remove or fill in missing data`);
  return v;
}

/** Text past the first cell (a first column may hold row labels), or text in every cell. */
export function looksLikeHeader(cells: Cell[]): boolean {
  return cells.slice(1).some(isText) || cells.every(isText);
}
