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

    /** The page coordinates of a value on a chart's scale (Plot's scale objects, read in the page). */
    const at = (chart: string, x: string | number, y: number) =>
      page.evaluate(
        `(() => {
        const plot = document.getElementById(${JSON.stringify(chart)}).firstElementChild;
        const svg = plot.tagName.toLowerCase() === 'svg' ? plot : plot.querySelector(':scope > svg');
        const r = svg.getBoundingClientRect();
        const k = r.width / svg.width.baseVal.value;
        const sx = plot.scale('x');
        const px = sx.apply(${JSON.stringify(x)}) + (sx.bandwidth ?? 0) / 2;
        return { x: r.left + k * px, y: r.top + k * plot.scale('y').apply(${y}) };
      })()`,
      ) as Promise<{ x: number; y: number }>;
    const value = (id: string) => page.locator(`#${id}`).inputValue();
    /** Waits until the page stops moving (formulas are fitted after the first paint, lazy sections mount). */
    const settle = async () => {
      let last = '';
      for (let i = 0; i < 50; i++) {
        const now = (await page.evaluate(
          `new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r(JSON.stringify([scrollY, document.body.scrollHeight])))))`,
        )) as string;
        if (now === last) return;
        last = now;
        await page.waitForTimeout(100);
      }
    };

    it('drag: a bar of section 1 by pointer and keyboard, the point of a curve by pointer and touch', async () => {
      await page.locator('#axioms').scrollIntoViewIfNeeded();
      await settle();
      const from = await at('axioms-bars', 'cat', 40);
      const to = await at('axioms-bars', 'cat', 70);
      await page.mouse.move(from.x, from.y);
      await page.mouse.down();
      await page.mouse.move(to.x, to.y, { steps: 5 });
      await page.mouse.up();
      const cat = Number(await value('axioms-p-0'));
      expect(Math.abs(cat - 70)).toBeLessThanOrEqual(1);
      await shows(
        'axioms-H',
        lib.entropy(new lib.Categorical([cat, 30, 20, 10], { normalize: true }).probs, bits),
      );
      // Keyboard: → picks dog, ↑ three times adds 3.
      await page.locator('#axioms-bars').focus();
      await page.keyboard.press('ArrowRight');
      for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowUp');
      expect(await value('axioms-p-1')).toBe('33');
      await shows(
        'axioms-H',
        lib.entropy(new lib.Categorical([cat, 33, 20, 10], { normalize: true }).probs, bits),
      );

      await visit(page, 'self-information');
      await settle();
      const point = await at('si-chart', 0.125, 3);
      await page.mouse.move(point.x - 40, point.y);
      await page.mouse.down();
      await page.mouse.move(point.x, point.y, { steps: 4 });
      await page.mouse.up();
      expect(await value('si-p')).toBe('0.125');
      expect(await text('si-bits')).toBe('3.0000');
      expect(await page.locator('#si-chart').getAttribute('aria-valuenow')).toBe('0.125');

      // Touch: the same Pointer Events with pointerType 'touch'.
      await visit(page, 'entropy');
      await settle();
      const six = await at('entropy-curve', 0.5, 1);
      for (const type of ['pointerdown', 'pointermove', 'pointerup'])
        await page.locator('#entropy-curve').dispatchEvent(type, {
          pointerType: 'touch',
          pointerId: 7,
          isPrimary: true,
          clientX: six.x,
          clientY: six.y,
        });
      expect(await value('entropy-six')).toBe('0.5');
      await shows('entropy-loaded', lib.entropy([0.1, 0.1, 0.1, 0.1, 0.1, 0.5], bits));
      expect(ex.pageErrors).toEqual([]);
    });

    it('the URL keeps the controls, and a shared URL restores them and what they feed', async () => {
      await visit(page, 'kl-uses');
      await page.locator('#ku-T').fill('3');
      await page.waitForTimeout(400);
      const shared = page.url();
      const query = new URL(shared).searchParams;
      expect(query.get('si-p')).toBe('0.125');
      expect(query.get('axioms-p-1')).toBe('33');
      expect(query.get('ku-T')).toBe('3');
      expect(query.has('axioms-p-2')).toBe(false); // at its starting value: left out
      const other = await ex.context.newPage();
      try {
        await other.goto(shared);
        await other.waitForSelector('body[data-ready="true"]', { timeout: 20_000 });
        expect(await other.locator('#axioms-p-1').inputValue()).toBe('33');
        const cat = Number(query.get('axioms-p-0'));
        expect(await other.getByTestId('axioms-H').textContent()).toBe(
          fmt(lib.entropy(new lib.Categorical([cat, 33, 20, 10], { normalize: true }).probs, bits)),
        );
        await visit(other, 'self-information');
        expect(await other.getByTestId('si-bits').textContent()).toBe('3.0000');
        await visit(other, 'kl-uses');
        expect(await other.locator('#ku-T').inputValue()).toBe('3');
        const t = lib.softmax([5, 2.5, 1, -1].map((z) => z / 3));
        const s = lib.softmax([3, 2.8, 0, 0].map((z) => z / 3));
        expect(await other.getByTestId('ku-distill-kl').textContent()).toBe(fmt(lib.klDivergence(t, s)));
      } finally {
        await other.close();
      }
      expect(ex.pageErrors).toEqual([]);
    });
  },
);
