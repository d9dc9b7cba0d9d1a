/**
 * The SciPy / NumPy reference values of test/fixtures/measures.json through the kernels' fast path over long
 * vectors: each case's probabilities are tiled m times as p/m (m a power of two, so the division is exact and
 * Σp unchanged), making a Float64Array of at least VECTOR_MIN entries that the kernels take, and the expected
 * value moves by an identity: H(P) = H(p) + log m (entropy, cross entropy, every Rényi order), D(P‖Q) = D(p‖q)
 * (KL, JS); logits are tiled as they are: logSumExp gains log m, softmax is divided by m, logSoftmax loses
 * log m. The tolerances are reference.test.ts's (rtol 1e-12, atol 1e-15, or the case's own), taken of the
 * tiled result's magnitude.
 */
import { describe, expect, it } from 'vitest';
import { logOfBase } from '../../src/core/units.js';
import { VECTOR_MIN } from '../../src/core/vectorKernels.js';
import * as lib from '../../src/index.js';
import { loadFixture } from '../helpers/fixtures.js';

interface Case {
  name: string;
  fn: string;
  args: unknown[];
  options: Record<string, unknown> | null;
  expected: number | number[];
  reference: string;
  rtol?: number;
  atol?: number;
}

const fixture = loadFixture<{ vectors: Record<string, number[]>; cases: Case[] }>('measures.json');

const SHIFTED = new Set(['entropy', 'crossEntropy', 'renyiEntropy']);
const SAME = new Set(['klDivergence', 'jsDivergence']);
const LOGITS = new Set(['logSumExp', 'softmax', 'logSoftmax']);

/** A case's arguments as plain arrays of numbers, or undefined for generated inputs and non-arrays. */
function arrays(c: Case): number[][] | undefined {
  const n = c.fn === 'renyiEntropy' ? 1 : c.args.length;
  const out: number[][] = [];
  for (const a of c.args.slice(0, n)) {
    const v =
      a !== null &&
      typeof a === 'object' &&
      !Array.isArray(a) &&
      typeof (a as { vector?: unknown }).vector === 'string'
        ? fixture.vectors[(a as { vector: string }).vector]
        : a;
    if (!Array.isArray(v) || v.length === 0 || !v.every((x) => typeof x === 'number')) return undefined;
    out.push(v as number[]);
  }
  return out;
}

/** The smallest power of two m with m·n ≥ VECTOR_MIN. */
const copies = (n: number) => 2 ** Math.ceil(Math.log2(VECTOR_MIN / n));

function tile(v: number[], m: number, scale: number): Float64Array {
  const out = new Float64Array(v.length * m);
  for (let j = 0; j < m; j++) for (let i = 0; i < v.length; i++) out[j * v.length + i] = v[i] * scale;
  return out;
}

/** Cases the fast path takes once tiled: probabilities with the default checks (or logits, as they are). */
const cases = fixture.cases.filter((c) => {
  const keys = Object.keys(c.options ?? {});
  if (SHIFTED.has(c.fn) || SAME.has(c.fn)) {
    if (!keys.every((k) => k === 'base')) return false;
    const xs = arrays(c);
    // Exact division by m: every entry stays a normal number (or 0); and a distribution, as the fixture gives it.
    return xs?.every((v) => v.every((x) => x === 0 || (x > 0 && x / 4096 >= 2 ** -1022))) ?? false;
  }
  return LOGITS.has(c.fn) && keys.length === 0 && arrays(c) !== undefined;
});

type AnyFn = (...args: unknown[]) => unknown;
const functions = lib as unknown as Record<string, AnyFn>;

function close(c: Case, actual: number, expected: number, shift: number, where: string): void {
  if (!Number.isFinite(expected)) {
    if (Number.isNaN(expected)) expect(actual, where).toBeNaN();
    else expect(actual, where).toBe(expected);
    return;
  }
  const want = expected + shift;
  const tol = (c.atol ?? 1e-15) + (c.rtol ?? 1e-12) * (Math.abs(expected) + Math.abs(shift));
  expect(Math.abs(actual - want), `${where}: got ${actual}, want ${want}`).toBeLessThanOrEqual(tol);
}

describe('reference values through the kernels (fixture cases tiled past VECTOR_MIN)', () => {
  it('the fixture has such cases for every measure', () => {
    const fns = new Set(cases.map((c) => c.fn));
    for (const fn of [...SHIFTED, ...SAME, ...LOGITS]) expect(fns.has(fn), fn).toBe(true);
  });

  for (const c of cases) {
    it(`${c.fn}(${c.name}${c.options?.base === undefined ? '' : `, base ${String(c.options.base)}`}) tiled matches ${c.reference}`, () => {
      const xs = arrays(c) as number[][];
      const m = copies(xs[0].length);
      const f = functions[c.fn];
      const logM = Math.log(m);
      if (LOGITS.has(c.fn)) {
        const x = tile(xs[0], m, 1);
        const actual = f(x) as number | Float64Array;
        if (c.fn === 'logSumExp') close(c, actual as number, c.expected as number, logM, c.name);
        else {
          const a = actual as Float64Array;
          const e = c.expected as number[];
          for (let i = 0; i < a.length; i++) {
            const want = e[i % e.length];
            if (c.fn === 'softmax') close(c, a[i] * m, want, 0, `[${i}]`);
            else close(c, a[i], want, -logM, `[${i}]`);
          }
        }
        return;
      }
      const tiled = xs.map((v) => tile(v, m, 1 / m));
      const k = c.options?.base === undefined ? 1 : logOfBase(c.options.base as never);
      const actual =
        c.fn === 'renyiEntropy'
          ? f(tiled[0], {
              ...c.options,
              alpha: c.args[1] === 'Infinity' ? Number.POSITIVE_INFINITY : c.args[1],
            })
          : f(...tiled, ...(c.options === null ? [] : [c.options]));
      close(c, actual as number, c.expected as number, SHIFTED.has(c.fn) ? logM / k : 0, c.name);
    });
  }
});
