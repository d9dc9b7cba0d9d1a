/**
 * Allocation with a clear refusal: sizes past what the JavaScript engine can hold are refused before any work
 * starts, with the limit in the message, and an allocation the machine cannot satisfy becomes a
 * `SurprisalError` instead of a `RangeError` from deep inside a computation.
 * @module
 */
import { SurprisalError } from './errors.js';
import { describe } from './options.js';

/** Most elements of one typed array (V8's limit, 2³²; other engines allow fewer, and then allocation fails). */
export const MAX_ARRAY_LENGTH = 2 ** 32;

/**
 * Throws unless `n` is an integer in [0, MAX_ARRAY_LENGTH] (elements of one array).
 * @throws {SurprisalError} `TOO_LARGE` past the limit, `INVALID_OPTION` for a non-integer or negative size.
 * @internal
 */
export function checkAllocatable(n: unknown, fn: string, argument: string, limit = MAX_ARRAY_LENGTH): number {
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) {
    throw new SurprisalError(
      'INVALID_OPTION',
      `${fn}: ${argument} must be an integer >= 0; got ${describe(n)}`,
      {
        argument,
        value: n,
      },
    );
  }
  if (n > limit) {
    throw new SurprisalError(
      'TOO_LARGE',
      `${fn}: ${argument} = ${n} is past the largest array this library allocates (${limit} elements)`,
      { argument, value: n },
    );
  }
  return n;
}

type ArrayCtor<A> = new (n: number) => A;

/**
 * `new C(n)` after {@link checkAllocatable}, turning the engine's allocation failure into `TOO_LARGE`.
 * @internal
 */
export function allocate<A>(ctor: ArrayCtor<A>, n: number, fn: string, argument: string): A {
  checkAllocatable(n, fn, argument);
  try {
    return new ctor(n);
  } catch (e) {
    if (e instanceof RangeError) {
      const bytes = n * ((ctor as unknown as { BYTES_PER_ELEMENT?: number }).BYTES_PER_ELEMENT ?? 8);
      throw new SurprisalError(
        'TOO_LARGE',
        `${fn}: cannot allocate ${n} elements for ${argument} (${(bytes / 2 ** 30).toFixed(1)} GiB): ${e.message}`,
        { argument, value: n },
      );
    }
    throw e;
  }
}
