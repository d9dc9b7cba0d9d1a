/**
 * PyTorch's own distribution tests, ported: the cases of pytorch/pytorch test/distributions/test_distributions.py
 * (TestDistributions, TestKL, TestNumericalStability, TestAgainstScipy) for the families we have, each named by
 * its source test, against test/fixtures/torch_distributions.json (generate_torch_distributions.py).
 *
 * Every case is checked three ways:
 *   1. against the exact value (50-digit mpmath; for kl an independent quadrature or summation), tightly:
 *      relative 1e-12 (kl: 1e-8, the quadrature's accuracy) — so logits ±40 must keep their 1e-16-sized
 *      entropies and variances, not just be "close to 0";
 *   2. where PyTorch agrees with the exact value, against PyTorch's value too; where it does not (`differs`),
 *      the test asserts that we really differ from PyTorch, and its title gives the reason (PyTorch's eps clamp,
 *      probs rounded before 1 − p, the uniform cdf inside `lims`, the >= / <= support test of CB‖Uniform, ...);
 *   3. where the PyTorch test asserts a constant (`pytorchExpected`, e.g. Bernoulli([0.7, 0.2, 0.4]).entropy()
 *      = [0.6108, 0.5004, 0.6730] ± 1e-4), against that constant with the test's own atol.
 */
import { describe, expect, it } from 'vitest';
import * as lib from '../../../src/index.js';
import { expectClose, loadFixture } from '../../helpers/fixtures.js';

type Params = unknown[];
interface PointCase {
  id: number;
  source: string;
  family: string;
  params: Params;
  method: string;
  x: number | null;
  torchValue?: number;
  torchError?: string;
  exact: number;
  agrees: boolean;
  differs?: string;
  differsKind?: string;
  pytorchExpected?: number;
  pytorchAtol?: number;
}
interface KlCase {
  id: number;
  source: string;
  p: { family: string; params: Params };
  q: { family: string; params: Params };
  method: 'kl';
  torchValue?: number;
  check: number | 'none';
  agrees: boolean;
  differs?: string;
  differsKind?: string;
}

const fx = loadFixture<{ cases: (PointCase | KlCase)[] }>('torch_distributions.json');
type Ctor = new (...args: unknown[]) => lib.AnyDistribution;
const make = (family: string, params: Params): lib.UnivariateDistribution => {
  const C = (lib as unknown as Record<string, Ctor>)[family];
  // PyTorch's Categorical normalises what it is given (test_categorical_2d passes rows summing to 0.6).
  const args =
    family === 'Categorical' && Array.isArray(params[0]) ? [params[0], { normalize: true }] : params;
  return new C(...args) as lib.UnivariateDistribution;
};

function evaluate(c: PointCase): number {
  const d = make(c.family, c.params) as unknown as Record<string, unknown>;
  if (c.method === 'sample')
    return (d as unknown as lib.UnivariateDistribution).sample(lib.createRng(0), 1)[0];
  const m = d[c.method];
  return typeof m === 'function' ? (m as (x: unknown) => number).call(d, c.x) : (m as number);
}

/** The generator's agreement test: log-scale quantities absolutely (scale max(1, |v|)), others relatively. */
function near(got: number, want: number, method: string, rtol = 1e-12): boolean {
  if (!Number.isFinite(want) || !Number.isFinite(got)) return got === want;
  const atol = method === 'logProb' || method === 'entropy' ? rtol : 1e-300;
  return Math.abs(got - want) <= atol + rtol * Math.abs(want);
}

const short = (source: string) => source.replace('test/distributions/test_distributions.py::', '');
const args = (p: Params) => JSON.stringify(p).slice(1, -1);

describe('torch.distributions test cases (test_distributions.py), families and methods', () => {
  for (const c of fx.cases) {
    if (c.method === 'kl') continue;
    const p = c as PointCase;
    const label = `${short(p.source)}: ${p.family}(${args(p.params)}).${p.method}${p.x === null ? '' : `(${p.x})`}${p.differs ? ` — differs from PyTorch (${p.differsKind}): ${p.differs}` : ''}`;
    it(label, () => {
      const got = evaluate(p);
      // 1. exact value, relative 1e-12 (an exact 0 must come out as 0)
      expectClose(got, p.exact, 1e-12, p.exact === 0 ? 0 : 1e-300, `${label} vs exact`);
      // 2. PyTorch's value, or a real difference from it
      if (p.torchValue !== undefined) {
        if (p.agrees)
          expect(near(got, p.torchValue, p.method, 2e-12), `${label}: ${got} vs torch ${p.torchValue}`).toBe(
            true,
          );
        else
          expect(
            near(got, p.torchValue, p.method),
            `${label}: should differ from torch ${p.torchValue}`,
          ).toBe(false);
      }
      // 3. the constant the PyTorch test asserts, with its atol (not where PyTorch's constant is its clamped value)
      if (p.pytorchExpected !== undefined && p.agrees) {
        if (!Number.isFinite(p.pytorchExpected)) expect(got).toBe(p.pytorchExpected);
        else expect(Math.abs(got - p.pytorchExpected)).toBeLessThanOrEqual(p.pytorchAtol ?? 0);
      }
    });
  }
});

describe('torch.distributions.kl test cases (TestKL), every pair PyTorch registers among our families', () => {
  for (const c of fx.cases) {
    if (c.method !== 'kl') continue;
    const k = c as KlCase;
    const label = `${short(k.source)}: ${k.p.family}(${args(k.p.params)})‖${k.q.family}(${args(k.q.params)})${k.differs ? ` — differs from PyTorch (${k.differsKind}): ${k.differs}` : ''}`;
    it(label, () => {
      const got = lib.kl(make(k.p.family, k.p.params), make(k.q.family, k.q.params));
      if (k.check !== 'none') expectClose(got, k.check, 1e-8, 1e-15, `${label} vs check`);
      if (k.torchValue === undefined) return;
      if (k.agrees) expectClose(got, k.torchValue, 1e-10, 1e-13, `${label} vs torch`);
      else
        expect(
          near(got, k.torchValue, 'kl', 1e-8),
          `${label}: should differ from torch ${k.torchValue}`,
        ).toBe(false);
    });
  }

  it('registers a closed form for every pair of torch.distributions.kl._KL_REGISTRY among our families', () => {
    // the pairs of torch 1.13's registry with both families in the library (ExponentialFamily, Independent,
    // TransformedDistribution, HalfNormal, OneHotCategorical and the low-rank normal are not families here)
    const torchPairs = new Set(
      fx.cases.filter((c): c is KlCase => c.method === 'kl').map((c) => `${c.p.family}|${c.q.family}`),
    );
    const ours = new Set(lib.klPairs());
    for (const pair of torchPairs) expect(ours.has(pair), pair).toBe(true);
  });
});
