/**
 * Laws of coInformation, interactionInformation, totalCorrelation, dualTotalCorrelation, conditionalKlDivergence
 * and weightedJsDivergence (issue #17), with fast-check, and their option errors.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  coInformation,
  conditionalKlDivergence,
  conditionalMutualInformation,
  dualTotalCorrelation,
  entropy,
  interactionInformation,
  jointEntropy,
  jsDivergence,
  klDivergence,
  mutualInformation,
  totalCorrelation,
  weightedJsDivergence,
} from '../../src/index.js';
import { close, jointTable, probabilityVector } from '../helpers/arbitraries.js';
import { thrown } from '../helpers/errors.js';

/** The table with its axes in the order `perm` (axis i of the result is axis perm[i] of t). */
function permute(
  t: { data: number[]; shape: number[] },
  perm: number[],
): { data: number[]; shape: number[] } {
  const shape = perm.map((a) => t.shape[a]);
  const size = t.data.length;
  const data = new Array<number>(size);
  const strides = t.shape.map((_, i) => t.shape.slice(i + 1).reduce((a, b) => a * b, 1));
  const idx = new Array<number>(shape.length).fill(0);
  for (let j = 0; j < size; j++) {
    let from = 0;
    for (let i = 0; i < shape.length; i++) from += idx[i] * strides[perm[i]];
    data[j] = t.data[from];
    for (let i = shape.length - 1; i >= 0; i--) {
      if (++idx[i] < shape[i]) break;
      idx[i] = 0;
    }
  }
  return { data, shape };
}

