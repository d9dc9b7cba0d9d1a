/**
 * Fuzz of the `surprisal` command (issue #13): every command with malformed files — broken CSV quoting,
 * binary data, empty files, ragged rows, odd numbers, junk JSON, .npy files with bad headers, wrong dtypes,
 * truncated data and huge declared shapes — and malformed flags (unknown, missing their value, 'abc', 'NaN',
 * '-1', '1e308', '1e12', '0', '1.5', ''). Every run must end by itself (killed with its process group after
 * 20 s) with exit 0, or exit 1 and exactly one line on stderr starting 'error: '; never exit 2 (an internal
 * error is a bug: a TypeError or RangeError that escaped the library or the command), never a stack trace.
 *
 * A fixed table of crafted cases (with the message each must give), then commands × mutations drawn by
 * fast-check with a fixed seed. Each spawn costs ~0.3 s of CPU: about 115 runs, two at a time.
 * FUZZ_VERBOSE=1 prints every command line with the first line of its stderr; FUZZ_RUNS / FUZZ_SEED widen
 * the random part for a longer hunt by hand. A bug found outside the command (in the library) goes here as an
 * `it.fails` reproducer until it is fixed.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { xorshift32 } from '../helpers/random.js';
import { type AsyncRun, LOGITS, npy, pool, surprisalAsync, writeFixtures } from './helpers.js';

/** Each run's limit: a command that takes longer hangs (the slowest valid run here takes well under 2 s). */
const RUN_TIMEOUT_MS = 20000;
const PARALLEL = 2;

/** An .npy file with any header text and data bytes (format 1.0, or 2.0). */
function rawNpy(header: string, data: Buffer = Buffer.alloc(64), version: 1 | 2 = 1): Buffer {
  const h = Buffer.from(`${header}\n`, 'latin1');
  const pre = Buffer.alloc(version === 1 ? 10 : 12);
  pre.write('\x93NUMPY', 0, 'latin1');
  pre[6] = version;
  if (version === 1) pre.writeUInt16LE(h.length, 8);
  else pre.writeUInt32LE(h.length, 8);
  return Buffer.concat([pre, h, data]);
}

const f8 = (shape: string) => `{'descr': '<f8', 'fortran_order': False, 'shape': ${shape}, }`;

/** Bytes 1..255 from a fixed seed: binary without a NUL byte. */
function noise(n: number): Buffer {
  const next = xorshift32(13);
  return Buffer.from(Array.from({ length: n }, () => 1 + Math.floor(next() * 255)));
}

/** The crafted files, beside the fixtures of helpers.ts (p.csv, logits.npy, empty.csv, ragged.csv, ...). */
/** 10⁵ probabilities of 1e-5 with one entry set to v. */
function longWith(at: number, v: number): Float64Array {
  const a = new Float64Array(100000).fill(1e-5);
  a[at] = v;
  return a;
}

