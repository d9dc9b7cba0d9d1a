/**
 * Hostile arguments for the fuzz suite: values a plain-JavaScript caller (or a file) can hand the library, and
 * mutations that put them into an otherwise valid call: an argument replaced, an array entry replaced, an array
 * made sparse or empty or given a huge declared length, a tensor's shape made wrong or huge, an option set to a
 * hostile value, an unknown option added, the options replaced by a non-object.
 */
import fc from 'fast-check';
import { clone } from './seeds.js';

/** Scalars: IEEE specials, extremes, wrong types. Sizes past 2³² must be refused up front, never allocated. */
export const HOSTILE_SCALARS: readonly unknown[] = [
  Number.NaN,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
  -0,
  0,
  5e-324,
  2.2250738585072014e-308,
  1e308,
  -1e308,
  -1,
  1.5,
  0.5,
  2 ** 53,
  2 ** 32 + 1,
  1e12,
  -(2 ** 31) - 1,
  null,
  undefined,
  true,
  false,
  '',
  '0.5',
  'abc',
  1n,
  2n ** 64n,
  {},
  [],
  [Number.NaN],
  () => 0,
];

/** Objects that look like arrays or tensors but are not what they claim. */
export function hostileContainers(): unknown[] {
  const sparse = [0.5, 0.5];
  sparse.length = 4;
  const holes: number[] = [];
  holes[2] = 1;
  return [
    sparse,
    holes,
    { length: 2 ** 40 },
    { length: -1 },
    { length: Number.NaN },
    { data: null, shape: [2] },
    { data: [0.5, 0.5], shape: null },
    { data: [0.5, 0.5], shape: [2 ** 40, 2] },
    { data: [0.5, 0.5], shape: [-2] },
    { data: [0.5, 0.5], shape: [1.5] },
    { data: [0.5, 0.5], shape: [] },
    { data: [0.5, 0.5], shape: [3] },
    { data: [0.5, 0.5], shape: ['2'] },
    { data: new BigInt64Array(2), shape: [2] },
    { data: new Float32Array([Number.NaN, 1]), shape: [2] },
    new Float64Array(0),
    Float32Array.of(Number.POSITIVE_INFINITY, 1),
    new Int32Array([1, 2]),
    [[1, 2], [3]],
    [[[]]],
  ];
}

/** A path to a place inside an argument list: argument index, then keys / indices. */
type Path = (string | number)[];

/** Every place in the arguments (to depth 3) where a hostile value could go, with what is there now. */
function places(args: unknown[]): Path[] {
  const out: Path[] = [];
  const walk = (v: unknown, path: Path, depth: number): void => {
    out.push(path);
    if (depth >= 3 || v === null || typeof v !== 'object') return;
    if (ArrayBuffer.isView(v) || Array.isArray(v)) {
      const n = (v as ArrayLike<unknown>).length;
      // A few entries, not all: the first, the last, one inside.
      for (const i of new Set([0, n - 1, n >> 1]))
        if (i >= 0 && i < n) walk((v as ArrayLike<unknown>)[i], [...path, i], depth + 1);
      return;
    }
    if (Object.getPrototypeOf(v) === Object.prototype) {
      for (const [k, x] of Object.entries(v)) walk(x, [...path, k], depth + 1);
    }
  };
  args.forEach((a, i) => {
    walk(a, [i], 0);
  });
  return out;
}

function set(args: unknown[], path: Path, value: unknown): void {
  let v: unknown = args;
  for (const k of path.slice(0, -1)) v = (v as Record<string | number, unknown>)[k];
  const last = path[path.length - 1];
  if (ArrayBuffer.isView(v)) {
    // A typed array cannot hold a string or null: put the hostile value into a plain copy instead.
    const plain = Array.from(v as unknown as ArrayLike<number>) as unknown[];
    plain[last as number] = value;
    set(args, path.slice(0, -1), plain);
    return;
  }
  (v as Record<string | number, unknown>)[last] = value;
}

/** One mutation, chosen by small integers (so fast-check can shrink it). */
export interface Mutation {
  kind: number;
  where: number;
  what: number;
}