describe('laws', () => {
  it('two variables: co-information = interaction information = total correlation = dual total correlation = I(X; Y)', () => {
    fc.assert(
      fc.property(jointTable(2), (t) => {
        const mi = mutualInformation(t);
        for (const v of [
          coInformation(t),
          interactionInformation(t),
          totalCorrelation(t),
          dualTotalCorrelation(t),
        ]) {
          expect(close(v, mi, 1e-10, 1e-13)).toBe(true);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('three variables: co-information = T − B (total minus dual total correlation), II = −CI; conditional CI(X; Y | Z) = I(X; Y | Z)', () => {
    fc.assert(
      fc.property(jointTable(3), (t) => {
        const ci = coInformation(t);
        expect(close(ci, totalCorrelation(t) - dualTotalCorrelation(t), 1e-9, 1e-12)).toBe(true);
        expect(close(interactionInformation(t), -ci, 1e-12, 1e-14)).toBe(true);
        const cmi = conditionalMutualInformation(t);
        expect(close(coInformation(t, { axes: [0, 1], given: [2] }), cmi, 1e-9, 1e-12)).toBe(true);
        expect(close(totalCorrelation(t, { given: [2] }), cmi, 1e-9, 1e-12)).toBe(true);
        expect(close(dualTotalCorrelation(t, { given: [2] }), cmi, 1e-9, 1e-12)).toBe(true);
      }),
      { numRuns: 60 },
    );
  });

  it('T ≥ 0, B ≥ 0, both 0 for one variable; the default T agrees with its entropy form; invariant under axis permutations', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 4 }).chain(jointTable), (t) => {
        const n = t.shape.length;
        const tc = totalCorrelation(t);
        const b = dualTotalCorrelation(t);
        expect(tc).toBeGreaterThanOrEqual(0);
        expect(b).toBeGreaterThanOrEqual(0);
        // axes given explicitly takes the entropy route; the default sums KL terms.
        const axes = t.shape.map((_, i) => i);
        expect(close(totalCorrelation(t, { axes }), tc, 1e-9, 1e-12)).toBe(true);
        // Σ H(Xᵢ) − H(X).
        let sumH = 0;
        for (let i = 0; i < n; i++) sumH += coInformation(t, { axes: [i] });
        expect(close(tc, sumH - jointEntropy(t), 1e-9, 1e-12)).toBe(true);
        const perm = axes.slice().reverse();
        const r = permute(t, perm);
        expect(close(totalCorrelation(r), tc, 1e-9, 1e-12)).toBe(true);
        expect(close(dualTotalCorrelation(r), b, 1e-9, 1e-12)).toBe(true);
        expect(close(coInformation(r), coInformation(t), 1e-9, 1e-12)).toBe(true);
        expect(totalCorrelation(t, { axes: [0] })).toBe(0);
        expect(dualTotalCorrelation(t, { axes: [[0, 1]] })).toBe(0);
      }),
      { numRuns: 60 },
    );
  });

  it('a joint variable of all axes: co-information = H(X); conditioned on everything: 0', () => {
    fc.assert(
      fc.property(jointTable(3), (t) => {
        expect(close(coInformation(t, { axes: [[0, 1, 2]] }), jointEntropy(t), 1e-12, 1e-14)).toBe(true);
        expect(Math.abs(coInformation(t, { axes: [0], given: [0, 1, 2] }))).toBeLessThan(1e-14);
      }),
      { numRuns: 30 },
    );
  });

  it('conditional KL: chain rule D(p_XZ ‖ q_XZ) = D(p_Z ‖ q_Z) + D(p(X|Z) ‖ q(X|Z)); without given it is klDivergence of the marginals', () => {
    fc.assert(
      fc.property(
        jointTable(3).chain((p) =>
          fc.tuple(fc.constant(p), probabilityVector(p.data.length, p.data.length, true)),
        ),
        ([p, qd]) => {
          const q = { data: qd, shape: p.shape };
          const joint = conditionalKlDivergence(p, q);
          expect(close(joint, klDivergence(p.data, q.data), 1e-9, 1e-12)).toBe(true);
          const dz = conditionalKlDivergence(p, q, { axes: [2] });
          const cond = conditionalKlDivergence(p, q, { axes: [0, 1], given: [2] });
          expect(cond).toBeGreaterThanOrEqual(0);
          expect(close(joint, dz + cond, 1e-9, 1e-12)).toBe(true);
          expect(conditionalKlDivergence(p, p, { axes: [0], given: [1, 2] })).toBe(0);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('weighted JS: two equal weights give jsDivergence; 0 ≤ JS_w ≤ H(w); H(Σ wᵢpᵢ) − Σ wᵢ H(pᵢ); zero weights drop a distribution', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: 8 })
          .chain((n) =>
            fc.tuple(
              fc.array(probabilityVector(n, n), { minLength: 2, maxLength: 5 }),
              probabilityVector(5, 5),
            ),
          ),
        ([dists, w5]) => {
          const w = w5.slice(0, dists.length);
          const s = w.reduce((a, b) => a + b, 0);
          if (!(s > 1e-3)) return;
          const weights = w.map((x) => x / s);
          const js = weightedJsDivergence(dists, { weights });
          expect(js).toBeGreaterThanOrEqual(0);
          expect(js).toBeLessThanOrEqual(entropy(weights) + 1e-15);
          const n = dists[0].length;
          const m = Array.from({ length: n }, (_, j) => dists.reduce((a, d, i) => a + weights[i] * d[j], 0));
          const def =
            entropy(m, { normalize: true }) - dists.reduce((a, d, i) => a + weights[i] * entropy(d), 0);
          expect(close(js, def, 1e-9, 1e-12)).toBe(true);
          expect(
            close(weightedJsDivergence(dists.slice(0, 2)), jsDivergence(dists[0], dists[1]), 1e-12, 1e-15),
          ).toBe(true);
          const withZero = weightedJsDivergence([...dists.slice(0, 2), dists[dists.length - 1]], {
            weights: [0.5, 0.5, 0],
          });
          expect(close(withZero, jsDivergence(dists[0], dists[1]), 1e-12, 1e-15)).toBe(true);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('weightedJsDivergence takes a { data, shape: [k, n] } table of rows and logits with from', () => {
    const rows = [
      [0.5, 0.5, 0],
      [0, 0.5, 0.5],
    ];
    const want = weightedJsDivergence(rows);
    expect(weightedJsDivergence({ data: rows.flat(), shape: [2, 3] })).toBe(want);
    expect(
      close(
        weightedJsDivergence([Float64Array.of(0, 0, -Infinity), Float64Array.of(-Infinity, 5, 5)], {
          from: 'logits',
        }),
        want,
        1e-15,
        1e-15,
      ),
    ).toBe(true);
  });
});

describe('option errors are SurprisalErrors naming the option', () => {
  const xor = { data: [0.25, 0, 0, 0.25, 0, 0.25, 0.25, 0], shape: [2, 2, 2] };
  for (const [name, f] of [
    ['coInformation', coInformation],
    ['interactionInformation', interactionInformation],
    ['totalCorrelation', totalCorrelation],
    ['dualTotalCorrelation', dualTotalCorrelation],
  ] as const) {
    it(`${name}: axes and given must be lists of axes of p`, () => {
      for (const [o, arg] of [
        [{ axes: [3] }, 'axes'],
        [{ axes: [[0, -1]] }, 'axes'],
        [{ axes: [0.5] }, 'axes'],
        [{ axes: 'all' }, 'axes'],
        [{ axes: ['0'] }, 'axes'],
        [{ given: [7] }, 'given'],
        [{ given: 2 }, 'given'],
        [{ axes: new Array(17).fill(0) }, 'axes'],
        [{ axis: [0] }, 'axis'],
        [{ from: ['probs', 'logits'] }, 'from'],
      ] as const) {
        const e = thrown(() => f(xor, o as never));
        expect(e.code).toBe('INVALID_OPTION');
        expect(e.argument).toBe(arg);
      }
    });
  }

  it('conditionalKlDivergence: shapes must agree; axes and given must be axes', () => {
    const p = [
      [0.5, 0],
      [0, 0.5],
    ];
    expect(thrown(() => conditionalKlDivergence(p, [[0.5, 0.5]])).code).toBe('SHAPE_MISMATCH');
    expect(thrown(() => conditionalKlDivergence(p, p, { given: [2] })).argument).toBe('given');
    expect(thrown(() => conditionalKlDivergence(p, p, { axes: 0 as never })).argument).toBe('axes');
    expect(
      thrown(() =>
        conditionalKlDivergence(p, [
          [1, 0],
          [0, 0.5],
        ]),
      ).code,
    ).toBe('NOT_NORMALIZED');
  });

  it('weightedJsDivergence: no distributions, ragged rows, weights that are not one per distribution or not a distribution', () => {
    expect(thrown(() => weightedJsDivergence([])).code).toBe('EMPTY');
    expect(thrown(() => weightedJsDivergence([[1], [0.5, 0.5]])).code).toBe('SHAPE_MISMATCH');
    expect(thrown(() => weightedJsDivergence([[1], [1]], { weights: [1] })).argument).toBe('weights');
    expect(thrown(() => weightedJsDivergence([[1], [1]], { weights: [-0.5, 1.5] })).code).toBe(
      'NEGATIVE_PROBABILITY',
    );
    expect(thrown(() => weightedJsDivergence({ data: [1, 1], shape: [2] })).code).toBe('SHAPE_MISMATCH');
    expect(thrown(() => weightedJsDivergence('p' as never)).code).toBe('SHAPE_MISMATCH');
    expect(thrown(() => weightedJsDivergence([[1], [1]], { from: ['probs', 'logits'] })).argument).toBe(
      'from',
    );
  });
});
