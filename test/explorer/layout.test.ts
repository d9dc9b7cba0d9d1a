/**
 * The explorer's layout and failure states in headless Chromium, at a desktop (1440 px) and a phone (390 px)
 * width: sections are imported lazily, nothing scrolls sideways (the page, a section, a formula or a table),
 * tables become cards on the phone, the plot stays in view while its sliders move, and every invalid input
 * clears what depends on it. One screenshot per section and width goes to test/explorer/screenshots/
 * (`<section>-<width>.png`, ignored by git).
 *
 * Needs `npm run build` (dist/index.js). Skipped, with a message, only where /usr/bin/chromium is absent.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, hasChromium } from '../helpers/chromium.js';
import { type Explorer, openExplorer, root, SECTIONS, visit } from './openExplorer.js';

const screenshots = join(root, 'test/explorer/screenshots');
if (!hasChromium) console.warn(`explorer layout tests skipped: ${CHROMIUM} not found`);

const WIDTHS = [1440, 390] as const;
const heightOf = (width: number) => (width > 600 ? 900 : 844);

/**
 * Runs JavaScript in the page. The browser-side code is kept as source text: the test project's types have no
 * DOM (the library must not lean on it), so these few lines are checked by running them, not by tsc.
 */
const inPage = <T>(page: Page, source: string): Promise<T> => page.evaluate(source) as Promise<T>;

interface Overflow {
  page: { scrollWidth: number; innerWidth: number };
  section: { left: number; right: number };
  outside: string[];
  scrolling: string[];
  broken: string[];
}

/** What sticks out of a section, scrolls sideways inside it, or breaks a number, at the current width. */
const overflowOf = (page: Page, id: string) =>
  inPage<Overflow>(
    page,
    `(() => {
      const section = document.getElementById(${JSON.stringify(id)});
      const box = section.getBoundingClientRect();
      const name = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
        (el.getAttribute('data-testid') ? '[' + el.getAttribute('data-testid') + ']' : '') +
        '.' + String(el.className).split(' ')[0];
      // Hidden on purpose: KaTeX's MathML copy, visually hidden text, a table's header row shown as cards.
      const hidden = (el) => el.closest('.katex-mathml, .visually-hidden, .wide-only, [hidden]') !== null ||
        (el.closest('thead') !== null && getComputedStyle(el.closest('thead')).position === 'absolute');
      const outside = [];
      const scrolling = [];
      for (const el of section.querySelectorAll('*')) {
        if (hidden(el)) continue;
        const r = el.getBoundingClientRect();
        if (r.width === 0 && r.height === 0) continue;
        if (r.left < box.left - 1 || r.right > box.right + 1)
          outside.push(name(el) + ' [' + Math.round(r.left) + ', ' + Math.round(r.right) + ']');
        const style = getComputedStyle(el);
        if ((style.overflowX === 'auto' || style.overflowX === 'scroll') && el.scrollWidth > el.clientWidth + 1)
          scrolling.push(name(el) + ' ' + el.scrollWidth + '/' + el.clientWidth);
      }
      // A number in a table is one unbroken line.
      const broken = [...section.querySelectorAll('table.results output')]
        .filter((o) => (o.textContent || '').length > 0 && o.getClientRects().length > 1)
        .map((o) => o.getAttribute('data-testid') + ' "' + o.textContent + '"');
      return {
        page: { scrollWidth: document.scrollingElement.scrollWidth, innerWidth },
        section: { left: box.left, right: box.right },
        outside: outside.slice(0, 10),
        scrolling,
        broken,
      };
    })()`,
  );

