/**
 * Chi-squared divergences estimated from counts and the G and Pearson tests: R `entropy`'s `chi2.*`,
 * `chi2indep.*`, `Gstat`, `chi2stat`, `Gstatindep` and `chi2statindep`.
 * @module
 */
import { SurprisalError } from '../core/errors.js';
import { describe, readChoiceOption, readOptions } from '../core/options.js';
import { Accumulator } from '../core/sum.js';
import { readTable, type TableInput } from '../core/tensor.js';
import { gammaincc } from '../special/index.js';
import { readCounts } from './counts.js';
import {
  chi2OfFrequencies,
  FREQUENCY_METHODS,
  type FrequencyMethod,
  frequencies,
  readPseudocount,
} from './discreteDivergence.js';

/** Options of {@link estimateChiSquaredDivergence}. */
export interface EstimateChiSquaredDivergenceOptions {
  /** How each sample's frequencies are estimated (default `'plugin'`; see {@link FrequencyMethod}). */
  method?: FrequencyMethod;
  /** Pseudocount of `'dirichlet'`: a number ≥ 0, or [a1, a2] (R's a1, a2). */
  pseudocount?: number | [number, number];
}

/** A χ² divergence estimate with its delta-method standard error. */
export interface ChiSquaredDivergenceEstimate {
  value: number;
  /** Delta-method standard error (see the function); NaN only for an infinite value, said in `warnings`. */
  stdError: number;
  method: FrequencyMethod;
  /** Total counts of P and Q. */
  n: number;
  m: number;
  /** Shrinkage intensities of P's and Q's frequencies (`'shrink'`). */
  lambda?: [number, number];
  /** Pseudocounts added to P's and Q's counts (Dirichlet methods). */
  pseudocount?: [number, number];
  warnings: string[];
}

function total(y: Float64Array): number {
  let n = 0;
  for (const c of y) n += c;
  return n;
}

function readCountsPair(p: unknown, q: unknown, fn: string): [Float64Array, Float64Array] {
  const one = (x: unknown, name: string): Float64Array => {
    if (x === null || typeof x !== 'object' || !('counts' in x)) {
      throw new SurprisalError('SHAPE_MISMATCH', `${fn}: ${name} must be { counts }; got ${describe(x)}`, {
        argument: name,
        value: x,
      });
    }
    readOptions(x, fn, ['counts'], name);
    return readCounts((x as { counts: ArrayLike<number> }).counts, fn, `${name}.counts`);
  };
  const a = one(p, 'countsP');
  const b = one(q, 'countsQ');
  if (a.length !== b.length) {
    throw new SurprisalError(
      'SHAPE_MISMATCH',
      `${fn}: the counts of P and Q must cover the same bins; got ${a.length} and ${b.length} bins`,
      { argument: 'countsQ', value: b.length },
    );
  }
  return [a, b];
}

function readMethod(
  options: object,
  fn: string,
  extra: string[],
): { method: FrequencyMethod; a?: [number, number] } {
  const o = readOptions(options, fn, [
    'method',
    'pseudocount',
    ...extra,
  ]) as EstimateChiSquaredDivergenceOptions;
  const method = readChoiceOption(o.method, 'plugin', FREQUENCY_METHODS, 'method', fn);
  return { method, a: readPseudocount(o.pseudocount, method, fn) };
}

