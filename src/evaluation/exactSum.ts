/**
 * Mergeable sums in double-double precision: Σx and Σx² (by exact products) as unevaluated pairs hi + lo,
 * so that a mean and a variance come out correctly rounded however the values were split into chunks and
 * in whatever order the chunks were merged.
 * @module
 */

/** The error-free sum of two doubles (Knuth's TwoSum): a + b = s + e exactly. */
function twoSum(a: number, b: number): [number, number] {
  const s = a + b;
  const bb = s - a;
  return [s, a - (s - bb) + (b - bb)];
}

// Dekker's splitting constant 2^27 + 1 (Dekker 1971, "A floating-point technique for extending the available
// precision", Numer. Math. 18): a = hi + lo with 26-bit halves, so that products of halves are exact.
const SPLIT = 134217729;

/** The error-free product (Dekker's TwoProduct): a·b = p + e exactly (for |a|, |b| below 2^996). */
function twoProduct(a: number, b: number): [number, number] {
  const p = a * b;
  let t = SPLIT * a;
  const ah = t - (t - a);
  const al = a - ah;
  t = SPLIT * b;
  const bh = t - (t - b);
  const bl = b - bh;
  return [p, ah * bh - p + ah * bl + al * bh + al * bl];
}

/** A double-double number hi + lo, as [hi, lo]. */
type DD = [number, number];

function ddAdd(a: DD, b: DD): DD {
  const [s, e] = twoSum(a[0], b[0]);
  const [hi, lo] = twoSum(s, e + a[1] + b[1]);
  return [hi, lo];
}

function ddMul(a: DD, b: DD): DD {
  const [p, e] = twoProduct(a[0], b[0]);
  return twoSum(p, e + a[0] * b[1] + a[1] * b[0]);
}

function ddDiv(a: DD, d: number): DD {
  const q = a[0] / d;
  const [p, e] = twoProduct(q, d);
  const r = (a[0] - p - e + a[1]) / d;
  return twoSum(q, r);
}

/** The JSON form of a number: itself, or a string for ±Infinity and NaN (which JSON cannot hold). @internal */
export type JsonNumber = number | 'Infinity' | '-Infinity' | 'NaN';

/** @internal */
export function toJsonNumber(x: number): JsonNumber {
  return Number.isFinite(x) ? x : (String(x) as JsonNumber);
}

/** @internal */
export function fromJsonNumber(x: unknown): number {
  if (typeof x === 'number') return x;
  if (x === 'Infinity' || x === '-Infinity' || x === 'NaN') return Number(x);
  return Number.NaN;
}

/** JSON state of {@link ExactMoments}. @internal */
export interface ExactMomentsJson {
  n: number;
  s: [JsonNumber, JsonNumber];
  s2: [JsonNumber, JsonNumber];
  /** Plain sums of the non-finite values (±Infinity, NaN), which double-double arithmetic would turn into NaN. */
  special: [JsonNumber, JsonNumber];
}

/**
 * Count, Σx and Σx² of a stream of values, each sum held as a double-double (≈ 106 bits): every addition of
 * a value or of another accumulator is exact up to ~2⁻¹⁰⁶ relative, so the results are the correctly rounded
 * sums whatever the order (to float64 rounding; order-independent far below 1e-12 relative).
 * Σ(x − mean)² is then computed as Σx² − mean·Σx in double-double, which loses nothing to cancellation that
 * float64 could keep. @internal
 */
export class ExactMoments {
  n = 0;
  private s: DD = [0, 0];
  private s2: DD = [0, 0];
  private special = 0;
  private special2 = 0;

  add(x: number): void {
    this.n++;
    if (x - x !== 0) {
      this.special += x;
      this.special2 += x * x;
      return;
    }
    // TwoSum and TwoProduct inline (no allocation per value): hi takes the rounded sum, lo its exact error.
    const a = this.s[0];
    const t = a + x;
    const bb = t - a;
    this.s[1] += a - (t - bb) + (x - bb);
    this.s[0] = t;
    const [p, e] = twoProduct(x, x);
    const a2 = this.s2[0];
    const t2 = a2 + p;
    const bb2 = t2 - a2;
    this.s2[1] += a2 - (t2 - bb2) + (p - bb2) + e;
    this.s2[0] = t2;
  }

  merge(o: ExactMoments): void {
    this.n += o.n;
    this.s = ddAdd(this.s, o.s);
    this.s2 = ddAdd(this.s2, o.s2);
    this.special += o.special;
    this.special2 += o.special2;
  }

  /** Σx, correctly rounded (the plain sum of the non-finite values where there are any). */
  sum(): number {
    if (this.special !== 0 || Number.isNaN(this.special)) return this.special;
    return this.s[0] + this.s[1];
  }

  mean(): number {
    return this.n === 0 ? Number.NaN : this.sum() / this.n;
  }

  /** Σ(x − mean)² in double-double; NaN with a non-finite value. */
  sumSquaredDeviations(): number {
    if (this.special !== 0 || Number.isNaN(this.special) || this.n === 0) return Number.NaN;
    const mean = ddDiv(this.s, this.n);
    const d = ddAdd(this.s2, ddMul(mean, [-this.s[0], -this.s[1]]));
    return Math.max(0, d[0] + d[1]);
  }

  /** Mean of x² (NaN for no values). */
  meanOfSquares(): number {
    if (this.n === 0) return Number.NaN;
    if (this.special !== 0 || Number.isNaN(this.special)) return this.special2 / this.n;
    return (this.s2[0] + this.s2[1]) / this.n;
  }

  /** The standard error of the mean, √(Σ(x − mean)²/(n(n − 1))); NaN for fewer than two values. */
  stdError(): number {
    const n = this.n;
    return n > 1 ? Math.sqrt(this.sumSquaredDeviations() / n / (n - 1)) : Number.NaN;
  }

  toJSON(): ExactMomentsJson {
    return {
      n: this.n,
      s: [toJsonNumber(this.s[0]), toJsonNumber(this.s[1])],
      s2: [toJsonNumber(this.s2[0]), toJsonNumber(this.s2[1])],
      special: [toJsonNumber(this.special), toJsonNumber(this.special2)],
    };
  }

  static fromJSON(j: ExactMomentsJson): ExactMoments {
    const m = new ExactMoments();
    m.n = j.n;
    m.s = [fromJsonNumber(j.s[0]), fromJsonNumber(j.s[1])];
    m.s2 = [fromJsonNumber(j.s2[0]), fromJsonNumber(j.s2[1])];
    m.special = fromJsonNumber(j.special[0]);
    m.special2 = fromJsonNumber(j.special[1]);
    return m;
  }
}
