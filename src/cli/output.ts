/**
 * What the command prints: numbers, units, aligned tables and the one JSON document of `--json`.
 * @module
 */
import type { Base } from '../index.js';
import { UserError } from './errors.js';

/** A unit of information as the command names it: the library's base and the word printed after values. */
export interface Unit {
  base: Base;
  /** 'nats', 'bits', 'hartleys' or 'base-3 units'. */
  name: string;
  /** Natural log of the base: divide nats by it. */
  ln: number;
}

/** `--base` (2, e, 10, bits, nats, hartleys or any number > 0 and ≠ 1) and `--bits` as a {@link Unit}. */
export function unitOf(options: { base?: string; bits?: boolean }): Unit {
  const unit = baseOf(options.base);
  if (!options.bits) return unit;
  // --base defaults to e, so '--bits' alone leaves base 'nats'; any other base disagrees with --bits.
  if (unit.base !== 'nats' && unit.base !== 'bits') {
    throw new UserError(`--bits and --base ${options.base} disagree; give one of them`);
  }
  return { base: 'bits', name: 'bits', ln: Math.LN2 };
}

function baseOf(base: string | undefined): Unit {
  const raw = (base ?? 'e').trim().toLowerCase();
  if (raw === 'e' || raw === 'nats' || raw === 'nat') return { base: 'nats', name: 'nats', ln: 1 };
  if (raw === '2' || raw === 'bits' || raw === 'bit') return { base: 'bits', name: 'bits', ln: Math.LN2 };
  if (raw === '10' || raw === 'hartleys' || raw === 'dits' || raw === 'bans') {
    return { base: 'hartleys', name: 'hartleys', ln: Math.LN10 };
  }
  const b = parseNumber(raw);
  if (b === undefined || !(b > 0) || b === 1 || !Number.isFinite(b)) {
    throw new UserError(
      `--base must be 2, e, 10, bits, nats, hartleys or a number > 0 and != 1; got '${base}'`,
    );
  }
  return { base: b, name: `base-${b} units`, ln: Math.log(b) };
}

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * A number written as text: decimal or scientific notation, `inf` / `infinity` (any case, signed) and `nan`;
 * undefined for anything else (an empty cell, '0x10', '1,5', a word). Stricter than Number(), which reads
 * '' as 0.
 */
export function parseNumber(text: string): number | undefined {
  const s = text.trim();
  if (NUMBER.test(s)) return Number(s);
  const l = s.toLowerCase();
  if (l === 'inf' || l === '+inf' || l === 'infinity' || l === '+infinity') return Number.POSITIVE_INFINITY;
  if (l === '-inf' || l === '-infinity') return Number.NEGATIVE_INFINITY;
  if (l === 'nan' || l === '+nan' || l === '-nan') return Number.NaN;
  return undefined;
}

/** Integer option values ('3', '1e6'); a UserError naming the flag otherwise. */
export function parseInteger(text: string, flag: string, min = 0): number {
  const v = parseNumber(text);
  if (v === undefined || !Number.isSafeInteger(v) || v < min) {
    throw new UserError(`${flag} must be an integer >= ${min}; got '${text}'`);
  }
  return v;
}

/** --threads: worker threads (1 to 256; 1 when not given). */
export function parseThreads(text: string | undefined): number {
  if (text === undefined) return 1;
  const t = parseInteger(text, '--threads', 1);
  if (t > 256) throw new UserError(`--threads must be at most 256; got '${text}'`);
  return t;
}

/** Real option values; a UserError naming the flag otherwise. */
export function parseReal(text: string, flag: string): number {
  const v = parseNumber(text);
  if (v === undefined || Number.isNaN(v)) throw new UserError(`${flag} must be a number; got '${text}'`);
  return v;
}

/** `--seed`: a non-negative integer, kept as a bigint past 2^53. */
export function parseSeed(text: string | undefined): number | bigint | undefined {
  if (text === undefined) return undefined;
  const s = text.trim();
  if (/^\d+$/.test(s)) {
    const big = BigInt(s);
    return big <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(big) : big;
  }
  return parseInteger(s, '--seed');
}

/**
 * A number for people: integers in full, six significant digits otherwise (scientific notation below 1e-4 and
 * from 1e6 on), trailing zeros dropped; Infinity and NaN by name.
 */
export function fmt(x: number, digits = 6): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? 'Infinity' : '-Infinity';
  if (Number.isInteger(x) && Math.abs(x) < 1e15) return String(x);
  const a = Math.abs(x);
  if (a !== 0 && (a < 1e-4 || a >= 1e6)) {
    const [m, e] = x.toExponential(digits - 1).split('e');
    return `${stripZeros(m)}e${e}`;
  }
  return stripZeros(x.toPrecision(digits));
}

function stripZeros(s: string): string {
  return s.includes('.') ? s.replace(/\.?0+$/, '') : s;
}

/** Display width: code points, combining marks (the hat of k̂) taking no column. */
function width(s: string): number {
  return [...s.replace(/\p{M}/gu, '')].length;
}

function pad(s: string, w: number, align: 'l' | 'r'): string {
  const fill = ' '.repeat(Math.max(0, w - width(s)));
  return align === 'r' ? fill + s : s + fill;
}

/**
 * Rows of cells as an aligned table: one column per cell, two spaces between columns, each column left- or
 * right-aligned (numbers right), trailing spaces trimmed.
 */
export function table(rows: string[][], align: ('l' | 'r')[]): string {
  const cols = Math.max(...rows.map((r) => r.length));
  const widths = Array.from({ length: cols }, (_, c) => Math.max(0, ...rows.map((r) => width(r[c] ?? ''))));
  return rows
    .map((r) =>
      Array.from({ length: cols }, (_, c) => pad(r[c] ?? '', widths[c], align[c] ?? 'l'))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/**
 * The table every command prints: a header row and rows of quantity, value, ± standard error (optional) and
 * unit, values and errors right-aligned.
 */
export function quantityTable(
  rows: { name: string; value: string; error?: string; unit?: string }[],
): string {
  const withError = rows.some((r) => r.error !== undefined);
  const head = withError ? ['quantity', 'value', '± s.e.', 'unit'] : ['quantity', 'value', 'unit'];
  const body = rows.map((r) =>
    withError ? [r.name, r.value, r.error ?? '', r.unit ?? ''] : [r.name, r.value, r.unit ?? ''],
  );
  return table([head, ...body], withError ? ['l', 'r', 'r', 'l'] : ['l', 'r', 'l']);
}

/** JSON cannot hold Infinity or NaN: they are written as the strings "Infinity", "-Infinity" and "NaN". */
function replacer(_key: string, value: unknown): unknown {
  if (typeof value === 'number' && !Number.isFinite(value)) {
    return Number.isNaN(value) ? 'NaN' : value > 0 ? 'Infinity' : '-Infinity';
  }
  if (typeof value === 'bigint') return value.toString();
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) return Array.from(value as Float64Array);
  return value;
}

/** Writes exactly one JSON document (and a newline) to stdout. */
export function printJson(doc: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify(doc, replacer, 2)}\n`);
}

/** Writes human output (and a newline) to stdout. */
export function printText(text: string): void {
  process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
}
