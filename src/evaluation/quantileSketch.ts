/**
 * A mergeable quantile sketch: exact up to a threshold, then a KLL-style stack of compactors.
 * @module
 */
import { SurprisalError } from '../core/errors.js';
import { describe, readIntegerOption, readOptions } from '../core/options.js';
import { readNumberArray } from '../core/sum.js';
import { checkSeed, type Seed, splitMix64 } from '../random/seed.js';
import { fromJsonNumber, type JsonNumber, toJsonNumber } from './exactSum.js';

/** Options of {@link QuantileSketch}. */
export interface QuantileSketchOptions {
  /** Values kept exactly, in full, before the sketch starts compacting (default 2¹⁶ = 65536; 0 to 2²⁴). */
  exactLimit?: number;
  /** Capacity of each compactor, an even number in [8, 2²⁰] (default 4096): memory ≈ 8·k·levels bytes. */
  k?: number;
  /** The seed of the compactors' coin flips (default 0): a sketch is deterministic given its inputs. */
  seed?: Seed;
}

/** Rank-error bounds of a {@link QuantileSketch}, as fractions of its count. */
export interface RankError {
  /** Worst case, always true: |estimated rank − true rank| ≤ worst·n for every query. 0 while exact. */
  worst: number;
  /**
   * A bound that holds with probability ≥ 99% for any one query (Azuma–Hoeffding over the compactions'
   * independent ±2ʰ errors): √(2 ln(200) Σ 4ʰ)/n.
   */
  p99: number;
}

/** The JSON state of a {@link QuantileSketch} (see {@link QuantileSketch.fromJSON}). */
export interface QuantileSketchJson {
  type: 'QuantileSketch';
  k: number;
  exactLimit: number;
  seed: string;
  count: number;
  min: JsonNumber;
  max: JsonNumber;
  /** In exact mode the values; else empty. */
  values: JsonNumber[];
  /** Compactor contents, level h holding items of weight 2ʰ. */
  levels: JsonNumber[][];
  compactions: number;
  /** Σ 2ʰ and Σ 4ʰ over the compactions done (at level h). */
  worst: number;
  variance: number;
}

const FN = 'QuantileSketch';
const MASK64 = (1n << 64n) - 1n;

/**
 * A mergeable quantile sketch for percentiles of a stream. While the count is at most `exactLimit` it keeps
 * every value and its percentiles are exact — linear interpolation between order statistics (NumPy's default,
 * as `compareLogits` reports them). Past that it is a stack of compactors of capacity k in the manner of
 * Karnin, Lang & Liberty (2016), "Optimal quantile approximation in streams", FOCS (with equal capacities at
 * every level, as in their analysis of the randomized MRL sketch): a full compactor sorts its items and
 * promotes every other one (the odd or the even ones, by a seeded coin) to the next level at twice the weight.
 * One compaction at level h moves any rank by 0 or ±2ʰ, so the sketch tracks its own bounds: the worst case
 * Σ 2ʰ and, because the signs are independent fair coins, Azuma's 99% bound √(2 ln 200 · Σ 4ʰ) (both over
 * the compactions done; {@link QuantileSketch.rankError}). For n ≫ k the 99% bound is about 4.6/k of the
 * count (1.1·10⁻³ at the default k = 4096, whatever n) and the worst case log₂(n/k)/k (3.6·10⁻³ at n = 10⁸). Merging adds compactor to compactor, so any merge tree keeps the bounds.
 *
 * @example
 * ```ts
 * const s = new QuantileSketch().addAll([3, 1, 2, 4]);
 * s.quantile(50); // 2.5
 * s.rankError().worst; // 0
 * ```
 * @throws {SurprisalError} `INVALID_OPTION` for a bad option or percentile; `NAN` for a NaN value or a
 *   non-number; `SHAPE_MISMATCH` when addAll gets something that is not an array.
 */
export class QuantileSketch {
  readonly k: number;
  readonly exactLimit: number;
  private readonly seed: bigint;
  private n = 0;
  private lo = Number.POSITIVE_INFINITY;
  private hi = Number.NEGATIVE_INFINITY;
  private exact: number[] | undefined = [];
  private levels: number[][] = [];
  private compactions = 0;
  private worst = 0;
  private variance = 0;

  constructor(options?: QuantileSketchOptions) {
    const o = readOptions(options, FN, ['exactLimit', 'k', 'seed']);
    this.exactLimit = readIntegerOption(o.exactLimit, 65536, 0, 2 ** 24, 'exactLimit', FN);
    this.k = readIntegerOption(o.k, 4096, 8, 2 ** 20, 'k', FN);
    if (this.k % 2 !== 0) {
      throw new SurprisalError('INVALID_OPTION', `${FN}: k must be even; got ${this.k}`, {
        argument: 'k',
        value: this.k,
      });
    }
    this.seed = BigInt(checkSeed(o.seed, FN) ?? 0) & MASK64;
  }

