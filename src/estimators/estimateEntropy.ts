import { entr } from '../core/elementwise.js';
import { SurprisalError } from '../core/errors.js';
import { Accumulator } from '../core/sum.js';
import { type Base, logOfBase } from '../core/units.js';
import { aliasTable } from '../sampling/aliasTable.js';
import { createRng } from '../sampling/random.js';
import { digamma } from '../special/index.js';
import { type Category, readCounts, tally } from './counts.js';
import { type Estimate, intervalFromBootstrap, intervalFromNormal } from './estimate.js';
import { nsbEntropy } from './nsb.js';

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
  /** Size K of the alphabet, when it has values never observed. Default: the number of counts given (or distinct samples). */
  alphabetSize?: number;
  /** Confidence level of an interval to return (e.g. 0.95), or false. */
  ci?: number | false;
  /** Bootstrap replicates for methods without an analytic standard error. Default 200. */
  bootstrap?: number;
  /** Seed of the bootstrap. Default 0. */
  seed?: number;
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
  /** How stdError was obtained. */
  stdErrorMethod: 'delta' | 'posterior' | 'jackknife' | 'bootstrap';
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

function pluginOf(y: Float64Array, n: number): number {
  const acc = new Accumulator();
  for (const c of y) acc.add(entr(c / n));
  return acc.value();
}

function dirichlet(y: Float64Array, n: number, a: number): number {
  const k = y.length;
  const acc = new Accumulator();
  for (const c of y) acc.add(entr((c + a) / (n + k * a)));
  return acc.value();
}

/** James–Stein shrinkage towards the uniform (Hausser & Strimmer 2009, JMLR 10, eq. 8; R entropy::freqs.shrink). */
function shrinkLambda(y: Float64Array, n: number): number {
  if (n <= 1) return 1;
  const t = 1 / y.length;
  let varu = 0;
  let msp = 0;
  for (const c of y) {
    const u = c / n;
    varu += (u * (1 - u)) / (n - 1);
    msp += (u - t) ** 2;
  }
  if (msp === 0) return 1;
  return Math.min(1, Math.max(0, varu / msp));
}

function shrink(y: Float64Array, n: number): [number, number] {
  const lambda = shrinkLambda(y, n);
  const t = 1 / y.length;
  const acc = new Accumulator();
  for (const c of y) acc.add(entr(lambda * t + (1 - lambda) * (c / n)));
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
    const la = 1 - (1 - pa) ** n;
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
    acc.add((-c * g) / n);
  }
  return acc.value();
}

/** Leave-one-out jackknife of the plug-in estimate: value and jackknife standard error. */
function jackknife(y: Float64Array, n: number): [number, number] {
  const h = pluginOf(y, n);
  // Removing one sample from bin i changes only that bin: H₋ᵢ = plug-in of y − eᵢ over n − 1.
  const loo: [number, number][] = [];
  for (let i = 0; i < y.length; i++) {
    if (y[i] === 0) continue;
    const z = Float64Array.from(y);
    z[i]--;
    loo.push([pluginOf(z, n - 1), y[i]]);
  }
  let mean = 0;
  for (const [v, w] of loo) mean += (w * v) / n;
  let ss = 0;
  for (const [v, w] of loo) ss += w * (v - mean) ** 2;
  return [n * h - (n - 1) * mean, Math.sqrt(((n - 1) / n) * ss)];
}

