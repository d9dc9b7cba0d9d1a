/**
 * Seeding of the generator: the `Seed` type every seeded function of the library takes, its check, and the
 * SplitMix64 expansion of a 64-bit seed into xoshiro128**'s 128-bit state.
 * @module
 */
import { SurprisalError } from '../core/errors.js';
import { describe } from '../core/options.js';

/**
 * A seed, as every seeded function of the library takes it (`createRng`, the `seed` option of samplers and
 * estimators): an integer in [0, 2⁵³) as a number, or in [0, 2⁶⁴) as a bigint. Equal values give the same
 * stream (`5` and `5n` agree).
 */
export type Seed = number | bigint;

const MASK64 = (1n << 64n) - 1n;

/** The INVALID_OPTION error of a bad argument, naming the function, the argument and the rule. @internal */
export function invalid(fn: string, name: string, value: unknown, rule: string): SurprisalError {
  return new SurprisalError('INVALID_OPTION', `${fn}: ${name} must be ${rule}; got ${describe(value)}`, {
    argument: name,
    value,
  });
}

/**
 * Checks a seed: undefined (fresh entropy), an integer in [0, 2⁵³) or a bigint in [0, 2⁶⁴); `fn` names the
 * caller in the message.
 * @throws {SurprisalError} `INVALID_OPTION` for anything else (NaN, 1.5, −1, '5', null, 2⁵³ as a number).
 * @internal
 */
export function checkSeed(seed: unknown, fn: string): Seed | undefined {
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

/**
 * SplitMix64 (Steele, Lea & Flood 2014; Vigna's reference `splitmix64.c`): the next output from state x.
 * @internal
 */
export function splitMix64(x: bigint): [state: bigint, output: bigint] {
  const s = (x + 0x9e3779b97f4a7c15n) & MASK64;
  let z = s;
  z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK64;
  z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK64;
  return [s, z ^ (z >> 31n)];
}

/**
 * The xoshiro128** state for a 64-bit seed: two SplitMix64 outputs, each split low word first.
 * @internal
 */
export function stateFromSeed(seed: bigint): Uint32Array {
  const [s1, z0] = splitMix64(seed);
  const [, z1] = splitMix64(s1);
  return Uint32Array.of(
    Number(z0 & 0xffffffffn),
    Number(z0 >> 32n),
    Number(z1 & 0xffffffffn),
    Number(z1 >> 32n),
  );
}

/**
 * 64 bits of fresh entropy: crypto.getRandomValues where the platform has it (browsers, Node ≥ 19).
 * @internal
 */
export function entropySeed(): bigint {
  const c = (globalThis as { crypto?: { getRandomValues?: (a: Uint32Array) => Uint32Array } }).crypto;
  const words = new Uint32Array(2);
  if (c?.getRandomValues) c.getRandomValues(words);
  else {
    words[0] = (Math.random() * 2 ** 32) >>> 0;
    words[1] = ((Math.random() * 2 ** 32) ^ Date.now()) >>> 0;
  }
  return (BigInt(words[1]) << 32n) | BigInt(words[0]);
}
