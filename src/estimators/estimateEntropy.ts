import { allocate } from '../core/allocate.js';
import { entr } from '../core/elementwise.js';
import { SurprisalError } from '../core/errors.js';
import { describe, readChoiceOption, readOptions } from '../core/options.js';
import { Accumulator } from '../core/sum.js';
import { type Base, unitLog } from '../core/units.js';
import { multinomial } from '../random/multinomial.js';
import { createRng } from '../random/random.js';
import type { Seed } from '../random/seed.js';
import { digamma } from '../special/index.js';
import { type Category, readCounts, tally } from './counts.js';
import { type Estimate, intervalFromBootstrap, intervalFromNormal, readConfidence } from './estimate.js';
import { nsbEntropy } from './nsb.js';
import { readResamples } from './resample.js';

/** Estimators of the entropy of a discrete distribution from counts. */
export type EntropyMethod =
  | 'plugin'
  | 'miller-madow'
  | 'jeffreys'
  | 'laplace'
  | 'schurmann-grassberger'
  | 'minimax'
  | 'chao-shen'
  | 'shrink'
  | 'grassberger'
  | 'nsb'
  | 'jackknife';

/** Options of {@link estimateEntropy}. */
export interface EstimateEntropyOptions {
  /** Default `'plugin'`. */
  method?: EntropyMethod;
  /** Unit of the result (default nats). */
  base?: Base;
  /**
   * Size K of the alphabet, when it has values never observed: an integer from the number of bins given (or
   * distinct samples) up to 2⁵³ − 1. Unseen bins are accounted for in closed form, so a huge K allocates nothing.
   * Default: the number of counts given (or distinct samples).
   */
  alphabetSize?: number;
  /** Level in (0, 1) of a confidence interval to return as `ci` (e.g. 0.95). Default: no interval. */
  confidence?: number;
  /**
   * Multinomial bootstrap resamples for the standard error: 0 or an integer ≥ 2. Given as n > 0, every method's
   * stdError is the bootstrap's with n resamples; 0 gives the method's own standard error (delta method,
   * posterior, jackknife) and, for the methods without one, stdError NaN (`stdErrorMethod: 'none'`). Default: 0
   * for `'plugin'`, `'miller-madow'`, `'nsb'` and `'jackknife'`, 200 for the others.
   */
  resamples?: number;
  /** Seed of the bootstrap (a {@link Seed}: a number or bigint). Default 0. */
  seed?: Seed;
}

/** An entropy estimate: the value and its uncertainty, plus method-specific details. */
export interface EntropyEstimate extends Estimate {
  method: EntropyMethod;
  /** Sample size N. */
  n: number;
  /** Alphabet size K used. */
  alphabetSize: number;
  /** James–Stein shrinkage intensity (method 'shrink'). */
  lambda?: number;
  /** How stdError was obtained (`'none'`: resamples 0 for a method without a standard error of its own). */
  stdErrorMethod: 'delta' | 'posterior' | 'jackknife' | 'bootstrap' | 'none';
}

const ALL: readonly EntropyMethod[] = [
  'plugin',
  'miller-madow',
  'jeffreys',
  'laplace',
  'schurmann-grassberger',
  'minimax',
  'chao-shen',
  'shrink',
  'grassberger',
  'nsb',
  'jackknife',
];

const KEYS = ['method', 'base', 'alphabetSize', 'confidence', 'resamples', 'seed'] as const;

/** Methods with a standard error of their own, used unless resamples are asked for. */
const OWN_STD_ERROR: readonly EntropyMethod[] = ['plugin', 'miller-madow', 'nsb', 'jackknife'];

function pluginOf(y: Float64Array, n: number): number {
  const acc = new Accumulator();
  for (const c of y) acc.add(entr(c / n));
  return acc.value();
}

/** Plug-in entropy of the pseudocount estimate (c + a)/(n + Ka); the k − y.length unseen bins in closed form. */
function dirichlet(y: Float64Array, n: number, a: number, k: number): number {
  const d = n + k * a;
  const acc = new Accumulator();
  for (const c of y) acc.add(entr((c + a) / d));
  const unseen = k - y.length;
  if (unseen > 0) acc.add(unseen * entr(a / d));
  return acc.value();
}

