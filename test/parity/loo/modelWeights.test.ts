/**
 * R loo 2.5.1 `tests/testthat/test_model_weighting.R`, ported: each `it` names the test_that it comes from.
 * The data are the file's own: with set.seed(123), y ~ N(0, 1) (50) and 500 draws of each model's sd; the three
 * log-likelihood matrices are dnorm(y, μ_k, sd_k[s], log = TRUE), rebuilt here from the stored y and sd draws
 * with R's dnorm formula −(log √(2π) + z²/2 + log σ). References: test/fixtures/generate_loo_parity.R.
 *
 * Tolerances: stacking 1e-4 (loo's constrOptim stops early), pseudo-BMA 1e-8. Pseudo-BMA+ is deliberately
 * different: its Bayesian bootstrap draws Dirichlet weights from our seeded generator, not from R's
 * set.seed(123) stream, so it agrees only within the test's own tolerance (0.01 absolute, as the R test).
 *
 * Not ported: the warning "Relative effective sample sizes" and `r_eff_list` checks of the matrix-list form
 * (ours takes loo results; r_eff goes to loo(), whose check of its length is ported); `print` methods.
 */
import { describe, expect, it } from 'vitest';
import { SurprisalError } from '../../../src/core/errors.js';
import { type LooResult, loo } from '../../../src/montecarlo/loo.js';
import { modelWeights } from '../../../src/montecarlo/modelWeights.js';
import { expectClose } from '../../helpers/fixtures.js';
import { fx, RTOL } from './shared.js';

const m = fx.modelWeights;
const LN_SQRT_2PI = 0.9189385332046728; // R's M_LN_SQRT_2PI, rounded to double

/** dnorm(y, mu, sd[s], log = TRUE) for s = 1..500: a [500, 50] matrix. */
function logLik(k: number, draws = 500, obs = m.y.length) {
  const data: number[] = [];
  for (let s = 0; s < draws; s++) {
    const sigma = m.sd[k][s];
    for (let i = 0; i < obs; i++) {
      const z = (m.y[i] - m.mu[k]) / sigma;
      data.push(-(LN_SQRT_2PI + 0.5 * z * z + Math.log(sigma)));
    }
  }
  return { shape: [draws, obs], data };
}

const lls = [0, 1, 2].map((k) => logLik(k));
const looList = lls.map((ll) => loo(ll, { rEff: m.rEff }));
const models = { model1: looList[0], model2: looList[1], model3: looList[2] };

function code(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(SurprisalError);
    return (e as SurprisalError).code;
  }
  return 'no error';
}

describe('loo tests/testthat/test_model_weighting.R', () => {
  it('test_model_weighting.R › (setup) loo_list: loo(log_lik_k, r_eff = 0.9) as R', () => {
    looList.forEach((l: LooResult, k) => {
      const want = m.loo[k];
      expectClose(l.estimates.elpdLoo.value, want.estimates.elpd_loo.value, RTOL, 0, `elpd_loo ${k + 1}`);
      expectClose(l.estimates.elpdLoo.stdError, want.estimates.elpd_loo.stdError, RTOL, 0, `se ${k + 1}`);
      expectClose(l.estimates.pLoo.value, want.estimates.p_loo.value, RTOL, 0, `p_loo ${k + 1}`);
      expectClose(l.pointwise.elpdLoo, want.elpdLoo, RTOL, 1e-12, `pointwise ${k + 1}`);
      expectClose(l.diagnostics.khat, want.paretoK, RTOL, 1e-12, `pareto_k ${k + 1}`);
    });
  });

  describe('test_model_weighting.R › loo_model_weights throws correct errors and warnings', () => {
    it('loo_model_weights(log_lik1): a list of matrices or psis_loo objects', () => {
      expect(code(() => modelWeights(lls[0] as never))).toBe('INVALID_OPTION');
    });
    it('one model (list(log_lik1), list(loo_list[[1]]), method = "pseudobma"): at least two models', () => {
      expect(code(() => modelWeights({ model1: looList[0] }))).toBe('EMPTY');
      expect(code(() => modelWeights({ model1: looList[0] }, { method: 'pseudo-bma' }))).toBe('EMPTY');
      expect(code(() => modelWeights({ model1: looList[0] }, { method: 'pseudo-bma+' }))).toBe('EMPTY');
    });
    it('log_lik3[, -1] (49 observations): same dimensions', () => {
      const ll = logLik(2, 500, 49);
      expect(code(() => modelWeights({ ...models, model3: loo(ll, { rEff: m.rEff }) }))).toBe(
        'SHAPE_MISMATCH',
      );
    });
    it('log_lik2[-1, ] (499 draws): deliberately accepted (the weights need only the same observations)', () => {
      // loo refuses matrices (or loo objects whose dims attribute differ) with different numbers of draws.
      // Stacking and pseudo-BMA use only the pointwise elpd_loo of the same N observations; the number of
      // posterior draws behind each model's elpd may differ (models are often fitted with different S).
      const fewer = loo(logLik(1, 499), { rEff: m.rEff });
      const w = modelWeights({ model1: looList[0], model2: fewer });
      expect(w.model1 + w.model2).toBeCloseTo(1, 12);
    });
    it('r_eff of length 51 for 50 observations: an error', () => {
      expect(code(() => loo(lls[2], { rEff: new Array(51).fill(0.9) }))).not.toBe('no error');
    });
    it('list(loo_list[[1]], 2): list elements must all be psis_loo objects', () => {
      expect(code(() => modelWeights({ model1: looList[0], model2: 2 as never }))).toBe('INVALID_OPTION');
    });
  });

  it('test_model_weighting.R › loo_model_weights (stacking and pseudo-BMA) gives expected result', () => {
    const w1 = modelWeights(models, { method: 'stacking' });
    expect(Object.keys(w1)).toEqual(['model1', 'model2', 'model3']);
    expectClose(Object.values(w1), m.stacking, 0, 1e-4, 'stacking');
    expect(modelWeights(models)).toEqual(w1); // default method is stacking (w1_b)

    const w2 = modelWeights(models, { method: 'pseudo-bma+' });
    expect(Object.keys(w2)).toEqual(['model1', 'model2', 'model3']);
    expectClose(Object.values(w2), m.pseudoBmaBB, 0, 0.01, 'pseudo-BMA+ (R test tolerance; other RNG)');

    const w3 = modelWeights(models, { method: 'pseudo-bma' });
    expectClose(Object.values(w3), m.pseudoBma, RTOL, 1e-14, 'pseudo-BMA');
    // the R test's literal values, at its tolerance 0.01
    expectClose(Object.values(w3), [5.365279e-5, 9.999436e-1, 2.707028e-6], 0, 0.01, 'literal');
  });

  it('test_model_weighting.R › stacking_weights and pseudobma_weights throw correct errors (one model)', () => {
    for (const method of ['stacking', 'pseudo-bma', 'pseudo-bma+'] as const) {
      expect(code(() => modelWeights({ only: looList[2] }, { method }))).toBe('EMPTY');
    }
  });
});
