/**
 * Hostile input to the measures (issue #13): every bad argument gives a SurprisalError with a code, the argument and
 * the value, never a TypeError, a NaN or a silently wrong number; unknown option keys are named; huge declared
 * shapes are refused; interactionInformation sums its marginals successively instead of 2ⁿ passes.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  coInformation,
  conditionalEntropy,
  conditionalKlDivergence,
  conditionalMutualInformation,
  crossEntropy,
  dualTotalCorrelation,
  entropy,
  interactionInformation,
  jointEntropy,
  jsDivergence,
  klDivergence,
  mutualInformation,
  perplexity,
  renyiEntropy,
  surprisal,
  totalCorrelation,
  weightedJsDivergence,
} from '../../src/index.js';
import { jointTable } from '../helpers/arbitraries.js';
import { thrown } from '../helpers/errors.js';

const hostileEntries: unknown[] = [null, true, false, '0.5', 1n, {}, [0.5], undefined, Symbol('s')];

type Vec = ArrayLike<number>;
const pair = [0.5, 0.5];
const table = [
  [0.25, 0.25],
  [0.25, 0.25],
];
const cube = { data: new Array(8).fill(1 / 8), shape: [2, 2, 2] };

/** Every measure, called with a distribution argument `x` in first place (and a good one elsewhere). */
const vectorMeasures: [string, (x: unknown, o?: unknown) => unknown][] = [
  ['entropy', (x, o) => entropy(x as Vec, o as never)],
  ['crossEntropy p', (x, o) => crossEntropy(x as Vec, pair, o as never)],
  ['crossEntropy q', (x, o) => crossEntropy(pair, x as Vec, o as never)],
  ['klDivergence p', (x, o) => klDivergence(x as Vec, pair, o as never)],
  ['klDivergence q', (x, o) => klDivergence(pair, x as Vec, o as never)],
  ['jsDivergence p', (x, o) => jsDivergence(x as Vec, pair, o as never)],
  ['jsDivergence q', (x, o) => jsDivergence(pair, x as Vec, o as never)],
  // alpha joins the options under test; options that are not an object go in as they are.
  [
    'renyiEntropy',
    (x, o) =>
      renyiEntropy(
        x as Vec,
        o === undefined
          ? { alpha: 2 }
          : o !== null && typeof o === 'object' && !Array.isArray(o)
            ? { alpha: 2, ...o }
            : (o as never),
      ),
  ],
  ['perplexity', (x, o) => perplexity(x as Vec, o as never)],
];
const tableMeasures: [string, (x: unknown, o?: unknown) => unknown, unknown][] = [
  ['jointEntropy', (x, o) => jointEntropy(x as number[][], o as never), table],
  ['conditionalEntropy', (x, o) => conditionalEntropy(x as number[][], o as never), table],
  ['mutualInformation', (x, o) => mutualInformation(x as number[][], o as never), table],
  ['totalCorrelation', (x, o) => totalCorrelation(x as number[][], o as never), table],
  ['interactionInformation', (x, o) => interactionInformation(x as number[][], o as never), table],
  ['conditionalMutualInformation', (x, o) => conditionalMutualInformation(x as never, o as never), cube],
  ['coInformation', (x, o) => coInformation(x as number[][], o as never), table],
  ['dualTotalCorrelation', (x, o) => dualTotalCorrelation(x as number[][], o as never), table],
  ['conditionalKlDivergence p', (x, o) => conditionalKlDivergence(x as number[][], table, o as never), table],
  ['conditionalKlDivergence q', (x, o) => conditionalKlDivergence(table, x as number[][], o as never), table],
  // Rows that are each a distribution (the joint table's rows are not).
  [
    'weightedJsDivergence',
    (x, o) => weightedJsDivergence(x as number[][], o as never),
    [
      [0.5, 0.5],
      [0.25, 0.75],
    ],
  ],
];

