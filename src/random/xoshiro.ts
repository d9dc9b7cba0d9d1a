/**
 * The generator core: xoshiro128** (Blackman & Vigna 2018), its 32-bit output, uniform doubles, the jump
 * polynomial and the state. The variates and fills are built on it in {@link Rng} (`random.ts`).
 * @module
 */
import { SurprisalError } from '../core/errors.js';
import { describe } from '../core/options.js';

const TWO_POW_26 = 67108864;
const TWO_POW_M52 = 2 ** -52;
const TWO_POW_M53 = 2 ** -53;

/** The xoshiro128** jump polynomial for 2^64 steps (Blackman & Vigna 2018, reference `jump()`). */
const JUMP = [0x8764000b, 0xf542d2d3, 0x6fa035c3, 0x77f2db5b];

/**
 * xoshiro128** (Blackman & Vigna 2018, "Scrambled linear pseudorandom number generators", ACM TOMS 47(4),
 * 2021): 128 bits of state in four 32-bit words, period 2^128 − 1, pure 32-bit integer arithmetic
 * (`Math.imul`, shifts), so every platform gives the same stream. The base of {@link Rng}, which adds the
 * variates; make one with {@link createRng} or {@link rngFromState}.
 */
export class Xoshiro128 {
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
