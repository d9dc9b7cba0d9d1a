/**
 * Logits files read in row blocks with positioned reads (never the whole file): NumPy .npy (C order;
 * float32, float16, bfloat16 stored as uint16, float64), safetensors (one named tensor, same dtypes) and
 * llama.cpp's KL-divergence base file (`llama-perplexity --kl-divergence-base FILE --save-all-logits`).
 * @module
 */
import { type FileHandle, open } from 'node:fs/promises';
import { describeFileError, UserError } from '../errors.js';

/** Element types of the rows on disk. */
type Dtype = 'float32' | 'float16' | 'bfloat16' | 'float64' | 'kld';

/** A matrix of logits [rows, vocabulary] on disk, read a block of rows at a time. */
export interface LogitsFile {
  /** How messages name it. */
  label: string;
  kind: 'npy' | 'safetensors' | 'kld';
  dtype: Dtype;
  rows: number;
  vocabulary: number;
  /** Bytes of one row on disk. */
  rowBytes: number;
  /** Bytes of the file the rows occupy (rows · rowBytes). */
  dataBytes: number;
  /** The stored next tokens of a .kld file (one per row). */
  targets?: Int32Array;
  /** Reads rows [r0, r0 + count) into `raw` (count · rowBytes bytes) with positioned reads. */
  read(r0: number, count: number, raw: Uint8Array): Promise<void>;
  /**
   * Decodes rows r0 … r0 + count − 1, read into `raw`, into float logits (count · vocabulary); `out` is the
   * block's buffer.
   */
  decode(raw: Uint8Array, count: number, out: Float32Array | Float64Array, r0: number): void;
  /**
   * .kld only: drop (as −Infinity, probability 0) the log-probabilities at or below −16 other than the
   * row's target, as llama.cpp's kl_divergence skips them (`if (p_log_base > -16.f)`): set for the file in
   * the base (or loss) role. The stored floor min_log_prob stands for every logit below max − 16, so kept
   * it would add up to V·e⁻¹⁶ of made-up mass.
   */
  dropTail?: boolean;
  /** Whether decode yields float64 (.npy / safetensors float64), else float32. */
  float64: boolean;
  close(): Promise<void>;
}

const READ_CHUNK = 1 << 26;

async function openFile(path: string, label: string): Promise<{ fh: FileHandle; size: number }> {
  try {
    const fh = await open(path, 'r');
    const stat = await fh.stat();
    if (stat.isDirectory()) {
      await fh.close();
      throw new UserError(`${label}: is a directory, not a file`);
    }
    return { fh, size: stat.size };
  } catch (err) {
    throw describeFileError(err, label) ?? err;
  }
}

/** Reads exactly `length` bytes at `position` into `into` (at its offset 0), in chunks. */
async function readAt(fh: FileHandle, into: Uint8Array, length: number, position: number, label: string) {
  for (let done = 0; done < length; ) {
    const { bytesRead } = await fh.read(into, done, Math.min(READ_CHUNK, length - done), position + done);
    if (bytesRead === 0) throw new UserError(`${label}: the file ended early (it changed while being read?)`);
    done += bytesRead;
  }
}

async function readHead(fh: FileHandle, size: number, length: number, position = 0): Promise<Uint8Array> {
  const b = new Uint8Array(Math.max(0, Math.min(length, size - position)));
  let done = 0;
  while (done < b.length) {
    const { bytesRead } = await fh.read(b, done, b.length - done, position + done);
    if (bytesRead === 0) break;
    done += bytesRead;
  }
  return b;
}

/** float16 bits → float32 value, for all 65536 patterns (IEEE 754 binary16: 1 sign, 5 exponent, 10 fraction). */
let HALF: Float32Array | undefined;
function halfTable(): Float32Array {
  if (HALF) return HALF;
  HALF = new Float32Array(65536);
  for (let h = 0; h < 65536; h++) {
    const s = h & 0x8000 ? -1 : 1;
    const e = (h >> 10) & 0x1f;
    const f = h & 0x3ff;
    HALF[h] =
      e === 0
        ? s * f * 2 ** -24
        : e === 31
          ? f
            ? Number.NaN
            : s * Number.POSITIVE_INFINITY
          : s * (1 + f / 1024) * 2 ** (e - 15);
  }
  return HALF;
}

