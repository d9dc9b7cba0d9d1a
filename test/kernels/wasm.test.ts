/**
 * The embedded WebAssembly module: it is what src/kernels/c/ compiles to, it loads here, and its exp and
 * log are as accurate as src/kernels/c/simd.h and log.h state.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import {
  kernelsWasmBase64,
  kernelsWasmClang,
  kernelsWasmSharedBase64,
} from '../../src/kernels/generated/kernelsWasm.js';
import { decodeBase64, kernelRuntime, type Runtime } from '../../src/kernels/runtime.js';

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

function clangVersion(): string | undefined {
  const r = spawnSync(process.env.CLANG ?? 'clang', ['--version'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.split('\n')[0].trim() : undefined;
}

describe('embedded wasm module', () => {
  it('src/kernels/generated/kernelsWasm.ts holds exactly what scripts/build-wasm.mjs builds from src/kernels/c/', (ctx) => {
    const version = clangVersion();
    if (!version) {
      ctx.skip('clang not found (apt-get install -y clang lld): cannot rebuild the kernel to compare');
      return;
    }
    if (version !== kernelsWasmClang) {
      ctx.skip(
        `clang is "${version}" but the module was built by "${kernelsWasmClang}": bytes may differ legitimately`,
      );
      return;
    }
    const r = spawnSync(process.execPath, ['scripts/build-wasm.mjs', '--print'], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const built = JSON.parse(r.stdout) as { clang: string; base64: string; shared: string };
    expect(built.base64 === kernelsWasmBase64, 'stale: run node scripts/build-wasm.mjs').toBe(true);
    expect(built.shared === kernelsWasmSharedBase64, 'stale: run node scripts/build-wasm.mjs').toBe(true);
  }, 120_000); // three clang runs: seconds alone, tens of seconds on a loaded machine

  it('decodeBase64 agrees with Buffer', () => {
    expect(
      Buffer.from(decodeBase64(kernelsWasmBase64)).equals(Buffer.from(kernelsWasmBase64, 'base64')),
    ).toBe(true);
    for (const s of ['', 'QQ==', 'QUI=', 'QUJD', 'QUJDRA==']) {
      expect(Buffer.from(decodeBase64(s)).toString()).toBe(Buffer.from(s, 'base64').toString());
    }
  });

  it('validates and loads under Node (SIMD128 is on by default since Node 16.4)', () => {
    const wasm = (globalThis as unknown as { WebAssembly: { validate(b: Uint8Array): boolean } }).WebAssembly;
    expect(wasm.validate(decodeBase64(kernelsWasmBase64))).toBe(true);
    expect(wasm.validate(decodeBase64(kernelsWasmSharedBase64))).toBe(true);
    expect(kernelRuntime() !== undefined).toBe(true);
  });
});

describe('vector exp (XNNPACK rr2-p5 + TwoSum argument)', () => {
  it('has max relative error < 2.5e-7 over a dense sweep of [−87, 0] (measured 1.8e-7)', () => {
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

describe('float64 log of the kernel', () => {
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
