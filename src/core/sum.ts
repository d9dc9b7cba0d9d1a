/**
 * Neumaier's compensated sum (Neumaier 1974, "Rundungsfehleranalyse einiger Verfahren zur Summation
 * endlicher Summen"): the error stays O(ε) instead of O(nε), whatever the order of magnitudes.
 * Infinite partial sums are returned as they are (the compensation term would turn them into NaN).
 *
 * @example
 * ```ts
 * const acc = new Accumulator();
 * for (const x of [1e100, 1, -1e100]) acc.add(x);
 * acc.value(); // 1
 * ```
 */
export class Accumulator {
  private s = 0;
  private c = 0;

  add(x: number): this {
    const s = this.s;
    const t = s + x;
    this.c += Math.abs(s) >= Math.abs(x) ? s - t + x : x - t + s;
    this.s = t;
    return this;
  }

  value(): number {
    const s = this.s;
    return Number.isFinite(s) ? s + this.c : s;
  }
}

/**
 * Compensated sum of an array (Neumaier), accumulated in float64.
 *
 * @example
 * ```ts
 * fsum([0.1, 0.2, 0.3]); // 0.6 (plain += gives 0.6000000000000001)
 * ```
 */
export function fsum(values: ArrayLike<number>): number {
  let s = 0;
  let c = 0;
  for (let i = 0; i < values.length; i++) {
    const x = values[i];
    const t = s + x;
    c += Math.abs(s) >= Math.abs(x) ? s - t + x : x - t + s;
    s = t;
  }
  return Number.isFinite(s) ? s + c : s;
}
