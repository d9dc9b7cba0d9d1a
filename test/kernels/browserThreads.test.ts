/**
 * The kernels in a browser: Debian's Chromium loads dist/index.js from a local server, on a page that is
 * cross-origin isolated (COOP + COEP headers, so SharedArrayBuffer exists) and on one that is not.
 * Isolated: `await startKernelThreads(2)` starts Blob-URL module workers and `threads: 2` gives the bytes
 * of one thread, from the main thread (which spins) and from inside a worker (which sleeps). Not isolated:
 * one thread, plain wasm memory, the same answers. Chromium has relaxed SIMD: the relaxed-SIMD build loads
 * by default, and the SIMD128 build (forced) gives the same answers within the kernels' tolerance. Needs
 * dist/ (`npm test` builds it first); skipped, with a message, only where /usr/bin/chromium is absent.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, hasChromium, launchChromium } from '../helpers/chromium.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const have = hasChromium && existsSync(join(root, 'dist/index.js'));
if (!have)
  console.warn(`browser kernel tests skipped: ${CHROMIUM} or dist/ not found (npm test builds dist/)`);

/**
 * What the page runs: CE on a [301, 4096] float32 matrix with 1 and 2 threads, plus softmaxEntropy, on the
 * build the runtime picks ('auto') or the one forced by `variant`; it reports which build ran.
 */
const check = (variant: 'auto' | 'simd128' = 'auto') => `
  const m = await import(new URL('/dist/index.js', self.location.origin).href);
  const rt = await import(new URL('/dist/kernels/runtime.js', self.location.origin).href);
  const gen = await import(new URL('/dist/kernels/generated/kernelsWasm.js', self.location.origin).href);
  rt.reloadKernels('${variant}');
  const n = 301, c = 4096;
  const x = new Float32Array(n * c);
  let s = 7;
  for (let i = 0; i < x.length; i++) { s ^= s << 13; s ^= s >>> 17; s ^= s << 5; x[i] = ((s >>> 0) / 4294967296) * 16 - 8; }
  const y = Int32Array.from({ length: n }, (_, i) => (i * 7919) % c);
  const threads = await m.startKernelThreads(2);
  const one = m.crossEntropyLoss({ data: x, shape: [n, c] }, y);
  const two = m.crossEntropyLoss({ data: x, shape: [n, c] }, y, { threads: 2 });
  let same = one.loss === two.loss;
  for (let i = 0; i < x.length; i++) if (one.grad.data[i] !== two.grad.data[i]) { same = false; break; }
  const k = m.kernelFloat32Array(n * c);
  k.set(x);
  const three = m.crossEntropyLoss({ data: k, shape: [n, c] }, y, { threads: 2 });
  same = same && three.loss === one.loss;
  const h1 = m.softmaxEntropy({ data: x, shape: [n, c] });
  const h2 = m.softmaxEntropy({ data: x, shape: [n, c] }, { threads: 2 });
  same = same && h1.every((v, i) => v === h2[i]);
  const js = m.crossEntropyLoss({ data: x, shape: [n, c] }, y, { backend: 'js' }).loss;
  return {
    isolated: globalThis.crossOriginIsolated === true,
    threads,
    shared: typeof SharedArrayBuffer !== 'undefined' && k.buffer instanceof SharedArrayBuffer,
    same,
    loss: one.loss,
    relErr: Math.abs(one.loss - js) / js,
    variant: rt.loadedRuntime()?.variant,
    relaxedValid: WebAssembly.validate(rt.decodeBase64(gen.kernelsWasmRelaxedBase64)),
  };
`;
const CHECK = check();

function serve(isolated: boolean): Promise<Server> {
  const types: Record<string, string> = { '.js': 'text/javascript; charset=utf-8', '.html': 'text/html' };
  const server = createServer((req, res) => {
    const headers: Record<string, string> = isolated
      ? { 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp' }
      : {};
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (path === '/') {
      res
        .writeHead(200, { ...headers, 'content-type': 'text/html' })
        .end('<!doctype html><title>kernels</title>');
      return;
    }
    const file = normalize(join(root, path));
    if (!file.startsWith(join(root, 'dist') + sep) || !existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { ...headers, 'content-type': types[extname(file)] ?? 'application/octet-stream' });
    res.end(readFileSync(file));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

describe.skipIf(!have)('wasm kernels in Chromium', () => {
  let context: BrowserContext;
  let profile: string;
  const servers: Server[] = [];

  beforeAll(async () => {
    ({ context, profile } = await launchChromium('surprisal-kernels-chromium-'));
  }, 60_000);

  afterAll(async () => {
    await context?.close();
    for (const s of servers) s.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  async function open(isolated: boolean): Promise<Page> {
    const server = await serve(isolated);
    servers.push(server);
    const page = await context.newPage();
    await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    return page;
  }

  it('isolated page, main thread: two threads (workers from a Blob URL), the bytes of one', async () => {
    const page = await open(true);
    const r = await page.evaluate(`(async () => { ${CHECK} })()`);
    expect(r).toMatchObject({ isolated: true, threads: 2, shared: true, same: true });
    expect((r as { relErr: number }).relErr).toBeLessThan(2e-6);
    // Chromium has had relaxed SIMD since 114: the relaxed build is the one that runs.
    expect(r).toMatchObject({ relaxedValid: true, variant: 'relaxed' });
    await page.close();
  }, 60_000);

  it('isolated page, SIMD128 build forced: the same checks, the loss of the relaxed build within 2e-6', async () => {
    const page = await open(true);
    const relaxed = (await page.evaluate(`(async () => { ${CHECK} })()`)) as {
      loss: number;
      variant: string;
    };
    const r = (await page.evaluate(`(async () => { ${check('simd128')} })()`)) as {
      loss: number;
      relErr: number;
    };
    expect(relaxed.variant).toBe('relaxed');
    expect(r).toMatchObject({ isolated: true, threads: 2, shared: true, same: true, variant: 'simd128' });
    expect(r.relErr).toBeLessThan(2e-6);
    expect(Math.abs(r.loss - relaxed.loss)).toBeLessThan(2e-6 * relaxed.loss);
    await page.close();
  }, 60_000);

  it('isolated page, inside a worker (which may sleep in Atomics.wait): the same', async () => {
    const page = await open(true);
    const r = await page.evaluate(`new Promise((resolve, reject) => {
      const src = ${JSON.stringify(`self.onmessage = async () => { try { const r = await (async () => { ${CHECK} })(); self.postMessage(r); } catch (e) { self.postMessage({ error: String(e) }); } };`)};
      const w = new Worker(URL.createObjectURL(new Blob([src], { type: 'text/javascript' })), { type: 'module' });
      w.onmessage = (e) => resolve(e.data);
      w.onerror = (e) => reject(new Error(e.message));
      w.postMessage('go');
    })`);
    expect(r).toMatchObject({ isolated: true, threads: 2, shared: true, same: true });
    await page.close();
  }, 60_000);

  it('page without isolation: one thread, plain memory, the same answers', async () => {
    const page = await open(false);
    const r = await page.evaluate(`(async () => { ${CHECK} })()`);
    expect(r).toMatchObject({ isolated: false, threads: 1, shared: false, same: true, variant: 'relaxed' });
    expect((r as { relErr: number }).relErr).toBeLessThan(2e-6);
    await page.close();
  }, 60_000);
});
