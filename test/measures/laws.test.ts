/**
 * The laws of the seed, as properties: Shannon's axioms (continuity, maximisation, additivity), Gibbs'
 * inequality, KL's asymmetry and its identity with cross entropy, the JS bounds, MI as a KL divergence.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  conditionalEntropy,
  crossEntropy,
  entropy,
  interactionInformation,
  jointEntropy,
  jsDivergence,
  klDivergence,
  mutualInformation,
  renyiEntropy,
  totalCorrelation,
} from '../../src/index.js';
import { close, jointTable, probabilityPair, probabilityVector } from '../helpers/arbitraries.js';

const binaryEntropy = (t: number) => (t <= 0 || t >= 1 ? 0 : -t * Math.log(t) - (1 - t) * Math.log(1 - t));

function marginalRows(table: { data: number[]; shape: number[] }): number[] {
  const [a] = table.shape;
  const b = table.data.length / a;
  return Array.from({ length: a }, (_, i) => table.data.slice(i * b, (i + 1) * b).reduce((s, x) => s + x, 0));
}

describe('Shannon axiom 1: continuity', () => {
  it('|H(p) − H(q)| ≤ T log(n − 1) + h(T), T = ½‖p − q‖₁ (Fannes–Audenaert bound)', () => {
    fc.assert(
      fc.property(probabilityPair(2, 12), ([p, q]) => {
        const t = 0.5 * p.reduce((s, x, i) => s + Math.abs(x - q[i]), 0);
        const bound = t * Math.log(p.length - 1) + binaryEntropy(Math.min(t, 0.5));
        return Math.abs(entropy(p) - entropy(q)) <= bound + 1e-12;
      }),
    );
  });

  it('a perturbation of size ε moves H by O(ε log 1/ε)', () => {
    fc.assert(
      fc.property(probabilityVector(2, 12), fc.double({ min: 1e-12, max: 1e-3, noNaN: true }), (p, eps) => {
        const u = 1 / p.length;
        const q = p.map((x) => (1 - eps) * x + eps * u);
        return Math.abs(entropy(p) - entropy(q)) <= eps * Math.log(p.length) + binaryEntropy(eps) + 1e-12;
      }),
    );
  });
});

describe('Shannon axiom 2: maximisation', () => {
  it('H(p) ≤ log n, and log n − H(p) = D(p‖uniform) > 0 unless p is uniform', () => {
    fc.assert(
      fc.property(probabilityVector(1, 20), (p) => {
        const n = p.length;
        const u = new Array(n).fill(1 / n);
        const gap = Math.log(n) - entropy(p);
        const kl = klDivergence(p, u);
        const uniform = p.every((x) => Math.abs(x - 1 / n) < 1e-9);
        return gap >= -1e-12 && close(gap, kl, 1e-9, 1e-12) && (uniform || kl > 0);
      }),
    );
  });

  it('entropy(uniform(n)) is log n for n up to 10^5', () => {
    for (const n of [1, 2, 6, 1000, 100000]) {
      expect(entropy(new Float64Array(n).fill(1 / n))).toBeCloseTo(Math.log(n), 12);
    }
  });
});

describe('Shannon axiom 3: additivity', () => {
  it('chain rule: H(X, Y) = H(X) + H(Y | X)', () => {
    fc.assert(
      fc.property(jointTable(2), (t) =>
        close(jointEntropy(t), entropy(marginalRows(t)) + conditionalEntropy(t), 1e-12, 1e-13),
      ),
    );
  });

  it('grouping: H(p₁, p₂, p₃, ...) = H(p₁ + p₂, p₃, ...) + (p₁ + p₂)·H(p₁/(p₁+p₂), p₂/(p₁+p₂))', () => {
    fc.assert(
      fc.property(probabilityVector(3, 12, true), (p) => {
        const w = p[0] + p[1];
        const grouped = [w, ...p.slice(2)];
        const rhs = entropy(grouped) + w * entropy([p[0] / w, p[1] / w]);
        return close(entropy(p), rhs, 1e-11, 1e-13);
      }),
    );
  });

  it('independent parts add: H(p ⊗ q) = H(p) + H(q)', () => {
    fc.assert(
      fc.property(probabilityVector(1, 8), probabilityVector(1, 8), (p, q) => {
        const data = p.flatMap((x) => q.map((y) => x * y));
        return close(
          jointEntropy({ data, shape: [p.length, q.length] }),
          entropy(p) + entropy(q),
          1e-11,
          1e-13,
        );
      }),
    );
  });
});

describe("Gibbs' inequality and KL", () => {
  it('D(p‖q) ≥ 0, and D(p‖p) = 0 exactly', () => {
    fc.assert(
      fc.property(probabilityPair(1, 16), ([p, q]) => klDivergence(p, q) >= 0 && klDivergence(p, p) === 0),
    );
  });

  it('D(p‖q) = 0 only when p = q', () => {
    fc.assert(
      fc.property(probabilityPair(2, 8, true), ([p, q]) => {
        const differ = p.some((x, i) => Math.abs(x - q[i]) > 1e-6);
        return !differ || klDivergence(p, q) > 0;
      }),
    );
  });

  it('D(p‖q) = H(p, q) − H(p)', () => {
    fc.assert(
      fc.property(probabilityPair(1, 16, true), ([p, q]) =>
        close(klDivergence(p, q), crossEntropy(p, q) - entropy(p), 1e-9, 1e-12),
      ),
    );
  });

  it('KL is not symmetric: D(p‖q) ≠ D(q‖p) in general (the seed’s example)', () => {
    expect(klDivergence([0.5, 0.5], [0.9, 0.1])).toBeCloseTo(0.5108256237659907, 14);
    expect(klDivergence([0.9, 0.1], [0.5, 0.5])).toBeCloseTo(0.36806420716849697, 14);
  });

  it('H(p, q) ≥ H(p)', () => {
    fc.assert(fc.property(probabilityPair(1, 16), ([p, q]) => crossEntropy(p, q) >= entropy(p) - 1e-12));
  });
});

describe('Jensen–Shannon divergence', () => {
  it('0 ≤ JS(p, q) ≤ log 2 and JS(p, q) = JS(q, p)', () => {
    fc.assert(
      fc.property(probabilityPair(1, 16), ([p, q]) => {
        const a = jsDivergence(p, q);
        return a >= 0 && a <= Math.LN2 && close(a, jsDivergence(q, p), 1e-12, 1e-15);
      }),
    );
  });

  it('JS = H(m) − ½H(p) − ½H(q)', () => {
    fc.assert(
      fc.property(probabilityPair(1, 16), ([p, q]) => {
        const m = p.map((x, i) => 0.5 * x + 0.5 * q[i]);
        return close(jsDivergence(p, q), entropy(m) - 0.5 * entropy(p) - 0.5 * entropy(q), 1e-9, 1e-12);
      }),
    );
  });
});

describe('mutual information and friends', () => {
  it('I(X; Y) = D(p_xy ‖ p_x p_y) = H(X) + H(Y) − H(X, Y) ≥ 0', () => {
    fc.assert(
      fc.property(jointTable(2), (t) => {
        const [a, b] = t.shape;
        const px = marginalRows(t);
        const py = Array.from({ length: b }, (_, j) => px.reduce((s, _x, i) => s + t.data[i * b + j], 0));
        // In log space: a product of subnormal marginals underflows to 0.
        const logProduct = px.flatMap((x) => py.map((y) => Math.log(x) + Math.log(y)));
        const mi = mutualInformation(t);
        return (
          mi >= 0 &&
          close(mi, klDivergence(t.data.map(Math.log), logProduct, { from: 'logprobs' }), 1e-10, 1e-13) &&
          close(mi, entropy(px) + entropy(py) - jointEntropy(t), 1e-10, 1e-13) &&
          a * b === t.data.length
        );
      }),
    );
  });

  it('with two variables, total correlation and interaction information are the mutual information', () => {
    fc.assert(
      fc.property(jointTable(2), (t) => {
        const mi = mutualInformation(t);
        return (
          close(totalCorrelation(t), mi, 1e-10, 1e-13) && close(interactionInformation(t), mi, 1e-10, 1e-13)
        );
      }),
    );
  });
});

describe('Rényi entropy', () => {
  it('is non-increasing in α and passes through Shannon at α = 1', () => {
    fc.assert(
      fc.property(probabilityVector(1, 12), (p) => {
        const alphas = [0, 0.25, 0.5, 0.999999, 1, 1.000001, 2, 5, Number.POSITIVE_INFINITY];
        const h = alphas.map((a) => renyiEntropy(p, { alpha: a }));
        return h.every((x, i) => i === 0 || x <= h[i - 1] + 1e-12) && close(h[4], entropy(p), 1e-15, 1e-15);
      }),
    );
  });

  it('is continuous through α = 1', () => {
    const p = [0.5, 0.3, 0.15, 0.05];
    for (const d of [1e-3, 1e-6, 1e-9, 1e-12, 1e-15]) {
      expect(Math.abs(renyiEntropy(p, { alpha: 1 + d }) - entropy(p))).toBeLessThan(2 * d);
      expect(Math.abs(renyiEntropy(p, { alpha: 1 - d }) - entropy(p))).toBeLessThan(2 * d);
    }
  });
});

describe('encodings and units', () => {
  it('the same distribution as probs, logprobs and shifted logits gives the same measures', () => {
    fc.assert(
      fc.property(
        probabilityPair(1, 12, true),
        fc.double({ min: -500, max: 500, noNaN: true }),
        ([p, q], c) => {
          const lp = p.map(Math.log);
          const lq = q.map(Math.log);
          const logits = lq.map((x) => x + c);
          return (
            close(entropy(lp, { from: 'logprobs' }), entropy(p), 1e-9, 1e-12) &&
            close(
              entropy(
                lp.map((x) => x + c),
                { from: 'logits' },
              ),
              entropy(p),
              1e-9,
              1e-12,
            ) &&
            close(klDivergence(p, logits, { from: ['probs', 'logits'] }), klDivergence(p, q), 1e-9, 1e-12) &&
            close(crossEntropy(p, logits, { from: ['probs', 'logits'] }), crossEntropy(p, q), 1e-9, 1e-12)
          );
        },
      ),
    );
  });

  it('bits = nats / ln 2 and hartleys = nats / ln 10', () => {
    fc.assert(
      fc.property(probabilityVector(1, 12), (p) => {
        const h = entropy(p);
        return (
          close(entropy(p, { base: 'bits' }), h / Math.LN2) && close(entropy(p, { base: 10 }), h / Math.LN10)
        );
      }),
    );
  });
});
