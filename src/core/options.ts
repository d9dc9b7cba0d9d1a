/**
 * Reading an options object the same way in every public function: `undefined` means all defaults, anything
 * that is not a plain object is refused, and a key the function does not know is an error that names it and
 * lists the valid ones (a plain-JS caller's `{ axis: 1 }` or `{ reduce: 'sum' }` is never silently ignored).
 * @module
 */
import { SurprisalError } from './errors.js';

const EMPTY: Readonly<Record<string, never>> = Object.freeze({});

/** Levenshtein distance, for "did you mean" in unknown-option messages (short strings only). */
function editDistance(a: string, b: string): number {
  const m = a.length;
  const n = b.length;
  let prev = new Array<number>(n + 1);
  let cur = new Array<number>(n + 1);
  for (let j = 0; j <= n; j++) prev[j] = j;
  for (let i = 1; i <= m; i++) {
    cur[0] = i;
    for (let j = 1; j <= n; j++) {
      const sub = prev[j - 1] + (a[i - 1].toLowerCase() === b[j - 1].toLowerCase() ? 0 : 1);
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, sub);
    }
    [prev, cur] = [cur, prev];
  }
  return prev[n];
}

/**
 * Checks that `options` is `undefined` or a plain object whose keys (with defined values) are all in `valid`,
 * and returns it (or an empty object). Keys whose value is `undefined` are ignored, so spreading partial
 * options never fails.
 * @throws {SurprisalError} `INVALID_OPTION` naming the unknown key, the closest valid one and the full list.
 * @internal
 */
export function readOptions<T extends object>(
  options: T | undefined,
  fn: string,
  valid: readonly string[],
  argument = 'options',
): Partial<T> {
  if (options === undefined) return EMPTY as Partial<T>;
  if (
    options === null ||
    typeof options !== 'object' ||
    Array.isArray(options) ||
    ArrayBuffer.isView(options)
  ) {
    throw new SurprisalError(
      'INVALID_OPTION',
      `${fn}: ${argument} must be an object or undefined; got ${describe(options)}`,
      { argument, value: options },
    );
  }
  for (const key of Object.keys(options)) {
    if ((options as Record<string, unknown>)[key] === undefined || valid.includes(key)) continue;
    let best = '';
    let bestD = Number.POSITIVE_INFINITY;
    for (const v of valid) {
      // A long shared start ('reduce' for 'reduction', 'thread' for 'threads') counts as a near miss.
      let c = 0;
      while (c < key.length && c < v.length && key[c].toLowerCase() === v[c].toLowerCase()) c++;
      const d = c >= Math.max(4, Math.ceil(0.6 * key.length)) ? 1 : editDistance(key, v);
      if (d < bestD) {
        bestD = d;
        best = v;
      }
    }
    const hint =
      best !== '' && bestD <= Math.max(2, Math.floor(key.length / 3)) ? ` (did you mean '${best}'?)` : '';
    const list = valid.length === 0 ? 'it takes no options' : `valid options: ${valid.join(', ')}`;
    throw new SurprisalError('INVALID_OPTION', `${fn}: unknown option '${key}'${hint}; ${list}`, {
      argument: key,
      value: (options as Record<string, unknown>)[key],
    });
  }
  return options;
}

/** A short description of any value for error messages (never throws, never prints a whole array). */
export function describe(v: unknown): string {
  if (v === null) return 'null';
  if (v === undefined) return 'undefined';
  switch (typeof v) {
    case 'string':
      return v.length > 40 ? `the string "${v.slice(0, 37)}..."` : `the string "${v}"`;
    case 'bigint':
      return `the bigint ${v}n`;
    case 'symbol':
      return 'a symbol';
    case 'function':
      return 'a function';
    case 'object': {
      if (Array.isArray(v)) return `an array of length ${v.length}`;
      if (ArrayBuffer.isView(v)) return `a ${v.constructor.name}`;
      return 'an object';
    }
    default:
      return String(v);
  }
}

/**
 * Reads an integer option in [lo, hi] (default `def` when undefined). Rejects non-numbers, NaN, ±Infinity,
 * fractions and values outside the range, so nothing is truncated or wrapped silently.
 * @throws {SurprisalError} `INVALID_OPTION`.
 * @internal
 */
export function readIntegerOption(
  value: unknown,
  def: number,
  lo: number,
  hi: number,
  name: string,
  fn: string,
): number {
  if (value === undefined) return def;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < lo || value > hi) {
    throw new SurprisalError(
      'INVALID_OPTION',
      `${fn}: ${name} must be an integer in [${lo}, ${hi}]; got ${describe(value)}`,
      { argument: name, value },
    );
  }
  return value;
}

/**
 * Reads the `threads` option: an integer in [1, 256], default 1 (the kernels' worker threads).
 * @throws {SurprisalError} `INVALID_OPTION` otherwise.
 * @internal
 */
export function readThreadsOption(value: unknown, fn: string): number {
  return readIntegerOption(value, 1, 1, 256, 'threads', fn);
}

/**
 * Reads a boolean option (default `def` when undefined).
 * @throws {SurprisalError} `INVALID_OPTION` for anything but `true`, `false` or `undefined`.
 * @internal
 */
export function readBooleanOption(value: unknown, def: boolean, name: string, fn: string): boolean {
  if (value === undefined) return def;
  if (value !== true && value !== false) {
    throw new SurprisalError(
      'INVALID_OPTION',
      `${fn}: ${name} must be true or false; got ${describe(value)}`,
      {
        argument: name,
        value,
      },
    );
  }
  return value;
}

/**
 * Reads one of a set of string values (default `def` when undefined).
 * @throws {SurprisalError} `INVALID_OPTION` listing the allowed values.
 * @internal
 */
export function readChoiceOption<C extends string>(
  value: unknown,
  def: C,
  allowed: readonly C[],
  name: string,
  fn: string,
): C {
  if (value === undefined) return def;
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw new SurprisalError(
      'INVALID_OPTION',
      `${fn}: ${name} must be one of ${allowed.map((a) => `'${a}'`).join(', ')}; got ${describe(value)}`,
      { argument: name, value },
    );
  }
  return value as C;
}