/** James–Stein shrinkage towards the uniform (Hausser & Strimmer 2009, JMLR 10, eq. 8; R entropy::freqs.shrink). */
function shrinkLambda(y: Float64Array, n: number, k: number): number {
  if (n <= 1) return 1;
  const t = 1 / k;
  let varu = 0;
  let msp = 0;
  for (const c of y) {
    const u = c / n;
    varu += (u * (1 - u)) / (n - 1);
    msp += (u - t) ** 2;
  }
  msp += (k - y.length) * t * t;
  if (msp === 0) return 1;
  return Math.min(1, Math.max(0, varu / msp));
}

function shrink(y: Float64Array, n: number, k: number): [number, number] {
  const lambda = shrinkLambda(y, n, k);
  const t = 1 / k;
  const acc = new Accumulator();
  for (const c of y) acc.add(entr(lambda * t + (1 - lambda) * (c / n)));
  const unseen = k - y.length;
  if (unseen > 0) acc.add(unseen * entr(lambda * t));
  return [acc.value(), lambda];
}

/** Chao & Shen 2003: coverage-adjusted Horvitz–Thompson (R entropy::entropy.ChaoShen). */
function chaoShen(y: Float64Array, n: number): number {
  let f1 = 0;
  for (const c of y) if (c === 1) f1++;
  if (f1 === n) f1 = n - 1;
  const coverage = 1 - f1 / n;
  const acc = new Accumulator();
  for (const c of y) {
    if (c === 0) continue;
    const pa = (coverage * c) / n;
    // 1 − (1 − pa)^n without rounding 1 − pa to 1 when pa < 1e-16 (which made la = 0 and the term Infinity).
    const la = -Math.expm1(n * Math.log1p(-pa));
    acc.add(-(pa * Math.log(pa)) / la);
  }
  return acc.value();
}

/** Grassberger 2003 (arXiv physics/0307138), eq. 35 in its ln N form: ln N − (1/N) Σ nᵢ G(nᵢ). */
function grassberger(y: Float64Array, n: number): number {
  const acc = new Accumulator().add(Math.log(n));
  for (const c of y) {
    if (c === 0) continue;
    const g = digamma(c) + 0.5 * (c % 2 === 0 ? 1 : -1) * (digamma((c + 1) / 2) - digamma(c / 2));
    acc.add(-(c / n) * g); // c·g would overflow for counts near 1e307
  }
  return acc.value();
}

/**
 * Leave-one-out jackknife of the plug-in estimate: value and jackknife standard error. Removing one sample from
 * bin i changes only that bin, and the change Dᵢ = H₋ᵢ − Ĥ is formed in closed form,
 * (n − 1)·Dᵢ = (n − 1)·log1p(−1/n) + Ĥ − log n + g(nᵢ), g(c) = log c − (c − 1)·log1p(−1/c),
 * so N·Ĥ − (N − 1)·mean H₋ᵢ = Ĥ − (N − 1)·mean Dᵢ keeps its accuracy for any N (the direct form loses
 * N·ε: 1e-3 at N = 4e12). With N = 1 there is nothing to leave out: the plug-in value, stdError NaN.
 */
function jackknife(y: Float64Array, n: number): [number, number] {
  const h = pluginOf(y, n);
  if (n <= 1) return [h, Number.NaN];
  const common = (n - 1) * Math.log1p(-1 / n) + h - Math.log(n);
  const t = (c: number) => common + (c === 1 ? 0 : Math.log(c) - (c - 1) * Math.log1p(-1 / c));
  const mean = new Accumulator();
  for (const c of y) if (c > 0) mean.add((c / n) * t(c));
  const m = mean.value();
  const ss = new Accumulator();
  for (const c of y) if (c > 0) ss.add(c * (t(c) - m) ** 2);
  return [h - m, Math.sqrt(((n - 1) / n) * ss.value()) / (n - 1)];
}

