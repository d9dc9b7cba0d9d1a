/**
 * Every loss's gradient against central finite differences in float64, over random inputs and option sets.
 * Step h = 1e-6·max(1, |x|); the O(h²) truncation and O(ε/h) rounding errors give agreement to ~1e-7,
 * checked as |analytic − numeric| ≤ 1e-6·(1 + |numeric|).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  binaryCrossEntropy,
  binaryCrossEntropyWithLogits,
  crossEntropyLoss,
  gaussianNllLoss,
  klDivLoss,
  logSoftmax,
  nllLoss,
  poissonNllLoss,
  softmax,
} from '../../src/index.js';

type Loss = (x: Float64Array) => { loss: number | Float64Array; grad?: { data: ArrayLike<number> } };

function checkGradient(f: Loss, x0: Float64Array, label: string): void {
  const r = f(x0);
  const analytic = Array.from(r.grad?.data ?? []);
  expect(analytic.length).toBe(x0.length);
  const value = (x: Float64Array) => {
    const l = f(x).loss;
    return typeof l === 'number' ? l : l.reduce((a, b) => a + b, 0);
  };
  for (let i = 0; i < x0.length; i++) {
    const h = 1e-6 * Math.max(1, Math.abs(x0[i]));
    const xp = Float64Array.from(x0);
    const xm = Float64Array.from(x0);
    xp[i] += h;
    xm[i] -= h;
    const numeric = (value(xp) - value(xm)) / (2 * h);
    if (!(Math.abs(analytic[i] - numeric) <= 1e-6 * (1 + Math.abs(numeric)))) {
      expect.fail(`${label}: d/dx[${i}] analytic ${analytic[i]} vs finite difference ${numeric}`);
    }
  }
}

const floats = (n: number, lo: number, hi: number) =>
  fc
    .array(fc.double({ min: lo, max: hi, noNaN: true }), { minLength: n, maxLength: n })
    .map((a) => Float64Array.from(a));

const shapes = fc.record({
  n: fc.integer({ min: 1, max: 4 }),
  c: fc.integer({ min: 2, max: 5 }),
  d: fc.integer({ min: 1, max: 3 }),
});
const reductions = fc.constantFrom('mean' as const, 'sum' as const, 'none' as const);

describe('gradients agree with central finite differences', () => {
  it('crossEntropyLoss with index targets, weights, ignoreIndex, labelSmoothing, K-dim input', () => {
    fc.assert(
      fc.property(
        shapes.chain(({ n, c, d }) =>
          fc.record({
            shape: fc.constant([n, c, d]),
            x: floats(n * c * d, -5, 5),
            y: fc.array(fc.integer({ min: -1, max: c - 1 }), { minLength: n * d, maxLength: n * d }),
            w: fc.option(floats(c, 0.1, 2), { nil: undefined }),
            eps: fc.constantFrom(0, 0.1, 0.4),
            reduction: reductions,
          }),
        ),
        ({ shape, x, y, w, eps, reduction }) => {
          // −1 stands for an ignored position; keep at least one target so the mean is defined.
          const target = y.map((v, i) => (v < 0 && i > 0 ? -100 : Math.max(v, 0)));
          const f = (v: Float64Array) =>
            crossEntropyLoss({ data: v, shape }, target, { weight: w, labelSmoothing: eps, reduction });
          checkGradient(f, x, 'crossEntropyLoss');
        },
      ),
      { numRuns: 60 },
    );
  });

  it('crossEntropyLoss with probability targets', () => {
    fc.assert(
      fc.property(
        shapes.chain(({ n, c, d }) =>
          fc.record({
            shape: fc.constant([n, c, d]),
            x: floats(n * c * d, -5, 5),
            t: floats(n * c * d, 0, 1),
            w: fc.option(floats(c, 0.1, 2), { nil: undefined }),
            eps: fc.constantFrom(0, 0.2),
            reduction: reductions,
          }),
        ),
        ({ shape, x, t, w, eps, reduction }) => {
          const f = (v: Float64Array) =>
            crossEntropyLoss(
              { data: v, shape },
              { data: t, shape },
              { weight: w, labelSmoothing: eps, reduction },
            );
          checkGradient(f, x, 'crossEntropyLoss(prob)');
        },
      ),
      { numRuns: 40 },
    );
  });

  it('nllLoss', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 2, max: 6 }),
        reductions,
        (n, c, reduction) => {
          const x = Float64Array.from({ length: n * c }, (_, i) => -Math.abs(Math.sin(i + 1)) * 3);
          const y = Array.from({ length: n }, (_, i) => (i * 7) % c);
          checkGradient((v) => nllLoss({ data: v, shape: [n, c] }, y, { reduction }), x, 'nllLoss');
        },
      ),
      { numRuns: 20 },
    );
  });

  it('binaryCrossEntropy (away from the clamp) and binaryCrossEntropyWithLogits with posWeight', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }).chain((n) =>
          fc.record({
            n: fc.constant(n),
            p: floats(n * 3, 0.05, 0.95),
            logits: floats(n * 3, -8, 8),
            t: floats(n * 3, 0, 1),
            w: floats(3, 0.1, 2),
            pw: floats(3, 0.1, 4),
            reduction: reductions,
          }),
        ),
        ({ n, p, logits, t, w, pw, reduction }) => {
          const shape = [n, 3];
          checkGradient(
            (v) => binaryCrossEntropy({ data: v, shape }, { data: t, shape }, { weight: w, reduction }),
            p,
            'bce',
          );
          checkGradient(
            (v) =>
              binaryCrossEntropyWithLogits(
                { data: v, shape },
                { data: t, shape },
                { weight: w, posWeight: pw, reduction },
              ),
            logits,
            'bceWithLogits',
          );
        },
      ),
      { numRuns: 40 },
    );
  });

  it('klDivLoss, with probability and log-probability targets, every reduction', () => {
    for (const reduction of ['mean', 'batchmean', 'sum', 'none'] as const) {
      for (const logTarget of [false, true]) {
        const lq = logSoftmax([0.3, -1, 2, 0.5, 0.1, -0.2]);
        const t = logTarget ? logSoftmax([1, 0, -1, 2, 0, 0]) : softmax([1, 0, -1, 2, 0, 0]);
        checkGradient(
          (v) => klDivLoss({ data: v, shape: [2, 3] }, { data: t, shape: [2, 3] }, { reduction, logTarget }),
          lq,
          'kl',
        );
      }
    }
  });

  it('gaussianNllLoss (input and variance) and poissonNllLoss', () => {
    const x = Float64Array.of(0.3, -1.2, 2, 0.7);
    const y = [0.5, -1, 1, 0];
    const v = Float64Array.of(0.5, 2, 0.1, 1);
    for (const reduction of ['mean', 'sum', 'none'] as const) {
      checkGradient(
        (z) =>
          gaussianNllLoss(
            { data: z, shape: [2, 2] },
            { data: y, shape: [2, 2] },
            { data: v, shape: [2, 2] },
            { reduction },
          ),
        x,
        'gnll',
      );
      // d/dvar through the gradVar output
      const f = (z: Float64Array) => {
        const r = gaussianNllLoss(
          { data: x, shape: [2, 2] },
          { data: y, shape: [2, 2] },
          { data: z, shape: [2, 2] },
          { reduction },
        );
        return { loss: r.loss, grad: r.gradVar };
      };
      checkGradient(f, v, 'gnll var');
      checkGradient((z) => poissonNllLoss(z, [0, 1, 3, 2], { reduction }), x, 'poisson');
      checkGradient(
        (z) => poissonNllLoss(z, [0, 1, 3, 2], { reduction, logInput: false, full: true }),
        Float64Array.of(0.5, 1, 3, 2.5),
        'poisson rate',
      );
    }
  });
});
