/** One test per error code: bad input throws a SurprisalError naming the argument, index and value. */
import { describe, expect, it } from 'vitest';
import {
  Accumulator,
  conditionalMutualInformation,
  crossEntropy,
  entr,
  entropy,
  fsum,
  jointEntropy,
  klDivergence,
  logOfBase,
  logSoftmax,
  logSumExp,
  mutualInformation,
  relEntr,
  renyiEntropy,
  softmax,
  surprisal,
  xlog1py,
  xlogy,
} from '../../src/index.js';
import { thrown } from '../helpers/errors.js';

describe('SurprisalError', () => {
  it('NEGATIVE_PROBABILITY names the argument, index and value', () => {
    const e = thrown(() => entropy([0.5, -0.1, 0.6]));
    expect(e.code).toBe('NEGATIVE_PROBABILITY');
    expect(e.name).toBe('SurprisalError');
    expect(e.argument).toBe('p');
    expect(e.index).toBe(1);
    expect(e.value).toBe(-0.1);
    expect(e.message).toContain('p[1] = -0.1');
  });

  it('NAN for a NaN probability, logit or scalar', () => {
    expect(thrown(() => entropy([0.5, Number.NaN, 0.5])).code).toBe('NAN');
    expect(thrown(() => entropy([0, Number.NaN], { from: 'logits' })).index).toBe(1);
    expect(thrown(() => klDivergence([0.5, 0.5], Float32Array.of(0.5, Number.NaN))).argument).toBe('q');
    expect(thrown(() => surprisal(Number.NaN)).code).toBe('NAN');
  });

  it('NOT_FINITE for an infinite probability or a +Infinity logit', () => {
    expect(thrown(() => entropy([Number.POSITIVE_INFINITY, 0])).code).toBe('NOT_FINITE');
    expect(thrown(() => entropy([0, Number.POSITIVE_INFINITY], { from: 'logits' })).code).toBe('NOT_FINITE');
  });

  it('NOT_NORMALIZED for input that does not sum to 1, with the sum in the message', () => {
    const e = thrown(() => entropy([0.5, 0.4]));
    expect(e.code).toBe('NOT_NORMALIZED');
    expect(e.message).toContain('0.9');
    expect(thrown(() => entropy([-1, -2], { from: 'logprobs' })).code).toBe('NOT_NORMALIZED');
    expect(thrown(() => entropy([0, 0], { normalize: true })).code).toBe('NOT_NORMALIZED');
    expect(thrown(() => entropy([Number.NEGATIVE_INFINITY], { from: 'logits' })).code).toBe('NOT_NORMALIZED');
    // within tolerance is accepted; a looser tolerance accepts more
    expect(entropy([0.5, 0.5 + 1e-9])).toBeCloseTo(Math.LN2, 8);
    expect(entropy([0.5, 0.49], { tolerance: 0.1 })).toBeGreaterThan(0);
  });

  it('OUT_OF_RANGE for a probability outside [0, 1] given to surprisal', () => {
    expect(thrown(() => surprisal(1.5)).code).toBe('OUT_OF_RANGE');
    expect(thrown(() => surprisal(-0.1)).code).toBe('OUT_OF_RANGE');
    expect(thrown(() => surprisal(0.1, { from: 'logprobs' })).code).toBe('OUT_OF_RANGE');
  });

  it('SHAPE_MISMATCH for different lengths, ragged tables and wrong shapes', () => {
    const e = thrown(() => klDivergence([0.5, 0.5], [1 / 3, 1 / 3, 1 / 3]));
    expect(e.code).toBe('SHAPE_MISMATCH');
    expect(e.message).toContain('2 and 3');
    expect(thrown(() => crossEntropy([1], [0.5, 0.5])).code).toBe('SHAPE_MISMATCH');
    expect(thrown(() => jointEntropy([[0.5, 0.25], [0.25]])).code).toBe('SHAPE_MISMATCH');
    expect(thrown(() => jointEntropy({ data: [0.5, 0.5], shape: [3] })).code).toBe('SHAPE_MISMATCH');
    expect(thrown(() => mutualInformation([0.5, 0.5])).code).toBe('SHAPE_MISMATCH');
    expect(thrown(() => conditionalMutualInformation([[0.5, 0.5]])).code).toBe('SHAPE_MISMATCH');
  });

  it('EMPTY for an empty distribution or table', () => {
    expect(thrown(() => entropy([])).code).toBe('EMPTY');
    expect(thrown(() => entropy(new Float64Array(0), { from: 'logits' })).code).toBe('EMPTY');
    expect(thrown(() => jointEntropy([[]])).code).toBe('EMPTY');
  });

  it('INVALID_OPTION for a bad base, alpha, tolerance or form', () => {
    for (const base of [0, 1, -2, Number.NaN, Number.POSITIVE_INFINITY]) {
      const e = thrown(() => entropy([1], { base }));
      expect(e.code).toBe('INVALID_OPTION');
      expect(e.argument).toBe('base');
    }
    expect(thrown(() => entropy([1], { base: 'bytes' as 'bits' })).code).toBe('INVALID_OPTION');
    expect(thrown(() => renyiEntropy([1], { alpha: -1 })).code).toBe('INVALID_OPTION');
    expect(thrown(() => renyiEntropy([1], { alpha: Number.NaN })).code).toBe('INVALID_OPTION');
    expect(thrown(() => entropy([1], { tolerance: -1 })).code).toBe('INVALID_OPTION');
    expect(thrown(() => entropy([1], { from: 'odds' as 'probs' })).code).toBe('INVALID_OPTION');
  });
});

