/**
 * The embedded WebAssembly modules (SIMD128, and relaxed SIMD where the engine has it): they are what
 * src/kernels/c/ compiles to, they load here, and their exp and log are as accurate as src/kernels/c/simd.h
 * and log.h state (the same bounds for both builds).
 */
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  kernelsWasmBase64,
  kernelsWasmClang,
  kernelsWasmRelaxedBase64,
  kernelsWasmRelaxedClang,
  kernelsWasmRelaxedSharedBase64,
  kernelsWasmSharedBase64,
} from '../../src/kernels/generated/kernelsWasm.js';
import {
  decodeBase64,
  type KernelVariant,
  kernelRuntime,
  type Runtime,
  reloadKernels,
} from '../../src/kernels/runtime.js';

const wasmApi = (globalThis as unknown as { WebAssembly: { validate(b: Uint8Array): boolean } }).WebAssembly;

/** Whether this engine has relaxed SIMD (Node ≥ 22; Node 20 only with --experimental-wasm-relaxed-simd). */
const relaxedHere = wasmApi.validate(decodeBase64(kernelsWasmRelaxedSharedBase64));

/** The builds this engine can run: both where it has relaxed SIMD. */
const variants: KernelVariant[] = relaxedHere ? ['simd128', 'relaxed'] : ['simd128'];

function runtime(): Runtime {
  const rt = kernelRuntime();
  if (!rt) throw new Error('WebAssembly SIMD128 is unavailable');
  return rt;
}

/** exp(x) of the kernel's vector exp over float32 values (the module's vexp export). */
function wasmExp(x: Float32Array): Float32Array {
  const rt = runtime();
  const inAt = rt.heap.alloc(4 * x.length);
  const outAt = rt.heap.alloc(4 * x.length);
  try {
    new Float32Array(rt.heap.buffer(), inAt, x.length).set(x);
    rt.exports.vexp(inAt, outAt, x.length);
    return new Float32Array(rt.heap.buffer(), outAt, x.length).slice();
  } finally {
    rt.heap.release(outAt);
    rt.heap.release(inAt);
  }
}

/** The kernel's float64 log (the module's log64 export). */
function wasmLog(x: number): number {
  return runtime().exports.log64(x);
}