const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Decoder of `count · v` elements of a plain dtype from raw little-endian bytes. */
function plainDecoder(dtype: Exclude<Dtype, 'kld'>, v: number): LogitsFile['decode'] {
  return (raw, count, out) => {
    const n = count * v;
    const buf = raw.buffer;
    const at = raw.byteOffset;
    if (dtype === 'float32' || dtype === 'float64') {
      const size = dtype === 'float32' ? 4 : 8;
      if (littleEndian && at % size === 0) {
        const src = dtype === 'float32' ? new Float32Array(buf, at, n) : new Float64Array(buf, at, n);
        if (src.buffer !== out.buffer || src.byteOffset !== out.byteOffset) out.set(src);
        return;
      }
      const dv = new DataView(buf, at, n * size);
      for (let i = 0; i < n; i++)
        out[i] = size === 4 ? dv.getFloat32(4 * i, true) : dv.getFloat64(8 * i, true);
      return;
    }
    const u16 = littleEndian && at % 2 === 0 ? new Uint16Array(buf, at, n) : undefined;
    const get = (i: number) => (u16 ? u16[i] : raw[2 * i] | (raw[2 * i + 1] << 8));
    if (dtype === 'float16') {
      const t = halfTable();
      for (let i = 0; i < n; i++) out[i] = t[get(i)];
    } else {
      // bfloat16 is the top half of a float32.
      const o32 = new Uint32Array(out.buffer, out.byteOffset, n);
      for (let i = 0; i < n; i++) o32[i] = get(i) << 16;
    }
  };
}

const NPY_DTYPES: Record<string, Exclude<Dtype, 'kld'>> = {
  '<f4': 'float32',
  '<f2': 'float16',
  '<f8': 'float64',
  '<u2': 'bfloat16',
  '<V2': 'bfloat16',
  '<bfloat16': 'bfloat16',
};

const SIZES: Record<Exclude<Dtype, 'kld'>, number> = { float32: 4, float16: 2, bfloat16: 2, float64: 8 };

function matrix(
  label: string,
  kind: 'npy' | 'safetensors',
  fh: FileHandle,
  size: number,
  offset: number,
  dtype: Exclude<Dtype, 'kld'>,
  shape: number[],
): LogitsFile {
  if (shape.length < 2 || shape.some((d) => d === 0)) {
    throw new UserError(
      `${label}: expected logits of shape (positions, vocabulary); got (${shape.join(', ')})`,
    );
  }
  const v = shape[shape.length - 1];
  const rows = shape.slice(0, -1).reduce((a, b) => a * b, 1);
  const rowBytes = v * SIZES[dtype];
  const dataBytes = rows * rowBytes;
  if (size - offset < dataBytes) {
    throw new UserError(
      `${label}: truncated data: shape (${shape.join(', ')}) of ${dtype} needs ${dataBytes} bytes, the file holds ${Math.max(0, size - offset)}`,
    );
  }
  return {
    label,
    kind,
    dtype,
    rows,
    vocabulary: v,
    rowBytes,
    dataBytes,
    float64: dtype === 'float64',
    read: (r0, count, raw) => readAt(fh, raw, count * rowBytes, offset + r0 * rowBytes, label),
    decode: plainDecoder(dtype, v),
    close: () => fh.close(),
  };
}

