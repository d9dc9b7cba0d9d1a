import { SurprisalError } from '../core/errors.js';
import { describe } from '../core/options.js';
import { betaVariate, binomialVariate, gammaVariate, poissonVariate, studentTVariate } from './variates.js';
import { standardExponential, standardNormal } from './ziggurat.js';

const TWO_POW_26 = 67108864;
const TWO_POW_M24 = 2 ** -24;
const TWO_POW_M52 = 2 ** -52;
const TWO_POW_M53 = 2 ** -53;
const MASK64 = (1n << 64n) - 1n;
const MAX_POISSON_LAMBDA = 2 ** 52;

/** The xoshiro128** jump polynomial for 2^64 steps (Blackman & Vigna 2018, reference `jump()`). */
const JUMP = [0x8764000b, 0xf542d2d3, 0x6fa035c3, 0x77f2db5b];

/** Float arrays the fillers write into. */
export type FillableArray = Float64Array | Float32Array | number[];

function invalid(fn: string, name: string, value: unknown, rule: string): SurprisalError {
  return new SurprisalError('INVALID_OPTION', `${fn}: ${name} must be ${rule}; got ${describe(value)}`, {
    argument: name,
    value,
  });
}

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
 * Checks a seed: undefined (fresh entropy), an integer in [0, 2⁵³) or a bigint in [0, 2⁶⁴); `fn` names the
 * caller in the message.
 * @throws {SurprisalError} `INVALID_OPTION` for anything else (NaN, 1.5, −1, '5', null, 2⁵³ as a number).
 * @internal
 */
export function checkSeed(seed: unknown, fn: string): number | bigint | undefined {
  if (seed === undefined) return undefined;
  if (typeof seed === 'bigint') {
    if (seed < 0n || seed > MASK64) throw invalid(fn, 'seed', seed, 'a bigint in [0, 2^64)');
    return seed;
  }
  if (typeof seed !== 'number' || !Number.isSafeInteger(seed) || seed < 0) {
    throw invalid(fn, 'seed', seed, 'an integer in [0, 2^53) (or a bigint in [0, 2^64))');
  }
  return seed;
}

/** SplitMix64 (Steele, Lea & Flood 2014; Vigna's reference `splitmix64.c`): the next output from state x. */
function splitMix64(x: bigint): [state: bigint, output: bigint] {
  const s = (x + 0x9e3779b97f4a7c15n) & MASK64;
  let z = s;
  z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK64;
  z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK64;
  return [s, z ^ (z >> 31n)];
}

/** The xoshiro128** state for a 64-bit seed: two SplitMix64 outputs, each split low word first. */
function stateFromSeed(seed: bigint): Uint32Array {
  const [s1, z0] = splitMix64(seed);
  const [, z1] = splitMix64(s1);
  return Uint32Array.of(
    Number(z0 & 0xffffffffn),
    Number(z0 >> 32n),
    Number(z1 & 0xffffffffn),
    Number(z1 >> 32n),
  );
}

/** 64 bits of fresh entropy: crypto.getRandomValues where the platform has it (browsers, Node ≥ 19). */
function entropySeed(): bigint {
  const c = (globalThis as { crypto?: { getRandomValues?: (a: Uint32Array) => Uint32Array } }).crypto;
  const words = new Uint32Array(2);
  if (c?.getRandomValues) c.getRandomValues(words);
  else {
    words[0] = (Math.random() * 2 ** 32) >>> 0;
    words[1] = ((Math.random() * 2 ** 32) ^ Date.now()) >>> 0;
  }
  return (BigInt(words[1]) << 32n) | BigInt(words[0]);
}

