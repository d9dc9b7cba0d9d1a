/**
 * NumPy `.npy` files (format versions 1.0, 2.0 and 3.0): little-endian float32 / float64 / int32 / int64 in C
 * order, read straight into one typed array of the data's size — no second copy, no per-element work.
 * Format: https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html
 * @module
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { describeFileError, UserError } from './errors.js';

/** The typed arrays an .npy file is read into. */
export type NpyData = Float32Array | Float64Array | Int32Array | BigInt64Array;

/** An array read from an .npy file. */
export interface Npy {
  data: NpyData;
  shape: number[];
  /** '<f4', '<f8', '<i4' or '<i8'. */
  descr: string;
}

type Ctor =
  | Float32ArrayConstructor
  | Float64ArrayConstructor
  | Int32ArrayConstructor
  | BigInt64ArrayConstructor;

const DTYPES: Record<string, Ctor> = {
  '<f4': Float32Array,
  '<f8': Float64Array,
  '<i4': Int32Array,
  '<i8': BigInt64Array,
};

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

/** True when the bytes start with the .npy magic string. */
export function isNpy(bytes: Uint8Array): boolean {
  return MAGIC.every((b, i) => bytes[i] === b);
}

interface Header {
  descr: string;
  shape: number[];
  /** Byte offset of the data. */
  offset: number;
  /** Bytes of data the shape and dtype call for. */
  bytes: number;
  ctor: Ctor;
}

/** Length of the preamble (magic, version, header length) and of the header, from the first 12 bytes. */
function preamble(first: Uint8Array, label: string): { start: number; length: number } {
  if (first.length === 0) throw new UserError(`${label}: empty file, not an .npy file`);
  if (first.length >= 6 && first.length < 10 && isNpy(first))
    throw new UserError(`${label}: truncated .npy header`);
  if (first.length < 10 || !isNpy(first))
    throw new UserError(`${label}: not an .npy file (bad magic string)`);
  const major = first[6];
  if (major === 1) return { start: 10, length: first[8] | (first[9] << 8) };
  if (major === 2 || major === 3) {
    if (first.length < 12) throw new UserError(`${label}: truncated .npy header`);
    return { start: 12, length: (first[8] | (first[9] << 8) | (first[10] << 16)) + first[11] * 2 ** 24 };
  }
  throw new UserError(
    `${label}: .npy format version ${major}.${first[7]} is not supported (1.0, 2.0 or 3.0)`,
  );
}

