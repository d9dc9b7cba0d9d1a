/** Splits, merge trees and rank checks shared by the accumulator tests. */
import { expect } from 'vitest';
import type { Summary } from '../../src/index.js';

/** |a − b| ≤ atol + rtol·max(|a|, |b|) (equal infinities and NaNs pass). */
export function near(a: number, b: number, rtol = 1e-12, atol = 0): boolean {
  if (a === b || (Number.isNaN(a) && Number.isNaN(b))) return true;
  return Math.abs(a - b) <= atol + rtol * Math.max(Math.abs(a), Math.abs(b));
}

/** The rows [0, n) cut at the given points into non-empty [r0, r1) blocks (at least one). */
export function splits(n: number, cuts: number[]): [number, number][] {
  const points = [...new Set([0, ...cuts.map((c) => c % (n + 1)), n])].sort((a, b) => a - b);
  const out: [number, number][] = [];
  for (let i = 1; i < points.length; i++) if (points[i] > points[i - 1]) out.push([points[i - 1], points[i]]);
  return out;
}

/**
 * Merges the parts in a random binary tree: at step s, part order[s] (mod the parts left) absorbs its right
 * neighbour, through a JSON round trip of either side where viaJson says so.
 */
export function mergeTree<T extends { merge(o: T): T }>(
  parts: T[],
  order: number[],
  viaJson: boolean[],
  clone: (x: T) => T,
): T {
  const left = [...parts];
  let s = 0;
  while (left.length > 1) {
    const i = (order[s % order.length] ?? 0) % (left.length - 1);
    const a = viaJson[s % viaJson.length] ? clone(left[i]) : left[i];
    const b = viaJson[(s + 1) % viaJson.length] ? clone(left[i + 1]) : left[i + 1];
    left.splice(i, 2, a.merge(b));
    s++;
  }
  return left[0];
}

/**
 * Each percentile q reported at position h = p/100·(n − 1) is a valid order statistic within the rank error:
 * #{x < q} ≤ ⌊h⌋ + 1 + W and #{x ≤ q} ≥ ⌊h⌋ + 1 − W, W = worst·n (the sketch's worst-case bound).
 */
export function checkRanks(values: Float64Array, s: Summary, worst: number): void {
  const n = values.length;
  const w = worst * n + 1e-9;
  const entries: [number, number][] = [
    ...Object.entries(s.percentiles).map(([p, q]) => [Number(p), q] as [number, number]),
    [50, s.median],
  ];
  for (const [p, q] of entries) {
    const lo = Math.floor((p / 100) * (n - 1));
    let less = 0;
    let atMost = 0;
    for (const x of values) {
      if (x < q) less++;
      if (x <= q) atMost++;
    }
    expect(less).toBeLessThanOrEqual(lo + 1 + w);
    expect(atMost).toBeGreaterThanOrEqual(lo + 1 - w);
  }
}
