import { SurprisalError } from '../core/errors.js';
import { describe, readOptions } from '../core/options.js';

function checkNll(nll: number, fn: string): void {
  if (typeof nll !== 'number' || !(nll >= 0)) {
    throw new SurprisalError(
      Number.isNaN(nll) ? 'NAN' : 'OUT_OF_RANGE',
      `${fn}: nll = ${describe(nll)}; a mean NLL in nats is >= 0`,
      {
        argument: 'nll',
        value: nll,
      },
    );
  }
}

/**
 * Bits per token from a mean negative log-likelihood per token in nats: NLL / ln 2.
 *
 * @example
 * ```ts
 * bitsPerToken(Math.LN2 * 3); // 3
 * ```
 * @throws {SurprisalError} `OUT_OF_RANGE` / `NAN` for a negative or NaN NLL.
 */
export function bitsPerToken(nll: number): number {
  checkNll(nll, 'bitsPerToken');
  return nll / Math.LN2;
}

/** Options of {@link bitsPerByte}: the size of the evaluated text in tokens and in UTF-8 bytes. */
export interface BitsPerByteOptions {
  /** Number of tokens the mean NLL is over, > 0. */
  tokens: number;
  /** Number of UTF-8 bytes of the same text, > 0. */
  bytes: number;
}

/**
 * Bits per byte, the tokenizer-independent measure used to compare language models: the total NLL over the
 * text (mean NLL per token × tokens, in nats) divided by ln 2 × the number of bytes of that text (UTF-8).
 *
 * @param nll - mean NLL per token, in nats.
 * @param options - the counts of tokens and bytes of the text (both required).
 * @example
 * ```ts
 * bitsPerByte(2 * Math.LN2, { tokens: 100, bytes: 400 }); // 0.5
 * ```
 * @throws {SurprisalError} `OUT_OF_RANGE` for a negative NLL or counts that are missing or not positive,
 *   `INVALID_OPTION` for options that are not an object of `tokens` and `bytes`.
 */
export function bitsPerByte(nll: number, options: BitsPerByteOptions): number {
  const fn = 'bitsPerByte';
  const o = readOptions(options, fn, ['tokens', 'bytes']);
  checkNll(nll, fn);
  for (const key of ['tokens', 'bytes'] as const) {
    const v = o[key];
    if (typeof v !== 'number' || !(v > 0) || !Number.isFinite(v)) {
      throw new SurprisalError(
        'OUT_OF_RANGE',
        `${fn}: ${key} = ${describe(v)}; it must be a positive count`,
        {
          argument: key,
          value: v,
        },
      );
    }
  }
  return (nll * (o.tokens as number)) / ((o.bytes as number) * Math.LN2);
}
