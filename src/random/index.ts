/**
 * Random numbers: the seeded, reproducible generator (xoshiro128**) with its variates, alias tables and
 * multinomial draws.
 * The public API of this folder; src/index.ts re-exports it, and it is the `surprisal/random` entry point.
 * @packageDocumentation
 */
export { type AliasTable, aliasTable } from './aliasTable.js';
export { multinomial } from './multinomial.js';
export { createRng, type FillableArray, Rng, rngFromState } from './random.js';
export type { Seed } from './seed.js';