/**
 * Estimates Pearson's χ² divergence χ²(P ‖ Q) = Σᵥ (pᵥ − qᵥ)²/qᵥ from counts of two samples over the same bins,
 * with the frequencies of each estimated by `method`, as R `entropy`'s `chi2.empirical` / `chi2.plugin`
 * (`'plugin'`), `chi2.Dirichlet(y1, y2, a1, a2)` (`'dirichlet'` with `pseudocount`, or the named pseudocounts)
 * and `chi2.shrink` (`'shrink'`). D_KL ≈ χ²/2 for nearby distributions, and n·χ² of counts against expected
 * frequencies is Pearson's statistic ({@link goodnessOfFitTest}).
 *
 * A bin where the estimated q is 0 and p is not gives +Infinity, with a warning naming it (R warns "Vanishing
 * value(s)"); bins where both are 0 add 0 (R's 0²/0 gives NaN). R's `unit` argument divides χ² by log 2 or
 * log 10, which has no meaning for χ² and is not offered. `stdError` by the delta method, with gᵥ = f₁ᵥ/f₂ᵥ and sᵢ
 * = N/(N + Ka) (1 − λ for shrinkage), V₁ = s₁²·Var_p̂[2(g − 1)]/n + s₂²·Var_q̂[1 − g²]/m and V₂ = 2(m₁ − 1)(1/n +
 * 1/m)², the whole variance at p = q (where the first-order terms vanish and V₁ estimated from the samples is
 * ≈ 2V₂): √max(V₁ − V₂, V₂).
 *
 * @param countsP - `{ counts }` of the sample from P.
 * @param countsQ - `{ counts }` of the sample from Q, the same bins in the same order.
 * @example
 * ```ts
 * estimateChiSquaredDivergence({ counts: [1, 1, 3] }, { counts: [1, 4, 5] }).value; // 0.22000000000000003
 * estimateChiSquaredDivergence({ counts: [4, 2, 3, 1, 10, 4] }, { counts: [2, 3, 7, 1, 4, 3] }, { method: 'shrink' }).value; // 0.18430489592015678
 * ```
 * @throws {SurprisalError} `SHAPE_MISMATCH` unless both are `{ counts }` over the same number of bins;
 *   `OUT_OF_RANGE` / `NAN` / `NOT_FINITE` / `EMPTY` for counts that are negative, fractional, NaN, infinite or all
 *   0; `INVALID_OPTION` for an unknown option or method, or a pseudocount that is missing for `'dirichlet'`,
 *   given for another method, negative or not finite.
 */
export function estimateChiSquaredDivergence(
  countsP: { counts: ArrayLike<number> },
  countsQ: { counts: ArrayLike<number> },
  options: EstimateChiSquaredDivergenceOptions = {},
): ChiSquaredDivergenceEstimate {
  const fn = 'estimateChiSquaredDivergence';
  const { method, a } = readMethod(options, fn, []);
  const [np, nq] = readCountsPair(countsP, countsQ, fn);
  const fp = frequencies(np, method, a?.[0]);
  const fq = frequencies(nq, method, a?.[1]);
  const r = chi2OfFrequencies(fp, fq, np, nq);
  const out: ChiSquaredDivergenceEstimate = {
    value: r.value,
    stdError: Math.sqrt(r.variance),
    method,
    n: total(np),
    m: total(nq),
    warnings: [],
  };
  if (fp.lambda !== undefined) out.lambda = [fp.lambda, fq.lambda as number];
  if (fp.pseudocount !== undefined) out.pseudocount = [fp.pseudocount, fq.pseudocount as number];
  if (r.infiniteAt >= 0) {
    out.warnings.push(
      `infinite: q has zero mass at bin ${r.infiniteAt} where p has ${np[r.infiniteAt]} draws; use method 'jeffreys' (Dirichlet pseudocounts) or 'shrink'`,
      'stdError is NaN: an infinite estimate has no standard error',
    );
  }
  return out;
}

/** A 2-D table of counts, flat row-major with its two dimensions. */
function readCountTable(table: TableInput, fn: string): { t: Float64Array; rows: number; cols: number } {
  const { data, shape } = readTable(table, fn, 'table');
  if (shape.length !== 2) {
    throw new SurprisalError(
      'SHAPE_MISMATCH',
      `${fn}: table must have 2 dimensions (rows x columns); got shape [${shape.join(', ')}]`,
      { argument: 'table', value: shape },
    );
  }
  return { t: readCounts(data, fn, 'table'), rows: shape[0], cols: shape[1] };
}

/**
 * Delta-method variance of the χ² divergence from independence D = Σ p²/(r c) − 1 of a table of frequencies f
 * estimated from counts t (slope `scale`): V₁ from the influence of a draw in cell (i, j), 2pᵢⱼ/(rᵢcⱼ) −
 * Σ_l pᵢₗ²/(rᵢ²cₗ) − Σ_k pₖⱼ²/(rₖcⱼ²); V₂ = 2·df/N², the variance under independence (N·D → χ²_df);
 * max(V₁ − V₂, V₂).
 */
