/**
 * Writers of the streamed logits formats for the tests: .npy (float32, float16, bfloat16 as uint16, float64),
 * safetensors, and llama.cpp's KL-divergence base file, following the writing code of
 * ggml-org/llama.cpp tools/perplexity/perplexity.cpp at commit 050fc7f32de16858ac667d775b43a51ed8976e6f
 * (perplexity(): the header and tokens; log_softmax(n_vocab, logits, log_prob, tok): each row's packing).
 */
import { writeFileSync } from 'node:fs';

/** float32 → float16 bits, round to nearest even (IEEE 754 binary16), via float64 arithmetic. */
export function toHalf(x: number): number {
  if (Number.isNaN(x)) return 0x7e00;
  const s = x < 0 || Object.is(x, -0) ? 0x8000 : 0;
  const a = Math.abs(x);
  if (a >= 65520) return s | 0x7c00;
  if (a < 2 ** -24 * 0.5) return s;
  let e = Math.floor(Math.log2(a));
  if (2 ** e > a) e--;
  if (e < -14) {
    // Subnormal: multiples of 2^-24, ties to even.
    const q = a / 2 ** -24;
    let m = Math.round(q);
    if (Math.abs(q - Math.trunc(q) - 0.5) < 1e-300 && m % 2 === 1) m--;
    return s | m;
  }
  const q = (a / 2 ** e - 1) * 1024;
  let m = Math.round(q);
  if (q - Math.trunc(q) === 0.5 && m % 2 === 1) m--;
  let ee = e + 15;
  if (m === 1024) {
    m = 0;
    ee++;
  }
  if (ee >= 31) return s | 0x7c00;
  return s | (ee << 10) | m;
}

/** float32 → bfloat16 bits (round to nearest even on the upper half of the float32 bits). */
export function toBfloat16(x: number): number {
  const u = new Uint32Array(new Float32Array([x]).buffer)[0];
  const lsb = (u >> 16) & 1;
  return ((u + 0x7fff + lsb) >>> 16) & 0xffff;
}

function npyHeader(descr: string, shape: number[]): Buffer {
  const dict = `{'descr': '${descr}', 'fortran_order': False, 'shape': (${shape.join(', ')}${shape.length === 1 ? ',' : ''}), }`;
  let len = 10 + dict.length + 1;
  const pad = (64 - (len % 64)) % 64;
  len += pad;
  const h = Buffer.alloc(len);
  h.write('\x93NUMPY', 0, 'latin1');
  h[6] = 1;
  h[7] = 0;
  h.writeUInt16LE(len - 10, 8);
  h.write(dict + ' '.repeat(pad), 10, 'latin1');
  h[len - 1] = 0x0a;
  return h;
}

/** Writes logits [n, v] as .npy of dtype 'f4' | 'f2' | 'bf16' (uint16 '<u2') | 'f8'. */
export function writeNpyLogits(
  path: string,
  x: Float32Array | Float64Array,
  shape: number[],
  dtype: 'f4' | 'f2' | 'bf16' | 'f8',
): void {
  const descr = { f4: '<f4', f2: '<f2', bf16: '<u2', f8: '<f8' }[dtype];
  writeFileSync(path, Buffer.concat([npyHeader(descr, shape), encode(x, dtype)]));
}

function encode(x: Float32Array | Float64Array, dtype: 'f4' | 'f2' | 'bf16' | 'f8'): Buffer {
  if (dtype === 'f4') return Buffer.from(Float32Array.from(x).buffer);
  if (dtype === 'f8') return Buffer.from(Float64Array.from(x).buffer);
  const u = new Uint16Array(x.length);
  for (let i = 0; i < x.length; i++) u[i] = dtype === 'f2' ? toHalf(x[i]) : toBfloat16(x[i]);
  return Buffer.from(u.buffer);
}

