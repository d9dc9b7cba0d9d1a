/**
 * The generator users hold: {@link Rng}, the xoshiro128** core with its variates (normal, exponential, gamma,
 * beta, Poisson, binomial, Student t, χ²), the fills of typed arrays, and independent streams (split,
 * clone); {@link createRng} and {@link rngFromState} make one.
 * @module
 */
import { SurprisalError } from '../core/errors.js';
import { describe } from '../core/options.js';
import { checkSeed, entropySeed, invalid, type Seed, splitMix64, stateFromSeed } from './seed.js';
import { betaVariate, binomialVariate, gammaVariate, poissonVariate, studentTVariate } from './variates.js';
import { Xoshiro128 } from './xoshiro.js';
import { standardExponential, standardNormal } from './ziggurat.js';

const TWO_POW_M24 = 2 ** -24;
const MAX_POISSON_LAMBDA = 2 ** 52;

/** Float arrays the fillers write into. */
export type FillableArray = Float64Array | Float32Array | number[];

// Every check tests `typeof` first: a string '2' or a boolean compares like a number and would be coerced.
function checkPositive(fn: string, name: string, value: number): void {
  if (!(typeof value === 'number' && value > 0 && value < Number.POSITIVE_INFINITY)) {
    throw invalid(fn, name, value, 'a finite number > 0');
  }
}

function checkScale(fn: string, loc: number, scale: number): void {
  if (!(typeof loc === 'number' && Number.isFinite(loc))) throw invalid(fn, 'loc', loc, 'a finite number');
  if (!(typeof scale === 'number' && scale >= 0 && scale < Number.POSITIVE_INFINITY)) {
    throw invalid(fn, 'scale', scale, 'a finite number >= 0');
  }
}

/** The array a filler writes into: a Float64Array, a Float32Array or a plain array. */
function checkOut(fn: string, out: unknown): void {
  if (!(out instanceof Float64Array || out instanceof Float32Array || Array.isArray(out))) {
    throw new SurprisalError(
      'SHAPE_MISMATCH',
      `${fn}: out must be a Float64Array, a Float32Array or an array; got ${describe(out)}`,
      { argument: 'out', value: out },
    );
  }
}

/**
 * A seeded pseudorandom generator: xoshiro128** (Blackman & Vigna 2018, "Scrambled linear pseudorandom
 * number generators", ACM TOMS 47(4), 2021) with 128 bits of state in four 32-bit words, period 2^128 − 1,
 * and the variates built on it (the core, {@link Xoshiro128}, is in `xoshiro.ts`; seeding in `seed.ts`). Pure 32-bit integer arithmetic (`Math.imul`, shifts), so every platform
 * gives the same stream for the same seed. Make one with {@link createRng} or {@link rngFromState}.
 *
 * There is no hidden cache (the normal variates use a ziggurat, not a pair-producing method), so
 * {@link Rng.getState} captures everything and a restored generator continues bit for bit.
 *
 * @example
 * ```ts
 * const rng = createRng(42);
 * const x = rng.fillNormal(new Float64Array(1000)); // a thousand standard normal draws
 * rngFromState(rng.getState()).uniform() === rng.uniform(); // true
 * ```
 */
export class Rng extends Xoshiro128 {
  /**
   * A normal variate with mean `loc` and standard deviation `scale`: loc + scale·Z, Z standard normal by
   * the ziggurat method (Marsaglia & Tsang 2000, "The ziggurat method for generating random variables",
   * J. Stat. Softw. 5(8)) with 256 layers, the layer index and sign taken from bits separate from the
   * 52-bit abscissa (Doornik 2005), and Marsaglia's (1964) exact tail. Exact, not an approximation.
   *
   * @example
   * ```ts
   * createRng(42).normal(); // 0.9348158637706799
   * createRng(42).normal(10, 2); // 11.86963172754136
   * ```
   * @throws {SurprisalError} `INVALID_OPTION` when loc is not finite or scale is not a finite number ≥ 0.
   */
  normal(loc = 0, scale = 1): number {
    if (loc !== 0 || scale !== 1) checkScale('normal', loc, scale);
    return loc + scale * standardNormal(this);
  }

