import fc from 'fast-check';

/** Probability vectors of length in [min, max], normalised by division (Σ = 1 to rounding). */
export function probabilityVector(min = 1, max = 16, fullSupport = false): fc.Arbitrary<number[]> {
  const lo = fullSupport ? 1e-6 : 0;
  return fc
    .array(fc.double({ min: lo, max: 1, noNaN: true }), { minLength: min, maxLength: max })
    .filter((w) => w.reduce((a, b) => a + b, 0) > 1e-9)
    .map((w) => {
      const s = w.reduce((a, b) => a + b, 0);
      return w.map((x) => x / s);
    });
}

/** Two probability vectors of the same length. */
export function probabilityPair(min = 1, max = 16, fullSupportQ = false): fc.Arbitrary<[number[], number[]]> {
  return fc
    .integer({ min, max })
    .chain((n) => fc.tuple(probabilityVector(n, n), probabilityVector(n, n, fullSupportQ)));
}

/** A joint table { data, shape } with the given number of axes, each of size 1..4, normalised. */
export function jointTable(axes: number): fc.Arbitrary<{ data: number[]; shape: number[] }> {
  return fc.array(fc.integer({ min: 1, max: 4 }), { minLength: axes, maxLength: axes }).chain((shape) => {
    const size = shape.reduce((a, b) => a * b, 1);
    return probabilityVector(size, size).map((data) => ({ data, shape }));
  });
}

/** |a − b| ≤ atol + rtol·|b|. */
export function close(a: number, b: number, rtol = 1e-12, atol = 1e-14): boolean {
  if (a === b) return true;
  return Math.abs(a - b) <= atol + rtol * Math.abs(b);
}
