/**
 * Special functions: log-gamma and polygamma, error functions, the normal distribution function and its
 * inverse, and the regularized incomplete gamma and beta functions with their inverses and log tails.
 * The public API of this folder; src/index.ts re-exports it, and it is the `surprisal/special` entry point.
 * @packageDocumentation
 */
export { betainc, logBetaincc } from './betainc.js';
export { betaincinv } from './betaincinv.js';
export { betaln } from './betaln.js';
export { digamma, trigamma } from './digamma.js';
export { erf, erfc, erfcx, logErfc } from './erf.js';
export { gammainc, gammaincc, logGammaincc } from './gammainc.js';
export { gammainccinv, gammaincinv } from './gammaincinv.js';
export { gammaln } from './gammaln.js';
export { log1pmx } from './log1pmx.js';
export { logNdtr, ndtr, ndtri, ndtriExp } from './normal.js';
