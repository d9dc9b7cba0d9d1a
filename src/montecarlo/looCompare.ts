import { SurprisalError } from '../core/errors.js';
import { describe, readOptions } from '../core/options.js';
import type { LooResult, SummedEstimate } from './loo.js';
import type { WaicResult } from './waic.js';

/** Options of {@link looCompare}: none yet (an options object, if given, must be empty). */
export type LooCompareOptions = Record<string, never>;

/** One row of {@link looCompare}: a model, its difference to the best and the paired SE of that difference. */
export type LooComparisonRow = {
  model: string;
  /** elpd of this model minus the best model's (0 for the best, negative otherwise). */
  elpdDiff: number;
  /** √N · sd over observations of the pointwise differences (paired), as loo_compare's se_diff. */
  seDiff: number;
} & (
  | { elpdLoo: SummedEstimate; pLoo: SummedEstimate; looic: SummedEstimate }
  | { elpdWaic: SummedEstimate; pWaic: SummedEstimate; waic: SummedEstimate }
);

/** The pointwise elpd and summary of a loo or waic result; throws unless it is one. @internal */
export function elpdOf(
  r: unknown,
  name: string,
  fn: string,
): { pointwise: Float64Array; elpd: SummedEstimate; p: SummedEstimate; ic: SummedEstimate; kind: string } {
  const x = r as Partial<LooResult & WaicResult> | null;
  const isEstimate = (e: unknown): e is SummedEstimate =>
    !!e && typeof (e as SummedEstimate).value === 'number' && Number.isFinite((e as SummedEstimate).value);
  const isPointwise = (p: unknown): p is Float64Array =>
    p instanceof Float64Array && p.every(Number.isFinite);
  if (x && typeof x === 'object' && x.pointwise && x.estimates) {
    const e = x.estimates;
    if (
      isPointwise(x.pointwise.elpdLoo) &&
      isEstimate(e.elpdLoo) &&
      isEstimate(e.pLoo) &&
      isEstimate(e.looic)
    ) {
      return { pointwise: x.pointwise.elpdLoo, elpd: e.elpdLoo, p: e.pLoo, ic: e.looic, kind: 'loo' };
    }
    if (
      isPointwise(x.pointwise.elpdWaic) &&
      isEstimate(e.elpdWaic) &&
      isEstimate(e.pWaic) &&
      isEstimate(e.waic)
    ) {
      return { pointwise: x.pointwise.elpdWaic, elpd: e.elpdWaic, p: e.pWaic, ic: e.waic, kind: 'waic' };
    }
  }
  throw new SurprisalError(
    'INVALID_OPTION',
    `${fn}: model '${name}' is not a loo() or waic() result (finite pointwise elpd and estimates); got ${describe(r)}`,
    {
      argument: name,
      value: r,
    },
  );
}

/** The models of a record, checked: at least two, all loo or all waic, all over the same observations. @internal */
export function readModels(
  models: unknown,
  fn: string,
): { names: string[]; fits: ReturnType<typeof elpdOf>[] } {
  if (models === null || typeof models !== 'object' || Array.isArray(models)) {
    throw new SurprisalError(
      'INVALID_OPTION',
      `${fn}: models must be a record of names to loo() results; got ${describe(models)}`,
      {
        argument: 'models',
        value: models,
      },
    );
  }
  const names = Object.keys(models);
  if (names.length < 2) {
    throw new SurprisalError('EMPTY', `${fn}: comparing needs at least two models; got ${names.length}`, {
      argument: 'models',
    });
  }
  const fits = names.map((k) => elpdOf((models as Record<string, unknown>)[k], k, fn));
  const n = fits[0].pointwise.length;
  for (let j = 1; j < fits.length; j++) {
    if (fits[j].pointwise.length !== n) {
      throw new SurprisalError(
        'SHAPE_MISMATCH',
        `${fn}: models '${names[0]}' and '${names[j]}' have ${n} and ${fits[j].pointwise.length} observations; compare fits to the same data`,
        { argument: names[j], value: fits[j].pointwise.length },
      );
    }
    if (fits[j].kind !== fits[0].kind) {
      throw new SurprisalError('INVALID_OPTION', `${fn}: do not mix loo() and waic() results`, {
        argument: names[j],
      });
    }
  }
  return { names, fits };
}

/**
 * Compares models by their expected log predictive density, as R's `loo::loo_compare`: rows ordered best first,
 * with elpd_diff = elpd_model − elpd_best and se_diff = √N · sd(pointwise differences) (paired over the same
 * observations, so much smaller than the SEs of the two elpds would suggest). A difference within a couple of
 * se_diff is no evidence; loo's advice is to worry about differences above 4 when |elpd_diff| < 4 otherwise.
 *
 * @param models - a record of names to {@link loo} (or {@link waic}) results on the same observations.
 * @example
 * ```ts
 * const y = [-1.2, 0.3, 0.8, 2.5];
 * const mu = Array.from({ length: 400 }, (_, s) => 0.6 + ndtri((s + 0.5) / 400) / 2); // posterior draws of the mean
 * const ll = mu.map((m) => y.map((v) => new Normal(m, 1).logProb(v)));          // [400 draws, 4 observations]
 * const wide = mu.map((m) => y.map((v) => new Normal(m, 2).logProb(v)));
 * const rows = looCompare({ unit: loo(ll), wide: loo(wide) }); // [{ model: 'wide', ... }, { model: 'unit', ... }]
 * rows[1].elpdDiff; // -1.338207623528323
 * rows[1].seDiff;   // 2.044080420611693
 * ```
 * @throws {SurprisalError} `INVALID_OPTION` (not a record of loo results, mixed loo and waic), `EMPTY` (fewer than
 *   two models), `SHAPE_MISMATCH` (different numbers of observations).
 */
export function looCompare(
  models: Record<string, LooResult | WaicResult>,
  options?: LooCompareOptions,
): LooComparisonRow[] {
  const fn = 'looCompare';
  readOptions(options, fn, []);
  const { names, fits } = readModels(models, fn);
  // Stable order by elpd, best first (R's order(decreasing = TRUE) keeps ties in input order).
  const order = names.map((_, j) => j).sort((a, b) => fits[b].elpd.value - fits[a].elpd.value || a - b);
  const best = fits[order[0]].pointwise;
  const n = best.length;
  return order.map((j) => {
    const pt = fits[j].pointwise;
    let sum = 0;
    for (let i = 0; i < n; i++) sum += pt[i] - best[i];
    const mean = sum / n;
    let ss = 0;
    for (let i = 0; i < n; i++) ss += (pt[i] - best[i] - mean) ** 2;
    const f = fits[j];
    const head = { model: names[j], elpdDiff: sum, seDiff: Math.sqrt(n) * Math.sqrt(ss / (n - 1)) };
    return f.kind === 'loo'
      ? { ...head, elpdLoo: f.elpd, pLoo: f.p, looic: f.ic }
      : { ...head, elpdWaic: f.elpd, pWaic: f.p, waic: f.ic };
  });
}
