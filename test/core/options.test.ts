/** readOptions: the one reader of options objects (unknown keys named with a hint and the valid ones). */
import { describe, expect, it } from 'vitest';
import { allocate, checkAllocatable, MAX_ARRAY_LENGTH } from '../../src/core/allocate.js';
import {
  readBooleanOption,
  readChoiceOption,
  readIntegerOption,
  readOptions,
} from '../../src/core/options.js';
import { thrown } from '../helpers/errors.js';

describe('readOptions', () => {
  it('accepts undefined and plain objects with known keys, ignoring keys whose value is undefined', () => {
    expect(readOptions(undefined, 'f', ['a'])).toEqual({});
    expect(readOptions({ a: 1, b: undefined }, 'f', ['a'])).toEqual({ a: 1, b: undefined });
  });
  it('refuses null, arrays, typed arrays, strings and numbers as options', () => {
    for (const bad of [null, [], new Float64Array(1), 'sum', 5, true]) {
      const e = thrown(() => readOptions(bad as never, 'f', ['a']));
      expect(e.code).toBe('INVALID_OPTION');
      expect(e.argument).toBe('options');
      expect(e.message).not.toContain('[object');
    }
  });
  it('names an unknown key, suggests the nearest valid one (prefixes too) and lists them all', () => {
    const e = thrown(() => readOptions({ reduce: 'sum' }, 'crossEntropyLoss', ['reduction', 'weight']));
    expect(e.code).toBe('INVALID_OPTION');
    expect(e.argument).toBe('reduce');
    expect(e.message).toContain("unknown option 'reduce' (did you mean 'reduction'?)");
    expect(e.message).toContain('valid options: reduction, weight');
    expect(thrown(() => readOptions({ bsae: 2 }, 'entropy', ['base', 'from'])).message).toContain("'base'");
    expect(thrown(() => readOptions({ axis: 1 }, 'entropy', ['base', 'from'])).message).not.toContain(
      'did you mean',
    );
    expect(thrown(() => readOptions({ x: 1 }, 'g', [])).message).toContain('it takes no options');
  });
});

describe('option value readers', () => {
  it('readIntegerOption refuses fractions, NaN, infinities, out-of-range values and non-numbers', () => {
    expect(readIntegerOption(undefined, 7, 0, 10, 'n', 'f')).toBe(7);
    expect(readIntegerOption(3, 7, 0, 10, 'n', 'f')).toBe(3);
    for (const bad of [1.5, Number.NaN, Number.POSITIVE_INFINITY, -1, 11, '3', null, 3n]) {
      expect(thrown(() => readIntegerOption(bad, 7, 0, 10, 'n', 'f')).code).toBe('INVALID_OPTION');
    }
  });
  it('readBooleanOption and readChoiceOption refuse anything but their values', () => {
    expect(readBooleanOption(undefined, true, 'b', 'f')).toBe(true);
    expect(thrown(() => readBooleanOption(1, true, 'b', 'f')).code).toBe('INVALID_OPTION');
    expect(readChoiceOption('x', 'y', ['x', 'y'], 'c', 'f')).toBe('x');
    expect(thrown(() => readChoiceOption('z', 'y', ['x', 'y'], 'c', 'f')).message).toContain("'x', 'y'");
  });
});

describe('allocate', () => {
  it('refuses sizes past 2^32 elements up front with TOO_LARGE and the limit', () => {
    const e = thrown(() => checkAllocatable(2 ** 40, 'f', 'samples'));
    expect(e.code).toBe('TOO_LARGE');
    expect(e.message).toContain(String(MAX_ARRAY_LENGTH));
    expect(thrown(() => checkAllocatable(-1, 'f', 'samples')).code).toBe('INVALID_OPTION');
    expect(thrown(() => checkAllocatable(1.5, 'f', 'samples')).code).toBe('INVALID_OPTION');
  });
  it('turns an allocation the engine cannot make into TOO_LARGE', () => {
    // 2^32 float64 = 32 GiB: within the element limit, past what V8 allocates.
    expect(thrown(() => allocate(Float64Array, 2 ** 32, 'f', 'x')).code).toBe('TOO_LARGE');
    expect(allocate(Float64Array, 3, 'f', 'x')).toEqual(new Float64Array(3));
  });
});