describe('core exports refuse hostile arguments with a SurprisalError (issue #13)', () => {
  const arrayFns: [string, (x: never) => unknown][] = [
    ['logSumExp', logSumExp],
    ['softmax', softmax],
    ['logSoftmax', logSoftmax],
    ['fsum', fsum],
  ];
  for (const [name, f] of arrayFns) {
    it(`${name}: non-arrays, BigInt arrays and non-number entries`, () => {
      for (const x of [null, undefined, 5, 'abc', 1n, {}, { length: -1 }, BigInt64Array.of(1n)]) {
        const e = thrown(() => f(x as never));
        expect(e.code).toBe('SHAPE_MISMATCH');
        expect(e.argument).toBeDefined();
        expect(e.message).toContain(name);
      }
      for (const v of [null, '1', true, 1n, {}, undefined]) {
        const e = thrown(() => f([0, v] as never));
        expect(e.code).toBe('NAN');
        expect(e.index).toBe(1);
      }
      // biome-ignore lint/suspicious/noSparseArray: the point of the test
      expect(thrown(() => f([0, , 1] as never)).message).toContain('hole');
      // NaN keeps its documented meaning (it propagates), and typed arrays pass
      expect(f(Float64Array.of(0, 1) as never)).toBeDefined();
    });
  }

  it('fsum no longer concatenates strings, and Accumulator.add refuses non-numbers', () => {
    expect(thrown(() => fsum(['1', '2'] as never)).message).toContain('values[0] is the string "1"');
    for (const v of ['1', null, 1n, undefined]) {
      const e = thrown(() => new Accumulator().add(v as never));
      expect(e.code).toBe('NAN');
      expect(e.argument).toBe('x');
    }
  });

  it('xlogy, xlog1py, entr, relEntr refuse non-numbers instead of returning NaN or a TypeError', () => {
    for (const v of ['a', null, 1n, undefined, {}]) {
      expect(thrown(() => xlogy(v as never, 1)).argument).toBe('x');
      expect(thrown(() => xlogy(1, v as never)).argument).toBe('y');
      expect(thrown(() => xlog1py(v as never, 1)).code).toBe('NAN');
      expect(thrown(() => entr(v as never)).code).toBe('NAN');
      expect(thrown(() => relEntr(v as never, 1)).code).toBe('NAN');
      expect(thrown(() => relEntr(1, v as never)).argument).toBe('y');
    }
  });

  it('logOfBase refuses every hostile base; the measures name themselves in the message', () => {
    for (const b of [null, 1n, '2', {}, [2], 0, 1, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
      const e = thrown(() => logOfBase(b as never));
      expect(e.code).toBe('INVALID_OPTION');
      expect(e.argument).toBe('base');
      expect(e.message).toMatch(/^logOfBase: base/);
      expect(thrown(() => entropy([1], { base: b as never })).message).toMatch(/^entropy: base/);
    }
  });
});
