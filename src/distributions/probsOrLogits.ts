/**
 * The probs / logits pair of PyTorch's binary families (`Bernoulli(probs=None, logits=None)` and its
 * kin): exactly one of them, read into every form the methods need, each computed directly from the
 * parameter given so that nothing is rounded through the other. From logits l: p = σ(l), 1 − p = σ(−l),
 * log p = −softplus(−l), log(1 − p) = −softplus(l), all to full relative precision at l = ±40 (where
 * 1 − σ(40) = 4.2e-18 rounds to 0 in p) and l = ±1e308.
 * @module
 */
import { SurprisalError } from '../core/errors.js';
import { describe, readOptions } from '../core/options.js';
import { probability } from './family.js';

/** `probs` (a number in [0, 1]), or exactly one of `{ probs }` and `{ logits }` (log-odds, log p − log(1 − p)). */
export type ProbsOrLogits =
  | number
  | { probs: number; logits?: undefined }
  | { logits: number; probs?: undefined };

/** A success probability in every form a binary family uses. @internal */
export interface BinaryParameter {
  /** p. */
  probs: number;
  /** 1 − p, exact (not 1 minus a rounded p). */
  probsComplement: number;
  /** log p. */
  logProbs: number;
  /** log(1 − p). */
  log1mProbs: number;
  /** log p − log(1 − p) (±Infinity at p = 1 and p = 0). */
  logits: number;
  /** Which of the two the constructor was given. */
  from: 'probs' | 'logits';
}

/** log(1 + eˣ) without overflow or underflow. @internal */
export function softplus(x: number): number {
  return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
}

/** 1/(1 + e⁻ˣ), to full relative precision on both sides. @internal */
export function sigmoid(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

/** Builds the parameter from p. @internal */
export function fromProbs(p: number): BinaryParameter {
  return {
    probs: p,
    probsComplement: 1 - p,
    logProbs: Math.log(p),
    log1mProbs: Math.log1p(-p),
    logits: Math.log(p) - Math.log1p(-p),
    from: 'probs',
  };
}

/** Builds the parameter from the log-odds l (±Infinity allowed: p = 1, p = 0). @internal */
export function fromLogits(l: number): BinaryParameter {
  return {
    probs: sigmoid(l),
    probsComplement: sigmoid(-l),
    logProbs: -softplus(-l),
    log1mProbs: -softplus(l),
    logits: l,
    from: 'logits',
  };
}

/**
 * Reads a binary family's `probs` argument: a number, `{ probs }` or `{ logits }`.
 *
 * @param lo the smallest probability allowed; `allowNegativeInfinity` false refuses logits = −Infinity (p = 0).
 * @throws {SurprisalError} `INVALID_PARAMETER` for a probability outside [lo, 1], logits that are NaN (or
 *   −Infinity where refused) or not a number, both or neither of probs and logits; `INVALID_OPTION` for
 *   another key.
 * @internal
 */
export function readProbsOrLogits(
  family: string,
  value: unknown,
  lo = 0,
  allowNegativeInfinity = true,
): BinaryParameter {
  if (typeof value === 'number') return fromProbs(probability(family, 'probs', value, lo, 1));
  if (value === null || typeof value !== 'object' || Array.isArray(value) || ArrayBuffer.isView(value)) {
    throw new SurprisalError(
      'INVALID_PARAMETER',
      `${family}: probs must be a probability, { probs } or { logits }; got ${describe(value)}`,
      { argument: 'probs', value },
    );
  }
  const o = readOptions(value as object, family, ['probs', 'logits'], 'parameters') as {
    probs?: unknown;
    logits?: unknown;
  };
  if ((o.probs === undefined) === (o.logits === undefined)) {
    throw new SurprisalError(
      'INVALID_PARAMETER',
      `${family}: give exactly one of probs and logits; got ${o.probs === undefined ? 'neither' : 'both'}`,
      { argument: o.probs === undefined ? 'probs' : 'logits', value },
    );
  }
  if (o.probs !== undefined) return fromProbs(probability(family, 'probs', o.probs as number, lo, 1));
  const l = o.logits;
  if (
    typeof l !== 'number' ||
    Number.isNaN(l) ||
    (!allowNegativeInfinity && l === Number.NEGATIVE_INFINITY)
  ) {
    const want = allowNegativeInfinity ? 'a number (±Infinity allowed)' : 'a number > -Infinity';
    throw new SurprisalError('INVALID_PARAMETER', `${family}: logits must be ${want}; got ${describe(l)}`, {
      argument: 'logits',
      value: l,
    });
  }
  return fromLogits(l);
}

/** a · log b with 0 · log b = 0 (also for log b = −Infinity). @internal */
export function xlog(a: number, logB: number): number {
  return a === 0 ? 0 : a * logB;
}