function independenceVariance(
  f: Float64Array,
  t: Float64Array,
  rows: number,
  cols: number,
  scale: number,
): number {
  let s = 0;
  let n = 0;
  for (const v of f) s += v;
  for (const v of t) n += v;
  const r = new Float64Array(rows);
  const c = new Float64Array(cols);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      r[i] += f[i * cols + j] / s;
      c[j] += f[i * cols + j] / s;
    }
  }
  const a = new Float64Array(rows);
  const b = new Float64Array(cols);
  let mr = 0;
  let mc = 0;
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      const p = f[i * cols + j] / s;
      if (p === 0) continue;
      a[i] -= (p * p) / (r[i] * r[i] * c[j]);
      b[j] -= (p * p) / (r[i] * c[j] * c[j]);
    }
    if (r[i] > 0) mr++;
  }
  for (let j = 0; j < cols; j++) if (c[j] > 0) mc++;
  const m1 = new Accumulator();
  const m2 = new Accumulator();
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      const w = t[i * cols + j] / n;
      if (w === 0) continue;
      const p = f[i * cols + j] / s;
      const phi = (2 * p) / (r[i] * c[j]) + a[i] + b[j];
      m1.add(w * phi);
      m2.add(w * phi * phi);
    }
  }
  const df = Math.max(0, (mr - 1) * (mc - 1));
  const first = (scale * scale * Math.max(0, m2.value() - m1.value() ** 2)) / n;
  const second = (2 * df) / (n * n);
  // Under independence the first-order term estimated from the sample is ≈ 2·second (its own noise) where the
  // variance is `second`: first − second, floored at second, is right there and within O(1/N²) elsewhere.
  return Math.max(first - second, second);
}

/** χ² or KL divergence of a joint frequency table from the product of its margins. */
function fromIndependence(f: Float64Array, rows: number, cols: number, kind: 'chi2' | 'kl'): number {
  const rx = new Float64Array(rows);
  const cy = new Float64Array(cols);
  let s = 0;
  for (const v of f) s += v;
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      rx[i] += f[i * cols + j] / s;
      cy[j] += f[i * cols + j] / s;
    }
  }
  const acc = new Accumulator();
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      const p = f[i * cols + j] / s;
      const q = rx[i] * cy[j];
      if (q === 0) continue; // a row or column with no mass: p is 0 there too
      acc.add(kind === 'chi2' ? (p - q) ** 2 / q : p > 0 ? p * Math.log(p / q) : 0);
    }
  }
  return Math.max(0, acc.value());
}

/** Options of {@link estimateChiSquaredIndependence}. */
export interface EstimateChiSquaredIndependenceOptions {
  /** How the joint frequencies are estimated from the table (default `'plugin'`). */
  method?: Exclude<FrequencyMethod, 'dirichlet'> | 'dirichlet';
  /** Pseudocount a per cell of `'dirichlet'` (R's `a`). */
  pseudocount?: number;
}

