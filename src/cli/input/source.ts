/**
 * Opening the command's inputs: a file or standard input (`-`), its format settled by the flag, the extension or
 * its first bytes; the bytes of a source as a stream or whole; text checks before a text parser sees them.
 * @module
 */
import { closeSync, createReadStream, openSync, readSync, statSync } from 'node:fs';
import { Readable } from 'node:stream';
import { describeFileError, UserError } from '../errors.js';
import { isNpy, type Npy, npyFromBytes, readNpyFile } from '../npy.js';

/** File formats the command reads. */
export type Format = 'csv' | 'tsv' | 'json' | 'npy';
const FORMATS: readonly Format[] = ['csv', 'tsv', 'json', 'npy'];

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

/** The bytes of a source, streamed. */
export function byteStream(src: Source): Readable {
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
export function checkText(src: Source): void {
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

/** All the bytes of a source. */
export async function allBytes(src: Source): Promise<Buffer> {
  const chunks: Buffer[] = [];
  try {
    for await (const c of byteStream(src)) chunks.push(c as Buffer);
  } catch (err) {
    throw describeFileError(err, src.label) ?? err;
  }
  return Buffer.concat(chunks);
}

/** The .npy array of a source. */
export async function readNpy(src: Source): Promise<Npy> {
  if (src.format !== 'npy') throw new UserError(`${src.label}: expected an .npy file; got ${src.format}`);
  return src.stdin ? npyFromBytes(await allBytes(src), src.label) : readNpyFile(src.path, src.label);
}
