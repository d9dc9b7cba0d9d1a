/**
 * CSV and TSV rows, streamed with csv-parse, and every parser error as a message naming the file, the row and
 * the problem in words.
 * @module
 */
import { pipeline } from 'node:stream/promises';
import { CsvError, parse } from 'csv-parse';
import { describeFileError, UserError } from '../errors.js';
import type { StartRows, VisitRow } from './cells.js';
import { byteStream, type Source } from './source.js';

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

/** Visits the rows of a CSV / TSV source (its header, if any, is the first row: `start(undefined)`). */
export async function scanCsv(src: Source, start: StartRows, row: VisitRow): Promise<void> {
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
