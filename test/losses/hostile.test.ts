/**
 * Hostile input to the losses (issue #13): every bad argument or option is a SurprisalError with a code and
 * the argument it concerns, never a TypeError, a RangeError, a wasm trap or a silently wrong number; and the
 * things that are allowed (an ignoreIndex that is a class index, an in-place gradient) give the same numbers
 * on every path.
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import {
  type BitsPerByteOptions,
  binaryCrossEntropy,
  binaryCrossEntropyWithLogits,
  bitsPerByte,
  bitsPerToken,
  compareLogits,
  crossEntropyLoss,
  freeKernelArray,
  gaussianNllLoss,
  kernelFloat32Array,
  klDivLoss,
  linearCrossEntropyLoss,
  nllLoss,
  poissonNllLoss,
  softmaxEntropy,
  stopKernelThreads,
} from '../../src/index.js';
import { thrown } from '../helpers/errors.js';
import { xorshift32 } from '../helpers/random.js';

afterAll(() => stopKernelThreads());

const bytes = (a: ArrayBufferView) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

function logits32(n: number, c: number, seed: number): Float32Array {
  const r = xorshift32(seed);
  return Float32Array.from({ length: n * c }, () => r() * 8 - 4);
}

const f32 = (n: number, c: number, seed = 1) => ({ data: logits32(n, c, seed), shape: [n, c] });
const f64 = (n: number, c: number, seed = 1) => ({
  data: Float64Array.from(logits32(n, c, seed)),
  shape: [n, c],
});

describe('ignoreIndex', () => {
  it('is INVALID_OPTION unless an integer in int32 range, on every loss and path', () => {
    const bad = [
      1e10,
      1.5,
      2 ** 32 + 1,
      -(2 ** 31) - 1,
      2 ** 31,
      Number.NaN,
      Number.POSITIVE_INFINITY,
      '1',
      null,
      true,
      1n,
    ];
    const hidden = { data: logits32(2, 4, 3), shape: [2, 4] };
    const weight = { data: logits32(8, 4, 4), shape: [8, 4] };
    for (const ignoreIndex of bad) {
      const opts = { ignoreIndex } as unknown as { ignoreIndex: number };
      const calls = [
        () => crossEntropyLoss(f32(2, 8), [0, 1], opts),
        () => crossEntropyLoss(f32(2, 8), [0, 1], { ...opts, threads: 2 }),
        () => crossEntropyLoss(f64(2, 8), [0, 1], opts),
        () => crossEntropyLoss(f32(2, 8), [0, 1], { ...opts, backend: 'wasm' }),
        () => nllLoss(f64(2, 8), [0, 1], opts),
        () => linearCrossEntropyLoss(hidden, weight, [0, 1], opts),
        () => linearCrossEntropyLoss(hidden, weight, [0, 1], { ...opts, backend: 'js' }),
      ];
      for (const call of calls) {
        const e = thrown(call);
        expect(e.code).toBe('INVALID_OPTION');
        expect(e.argument).toBe('ignoreIndex');
      }
    }
    // The reproducer: it read past the wasm kernel's memory, and gave NaN on the float64 path.
    const e = thrown(() =>
      crossEntropyLoss({ data: new Float32Array(16), shape: [2, 8] }, [0, 1e10], { ignoreIndex: 1e10 }),
    );
    expect(e.code).toBe('INVALID_OPTION');
  });

  it('a target equal to it is ignored identically on the float64, float32, wasm and threaded paths', () => {
    const n = 40;
    const c = 12;
    const x = logits32(n, c, 7);
    for (const ignoreIndex of [5, -7, 0, 2147483647, -2147483648, -100]) {
      const y = Int32Array.from({ length: n }, (_, i) => (i % 3 === 0 ? ignoreIndex : (i * 5) % c));
      const ref = crossEntropyLoss({ data: Float64Array.from(x), shape: [n, c] }, y, { ignoreIndex });
      // The reference by hand: the mean over rows whose target is not ignoreIndex.
      let total = 0;
      let count = 0;
      for (let i = 0; i < n; i++) {
        if (y[i] === ignoreIndex) continue;
        const row = Array.from(x.subarray(i * c, (i + 1) * c));
        const m = Math.max(...row);
        const lse = m + Math.log(row.reduce((s, v) => s + Math.exp(v - m), 0));
        total += lse - row[y[i]];
        count++;
      }
      expect(ref.loss).toBeCloseTo(total / count, 12);
      for (let i = 0; i < n; i++) {
        if (y[i] !== ignoreIndex) continue;
        for (let k = 0; k < c; k++) expect(ref.grad?.data[i * c + k]).toBe(0);
      }
      for (const options of [
        { backend: 'js' as const },
        { backend: 'wasm' as const },
        { backend: 'auto' as const },
        { backend: 'wasm' as const, threads: 3 },
      ]) {
        const r = crossEntropyLoss({ data: x, shape: [n, c] }, y, { ignoreIndex, ...options });
        expect(Math.abs(r.loss - ref.loss)).toBeLessThan(1e-6 * Math.abs(ref.loss));
        const g = r.grad?.data as Float32Array;
        for (let j = 0; j < g.length; j++)
          expect(Math.abs(g[j] - (ref.grad?.data[j] ?? 0))).toBeLessThan(1e-7);
      }
      // nllLoss on log-probabilities and linearCrossEntropyLoss (identity weight: the logits are hidden).
      const nll = nllLoss({ data: Float64Array.from(x), shape: [n, c] }, y, { ignoreIndex });
      let nllRef = 0;
      for (let i = 0; i < n; i++) if (y[i] !== ignoreIndex) nllRef -= x[i * c + y[i]];
      expect(nll.loss).toBeCloseTo(nllRef / count, 12);
      const eye = new Float32Array(c * c);
      for (let k = 0; k < c; k++) eye[k * c + k] = 1;
      for (const backend of ['js', 'wasm'] as const) {
        const lin = linearCrossEntropyLoss({ data: x, shape: [n, c] }, { data: eye, shape: [c, c] }, y, {
          ignoreIndex,
          backend,
        });
        expect(Math.abs(lin.loss - ref.loss)).toBeLessThan(1e-6 * Math.abs(ref.loss));
      }
    }
  });

  it('property: js, wasm and auto backends and 1, 2, 3 threads agree, with any ignoreIndex (fast-check)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 30 }),
        fc.integer({ min: 1, max: 40 }),
        fc.constantFrom(-100, 0, 3, -7, 2147483647, -2147483648),
        fc.integer({ min: 1, max: 2 ** 30 }),
        fc.constantFrom<'mean' | 'sum' | 'none'>('mean', 'sum', 'none'),
        (n, c, ignoreIndex, seed, reduction) => {
          const x = logits32(n, c, seed);
          const r = xorshift32(seed ^ 0x5bd1e995);
          const y = Int32Array.from({ length: n }, () => (r() < 0.3 ? ignoreIndex : Math.floor(r() * c)));
          const ref = crossEntropyLoss({ data: x, shape: [n, c] }, y, {
            ignoreIndex,
            reduction,
            backend: 'js',
            emptyMean: 'zero',
          });
          for (const backend of ['wasm', 'auto'] as const) {
            for (const threads of [1, 2, 3]) {
              const got = crossEntropyLoss({ data: x, shape: [n, c] }, y, {
                ignoreIndex,
                reduction,
                backend,
                threads,
                emptyMean: 'zero',
              });
              const a = typeof got.loss === 'number' ? [got.loss] : Array.from(got.loss);
              const b = typeof ref.loss === 'number' ? [ref.loss] : Array.from(ref.loss);
              for (let i = 0; i < a.length; i++)
                expect(Math.abs(a[i] - b[i])).toBeLessThanOrEqual(1e-6 * Math.abs(b[i]) + 1e-7);
              const ga = got.grad?.data as Float32Array;
              const gb = ref.grad?.data as Float32Array;
              for (let i = 0; i < ga.length; i++) expect(Math.abs(ga[i] - gb[i])).toBeLessThanOrEqual(1e-6);
            }
          }
        },
      ),
      { numRuns: 60, seed: 13 },
    );
  }, 120_000); // 60 runs that start worker threads: seconds on a loaded machine

  it('property: threads 1, 2, 3 give the same bytes on inputs large enough to use them (fast-check)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(300, 16384),
        fc.constantFrom(-100, 1, 2147483647),
        fc.integer({ min: 1, max: 2 ** 30 }),
        (c, ignoreIndex, seed) => {
          const n = Math.ceil((3.2 * 2 ** 20) / (4 * c)); // > 3 MiB: three threads' worth
          const x = logits32(n, c, seed);
          const y = Int32Array.from({ length: n }, (_, i) =>
            i % 4 === 1 ? ignoreIndex : (i * 131 + seed) % c,
          );
          const one = crossEntropyLoss({ data: x, shape: [n, c] }, y, { ignoreIndex, threads: 1 });
          for (const threads of [2, 3]) {
            const t = crossEntropyLoss({ data: x, shape: [n, c] }, y, { ignoreIndex, threads });
            expect(t.loss).toBe(one.loss);
            expect(bytes(t.grad?.data as Float32Array).equals(bytes(one.grad?.data as Float32Array))).toBe(
              true,
            );
          }
          const h1 = softmaxEntropy({ data: x, shape: [n, c] }, { threads: 1 });
          const h3 = softmaxEntropy({ data: x, shape: [n, c] }, { threads: 3 });
          expect(Array.from(h3)).toEqual(Array.from(h1));
        },
      ),
      { numRuns: 4, seed: 7 },
    );
  });
});

describe('class-index targets', () => {
  it('anything but an integer class index or ignoreIndex is a SurprisalError naming the index', () => {
    const cases: [unknown, string][] = [
      [1e10, 'OUT_OF_RANGE'],
      [1.5, 'OUT_OF_RANGE'],
      [-1, 'OUT_OF_RANGE'],
      [8, 'OUT_OF_RANGE'],
      [Number.NaN, 'NAN'],
      [Number.POSITIVE_INFINITY, 'OUT_OF_RANGE'],
      [null, 'NAN'],
      [undefined, 'NAN'],
      ['1', 'NAN'],
      [true, 'NAN'],
      [{}, 'NAN'],
      [2n ** 40n, 'OUT_OF_RANGE'],
      [-1n, 'OUT_OF_RANGE'],
    ];
    for (const [bad, code] of cases) {
      for (const input of [f32(2, 8), f64(2, 8)]) {
        const e = thrown(() => crossEntropyLoss(input, [0, bad] as number[]));
        expect([e.code, e.argument, e.index]).toEqual([code, 'target', 1]);
        expect(thrown(() => nllLoss(input, [0, bad] as number[])).code).toBe(code);
      }
      const e = thrown(() => compareLogits(f64(2, 8), f64(2, 8), { targets: [0, bad] as number[] }));
      expect([e.code, e.index]).toEqual([code, 1]);
    }
    // bigints that are class indices are exact: BigInt64Array targets (onnxruntime's int64) work.
    expect(crossEntropyLoss(f64(2, 8), BigInt64Array.of(0n, 7n)).loss).toBe(
      crossEntropyLoss(f64(2, 8), [0, 7]).loss,
    );
    // a sparse array's hole is not a class index
    const holes = [0];
    holes.length = 2;
    expect(thrown(() => crossEntropyLoss(f64(2, 8), holes)).code).toBe('NAN');
  });

  it('targets that are not an array, and probabilities without a shape, are SHAPE_MISMATCH', () => {
    for (const t of [null, undefined, 3, 'ab', {}, { data: null }]) {
      const e = thrown(() => crossEntropyLoss(f64(2, 8), t as unknown as number[]));
      expect(e.code).toBe('SHAPE_MISMATCH');
    }
    const e = thrown(() =>
      crossEntropyLoss(f32(2, 8), { data: new Float32Array(16) } as unknown as number[]),
    );
    expect(e.code).toBe('SHAPE_MISMATCH');
    expect(e.message).toContain("probabilities need the input's shape");
    // dims given as a BigInt64Array (onnxruntime) still mark a probability target
    const p = { data: new Float64Array(16).fill(1 / 8), dims: BigInt64Array.of(2n, 8n) };
    expect(crossEntropyLoss(f64(2, 8), p as unknown as number[]).loss).toBeCloseTo(
      crossEntropyLoss(f64(2, 8), { data: p.data, shape: [2, 8] }).loss,
      14,
    );
  });
});

describe('tensor input', () => {
  it('bad data or shapes are SurprisalErrors naming the argument (and index)', () => {
    const cases: [unknown, string, number | undefined][] = [
      [{ data: null, shape: [2, 8] }, 'SHAPE_MISMATCH', undefined],
      [{ data: 'abcd', shape: [4] }, 'SHAPE_MISMATCH', undefined],
      [{ data: new BigInt64Array(16), shape: [2, 8] }, 'NAN', undefined],
      [{ data: new Float64Array(16), shape: [2, -8] }, 'SHAPE_MISMATCH', 1],
      [{ data: new Float64Array(16), shape: [2, 8.5] }, 'SHAPE_MISMATCH', 1],
      [{ data: new Float64Array(16), shape: [Number.NaN, 8] }, 'SHAPE_MISMATCH', 0],
      [{ data: new Float64Array(16), shape: [2 ** 60, 8] }, 'SHAPE_MISMATCH', 0],
      [{ data: new Float64Array(16), shape: ['2', 8] }, 'SHAPE_MISMATCH', 0],
      [{ data: new Float64Array(16), shape: [4, 8] }, 'SHAPE_MISMATCH', undefined],
      [{ data: new Float64Array(16) }, 'SHAPE_MISMATCH', undefined],
      [{ data: [0, 1, '2', 3], shape: [2, 2] }, 'NAN', 2],
      [{ data: [0, 1, null, 3], shape: [2, 2] }, 'NAN', 2],
      [{ data: [0, 1, true, 3], shape: [2, 2] }, 'NAN', 2],
      [{ data: [0, 1, 2n, 3], shape: [2, 2] }, 'NAN', 2],
      [
        [
          [0, 1],
          [null, 3],
        ],
        'NAN',
        2,
      ],
      [
        [
          [0, 1],
          ['x', 3],
        ],
        'NAN',
        2,
      ],
      [
        [
          [0, 1],
          [2n, 3],
        ],
        'NAN',
        2,
      ],
      [[[0, 1], [2]], 'SHAPE_MISMATCH', undefined],
      [null, 'SHAPE_MISMATCH', undefined],
      [42, 'SHAPE_MISMATCH', undefined],
      [{ data: new Float64Array(1), shape: [] }, 'SHAPE_MISMATCH', undefined],
    ];
    for (const [input, code, index] of cases) {
      const e = thrown(() => crossEntropyLoss(input as number[][], [0, 1]));
      expect(
        [e.code, e.argument, e.index],
        JSON.stringify(input, (_, v) => (typeof v === 'bigint' ? `${v}n` : v)),
      ).toEqual([code, 'input', index]);
    }
    // The elementwise losses read their inputs the same way.
    for (const f of [
      () => binaryCrossEntropy([0.5, null as unknown as number], [1, 0]),
      () => binaryCrossEntropyWithLogits([0.5, 1], ['1' as unknown as number, 0]),
      () => klDivLoss([[0, 1]], [[0.5, true as unknown as number]]),
      () => poissonNllLoss([1, 2n as unknown as number], [1, 1]),
      () => gaussianNllLoss([1, 2], [1, 2], [1, null as unknown as number]),
      () => softmaxEntropy([[0, 'a' as unknown as number]]),
      () => compareLogits([[0, 1]], [[0, null as unknown as number]]),
    ]) {
      expect(thrown(f).code).toBe('NAN');
    }
  });
});

describe('options', () => {
  const x = f64(2, 3);
  const calls: [string, (o: unknown) => unknown][] = [
    ['crossEntropyLoss', (o) => crossEntropyLoss(x, [0, 1], o as object)],
    ['nllLoss', (o) => nllLoss(x, [0, 1], o as object)],
    ['binaryCrossEntropy', (o) => binaryCrossEntropy([0.5], [1], o as object)],
    ['binaryCrossEntropyWithLogits', (o) => binaryCrossEntropyWithLogits([0.5], [1], o as object)],
    ['klDivLoss', (o) => klDivLoss([[0, 0]], [[0.5, 0.5]], o as object)],
    ['gaussianNllLoss', (o) => gaussianNllLoss([0], [0], 1, o as object)],
    ['poissonNllLoss', (o) => poissonNllLoss([0], [1], o as object)],
    [
      'linearCrossEntropyLoss',
      (o) =>
        linearCrossEntropyLoss(
          [[1, 0]],
          [
            [1, 0],
            [0, 1],
          ],
          [0],
          o as object,
        ),
    ],
    ['compareLogits', (o) => compareLogits(x, x, o as object)],
    ['softmaxEntropy', (o) => softmaxEntropy(x, o as object)],
    ['bitsPerByte', (o) => bitsPerByte(1, o as BitsPerByteOptions)],
  ];

  it("an unknown key ({ reduce: 'sum' }) is INVALID_OPTION naming it; null or a non-object is refused", () => {
    for (const [name, call] of calls) {
      const e = thrown(() => call({ reduce: 'sum', tokens: 1, bytes: 1 }));
      expect([e.code, e.argument], name).toEqual(['INVALID_OPTION', 'reduce']);
      expect(e.message).toContain("unknown option 'reduce'");
      if (name !== 'bitsPerByte' && name !== 'compareLogits' && name !== 'softmaxEntropy')
        expect(e.message).toContain('reduction');
      for (const bad of [null, 3, 'sum', [1], true])
        expect(thrown(() => call(bad)).code, name).toBe('INVALID_OPTION');
      // undefined values are as if absent
      if (name !== 'bitsPerByte') expect(() => call({ reduction: undefined })).not.toThrow();
    }
  });

  it('every option value is type-checked: INVALID_OPTION (or SHAPE_MISMATCH / NAN for arrays) naming it', () => {
    const bad: [string, (o: unknown) => unknown, Record<string, unknown>][] = [
      ['grad', calls[0][1], { grad: 'no' }],
      ['grad', calls[0][1], { grad: 0 }],
      ['reduction', calls[0][1], { reduction: null }],
      ['reduction', calls[0][1], { reduction: 5 }],
      ['labelSmoothing', calls[0][1], { labelSmoothing: null }],
      ['labelSmoothing', calls[0][1], { labelSmoothing: '0.1' }],
      ['emptyMean', calls[0][1], { emptyMean: null }],
      ['backend', calls[0][1], { backend: null }],
      ['threads', calls[0][1], { threads: 1.5 }],
      ['gradOutput', calls[0][1], { gradOutput: '2' }],
      ['gradOutput', calls[0][1], { reduction: 'none', gradOutput: [1, '2'] }],
      ['gradOutput', calls[0][1], { reduction: 'none', gradOutput: null }],
      ['weight', calls[0][1], { weight: [1, null, 1] }],
      ['gradInto', calls[0][1], { gradInto: [0, 0, 0, 0, 0, 0] }],
      ['grad', calls[1][1], { grad: 1 }],
      ['logTarget', calls[4][1], { logTarget: 'yes' }],
      ['full', calls[5][1], { full: 1 }],
      ['eps', calls[5][1], { eps: null }],
      ['logInput', calls[6][1], { logInput: 0 }],
      ['full', calls[6][1], { full: 'true' }],
      ['blockSize', calls[7][1], { blockSize: 0 }],
      ['blockSize', calls[7][1], { blockSize: 1.5 }],
      ['blockSize', calls[7][1], { blockSize: '4' }],
      ['grad', calls[7][1], { grad: null }],
      ['threads', calls[8][1], { threads: 0 }],
      ['base', calls[9][1], { base: 'decibels' }],
      ['threads', calls[9][1], { threads: Number.NaN }],
    ];
    for (const [argument, call, options] of bad) {
      const e = thrown(() => call(options));
      expect(e.argument, JSON.stringify(options)).toBe(argument);
    }
    expect(thrown(() => bitsPerToken('1' as unknown as number)).code).toBe('OUT_OF_RANGE');
    expect(thrown(() => bitsPerByte(1, { tokens: 1, bytes: Number.NaN })).argument).toBe('bytes');
  });
});

describe('in-place gradients (gradInto is the input)', () => {
  /** Runs `call` on a copy of the data given as its own gradInto, and on a copy with a separate buffer. */
  function both<T extends Float32Array | Float64Array>(
    data: T,
    call: (
      input: T,
      gradInto: T,
    ) => { loss: number | Float64Array; grad: { data: ArrayLike<number> } | undefined },
  ): void {
    const a = data.slice() as T;
    const inPlace = call(a, a);
    const b = data.slice() as T;
    const apart = call(b, new (data.constructor as new (n: number) => T)(data.length));
    expect(inPlace.loss).toEqual(apart.loss);
    expect(inPlace.grad?.data).toBe(a); // the gradient is the input's own buffer
    expect(bytes(a).equals(bytes(apart.grad?.data as T))).toBe(true);
    expect(bytes(b).equals(bytes(data))).toBe(true); // a separate gradInto leaves the input alone
  }

  it('gives the loss and gradient of a separate buffer on every path', () => {
    const n = 6;
    const c = 10;
    const x32 = logits32(n, c, 11);
    const x64 = Float64Array.from(x32);
    const y = [0, 3, -100, 9, 5, 5];
    // float64 TypeScript path (it zero-filled the buffer first and returned log C)
    both(x64, (d, g) => crossEntropyLoss({ data: d, shape: [n, c] }, y, { gradInto: g }));
    both(x64, (d, g) =>
      crossEntropyLoss({ data: d, shape: [n, c] }, y, {
        gradInto: g,
        weight: Array.from({ length: c }, (_, k) => k + 1),
        labelSmoothing: 0.2,
      }),
    );
    both(x64, (d, g) =>
      crossEntropyLoss({ data: d, shape: [n, c] }, y, {
        gradInto: g,
        reduction: 'none',
        gradOutput: [1, 2, 3, 0, -1, 0.5],
      }),
    );
    // [N, C, d] layout: the class axis has a stride
    both(x64, (d, g) =>
      crossEntropyLoss({ data: d, shape: [2, c, 3] }, [1, 2, 3, 4, -100, 0], { gradInto: g }),
    );
    // probability targets
    const p = new Float64Array(n * c).fill(1 / c);
    both(x64, (d, g) =>
      crossEntropyLoss({ data: d, shape: [n, c] }, { data: p, shape: [n, c] }, { gradInto: g }),
    );
    // float32: label smoothing (TypeScript path), then the wasm kernel, on 1 and 3 threads
    both(x32, (d, g) =>
      crossEntropyLoss({ data: d, shape: [n, c] }, y, { gradInto: g, labelSmoothing: 0.1 }),
    );
    both(x32, (d, g) => crossEntropyLoss({ data: d, shape: [n, c] }, y, { gradInto: g, backend: 'js' }));
    both(x32, (d, g) => crossEntropyLoss({ data: d, shape: [n, c] }, y, { gradInto: g, backend: 'wasm' }));
    both(x32, (d, g) =>
      crossEntropyLoss({ data: d, shape: [n, c] }, y, { gradInto: g, backend: 'wasm', threads: 3 }),
    );
    // nllLoss
    both(x64, (d, g) =>
      nllLoss({ data: d, shape: [n, c] }, y, {
        gradInto: g,
        weight: Array.from({ length: c }, (_, k) => k + 1),
      }),
    );
  });

  it('in kernel memory and on pipelined threads (rows of 16384 classes) too', { timeout: 30_000 }, () => {
    const c = 16384;
    const n = 48; // 3 MiB: three threads, pipelined for ordinary arrays
    const x = logits32(n, c, 5);
    const y = Int32Array.from({ length: n }, (_, i) => (i % 5 === 2 ? -100 : (i * 977) % c));
    both(x, (d, g) => crossEntropyLoss({ data: d, shape: [n, c] }, y, { gradInto: g, threads: 3 }));
    const k = kernelFloat32Array(n * c);
    try {
      k.set(x);
      const apart = crossEntropyLoss({ data: x.slice(), shape: [n, c] }, y, { threads: 2 });
      const r = crossEntropyLoss({ data: k, shape: [n, c] }, y, { gradInto: k, threads: 2 });
      expect(r.loss).toBe(apart.loss);
      expect(bytes(k).equals(bytes(apart.grad?.data as Float32Array))).toBe(true);
    } finally {
      freeKernelArray(k);
    }
  });

  it('a gradInto that partly overlaps the input (or a probability target) is INVALID_OPTION, and nothing is written', () => {
    const n = 4;
    const c = 8;
    for (const Ctor of [Float32Array, Float64Array]) {
      const buffer = new ArrayBuffer(Ctor.BYTES_PER_ELEMENT * (n * c + 8));
      const x = new Ctor(buffer, 0, n * c);
      x.set(logits32(n, c, 2));
      const before = Array.from(x);
      for (const shift of [1, 7, -1]) {
        const off = Math.max(shift, 0);
        const xin = shift > 0 ? x : new Ctor(buffer, Ctor.BYTES_PER_ELEMENT * 1, n * c);
        const g = new Ctor(buffer, Ctor.BYTES_PER_ELEMENT * off, n * c);
        for (const backend of ['auto', 'js', 'wasm'] as const) {
          if (backend === 'wasm' && Ctor === Float64Array) continue;
          const e = thrown(() =>
            crossEntropyLoss({ data: xin, shape: [n, c] }, [0, 1, 2, 3], { gradInto: g, backend }),
          );
          expect([e.code, e.argument]).toEqual(['INVALID_OPTION', 'gradInto']);
        }
        expect(thrown(() => nllLoss({ data: xin, shape: [n, c] }, [0, 1, 2, 3], { gradInto: g })).code).toBe(
          'INVALID_OPTION',
        );
      }
      expect(Array.from(x)).toEqual(before);
      // Disjoint views of one buffer are fine.
      const other = new ArrayBuffer(Ctor.BYTES_PER_ELEMENT * 2 * n * c);
      const xa = new Ctor(other, 0, n * c);
      xa.set(before);
      const ga = new Ctor(other, Ctor.BYTES_PER_ELEMENT * n * c, n * c);
      const r = crossEntropyLoss({ data: xa, shape: [n, c] }, [0, 1, 2, 3], { gradInto: ga });
      expect(r.grad?.data).toBe(ga);
      // A probability target sharing bytes with gradInto is refused.
      const pb = new Float64Array(n * c).fill(1 / c);
      const e = thrown(() =>
        crossEntropyLoss(
          { data: Float64Array.from(before), shape: [n, c] },
          { data: pb, shape: [n, c] },
          { gradInto: pb },
        ),
      );
      expect([e.code, e.argument]).toEqual(['INVALID_OPTION', 'gradInto']);
    }
  });

  it('a bad gradOutput is reported before the input is overwritten', () => {
    const x = Float64Array.from(logits32(2, 3, 9));
    const before = Array.from(x);
    thrown(() =>
      crossEntropyLoss({ data: x, shape: [2, 3] }, [0, 1], {
        gradInto: x,
        reduction: 'none',
        gradOutput: [1],
      }),
    );
    thrown(() =>
      crossEntropyLoss({ data: x, shape: [2, 3] }, [0, 1], {
        gradInto: x,
        gradOutput: [1, 2] as unknown as number,
      }),
    );
    thrown(() =>
      nllLoss({ data: x, shape: [2, 3] }, [0, 1], { gradInto: x, reduction: 'none', gradOutput: [1] }),
    );
    expect(Array.from(x)).toEqual(before);
  });
});

