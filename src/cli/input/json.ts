/**
 * JSON inputs: one document whole, or a table of rows in any of the shapes the command reads.
 * @module
 */
import { UserError } from '../errors.js';
import type { Cell, StartRows, VisitRow } from './cells.js';
import { allBytes, checkText, type Source } from './source.js';

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

/** Visits the rows of a JSON source (checked as text already). */
export async function scanJson(src: Source, start: StartRows, row: VisitRow): Promise<void> {
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
}

function isScalar(v: unknown): v is Cell {
  return v === null || typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean';
}

/** JSON as rows: [scalars] (one column), [[...]] (rows), [{...}] (records), {name: [...]} (columns). */
function jsonRows(doc: unknown, label: string, start: StartRows, row: VisitRow): void {
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