  /**
   * An exponential variate with the given rate (mean 1/rate), as PyTorch's `Exponential(rate)`: E/rate,
   * E standard exponential by the ziggurat (Marsaglia & Tsang 2000) with 256 layers.
   *
   * @example
   * ```ts
   * createRng(42).exponential(); // 1.3466186418671346
   * ```
   * @throws {SurprisalError} `INVALID_OPTION` when rate is not a finite number > 0.
   */
  exponential(rate = 1): number {
    if (rate !== 1) checkPositive('exponential', 'rate', rate);
    return standardExponential(this) / rate;
  }

  /**
   * A gamma variate with the given shape and scale (mean shape·scale), as NumPy's `gamma(shape, scale)`.
   *
   * Marsaglia & Tsang (2000, "A simple method for generating gamma variables", ACM TOMS 26(3)) for
   * shape ≥ 1; for shape < 1 their boost Gamma(a) = Gamma(a + 1)·U^{1/a}, evaluated in log space, so tiny
   * shapes round correctly into the subnormals instead of collapsing to 0 early. (The distribution itself
   * puts mass at values below the smallest double: for shape 1e-3 about half the draws are exactly 0.)
   *
   * @example
   * ```ts
   * createRng(42).gamma(2.5); // 3.8545269706429126
   * ```
   * @throws {SurprisalError} `INVALID_OPTION` when shape or scale is not a finite number > 0.
   */
  gamma(shape: number, scale = 1): number {
    checkPositive('gamma', 'shape', shape);
    if (scale !== 1) checkPositive('gamma', 'scale', scale);
    return gammaVariate(this, shape) * scale;
  }

  /**
   * A beta variate on [0, 1]: X/(X + Y) with X ~ Gamma(a), Y ~ Gamma(b) (Devroye 1986, IX.4). When a < 1 or
   * b < 1, where both gammas can underflow, it is computed from their logs as 1/(1 + e^{ln Y − ln X}), so it
   * is never NaN (0/0) and is 0 or 1 only when the exact value rounds there.
   *
   * @example
   * ```ts
   * createRng(42).beta(2, 5); // 0.32346292411591104
   * ```
   * @throws {SurprisalError} `INVALID_OPTION` when a or b is not a finite number > 0.
   */
  beta(a: number, b: number): number {
    checkPositive('beta', 'a', a);
    checkPositive('beta', 'b', b);
    return betaVariate(this, a, b);
  }

  /**
   * A Poisson variate with mean λ (an integer-valued number). λ < 10: inversion by sequential search;
   * λ ≥ 10: Hörmann's PTRS (1993, "The transformed rejection method for generating Poisson random
   * variables", Insurance: Mathematics and Economics 12(1)), about 1.1 tries per variate, with the
   * acceptance test on Loader's (2000) log-mass so it stays accurate for λ up to 2^52.
   *
   * @example
   * ```ts
   * createRng(42).poisson(4); // 3
   * createRng(42).poisson(1000); // 992
   * ```
   * @throws {SurprisalError} `INVALID_OPTION` when λ is not a number in [0, 2^52].
   */
  poisson(lambda: number): number {
    if (!(typeof lambda === 'number' && lambda >= 0 && lambda <= MAX_POISSON_LAMBDA)) {
      throw invalid('poisson', 'lambda', lambda, 'a number in [0, 2^52]');
    }
    return poissonVariate(this, lambda);
  }

  /**
   * A binomial variate: successes in n independent trials of probability p. Exact at p = 0 (gives 0) and
   * p = 1 (gives n). With p' = min(p, 1 − p): inversion by sequential search when n·p' < 10, otherwise
   * Hörmann's BTRS (1993, "The generation of binomial random variates", J. Stat. Comput. Simul. 46),
   * transformed rejection with squeeze; p > 1/2 is sampled as n − Binomial(n, 1 − p).
   *
   * @example
   * ```ts
   * createRng(42).binomial(10, 0.3); // 3
   * createRng(42).binomial(1000, 0.4); // 396
   * ```
   * @throws {SurprisalError} `INVALID_OPTION` when n is not a safe integer ≥ 0 or p is not in [0, 1].
   */
  binomial(n: number, p: number): number {
    if (!(Number.isSafeInteger(n) && n >= 0)) throw invalid('binomial', 'n', n, 'an integer in [0, 2^53)');
    if (!(typeof p === 'number' && p >= 0 && p <= 1)) {
      throw invalid('binomial', 'p', p, 'a probability in [0, 1]');
    }
    return binomialVariate(this, n, p);
  }

