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
import { vectorLogSumExp, vectorNormalizeInto, vectorSoftmaxOnePass } from './vector.js';

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
      const mb = vectorLogSumExp(rt, x, threads);
      return mb && [mb[0], Math.log1p(mb[1])];
    });
  },
  softmaxInto(x, out, threads) {
    const rt = kernelRuntime();
    if (!rt) return false;
    return (
      unlessTooLarge(() => {
        // A float64 vector into another array: exp once (the one-pass path); else, and in place, exp twice.
        if (x instanceof Float64Array && out instanceof Float64Array && out !== x)
          return vectorSoftmaxOnePass(rt, x, out, threads);
        const mb = vectorLogSumExp(rt, x, threads);
        if (!mb) return false;
        vectorNormalizeInto(rt, false, x, mb[0], 1 + mb[1], out, threads);
        return true;
      }) ?? false
    );
  },
  logSoftmaxInto(x, out, threads) {
    const rt = kernelRuntime();
    if (!rt) return false;
    return (
      unlessTooLarge(() => {
        const mb = vectorLogSumExp(rt, x, threads);
        if (!mb) return false;
        // x − m − r with r = log1p(b), as logSumExpParts gives them to the TypeScript path.
        vectorNormalizeInto(rt, true, x, mb[0], Math.log1p(mb[1]), out, threads);
        return true;
      }) ?? false
    );
  },
});