function clangVersion(cc: string): string | undefined {
  const r = spawnSync(cc, ['--version'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.split('\n')[0].trim() : undefined;
}

describe('embedded wasm modules', () => {
  it('src/kernels/generated/kernelsWasm.ts holds exactly what scripts/build-wasm.mjs builds from src/kernels/c/', (ctx) => {
    const version = clangVersion(process.env.CLANG ?? 'clang');
    const relaxed = clangVersion(process.env.CLANG_RELAXED ?? 'clang-19');
    if (!version || !relaxed) {
      ctx.skip(
        'clang or clang-19 not found (apt-get install -y clang lld clang-19 lld-19): cannot rebuild the kernels to compare',
      );
      return;
    }
    if (version !== kernelsWasmClang || relaxed !== kernelsWasmRelaxedClang) {
      ctx.skip(
        `clangs are "${version}" and "${relaxed}" but the modules were built by "${kernelsWasmClang}" and "${kernelsWasmRelaxedClang}": bytes may differ legitimately`,
      );
      return;
    }
    // The four modules' base64 is near 1 MiB, spawnSync's default maxBuffer (past it the child is killed).
    const r = spawnSync(process.execPath, ['scripts/build-wasm.mjs', '--print'], {
      encoding: 'utf8',
      maxBuffer: 64 << 20,
    });
    expect(r.status, r.stderr).toBe(0);
    const built = JSON.parse(r.stdout) as Record<string, string>;
    const stale = 'stale: run node scripts/build-wasm.mjs';
    expect(built.base64 === kernelsWasmBase64, stale).toBe(true);
    expect(built.shared === kernelsWasmSharedBase64, stale).toBe(true);
    expect(built.relaxed === kernelsWasmRelaxedBase64, stale).toBe(true);
    expect(built.relaxedShared === kernelsWasmRelaxedSharedBase64, stale).toBe(true);
  }, 240_000); // six clang runs per build: seconds alone, a minute on a loaded machine

  it('decodeBase64 agrees with Buffer', () => {
    expect(
      Buffer.from(decodeBase64(kernelsWasmBase64)).equals(Buffer.from(kernelsWasmBase64, 'base64')),
    ).toBe(true);
    for (const s of ['', 'QQ==', 'QUI=', 'QUJD', 'QUJDRA==']) {
      expect(Buffer.from(decodeBase64(s)).toString()).toBe(Buffer.from(s, 'base64').toString());
    }
  });

  it('validates and loads under Node (SIMD128 is on by default since Node 16.4)', () => {
    expect(wasmApi.validate(decodeBase64(kernelsWasmBase64))).toBe(true);
    expect(wasmApi.validate(decodeBase64(kernelsWasmSharedBase64))).toBe(true);
    expect(kernelRuntime() !== undefined).toBe(true);
  });

  it('the relaxed-SIMD build loads by default where it validates (Node ≥ 22), else the SIMD128 build', () => {
    expect(wasmApi.validate(decodeBase64(kernelsWasmRelaxedBase64))).toBe(relaxedHere);
    const major = Number(process.versions.node.split('.')[0]);
    if (major >= 22) expect(relaxedHere).toBe(true);
    reloadKernels();
    expect(kernelRuntime()?.variant).toBe(relaxedHere ? 'relaxed' : 'simd128');
    reloadKernels('simd128');
    expect(kernelRuntime()?.variant).toBe('simd128');
    reloadKernels('relaxed');
    expect(kernelRuntime()?.variant).toBe(relaxedHere ? 'relaxed' : undefined);
    reloadKernels();
  });

  it('no function body is over 12 KB, so that V8 compiles each one with its optimizing tier in a few ms (VARIANT in simd.h)', () => {
    /** The byte sizes of the function bodies in a module's code section (id 10). */
    const bodySizes = (b: Uint8Array): number[] => {
      let at = 8; // magic and version
      const leb = () => {
        let v = 0;
        for (let shift = 0; ; shift += 7) {
          const byte = b[at++];
          v += (byte & 0x7f) * 2 ** shift;
          if (byte < 0x80) return v;
        }
      };
      while (at < b.length) {
        const id = b[at++];
        const size = leb();
        const end = at + size;
        if (id === 10) {
          const sizes: number[] = [];
          for (let k = leb(); k > 0; k--) {
            const body = leb();
            sizes.push(body);
            at += body;
          }
          return sizes;
        }
        at = end;
      }
      return [];
    };
    for (const m of [kernelsWasmBase64, kernelsWasmSharedBase64, kernelsWasmRelaxedBase64]) {
      const sizes = bodySizes(decodeBase64(m));
      expect(sizes.length).toBeGreaterThan(20);
      expect(Math.max(...sizes)).toBeLessThan(12 * 1024);
    }
  });

  it('the relaxed build differs from SIMD128 by fused multiply–adds (f32x4.relaxed_madd, opcode 0xfd 0x85 0x02)', () => {
    const has = (b: Uint8Array) => b.some((v, i) => v === 0xfd && b[i + 1] === 0x85 && b[i + 2] === 0x02);
    expect(has(decodeBase64(kernelsWasmRelaxedBase64))).toBe(true);
    expect(has(decodeBase64(kernelsWasmBase64))).toBe(false);
  });
});

describe.each(variants)('vector exp (XNNPACK rr2-p5 + TwoSum argument), %s build', (variant) => {
  beforeAll(() => reloadKernels(variant));
  afterAll(() => reloadKernels());

  it('has max relative error < 2.5e-7 over a dense sweep of [−87, 0] (measured 1.8e-7 SIMD128, 1.6e-7 relaxed)', () => {
    const n = 1 << 22;
    const x = new Float32Array(n);
    for (let i = 0; i < n; i++) x[i] = (-87 * i) / (n - 1);
    const e = wasmExp(x);
    let worst = 0;
    for (let i = 0; i < n; i++) {
      const ref = Math.exp(x[i]);
      const r = Math.abs(e[i] - ref) / ref;
      if (r > worst) worst = r;
    }
    expect(worst).toBeLessThan(2.5e-7);
    expect(worst).toBeGreaterThan(0);
  });

  it('is exact at 0, 0 at −Infinity and below the normal range, NaN at NaN', () => {
    const e = wasmExp(Float32Array.of(0, Number.NEGATIVE_INFINITY, -88, -1000, Number.NaN, -3.4e38));
    expect(Array.from(e)).toEqual([1, 0, 0, 0, Number.NaN, 0]);
  });
});

describe.each(variants)('float64 log of the kernel, %s build', (variant) => {
  beforeAll(() => reloadKernels(variant));
  afterAll(() => reloadKernels());

  it('is within 4 ulp of Math.log on [1, 1e6] and near 1', () => {
    for (let i = 0; i < 20000; i++) {
      const v = i < 10000 ? 1 + i * 100.37 : 1 + 2 ** -(i % 50) * (1 + (i % 7));
      const ref = Math.log(v);
      expect(Math.abs(wasmLog(v) - ref)).toBeLessThanOrEqual(4 * Number.EPSILON * Math.abs(ref) + 5e-324);
    }
    expect(wasmLog(1)).toBe(0);
    expect(wasmLog(Number.POSITIVE_INFINITY)).toBe(Number.POSITIVE_INFINITY);
    expect(wasmLog(Number.NaN)).toBeNaN();
  });
});