/** The values the reader must decode from what {@link writeNpyLogits} wrote (float32 for f2 / bf16). */
export function roundTrip(
  x: Float32Array | Float64Array,
  dtype: 'f4' | 'f2' | 'bf16' | 'f8',
): Float32Array | Float64Array {
  if (dtype === 'f8') return Float64Array.from(x);
  if (dtype === 'f4') return Float32Array.from(x);
  const out = new Float32Array(x.length);
  const u32 = new Uint32Array(out.buffer);
  for (let i = 0; i < x.length; i++) {
    if (dtype === 'bf16') u32[i] = toBfloat16(x[i]) << 16;
    else {
      const h = toHalf(x[i]);
      const e = (h >> 10) & 0x1f;
      const f = h & 0x3ff;
      const s = h & 0x8000 ? -1 : 1;
      out[i] = e === 0 ? s * f * 2 ** -24 : s * (1 + f / 1024) * 2 ** (e - 15);
    }
  }
  return out;
}

/** Writes tensors to a safetensors file (dtype F32 / F16 / BF16 / F64). */
export function writeSafetensors(
  path: string,
  tensors: Record<
    string,
    { x: Float32Array | Float64Array; shape: number[]; dtype: 'f4' | 'f2' | 'bf16' | 'f8' }
  >,
): void {
  const header: Record<string, unknown> = { __metadata__: { format: 'pt' } };
  const parts: Buffer[] = [];
  let at = 0;
  for (const [name, t] of Object.entries(tensors)) {
    const b = encode(t.x, t.dtype);
    header[name] = {
      dtype: { f4: 'F32', f2: 'F16', bf16: 'BF16', f8: 'F64' }[t.dtype],
      shape: t.shape,
      data_offsets: [at, at + b.length],
    };
    parts.push(b);
    at += b.length;
  }
  let json = JSON.stringify(header);
  json += ' '.repeat((8 - (json.length % 8)) % 8);
  const len = Buffer.alloc(8);
  len.writeBigUInt64LE(BigInt(json.length));
  writeFileSync(path, Buffer.concat([len, Buffer.from(json, 'latin1'), ...parts]));
}

const f = Math.fround;

/** llama.cpp's nearest_int: adds 1.5·2²³ in float32 and takes the low mantissa bits (round half to even). */
const NI_F = new Float32Array(1);
const NI_I = new Int32Array(NI_F.buffer);
function nearestInt(x: number): number {
  NI_F[0] = x + 12582912;
  return (NI_I[0] & 0x007fffff) - 0x00400000;
}

/**
 * One row packed as llama.cpp's log_softmax(n_vocab, logits, log_prob, tok) packs it, in float32 arithmetic
 * (expf by Math.exp rounded to float, the sum in double, log_sum_exp rounded to float): [scale, min_log_prob]
 * as two float32 in the first four uint16, then the n_vocab uint16.
 */
function packRow(logits: Float32Array, out: Uint16Array): void {
  const v = logits.length;
  let max = logits[0];
  let min = logits[0];
  for (let i = 1; i < v; i++) {
    max = Math.max(max, logits[i]);
    min = Math.min(min, logits[i]);
  }
  min = Math.max(min, f(max - 16));
  let sum = 0;
  for (let i = 0; i < v; i++) sum += f(Math.exp(f(logits[i] - max)));
  const lse = f(Math.log(sum));
  const minLogProb = f(f(min - max) - lse);
  const scale = f(f(max - min) / 65535);
  const d = new Float32Array(out.buffer, out.byteOffset, 2);
  d[0] = scale;
  d[1] = minLogProb;
  if (scale) {
    const inv = f(1 / scale);
    for (let i = 0; i < v; i++)
      out[4 + i] = logits[i] > min ? nearestInt(f(inv * f(logits[i] - min))) & 0xffff : 0;
  } else out.fill(0, 4, 4 + v);
}

