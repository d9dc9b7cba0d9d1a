/**
 * Kernels: the WebAssembly memory the fast paths read (kernel arrays) and the worker threads they use.
 * The public API of this folder; src/index.ts re-exports it, and it is the `surprisal/kernels` entry point.
 * @packageDocumentation
 */
// Installs the kernels' passes over long vectors into core's logSumExp, softmax and logSoftmax.
import './operations/vectorCore.js';

export { freeKernelArray, kernelFloat32Array, kernelFloat64Array, kernelInt32Array } from './arrays.js';
export type { Backend } from './options.js';
export { startKernelThreads, stopKernelThreads } from './threads.js';