/**
 * Estimates the χ² divergence of a joint distribution from independence, Σᵢⱼ (pᵢⱼ − pᵢ. p.ⱼ)²/(pᵢ. p.ⱼ), from a
 * contingency table of counts, the joint frequencies estimated by `method` over its cells: R `entropy`'s
 * `chi2indep.empirical` / `chi2indep.plugin` (`'plugin'`), `chi2indep.Dirichlet(y2d, a)` and `chi2indep.shrink`.
 * N times the plug-in value is Pearson's statistic of independence ({@link independenceTest}); half of it is close
 * to the mutual information. `stdError` by the delta method over the multinomial sampling of the table (the
 * influence of a cell (i, j) is 2pᵢⱼ/(pᵢ.p.ⱼ) − Σₗ pᵢₗ²/(pᵢ.²p.ₗ) − Σₖ pₖⱼ²/(pₖ.p.ⱼ²), times N/(N + Ka) for
 * pseudocounts) gives V₁; with V₂ = 2·df/N², the whole variance under independence (where N·χ̂² → χ²_df and V₁
 * estimated from the sample is ≈ 2V₂), the variance is max(V₁ − V₂, V₂).
 *
 * @param table - counts: nested arrays (rows × columns) or `{ data, shape: [rows, cols] }`.
 * @example
 * ```ts
 * estimateChiSquaredIndependence([[1, 2, 3], [6, 5, 4]]).value; // 0.06666666666666667
 * estimateChiSquaredIndependence([[1, 2, 3], [6, 5, 4]], { method: 'dirichlet', pseudocount: 1 / 6 }).value; // 0.05955334987593051
 * ```
 * @throws {SurprisalError} `SHAPE_MISMATCH` for a table that is not 2-D or is ragged; `OUT_OF_RANGE` / `NAN` /
 *   `NOT_FINITE` / `EMPTY` for counts that are negative, fractional, NaN, infinite or all 0; `INVALID_OPTION` for
 *   an unknown option or method or a bad pseudocount.
 */
export function estimateChiSquaredIndependence(
  table: TableInput,
  options: EstimateChiSquaredIndependenceOptions = {},
): ChiSquaredDivergenceEstimate {
  const fn = 'estimateChiSquaredIndependence';
  const { method, a } = readMethod(options, fn, []);
  const { t, rows, cols } = readCountTable(table, fn);
  const f = frequencies(t, method, a?.[0]);
  const out: ChiSquaredDivergenceEstimate = {
    value: fromIndependence(f.f, rows, cols, 'chi2'),
    stdError: Math.sqrt(independenceVariance(f.f, t, rows, cols, f.scale)),
    method,
    n: total(t),
    m: total(t),
    warnings: [],
  };
  if (f.lambda !== undefined) out.lambda = [f.lambda, f.lambda];
  if (f.pseudocount !== undefined) out.pseudocount = [f.pseudocount, f.pseudocount];
  return out;
}

/** The result of a test: the statistic, its degrees of freedom and the upper-tail p-value P(χ²_df ≥ statistic). */
export interface TestResult {
  statistic: number;
  df: number;
  pValue: number;
}

/** Options of {@link goodnessOfFitTest} and {@link independenceTest}. */
export interface TestOptions {
  /** `'g'` (default): G = 2N·D_KL, the likelihood-ratio statistic; `'pearson'`: X² = N·χ². */
  statistic?: 'g' | 'pearson';
}

/** Options of {@link goodnessOfFitTest}: the expected frequencies, and the statistic. */
export interface GoodnessOfFitTestOptions extends TestOptions {
  /** Expected frequencies or counts, one per bin (normalised here), all > 0. Required. */
  expected: ArrayLike<number>;
}

/**
 * Upper tail of χ² with df degrees of freedom: Q(df/2, x/2). With df = 0 (one bin, one row or one column) the
 * statistic is 0 and χ²₀ is the point mass at 0, so the p-value is 1.
 */
function chiSquaredSurvival(x: number, df: number): number {
  if (df <= 0) return 1;
  return gammaincc(df / 2, x / 2);
}

/**
 * Goodness-of-fit test of counts against expected frequencies: G = 2N·Σ p̂ log(p̂/e) (R `entropy`'s `Gstat`) or
 * Pearson's X² = N·Σ (p̂ − e)²/e (`chi2stat`, as `chisq.test(y, p = e)`), df = K − 1, p-value P(χ²_df ≥ stat).
 *
 * @param counts - observed counts, one per bin.
 * @example
 * ```ts
 * const y = [4, 2, 3, 1, 6, 4];
 * const expected = [0.1, 0.15, 0.35, 0.05, 0.2, 0.15];
 * goodnessOfFitTest(y, { expected }).statistic; // 6.006567726635903 (R: Gstat)
 * goodnessOfFitTest(y, { expected, statistic: 'pearson' }).pValue; // 0.31088007518905475 (R: chi2stat)
 * ```
 * @throws {SurprisalError} `OUT_OF_RANGE` / `NAN` / `NOT_FINITE` / `EMPTY` for bad counts; `SHAPE_MISMATCH`
 *   when expected differs in length; `INVALID_OPTION` for a missing `expected`, an expected value that is not
 *   finite and > 0, an unknown option or statistic.
 */