describe('entries that are not numbers are named, whatever the form', () => {
  it('entropy([null, 1]) is an error naming p[0], not NaN; booleans likewise', () => {
    const e = thrown(() => entropy([null, 1] as unknown as number[]));
    expect(e.code).toBe('NAN');
    expect(e.argument).toBe('p');
    expect(e.index).toBe(0);
    expect(e.message).toContain('p[0] is null');
    expect(thrown(() => entropy([true, false] as unknown as number[])).index).toBe(0);
  });

  it('a string entry says so instead of reporting a concatenated sum', () => {
    const e = thrown(() => entropy(['0.5', '0.5'] as unknown as number[]));
    expect(e.message).toContain('p[0] is the string "0.5", not a number');
    expect(e.message).not.toContain('00.5');
    // '1' used to pass the check and give jsDivergence 0 silently
    expect(thrown(() => jsDivergence(['1'] as unknown as number[], [1])).code).toBe('NAN');
  });

  it('BigInt entries and BigInt64Array are SurprisalErrors, not TypeErrors', () => {
    expect(thrown(() => entropy([1n, 0n] as unknown as number[])).code).toBe('NAN');
    expect(thrown(() => entropy(BigInt64Array.of(1n) as unknown as number[])).code).toBe('SHAPE_MISMATCH');
  });

  it('a hole of a sparse array is named by its index', () => {
    // biome-ignore lint/suspicious/noSparseArray: the point of the test
    const e = thrown(() => entropy([0.5, , 0.5] as unknown as number[]));
    expect(e.index).toBe(1);
    expect(e.message).toContain('hole');
  });

  for (const [name, f] of vectorMeasures) {
    it(`${name}: every hostile entry, in every form, throws a SurprisalError`, () => {
      for (const from of ['probs', 'logprobs', 'logits'] as const) {
        for (const v of hostileEntries) {
          const e = thrown(() => f([v, 0.5], { from, normalize: true }));
          expect(['NAN', 'SHAPE_MISMATCH']).toContain(e.code);
        }
      }
    });
  }

  for (const [name, f] of tableMeasures) {
    it(`${name}: hostile entries of { data, shape } and nested tables throw SurprisalErrors`, () => {
      for (const v of hostileEntries) {
        thrown(() => f({ data: [v, 0.5, 0.25, 0.25], shape: [2, 2] }));
        thrown(() =>
          f([
            [v, 0.5],
            [0.25, 0.25],
          ]),
        );
      }
    });
  }
});

describe('hostile arguments and options', () => {
  const notArrays: unknown[] = [null, undefined, 3, 'abc', 1n, true, {}, { length: -1 }, { length: 1.5 }];

  for (const [name, f] of vectorMeasures) {
    it(`${name}: non-arrays, null options and unknown keys`, () => {
      for (const x of notArrays) thrown(() => f(x));
      // entropy(pk, qk) takes a second array as qk (SciPy's form), so [1] is data there, not options.
      const badOptions = name === 'entropy' ? [null, 3, 'bits'] : [null, 3, 'bits', [1]];
      for (const o of badOptions) expect(thrown(() => f(pair, o)).code).toBe('INVALID_OPTION');
      const e = thrown(() => f(pair, { reduce: 1 }));
      expect(e.code).toBe('INVALID_OPTION');
      expect(e.argument).toBe('reduce');
      expect(e.message).toContain('from');
      // axis is an option (SciPy's axis=), and out of range for a 1-D input.
      const a = thrown(() => f(pair, { axis: 1 }));
      expect(a.code).toBe('INVALID_OPTION');
      expect(a.argument).toBe('axis');
      for (const o of [
        { base: null },
        { base: 1n },
        { from: null },
        { from: 3 },
        { from: ['probs'] },
        { normalize: 'yes' },
        { tolerance: '0.1' },
      ]) {
        expect(thrown(() => f(pair, o)).code).toBe('INVALID_OPTION');
      }
    });
  }

  for (const [name, f, good] of tableMeasures) {
    it(`${name}: non-tables, huge declared shapes, null data, unknown keys`, () => {
      expect(f(good)).toBeTypeOf('number');
      for (const x of [null, undefined, 3, 'abc', {}, { data: null, shape: [2] }, { data: [1] }])
        thrown(() => f(x));
      for (const shape of [
        [2 ** 40, 2],
        [2 ** 31, 2 ** 31, 2],
        [-1, 2],
        [1.5, 2],
      ]) {
        expect(['SHAPE_MISMATCH', 'TOO_LARGE']).toContain(thrown(() => f({ data: [0.5, 0.5], shape })).code);
      }
      expect(thrown(() => f(good, { axis: 1 })).argument).toBe('axis');
      expect(thrown(() => f(good, null)).code).toBe('INVALID_OPTION');
    });
  }

  it('crossEntropy, klDivergence, jsDivergence: options, unit, p, q, then the lengths', () => {
    for (const f of [crossEntropy, klDivergence, jsDivergence]) {
      expect(thrown(() => f([2], [3], { bad: 1 } as never)).argument).toBe('bad');
      expect(thrown(() => f([2], [3], { base: -1 })).argument).toBe('base');
      expect(thrown(() => f([2], [3])).argument).toBe('p');
      expect(thrown(() => f([1], [3])).argument).toBe('q');
      expect(thrown(() => f([1], [0.5, 0.5])).code).toBe('SHAPE_MISMATCH');
      expect(thrown(() => f([0, 1], [0.5, 0.5], { from: ['probs', 'odds' as 'probs'] })).argument).toBe(
        'from',
      );
    }
  });

  it('renyiEntropy: hostile alpha', () => {
    for (const alpha of [null, undefined, '2', 2n, -1, Number.NaN, Symbol('a'), {}]) {
      const e = thrown(() => renyiEntropy(pair, { alpha: alpha as number }));
      expect(e.code).toBe('INVALID_OPTION');
      expect(e.argument).toBe('alpha');
    }
    // alpha is an option: without it, or given in the old positional place, the call is refused.
    expect(thrown(() => renyiEntropy(pair, {} as never)).argument).toBe('alpha');
    expect(thrown(() => renyiEntropy(pair, undefined as never)).argument).toBe('alpha');
    expect(thrown(() => renyiEntropy(pair, 2 as never)).code).toBe('INVALID_OPTION');
  });

  it('perplexity: hostile mean NLLs and keys', () => {
    for (const nll of [null, '3', 3n, Number.NaN, Symbol('n')])
      expect(thrown(() => perplexity({ nll: nll as number })).code).toBe('NAN');
    expect(thrown(() => perplexity({ nll: -1 })).code).toBe('OUT_OF_RANGE');
    expect(thrown(() => perplexity({ nll: 1, bse: 2 } as { nll: number })).argument).toBe('bse');
    expect(thrown(() => perplexity(pair, { base: 2 } as never)).argument).toBe('base');
  });

  it('surprisal: hostile p, options and forms', () => {
    for (const p of [null, '0.5', 1n, undefined, {}, [0.5]]) {
      const e = thrown(() => surprisal(p as number));
      expect(e.code).toBe('NAN');
      expect(e.argument).toBe('p');
    }
    expect(thrown(() => surprisal(0.5, null as unknown as never)).code).toBe('INVALID_OPTION');
    expect(thrown(() => surprisal(0.5, { normalize: true } as never)).argument).toBe('normalize');
    expect(thrown(() => surprisal(0.5, { from: ['probs', 'probs'] } as never)).code).toBe('INVALID_OPTION');
  });
});