/** Parses the Python-literal dict of the header: descr, fortran_order and shape. */
function parseHeader(text: string, offset: number, label: string): Header {
  const descr = /['"]descr['"]\s*:\s*['"]([^'"]*)['"]/.exec(text)?.[1];
  const fortran = /['"]fortran_order['"]\s*:\s*(True|False)/.exec(text)?.[1];
  const shapeText = /['"]shape['"]\s*:\s*\(([^)]*)\)/.exec(text)?.[1];
  if (descr === undefined || fortran === undefined || shapeText === undefined) {
    const t = text.trim();
    throw new UserError(
      `${label}: malformed .npy header ${JSON.stringify(t.length > 100 ? `${t.slice(0, 100)}…` : t)}`,
    );
  }
  if (fortran === 'True') {
    throw new UserError(
      `${label}: Fortran-order arrays are not supported; save np.ascontiguousarray(a) instead`,
    );
  }
  const native = descr.replace(/^[|=]/, '<');
  const ctor = DTYPES[native];
  if (!ctor) {
    const hint = descr.startsWith('>') ? `; big-endian data: save a.astype('<${descr.slice(1)}')` : '';
    throw new UserError(
      `${label}: dtype '${descr}' is not supported (float32 '<f4', float64 '<f8', int32 '<i4', int64 '<i8')${hint}`,
    );
  }
  const shape = shapeText
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map((s) => (/^\d+L?$/.test(s) ? Number.parseInt(s, 10) : Number.NaN));
  if (shape.some((d) => !Number.isSafeInteger(d))) {
    throw new UserError(`${label}: malformed shape (${shapeText}) in the .npy header`);
  }
  const size = shape.reduce((a, b) => a * b, 1);
  return { descr: native, shape, offset, bytes: size * ctor.BYTES_PER_ELEMENT, ctor };
}

function headerFrom(bytes: Uint8Array, label: string): Header {
  const { start, length } = preamble(bytes, label);
  if (bytes.length < start + length) throw new UserError(`${label}: truncated .npy header`);
  const text = new TextDecoder().decode(bytes.subarray(start, start + length));
  return parseHeader(text, start + length, label);
}

/** Most elements one array may hold: the library's limit (2^32), far above what fits in memory anyway. */
const MAX_ELEMENTS = 2 ** 32;

/**
 * The buffer for the data, its size checked first: a header may declare any shape, and the file holding that
 * many bytes is no proof that memory does.
 */
function dataBuffer(label: string, h: Header): ArrayBuffer {
  const elements = h.bytes / h.ctor.BYTES_PER_ELEMENT;
  if (elements > MAX_ELEMENTS) {
    throw new UserError(
      `${label}: shape (${h.shape.join(', ')}) has ${elements} elements; at most 2^32 can be read`,
    );
  }
  try {
    return new ArrayBuffer(h.bytes);
  } catch (err) {
    if (err instanceof RangeError) {
      throw new UserError(
        `${label}: not enough memory for the ${h.bytes} bytes of shape (${h.shape.join(', ')})`,
      );
    }
    throw err;
  }
}

function truncated(label: string, h: Header, have: number): UserError {
  return new UserError(
    `${label}: truncated .npy data: shape (${h.shape.join(', ')}) of '${h.descr}' needs ${h.bytes} bytes, the file holds ${Math.max(0, have)}`,
  );
}

/** An .npy file already in memory (standard input): the data is copied once into an aligned buffer. */
export function npyFromBytes(bytes: Uint8Array, label: string): Npy {
  const h = headerFrom(bytes, label);
  if (bytes.length - h.offset < h.bytes) throw truncated(label, h, bytes.length - h.offset);
  const buffer = dataBuffer(label, h);
  new Uint8Array(buffer).set(bytes.subarray(h.offset, h.offset + h.bytes));
  return { data: new h.ctor(buffer), shape: h.shape, descr: h.descr };
}

/** Reads an .npy file: its header, then its data with read(2) straight into one typed array. */
export function readNpyFile(path: string, label: string): Npy {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (err) {
    throw describeFileError(err, label) ?? err;
  }
  try {
    const size = fstatSync(fd).size;
    const first = new Uint8Array(Math.min(size, 12));
    readSync(fd, first, 0, first.length, 0);
    const { start, length } = preamble(first, label);
    const head = new Uint8Array(Math.min(size, start + length));
    readSync(fd, head, 0, head.length, 0);
    const h = headerFrom(head, label);
    if (size - h.offset < h.bytes) throw truncated(label, h, size - h.offset);
    const buffer = dataBuffer(label, h);
    const view = new Uint8Array(buffer);
    const CHUNK = 1 << 30;
    for (let done = 0; done < h.bytes; ) {
      const n = readSync(fd, view, done, Math.min(CHUNK, h.bytes - done), h.offset + done);
      if (n === 0) throw truncated(label, h, done);
      done += n;
    }
    return { data: new h.ctor(buffer), shape: h.shape, descr: h.descr };
  } catch (err) {
    throw describeFileError(err, label) ?? err;
  } finally {
    closeSync(fd);
  }
}

/** Where flat element i of a C-order array of this shape sits: '[i]' in 1-D, '[r, c]' in 2-D, ... */
export function npyIndex(shape: number[], i: number): string {
  if (shape.length <= 1) return `[${i}]`;
  const idx: number[] = [];
  let r = i;
  for (let a = shape.length - 1; a >= 0; a--) {
    idx.unshift(r % shape[a]);
    r = Math.floor(r / shape[a]);
  }
  return `[${idx.join(', ')}]`;
}