function estimateWith(
  method: EntropyMethod,
  y: Float64Array,
  n: number,
  k: number,
): { value: number; lambda?: number; stdError?: number } {
  switch (method) {
    case 'plugin':
      return { value: pluginOf(y, n) };
    case 'miller-madow': {
      let m = 0;
      for (const c of y) if (c > 0) m++;
      return { value: pluginOf(y, n) + (m - 1) / (2 * n) };
    }
    case 'jeffreys':
      return { value: dirichlet(y, n, 0.5, k) };
    case 'laplace':
      return { value: dirichlet(y, n, 1, k) };
    case 'schurmann-grassberger':
      return { value: dirichlet(y, n, 1 / k, k) };
    case 'minimax':
      return { value: dirichlet(y, n, Math.sqrt(n) / k, k) };
    case 'chao-shen':
      return { value: chaoShen(y, n) };
    case 'shrink': {
      const [value, lambda] = shrink(y, n, k);
      return { value, lambda };
    }
    case 'grassberger':
      return { value: grassberger(y, n) };
    case 'jackknife': {
      const [value, stdError] = jackknife(y, n);
      return { value, stdError };
    }
    case 'nsb': {
      // One category: H = 0 under every prior (the NSB prior density is 0 there, which made it NaN).
      if (k === 1) return { value: 0, stdError: 0 };
      const r = nsbEntropy(y, k);
      return { value: r.value, stdError: r.stdError };
    }
  }
}

/** Delta-method standard error of the plug-in: √((Σ p̂ log² p̂ − Ĥ²)/N). */
function deltaStdError(y: Float64Array, n: number, total: number): number {
  const h = pluginOf(y, n);
  const acc = new Accumulator();
  for (const c of y) if (c > 0) acc.add((c / n) * Math.log(c / n) ** 2);
  return Math.sqrt(Math.max(0, acc.value() - h * h) / total);
}

/** Reads `{ counts }` or `{ samples }` (exactly one). */
function readData(data: unknown, fn: string): Float64Array {
  if (data === null || typeof data !== 'object' || Array.isArray(data) || ArrayBuffer.isView(data)) {
    throw new SurprisalError(
      'SHAPE_MISMATCH',
      `${fn}: data must be { counts } or { samples }; got ${describe(data)}`,
      { argument: 'data', value: data },
    );
  }
  readOptions(data as object, fn, ['counts', 'samples'], 'data');
  const d = data as { counts?: ArrayLike<number>; samples?: ArrayLike<Category> };
  if ((d.counts === undefined) === (d.samples === undefined)) {
    throw new SurprisalError(
      'SHAPE_MISMATCH',
      `${fn}: data must have exactly one of counts and samples; got ${d.counts === undefined ? 'neither' : 'both'}`,
      { argument: 'data', value: data },
    );
  }
  return d.counts !== undefined
    ? readCounts(d.counts, fn)
    : tally(d.samples as ArrayLike<Category>, fn).counts;
}