const CRAFTED: Record<string, string | Buffer> = {
  // CSV / TSV that csv-parse refuses.
  'unclosed.csv': 'p\n0.5\n"0.25\n0.25\n',
  'unclosed.tsv': 'p\tq\n0.5\t0.5\n"0.5\t0.5\n',
  'opening.csv': 'p\n0.5\n0.2"5\n',
  'closing.csv': 'p,q\n0.5,"0.5"x\n0.5,0.5\n',
  // Not text.
  'nul.csv': Buffer.from('p\n0.5\n\0\0\0\n'),
  'noise.csv': noise(2000),
  'npy.csv': npy(Float64Array.of(0.5, 0.5), [2]),
  'utf16.csv': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('p\n0.5\n0.5\n', 'utf16le')]),
  'nul.json': Buffer.from('[0.5, \0\0]'),
  // Valid: a byte-order mark and CRLF line ends.
  'bom-crlf.csv': '\uFEFFp\r\n0.5\r\n0.5\r\n',
  // Numbers that are not.
  'inf.csv': 'p\n1e999\n0.5\n',
  'hex.csv': 'p\n0x10\n0.5\n',
  'space.csv': 'p,q\n0.5, \n0.5,0.5\n',
  // JSON.
  'strings.json': '["a", 0.5]',
  'nulls.json': '[0.5, null, 0.5]',
  'nested.json': '[[0.5, [0.5]]]',
  'junk.json': '{"a": {"b": [1, {"c": null}]}, "d": "x"}',
  'cut.json': '[0.5, 0.25',
  'multiline.json': '[\n0.5,\n\n  oops\n]\n',
  'empty.json': '',
  'object.json': '{}',
  'array.json': '[]',
  'null.json': 'null',
  'huge.json': '[1e999, 0.5]',
  'columns.json': '{"p": [0.5, 0.5], "q": [1]}',
  'portfolio.json': '{"weights": [0.5, 0.5], "mean": [0, 0], "covariance": [[1, 0], [0, 1]]}',
  // .npy.
  'u1.npy': npy(Int32Array.of(1, 2, 3), [3], { descr: '|u1' }),
  'c16.npy': npy(new Float64Array(24), [4, 3], { descr: '<c16' }),
  'zero.npy': '',
  'magic-only.npy': Buffer.from('\x93NUMPY', 'latin1'),
  'header-cut.npy': npy(Float64Array.of(0.5, 0.5), [2]).subarray(0, 30),
  'huge.npy': rawNpy(f8('(1099511627776,)')),
  'huge2.npy': rawNpy(`{'descr': '<f4', 'fortran_order': False, 'shape': (1099511627776, 1099511627776), }`),
  'huge-v2.npy': rawNpy(f8('(1099511627776,)'), Buffer.alloc(64), 2),
  // Long vectors (the kernels' path, klDivergence's two passes): one bad entry past the first blocks.
  'long-neg.npy': npy(longWith(70001, -1e-9), [100000]),
  'long-nan.npy': npy(longWith(99999, Number.NaN), [100000]),
  'long-q.npy': npy(longWith(0, 1e-5), [100000]),
  'badshape.npy': rawNpy(f8('(-3,)')),
  'floatshape.npy': rawNpy(f8('(3.5,)')),
  'noshape.npy': rawNpy("{'descr': '<f8'}"),
  'version9.npy': Buffer.concat([Buffer.from('\x93NUMPY\x09\x00\x02\x00{}', 'latin1')]),
  'scalar.npy': rawNpy(f8('()'), Buffer.from(Float64Array.of(0.5).buffer)),
  'cube.npy': npy(new Float32Array(8), [2, 2, 2]),
  'empty-rows.npy': npy(new Float32Array(0), [0, 3]),
  'int-logits.npy': npy(Int32Array.from(LOGITS), [4, 3]),
  'float-targets.npy': npy(Float32Array.of(0.5, 2, 1, 0), [4]),
  'inf-logits.npy': npy(
    Float32Array.from(LOGITS, (v, i) => (i === 5 ? Number.POSITIVE_INFINITY : v)),
    [4, 3],
  ),
  // Streamed inputs: llama.cpp KL-divergence files and safetensors.
  'bad.kld': Buffer.concat([Buffer.from('_logits_'), Buffer.from(Int32Array.of(0, 3, 1).buffer)]),
  'short.kld': Buffer.concat([
    Buffer.from('_logits_'),
    Buffer.from(Int32Array.of(4, 3, 1, 0, 1, 2, 0).buffer),
  ]),
  'bad.safetensors': Buffer.concat([Buffer.from(BigUint64Array.of(4n).buffer), Buffer.from('{"a"')]),
};

interface Case {
  args: string[];
  /** Standard input (for '-'). */
  input?: string | Buffer;
  /** Expected exit code; undefined: 0 or 1. */
  code?: 0 | 1;
  /** What the error line must say. */
  message?: RegExp;
}

