import { readFileSync } from 'node:fs';
import { expect } from 'vitest';

/** Reads a committed fixture from test/fixtures, decoding "Infinity", "-Infinity" and "NaN" strings. */
export function loadFixture<T>(name: string): T {
  const text = readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8');
  return JSON.parse(text, (_key, v) =>
    v === 'Infinity'
      ? Number.POSITIVE_INFINITY
      : v === '-Infinity'
        ? Number.NEGATIVE_INFINITY
        : v === 'NaN'
          ? Number.NaN
          : v,
  ) as T;
}

/** Asserts |got − want| ≤ atol + rtol·|want| elementwise; non-finite values must match exactly. */
export function expectClose(
  got: number | ArrayLike<number>,
  want: number | ArrayLike<number>,
  rtol: number,
  atol: number,
  label = '',
): void {
  const g = typeof got === 'number' ? [got] : Array.from(got);
  const w = typeof want === 'number' ? [want] : Array.from(want);
  expect(g.length, `${label} length`).toBe(w.length);
  for (let i = 0; i < w.length; i++) {
    if (!Number.isFinite(w[i])) {
      expect(g[i], `${label}[${i}]`).toBe(w[i]);
      continue;
    }
    const err = Math.abs(g[i] - w[i]);
    if (!(err <= atol + rtol * Math.abs(w[i]))) {
      expect.fail(
        `${label}[${i}]: got ${g[i]}, want ${w[i]} (|err| = ${err}, allowed ${atol + rtol * Math.abs(w[i])})`,
      );
    }
  }
}