/**
 * Estimates the entropy of a discrete distribution from counts or from samples of any values, with a standard
 * error and, when asked, a confidence interval.
 *
 * Methods (N = Σ nᵢ, K = alphabet size, p̂ᵢ = nᵢ/N; formulas as R's `entropy` package, Hausser & Strimmer 2009):
 * - `'plugin'`: −Σ p̂ log p̂ (maximum likelihood; biased low by ≈ (K − 1)/(2N)).
 * - `'miller-madow'`: plug-in + (m − 1)/(2N), m = number of non-zero bins (Miller 1955).
 * - Dirichlet pseudocounts pᵢ = (nᵢ + a)/(N + Ka): `'jeffreys'` a = ½, `'laplace'` a = 1,
 *   `'schurmann-grassberger'` a = 1/K, `'minimax'` a = √N/K (Trybula 1958).
 * - `'chao-shen'`: −Σ C p̂ log(C p̂)/(1 − (1 − C p̂)^N), coverage C = 1 − f₁/N (Chao & Shen 2003).
 * - `'shrink'`: plug-in of λ/K + (1 − λ) p̂ with the James–Stein λ = Σ p̂(1 − p̂)/((N − 1) Σ (1/K − p̂)²), clipped to
 *   [0, 1] and returned as `lambda` (Hausser & Strimmer 2009).
 * - `'grassberger'`: ln N − (1/N) Σ nᵢ G(nᵢ), G(n) = ψ(n) + ½(−1)ⁿ[ψ((n+1)/2) − ψ(n/2)] (Grassberger 2003, eq. 35).
 * - `'nsb'`: posterior mean under the Nemenman–Shafee–Bialek prior, with the posterior standard deviation (2002).
 * - `'jackknife'`: N·Ĥ − (N − 1)·mean of the leave-one-out plug-in estimates (Zahl 1977), jackknife standard error
 *   (the differences H₋ᵢ − Ĥ in closed form, so it stays accurate for large N; with N = 1, the plug-in and NaN).
 *
 * `stdError` is the delta-method standard error √((Σ p̂ log² p̂ − Ĥ²)/N) for plug-in and Miller–Madow, the posterior
 * standard deviation for NSB, the jackknife's own for jackknife, and otherwise the standard deviation of a seeded
 * bootstrap (`resamples`, default 200): each resample is one Multinomial(N, p̂) vector of counts drawn by
 * conditional binomials, O(K) whatever N. `resamples: n > 0` asks for the bootstrap with n resamples for every
 * method; `resamples: 0` for the method's own standard error, or NaN (`stdErrorMethod: 'none'`) where it has
 * none. When N exceeds 2⁵³ − 1 (resampled counts would no longer be exact integers) every method reports the
 * delta-method standard error instead (`stdErrorMethod: 'delta'`); the estimators differ from the plug-in by
 * O(K/N) there. `confidence` gives the percentile interval of the bootstrap, else value ± z·stdError. Counts whose total overflows a double (e.g. [1e308, 1e308]) are scaled by a power of
 * two first, which changes no frequency; `n` is then reported as Infinity.
 *
 * Unseen bins (`alphabetSize` above the bins given) enter every formula in closed form, so any K up to 2⁵³ − 1 costs
 * nothing. With one category (K = 1) NSB gives 0 with stdError 0 (its prior is degenerate there).
 *
 * @param data - `{ counts }` (non-negative integers, one per bin, zero bins included) or `{ samples }` (any values).
 * @example
 * ```ts
 * const y = [4, 2, 3, 0, 2, 4, 0, 0, 2, 1, 1]; // the R entropy package's example
 * estimateEntropy({ counts: y }).value;                          // 1.9683824087283812
 * estimateEntropy({ counts: y }, { method: 'miller-madow' }).value; // 2.152592935044171
 * estimateEntropy({ samples: ['a', 'b', 'a', 'c'] }, { base: 2 }).value; // 1.5
 * ```
 * @throws {SurprisalError} `SHAPE_MISMATCH` unless data is `{ counts }` or `{ samples }` (exactly one) with an
 *   array, or for a sample that is an object, symbol or function; `OUT_OF_RANGE` / `NAN` / `NOT_FINITE` for counts
 *   that are negative, fractional, NaN, infinite or not numbers (naming the index), `NAN` for a NaN, null, undefined
 *   or missing sample; `EMPTY` for no data; `INVALID_OPTION` for an unknown option key or method, an alphabet
 *   smaller than the observed one or past 2⁵³ − 1, a confidence outside (0, 1), resamples that are not 0 or an
 *   integer >= 2, a bad base or seed, a confidence with resamples 0 for a method without a standard error of its
 *   own; `TOO_LARGE` for resamples > 2³², or for `'nsb'` with N > 2⁵³ − 1.
 */
