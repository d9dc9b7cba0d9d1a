import type { Xoshiro128 } from './xoshiro.js';

/**
 * Ziggurat tables (Marsaglia & Tsang 2000, "The ziggurat method for generating random variables",
 * J. Stat. Softw. 5(8)) for a decreasing density f on [0, ∞), with 256 layers of equal area v.
 *
 * Layer 0 is the base strip [0, r] × [0, f(r)] plus the tail beyond r, stored as a rectangle of width
 * x[0] = v / f(r); layer i ≥ 1 is [0, x[i]] × [f(x[i]), f(x[i+1])], with x[1] = r,
 * x[i+1] = f⁻¹(f(x[i]) + v / x[i]) and x[256] = 0 (f = f(0) = 1 at the top). r and v solve the closing
 * condition of the recurrence; they were computed to 25 digits with mpmath (bisection on r) and agree
 * with the values of NumPy's `ziggurat_constants.h` to double precision.
 */
interface Ziggurat {
  /** Right edges x[0..256] (x[256] = 0). */
  x: Float64Array;
  /** f(x[i]) for i = 0..256 (f at the top is 1; f(x[0]) is unused). */
  f: Float64Array;
  /** x[i]·2^-bits: turns a `bits`-bit random integer into an abscissa of layer i. */
  w: Float64Array;
}

const LAYERS = 256;

function buildZiggurat(
  f: (x: number) => number,
  finv: (y: number) => number,
  r: number,
  v: number,
  bits: number,
): Ziggurat {
  const x = new Float64Array(LAYERS + 1);
  const fx = new Float64Array(LAYERS + 1);
  x[0] = v / f(r);
  x[1] = r;
  for (let i = 1; i < LAYERS - 1; i++) x[i + 1] = finv(f(x[i]) + v / x[i]);
  x[LAYERS] = 0;
  for (let i = 1; i < LAYERS; i++) fx[i] = f(x[i]);
  fx[LAYERS] = 1;
  const scale = 2 ** -bits;
  const w = new Float64Array(LAYERS);
  for (let i = 0; i < LAYERS; i++) w[i] = x[i] * scale;
  return { x, f: fx, w };
}

// Normal: f(x) = exp(−x²/2) (unnormalised), r = 3.6541528853610088, v = 0.004928673233974655.
const NORMAL_R = 3.6541528853610088;
const NORMAL = buildZiggurat(
  (t) => Math.exp(-0.5 * t * t),
  (y) => Math.sqrt(-2 * Math.log(y)),
  NORMAL_R,
  0.004928673233974655,
  52,
);
// Exponential: f(x) = exp(−x), r = 7.697117470131050, v = 0.003949659822581557.
const EXPONENTIAL_R = 7.69711747013105;
const EXPONENTIAL = buildZiggurat(
  (t) => Math.exp(-t),
  (y) => -Math.log(y),
  EXPONENTIAL_R,
  0.003949659822581557,
  53,
);
const TWO_POW_29 = 536870912;

/**
 * A standard normal variate by the ziggurat (Marsaglia & Tsang 2000) with 256 layers.
 *
 * Two 32-bit draws per try: 8 bits pick the layer, 1 bit the sign and 52 further bits the abscissa, so the
 * layer and the value never share bits (the defect of the original 32-bit version that Doornik 2005,
 * "An improved ziggurat method to generate normal random samples", pointed out). About 98.8% of tries
 * return at once; the rest test the wedge against exp(−x²/2) or draw from the tail beyond r with
 * Marsaglia's (1964) exact method. The method is exact: the result has the normal distribution up to
 * the rounding of doubles.
 * @internal
 */
export function standardNormal(rng: Xoshiro128): number {
  const { x, f, w } = NORMAL;
  for (;;) {
    const a = rng.nextUint32();
    const b = rng.nextUint32();
    const i = a & 0xff;
    const bits = (a >>> 9) * TWO_POW_29 + (b >>> 3);
    const z = bits * w[i];
    if (z < x[i + 1]) return a & 0x100 ? -z : z;
    if (i === 0) {
      // Tail beyond r (Marsaglia 1964): accept r + s, s = −ln(U₁)/r, when −2 ln U₂ > s².
      let s: number;
      let e: number;
      do {
        s = -Math.log(rng.uniformOpen()) / NORMAL_R;
        e = -Math.log(rng.uniformOpen());
      } while (e + e < s * s);
      return a & 0x100 ? -(NORMAL_R + s) : NORMAL_R + s;
    }
    // Wedge: a uniform height in the layer, accepted under the curve.
    if (f[i] + rng.uniform() * (f[i + 1] - f[i]) < Math.exp(-0.5 * z * z)) return a & 0x100 ? -z : z;
  }
}

/**
 * A standard exponential variate by the ziggurat (Marsaglia & Tsang 2000) with 256 layers: 8 bits pick the
 * layer and 53 separate bits the abscissa; the tail beyond r is r plus a fresh exponential (memorylessness).
 * @internal
 */
export function standardExponential(rng: Xoshiro128): number {
  const { x, f, w } = EXPONENTIAL;
  let shift = 0;
  for (;;) {
    const a = rng.nextUint32();
    const b = rng.nextUint32();
    const i = a & 0xff;
    const bits = (a >>> 8) * TWO_POW_29 + (b >>> 3);
    const z = bits * w[i];
    if (z < x[i + 1]) return shift + z;
    if (i === 0) shift += EXPONENTIAL_R;
    else if (f[i] + rng.uniform() * (f[i + 1] - f[i]) < Math.exp(-z)) return shift + z;
  }
}