describe('known answers that used to overflow', () => {
  it('entropy([1e308, 1e308], { normalize: true }) is log 2', () => {
    expect(entropy([1e308, 1e308], { normalize: true })).toBeCloseTo(Math.LN2, 15);
    expect(entropy([Number.MAX_VALUE, Number.MAX_VALUE, 0], { normalize: true, base: 2 })).toBe(1);
    expect(klDivergence([1e308, 1e308], [1, 3], { normalize: true })).toBeCloseTo(
      klDivergence([0.5, 0.5], [0.25, 0.75]),
      15,
    );
  });
});

/** II by the definition: every marginal summed straight from the joint table (the former implementation). */
function interactionByDefinition(data: number[], shape: number[]): number {
  const n = shape.length;
  let total = 0;
  for (let mask = 1; mask < 1 << n; mask++) {
    const kept = [...shape.keys()].filter((a) => mask & (1 << a));
    const marg = new Map<string, number>();
    const idx = new Array(n).fill(0);
    for (let i = 0; i < data.length; i++) {
      const key = kept.map((a) => idx[a]).join(',');
      marg.set(key, (marg.get(key) ?? 0) + data[i]);
      for (let d = n - 1; d >= 0; d--) {
        if (++idx[d] < shape[d]) break;
        idx[d] = 0;
      }
    }
    let h = 0;
    for (const p of marg.values()) if (p > 0) h -= p * Math.log(p);
    total += (n - kept.length) % 2 === 0 ? -h : h;
  }
  return total;
}

describe('interactionInformation by successive summation', () => {
  it('equals the definition on random tables of 2 to 5 axes', () => {
    for (const axes of [2, 3, 4, 5]) {
      fc.assert(
        fc.property(jointTable(axes), ({ data, shape }) => {
          const got = interactionInformation({ data, shape });
          expect(Math.abs(got - interactionByDefinition(data, shape))).toBeLessThan(1e-12);
        }),
        { numRuns: 30 },
      );
    }
  });

  it('14 and 16 binary axes are allowed and summed without blow-up (speed: not asserted here)', () => {
    const n = 14;
    const data = new Float64Array(2 ** n).fill(2 ** -n);
    // Independent fair bits: every interaction of order ≥ 2 is 0.
    expect(Math.abs(interactionInformation({ data, shape: new Array(n).fill(2) }))).toBeLessThan(1e-9);
    const d16 = new Float64Array(2 ** 16).fill(2 ** -16);
    expect(Math.abs(interactionInformation({ data: d16, shape: new Array(16).fill(2) }))).toBeLessThan(1e-9);
  }, 120_000);

  it('n copies of one fair bit: II = (−1)ⁿ bits (inclusion–exclusion with every H(T) = 1 bit)', () => {
    for (const n of [2, 3, 4, 5, 6]) {
      const data = new Float64Array(2 ** n);
      data[0] = 0.5;
      data[2 ** n - 1] = 0.5;
      const ii = interactionInformation({ data, shape: new Array(n).fill(2) }, { base: 2 });
      expect(ii).toBeCloseTo(n % 2 === 0 ? 1 : -1, 12);
    }
  });
});