export function goodnessOfFitTest(counts: ArrayLike<number>, options: GoodnessOfFitTestOptions): TestResult {
  const fn = 'goodnessOfFitTest';
  const o = readOptions(options, fn, ['expected', 'statistic']) as Partial<GoodnessOfFitTestOptions>;
  const statistic = readChoiceOption(o.statistic, 'g', ['g', 'pearson'] as const, 'statistic', fn);
  const y = readCounts(counts, fn);
  const e = o.expected;
  if (e === undefined || e === null || typeof (e as ArrayLike<number>).length !== 'number') {
    throw new SurprisalError(
      'INVALID_OPTION',
      `${fn}: expected (the expected frequencies or counts, one per bin) is required; got ${describe(e)}`,
      { argument: 'expected', value: e },
    );
  }
  if (e.length !== y.length) {
    throw new SurprisalError(
      'SHAPE_MISMATCH',
      `${fn}: expected has ${e.length} values but counts has ${y.length}`,
      { argument: 'expected', value: e.length },
    );
  }
  let es = 0;
  for (let i = 0; i < e.length; i++) {
    const v = e[i];
    if (typeof v !== 'number' || !(v > 0) || !Number.isFinite(v)) {
      throw new SurprisalError(
        'INVALID_OPTION',
        `${fn}: expected[${i}] must be a finite number > 0; got ${describe(v)}`,
        { argument: 'expected', index: i, value: v },
      );
    }
    es += v;
  }
  const n = total(y);
  const acc = new Accumulator();
  for (let i = 0; i < y.length; i++) {
    const p = y[i] / n;
    const q = e[i] / es;
    acc.add(statistic === 'g' ? (p > 0 ? p * Math.log(p / q) : 0) : (p - q) ** 2 / q);
  }
  const stat = Math.max(0, acc.value()) * (statistic === 'g' ? 2 * n : n);
  const df = y.length - 1;
  return { statistic: stat, df, pValue: chiSquaredSurvival(stat, df) };
}

/**
 * Test of independence of the rows and columns of a contingency table: G = 2N·Î (R `entropy`'s `Gstatindep`,
 * Î the plug-in mutual information) or Pearson's X² = N·χ²_indep (`chi2statindep`, as `chisq.test(table,
 * correct = FALSE)`), df = (r − 1)(c − 1), p-value P(χ²_df ≥ stat).
 *
 * @param table - counts: nested arrays (rows × columns) or `{ data, shape: [rows, cols] }`.
 * @example
 * ```ts
 * const t = [[4, 2], [5, 4], [1, 4]]; // R: matrix(c(4, 5, 1, 2, 4, 4), ncol = 2)
 * independenceTest(t).statistic; // 2.7183845887263605 (R: Gstatindep)
 * independenceTest(t, { statistic: 'pearson' }).pValue; // 0.27557680949859503 (R: chisq.test)
 * ```
 * @throws {SurprisalError} `SHAPE_MISMATCH` for a table that is not 2-D; `OUT_OF_RANGE` / `NAN` /
 *   `NOT_FINITE` / `EMPTY` for bad counts; `INVALID_OPTION` for an unknown option or statistic.
 */
export function independenceTest(table: TableInput, options: TestOptions = {}): TestResult {
  const fn = 'independenceTest';
  const o = readOptions(options, fn, ['statistic']);
  const statistic = readChoiceOption(o.statistic, 'g', ['g', 'pearson'] as const, 'statistic', fn);
  const { t, rows, cols } = readCountTable(table, fn);
  const n = total(t);
  const stat =
    statistic === 'g'
      ? 2 * n * fromIndependence(t, rows, cols, 'kl')
      : n * fromIndependence(t, rows, cols, 'chi2');
  const df = (rows - 1) * (cols - 1);
  return { statistic: stat, df, pValue: chiSquaredSurvival(stat, df) };
}
