/**
 * The measures along an axis against scipy.stats.entropy(pk, qk, base, axis=) (test/fixtures/axis_measures.json,
 * from test/fixtures/generate_axis_measures.py): entropy, klDivergence (and entropy(pk, qk)), crossEntropy as
 * SciPy's H + D, renyiEntropy of order 2; every axis of 2-D and 3-D tensors, negative axes, base 2, and qk
 * broadcast against pk.
 */
import { describe, expect, it } from 'vitest';
import { crossEntropy, entropy, klDivergence, renyiEntropy } from '../../src/index.js';
import { thrown } from '../helpers/errors.js';
import { expectClose, loadFixture } from '../helpers/fixtures.js';

interface Tensor {
  data: number[];
  shape: number[];
}
interface Case {
  name: string;
  pk: Tensor;
  qk: Tensor;
  axis: number;
  base: number | null;
  entropy?: number[];
  kl: number[];
  crossEntropy?: number[];
  renyi2?: number[];
  keptShape: number[];
}
const { cases } = loadFixture<{ cases: Case[] }>('axis_measures.json');

describe('measures along an axis match scipy.stats.entropy(pk, qk, axis=)', () => {
  for (const c of cases) {
    it(c.name, () => {
      const o = { axis: c.axis, ...(c.base === null ? {} : { base: c.base }) };
      const kl = klDivergence(c.pk, c.qk, o);
      expect(kl).toBeInstanceOf(Float64Array);
      expectClose(kl, c.kl, 1e-12, 1e-15, 'klDivergence');
      expectClose(entropy(c.pk, c.qk, o), c.kl, 1e-12, 1e-15, 'entropy(pk, qk)');
      if (c.entropy) expectClose(entropy(c.pk, o), c.entropy, 1e-12, 1e-15, 'entropy');
      if (c.crossEntropy)
        expectClose(crossEntropy(c.pk, c.qk, o), c.crossEntropy, 1e-12, 1e-15, 'crossEntropy');
      if (c.renyi2) expectClose(renyiEntropy(c.pk, { alpha: 2, ...o }), c.renyi2, 1e-12, 1e-15, 'renyi');
      expect(kl.length).toBe(c.keptShape.reduce((a, b) => a * b, 1));
    });
  }
});

describe('axis forms and their errors', () => {
  it('nested arrays and { data, shape } without axis are measured along axis 0, as SciPy', () => {
    const nested = [
      [1, 2],
      [3, 2],
    ];
    expectClose(entropy(nested), [entropy([0.25, 0.75]), entropy([0.5, 0.5])], 1e-15, 0);
    expectClose(entropy({ data: [1, 2, 3, 2], shape: [2, 2] }), entropy(nested), 0, 0);
  });
  it('flat input with axis 0 gives a one-value Float64Array; without axis, the number as before', () => {
    expect(entropy([1, 3], { axis: 0 })).toEqual(new Float64Array([entropy([0.25, 0.75])]));
    expect(entropy([0.25, 0.75])).toBeTypeOf('number');
  });
  it('an array of axes measures over all of them', () => {
    const t = { data: [1, 2, 3, 4, 5, 6, 7, 8], shape: [2, 2, 2] };
    const all = entropy(t, { axis: [1, 2] });
    expectClose(
      all,
      [entropy([1, 2, 3, 4], { normalize: true }), entropy([5, 6, 7, 8], { normalize: true })],
      1e-15,
      0,
    );
  });
  it('normalize: false keeps the strict check per slice, and the error names the slice', () => {
    const e = thrown(() =>
      entropy(
        [
          [0.5, 0.5],
          [0.5, 0.6],
        ],
        { axis: 1, normalize: false },
      ),
    );
    expect(e.code).toBe('NOT_NORMALIZED');
    expect(e.message).toContain('slice 1');
  });
  it('refuses axes out of range, shapes that do not broadcast, negative entries', () => {
    expect(thrown(() => entropy([[1, 2]], { axis: 2 })).code).toBe('INVALID_OPTION');
    expect(thrown(() => klDivergence([[1, 2]], [[1, 2, 3]], { axis: 1 })).code).toBe('SHAPE_MISMATCH');
    expect(thrown(() => entropy([[1, -2]], { axis: 1 })).code).toBe('NEGATIVE_PROBABILITY');
    expect(thrown(() => renyiEntropy([[1, 2]], { axis: 1 } as never)).code).toBe('INVALID_OPTION');
  });
});