describe('compareLogits', () => {
  it('rejects NaN and +Infinity logits (and all −Infinity rows) with [row, col], as softmaxEntropy does', () => {
    for (const Ctor of [Float32Array, Float64Array]) {
      for (const [v, code] of [
        [Number.POSITIVE_INFINITY, 'NOT_FINITE'],
        [Number.NaN, 'NAN'],
      ] as const) {
        const a = new Ctor(24).map((_, i) => Math.sin(i));
        a[13] = v;
        const b = new Ctor(24);
        for (const backend of ['auto', 'js'] as const) {
          const e = thrown(() =>
            compareLogits({ data: a, shape: [3, 8] }, { data: b, shape: [3, 8] }, { backend }),
          );
          expect([e.code, e.argument, e.index]).toEqual([code, 'base', 13]);
          expect(e.message).toContain('base[1, 5]');
          const e2 = thrown(() =>
            compareLogits({ data: b, shape: [3, 8] }, { data: a, shape: [3, 8] }, { backend }),
          );
          expect([e2.code, e2.argument]).toEqual([code, 'other']);
          // softmaxEntropy says the same of the same logits
          expect(thrown(() => softmaxEntropy({ data: a, shape: [3, 8] }, { backend })).code).toBe(code);
        }
      }
    }
    // −Infinity alone is a class of probability 0: allowed, finite KL
    const r = compareLogits([[0, Number.NEGATIVE_INFINITY, 1]], [[0, 0, 1]]);
    expect(Number.isFinite(r.kl[0])).toBe(true);
  });
});

describe('linearCrossEntropyLoss blockSize', () => {
  it('a block wider than V is one block of V on every path', () => {
    const hidden = { data: logits32(3, 4, 1), shape: [3, 4] };
    const weight = { data: logits32(5, 4, 2), shape: [5, 4] };
    const y = [0, 4, 2];
    const ref = linearCrossEntropyLoss(hidden, weight, y, { backend: 'js', blockSize: 5 });
    for (const blockSize of [6, 100, 2 ** 40, Number.MAX_SAFE_INTEGER]) {
      for (const backend of ['js', 'wasm', 'auto'] as const) {
        const r = linearCrossEntropyLoss(hidden, weight, y, { backend, blockSize });
        expect(Math.abs(r.loss - ref.loss)).toBeLessThan(1e-6);
      }
    }
  });
});
