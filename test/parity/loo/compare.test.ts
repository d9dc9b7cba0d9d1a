/**
 * R loo 2.5.1 `tests/testthat/test_compare.R`, ported: each `it` names the test_that it comes from. The
 * reference tables (loo's .rds files there) are recomputed by test/fixtures/generate_loo_parity.R with the
 * file's set.seed(123): LLarr2 and LLarr3 are rnorm perturbations of loo's example array, which we cannot redraw,
 * so models 2 and 3 enter as R's waic (their pointwise elpd_waic and estimates); model 1 is our own waic of
 * example_loglik_array() (checked against R in the same test).
 *
 * Not ported: `loo_compare(w1, w2, x = list(w1, w2))` (ours takes one record of models, there is no second way to
 * pass them); the warnings for kfold objects with different K, LOO-CV against K-fold-CV and different `yhash`
 * attributes (no kfold objects or y hashes here); every test of the deprecated `compare()` (its numbers are
 * loo_compare's).
 */
import { describe, expect, it } from 'vitest';
import { SurprisalError } from '../../../src/core/errors.js';
import { looCompare } from '../../../src/montecarlo/looCompare.js';
import { type WaicResult, waic } from '../../../src/montecarlo/waic.js';
import { expectClose } from '../../helpers/fixtures.js';
import { type CompareTable, type Est, fx, LLarr, N, RTOL } from './shared.js';

const c = fx.compare;
const est = (e: Est) => ({ value: e.value, stdError: e.stdError });

/** A waic result carrying R's numbers for a model we cannot redraw (LLarr2, LLarr3). */
function fromR(m: 'model2' | 'model3'): WaicResult {
  const base = waic(LLarr);
  const r = c.waic[m];
  const elpd = Float64Array.from(r.elpdWaic);
  return {
    ...base,
    estimates: {
      elpdWaic: est(r.estimates.elpd_waic),
      pWaic: est(r.estimates.p_waic),
      waic: est(r.estimates.waic),
    },
    pointwise: { ...base.pointwise, elpdWaic: elpd, waic: elpd.map((v) => -2 * v) },
  };
}

const w1 = waic(LLarr);
const w2 = fromR('model2');
const w3 = fromR('model3');

function expectTable(rows: ReturnType<typeof looCompare>, want: CompareTable) {
  expect(rows.map((r) => r.model)).toEqual(want.rows);
  const t = want.table;
  expectClose(
    rows.map((r) => r.elpdDiff),
    t.elpd_diff,
    RTOL,
    1e-12,
    'elpd_diff',
  );
  expectClose(
    rows.map((r) => r.seDiff),
    t.se_diff,
    RTOL,
    1e-12,
    'se_diff',
  );
  const w = rows as unknown as { elpdWaic: Est; pWaic: Est; waic: Est }[];
  expectClose(
    w.map((r) => r.elpdWaic.value),
    t.elpd_waic,
    RTOL,
    1e-12,
    'elpd_waic',
  );
  expectClose(
    w.map((r) => r.elpdWaic.stdError),
    t.se_elpd_waic,
    RTOL,
    1e-12,
    'se_elpd_waic',
  );
  expectClose(
    w.map((r) => r.pWaic.value),
    t.p_waic,
    RTOL,
    1e-12,
    'p_waic',
  );
  expectClose(
    w.map((r) => r.pWaic.stdError),
    t.se_p_waic,
    RTOL,
    1e-12,
    'se_p_waic',
  );
  expectClose(
    w.map((r) => r.waic.value),
    t.waic,
    RTOL,
    1e-12,
    'waic',
  );
  expectClose(
    w.map((r) => r.waic.stdError),
    t.se_waic,
    RTOL,
    1e-12,
    'se_waic',
  );
}

function code(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(SurprisalError);
    return (e as SurprisalError).code;
  }
  return 'no error';
}

/** waic of LLarr without its first `drop` observations (loo's LLarr[, , -1], LLarr[, , -(1:2)]). */
function dropObservations(drop: number) {
  const data: number[] = [];
  for (let s = 0; s < 1000; s++) data.push(...LLarr.data.slice(s * N + drop, (s + 1) * N));
  return waic({ shape: [2, 500, N - drop], data });
}

describe('loo tests/testthat/test_compare.R', () => {
  describe('test_compare.R › loo_compare throws appropriate errors', () => {
    it('loo_compare(2, 3): must be a list if not a loo object', () => {
      expect(code(() => looCompare(2 as never))).toBe('INVALID_OPTION');
    });
    it("loo_compare(w1, list(1, 2, 3)): class 'loo'", () => {
      expect(code(() => looCompare({ w1, other: [1, 2, 3] as never }))).toBe('INVALID_OPTION');
    });
    it('loo_compare(w1) and loo_compare(x = list(w1)): requires at least two models', () => {
      expect(code(() => looCompare({ w1 }))).toBe('EMPTY');
    });
    it('loo_compare(w1, w3) and (w1, w2, w3) with w3 on N − 1 points: same number of data points', () => {
      const short = dropObservations(1);
      expect(code(() => looCompare({ w1, short }))).toBe('SHAPE_MISMATCH');
      expect(code(() => looCompare({ w1, w2, short }))).toBe('SHAPE_MISMATCH');
      expect(code(() => looCompare({ w1, shorter: dropObservations(2) }))).toBe('SHAPE_MISMATCH');
    });
  });

  it('test_compare.R › loo_compare returns expected results (2 models)', () => {
    // model 1 is ours: first its waic against R's
    expectClose(w1.pointwise.elpdWaic, c.waic.model1.elpdWaic, RTOL, 1e-12, 'waic(LLarr)');
    const same = looCompare({ model1: w1, model2: w1 });
    expectTable(same, c.same);
    expect(same.map((r) => r.elpdDiff)).toEqual([0, 0]);
    expect(same.map((r) => r.seDiff)).toEqual([0, 0]);
    expectTable(looCompare({ model1: w1, model2: w2 }), c.two);
  });

  it('test_compare.R › loo_compare returns expected result (3 models)', () => {
    const rows = looCompare({ model1: w1, model2: w2, model3: w3 });
    expectTable(rows, c.three);
    expect(rows[0].elpdDiff).toBe(0);
  });
});