/** An .npy file's header (format 1.0, 2.0, 3.0), then its rows on demand. */
async function openNpy(label: string, fh: FileHandle, size: number): Promise<LogitsFile> {
  const first = await readHead(fh, size, 12);
  if (first.length < 10) throw new UserError(`${label}: truncated .npy header`);
  const major = first[6];
  let start: number;
  let length: number;
  if (major === 1) {
    start = 10;
    length = first[8] | (first[9] << 8);
  } else if (major === 2 || major === 3) {
    if (first.length < 12) throw new UserError(`${label}: truncated .npy header`);
    start = 12;
    length = (first[8] | (first[9] << 8) | (first[10] << 16)) + first[11] * 2 ** 24;
  } else
    throw new UserError(
      `${label}: .npy format version ${major}.${first[7]} is not supported (1.0, 2.0 or 3.0)`,
    );
  if (length > 1 << 24) throw new UserError(`${label}: .npy header of ${length} bytes is not plausible`);
  const head = await readHead(fh, size, length, start);
  if (head.length < length) throw new UserError(`${label}: truncated .npy header`);
  const text = new TextDecoder().decode(head);
  const descr = /['"]descr['"]\s*:\s*['"]([^'"]*)['"]/.exec(text)?.[1];
  const fortran = /['"]fortran_order['"]\s*:\s*(True|False)/.exec(text)?.[1];
  const shapeText = /['"]shape['"]\s*:\s*\(([^)]*)\)/.exec(text)?.[1];
  if (descr === undefined || fortran === undefined || shapeText === undefined) {
    throw new UserError(`${label}: malformed .npy header`);
  }
  if (fortran === 'True') {
    throw new UserError(
      `${label}: Fortran-order arrays are not supported; save np.ascontiguousarray(a) instead`,
    );
  }
  const dtype = NPY_DTYPES[descr.replace(/^[|=]/, '<')];
  if (!dtype) {
    throw new UserError(
      `${label}: logits of dtype '${descr}' are not supported (float32 '<f4', float16 '<f2', float64 '<f8', bfloat16 saved as uint16 '<u2')`,
    );
  }
  const shape = shapeText
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map((s) => (/^\d+L?$/.test(s) ? Number.parseInt(s, 10) : Number.NaN));
  if (shape.some((d) => !Number.isSafeInteger(d)))
    throw new UserError(`${label}: malformed shape (${shapeText})`);
  return matrix(label, 'npy', fh, size, start + length, dtype, shape);
}

const ST_DTYPES: Record<string, Exclude<Dtype, 'kld'>> = {
  F32: 'float32',
  F16: 'float16',
  BF16: 'bfloat16',
  F64: 'float64',
};

/**
 * A safetensors file (https://huggingface.co/docs/safetensors: u64 little-endian header length, a JSON
 * header of { name: { dtype, shape, data_offsets } }, then the data): the tensor `name`, or the only one.
 */
async function openSafetensors(
  label: string,
  fh: FileHandle,
  size: number,
  name: string | undefined,
): Promise<LogitsFile> {
  const first = await readHead(fh, size, 8);
  if (first.length < 8) throw new UserError(`${label}: truncated safetensors header`);
  const n =
    new DataView(first.buffer).getUint32(0, true) + new DataView(first.buffer).getUint32(4, true) * 2 ** 32;
  if (n > 100 * 2 ** 20 || 8 + n > size)
    throw new UserError(`${label}: safetensors header of ${n} bytes does not fit the file`);
  let header: Record<string, { dtype?: unknown; shape?: unknown; data_offsets?: unknown }>;
  try {
    header = JSON.parse(new TextDecoder().decode(await readHead(fh, size, n, 8)));
  } catch {
    throw new UserError(`${label}: malformed safetensors header (not JSON)`);
  }
  if (typeof header !== 'object' || header === null)
    throw new UserError(`${label}: malformed safetensors header`);
  const names = Object.keys(header).filter((k) => k !== '__metadata__');
  const pick = name ?? (names.length === 1 ? names[0] : undefined);
  if (pick === undefined || !(pick in header) || pick === '__metadata__') {
    const list = names.slice(0, 10).join(', ') + (names.length > 10 ? ', …' : '');
    throw new UserError(
      name === undefined
        ? `${label}: holds ${names.length} tensors (${list}); name one as ${label}:NAME`
        : `${label}: no tensor '${name}' (it holds ${list})`,
    );
  }
  const t = header[pick];
  const dtype = typeof t?.dtype === 'string' ? ST_DTYPES[t.dtype] : undefined;
  if (!dtype) {
    throw new UserError(
      `${label}: tensor '${pick}' has dtype ${JSON.stringify(t?.dtype)}; F32, F16, BF16 or F64 logits are read`,
    );
  }
  const shape = t.shape;
  const offsets = t.data_offsets;
  if (
    !Array.isArray(shape) ||
    !shape.every((d) => Number.isSafeInteger(d) && d >= 0) ||
    !Array.isArray(offsets) ||
    offsets.length !== 2 ||
    !offsets.every((d) => Number.isSafeInteger(d) && d >= 0)
  ) {
    throw new UserError(`${label}: tensor '${pick}' has a malformed shape or data_offsets`);
  }
  const bytes = (shape as number[]).reduce((a, b) => a * b, 1) * SIZES[dtype];
  if (offsets[1] - offsets[0] !== bytes) {
    throw new UserError(
      `${label}: tensor '${pick}': data_offsets [${offsets}] do not hold shape [${shape}] of ${dtype}`,
    );
  }
  return matrix(`${label}:${pick}`, 'safetensors', fh, size, 8 + n + offsets[0], dtype, shape as number[]);
}

/**
 * llama.cpp's KL-divergence base file, as `llama-perplexity --kl-divergence-base FILE --save-all-logits`
 * writes it and `--kl-divergence` reads it (ggml-org/llama.cpp tools/perplexity/perplexity.cpp at commit
 * 050fc7f32de16858ac667d775b43a51ed8976e6f: perplexity() writes, kl_divergence() reads, log_softmax() packs):
 *   "_logits_" (8 bytes), n_ctx (int32), n_vocab (int32), n_chunk (int32), the n_chunk·n_ctx tokens (int32),
 *   then for each chunk the n_ctx − 1 − n_ctx/2 evaluated positions (first = n_ctx/2 ... n_ctx − 2), each
 *   nv = 2·⌈n_vocab/2⌉ + 4 uint16: a float32 scale, a float32 min_log_prob, and n_vocab uint16 q (padded to
 *   even). Position j of chunk c predicts token tokens[c·n_ctx + j + 1]. A log-probability decodes as
 *   scale·q + min_log_prob in float32 (as kl_divergence's log_softmax: `scale*base_log_prob[i] +
 *   min_log_prob`, product rounded to float, then the sum). All little-endian (the writer's machine).
 */
async function openKld(label: string, fh: FileHandle, size: number): Promise<LogitsFile> {
  const head = await readHead(fh, size, 20);
  if (head.length < 20 || new TextDecoder().decode(head.subarray(0, 8)) !== '_logits_') {
    throw new UserError(`${label}: not a llama.cpp KL-divergence base file (no '_logits_' magic)`);
  }
  const dv = new DataView(head.buffer);
  const nCtx = dv.getInt32(8, true);
  const v = dv.getInt32(12, true);
  const nChunk = dv.getInt32(16, true);
  if (nCtx < 2 || v < 1 || nChunk < 1) {
    throw new UserError(`${label}: KL-divergence file with n_ctx ${nCtx}, n_vocab ${v}, n_chunk ${nChunk}`);
  }
  const first = Math.floor(nCtx / 2);
  const perChunk = nCtx - 1 - first;
  const nv = 2 * Math.floor((v + 1) / 2) + 4;
  const tokensAt = 20;
  const tokenBytes = 4 * nCtx * nChunk;
  const dataAt = tokensAt + tokenBytes;
  const rows = perChunk * nChunk;
  const rowBytes = 2 * nv;
  const dataBytes = rows * rowBytes;
  if (size !== dataAt + dataBytes) {
    throw new UserError(
      `${label}: a KL-divergence file of n_ctx ${nCtx}, n_vocab ${v}, n_chunk ${nChunk} holds ${dataAt + dataBytes} bytes; this one has ${size}`,
    );
  }
  if (perChunk === 0) throw new UserError(`${label}: n_ctx ${nCtx} leaves no evaluated positions`);
  const raw = new Uint8Array(tokenBytes);
  await readAt(fh, raw, tokenBytes, tokensAt, label);
  const tokens = new Int32Array(raw.buffer, 0, nCtx * nChunk);
  const targets = new Int32Array(rows);
  for (let c = 0; c < nChunk; c++) {
    for (let j = 0; j < perChunk; j++) {
      const t = tokens[c * nCtx + first + j + 1];
      if (t < 0 || t >= v)
        throw new UserError(
          `${label}: token ${t} at ${c * nCtx + first + j + 1} is outside the vocabulary of ${v}`,
        );
      targets[c * perChunk + j] = t;
    }
  }
  const file: LogitsFile = {
    label,
    kind: 'kld',
    dtype: 'kld',
    rows,
    vocabulary: v,
    rowBytes,
    dataBytes,
    targets,
    float64: false,
    read: (r0, count, into) => readAt(fh, into, count * rowBytes, dataAt + r0 * rowBytes, label),
    decode: (bytes, count, out, r0) =>
      decodeKld(bytes, count, v, nv, out, file.dropTail ? targets.subarray(r0, r0 + count) : undefined),
    close: () => fh.close(),
  };
  return file;
}

/** The rows' log-probabilities, decoded exactly as llama.cpp's kl_divergence (float32 arithmetic). */
function decodeKld(
  bytes: Uint8Array,
  count: number,
  v: number,
  nv: number,
  out: Float32Array | Float64Array,
  keep?: Int32Array,
): void {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, count * nv * 2);
  const u16 =
    littleEndian && bytes.byteOffset % 2 === 0
      ? new Uint16Array(bytes.buffer, bytes.byteOffset, count * nv)
      : undefined;
  for (let r = 0; r < count; r++) {
    const at = r * nv * 2;
    const scale = dv.getFloat32(at, true);
    const min = dv.getFloat32(at + 4, true);
    const o = r * v;
    const q0 = r * nv + 4;
    // fround(scale·q) is the float product (exact in double, then rounded); + min in double rounds once more to
    // float on the store (float32 out) — correctly rounded float addition, as C's float expression.
    if (u16) for (let i = 0; i < v; i++) out[o + i] = Math.fround(scale * u16[q0 + i]) + min;
    else
      for (let i = 0; i < v; i++) out[o + i] = Math.fround(scale * dv.getUint16(at + 8 + 2 * i, true)) + min;
    if (keep) {
      const t = keep[r];
      for (let i = 0; i < v; i++) if (out[o + i] <= -16 && i !== t) out[o + i] = Number.NEGATIVE_INFINITY;
    }
  }
}

/**
 * Opens a logits file for streaming: `.kld` (or any file starting with '_logits_'), `.safetensors` (a
 * tensor named by a `:NAME` suffix, or the only one), else `.npy`.
 */
export async function openLogitsFile(spec: string): Promise<LogitsFile> {
  let path = spec;
  let name: string | undefined;
  const m = /^(.*\.safetensors):([^/\\]+)$/.exec(spec);
  if (m) {
    path = m[1];
    name = m[2];
  }
  const { fh, size } = await openFile(path, path);
  try {
    const magic = await readHead(fh, size, 8);
    if (magic.length === 0) throw new UserError(`${path}: empty file`);
    const text = new TextDecoder().decode(magic);
    if (text === '_logits_') return await openKld(path, fh, size);
    if (magic[0] === 0x93 && text.slice(1, 6) === 'NUMPY') return await openNpy(path, fh, size);
    if (/\.safetensors$/i.test(path)) return await openSafetensors(path, fh, size, name);
    throw new UserError(`${path}: not an .npy, safetensors or llama.cpp KL-divergence file`);
  } catch (err) {
    await fh.close();
    throw err;
  }
}