/**
 * Writes a KL-divergence base file for n_chunk chunks of n_ctx tokens and logits [n_chunk·n_ctx, v] (each
 * chunk's n_ctx rows; rows first … n_ctx − 2 of each chunk are packed, first = n_ctx/2), as
 * `llama-perplexity --kl-divergence-base FILE` does. Returns the logits rows stored, [rows, v], and the
 * targets of those rows.
 */
export function writeKld(
  path: string,
  nCtx: number,
  v: number,
  tokens: Int32Array,
  logits: Float32Array,
): { rows: Float32Array; targets: Int32Array } {
  const nChunk = tokens.length / nCtx;
  const first = Math.floor(nCtx / 2);
  const per = nCtx - 1 - first;
  const nv = 2 * Math.floor((v + 1) / 2) + 4;
  const head = Buffer.alloc(20);
  head.write('_logits_', 0, 'latin1');
  head.writeInt32LE(nCtx, 8);
  head.writeInt32LE(v, 12);
  head.writeInt32LE(nChunk, 16);
  const packed = new Uint16Array(nChunk * per * nv);
  const rows = new Float32Array(nChunk * per * v);
  const targets = new Int32Array(nChunk * per);
  for (let c = 0; c < nChunk; c++) {
    for (let j = 0; j < per; j++) {
      const r = c * per + j;
      const src = logits.subarray((c * nCtx + first + j) * v, (c * nCtx + first + j + 1) * v);
      rows.set(src, r * v);
      targets[r] = tokens[c * nCtx + first + j + 1];
      packRow(src, packed.subarray(r * nv, (r + 1) * nv));
    }
  }
  writeFileSync(
    path,
    Buffer.concat([
      head,
      Buffer.from(tokens.buffer, tokens.byteOffset, tokens.byteLength),
      Buffer.from(packed.buffer),
    ]),
  );
  return { rows, targets };
}

/**
 * The log-probabilities a reader must decode from a packed file: scale·q + min in float32, per row; with
 * `targets`, values ≤ −16 other than the row's target become −Infinity (the base role: llama.cpp skips them).
 */
export function decodeKld(path: Buffer, v: number, targets?: Int32Array): Float32Array {
  const nCtx = path.readInt32LE(8);
  const nChunk = path.readInt32LE(16);
  const first = Math.floor(nCtx / 2);
  const per = nCtx - 1 - first;
  const nv = 2 * Math.floor((v + 1) / 2) + 4;
  const at = 20 + 4 * nCtx * nChunk;
  const out = new Float32Array(nChunk * per * v);
  for (let r = 0; r < nChunk * per; r++) {
    const o = at + r * nv * 2;
    const scale = path.readFloatLE(o);
    const min = path.readFloatLE(o + 4);
    for (let i = 0; i < v; i++) {
      const x = f(f(scale * path.readUInt16LE(o + 8 + 2 * i)) + min);
      out[r * v + i] = targets && x <= -16 && i !== targets[r] ? Number.NEGATIVE_INFINITY : x;
    }
  }
  return out;
}

/**
 * llama.cpp's per-position KL(base‖Q) of kl_divergence's log_softmax (float32 where it is float): Σ over
 * base log-probabilities p > −16 of expf(p)·(p − log q), log q from Q's logits with a float log-sum-exp.
 */
export function llamaKl(baseLogProbs: Float32Array, logits: Float32Array, v: number): Float64Array {
  const n = logits.length / v;
  const out = new Float64Array(n);
  for (let r = 0; r < n; r++) {
    let max = logits[r * v];
    for (let i = 1; i < v; i++) max = Math.max(max, logits[r * v + i]);
    let sumExp = 0;
    for (let i = 0; i < v; i++) sumExp += f(Math.exp(f(logits[r * v + i] - max)));
    const m = f(max + f(Math.log(sumExp)));
    let sum = 0;
    for (let i = 0; i < v; i++) {
      const p = baseLogProbs[r * v + i];
      if (p > -16) sum += f(Math.exp(p)) * f(p - logits[r * v + i] + m);
    }
    out[r] = sum;
  }
  return out;
}