/**
 * A seeded pseudorandom generator: xoshiro128** (Blackman & Vigna 2018, "Scrambled linear pseudorandom
 * number generators", ACM TOMS 47(4), 2021) with 128 bits of state in four 32-bit words, period 2^128 − 1,
 * and the variates built on it. Pure 32-bit integer arithmetic (`Math.imul`, shifts), so every platform
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
export class Rng {
  // The four state words, as signed 32-bit integers (what `|`, `^`, `<<` produce).
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  /**
   * Use {@link createRng} or {@link rngFromState}, which check their input; this constructor takes four
   * 32-bit words and only refuses the all-zero state, which xoshiro never leaves.
   * @internal
   */
  constructor(state: ArrayLike<number>) {
    if (state === null || typeof state !== 'object' || state.length !== 4) {
      throw new SurprisalError(
        'SHAPE_MISMATCH',
        `Rng: state must hold 4 32-bit words; got ${describe(state)}`,
        {
          argument: 'state',
          value: state,
        },
      );
    }
    for (let i = 0; i < 4; i++) {
      if (typeof state[i] !== 'number') {
        throw new SurprisalError(
          'INVALID_OPTION',
          `Rng: state[${i}] must be a number; got ${describe(state[i])}`,
          {
            argument: 'state',
            index: i,
            value: state[i],
          },
        );
      }
    }
    this.s0 = state[0] | 0;
    this.s1 = state[1] | 0;
    this.s2 = state[2] | 0;
    this.s3 = state[3] | 0;
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) {
      throw new SurprisalError('INVALID_OPTION', 'Rng: the all-zero state is not a valid state', {
        argument: 'state',
        value: state,
      });
    }
  }

  /**
   * The next 32-bit output, an integer in [0, 2^32): xoshiro128**, result = rotl(s₁·5, 7)·9, then the
   * linear state update (Blackman & Vigna 2018, reference `next()`).
   *
   * @example
   * ```ts
   * createRng(42).nextUint32(); // 1776835114
   * ```
   */
  nextUint32(): number {
    const s0 = this.s0;
    const s1 = this.s1;
    const s2 = this.s2 ^ s0;
    const s3 = this.s3 ^ s1;
    const m = Math.imul(s1, 5);
    const result = Math.imul((m << 7) | (m >>> 25), 9) >>> 0;
    this.s0 = s0 ^ s3;
    this.s1 = s1 ^ s2;
    this.s2 = s2 ^ (s1 << 9);
    this.s3 = (s3 << 11) | (s3 >>> 21);
    return result;
  }

  /**
   * A uniform double in [0, 1) with 53 random bits: ((a >>> 5)·2^26 + (b >>> 6)) / 2^53 for two
   * successive outputs a, b (the construction of the xoshiro authors and of NumPy). Every multiple of
   * 2^-53 in [0, 1) is equally likely; 0 is possible, 1 is not.
   *
   * @example
   * ```ts
   * createRng(42).uniform(); // 0.4137016681565887
   * ```
   */
  uniform(): number {
    const a = this.nextUint32() >>> 5;
    const b = this.nextUint32() >>> 6;
    return (a * TWO_POW_26 + b) * TWO_POW_M53;
  }

  /**
   * A uniform double in the open interval (0, 1), safe for `Math.log`: (k + ½)/2^52 for a uniform 52-bit
   * integer k, so the values are symmetric about ½ (1 − u has the same distribution) and lie in
   * [2^-53, 1 − 2^-53].
   *
   * @example
   * ```ts
   * createRng(42).uniformOpen(); // 0.41370166793148655
   * ```
   */
  uniformOpen(): number {
    const a = this.nextUint32() >>> 6;
    const b = this.nextUint32() >>> 6;
    return (a * TWO_POW_26 + b + 0.5) * TWO_POW_M52;
  }

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
   * Advances the generator by 2^64 steps, as if `nextUint32` had been called 2^64 times, with the published
   * xoshiro128** jump polynomial (Blackman & Vigna 2018): the state after the jump is the sum over GF(2) of
   * the states at the powers of the polynomial's set bits. Calling `jump()` k times on clones gives 2^64
   * streams of length 2^64 that provably never overlap. Returns this generator.
   *
   * @example
   * ```ts
   * createRng(42).jump().nextUint32(); // 2449739786
   * ```
   */
  jump(): this {
    let t0 = 0;
    let t1 = 0;
    let t2 = 0;
    let t3 = 0;
    for (let i = 0; i < 4; i++) {
      const word = JUMP[i];
      for (let bit = 0; bit < 32; bit++) {
        if ((word >>> bit) & 1) {
          t0 ^= this.s0;
          t1 ^= this.s1;
          t2 ^= this.s2;
          t3 ^= this.s3;
        }
        this.nextUint32();
      }
    }
    this.s0 = t0;
    this.s1 = t1;
    this.s2 = t2;
    this.s3 = t3;
    return this;
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

  /**
   * The 128-bit state as four 32-bit words, a new Uint32Array; {@link rngFromState} restores it.
   *
   * @example
   * ```ts
   * const rng = createRng(42);
   * rngFromState(rng.getState()).uniform() === rng.uniform(); // true
   * ```
   */
  getState(): Uint32Array {
    return Uint32Array.of(this.s0, this.s1, this.s2, this.s3);
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
export function createRng(seed?: number | bigint): Rng {
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
