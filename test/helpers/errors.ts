import { expect } from 'vitest';
import { SurprisalError } from '../../src/index.js';

/** Runs f, which must throw a SurprisalError, and returns it (for assertions on code, argument, index, value). */
export function thrown(f: () => unknown): SurprisalError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(SurprisalError);
    return e as SurprisalError;
  }
  throw new Error('expected a SurprisalError, but nothing was thrown');
}
