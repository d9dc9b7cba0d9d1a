/**
 * Lends core (logSumExp, softmax, logSoftmax: src/core/vectorKernels.ts) the kernels' passes over long
 * vectors. Importing this module installs them; src/kernels/index.ts and the measures' fast paths import it,
 * so the library's entry points that reach core through them carry it (a bundler that drops modules imported
 * for their effect alone may leave it out: core then takes its TypeScript path).
 * @module
 */
import { lendVectorKernels } from '../../core/vectorKernels.js';
import { isTooLarge } from '../options.js';
import { kernelRuntime } from '../runtime.js';
import { vectorMax, vectorSoftmaxInto, vectorSumExpBelowMax } from './vector.js';

/** f's result, or undefined where kernel memory cannot hold the chunks (core then takes its own path). */
function unlessTooLarge<T>(f: () => T): T | undefined {
  try {
    return f();
  } catch (e) {
    if (isTooLarge(e)) return undefined;
    throw e;
  }
}

lendVectorKernels({
  logSumExpParts(x, threads) {
    const rt = kernelRuntime();
    if (!rt) return undefined;
    return unlessTooLarge((): [number, number] | undefined => {
      const m = vectorMax(rt, x, threads);
      if (!Number.isFinite(m)) return undefined;
      return [m, Math.log1p(vectorSumExpBelowMax(rt, x, m, threads))];
    });
  },
  softmaxInto(x, out, threads) {
    const rt = kernelRuntime();
    if (!rt) return false;
    return (
      unlessTooLarge(() => {
        const m = vectorMax(rt, x, threads);
        if (!Number.isFinite(m)) return false;
        const s = 1 + vectorSumExpBelowMax(rt, x, m, threads);
        vectorSoftmaxInto(rt, x, m, s, out, threads);
        return true;
      }) ?? false
    );
  },
});
