/**
 * R loo 2.5.1 `tests/testthat/test_psis.R`, ported: each `it` names the test_that it comes from. The
 * reference values (loo's .rds snapshots there) are recomputed by test/fixtures/generate_loo_parity.R with the
 * file's set.seed(123). Our `psis` takes one vector of log ratios (loo's `psis.default`); loo's array and matrix
 * methods are its columns, so they are ported column by column.
 *
 * Not ported: `throw_tail_length_warnings` (loo's internal warning formatter; we throw instead, see below).
 */
import { describe, expect, it } from 'vitest';
import { SurprisalError } from '../../../src/core/errors.js';
import { logSumExp } from '../../../src/core/logSumExp.js';
import { loo } from '../../../src/montecarlo/loo.js';
import { psis } from '../../../src/montecarlo/psis.js';
import { expectClose } from '../../helpers/fixtures.js';
import { col, firstDraws, fx, LLarr, LLmat, N, RTOL, S } from './shared.js';

const p = fx.psis;

function expectSurprisal(f: () => unknown, code?: string) {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(SurprisalError);
    if (code) expect((e as SurprisalError).code).toBe(code);
    return e as SurprisalError;
  }
  expect.fail('expected a SurprisalError');
}

describe('loo tests/testthat/test_psis.R', () => {
  const ours = Array.from({ length: N }, (_, j) => psis(col(LLmat, j, -1), { rEff: p.rEffArr[j] }));

  it("test_psis.R › psis results haven't changed (psis(-LLarr, r_eff), column by column)", () => {
    expectClose(
      ours.map((r) => r.khat),
      p.paretoK,
      RTOL,
      1e-12,
      'pareto_k',
    );
    expectClose(
      ours.map((r) => r.ess),
      p.nEff,
      RTOL,
      0,
      'n_eff',
    );
    expect(ours.map((r) => r.tailLength)).toEqual(p.tailLen);
    for (let j = 0; j < 4; j++) {
      // loo's log weights are unnormalised; the fixture normalises them to log-sum-exp 0, as ours are.
      expectClose(
        ours[j].logWeights,
        col(p.logWeightsNormalized4, j),
        RTOL,
        1e-12,
        `log_weights[, ${j + 1}]`,
      );
    }
  });

  it('test_psis.R › psis returns object with correct structure', () => {
    for (const r of ours) {
      expect(r.logWeights).toBeInstanceOf(Float64Array);
      expect(r.logWeights.length).toBe(S);
      expect(typeof r.khat).toBe('number');
      expect(typeof r.ess).toBe('number');
      expect(Object.keys(r).sort()).toEqual(['diagnosis', 'ess', 'khat', 'logWeights', 'tailLength']);
    }
  });

  it('test_psis.R › psis methods give same results (vector method, r_eff from chain_id)', () => {
    const v = psis(col(LLmat, 0, -1), { rEff: p.rEffVec });
    expectClose(v.khat, p.vec.paretoK, RTOL, 1e-12, 'pareto_k');
    expectClose(v.ess, p.vec.nEff, RTOL, 0, 'n_eff');
    expectClose(v.logWeights, p.vec.logWeightsNormalized, RTOL, 1e-12, 'log_weights');
    // psis(-LLvec) and psis(-LLmat[, 1]) are the same input here; the matrix column agrees bit for bit.
    const again = psis(Array.from(col(LLmat, 0, -1)), { rEff: p.rEffVec });
    expect(again.logWeights).toEqual(v.logWeights);
  });

  describe('test_psis.R › psis throws correct errors and warnings', () => {
    it('r_eff = NULL: deliberately silent here (default r_eff = 1), and equal to r_eff = NA as in loo', () => {
      // loo warns "Relative effective sample sizes ... not specified" and uses 1; we document the default 1
      // (and loo() computes r_eff from the chains of [chains, draws, N] input), so there is no warning.
      expect(p.rEffNaSame).toBe(true);
      const x = col(LLmat, 3, -1);
      expect(psis(x).logWeights).toEqual(psis(x, { rEff: 1 }).logWeights);
    });
    it('r_eff of the wrong length is an error ("one value per observation")', () => {
      expectSurprisal(() => loo(LLarr, { rEff: p.rEffArr.slice(1) }), 'INVALID_OPTION');
    });
    it('r_eff with some NA values is an error ("mix NA and not NA values")', () => {
      const r = p.rEffArr.slice();
      r[1] = Number.NaN;
      expectSurprisal(() => loo(LLarr, { rEff: r }), 'INVALID_OPTION');
      expectSurprisal(() => psis(col(LLmat, 1, -1), { rEff: Number.NaN }), 'INVALID_OPTION');
    });
    it('tail length: deliberately an error by default; shortTail "infinite" gives loo\'s k = Inf and raw weights', () => {
      // loo warns "Not enough tail samples to fit the generalized Pareto distribution" and returns k̂ = Inf with
      // the raw weights; a k̂ of Inf silently in a result is easy to miss, so we throw OUT_OF_RANGE unless asked.
      const short = firstDraws(5); // LLarr[1:5, , ]: 10 draws, tail ⌈min(2, 3√10)⌉ = 2 < 5
      const x0 = col({ shape: [10, N], data: short.data }, 0, -1);
      expectSurprisal(() => psis(x0), 'OUT_OF_RANGE');
      for (let j = 0; j < N; j++) {
        const r = psis(col({ shape: [10, N], data: short.data }, j, -1), { shortTail: 'infinite' });
        expect(r.khat).toBe(p.shortTail.paretoK[j]);
        if (j < 4) expectClose(r.logWeights, col(p.shortTail.logWeightsNormalized4, j), RTOL, 1e-14);
      }
    });
    it('NAs not allowed in input', () => {
      const x = col(LLmat, 0, -1);
      x[0] = Number.NaN;
      expectSurprisal(() => psis(x), 'NAN');
      const m = { shape: LLmat.shape, data: LLmat.data.slice() };
      m.data[0] = Number.NaN;
      expectSurprisal(() => loo(m), 'NAN');
    });
    it('All input values must be finite: loo refuses; deliberately, psis gives a −Inf log ratio weight 0', () => {
      // LLmat[10, 2] <- Inf; psis(-LLmat) has log ratio −Inf there. loo refuses; our psis documents that a
      // draw of log ratio −Infinity has weight 0 (the importance ratio is exactly 0), and +Infinity is refused.
      const x = col(LLmat, 1, -1);
      x[9] = Number.NEGATIVE_INFINITY;
      const r = psis(x);
      expect(r.logWeights[9]).toBe(Number.NEGATIVE_INFINITY);
      expect(Number.isFinite(r.khat)).toBe(true);
      x[9] = Number.POSITIVE_INFINITY;
      expectSurprisal(() => psis(x), 'NOT_FINITE');
      // A log-likelihood of +Inf (the test's input) is refused by loo(), as by R's loo().
      const m = { shape: LLmat.shape, data: LLmat.data.slice() };
      m.data[9 * N + 1] = Number.POSITIVE_INFINITY;
      expectSurprisal(() => loo(m), 'NOT_FINITE');
    });
    it('List not allowed as input', () => {
      const list = Array.from(col(LLmat, 0, -1), (v) => [v]);
      expectSurprisal(() => psis(list as unknown as number[]), 'NAN');
      expectSurprisal(() => psis({ a: 1 } as unknown as number[]));
    });
    it('if array, must be 3-D array (dim c(2, 250, 2, 32) is an error)', () => {
      expectSurprisal(() => loo({ data: LLmat.data, shape: [2, 250, 2, 32] }), 'SHAPE_MISMATCH');
    });
  });

  it('test_psis.R › weights method returns correct output (normalised weights sum to 1)', () => {
    for (const r of ours) {
      expect(Math.abs(logSumExp(r.logWeights))).toBeLessThan(1e-12);
      let sum = 0;
      for (const lw of r.logWeights) sum += Math.exp(lw);
      expect(Math.abs(sum - 1)).toBeLessThan(1e-12);
    }
  });

  it('test_psis.R › psis_n_eff methods works properly (n_eff = r_eff / Σ w²)', () => {
    let sq = 0;
    for (const lw of ours[0].logWeights) sq += Math.exp(2 * lw);
    expectClose(1 / sq, p.nEffR1, RTOL, 0, 'r_eff = 1');
    expectClose(2 / sq, p.nEffR2, RTOL, 0, 'r_eff = 2');
    expectClose(ours[0].ess, p.rEffArr[0] / sq, 1e-12, 0, 'ess of psis');
    // loo warns "not adjusted based on MCMC n_eff" without r_eff; our r_eff defaults to 1 (see above).
  });

  it('test_psis.R › do_psis_i throws warning if all tail values the same (k = Inf)', () => {
    const c = p.constantTail;
    const r = psis(c.x, { tailLength: c.tailLength });
    expect(c.paretoK).toBe(Number.POSITIVE_INFINITY);
    expect(r.khat).toBe(Number.POSITIVE_INFINITY);
    expectClose(r.logWeights, c.logWeightsNormalized, 1e-14, 1e-14, 'raw weights');
  });

  it('test_psis.R › psis_smooth_tail returns original tail values if k is infinite', () => {
    // loo's internal psis_smooth_tail(xx, 3); here through psis with the shortest tail we allow (5).
    const t = p.smoothTailInfinite;
    expect(t.k).toBe(Number.POSITIVE_INFINITY);
    const r = psis(t.tail, { tailLength: 5 });
    expect(r.khat).toBe(Number.POSITIVE_INFINITY);
    const lse = logSumExp(t.tail);
    expectClose(
      r.logWeights,
      t.tail.map((v) => v - lse),
      1e-14,
      1e-14,
      'original values',
    );
  });
});
