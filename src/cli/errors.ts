/**
 * Errors of the command: user errors (exit 1) carry one line naming the file, the row and the problem; the
 * library's SurprisalError is translated into the same form; anything else is internal (exit 2).
 * @module
 */
import { SurprisalError } from '../index.js';

/** A mistake of the user (bad file, bad flag, bad value): printed as one line, exit code 1. */
export class UserError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UserError';
  }
}

/** Where the values given to the library as one argument came from: a file and how to name an index in it. */
export interface Origin {
  /** The file as the user wrote it ('<stdin>' for -). */
  label: string;
  /** 'row 4', 'row 2, column 3', '[5]', ...: where element `index` of the argument sits in the file. */
  locate?: (index: number) => string;
}

/** The library's argument names ('p', 'q', 'x', 'input', 'logRatios', ...) mapped to their files. */
export type Origins = Record<string, Origin>;

/** CLI wording for the library's hints: `{ normalize: true }` → `--normalize`, `{ from: 'logits' }` → `--from logits`. */
function cliHints(message: string): string {
  return message
    .replace(/\{ normalize: true \}/g, '--normalize')
    .replace(/\{ from: '(\w+)' \}/g, '--from $1')
    .replace(/\{ ?base: ?'?(\w+)'? ?\}/g, '--base $1');
}

/**
 * One line for a SurprisalError: the function's name dropped, and `p[2] = -0.1 is negative` turned into
 * `p.csv: row 4: -0.1 is negative` when the argument came from a file.
 */
function describeSurprisalError(err: SurprisalError, origins: Origins): string {
  let message = cliHints(err.message.replace(/^[a-z][A-Za-z]*: /, ''));
  const origin = err.argument === undefined ? undefined : origins[err.argument];
  if (!origin) return message;
  if (err.index !== undefined && origin.locate) {
    const prefix = `${err.argument}[${err.index}]`;
    if (message.startsWith(prefix)) {
      const rest = message.slice(prefix.length);
      message = rest.startsWith(' = ') ? rest.slice(3) : `value${rest}`;
    }
    return `${origin.label}: ${origin.locate(err.index)}: ${message}`;
  }
  return `${origin.label}: ${message}`;
}

/** Node's file-system errors (ENOENT, EISDIR, ...) as one line naming the file. */
export function describeFileError(err: unknown, label: string): UserError | undefined {
  const code = (err as { code?: unknown })?.code;
  if (typeof code !== 'string') return undefined;
  const what: Record<string, string> = {
    ENOENT: 'no such file',
    EISDIR: 'is a directory, not a file',
    EACCES: 'permission denied',
    EPERM: 'permission denied',
    ENOTDIR: 'a component of the path is not a directory',
    EMFILE: 'too many open files',
  };
  if (what[code]) return new UserError(`${label}: ${what[code]}`);
  if ((err as { syscall?: unknown }).syscall) return new UserError(`${label}: ${(err as Error).message}`);
  return undefined;
}

/**
 * A message as one line: line breaks (JSON.parse quotes the text around a syntax error, file names may hold
 * them) become spaces, other control characters (a binary file's bytes) are written as `\xNN`.
 */
function oneLine(message: string): string {
  return message
    .replace(/\s*[\r\n\u2028\u2029]+\s*/g, ' ')
    .replace(/\p{Cc}/gu, (c) => (c === '\t' ? c : `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`))
    .trim();
}

/**
 * The line to print and the exit code for anything thrown by a command: UserError and SurprisalError are the
 * user's (exit 1); anything else — a TypeError or RangeError from the library included — is a bug (exit 2),
 * never dressed up as a user error.
 */
export function report(err: unknown, origins: Origins, debug: boolean): { line: string; code: number } {
  const stack = debug && err instanceof Error && err.stack ? `\n${err.stack}` : '';
  if (err instanceof UserError) return { line: `error: ${oneLine(err.message)}${stack}`, code: 1 };
  if (err instanceof SurprisalError) {
    return { line: `error: ${oneLine(describeSurprisalError(err, origins))}${stack}`, code: 1 };
  }
  const message = err instanceof Error ? err.message : String(err);
  return { line: `internal error: ${oneLine(message.split('\n')[0])}${stack}`, code: 2 };
}
