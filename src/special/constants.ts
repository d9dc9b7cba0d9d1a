/**
 * Mathematical constants the library uses in more than one place, each defined once here as the double
 * nearest its true value (checked to 40 digits with Python's `decimal`).
 * @module
 */

/** ½·ln(2π) = 0.91893853320467274178…; `0.5 * Math.log(2 * Math.PI)` gives the double one ulp below. */
export const HALF_LOG_2PI = 0.9189385332046728;

/** ln π = 1.14472988584940017414… */
export const LOG_PI = 1.1447298858494002;

/** Euler–Mascheroni constant γ = 0.57721566490153286060… (OEIS A001620). */
export const EULER_GAMMA = 0.5772156649015329;