function estimateWith(method: EntropyMethod, y: Float64Array, n: number): { value: number; lambda?: number } {
  const k = y.length;
  switch (method) {
    case 'plugin':
      return { value: pluginOf(y, n) };
    case 'miller-madow': {
      let m = 0;
      for (const c of y) if (c > 0) m++;
      return { value: pluginOf(y, n) + (m - 1) / (2 * n) };
    }
    case 'jeffreys':
      return { value: dirichlet(y, n, 0.5) };
    case 'laplace':
      return { value: dirichlet(y, n, 1) };
    case 'schurmann-grassberger':
      return { value: dirichlet(y, n, 1 / k) };
    case 'minimax':
      return { value: dirichlet(y, n, Math.sqrt(n) / k) };
    case 'chao-shen':
      return { value: chaoShen(y, n) };
    case 'shrink': {
      const [value, lambda] = shrink(y, n);
      return { value, lambda };
    }
    case 'grassberger':
      return { value: grassberger(y, n) };
    case 'jackknife':
      return { value: jackknife(y, n)[0] };
    case 'nsb':
      return { value: nsbEntropy(y, k).value };
  }
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
 * - `'jackknife'`: N·Ĥ − (N − 1)·mean of the leave-one-out plug-in estimates (Zahl 1977), jackknife standard error.
 *
 * `stdError` is the delta-method standard error √((Σ p̂ log² p̂ − Ĥ²)/N) for plug-in and Miller–Madow, the posterior
 * standard deviation for NSB, the jackknife's own for jackknife, and otherwise the standard deviation of a seeded
 * bootstrap (multinomial resampling of the counts).
 *
 * @param data - `{ counts }` (non-negative integers, one per bin, zero bins included) or `{ samples }` (any values).
 * @example
 * ```ts
 * const y = [4, 2, 3, 0, 2, 4, 0, 0, 2, 1, 1]; // the R entropy package's example
 * estimateEntropy({ counts: y }).value;                          // 1.9683824087283812
 * estimateEntropy({ counts: y }, { method: 'miller-madow' }).value; // 2.152592935044171
 * estimateEntropy({ samples: ['a', 'b', 'a', 'c'] }, { base: 2 }).value; // 1.5
 * ```
 * @throws {SurprisalError} `OUT_OF_RANGE` / `NAN` for counts that are negative, fractional or NaN, `EMPTY` for no
 *   data, `INVALID_OPTION` for an unknown method or an alphabet smaller than the observed one.
 */
export function estimateEntropy(
  data: { counts: ArrayLike<number> } | { samples: ArrayLike<Category> },
  options: EstimateEntropyOptions = {},
): EntropyEstimate {
  const fn = 'estimateEntropy';
  const method = options.method ?? 'plugin';
  if (!ALL.includes(method)) {
    throw new SurprisalError(
      'INVALID_OPTION',
      `${fn}: method must be one of ${ALL.join(', ')}; got ${String(method)}`,
      {
        argument: 'method',
        value: method,
      },
    );
  }
  const unit = logOfBase(options.base);
  let y = 'counts' in data ? readCounts(data.counts, fn) : tally(data.samples, fn).counts;
  const k = options.alphabetSize ?? y.length;
  if (!Number.isInteger(k) || k < y.length) {
    throw new SurprisalError(
      'INVALID_OPTION',
      `${fn}: alphabetSize must be an integer >= the ${y.length} bins observed; got ${String(options.alphabetSize)}`,
      { argument: 'alphabetSize', value: options.alphabetSize },
    );
  }
  if (k > y.length) {
    const padded = new Float64Array(k);
    padded.set(y);
    y = padded;
  }
  let n = 0;
  for (const c of y) n += c;

  const { value, lambda } = estimateWith(method, y, n);
  let stdError: number;
  let stdErrorMethod: EntropyEstimate['stdErrorMethod'];
  let replicates: Float64Array | undefined;
  if (method === 'plugin' || method === 'miller-madow') {
    const h = pluginOf(y, n);
    const acc = new Accumulator();
    for (const c of y) if (c > 0) acc.add((c / n) * Math.log(c / n) ** 2);
    stdError = Math.sqrt(Math.max(0, acc.value() - h * h) / n);
    stdErrorMethod = 'delta';
  } else if (method === 'nsb') {
    stdError = nsbEntropy(y, k).stdError;
    stdErrorMethod = 'posterior';
  } else if (method === 'jackknife') {
    stdError = jackknife(y, n)[1];
    stdErrorMethod = 'jackknife';
  } else {
    replicates = bootstrapCounts(
      y,
      n,
      options.bootstrap ?? 200,
      options.seed ?? 0,
      (z) => estimateWith(method, z, n).value,
    );
    let m = 0;
    for (const r of replicates) m += r / replicates.length;
    let ss = 0;
    for (const r of replicates) ss += (r - m) ** 2;
    stdError = Math.sqrt(ss / (replicates.length - 1));
    stdErrorMethod = 'bootstrap';
  }
  const result: EntropyEstimate = {
    value: value / unit,
    stdError: stdError / unit,
    method,
    n,
    alphabetSize: k,
    stdErrorMethod,
  };
  if (lambda !== undefined) result.lambda = lambda;
  if (options.ci) {
    result.ci = replicates
      ? intervalFromBootstrap(replicates, options.ci, unit)
      : intervalFromNormal(result.value, result.stdError, options.ci);
  }
  return result;
}

/** Replicates of an estimator on multinomial resamples of the counts (N draws from p̂). @internal */
export function bootstrapCounts(
  y: Float64Array,
  n: number,
  b: number,
  seed: number,
  estimator: (z: Float64Array) => number,
): Float64Array {
  if (!Number.isInteger(b) || b < 2) {
    throw new SurprisalError('INVALID_OPTION', `bootstrap must be an integer >= 2; got ${b}`, {
      argument: 'bootstrap',
      value: b,
    });
  }
  const rng = createRng(seed);
  const table = aliasTable(y);
  const out = new Float64Array(b);
  const z = new Float64Array(y.length);
  for (let r = 0; r < b; r++) {
    z.fill(0);
    for (let i = 0; i < n; i++) z[table.sample(rng)]++;
    out[r] = estimator(z);
  }
  return out;
}