  /**
   * A Student-t variate with df degrees of freedom (df > 0, not necessarily an integer): Z/√(V/df) with Z
   * standard normal and V ~ χ²(df) = 2·Gamma(df/2) (Marsaglia & Tsang 2000 for the gamma).
   *
   * @example
   * ```ts
   * createRng(42).studentT(3); // 1.0565328956332936
   * ```
   * @throws {SurprisalError} `INVALID_OPTION` when df is not a finite number > 0.
   */
  studentT(df: number): number {
    checkPositive('studentT', 'df', df);
    return studentTVariate(this, df);
  }

  /**
   * A chi-squared variate with df degrees of freedom (df > 0, not necessarily an integer): 2·Gamma(df/2).
   *
   * @example
   * ```ts
   * createRng(42).chiSquared(4); // 6.376477359097076
   * ```
   * @throws {SurprisalError} `INVALID_OPTION` when df is not a finite number > 0.
   */
  chiSquared(df: number): number {
    checkPositive('chiSquared', 'df', df);
    return 2 * gammaVariate(this, 0.5 * df);
  }

  /**
   * Fills `out` with uniform variates on [low, high) and returns it: low + (high − low)·U. Into a
   * Float32Array it draws one 24-bit U per element (so the default [0, 1) holds exactly in float32, and
   * the stream differs from the Float64Array one); otherwise a 53-bit {@link Rng.uniform}. For other
   * bounds the rounding of low + (high − low)·U can reach `high`, as in NumPy.
   *
   * @example
   * ```ts
   * createRng(42).fillUniform(new Float64Array(2)); // Float64Array [0.4137016681565887, 0.003983993377814743]
   * ```
   * @throws {SurprisalError} `INVALID_OPTION` when low or high is not finite, or high < low.
   */
  fillUniform<T extends FillableArray>(out: T, low = 0, high = 1): T {
    checkOut('fillUniform', out);
    const width = high - low;
    if (!(typeof low === 'number' && Number.isFinite(low))) {
      throw invalid('fillUniform', 'low', low, 'a finite number');
    }
    if (!(typeof high === 'number' && high >= low && Number.isFinite(width))) {
      throw invalid('fillUniform', 'high', high, `a finite number >= low (${low})`);
    }
    const n = out.length;
    if (out instanceof Float32Array) {
      for (let i = 0; i < n; i++) out[i] = low + width * ((this.nextUint32() >>> 8) * TWO_POW_M24);
    } else {
      for (let i = 0; i < n; i++) out[i] = low + width * this.uniform();
    }
    return out;
  }

  /**
   * Fills `out` with normal variates loc + scale·Z (ziggurat, as {@link Rng.normal}) and returns it.
   *
   * @example
   * ```ts
   * createRng(42).fillNormal(new Float64Array(2)); // Float64Array [0.9348158637706799, 0.007047495330743579]
   * ```
   * @throws {SurprisalError} `INVALID_OPTION` when loc is not finite or scale is not a finite number ≥ 0.
   */
  fillNormal<T extends FillableArray>(out: T, loc = 0, scale = 1): T {
    checkOut('fillNormal', out);
    checkScale('fillNormal', loc, scale);
    const n = out.length;
    for (let i = 0; i < n; i++) out[i] = loc + scale * standardNormal(this);
    return out;
  }

  /**
   * Fills `out` with exponential variates of the given rate (ziggurat, as {@link Rng.exponential}) and
   * returns it.
   *
   * @example
   * ```ts
   * createRng(42).fillExponential(new Float64Array(2), 2); // Float64Array [0.6733093209335673, 0.004237564078033007]
   * ```
   * @throws {SurprisalError} `INVALID_OPTION` when rate is not a finite number > 0.
   */
  fillExponential<T extends FillableArray>(out: T, rate = 1): T {
    checkOut('fillExponential', out);
    checkPositive('fillExponential', 'rate', rate);
    const n = out.length;
    for (let i = 0; i < n; i++) out[i] = standardExponential(this) / rate;
    return out;
  }

