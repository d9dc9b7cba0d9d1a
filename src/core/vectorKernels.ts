/**
 * The slot through which the kernels (src/kernels, which core may not import) lend core their fast paths for
 * long vectors: logSumExp, softmax and logSoftmax over a Float64Array or Float32Array of at least
 * {@link VECTOR_MIN} elements. src/kernels/operations/vectorCore.ts fills it when the kernels' part of the
 * library is loaded; until then, where it is not (a bundle that left the kernels out), and where WebAssembly
 * is missing, core takes its TypeScript path.
 * @module
 */

/** Elements from which a vector goes to the kernels (below it the copies and calls cost more than they save). @internal */
export const VECTOR_MIN = 4096;

/** What the kernels lend core. Each returns undefined (having written nothing) to leave a call to core. @internal */
export interface VectorKernels {
  /** [m, r] of logSumExpParts for a long float vector whose max is finite, on up to `threads` threads. */
  logSumExpParts(x: Float64Array | Float32Array, threads: number): [number, number] | undefined;
  /** softmax of a long float vector into out (of x's type) where its max is finite; true when done. */
  softmaxInto(x: Float64Array | Float32Array, out: Float64Array | Float32Array, threads: number): boolean;
  /** logSoftmax of a long float vector into out (of x's type) where its max is finite; true when done. */
  logSoftmaxInto(x: Float64Array | Float32Array, out: Float64Array | Float32Array, threads: number): boolean;
}

let lent: VectorKernels | undefined;

/** Installs the kernels' fast paths (called once by src/kernels/operations/vectorCore.ts). @internal */
export function lendVectorKernels(k: VectorKernels): void {
  lent = k;
}

/** The kernels' fast paths for x, if x is a long Float64Array / Float32Array and they are installed. @internal */
export function vectorKernelsFor(x: unknown): VectorKernels | undefined {
  if (lent === undefined) return undefined;
  if (!(x instanceof Float64Array || x instanceof Float32Array) || x.length < VECTOR_MIN) return undefined;
  return lent;
}
