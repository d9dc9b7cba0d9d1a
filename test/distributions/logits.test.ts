/**
 * The probs / logits pair (PyTorch's `Bernoulli(probs=None, logits=None)` and kin): exactly one of them, the
 * same law either way, and values computed from the logits themselves where going through probs would round
 * them away (logits ±40: 1 − σ(40) = 4.2e-18 is 0 in p = σ(40)). Reference numbers: mpmath at 50 digits, in
 * test/fixtures/torch_distributions.json (test/parity/pytorch/distributions.test.ts); here the laws.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  Bernoulli,
  Binomial,
  Categorical,
  ContinuousBernoulli,
  Geometric,
  kl,
  SurprisalError,
} from '../../src/index.js';

const logit = (p: number) => Math.log(p) - Math.log1p(-p);

describe('probs and logits describe the same law', () => {
  it('Bernoulli, Binomial, Geometric: every method agrees between probs p and logits log(p/(1 − p))', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.01, max: 0.99, noNaN: true }), (p) => {
        const l = logit(p);
        const pairs = [
          [new Bernoulli(p), new Bernoulli({ logits: l })],
          [new Binomial(7, p), new Binomial(7, { logits: l })],
          [new Geometric(p), new Geometric({ logits: l })],
          [new ContinuousBernoulli(p), new ContinuousBernoulli({ logits: l })],
        ] as const;
        for (const [a, b] of pairs) {
          for (const x of [0, 1, 3, 0.25]) {
            expect(b.logProb(x)).toBeCloseTo(a.logProb(x), 12);
            expect(b.cdf(x)).toBeCloseTo(a.cdf(x), 12);
          }
          expect(b.entropy()).toBeCloseTo(a.entropy(), 12);
          expect(b.mean).toBeCloseTo(a.mean, 10);
          expect(b.quantile(0.37)).toBeCloseTo(a.quantile(0.37), 10);
          expect(kl(a, b)).toBeLessThan(1e-12);
        }
      }),
    );
  });

  it('Categorical: logits are normalised as PyTorch does (shifting them changes nothing)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -30, max: 30, noNaN: true }), { minLength: 1, maxLength: 6 }),
        fc.double({ min: -700, max: 700, noNaN: true }),
        (l, shift) => {
          const a = new Categorical({ logits: l });
          const b = new Categorical({ logits: l.map((v) => v + shift) });
          for (let k = 0; k < l.length; k++) expect(b.logProb(k)).toBeCloseTo(a.logProb(k), 9);
          expect(b.entropy()).toBeCloseTo(a.entropy(), 9);
          expect(kl(a, b)).toBeLessThan(1e-9);
          const c = new Categorical(a.probs, { normalize: true });
          expect(c.entropy()).toBeCloseTo(a.entropy(), 9);
        },
      ),
    );
  });
});

describe('exact in log space where probs round', () => {
  it('Bernoulli({ logits: 40 }): H = σ(40)softplus(−40) + σ(−40)softplus(40), variance σ(40)σ(−40)', () => {
    const d = new Bernoulli({ logits: 40 });
    expect(d.probs).toBe(1);
    expect(d.variance).toBeCloseTo(4.248354255291589e-18, 30);
    expect(d.entropy() / 1.7418252446695514e-16).toBeCloseTo(1, 14);
    expect(d.logProb(0)).toBe(-40); // −softplus(40) = −40 − 4.2e-18
    expect(d.quantile(1 - 1e-18)).toBe(1);
  });

  it('Geometric({ logits: −800 }): p = e⁻⁸⁰⁰ underflows, entropy 801 and logProb −800 do not', () => {
    const d = new Geometric({ logits: -800 });
    expect(d.entropy()).toBe(801);
    expect(d.logProb(5)).toBe(-800);
  });

  it('Categorical({ logits: [0, −800] }): logProb(1) and logSurvival(0) are −800, KL finite', () => {
    const c = new Categorical({ logits: [0, -800] });
    expect(c.probs[1]).toBe(0);
    expect(c.logProb(1)).toBe(-800);
    expect(c.logSurvival(0)).toBe(-800);
    expect(kl(c, new Categorical({ logits: [0, -900] }))).toBeGreaterThanOrEqual(0);
  });

  it('Bernoulli KL from logits: KL(logits 40 ‖ logits 41) = e⁻⁴⁰(1 − e⁻¹·…) > 0, not the 0 of rounded probs', () => {
    const v = kl(new Bernoulli({ logits: 40 }), new Bernoulli({ logits: 41 }));
    // p log(p/q) + (1 − p) log((1 − p)/(1 − q)) with 1 − p = σ(−40), 1 − q = σ(−41): ≈ σ(−40)·(1 − e⁻¹) + ...
    expect(v).toBeGreaterThan(1e-18);
    expect(v).toBeLessThan(5e-18);
  });
});

describe("ContinuousBernoulli's lims (PyTorch's Taylor band)", () => {
  it('is accepted and kept, and changes no value: every branch here is exact', () => {
    const a = new ContinuousBernoulli(0.4995);
    const b = new ContinuousBernoulli(0.4995, { lims: [0.4, 0.6] });
    expect(b.lims).toEqual([0.4, 0.6]);
    expect(a.lims).toEqual([0.499, 0.501]);
    for (const x of [0, 0.3, 1]) expect(b.logProb(x)).toBe(a.logProb(x));
    expect(b.cdf(0.3)).toBe(a.cdf(0.3));
    expect(b.entropy()).toBe(a.entropy());
  });

  it('the series and the closed forms meet at |logits| = 4 (continuity to 1e-14)', () => {
    for (const eta of [-4, 4]) {
      const inside = new ContinuousBernoulli({ logits: eta });
      const outside = new ContinuousBernoulli({ logits: eta * (1 + 1e-15) });
      expect(outside.mean).toBeCloseTo(inside.mean, 13);
      expect(outside.variance).toBeCloseTo(inside.variance, 13);
      expect(outside.entropy()).toBeCloseTo(inside.entropy(), 13);
      expect(outside.logProb(0.3)).toBeCloseTo(inside.logProb(0.3), 13);
    }
  });
});

describe('exactly one of probs and logits', () => {
  const cases: [string, () => unknown, string][] = [
    ['both', () => new Bernoulli({ probs: 0.2, logits: 1 } as never), 'INVALID_PARAMETER'],
    ['neither', () => new Binomial(2, {} as never), 'INVALID_PARAMETER'],
    ['unknown key', () => new Geometric({ prob: 0.2 } as never), 'INVALID_OPTION'],
    ['Categorical neither', () => new Categorical({} as never), 'INVALID_PARAMETER'],
    [
      'ContinuousBernoulli bad lims',
      () => new ContinuousBernoulli(0.3, { lims: [0.6, 0.7] }),
      'INVALID_OPTION',
    ],
  ];
  for (const [name, f, code] of cases) {
    it(`${name}: ${code}`, () => {
      try {
        f();
        expect.unreachable();
      } catch (e) {
        expect(e).toBeInstanceOf(SurprisalError);
        expect((e as SurprisalError).code).toBe(code);
      }
    });
  }
});