  /** Number of values added. */
  get count(): number {
    return this.n;
  }

  /** Adds one value (±Infinity allowed; NaN is refused). */
  add(x: number): this {
    if (typeof x !== 'number' || Number.isNaN(x)) {
      throw new SurprisalError('NAN', `${FN}.add: x is ${describe(x)}, not a number`, {
        argument: 'x',
        value: x,
      });
    }
    this.push(x);
    return this;
  }

  /** Adds every value of an array. */
  addAll(values: ArrayLike<number>): this {
    readNumberArray(values, `${FN}.addAll`, 'values');
    for (let i = 0; i < values.length; i++) {
      const x = values[i];
      if (typeof x !== 'number' || Number.isNaN(x)) {
        throw new SurprisalError('NAN', `${FN}.addAll: values[${i}] is ${describe(x)}, not a number`, {
          argument: 'values',
          index: i,
          value: x,
        });
      }
    }
    for (let i = 0; i < values.length; i++) this.push(values[i]);
    return this;
  }

  private push(x: number): void {
    this.n++;
    if (x < this.lo) this.lo = x;
    if (x > this.hi) this.hi = x;
    if (this.exact) {
      this.exact.push(x);
      if (this.exact.length > this.exactLimit) this.toSketch();
      return;
    }
    this.insert(0, x);
  }

  private insert(h: number, x: number): void {
    while (this.levels.length <= h) this.levels.push([]);
    const level = this.levels[h];
    level.push(x);
    if (level.length >= this.k) this.compact(h);
  }

  private toSketch(): void {
    const values = this.exact ?? [];
    this.exact = undefined;
    for (const x of values) this.insert(0, x);
  }

  /** Compacts level h: sorts it, promotes every other item (an even number of them) to level h + 1. */
  private compact(h: number): void {
    const level = this.levels[h].sort((a, b) => a - b);
    const m = level.length - (level.length % 2);
    // The coin of compaction number `compactions`: one bit of SplitMix64 of (seed + count), so the state is
    // a counter that JSON carries and the sketch stays deterministic.
    const coin = Number(splitMix64((this.seed + BigInt(this.compactions)) & MASK64)[1] >> 63n);
    this.compactions++;
    this.worst += 2 ** h;
    this.variance += 4 ** h;
    const keep = level.length > m ? [level[m]] : [];
    this.levels[h] = keep;
    for (let i = coin; i < m; i += 2) this.insert(h + 1, level[i]);
  }

  /** Merges another sketch (same k) into this one. */
  merge(other: QuantileSketch): this {
    if (!(other instanceof QuantileSketch) || other.k !== this.k) {
      throw new SurprisalError(
        'INVALID_OPTION',
        `${FN}.merge: other must be a QuantileSketch with k = ${this.k}; got ${other instanceof QuantileSketch ? `k = ${other.k}` : describe(other)}`,
        { argument: 'other' },
      );
    }
    if (other === this) return this.merge(QuantileSketch.fromJSON(other.toJSON()));
    this.n += other.n;
    this.lo = Math.min(this.lo, other.lo);
    this.hi = Math.max(this.hi, other.hi);
    this.worst += other.worst;
    this.variance += other.variance;
    this.compactions += other.compactions;
    if (other.exact) {
      for (const x of other.exact) {
        if (this.exact) {
          this.exact.push(x);
          if (this.exact.length > this.exactLimit) this.toSketch();
        } else this.insert(0, x);
      }
      return this;
    }
    if (this.exact) this.toSketch();
    other.levels.forEach((items, h) => {
      for (const x of items) this.insert(h, x);
    });
    return this;
  }

  /** Rank-error bounds as fractions of the count (0 while exact). */
  rankError(): RankError {
    if (this.exact || this.n === 0) return { worst: 0, p99: 0 };
    return { worst: this.worst / this.n, p99: Math.sqrt(2 * Math.log(200) * this.variance) / this.n };
  }

  /** Smallest and largest value (always exact). */
  get min(): number {
    return this.n === 0 ? Number.NaN : this.lo;
  }

  get max(): number {
    return this.n === 0 ? Number.NaN : this.hi;
  }

