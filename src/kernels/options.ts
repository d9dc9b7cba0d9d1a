/**
 * The options every kernel-backed function shares (`backend`, `threads`), and the refusals its route
 * reports or falls back on. Generic: each consumer (a loss, a measure) owns its own route to the kernels
 * and calls these to read its options.
 * @module
 */
import { SurprisalError } from '../core/errors.js';
import { describe, readThreadsOption } from '../core/options.js';

/** Which implementation runs a call: `'auto'` (default) picks the wasm kernel where it applies and pays. */
export type Backend = 'auto' | 'js' | 'wasm';

/**
 * Classes per row from which `'auto'` uses a row kernel. Below it the per-row overheads (max, log, the
 * tail of fewer than 4 lanes) leave little to gain over the TypeScript path; measured in bench/ce.mjs.
 * @internal
 */
export const WASM_MIN_CLASSES = 8;

/** Whether `e` is the kernels' refusal of a size (kernel memory is 4 GiB at most). @internal */
export function isTooLarge(e: unknown): boolean {
  return e instanceof SurprisalError && e.code === 'TOO_LARGE';
}

/** Checks the `backend` option. @internal */
export function readBackend(value: unknown, fn: string): Backend {
  const v = value === undefined ? 'auto' : value;
  if (v !== 'auto' && v !== 'js' && v !== 'wasm') {
    throw new SurprisalError(
      'INVALID_OPTION',
      `${fn}: backend must be 'auto' | 'js' | 'wasm'; got ${describe(value)}`,
      {
        argument: 'backend',
        value,
      },
    );
  }
  return v;
}

/**
 * The error of `backend: 'wasm'` where the kernel cannot run: the input is not one it `takes` (when not
 * `eligible`), or the runtime lacks WebAssembly SIMD128. @internal
 */
export function wasmRefused(fn: string, eligible: boolean, takes: string): SurprisalError {
  return new SurprisalError(
    'INVALID_OPTION',
    eligible
      ? `${fn}: backend 'wasm' needs WebAssembly SIMD128, which this runtime lacks`
      : `${fn}: backend 'wasm' takes ${takes}`,
    { argument: 'backend', value: 'wasm' },
  );
}

/**
 * Checks the `threads` option: a positive integer, default 1. More than one runs the wasm kernels on worker
 * threads (Node ≥ 20.16); elsewhere, and for inputs under 1 MiB per thread, fewer threads are used. @internal
 */
export const readThreads: (value: unknown, fn: string) => number = readThreadsOption;
