/**
 * Calling the library under a wall-clock cap and judging the outcome. A call runs inside a `node:vm` script
 * with a timeout, so even a synchronous endless loop in library code is interrupted and reported as a hang.
 */
import vm from 'node:vm';
import { SurprisalError } from '../../src/index.js';

const slot: { call: () => unknown } = { call: () => undefined };
const context = vm.createContext({ slot });
const script = new vm.Script('slot.call()');

export type Outcome =
  | { kind: 'value'; value: unknown; ms: number }
  | { kind: 'error'; error: unknown; ms: number }
  | { kind: 'timeout'; ms: number };

/** Runs `f` synchronously, stopping it after `capMs`. */
export function callCapped(f: () => unknown, capMs: number): Outcome {
  slot.call = f;
  const t0 = performance.now();
  try {
    const value = script.runInContext(context, { timeout: capMs });
    return { kind: 'value', value, ms: performance.now() - t0 };
  } catch (error) {
    const ms = performance.now() - t0;
    if ((error as { code?: unknown })?.code === 'ERR_SCRIPT_EXECUTION_TIMEOUT')
      return { kind: 'timeout', ms };
    return { kind: 'error', error, ms };
  } finally {
    slot.call = () => undefined;
  }
}

/** Where in a result a NaN sits ('value', 'grad.data[3]'), or undefined. Looks into arrays, typed arrays and plain objects. */
export function findNaN(v: unknown, path = 'result', depth = 0): string | undefined {
  if (typeof v === 'number') return Number.isNaN(v) ? path : undefined;
  if (depth > 5 || v === null || typeof v !== 'object') return undefined;
  if (ArrayBuffer.isView(v) && !(v instanceof DataView)) {
    const a = v as unknown as ArrayLike<number | bigint>;
    for (let i = 0; i < a.length; i++)
      if (typeof a[i] === 'number' && Number.isNaN(a[i])) return `${path}[${i}]`;
    return undefined;
  }
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length && i < 10_000; i++) {
      const p = findNaN(v[i], `${path}[${i}]`, depth + 1);
      if (p) return p;
    }
    return undefined;
  }
  const proto = Object.getPrototypeOf(v);
  if (proto !== Object.prototype && proto !== null) return undefined;
  for (const [k, x] of Object.entries(v)) {
    const p = findNaN(x, `${path}.${k}`, depth + 1);
    if (p) return p;
  }
  return undefined;
}

/** Does the input hold a NaN anywhere (so that NaN out may be the documented answer)? */
export function hasNaNInput(args: unknown[]): boolean {
  const seen = new Set<unknown>();
  const walk = (v: unknown, depth: number): boolean => {
    if (typeof v === 'number') return Number.isNaN(v);
    if (depth > 5 || v === null || typeof v !== 'object' || seen.has(v)) return false;
    seen.add(v);
    if (ArrayBuffer.isView(v) && !(v instanceof DataView)) {
      const a = v as unknown as ArrayLike<number>;
      for (let i = 0; i < a.length; i++) if (Number.isNaN(a[i])) return true;
      return false;
    }
    return Object.values(v).some((x) => walk(x, depth + 1));
  };
  return args.some((a) => walk(a, 0));
}

/** What the error message must not look like: an object printed as "[object Object]", a raw JS error text. */
const BAD_MESSAGE =
  /\[object Object\]|is not a function|Cannot read prop|undefined is not|of undefined|of null/;

/**
 * NaN that an estimate documents: a standard error (and interval) that could not be computed, which the result
 * says by `stdErrorMethod: 'none'`, `replicates: 0` (too few samples to resample) or an infinite value.
 */
function documentedNaN(result: unknown, path: string): boolean {
  if (!/^result\.(stdError|ci(\[\d\])?)$/.test(path)) return false;
  const r = result as { value?: unknown; stdErrorMethod?: unknown; replicates?: unknown };
  return (
    r.stdErrorMethod === 'none' ||
    r.replicates === 0 ||
    (typeof r.value === 'number' && !Number.isFinite(r.value))
  );
}

/** Judges one outcome; returns a failure line or undefined. */
export function judge(
  target: string,
  what: string,
  args: unknown[],
  outcome: Outcome,
  nanAllowed: (args: unknown[]) => boolean,
  unknownKey?: string,
): string | undefined {
  const head = `${target} with ${what}`;
  if (unknownKey !== undefined && outcome.kind === 'value') {
    return `${head}: the unknown option '${unknownKey}' was silently ignored (expected INVALID_OPTION)`;
  }
  if (outcome.kind === 'timeout') return `${head}: did not return within the cap (hang or unbounded work)`;
  if (outcome.kind === 'error') {
    const e = outcome.error;
    if (!(e instanceof SurprisalError)) {
      const name = (e as Error)?.name ?? typeof e;
      return `${head}: threw ${name}: ${String((e as Error)?.message ?? e).split('\n')[0]}`;
    }
    if (typeof e.message !== 'string' || e.message.length === 0 || BAD_MESSAGE.test(e.message)) {
      return `${head}: SurprisalError ${e.code} with a poor message: ${JSON.stringify(e.message)}`;
    }
    return undefined;
  }
  const nan = findNaN(outcome.value);
  if (nan && !nanAllowed(args) && !documentedNaN(outcome.value, nan))
    return `${head}: returned NaN at ${nan}`;
  return undefined;
}
