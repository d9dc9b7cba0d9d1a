/**
 * The discrete measures and the core log-space functions against reference values from SciPy, scikit-learn
 * and NumPy (a few from mpmath where SciPy itself loses the answer; each case names its reference).
 * The fixture is test/fixtures/measures.json, written by test/fixtures/generate_measures.py, which also
 * cross-checks every expected value against a 40-digit mpmath evaluation of the same float64 inputs.
 *
 * Tolerances: a finite expected value b passes when |a − b| ≤ atol + rtol·|b| with rtol = 1e-12 and
 * atol = 1e-15 (a few ulp of an O(1) result; the atol covers results that are 0 up to rounding, and SciPy's
 * division by its float sum where the library takes input that sums to 1 within 1e-6 as it is).
 * The 10^6-element cases need no relaxation: SciPy's pairwise sums of them are within 1e-14 of the exact
 * value (checked by the generator), and the library's compensated sums are closer still.
 * A case may override rtol/atol in the fixture, with its reason in "why": atol = 0 where the value is tiny
 * by design and only a relative comparison tests it. ±Infinity must match exactly, and NaN must be NaN.
 * Set REFERENCE_REPORT=1 to print the largest relative error per function.
 */
import { afterAll, describe, expect, it } from 'vitest';
import * as lib from '../../src/index.js';
import { loadFixture } from '../helpers/fixtures.js';

const RTOL = 1e-12;
const ATOL = 1e-15;

type Value = number | number[];

interface Case {
  name: string;
  fn: string;
  args: unknown[];
  options: Record<string, unknown> | null;
  expected: Value;
  reference: string;
  rtol?: number;
  atol?: number;
  why?: string;
}

interface Fixture {
  versions: Record<string, string>;
  vectors: Record<string, number[]>;
  cases: Case[];
}

const fixture = loadFixture<Fixture>('measures.json');

/** w_i = ((i · multiplier) mod 2^32) / 2^32 + offset: exact in float64 because i · multiplier < 2^53. */
function hashVector(n: number, multiplier: number, offset: number): Float64Array {
  const w = new Float64Array(n);
  for (let i = 0; i < n; i++) w[i] = ((i * multiplier) % 4294967296) / 4294967296 + offset;
  return w;
}

/** An argument as the library takes it: named vectors and generated vectors are built here. */
function resolve(arg: unknown): unknown {
  if (arg !== null && typeof arg === 'object' && !Array.isArray(arg)) {
    const a = arg as Record<string, unknown>;
    if (typeof a.vector === 'string') {
      const v = fixture.vectors[a.vector];
      if (v === undefined) throw new Error(`fixture has no vector ${a.vector}`);
      return v;
    }
    if (a.generator === 'hash') {
      return hashVector(a.n as number, (a.multiplier as number) ?? 2654435761, (a.offset as number) ?? 0.01);
    }
  }
  return arg;
}

type AnyFn = (...args: unknown[]) => unknown;
const functions = lib as unknown as Record<string, AnyFn>;

function describeOptions(options: Record<string, unknown> | null): string[] {
  if (options === null) return [];
  const parts: string[] = [];
  if (options.base !== undefined) parts.push(`base ${String(options.base)}`);
  if (options.from !== undefined) {
    parts.push(`from ${Array.isArray(options.from) ? options.from.join('/') : String(options.from)}`);
  }
  if (options.normalize) parts.push('normalize');
  return parts;
}

/** Largest relative error per function, and the case it came from. */
const maxRelError = new Map<string, { rel: number; name: string }>();

function record(c: Case, actual: number, expected: number): void {
  if (!Number.isFinite(expected) || expected === 0) return;
  const rel = Math.abs(actual - expected) / Math.abs(expected);
  if (rel >= (maxRelError.get(c.fn)?.rel ?? 0)) maxRelError.set(c.fn, { rel, name: c.name });
}

function compare(c: Case, actual: number, expected: number, where: string): void {
  if (Number.isNaN(expected)) {
    expect(actual, where).toBeNaN();
    return;
  }
  if (!Number.isFinite(expected)) {
    expect(actual, where).toBe(expected);
    return;
  }
  const rtol = c.rtol ?? RTOL;
  const atol = c.atol ?? ATOL;
  const err = Math.abs(actual - expected);
  record(c, actual, expected);
  if (!(err <= atol + rtol * Math.abs(expected))) {
    expect.fail(
      `${where}: got ${actual}, ${c.reference} gives ${expected} (|diff| ${err}, relative ` +
        `${err / Math.abs(expected)}; allowed ${atol} + ${rtol}·|expected|)`,
    );
  }
}

describe(`reference values (SciPy ${fixture.versions.scipy}, NumPy ${fixture.versions.numpy}, scikit-learn ${fixture.versions.sklearn})`, () => {
  it('the fixture has cases', () => {
    expect(fixture.cases.length).toBeGreaterThan(100);
  });

  for (const c of fixture.cases) {
    const title = `${c.fn}(${[c.name, ...describeOptions(c.options)].join(', ')}) matches ${c.reference}`;
    it(title, () => {
      const f = functions[c.fn];
      expect(f, `src/index.ts exports ${c.fn}`).toBeTypeOf('function');
      const args = c.args.map(resolve);
      // The fixture lists renyiEntropy's order after p, as mpmath takes it; the library takes it as { alpha }.
      const actual =
        c.fn === 'renyiEntropy'
          ? f(args[0], { ...c.options, alpha: args[1] })
          : c.options === null
            ? f(...args)
            : f(...args, c.options);
      if (Array.isArray(c.expected)) {
        expect(actual).toBeInstanceOf(Float64Array);
        const a = actual as Float64Array;
        expect(a.length).toBe(c.expected.length);
        for (let i = 0; i < a.length; i++) compare(c, a[i], c.expected[i], `[${i}]`);
      } else {
        expect(actual).toBeTypeOf('number');
        compare(c, actual as number, c.expected, c.name);
      }
    });
  }

  afterAll(() => {
    if (!process.env.REFERENCE_REPORT) return;
    const rows = [...maxRelError].map(
      ([fn, { rel, name }]) => `  ${fn.padEnd(30)} ${rel.toExponential(2)}  (${name})`,
    );
    console.log(`largest relative error per function:\n${rows.join('\n')}`);
  });
});
