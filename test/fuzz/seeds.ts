/**
 * Seed calls for the fuzz suite, harvested from the library's own TSDoc examples: every fenced example is run
 * against a recording copy of the public API, so each exported function (and each method of each exported
 * class, and of the objects the factories return) gets the valid argument lists its documentation shows. The
 * fuzzer then mutates those. A new export with an example is fuzzed without touching this suite.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as lib from '../../src/index.js';

const root = fileURLToPath(new URL('../../src', import.meta.url));

/** One recorded call: `fn(...args)`, or `new Class(...ctorArgs).method(...args)` for methods. */
export interface Seed {
  /** 'entropy', 'new Normal', 'Normal#logProb', 'Rng#normal', 'KdTree#query' */
  target: string;
  args: unknown[];
  /** For methods: makes a fresh receiver (from the recorded constructor call or factory). */
  receiver?: () => unknown;
  /** Did the recorded call throw? Seeds that do are kept only where no other seed exists. */
  threw: boolean;
}

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/** The code of every ```ts fence in doc comments, one string per fence. */
function fences(file: string): string[] {
  const out: string[] = [];
  let cur: string[] | undefined;
  for (const raw of readFileSync(file, 'utf8').split('\n')) {
    if (!/^\s*\*/.test(raw)) continue;
    const line = raw.replace(/^\s*\*\s?/, '');
    if (line.startsWith('```')) {
      if (cur) {
        out.push(cur.join('\n'));
        cur = undefined;
      } else cur = [];
      continue;
    }
    if (cur && !/^\s*import /.test(line)) cur.push(line);
  }
  return out;
}

/** Copies arrays, typed arrays and plain objects (so later mutation by the example does not change a seed). */
export function clone<T>(v: T, depth = 0): T {
  if (depth > 8 || v === null || typeof v !== 'object') return v;
  if (ArrayBuffer.isView(v)) return (v as unknown as { slice(): T }).slice();
  if (Array.isArray(v)) return v.map((x) => clone(x, depth + 1)) as T;
  if (Object.getPrototypeOf(v) === Object.prototype) {
    const o: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) o[k] = clone(x, depth + 1);
    return o as T;
  }
  return v;
}

const seeds: Seed[] = [];
/** Calls the library makes inside a recorded call (an Rng's methods inside `sample`) are not seeds. */
let depth = 0;

function recorded<R>(rec: Seed, call: () => R): R {
  if (depth === 0) seeds.push(rec);
  depth++;
  try {
    const r = call();
    rec.threw = false;
    return r;
  } finally {
    depth--;
  }
}
const libRecord = lib as unknown as Record<string, unknown>;
const isClass = (f: unknown): f is new (...a: unknown[]) => object =>
  typeof f === 'function' && /^class\b/.test(Function.prototype.toString.call(f));

/** Wraps the methods of an object (a factory's result, e.g. an Rng or a KdTree) so their calls are recorded. */
function recordMethods(obj: object, label: string, make: () => unknown): void {
  let proto: object | null = obj;
  const seen = new Set<string>();
  while (proto && proto !== Object.prototype) {
    for (const key of Object.getOwnPropertyNames(proto)) {
      if (key === 'constructor' || key.startsWith('_') || seen.has(key)) continue;
      const d = Object.getOwnPropertyDescriptor(proto, key);
      if (!d || typeof d.value !== 'function') continue;
      seen.add(key);
      const orig = d.value as (...a: unknown[]) => unknown;
      Object.defineProperty(obj, key, {
        configurable: true,
        writable: true,
        value(this: unknown, ...args: unknown[]) {
          const rec: Seed = { target: `${label}#${key}`, args: clone(args), receiver: make, threw: true };
          return recorded(rec, () => orig.apply(this, args));
        },
      });
    }
    proto = Object.getPrototypeOf(proto);
  }
}

function recordingApi(): Record<string, unknown> {
  const api: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(libRecord)) {
    if (isClass(value)) {
      const C = value;
      api[name] = new Proxy(C, {
        construct(target, args) {
          const rec: Seed = { target: `new ${name}`, args: clone(args), threw: true };
          const saved = clone(args);
          const inst = recorded(rec, () => Reflect.construct(target, args) as object);
          recordMethods(inst, name, () => Reflect.construct(target, clone(saved)));
          return inst;
        },
      });
    } else if (typeof value === 'function') {
      const f = value as (...a: unknown[]) => unknown;
      api[name] = (...args: unknown[]) => {
        const rec: Seed = { target: name, args: clone(args), threw: true };
        const saved = clone(args);
        const r = recorded(rec, () => f(...args));
        // Objects with methods from a factory (createRng, kdTree, ...): record their methods as `Type#method`.
        if (r && typeof r === 'object' && !ArrayBuffer.isView(r) && !Array.isArray(r)) {
          const proto = Object.getPrototypeOf(r);
          const hasMethods =
            (proto && proto !== Object.prototype) || Object.values(r).some((x) => typeof x === 'function');
          if (hasMethods && !(r instanceof Promise)) {
            const label = proto && proto !== Object.prototype ? proto.constructor.name : `${name}()`;
            recordMethods(r, label, () => f(...clone(saved)));
          }
        }
        return r;
      };
    } else api[name] = value;
  }
  return api;
}

let harvested: Seed[] | undefined;

/** Every seed call from the examples, deduplicated by target and arguments, valid ones first. */
export function harvestSeeds(extra: Seed[] = []): Seed[] {
  if (harvested) return harvested;
  const api = recordingApi();
  const names = Object.keys(api);
  const values = Object.values(api);
  for (const file of files(root)) {
    for (const code of fences(file)) {
      // Each statement on its own, so one that throws (an example of an error) does not hide the rest.
      const body = code
        .split('\n')
        .map((l) => l.replace(/(^|[^:'"])\/\/.*$/, '$1'))
        .join('\n')
        // The examples are TypeScript: drop `as T` casts and `: T` annotations of arrow parameters.
        .replace(/ as (?:const|[A-Za-z_][\w.]*(?:<[^>]*>)?(?:\[\])?)/g, '')
        .replace(/\((\w+): [A-Za-z_][\w.]*(?:\[\])?\)/g, '($1)');
      try {
        new Function(...names, body)(...values);
      } catch {
        // Fences that show errors on purpose, or are not complete code: their recorded calls still count.
      }
    }
  }
  const byKey = new Map<string, Seed>();
  for (const s of [...seeds, ...extra]) {
    let key: string;
    try {
      key = `${s.target}|${JSON.stringify(s.args, (_k, v) => (typeof v === 'bigint' ? `${v}n` : ArrayBuffer.isView(v) ? Array.from(v as unknown as ArrayLike<number>) : v))}`;
    } catch {
      key = `${s.target}|${Math.random()}`;
    }
    if (!byKey.has(key)) byKey.set(key, s);
  }
  harvested = [...byKey.values()].sort((a, b) => Number(a.threw) - Number(b.threw));
  return harvested;
}
