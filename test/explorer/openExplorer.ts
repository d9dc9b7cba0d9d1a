/**
 * Opens the built explorer in Debian's headless Chromium for a browser test: serves explorer/dist with
 * explorer/serve.mjs on a free port, refuses (and records) every request that is not to that server, and
 * records page errors. Builds the explorer with Vite's API if explorer/dist is missing; needs `npm run build`
 * (dist/index.js), which the page imports.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import { launchChromium } from '../helpers/chromium.js';

export const root = fileURLToPath(new URL('../../', import.meta.url));

/** The sections of the page, in order. */
export const SECTIONS = [
  'axioms',
  'self-information',
  'why-log',
  'entropy',
  'differential-entropy',
  'cross-entropy',
  'nll',
  'kl-fit',
  'kl-uses',
  'importance-sampling',
  'model-comparison',
  'connections',
] as const;

export interface Explorer {
  url: string;
  context: BrowserContext;
  page: Page;
  /** Uncaught errors and console errors of the page. */
  pageErrors: string[];
  /** Requests refused because they left localhost. */
  external: string[];
  close(): Promise<void>;
}

/** Starts explorer/serve.mjs on a free port (PORT=0) and resolves with it and the address it prints. */
export async function startExplorerServer(): Promise<{ server: ChildProcess; url: string }> {
  const server: ChildProcess = spawn(process.execPath, [join(root, 'explorer/serve.mjs')], {
    env: { ...process.env, PORT: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error('explorer/serve.mjs printed no address within 10 s')),
      10_000,
    );
    let out = '';
    server.stdout?.on('data', (chunk) => {
      out += String(chunk);
      const m = /surprisal explorer: (http:\/\/localhost:\d+\/)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    server.stderr?.on('data', (chunk) => {
      out += String(chunk);
    });
    server.on('exit', (code) => reject(new Error(`explorer/serve.mjs exited with ${code}: ${out}`)));
  });
  return { server, url };
}

export async function openExplorer(viewport: { width: number; height: number }): Promise<Explorer> {
  if (!existsSync(join(root, 'dist/index.js')))
    throw new Error('dist/index.js is missing: run `npm run build` first');
  if (!existsSync(join(root, 'explorer/dist/index.html'))) {
    const { build } = await import('vite');
    await build({ root: join(root, 'explorer'), logLevel: 'warn' });
  }
  const { server, url } = await startExplorerServer();
  const { context, profile } = await launchChromium('surprisal-explorer-layout-', viewport);
  const pageErrors: string[] = [];
  const external: string[] = [];
  await context.route('**/*', (route) => {
    const target = new URL(route.request().url());
    if (target.protocol === 'data:' || target.hostname === 'localhost' || target.hostname === '127.0.0.1') {
      return route.continue();
    }
    external.push(target.href);
    return route.abort();
  });
  const page = context.pages()[0] ?? (await context.newPage());
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') pageErrors.push(m.text());
  });
  return {
    url,
    context,
    page,
    pageErrors,
    external,
    close: async () => {
      await context.close();
      server.kill();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Scrolls to a section and waits until it is imported and mounted. */
export async function visit(page: Page, id: string): Promise<void> {
  await page.locator(`#${id}`).scrollIntoViewIfNeeded();
  await page.waitForSelector(`#${id}[data-mounted="true"]`, { timeout: 20_000 });
}