describe.skipIf(!hasChromium)('explorer layout in headless Chromium', { timeout: 120_000 }, () => {
  let ex: Explorer;
  let page: Page;
  const texts = (selector: string) =>
    inPage<string[]>(
      page,
      `[...document.querySelectorAll(${JSON.stringify(selector)})].map((e) => (e.textContent || '').trim())`,
    );
  const text = async (id: string) => (await page.getByTestId(id).textContent())?.trim() ?? '';

  beforeAll(async () => {
    mkdirSync(screenshots, { recursive: true });
    ex = await openExplorer({ width: 1440, height: 900 });
    page = ex.page;
  }, 60_000);

  afterAll(async () => {
    await ex?.close();
  });

  it('mounts only the first section at load and each other one as it comes near the viewport', async () => {
    await page.goto(ex.url);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 20_000 });
    expect(await page.locator('#axioms').getAttribute('data-mounted')).toBe('true');
    expect(await page.locator('#axioms .chart svg').count()).toBeGreaterThan(0);
    for (const id of ['importance-sampling', 'model-comparison', 'connections'])
      expect(await page.locator(`#${id}`).getAttribute('data-mounted'), id).toBeNull();
    await visit(page, 'connections');
    expect(await text('conn-entropy')).toMatch(/^\d\.\d{4}$/);
    expect(ex.pageErrors).toEqual([]);
    expect(ex.external).toEqual([]);
  });

  for (const width of WIDTHS) {
    it(`${width} px: no section scrolls or sticks out sideways; formulas fit; one screenshot per section`, async () => {
      await page.setViewportSize({ width, height: heightOf(width) });
      await page.goto(ex.url);
      await page.waitForSelector('body[data-ready="true"]', { timeout: 20_000 });
      for (const id of SECTIONS) await visit(page, id);
      await page.waitForSelector('#importance-sampling[data-state="ready"]', { timeout: 30_000 });
      await page.waitForSelector('#model-comparison[data-state="ready"]', { timeout: 30_000 });
      for (const id of SECTIONS) {
        await page.locator(`#${id}`).scrollIntoViewIfNeeded();
        const o = await overflowOf(page, id);
        expect(o.page.scrollWidth, `${id}: page width`).toBeLessThanOrEqual(width);
        expect(o.section.right, `${id}: section edge`).toBeLessThanOrEqual(width);
        expect(o.outside, `${id}: elements outside the section`).toEqual([]);
        expect(o.scrolling, `${id}: sideways scrollers`).toEqual([]);
        expect(o.broken, `${id}: numbers broken across lines`).toEqual([]);
        await page.locator(`#${id}`).screenshot({ path: join(screenshots, `${id}-${width}.png`) });
      }
      // The narrow formula variants are used on the phone only.
      const narrowVariants = await inPage<number>(
        page,
        `[...document.querySelectorAll('[data-tex-narrow]')]
          .filter((e) => e.dataset.rendered === e.dataset.texNarrow).length`,
      );
      if (width <= 600) expect(narrowVariants).toBeGreaterThanOrEqual(5);
      else expect(narrowVariants).toBe(0);
      // Tables: rows on a desktop, one card per row on a phone.
      const display = await inPage<string>(
        page,
        `getComputedStyle(document.querySelector('#conn-table tbody tr')).display`,
      );
      expect(display).toBe(width <= 600 ? 'block' : 'table-row');
      if (width <= 600) {
        // In the card, the value sits next to its column's name, on screen.
        const cell = page.getByTestId('conn-cross-entropy');
        const r = await cell.boundingBox();
        expect(r && r.x + r.width).toBeLessThanOrEqual(width);
        const label = await inPage<string>(
          page,
          `document.querySelector('[data-testid="conn-cross-entropy"]').closest('td').querySelector('.cell-label').textContent`,
        );
        expect(label).toBe('value');
      }
      expect(ex.pageErrors).toEqual([]);
    });
  }

  it('390 px: the chart stays in view while its slider moves (controls pinned under the outputs)', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(ex.url);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 20_000 });
    await visit(page, 'cross-entropy');
    await inPage(page, `document.getElementById('ce-identity-chart').scrollIntoView({ block: 'start' })`);
    const slider = page.locator('#ce-q-0');
    await slider.focus();
    const before = await text('ce-Hpq');
    for (let i = 0; i < 10; i++) await slider.press('ArrowLeft');
    const inView = await inPage<Record<string, boolean>>(
      page,
      `(() => {
        const visible = (el) => {
          const r = el.getBoundingClientRect();
          return r.top >= 0 && r.bottom <= innerHeight && r.height > 0;
        };
        const slider = document.getElementById('ce-q-0');
        // Not covered: the element at the slider's centre is the slider itself.
        const r = slider.getBoundingClientRect();
        const top = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
        return {
          chart: visible(document.querySelector('#ce-identity-chart svg')),
          slider: visible(slider),
          uncovered: top === slider,
        };
      })()`,
    );
    expect(inView).toEqual({ chart: true, slider: true, uncovered: true });
    expect(await text('ce-Hpq')).not.toBe(before);
    await page.screenshot({ path: join(screenshots, 'phone-ce-sliding-390.png') });
  });

  describe('invalid input clears every dependent output', () => {
    beforeAll(async () => {
      await page.setViewportSize({ width: 1440, height: 900 });
      await page.goto(ex.url);
      await page.waitForSelector('body[data-ready="true"]', { timeout: 20_000 });
      for (const id of ['cross-entropy', 'connections']) await visit(page, id);
    }, 60_000);

    /** Every result output of the section (not the printed positions of its controls). */
    const results = (section: string) => texts(`#${section} output:not([data-control])`);
    const cleared = async (section: string) => {
      expect(await results(section), `${section} outputs`).toSatisfy((xs: string[]) =>
        xs.every((x) => x === '—'),
      );
      expect(await texts(`#${section} .verdict`), `${section} verdicts`).toSatisfy((xs: string[]) =>
        xs.every((x) => x === ''),
      );
      expect(await page.locator(`#${section} .chart svg`).count(), `${section} charts`).toBe(0);
      expect(await page.locator(`#${section} .chart .chart-empty`).count()).toBe(
        await page.locator(`#${section} .chart`).count(),
      );
    };
    const restored = async (section: string) => {
      expect(await results(section), `${section} outputs`).toSatisfy((xs: string[]) =>
        xs.every((x) => x !== '—'),
      );
      expect(await page.locator(`#${section} [role="alert"]`).isHidden()).toBe(true);
    };

    it('section 1 with every weight at 0: the reason, no numbers, no ✓, no bars', async () => {
      for (let i = 0; i < 4; i++) await page.locator(`#axioms-p-${i}`).fill('0');
      expect(await text('axioms-error')).toMatch(/sums to 0/);
      await cleared('axioms');
      expect(await page.locator('#axioms').textContent()).not.toContain('✓');
      expect(await text('axioms-p-0-prob')).toBe('—');
      await page.locator('#axioms-p-1').fill('50');
      await restored('axioms');
      expect(await text('axioms-p-1-prob')).toBe('1.000');
      expect(await page.locator('#axioms .chart svg').count()).toBeGreaterThan(0);
      expect(await text('axioms-chain-ok')).toMatch(/^✓/);
    });

    it('section 4 with q all zero: sections 4 and 9 clear, and come back', async () => {
      for (let i = 0; i < 4; i++) await page.locator(`#ce-q-${i}`).fill('0');
      expect(await text('ce-error')).toMatch(/sums to 0/);
      await cleared('cross-entropy');
      expect(await page.locator('#cross-entropy').textContent()).not.toContain('✓');
      expect(await text('conn-error')).toMatch(/sums to 0/);
      await cleared('connections');
      for (const [i, w] of [40, 30, 20, 10].entries()) await page.locator(`#ce-q-${i}`).fill(String(w));
      await restored('cross-entropy');
      await restored('connections');
      expect(await text('ce-identity')).toMatch(/^✓/);
    });

    it('section 9 with q missing outcomes p can produce: no importance-sampling number, the reason in place', async () => {
      const set = async (which: 'p' | 'q', w: number[]) => {
        for (let i = 0; i < 4; i++) await page.locator(`#conn-${which}-${i}`).fill(String(w[i]));
      };
      await set('p', [10, 60, 20, 10]);
      await set('q', [40, 30, 20, 10]);
      expect(await text('conn-is')).toMatch(/^\d\.\d{4}$/);
      expect(await page.getByTestId('conn-is-note').isHidden()).toBe(true);
      // q gives 0 to cat and dog, which p can produce: H(p, q) = ∞; reweighting q's draws cannot see them.
      await set('q', [0, 0, 50, 50]);
      expect(await text('conn-cross-entropy')).toBe('∞');
      expect(await text('conn-is')).toBe('—');
      expect(await text('conn-is-se')).toBe('—');
      expect(await text('conn-is-note')).toContain('cat, dog');
      // q gives 0 to everything p can produce (the library refuses the sampling outright).
      await set('p', [100, 0, 0, 0]);
      await set('q', [0, 100, 0, 0]);
      expect(await text('conn-is')).toBe('—');
      expect(await text('conn-is-note')).toContain('cat');
      await set('p', [10, 60, 20, 10]);
      await set('q', [40, 30, 20, 10]);
      expect(await text('conn-is')).toMatch(/^\d\.\d{4}$/);
      expect(await page.getByTestId('conn-is-note').isHidden()).toBe(true);
      expect(ex.pageErrors).toEqual([]);
    });
  });
});
