/**
 * The explorer's sections on why the logarithm, differential entropy and where KL is used, in headless
 * Chromium: controls are moved and each displayed number is compared with the library's own result for the
 * same inputs, formatted by the page's formatter.
 *
 * Needs `npm run build` (dist/index.js). Skipped, with a message, only where /usr/bin/chromium is absent.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fmt } from '../../explorer/src/format.js';
import type * as Library from '../../src/index.js';
import { CHROMIUM, hasChromium } from '../helpers/chromium.js';
import { type Explorer, openExplorer, root, visit } from './openExplorer.js';

if (!hasChromium) console.warn(`explorer section tests skipped: ${CHROMIUM} not found`);

const bits = { base: 'bits' } as const;

describe.skipIf(!hasChromium)(
  'explorer: why log, differential entropy, where KL is used',
  { timeout: 60_000 },
  () => {
    let ex: Explorer;
    let page: Page;
    let lib: typeof Library;
    const text = async (id: string) => (await page.getByTestId(id).textContent())?.trim() ?? '';
    const shows = async (id: string, x: number, digits = 4) =>
      expect(await text(id), id).toBe(fmt(x, digits));

    beforeAll(async () => {
      lib = (await import(pathToFileURL(join(root, 'dist/index.js')).href)) as typeof Library;
      ex = await openExplorer({ width: 1280, height: 900 });
      page = ex.page;
      await page.goto(ex.url);
      await page.waitForSelector('body[data-ready="true"]', { timeout: 20_000 });
    }, 60_000);

    afterAll(async () => {
      await ex?.close();
    });

    it('why log: only −log p adds over independent events; it alone punishes a confident miss without bound', async () => {
      await visit(page, 'why-log');
      await page.locator('#why-p').fill('0.3');
      await page.locator('#why-q').fill('0.6');
      const p = 0.3;
      const q = 0.6;
      const I = (x: number) => lib.surprisal(x, bits);
      await shows('why-log-sum', I(p) + I(q));
      await shows('why-log-joint', I(p * q));
      expect(await text('why-log-additive')).toBe('✓ equal');
      await shows('why-linear-sum', 1 - p + (1 - q));
      await shows('why-linear-joint', 1 - p * q);
      expect(await text('why-linear-additive')).toMatch(/^✗/);
      await shows('why-sine-joint', Math.cos((Math.PI * p * q) / 2));
      expect(await text('why-sine-additive')).toMatch(/^✗/);
      // A confident miss: the model gave 10⁻³ to what happened.
      await page.locator('#why-confidence').fill('0');
      await shows('why-log-loss', I(0.001));
      await shows('why-linear-loss', 0.999);
      expect(Number(await page.getByTestId('why-log-loss').getAttribute('data-value'))).toBeGreaterThan(9.9);
      expect(await text('why-confidence-verdict')).toContain('without bound');
    });

    it('differential entropy: the normal and uniform entropies, negative below σ = 1/√(2πe) and w = 1', async () => {
      await visit(page, 'differential-entropy');
      await page.locator('#de-sigma').fill('0.1');
      const normal = new lib.Normal(0, 0.1);
      await shows('de-h', normal.entropy());
      await shows('de-h-bits', normal.entropy() / Math.LN2);
      expect(normal.entropy()).toBeLessThan(0);
      expect(await text('de-sign')).toMatch(/^Negative/);
      await shows('de-peak', Math.exp(normal.logProb(0)));
      // Quantised at Δ = 0.01: H_Δ ≥ 0 and H_Δ + log Δ ≈ h.
      await page.locator('#de-delta').fill('6');
      const delta = 0.01;
      const probs: number[] = [];
      for (let k = Math.floor((-10 * 0.1) / delta); k < Math.ceil((10 * 0.1) / delta); k++)
        probs.push(normal.cdf((k + 1) * delta) - normal.cdf(k * delta));
      const HDelta = lib.entropy(probs, { normalize: true });
      await shows('de-HDelta', HDelta);
      await shows('de-HDelta-logDelta', HDelta + Math.log(delta));
      expect(HDelta).toBeGreaterThan(0);
      expect(Math.abs(HDelta + Math.log(delta) - normal.entropy())).toBeLessThan(0.01);
      const est = lib.estimateDifferentialEntropy(
        lib.createRng(1).fillNormal(new Float64Array(2000), 0, 0.1),
      );
      await shows('de-estimate', est.value);
      await shows('de-estimate-se', est.stdError);
      expect(Math.abs(est.value - normal.entropy())).toBeLessThan(4 * est.stdError + 0.05);
      await page.locator('#de-sigma').fill('1');
      expect(await text('de-sign')).toMatch(/^Positive/);
      await page.locator('#de-width').fill('0.5');
      await shows('de-uniform', new lib.Uniform(0, 0.5).entropy());
      expect(await text('de-uniform-sign')).toMatch(/^Negative/);
    });

    it('where KL is used: the VAE term, a trust region and distillation agree with the library', async () => {
      await visit(page, 'kl-uses');
      await page.locator('#ku-mu').fill('1.5');
      await page.locator('#ku-sigma').fill('0.4');
      const vae = lib.kl(new lib.Normal(1.5, 0.4), new lib.Normal(0, 1));
      await shows('ku-vae-kl', vae);
      await shows('ku-vae-formula', 0.5 * (1.5 ** 2 + 0.4 ** 2 - 1 - 2 * Math.log(0.4)));
      const old = lib.softmax([1, 0.5, 0, -0.5]);
      const step = (eta: number) => lib.softmax([1 - eta, 0.5 + 2 * eta, 0.5 * eta, -0.5 - 1.5 * eta]);
      await page.locator('#ku-eta').fill('0.02');
      await shows('ku-tr-kl', lib.klDivergence(old, step(0.02)));
      expect(await text('ku-tr-verdict')).toMatch(/^✓/);
      await page.locator('#ku-eta').fill('0.3');
      await shows('ku-tr-kl', lib.klDivergence(old, step(0.3)));
      expect(await text('ku-tr-verdict')).toMatch(/^✗/);
      const etaMax = Number(await page.getByTestId('ku-tr-eta-max').getAttribute('data-value'));
      expect(lib.klDivergence(old, step(etaMax))).toBeCloseTo(0.01, 9);
      await page.locator('#ku-T').fill('4');
      const t = lib.softmax([5, 2.5, 1, -1].map((z) => z / 4));
      const s = lib.softmax([3, 2.8, 0, 0].map((z) => z / 4));
      await shows('ku-distill-kl', lib.klDivergence(t, s));
      await shows('ku-distill-loss', 16 * lib.klDivergence(t, s));
      await shows('ku-distill-teacher-dog', t[1], 3);
      expect(ex.pageErrors).toEqual([]);
    });
  },
);