export const mutationArb: fc.Arbitrary<Mutation[]> = fc.array(
  fc.record({ kind: fc.nat(5), where: fc.nat(1000), what: fc.nat(1000) }),
  { minLength: 1, maxLength: 3 },
);

const UNKNOWN_KEYS = ['axis', 'reduce', 'zzz', 'Base', 'level', 'bootstrap'];

/** A plain options object (not a `{ data, shape }` tensor). */
function isOptions(v: unknown): v is Record<string, unknown> {
  return !!v && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype && !('data' in v);
}

/**
 * Applies mutations to a copy of `seedArgs`; returns the new argument list, a description for failures, and
 * the unknown option key that the call must refuse (one put into the options object the seed call already
 * passed, and still there after the other mutations).
 */
export function mutate(
  seedArgs: unknown[],
  muts: Mutation[],
): { args: unknown[]; what: string[]; unknownKey?: string } {
  let args = clone(seedArgs);
  const what: string[] = [];
  const containers = hostileContainers();
  for (const m of muts) {
    const ps = places(args);
    // No argument to put a value into (a call without arguments): add one instead.
    const kind = ps.length === 0 && m.kind <= 2 ? 5 : m.kind;
    const path = ps.length === 0 ? [0] : ps[m.where % ps.length];
    switch (kind) {
      case 0:
      case 1: {
        const v = HOSTILE_SCALARS[m.what % HOSTILE_SCALARS.length];
        set(args, path, v);
        what.push(`${path.join('.')} = ${show(v)}`);
        break;
      }
      case 2: {
        const v = containers[m.what % containers.length];
        set(args, path, clone(v));
        what.push(`${path.join('.')} = ${show(v)}`);
        break;
      }
      case 3: {
        // An unknown option key on the last plain-object argument, or a new options argument.
        const key = UNKNOWN_KEYS[m.what % UNKNOWN_KEYS.length];
        const last = args[args.length - 1];
        if (isOptions(last)) last[key] = 1;
        else args.push({ [key]: 1 });
        what.push(`options.${key} = 1`);
        break;
      }
      case 4: {
        // Options (the last argument) replaced by a non-object.
        const v = [null, 'sum', 5, [], true][m.what % 5];
        if (args.length > 0) args[args.length - 1] = v;
        what.push(`last argument = ${show(v)}`);
        break;
      }
      default: {
        // An argument dropped or added.
        if (m.what % 2 === 0 && args.length > 0) {
          args = args.slice(0, -1);
          what.push('last argument dropped');
        } else {
          args.splice(m.where % (args.length + 1), 0, HOSTILE_SCALARS[m.what % HOSTILE_SCALARS.length]);
          what.push(`extra argument ${show(HOSTILE_SCALARS[m.what % HOSTILE_SCALARS.length])}`);
        }
      }
    }
  }
  // The key must still sit in the options object the seed call passed (same position, not replaced).
  const i = seedArgs.length - 1;
  let unknownKey: string | undefined;
  if (i >= 0 && isOptions(seedArgs[i]) && args.length === seedArgs.length && isOptions(args[i])) {
    unknownKey = UNKNOWN_KEYS.find(
      (k) => (args[i] as Record<string, unknown>)[k] === 1 && !(k in (seedArgs[i] as object)),
    );
  }
  return { args, what, unknownKey };
}

/** Short printable form of a hostile value. */
export function show(v: unknown): string {
  if (typeof v === 'bigint') return `${v}n`;
  if (typeof v === 'function') return 'function';
  if (typeof v === 'number') return Object.is(v, -0) ? '-0' : String(v);
  if (typeof v === 'string') return JSON.stringify(v);
  if (v === undefined) return 'undefined';
  if (ArrayBuffer.isView(v)) return `${v.constructor.name}[${(v as unknown as ArrayLike<number>).length}]`;
  try {
    const s = JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? `${x}n` : x));
    return s && s.length > 80 ? `${s.slice(0, 77)}...` : String(s);
  } catch {
    return String(v);
  }
}