export function estimateEntropy(
  data: { counts: ArrayLike<number> } | { samples: ArrayLike<Category> },
  options: EstimateEntropyOptions = {},
): EntropyEstimate {
  const fn = 'estimateEntropy';
  const o = readOptions(options, fn, KEYS);
  const method = readChoiceOption(o.method, 'plugin', ALL, 'method', fn);
  const unit = unitLog(o.base, fn);
  const confidence = readConfidence(o.confidence, fn);
  const resamples = readResamples(o.resamples, OWN_STD_ERROR.includes(method) ? 0 : 200, fn);
  const rng = createRng(o.seed ?? 0);
  let y = readData(data, fn);
  const k = o.alphabetSize === undefined ? y.length : o.alphabetSize;
  if (typeof k !== 'number' || !Number.isInteger(k) || k < y.length || k > Number.MAX_SAFE_INTEGER) {
    throw new SurprisalError(
      'INVALID_OPTION',
      `${fn}: alphabetSize must be an integer from the ${y.length} bins observed to 2^53 - 1; got ${describe(o.alphabetSize)}`,
      { argument: 'alphabetSize', value: o.alphabetSize },
    );
  }
  let total = 0;
  for (const c of y) total += c;
  let n = total;
  if (!Number.isFinite(total)) {
    // Counts whose sum overflows (e.g. [1e308, 1e308]): scale by a power of two, which keeps every frequency
    // exact, to a total near 2^1022, so that what the scaling changes (terms in 1/N) stays below any rounding.
    let t = 0;
    for (const c of y) t += c * 2 ** -1023;
    const s = 2 ** -(Math.ceil(Math.log2(t)) + 1);
    y = y.map((c) => c * 2 ** -1023 * s * 2 ** 1022);
    n = 0;
    for (const c of y) n += c;
  }
  if (method === 'nsb' && total > Number.MAX_SAFE_INTEGER) {
    throw new SurprisalError(
      'TOO_LARGE',
      `${fn}: nsb needs a total count N <= 2^53 - 1 (its evidence, log Γ(N + Kβ), loses every digit past it); got ${total}; the plug-in is within O(K/N) there`,
      { argument: 'counts', value: total },
    );
  }

  if (
    confidence !== undefined &&
    resamples === 0 &&
    !OWN_STD_ERROR.includes(method) &&
    total <= Number.MAX_SAFE_INTEGER
  ) {
    throw new SurprisalError(
      'INVALID_OPTION',
      `${fn}: confidence needs a standard error, and method '${method}' has none of its own: resamples must be >= 2 (resamples is 0)`,
      { argument: 'confidence', value: confidence },
    );
  }

  const { value, lambda, stdError: own } = estimateWith(method, y, n, k);
  let stdError: number;
  let stdErrorMethod: EntropyEstimate['stdErrorMethod'];
  let replicates: Float64Array | undefined;
  if (
    total > Number.MAX_SAFE_INTEGER ||
    (resamples === 0 && (method === 'plugin' || method === 'miller-madow'))
  ) {
    // Past 2^53 − 1 draws a resample's counts are no longer exact; every estimator here is then within
    // O(K/N) of the plug-in, whose delta-method standard error is used.
    stdError = deltaStdError(y, n, total);
    stdErrorMethod = 'delta';
  } else if (resamples > 0) {
    replicates = bootstrapCounts(y, n, resamples, rng, (z) => estimateWith(method, z, n, k).value);
    let m = 0;
    for (const r of replicates) m += r / replicates.length;
    let ss = 0;
    for (const r of replicates) ss += (r - m) ** 2;
    stdError = Math.sqrt(ss / (replicates.length - 1));
    stdErrorMethod = 'bootstrap';
  } else if (method === 'nsb') {
    stdError = own as number;
    stdErrorMethod = 'posterior';
  } else if (method === 'jackknife') {
    stdError = own as number;
    stdErrorMethod = 'jackknife';
  } else {
    stdError = Number.NaN;
    stdErrorMethod = 'none';
  }
  const result: EntropyEstimate = {
    value: value / unit,
    stdError: stdError / unit,
    method,
    n: total,
    alphabetSize: k,
    stdErrorMethod,
  };
  if (lambda !== undefined) result.lambda = lambda;
  if (confidence !== undefined) {
    result.ci = replicates
      ? intervalFromBootstrap(replicates, confidence, unit)
      : intervalFromNormal(result.value, result.stdError, confidence);
  }
  return result;
}

/**
 * Replicates of an estimator on multinomial resamples of the counts: each replicate is one Multinomial(n, y/n)
 * vector drawn by conditional binomials, O(K) whatever n (drawing the n samples one by one cost O(n): 4 s for
 * n = 3e6, and never ended for n = 2^53). Bins of count 0 stay 0.
 */
function bootstrapCounts(
  y: Float64Array,
  n: number,
  b: number,
  rng: ReturnType<typeof createRng>,
  estimator: (z: Float64Array) => number,
): Float64Array {
  const out = allocate(Float64Array, b, 'estimateEntropy', 'resamples');
  const z = new Float64Array(y.length);
  for (let r = 0; r < b; r++) out[r] = estimator(multinomial(rng, n, y, z));
  return out;
}