  /**
   * The p-th percentile (p in [0, 100]) by linear interpolation at position p/100·(n − 1) of the sorted
   * values; in sketch mode of the sketch's weighted items (item i stands for its weight's positions).
   * NaN for an empty sketch.
   */
  quantile(p: number): number {
    if (typeof p !== 'number' || !(p >= 0 && p <= 100)) {
      throw new SurprisalError(
        'INVALID_OPTION',
        `${FN}.quantile: p must be in [0, 100]; got ${describe(p)}`,
        {
          argument: 'p',
          value: p,
        },
      );
    }
    if (this.n === 0) return Number.NaN;
    const h = (p / 100) * (this.n - 1);
    const lo = Math.floor(h);
    const hi = Math.min(lo + 1, this.n - 1);
    if (this.exact) {
      const sorted = Float64Array.from(this.exact).sort();
      return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }
    const items = this.weighted();
    // The exact extremes stand at the first and last positions.
    const value = (j: number) => (j === 0 ? this.lo : j === this.n - 1 ? this.hi : at(items, j));
    const a = value(lo);
    const b = value(hi);
    return a + (h - lo) * (b - a);
  }

  /** Several percentiles at once (one sort). */
  quantiles(ps: readonly number[]): number[] {
    if (this.exact && this.n > 0) {
      const sorted = Float64Array.from(this.exact).sort();
      return ps.map((p) => {
        const h = (p / 100) * (this.n - 1);
        const lo = Math.floor(h);
        const hi = Math.min(lo + 1, this.n - 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
      });
    }
    return ps.map((p) => this.quantile(p));
  }

  /** Items with cumulative weights, sorted; min and max pinned at the ends. */
  private weighted(): { values: Float64Array; ends: Float64Array } {
    const all: [number, number][] = [];
    this.levels.forEach((items, h) => {
      for (const x of items) all.push([x, 2 ** h]);
    });
    all.sort((a, b) => a[0] - b[0]);
    const values = new Float64Array(all.length);
    const ends = new Float64Array(all.length);
    let c = 0;
    all.forEach(([x, w], i) => {
      values[i] = x;
      c += w;
      ends[i] = c;
    });
    return { values, ends };
  }

  toJSON(): QuantileSketchJson {
    return {
      type: 'QuantileSketch',
      k: this.k,
      exactLimit: this.exactLimit,
      seed: this.seed.toString(),
      count: this.n,
      min: toJsonNumber(this.lo),
      max: toJsonNumber(this.hi),
      values: (this.exact ?? []).map(toJsonNumber),
      levels: this.exact ? [] : this.levels.map((l) => l.map(toJsonNumber)),
      compactions: this.compactions,
      worst: this.worst,
      variance: this.variance,
    };
  }

  /**
   * A sketch from its {@link QuantileSketch.toJSON} state.
   * @throws {SurprisalError} `INVALID_OPTION` for anything that is not such a state.
   */
  static fromJSON(json: QuantileSketchJson): QuantileSketch {
    const j = json as Partial<QuantileSketchJson> | null;
    const bad = (what: string) =>
      new SurprisalError('INVALID_OPTION', `${FN}.fromJSON: not a QuantileSketch state (${what})`, {
        argument: 'json',
      });
    if (typeof j !== 'object' || j === null || j.type !== 'QuantileSketch') throw bad('type');
    if (typeof j.seed !== 'string' || !/^\d+$/.test(j.seed)) throw bad('seed');
    if (!Array.isArray(j.values) || !Array.isArray(j.levels) || !j.levels.every(Array.isArray))
      throw bad('items');
    const s = new QuantileSketch({ k: j.k, exactLimit: j.exactLimit, seed: BigInt(j.seed) & MASK64 });
    const counts = [j.count, j.compactions, j.worst, j.variance];
    if (!counts.every((c) => typeof c === 'number' && Number.isFinite(c) && c >= 0)) throw bad('counts');
    if (!Number.isSafeInteger(j.count) || !Number.isSafeInteger(j.compactions)) throw bad('counts');
    s.n = j.count as number;
    s.lo = fromJsonNumber(j.min);
    s.hi = fromJsonNumber(j.max);
    s.compactions = j.compactions as number;
    s.worst = j.worst as number;
    s.variance = j.variance as number;
    const items = (a: unknown[]) => a.map(fromJsonNumber);
    const stored = j.values.length + j.levels.reduce((t, l, h) => t + l.length * 2 ** h, 0);
    if (stored !== s.n || [...j.values, ...j.levels.flat()].some((x) => Number.isNaN(fromJsonNumber(x)))) {
      throw bad('items do not add up to the count');
    }
    if (j.levels.length === 0 && j.values.length <= s.exactLimit) s.exact = items(j.values);
    else {
      s.exact = undefined;
      s.levels = j.levels.map(items);
      if (j.values.length > 0) throw bad('values and levels');
    }
    return s;
  }
}

/** The value standing at 0-based position j of the weighted, sorted items. */
function at(items: { values: Float64Array; ends: Float64Array }, j: number): number {
  const { values, ends } = items;
  let lo = 0;
  let hi = ends.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (ends[mid] > j) hi = mid;
    else lo = mid + 1;
  }
  return values[lo];
}
