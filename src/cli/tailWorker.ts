/**
 * Worker thread of `surprisal tail`: runs the sampler off the main thread, which meanwhile shows progress.
 * The result is the one a direct call gives (same spec, same seed, same numbers).
 * @module
 */
import { parentPort, workerData } from 'node:worker_threads';
import { SurprisalError } from '../index.js';
import { runTail, type TailSpec } from './tail.js';

try {
  parentPort?.postMessage({ ok: true, result: runTail(workerData as TailSpec) });
} catch (err) {
  const e = err as Error;
  parentPort?.postMessage({
    ok: false,
    error:
      err instanceof SurprisalError
        ? { surprisal: true, code: err.code, message: err.message, argument: err.argument, index: err.index }
        : { surprisal: false, message: e?.message ?? String(err), stack: e?.stack },
  });
}