/** Crafted cases: each one a user error naming the file (and the row where there is one), or valid. */
const TABLE: Case[] = [
  // Quoting, through each reader: tables, columns, stdin, TSV.
  {
    args: ['measure', 'entropy', 'unclosed.csv'],
    message: /^error: unclosed\.csv: row 3: a quoted value opened here is never closed/,
  },
  { args: ['estimate', 'entropy', 'unclosed.csv'], message: /^error: unclosed\.csv: row 3: a quoted value/ },
  { args: ['psis', 'unclosed.csv'], message: /^error: unclosed\.csv: row 3: a quoted value/ },
  {
    args: ['measure', 'entropy', '-'],
    input: CRAFTED['unclosed.csv'],
    message: /^error: <stdin>: row 3: a quoted value/,
  },
  { args: ['measure', 'kl', 'unclosed.tsv'], message: /^error: unclosed\.tsv: row 3: a quoted value/ },
  {
    args: ['measure', 'entropy', 'opening.csv'],
    message: /^error: opening\.csv: row 3, column 1: a quote \("\) inside an unquoted value/,
  },
  {
    args: ['measure', 'kl', 'closing.csv'],
    message: /^error: closing\.csv: row 2, column 2: text after the closing quote/,
  },
  // Not text, not a file, no data.
  { args: ['measure', 'entropy', 'nul.csv'], message: /^error: nul\.csv: binary data, not CSV text$/ },
  { args: ['estimate', 'entropy', 'noise.csv'], message: /^error: noise\.csv: binary data, not CSV text$/ },
  { args: ['psis', 'npy.csv'], message: /^error: npy\.csv: an \.npy file, not CSV text/ },
  { args: ['measure', 'entropy', 'utf16.csv'], message: /^error: utf16\.csv: UTF-16 text/ },
  { args: ['measure', 'entropy', 'nul.json'], message: /^error: nul\.json: binary data, not JSON text$/ },
  { args: ['measure', 'entropy', 'folder'], message: /^error: folder: is a directory/ },
  { args: ['loss', 'folder', 'targets.npy'], message: /^error: folder: is a directory/ },
  { args: ['measure', 'entropy', 'empty.csv'], message: /^error: empty\.csv: no data/ },
  {
    args: ['compare-logits', 'logits.npy', 'other.npy', '--targets='],
    message: /^error: an empty file name/,
  },
  { args: ['measure', 'entropy', 'header-only.csv'], message: /^error: header-only\.csv: no data/ },
  { args: ['measure', 'kl', 'ragged.csv'], message: /^error: ragged\.csv: row 3/ },
  { args: ['profile', 'empty.csv'], message: /^error: empty\.csv has no rows to profile/ },
  { args: ['profile', 'ragged.csv'], message: /^error: Invalid Input Error: .*ragged\.csv/ },
  {
    args: ['profile', 'p.csv', '--engine', 'clickhouse'],
    message: /^error: --engine clickhouse needs --table/,
  },
  {
    args: ['profile', 'p.csv', '--engine', 'clickhouse', '--table', 't', '--temp-directory', '/tmp'],
    message: /^error: --memory and --temp-directory are settings of DuckDB/,
  },
  {
    args: ['profile', 'p.csv', '--temp-directory'],
    message: /^error: option '--temp-directory <dir>' argument missing/,
  },
  { args: ['profile', 'p.csv', '--bins', '1e12'], message: /^error: bins must be an integer in \[2, 1000\]/ },
  // A byte-order mark and CRLF are fine.
  { args: ['measure', 'entropy', 'bom-crlf.csv', '--json'], code: 0 },
  // Numbers.
  { args: ['measure', 'entropy', 'inf.csv'], message: /^error: inf\.csv: row 2: .*Infinity/ },
  { args: ['measure', 'entropy', 'hex.csv'], message: /^error: hex\.csv: row 2: "0x10" is not a number$/ },
  { args: ['measure', 'kl', 'space.csv'], message: /^error: space\.csv: row 2, column 2: empty value/ },
  { args: ['measure', 'kl', 'blank.csv'], message: /^error: blank\.csv: row 3, column 2: empty value/ },
  {
    args: ['estimate', 'entropy', 'nan.csv', '--column', 'x', '--continuous'],
    message: /^error: nan\.csv: column 'x' has 1 missing value \(NaN\), at row 4;/,
  },
  {
    args: ['estimate', 'entropy', 'nan.csv', '--column', 'x', '--drop-missing', '--discrete', 'x', '--json'],
    code: 0,
  },
  {
    args: ['estimate', 'entropy', 'data.csv', '--column', 'x', '--discrete', 'nope'],
    message: /^error: --discrete names 'nope'/,
  },
  {
    args: ['estimate', 'entropy', 'data.csv', '--column', 'colour', '--continuous', 'colour'],
    message: /^error: column 'colour' holds text/,
  },
  { args: ['rank', 'data.csv'], message: /^error: rank needs --target/ },
  { args: ['rank', 'data.csv', '--target', 'nope'], message: /^error: data\.csv: no column 'nope'/ },
  { args: ['rank', 'nan.csv', '--target', 'x'], message: /^error: nan\.csv: column 'x' has 1 missing value/ },
  { args: ['rank', 'data.csv', '--target', 'colour', '--ties', 'jitter'], message: /^error: --ties must be/ },
  { args: ['rank', 'empty.csv', '--target', 'x'], message: /^error: empty\.csv: no data/ },
  { args: ['rank', 'p.npy', '--target', 'x'], message: /^error: p\.npy: rank reads a table/ },
  { args: ['rank', 'data.csv', '--target', 'colour', '--json', '--resamples', '0'], code: 0 },
  // JSON.
  {
    args: ['measure', 'entropy', 'strings.json'],
    message: /^error: strings\.json: \[0\]: "a" is not a number$/,
  },
  { args: ['measure', 'entropy', 'nulls.json'], message: /^error: nulls\.json: \[1\]: null;/ },
  { args: ['estimate', 'entropy', 'nested.json'], message: /^error: nested\.json: \[0\]: nested deeper/ },
  { args: ['measure', 'entropy', 'junk.json'], message: /^error: junk\.json: expected a JSON array/ },
  { args: ['psis', 'cut.json'], message: /^error: cut\.json: invalid JSON: / },
  { args: ['measure', 'entropy', 'multiline.json'], message: /^error: multiline\.json: invalid JSON: / },
  { args: ['measure', 'entropy', 'empty.json'], message: /^error: empty\.json: empty file$/ },
  { args: ['measure', 'entropy', 'array.json'], message: /^error: array\.json: empty array$/ },
  { args: ['measure', 'entropy', 'null.json'], message: /^error: null\.json: expected a JSON array/ },
  { args: ['measure', 'entropy', 'huge.json'], message: /^error: huge\.json: \[0\]: .*Infinity/ },
  { args: ['measure', 'kl', 'columns.json'], message: /^error: columns\.json: column 'q' has 1 values/ },
  {
    args: ['tail', '--dist', 'portfolio', '--portfolio', 'p.csv', '--samples', '1000'],
    message: /^error: p\.csv: invalid JSON: /,
  },
  { args: ['tail', '--dist', 'portfolio', '--portfolio', 'junk.json'], message: /^error: junk\.json: / },
  { args: ['tail', '--dist', 'portfolio', '--portfolio', 'portfolio.json', '--samples', '1000'], code: 0 },
  // Sizes that cannot be allocated: refused up front (issue #13, item 5; RangeErrors of the library before).
  { args: ['tail', '--samples', '1e12'], code: 1 },
  { args: ['tail', '--method', 'ce', '--samples', '1000', '--level-samples', '1e12'], code: 1 },
  {
    args: ['estimate', 'entropy', 'data.csv', '--column', 'x', '--continuous', '--resamples', '1e12'],
    code: 1,
  },
  { args: ['estimate', 'mi', 'data.csv', '--column', 'x', '--column2', 'y', '--resamples', '1e12'], code: 1 },
  { args: ['estimate', 'kl', 'data.csv', '--column', 'x', '--column2', 'y', '--resamples', '1e12'], code: 1 },
  { args: ['estimate', 'entropy', 'data.csv', '--column', 'colour', '--alphabet-size', '1e12'] },
  // .npy: dtypes, order, truncation, headers, huge declared shapes (refused before allocating), dimensions.
  { args: ['measure', 'entropy', 'u1.npy'], message: /^error: u1\.npy: dtype '\|u1' is not supported/ },
  { args: ['loss', 'c16.npy', 'targets.npy'], message: /^error: c16\.npy: dtype '<c16' is not supported/ },
  { args: ['psis', 'bigendian.npy'], message: /^error: bigendian\.npy: .*big-endian/ },
  { args: ['loss', 'fortran.npy', 'targets.npy'], message: /^error: fortran\.npy: Fortran-order/ },
  {
    args: ['compare-logits', 'logits.npy', 'truncated.npy'],
    message: /^error: truncated\.npy: truncated \.npy data/,
  },
  {
    args: ['measure', 'entropy', 'header-cut.npy'],
    message: /^error: header-cut\.npy: truncated \.npy header$/,
  },
  {
    args: ['estimate', 'entropy', 'magic-only.npy'],
    message: /^error: magic-only\.npy: truncated \.npy header$/,
  },
  { args: ['measure', 'entropy', 'zero.npy'], message: /^error: zero\.npy: empty file/ },
  { args: ['measure', 'entropy', 'huge.npy'], message: /^error: huge\.npy: .*\(1099511627776\)/ },
  { args: ['loss', 'logits.npy', 'huge.npy'], message: /^error: huge\.npy: .*\(1099511627776\)/ },
  { args: ['psis', 'huge-v2.npy'], message: /^error: huge-v2\.npy: .*\(1099511627776\)/ },
  {
    args: ['psis', '-', '--format', 'npy'],
    input: CRAFTED['huge.npy'],
    message: /^error: <stdin>: .*\(1099511627776\)/,
  },
  { args: ['measure', 'entropy', 'badshape.npy'], message: /^error: badshape\.npy: malformed shape/ },
  { args: ['measure', 'entropy', 'noshape.npy'], message: /^error: noshape\.npy: malformed \.npy header/ },
  { args: ['measure', 'entropy', 'version9.npy'], message: /^error: version9\.npy: .*version 9\.0 is not/ },
  { args: ['measure', 'entropy', 'p.csv', '--format', 'npy'], message: /^error: p\.csv: not an \.npy file/ },
  { args: ['compare-logits', 'scalar.npy', 'logits.npy'], message: /^error: scalar\.npy: / },
  { args: ['loss', 'logits.npy', 'cube.npy'], message: /^error: cube\.npy: / },
  { args: ['psis', 'empty-rows.npy'], message: /^error: empty-rows\.npy: no data/ },
  { args: ['loo', 'huge.npy'], message: /^error: huge\.npy: .*\(1099511627776\)/ },
  { args: ['loo', 'unclosed.csv'], message: /^error: unclosed\.csv: row 3: a quoted value/ },
  { args: ['loo', 'loglik.csv', '--threads', '1e9'], message: /^error: --threads must be at most 256/ },
  {
    args: ['measure', 'entropy', 'p.csv', '--threads', '0'],
    message: /^error: --threads must be an integer >= 1/,
  },
  { args: ['measure', 'kl', 'pq.tsv', '--threads', '300'], message: /^error: --threads must be at most 256/ },
  {
    args: ['measure', 'entropy', 'absent.csv', '--threads', '2'],
    message: /^error: .*absent\.csv: no such file$/,
  },
  {
    args: ['measure', 'kl', 'long-neg.npy', 'long-q.npy', '--threads', '2'],
    message: /^error: .*long-neg\.npy: \[70001\]: -1e-9 is negative; probabilities must be >= 0$/,
  },
  {
    args: ['measure', 'kl', 'long-nan.npy', 'long-q.npy', '--threads', '2'],
    message: /^error: .*long-nan\.npy: \[99999\]: value is NaN$/,
  },
  // The kernels' table-driven log (entropy, cross entropy): q checked as p is.
  {
    args: ['measure', 'entropy', 'long-nan.npy', '--threads', '2'],
    message: /^error: .*long-nan\.npy: \[99999\]: value is NaN$/,
  },
  {
    args: ['measure', 'cross-entropy', 'long-q.npy', 'long-neg.npy'],
    message: /^error: .*long-neg\.npy: \[70001\]: -1e-9 is negative; probabilities must be >= 0$/,
  },
  {
    args: ['measure', 'mi', 'joint.csv', '--threads', '2'],
    message: /^error: --threads applies to entropy, cross-entropy, kl and js, not to mi$/,
  },
  {
    args: ['loo', 'loglik.csv', '--chains', '7'],
    message: /^error: loglik\.csv: 400 draws do not split into 7 chains/,
  },
  { args: ['loss', 'int-logits.npy', 'targets.npy'], message: /^error: int-logits\.npy: / },
  {
    args: ['loss', 'logits.npy', 'float-targets.npy'],
    message: /^error: float-targets\.npy: \[0\]: 0\.5 is not a class index/,
  },
  { args: ['compare-logits', 'inf-logits.npy', 'other.npy'], message: /^error: inf-logits\.npy: / },
  {
    args: ['compare-logits', 'bad.kld', 'other.npy'],
    message: /^error: bad\.kld: KL-divergence file with n_ctx 0/,
  },
  {
    args: ['loss', 'short.kld'],
    message: /^error: short\.kld: a KL-divergence file of n_ctx 4, .* holds \d+ bytes/,
  },
  { args: ['compare-logits', 'bad.safetensors', 'other.npy'], message: /^error: bad\.safetensors: / },
  {
    args: ['compare-logits', 'logits.npy', 'other.npy', '--shard', '0/2'],
    message: /^error: --shard must be i\/n/,
  },
  {
    args: ['compare-logits', 'logits.npy', 'other.npy', '--memory', '1K'],
    message: /^error: --memory must be/,
  },
  { args: ['loss', 'logits.npy', 'targets.npy', '--shard', '3/2'], message: /^error: --shard must be i\/n/ },
  { args: ['merge', 'p.csv'], message: /^error: p\.csv: not JSON/ },
  { args: ['merge', 'portfolio.json'], message: /^error: portfolio\.json: not a surprisal state file/ },
];

/** A file argument of a template: replaced by a bad file in the mutations. */
interface Slot {
  file: string;
}
interface Template {
  args: (string | Slot)[];
  /** The flags of the command that take a value. */
  flags: string[];
}

const F = (file: string): Slot => ({ file });
const MEASURE = ['--from', '--column', '--column2', '--base', '--format'];
const MEASURE_THREADS = [...MEASURE, '--threads'];
const ESTIMATE = [
  '--column',
  '--column2',
  '--method',
  '--k',
  '--alphabet-size',
  '--resamples',
  '--ci',
  '--seed',
  '--discrete',
];
const RANK = [
  '--target',
  '--discrete',
  '--continuous',
  '--k',
  '--resamples',
  '--seed',
  '--ties',
  '--base',
  '--format',
];
const TAIL = ['--dist', '--threshold', '--method', '--samples', '--seed', '--df', '--portfolio', '--rho'];

/** Every command and subcommand, on valid inputs; the mutations break them. */
const TEMPLATES: Template[] = [
  { args: ['measure', 'entropy', F('p.csv')], flags: MEASURE },
  { args: ['measure', 'cross-entropy', F('p.csv'), F('q.csv')], flags: MEASURE_THREADS },
  { args: ['measure', 'kl', F('pq.tsv')], flags: MEASURE_THREADS },
  { args: ['measure', 'js', F('p.csv'), F('q.csv'), '--bits'], flags: MEASURE },
  { args: ['measure', 'mi', F('joint.csv')], flags: MEASURE },
  { args: ['estimate', 'entropy', F('data.csv'), '--column', 'colour'], flags: [...ESTIMATE, '--base'] },
  { args: ['estimate', 'entropy', F('data.csv'), '--column', 'x', '--continuous'], flags: ESTIMATE },
  { args: ['rank', F('data.csv'), '--target', 'colour', '--resamples', '2'], flags: RANK },
  { args: ['estimate', 'mi', F('data.csv'), '--column', 'x', '--column2', 'y'], flags: ESTIMATE },
  { args: ['estimate', 'kl', F('data.csv'), '--column', 'x', '--column2', 'y'], flags: ESTIMATE },
  {
    args: ['loss', F('logits.npy'), F('targets.npy')],
    flags: ['--label-smoothing', '--ignore-index', '--threads'],
  },
  { args: ['compare-logits', F('logits.npy'), F('other.npy')], flags: ['--targets', '--threads', '--base'] },
  {
    args: ['compare-logits', F('logits.npy'), F('other.npy'), '--targets', F('targets.npy')],
    flags: ['--threads', '--base'],
  },
  {
    args: ['compare-logits', F('logits.npy'), F('other.npy'), '--quiet', '--block-rows', '2'],
    flags: ['--targets', '--shard', '--memory', '--threads'],
  },
  {
    args: ['loss', F('logits.npy'), F('targets.npy'), '--quiet'],
    flags: ['--shard', '--memory', '--ignore-index'],
  },
  { args: ['tail', '--samples', '1000'], flags: TAIL },
  {
    args: ['tail', '--dist', 'portfolio', '--samples', '1000', '--portfolio', F('portfolio.json')],
    flags: TAIL,
  },
  { args: ['tail', '--method', 'ce', '--samples', '1000'], flags: [...TAIL, '--level-samples'] },
  { args: ['psis', F('logratios.csv')], flags: ['--column', '--r-eff', '--output', '--format'] },
  {
    args: ['loo', F('loglik.csv'), F('loglik-wide.csv')],
    flags: ['--chains', '--r-eff', '--weights', '--format'],
  },
  {
    args: ['profile', F('iris.csv'), '--target', 'Species'],
    flags: ['--bins', '--max-groups', '--columns', '--estimator', '--confidence', '--engine'],
  },
];

const BAD_VALUES = ['abc', 'NaN', '-1', '1e308', '1e12', '0', '1.5', '', 'Infinity', '0x10'];

/** Files put in place of a template's file: the crafted ones, fixtures of the wrong kind, a missing file. */
const BAD_FILES = [
  ...Object.keys(CRAFTED).filter((f) => f !== 'portfolio.json' && f !== 'bom-crlf.csv'),
  'folder',
  'no-such-file.csv',
  'truncated.npy',
  'fortran.npy',
  'nan.npy',
  'nan.csv',
  'ragged.csv',
  'empty.csv',
  'header-only.csv',
  'logits.npy',
  'targets.npy',
  'p.csv',
  'data.csv',
];

/**
 * One thing broken at a time, so that the error seen is the one under test (two broken flags would only ever
 * show commander's complaint about the first): a file replaced (or its bytes on standard input), a flag given
 * a bad value (as two arguments or as --flag=value; '--bogus' is unknown), or a flag last without its value.
 */
type Mutation =
  | { kind: 'file'; slot: number; name: string; stdin: boolean }
  | { kind: 'flag'; flag: string; value: string; joined: boolean }
  | { kind: 'missing'; flag: string };

function mutation(t: Template): fc.Arbitrary<Mutation> {
  const slots = t.args.filter((a) => typeof a !== 'string').length;
  const file = fc.record({
    kind: fc.constant('file' as const),
    slot: fc.nat({ max: Math.max(0, slots - 1) }),
    name: fc.constantFrom(...BAD_FILES),
    stdin: fc.boolean(),
  });
  const flag = fc.record({
    kind: fc.constant('flag' as const),
    flag: fc.constantFrom(...t.flags, '--bogus'),
    value: fc.constantFrom(...BAD_VALUES),
    joined: fc.boolean(),
  });
  const missing = fc.record({ kind: fc.constant('missing' as const), flag: fc.constantFrom(...t.flags) });
  return fc.oneof(
    ...(slots > 0 ? [{ arbitrary: file as fc.Arbitrary<Mutation>, weight: 3 }] : []),
    { arbitrary: flag as fc.Arbitrary<Mutation>, weight: 3 },
    { arbitrary: missing as fc.Arbitrary<Mutation>, weight: 1 },
  );
}

/** The command line and standard input of a template under a mutation. */
function build(t: Template, m: Mutation): Case {
  let slot = 0;
  let input: string | Buffer | undefined;
  const args: string[] = [];
  for (const a of t.args) {
    if (typeof a === 'string') args.push(a);
    else if (m.kind === 'file' && m.slot === slot++) {
      // Standard input can carry the bytes of a crafted file (the fixtures' bytes live on disk only).
      if (m.stdin && CRAFTED[m.name] !== undefined) {
        input = CRAFTED[m.name];
        args.push('-');
      } else args.push(m.name);
    } else args.push(a.file);
  }
  if (m.kind === 'flag') {
    if (m.joined) args.push(`${m.flag}=${m.value}`);
    else args.push(m.flag, m.value);
  } else if (m.kind === 'missing') args.push(m.flag);
  return { args, input };
}

/** What is wrong with a run, as lines for the failure message; empty when it kept the promise. */
function problems(c: Case, r: AsyncRun): string[] {
  const out: string[] = [];
  const lines = r.stderr.split('\n').filter((l) => l !== '');
  if (r.timedOut) out.push(`hung: killed after ${RUN_TIMEOUT_MS} ms`);
  if (/^\s+at /m.test(r.stderr)) out.push('a stack trace on stderr');
  if (r.code === 1) {
    if (lines.length !== 1) out.push(`${lines.length} lines on stderr, not 1`);
    if (!/^error: /.test(lines[0] ?? '')) out.push("stderr does not start with 'error: '");
    if (r.stdout !== '') out.push('output on stdout besides the error');
  } else if (r.code === 0) {
    const other = lines.filter((l) => !l.startsWith('note: ') && !l.startsWith('warning: '));
    if (other.length > 0) out.push('exit 0 with something other than a note or warning on stderr');
    if (c.args.includes('--json')) {
      try {
        JSON.parse(r.stdout);
      } catch {
        out.push('--json did not print one JSON document');
      }
    }
  } else if (!r.timedOut) out.push(`exit ${r.code ?? r.signal}${r.code === 2 ? ' (internal error)' : ''}`);
  if (c.code !== undefined && r.code !== c.code) out.push(`exit ${r.code}, expected ${c.code}`);
  if (c.message && !c.message.test(lines[0] ?? '')) out.push(`the message does not match ${c.message}`);
  if (out.length === 0) return [];
  const line = `surprisal ${c.args.map((a) => (/^[\w./=-]+$/.test(a) ? a : JSON.stringify(a))).join(' ')}`;
  const stdin = c.input === undefined ? '' : ' (with standard input)';
  return [`${line}${stdin}: ${out.join('; ')}\n    stderr: ${r.stderr.slice(0, 400).trimEnd()}`];
}

let dir: string;

/** Runs the cases two at a time; every problem found, one entry per case. */
async function fuzz(cases: Case[]): Promise<string[]> {
  const runs = await pool(cases, PARALLEL, (c) =>
    surprisalAsync(c.args, { cwd: dir, input: c.input, timeoutMs: RUN_TIMEOUT_MS }),
  );
  if (process.env.FUZZ_VERBOSE) {
    cases.forEach((c, i) => {
      const first = runs[i].stderr.split('\n')[0];
      console.log(
        `${runs[i].code} ${runs[i].ms}ms surprisal ${c.args.join(' ')}${c.input ? ' <' : ''}\n    ${first}`,
      );
    });
  }
  return cases.flatMap((c, i) => problems(c, runs[i]));
}

beforeAll(() => {
  dir = writeFixtures();
  for (const [name, content] of Object.entries(CRAFTED)) writeFileSync(join(dir, name), content);
  mkdirSync(join(dir, 'folder'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('surprisal fuzz: malformed files and flags give one line and exit 1, never an internal error', () => {
  it(`crafted files (${TABLE.length} cases): each refused in one line naming the file and row`, async () => {
    expect(await fuzz(TABLE)).toEqual([]);
  }, 120000);

  it(
    'every command × random bad files and flags (fast-check, seeded): exit 0 or 1, one line, no hang',
    async () => {
      // Three mutations of each template, so that every command is fuzzed on every run of the suite
      // (FUZZ_RUNS=n for n each, FUZZ_SEED=s for other draws: a longer hunt by hand).
      const per = Number(process.env.FUZZ_RUNS ?? 3);
      const seed = Number(process.env.FUZZ_SEED ?? 2024);
      const cases = TEMPLATES.flatMap((t, i) =>
        fc.sample(mutation(t), { seed: seed + i, numRuns: per }).map((m) => build(t, m)),
      );
      expect(cases).toHaveLength(per * TEMPLATES.length);
      expect(await fuzz(cases)).toEqual([]);
    },
    180000 * Math.max(1, Number(process.env.FUZZ_RUNS ?? 3) / 3),
  );
});