  /**
   * A new generator for an independent stream, for parallel or nested work: its state is the SplitMix64
   * hash of this generator's next 128 output bits (which advances this one by 4 outputs). Unlike a
   * jump-based split, this stays safe when children split again (with jumps, a child that splits would land
   * exactly on its parent's state); two of n streams of length L overlap with probability about
   * n²·L/2^128. For streams that provably never overlap, use {@link Rng.clone} and {@link Rng.jump}:
   * `const worker = rng.clone(); rng.jump();`.
   *
   * @example
   * ```ts
   * createRng(42).split().nextUint32(); // 871011241
   * ```
   */
  split(): Rng {
    const a = BigInt(this.nextUint32());
    const b = BigInt(this.nextUint32());
    const c = BigInt(this.nextUint32());
    const d = BigInt(this.nextUint32());
    const [, z0] = splitMix64((b << 32n) | a);
    const [, z1] = splitMix64((d << 32n) | c);
    // SplitMix64's output is a bijection of its input: 0 only for one input each, so both zero has
    // probability 2^-128; even then the generator must not start from the absorbing all-zero state.
    if (z0 === 0n && z1 === 0n) return new Rng(stateFromSeed(0n));
    return new Rng(
      Uint32Array.of(
        Number(z0 & 0xffffffffn),
        Number(z0 >> 32n),
        Number(z1 & 0xffffffffn),
        Number(z1 >> 32n),
      ),
    );
  }

  /**
   * An independent copy of this generator in its current state: both produce the same stream from here.
   *
   * @example
   * ```ts
   * const rng = createRng(7);
   * rng.clone().uniform() === rng.uniform(); // true
   * ```
   */
  clone(): Rng {
    return new Rng(this.getState());
  }
}

/**
 * A seeded generator ({@link Rng}, xoshiro128**). The seed is expanded into the 128-bit state by two outputs
 * of SplitMix64 (Steele, Lea & Flood 2014, "Fast splittable pseudorandom number generators"; Vigna's
 * recommended seeding), so nearby seeds (0, 1, 2, ...) give unrelated streams, and the all-zero state, the
 * one fixed point of xoshiro, cannot arise (two successive SplitMix64 outputs are never both 0).
 *
 * Without a seed it draws 64 bits of entropy from `crypto.getRandomValues` (as NumPy's `default_rng()`);
 * pass a seed whenever results must be reproducible. The streams are the same on every platform.
 *
 * @param seed - an integer in [0, 2^53) as a number, or in [0, 2^64) as a bigint (equal values give the
 *   same stream: `createRng(5)` and `createRng(5n)` agree).
 * @example
 * ```ts
 * createRng(42).uniform(); // 0.4137016681565887
 * createRng(42n).uniform(); // 0.4137016681565887
 * createRng(0).nextUint32(); // 3737715805
 * ```
 * @throws {SurprisalError} `INVALID_OPTION` when the seed is NaN, negative, not an integer, above 2^53 − 1
 *   as a number (pass a bigint), or at least 2^64 as a bigint.
 */
export function createRng(seed?: Seed): Rng {
  const s = checkSeed(seed, 'createRng');
  return new Rng(stateFromSeed(s === undefined ? entropySeed() : BigInt(s)));
}

/**
 * A generator restored from a state saved by {@link Rng.getState}: four 32-bit words, not all 0. It then
 * continues the saved stream exactly.
 *
 * @example
 * ```ts
 * rngFromState([1, 2, 3, 4]).nextUint32(); // 11520
 * ```
 * @throws {SurprisalError} `SHAPE_MISMATCH` when the state does not have 4 words; `INVALID_OPTION` when a
 *   word is not an integer in [0, 2^32) or all four are 0 (the one state xoshiro never leaves).
 */
export function rngFromState(state: ArrayLike<number>): Rng {
  if (state === null || typeof state !== 'object' || state.length !== 4) {
    throw new SurprisalError(
      'SHAPE_MISMATCH',
      `rngFromState: state must hold 4 32-bit words; got ${state === null || typeof state !== 'object' ? describe(state) : `${String(state.length)} words`}`,
      { argument: 'state', value: state },
    );
  }
  let any = 0;
  for (let i = 0; i < 4; i++) {
    const w = state[i];
    if (!(Number.isInteger(w) && w >= 0 && w <= 0xffffffff)) {
      throw new SurprisalError(
        'INVALID_OPTION',
        `rngFromState: state[${i}] = ${describe(w)} is not an integer in [0, 2^32)`,
        { argument: 'state', index: i, value: w },
      );
    }
    any |= w;
  }
  if (any === 0) {
    throw new SurprisalError('INVALID_OPTION', 'rngFromState: the all-zero state is not a valid state', {
      argument: 'state',
      value: state,
    });
  }
  return new Rng(state);
}
