#!/usr/bin/env node
// How fast the built explorer gets ready, in Debian's headless Chromium (never a downloaded browser):
//   node explorer/measure-load.mjs [runs] [label=path/to/serve.mjs ...]
// Each server (default: this checkout's explorer/serve.mjs, serving explorer/dist) is loaded `runs` times at
// 1440 and 390 px with the cache disabled, the builds interleaved so that they share the machine's load. For
// each it prints the median time until body[data-ready] (section 1 mounted and interactive), the total
// blocking time (long tasks beyond 50 ms) before that and in the first 3 s, and the JavaScript fetched.
// To compare with an older build: `git archive <commit> explorer package.json | tar -x -C /tmp/old`, link
// node_modules and dist into /tmp/old, `npx vite build explorer` there, and pass before=/tmp/old/explorer/serve.mjs.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const runs = Number(process.argv[2] ?? 5);
const servers = Object.fromEntries(
  (process.argv.length > 3
    ? process.argv.slice(3)
    : [`now=${fileURLToPath(new URL('./serve.mjs', import.meta.url))}`]
  ).map((a) => a.split('=')),
);
const procs = [];
const urls = {};
for (const [label, path] of Object.entries(servers)) {
  const proc = spawn(process.execPath, [path], { env: { ...process.env, PORT: '0' } });
  procs.push(proc);
  urls[label] = await new Promise((resolve) => {
    let out = '';
    proc.stdout.on('data', (c) => {
      out += c;
      const m = /(http:\/\/localhost:\d+\/)/.exec(out);
      if (m) resolve(m[1]);
    });
  });
}
const profile = mkdtempSync(join(tmpdir(), 'surprisal-measure-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});
const results = {};
for (let r = 0; r < runs; r++) {
  for (const width of [1440, 390]) {
    for (const label of Object.keys(urls)) {
      const page = await context.newPage();
      await page.setViewportSize({ width, height: width > 600 ? 900 : 844 });
      await page.addInitScript(() => {
        window.__long = [];
        window.__ready = null;
        new PerformanceObserver((l) => {
          for (const e of l.getEntries()) window.__long.push([e.startTime, e.duration]);
        }).observe({ type: 'longtask', buffered: true });
        new MutationObserver(() => {
          if (window.__ready === null && document.body?.dataset.ready === 'true')
            window.__ready = performance.now();
        }).observe(document, { subtree: true, attributes: true, attributeFilter: ['data-ready'] });
      });
      const cdp = await context.newCDPSession(page);
      await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
      await page.goto(urls[label]);
      await page.waitForSelector('body[data-ready="true"]', { timeout: 60_000 });
      await page.waitForTimeout(3000);
      const m = await page.evaluate(() => ({
        ready: window.__ready,
        long: window.__long,
        js: performance
          .getEntriesByType('resource')
          .filter((e) => e.name.endsWith('.js'))
          .reduce((a, e) => a + e.encodedBodySize, 0),
      }));
      const blocking = (tasks) => tasks.reduce((a, [, d]) => a + Math.max(0, d - 50), 0);
      const key = `${label} ${width} px`;
      results[key] ??= [];
      results[key].push({
        ready: m.ready,
        tbtReady: blocking(m.long.filter(([s]) => s < m.ready)),
        tbt3s: blocking(m.long),
        js: m.js,
      });
      await page.close();
    }
  }
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
for (const [key, rows] of Object.entries(results)) {
  const f = (k) => median(rows.map((x) => x[k])).toFixed(0);
  console.log(
    `${key}: ready ${f('ready')} ms (min ${Math.min(...rows.map((x) => x.ready)).toFixed(0)}), blocking before ready ${f('tbtReady')} ms, in the first 3 s ${f('tbt3s')} ms, JS ${(rows[0].js / 1024).toFixed(0)} kB`,
  );
}
await context.close();
rmSync(profile, { recursive: true, force: true });
for (const p of procs) p.kill();
