/**
 * The explorer in a real browser: Debian's Chromium, headless, driven by playwright-core. Every section is loaded,
 * a control is moved, and each displayed number is compared with the library's own result for the same inputs,
 * formatted by the page's formatter (so "agrees" means "agrees to the displayed precision"). One screenshot per
 * section goes to test/explorer/screenshots/.
 *
 * Needs `npm run build` (the library in dist/, which both the page and this test import); builds the explorer with
 * Vite's API if explorer/dist is missing. Skipped, with a message, only where /usr/bin/chromium is absent.
 */
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fmt, fmtFixed } from '../../explorer/src/format.js';
import { klGrid, mixtureMoments } from '../../explorer/src/grid.js';
import type * as Library from '../../src/index.js';
import { CHROMIUM, hasChromium, launchChromium } from '../helpers/chromium.js';
import { startExplorerServer } from './openExplorer.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const screenshots = join(root, 'test/explorer/screenshots');
if (!hasChromium) {
  console.warn(
    `explorer tests skipped: ${CHROMIUM} not found (install it with \`apt-get install -y chromium\`; .ci/run does)`,
  );
}

const bits = { base: 'bits' } as const;

// Generous per-test limits: CI runs this file beside the numerical suites on two cores.
describe.skipIf(!hasChromium)('explorer in headless Chromium', { timeout: 90_000 }, () => {
  let lib: typeof Library;
  let server: ChildProcess | undefined;
  let context: BrowserContext | undefined;
  let page: Page;
  let profile = '';
  const pageErrors: string[] = [];
  const external: string[] = [];

  /** The text of the element with this data-testid. */
  const text = async (id: string) => (await page.getByTestId(id).textContent())?.trim() ?? '';
  /** Asserts that the number shown under this data-testid is the library's x, as the page formats it. */
  const shows = async (id: string, x: number, digits = 4) => expect(await text(id), id).toBe(fmt(x, digits));
  const showsFixed = async (id: string, x: number, digits = 3) =>
    expect(await text(id), id).toBe(fmtFixed(x, digits));
  /** Inputs the page exposes for numbers that are not themselves displayed (a classifier's weights, say). */
  const state = <T>(section: string): Promise<T> =>
    page.evaluate(
      (name) =>
        (globalThis as unknown as { surprisalExplorer: Record<string, unknown> }).surprisalExplorer[name],
      section,
    ) as Promise<T>;
  const shoot = (name: string, selector = `#${name}`) =>
    page.locator(selector).screenshot({ path: join(screenshots, `${name}.png`) });

  beforeAll(async () => {
    const distIndex = join(root, 'dist/index.js');
    if (!existsSync(distIndex)) throw new Error('dist/index.js is missing: run `npm run build` first');
    lib = (await import(pathToFileURL(distIndex).href)) as typeof Library;
    if (!existsSync(join(root, 'explorer/dist/index.html'))) {
      const { build } = await import('vite');
      await build({ root: join(root, 'explorer'), logLevel: 'warn' });
    }
    mkdirSync(screenshots, { recursive: true });

    const started = await startExplorerServer();
    server = started.server;
    const url = started.url;

    ({ context, profile } = await launchChromium('surprisal-explorer-chromium-', {
      width: 1280,
      height: 900,
    }));
    // Offline: anything not served by our own server is refused and recorded.
    await context.route('**/*', (route) => {
      const target = new URL(route.request().url());
      if (target.protocol === 'data:' || target.hostname === 'localhost' || target.hostname === '127.0.0.1') {
        return route.continue();
      }
      external.push(target.href);
      return route.abort();
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.on('pageerror', (e) => pageErrors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') pageErrors.push(m.text());
    });
    await page.goto(url);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 20_000 });
    // Sections below the fold are imported and mounted as they come near the viewport: visit each in turn.
    for (const id of await page.locator('main > section').evaluateAll((els) => els.map((e) => e.id))) {
      await page.locator(`#${id}`).scrollIntoViewIfNeeded();
      await page.waitForSelector(`#${id}[data-mounted="true"]`, { timeout: 20_000 });
    }
    await page.waitForSelector('#importance-sampling[data-state="ready"]', { timeout: 20_000 });
  }, 120_000);

  afterAll(async () => {
    await context?.close();
    server?.kill();
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  it('loads every section offline, with formulas, charts and no errors', async () => {
    const sections = [
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
    ];
    for (const id of sections) {
      await expect(page.locator(`#${id}`).count()).resolves.toBe(1);
      expect(await page.locator(`#${id} .katex`).count(), `${id} formulas`).toBeGreaterThan(0);
    }
    for (const id of sections.filter((s) => s !== 'connections')) {
      expect(await page.locator(`#${id} .chart svg`).count(), `${id} charts`).toBeGreaterThan(0);
    }
    // Every control has a label (a <label for>, a wrapping <label>, or an aria-label).
    type Control = { id: string; labels: ArrayLike<unknown> | null; getAttribute(n: string): string | null };
    const unlabelledOf = (els: unknown[]) =>
      (els as Control[]).filter((e) => !e.labels?.length && !e.getAttribute('aria-label')).map((e) => e.id);
    const unlabelled = await page.locator('input, select').evaluateAll(unlabelledOf);
    expect(unlabelled).toEqual([]);
    expect(pageErrors).toEqual([]);
    expect(external).toEqual([]);
  });

  it('1. axioms: a slider moved by keyboard; entropy, continuity, maximum and chain rule agree', async () => {
    const slider = page.locator('#axioms-p-0');
    await slider.focus();
    for (let i = 0; i < 10; i++) await slider.press('ArrowRight'); // weight of cat 40 -> 50
    await expect(slider.inputValue()).resolves.toBe('50');
    const { p, nudged } = await state<{ p: number[]; nudged: number[] }>('axioms');
    expect(p).toEqual(Array.from(new lib.Categorical([50, 30, 20, 10], { normalize: true }).probs));
    const H = lib.entropy(p, bits);
    await shows('axioms-H', H);
    await shows('axioms-H-nudged', lib.entropy(nudged, bits));
    await shows('axioms-dH', Math.abs(lib.entropy(nudged, bits) - H));
    expect(Math.abs(lib.entropy(nudged, bits) - H)).toBeLessThan(0.05);
    const Hmax = lib.entropy([0.25, 0.25, 0.25, 0.25], bits);
    await shows('axioms-Hmax', Hmax);
    await shows('axioms-gap', Hmax - H);
    const Hgroup = lib.entropy([p[0] + p[1], p[2] + p[3]], { ...bits, normalize: true });
    const Hwithin = lib.conditionalEntropy(
      [
        [p[0], p[1]],
        [p[2], p[3]],
      ],
      bits,
    );
    await shows('axioms-Hgroup', Hgroup);
    await shows('axioms-Hwithin', Hwithin);
    await shows('axioms-chain', Hgroup + Hwithin);
    expect(await text('axioms-chain-ok')).toMatch(/^✓/);
    expect(await text('axioms-max-ok')).toMatch(/^✓/);
    await shoot('axioms');
    await page.locator('#axioms-uniform').click();
    await shows('axioms-H', 2);
    expect(await text('axioms-max-ok')).toContain('the maximum');
  });

  it('2. self-information: dragging p and the seed’s two examples', async () => {
    await page.locator('#si-p').fill('0.125');
    await shows('si-bits', lib.surprisal(0.125, bits));
    expect(await text('si-bits')).toBe('3.0000');
    await shows('si-nats', lib.surprisal(0.125));
    await shows('si-hartleys', lib.surprisal(0.125, { base: 'hartleys' }));
    await page.locator('#si-die').click();
    await shows('si-bits', lib.surprisal(1 / 6, bits));
    await page.locator('#si-gravity').click();
    expect(await text('si-bits')).toBe(fmt(lib.surprisal(1, bits)));
    expect(await text('si-bits')).toBe('0');
    await page.locator('#si-mercury').click();
    expect(await text('si-bits')).toBe('∞');
    await shoot('self-information');
  });

  it('3. entropy: a fair die against a loaded one, in nats', async () => {
    await page.locator('#entropy-unit-nats').check();
    await page.locator('#entropy-six').fill('0.5');
    const fair = Array(6).fill(1 / 6);
    const loaded = [...Array(5).fill(0.5 / 5), 0.5];
    await shows('entropy-fair', lib.entropy(fair, { base: 'nats' }));
    expect(await text('entropy-fair')).toBe(fmt(Math.log(6)));
    await shows('entropy-loaded', lib.entropy(loaded, { base: 'nats' }));
    await shows('entropy-cat', lib.entropy([1, 0, 0]));
    await shows('entropy-ppl-fair', lib.perplexity(fair));
    await shows('entropy-ppl-loaded', lib.perplexity(loaded));
    await page.locator('#entropy-unit-bits').check();
    await shows('entropy-loaded', lib.entropy(loaded, bits));
    await shoot('entropy');
  });

  it('4. cross entropy and KL: H(p) + D(p‖q) = H(p, q), and KL is not symmetric', async () => {
    await page.locator('#ce-q-1').fill('5'); // the model all but rules out "dog"
    const p = new lib.Categorical([10, 60, 20, 10], { normalize: true }).probs;
    const q = new lib.Categorical([40, 5, 20, 10], { normalize: true }).probs;
    await shows('ce-H', lib.entropy(p, bits));
    await shows('ce-Dpq', lib.klDivergence(p, q, bits));
    await shows('ce-Hpq', lib.crossEntropy(p, q, bits));
    await shows('ce-sum', lib.entropy(p, bits) + lib.klDivergence(p, q, bits));
    expect(await text('ce-sum')).toBe(await text('ce-Hpq'));
    await shows('ce-Dqp', lib.klDivergence(q, p, bits));
    expect(await text('ce-Dqp')).not.toBe(await text('ce-Dpq'));
    await shows('ce-Hq', lib.entropy(q, bits));
    await shows('ce-Hqp', lib.crossEntropy(q, p, bits));
    await shows('ce-onehot-loss', lib.surprisal(q[1], bits));
    expect(await text('ce-identity')).toMatch(/^✓/);
    // Section 9 computes from the same p and q.
    await shows('conn-cross-entropy', lib.crossEntropy(p, q, bits));
    await shoot('cross-entropy');
    // A one-hot label: cross entropy is the surprise of the true class.
    await page.locator('#ce-onehot').click();
    expect(await text('ce-H')).toBe('0');
    expect(await text('ce-Hpq')).toBe(await text('ce-onehot-loss'));
  });

  it('5. NLL: training lowers the empirical cross entropy computed by crossEntropyLoss', async () => {
    await page.locator('#nll-reset').click();
    await shows('nll-loss', Math.log(3));
    const before = Number(await page.getByTestId('nll-loss').getAttribute('data-value'));
    for (let i = 0; i < 4; i++) await page.locator('#nll-step').click();
    expect(await text('nll-step')).toBe('100');
    const s = await state<{ features: number[][]; labels: number[]; weights: number[][]; step: number }>(
      'nll',
    );
    const K = s.weights.length;
    const n = s.features.length;
    const z = new Float64Array(n * K);
    for (let i = 0; i < n; i++)
      for (let k = 0; k < K; k++)
        z[i * K + k] = s.features[i].reduce((acc, f, j) => acc + s.weights[k][j] * f, 0);
    const loss = lib.crossEntropyLoss({ data: z, shape: [n, K] }, Int32Array.from(s.labels), {
      grad: false,
    }).loss;
    await shows('nll-loss', loss);
    await shows('nll-bits', lib.bitsPerToken(loss));
    await shows('nll-ppl', lib.perplexity({ nll: loss }));
    const logq = new Float64Array(n * K);
    for (let i = 0; i < n; i++) logq.set(lib.logSoftmax(z.subarray(i * K, i * K + K)), i * K);
    await shows('nll-nllloss', lib.nllLoss({ data: logq, shape: [n, K] }, s.labels, { grad: false }).loss);
    expect(loss).toBeLessThan(0.5 * before);
    // The animation trains too, and the curve keeps falling.
    await page.locator('#nll-play').click();
    await page.waitForFunction(
      () =>
        Number(
          (globalThis as unknown as { surprisalExplorer: { nll: { step: number } } }).surprisalExplorer.nll
            .step,
        ) >= 130,
    );
    await page.locator('#nll-play').click();
    await expect(page.locator('#nll-play').getAttribute('aria-pressed')).resolves.toBe('false');
    expect(Number(await page.getByTestId('nll-loss').getAttribute('data-value'))).toBeLessThan(loss);
    await shoot('nll');
  });

  it('6. KL in practice: forward KL matches moments, reverse KL picks the mode it starts near', async () => {
    const xs = klGrid();
    const logprobs = { from: 'logprobs', normalize: true } as const;
    const check = async () => {
      const s = await state<{
        target: { separation: number; width: number; weight: number };
        fwd: { mu: number; sigma: number };
        rev: { mu: number; sigma: number };
      }>('klFit');
      const left = new lib.Normal(-s.target.separation, s.target.width);
      const right = new lib.Normal(s.target.separation, s.target.width);
      const logp = xs.map((x) =>
        lib.logSumExp([
          Math.log(s.target.weight) + left.logProb(x),
          Math.log1p(-s.target.weight) + right.logProb(x),
        ]),
      );
      const fwd = new lib.Normal(s.fwd.mu, s.fwd.sigma);
      const rev = new lib.Normal(s.rev.mu, s.rev.sigma);
      const lf = xs.map((x) => fwd.logProb(x));
      const lr = xs.map((x) => rev.logProb(x));
      await showsFixed('kl-fwd-mu', fwd.loc);
      await showsFixed('kl-fwd-sigma', fwd.scale);
      await showsFixed('kl-rev-mu', rev.loc);
      await showsFixed('kl-rev-sigma', rev.scale);
      await shows('kl-fwd-value', lib.klDivergence(logp, lf, logprobs));
      await shows('kl-fwd-other', lib.klDivergence(lf, logp, logprobs));
      await shows('kl-rev-value', lib.klDivergence(lr, logp, logprobs));
      await shows('kl-rev-other', lib.klDivergence(logp, lr, logprobs));
      await shows('kl-between', lib.kl(fwd, rev));
      // Each fit is the better one on its own objective.
      expect(lib.klDivergence(logp, lf, logprobs)).toBeLessThan(lib.klDivergence(logp, lr, logprobs));
      expect(lib.klDivergence(lr, logp, logprobs)).toBeLessThan(lib.klDivergence(lf, logp, logprobs));
      const m = mixtureMoments(s.target);
      expect(Math.abs(fwd.loc - m.mean)).toBeLessThan(0.01);
      expect(Math.abs(fwd.scale - m.sd)).toBeLessThan(0.01);
      return s;
    };
    const first = await check();
    expect(Math.abs(first.rev.mu - 2)).toBeLessThan(0.05); // starts at +0.5: the right-hand mode
    await page.locator('#kl-weight').fill('0.7');
    await page.locator('#kl-start').fill('-1');
    const second = await check();
    expect(Math.abs(second.rev.mu + 2)).toBeLessThan(0.05); // starts at −1: the left-hand mode
    await shoot('kl-fit');
  });

  it('7. importance sampling: naive, mean shift, exponential tilt and CE agree with the library', async () => {
    const ready = () => page.waitForSelector('#importance-sampling[data-state="ready"]', { timeout: 20_000 });
    const check = async (a: number, S: number, seed: number, inspect: 'shift' | 'ce') => {
      const exact = lib.ndtr(-a);
      const z = lib.ndtri(0.975);
      await shows('is-exact', exact);
      const ce = lib.crossEntropyMethod({
        nominal: [new lib.Normal(0, 1)],
        score: (x) => x[0],
        threshold: a,
        samples: 1000,
        finalSamples: S,
        seed,
        fitScale: false,
      });
      const rows = {
        naive: lib.gaussianTail({ threshold: a, method: 'naive', samples: S, seed }),
        shift: lib.gaussianTail({ threshold: a, method: 'shift', samples: S, seed }),
        exponential: lib.gaussianTail({ threshold: a, method: 'exponential', samples: S, seed }),
        ce,
      };
      for (const [method, r] of Object.entries(rows)) {
        await shows(`is-${method}-estimate`, r.value);
        await shows(`is-${method}-lo`, r.value - z * r.stdError);
        await shows(`is-${method}-hi`, r.value + z * r.stdError);
        await shows(`is-${method}-relerr`, r.relativeError, 3);
        await shows(`is-${method}-ess`, r.ess, 1);
        await shows(`is-${method}-k`, r.khat, 2);
        if (method !== 'naive') expect(Math.abs(r.value - exact)).toBeLessThan(4 * r.stdError);
      }
      expect(await text('is-ce-levels')).toBe(ce.levels.map((g) => fmt(g, 2)).join(' → '));
      const ceProposal = ce.proposal[0] as InstanceType<typeof lib.Normal>;
      await showsFixed('is-ce-mu', ceProposal.loc);
      const target = new lib.Normal(0, 1);
      const inspected = lib.importanceSampling({
        logTarget: (x) => target.logProb(x as number),
        proposal: inspect === 'shift' ? new lib.Normal(a, 1) : ceProposal,
        f: (x) => ((x as number) > a ? 1 : 0),
        samples: S,
        seed,
      });
      // One k̂ on the page: the panel shows the table row's, fitted to that row's hits (the terms w·f), with
      // the library's verdict; the table tags every row with the same verdict function.
      const inspectedRow = rows[inspect];
      const verdict = lib.paretoDiagnostics(inspectedRow.khat, S);
      await shows('is-hist-k', inspectedRow.khat, 2);
      expect(await text('is-hist-k')).toBe(await text(`is-${inspect}-k`));
      expect(await text('is-hist-diagnosis')).toBe(`${verdict.category}: ${verdict.message}`);
      for (const [method, r] of Object.entries(rows))
        expect(await text(`is-${method}-verdict`), method).toBe(lib.paretoDiagnostics(r.khat, S).category);
      expect(await text(`is-${inspect}-verdict`)).toBe(verdict.category);
      await shows('is-hist-ess-kish', lib.effectiveSampleSize(inspected.logWeights), 1);
      await shows(
        'is-hist-ess-perplexity',
        lib.effectiveSampleSize(inspected.logWeights, { method: 'perplexity' }),
        1,
      );
      if (inspect === 'shift') {
        // The histogram's draws are the mean-shift row's own: the same estimate from them.
        expect(inspected.value).toBe(rows.shift.value);
        const hits = inspected.logWeights.filter((lw) => lw < (-a * a) / 2).length;
        await shows('is-hist-hits', hits, 0);
      }
      return rows;
    };
    const rows = await check(5, 10000, 1, 'shift');
    expect(await text('is-naive-estimate')).toBe('0'); // no 5-sigma event in 10⁴ plain draws
    expect(rows.exponential.relativeError).toBeLessThan(rows.shift.relativeError);
    await shoot('importance-sampling');

    await page.locator('#is-threshold').fill('4');
    await page.locator('#is-samples').fill('2'); // 5000 draws
    await page.locator('#is-seed').fill('3');
    await page.locator('#is-seed').dispatchEvent('change');
    await page.locator('#is-hist-ce').check();
    await ready();
    await check(4, 5000, 3, 'ce');
    expect(await page.locator('#is-convergence svg path').count()).toBeGreaterThan(4);
  });

  it('8. model comparison: loo, looCompare and stacking weights of two regressions agree with the library', async () => {
    type Draws = { b0: number[]; b1: number[]; sigma: number[] };
    const check = async () => {
      const s = await state<{ x: number[]; y: number[]; draws: { normal: Draws; student: Draws } }>(
        'modelComparison',
      );
      const n = s.x.length;
      const fits: Record<string, ReturnType<typeof lib.loo>> = {};
      const names = { normal: 'normal', student: 'Student-t (ν = 4)' } as const;
      for (const m of ['normal', 'student'] as const) {
        const d = s.draws[m];
        const S = d.b0.length;
        expect(S).toBe(2000);
        const std = m === 'normal' ? new lib.Normal(0, 1) : new lib.StudentT(4);
        const data = new Float64Array(S * n);
        for (let k = 0; k < S; k++)
          for (let i = 0; i < n; i++)
            data[k * n + i] =
              std.logProb((s.y[i] - d.b0[k] - d.b1[k] * s.x[i]) / d.sigma[k]) - Math.log(d.sigma[k]);
        const r = lib.loo({ data, shape: [4, 500, n] });
        fits[names[m]] = r;
        await shows(`mc-${m}-elpd`, r.estimates.elpdLoo.value, 2);
        await shows(`mc-${m}-elpd-se`, r.estimates.elpdLoo.stdError, 2);
        await shows(`mc-${m}-ploo`, r.estimates.pLoo.value, 2);
        await shows(`mc-${m}-ploo-se`, r.estimates.pLoo.stdError, 2);
        await shows(`mc-${m}-looic`, r.estimates.looic.value, 2);
        for (let j = 0; j < 3; j++) {
          const row = r.diagnostics.khatTable[j];
          expect(await text(`mc-${m}-khat-range-${j}`)).toBe(row.range);
          await shows(`mc-${m}-khat-count-${j}`, row.count, 0);
          await shows(`mc-${m}-khat-prop-${j}`, row.proportion, 3);
        }
        const bad = r.diagnostics.badObservations;
        expect(await text(`mc-${m}-bad`)).toBe(
          bad.length ? bad.map((i) => String(i + 1)).join(', ') : 'none',
        );
      }
      await shows('mc-threshold', fits.normal.diagnostics.threshold, 2);
      const rows = lib.looCompare(fits);
      for (let j = 0; j < 2; j++) {
        expect(await text(`mc-compare-model-${j}`)).toBe(rows[j].model);
        await shows(`mc-compare-diff-${j}`, rows[j].elpdDiff, 2);
        await shows(`mc-compare-se-${j}`, rows[j].seDiff, 2);
      }
      const w = lib.modelWeights(fits, { method: 'stacking' });
      await showsFixed('mc-normal-weight', w[names.normal]);
      await showsFixed('mc-student-weight', w[names.student]);
      return { n, rows, fits };
    };
    const ready = () => page.waitForSelector('#model-comparison[data-state="ready"]', { timeout: 20_000 });
    await ready();
    const withOutliers = await check();
    expect(withOutliers.n).toBe(30);
    // The outliers: the robust likelihood wins, and they pull the normal fit harder (larger k̂).
    expect(withOutliers.rows[0].model).toBe('Student-t (ν = 4)');
    const maxK = (r: ReturnType<typeof lib.loo>) => Math.max(...r.pointwise.khat);
    expect(maxK(withOutliers.fits.normal)).toBeGreaterThan(maxK(withOutliers.fits['Student-t (ν = 4)']));
    expect(await page.locator('#mc-khat svg circle').count()).toBeGreaterThanOrEqual(60);
    await shoot('model-comparison');
    await page.locator('#mc-outliers').uncheck();
    await ready();
    const clean = await check();
    expect(clean.n).toBe(27);
    expect(Math.abs(clean.rows[1].elpdDiff)).toBeLessThan(5);
  });

  it('9. deep connections: one p, one q, every quantity from the library', async () => {
    const weights = { p: [30, 40, 20, 10], q: [25, 25, 25, 25] };
    for (const which of ['p', 'q'] as const)
      for (let i = 0; i < 4; i++) await page.locator(`#conn-${which}-${i}`).fill(String(weights[which][i]));
    await page.locator('#conn-draws').fill('3'); // 10 000 draws
    // Section 4 edits the same p and q.
    await expect(page.locator('#ce-p-0').inputValue()).resolves.toBe('30');
    const P = new lib.Categorical(weights.p, { normalize: true });
    const Q = new lib.Categorical(weights.q, { normalize: true });
    const p = P.probs;
    const q = Q.probs;
    for (let i = 0; i < 4; i++) {
      await shows(`conn-p-${i}`, p[i], 3);
      await shows(`conn-q-${i}`, q[i], 3);
      await shows(`conn-Ip-${i}`, lib.surprisal(p[i], bits));
      await shows(`conn-Iq-${i}`, lib.surprisal(q[i], bits));
    }
    const H = lib.entropy(p, bits);
    const Hpq = lib.crossEntropy(p, q, bits);
    await shows('conn-entropy', H);
    await shows('conn-cross-entropy', Hpq);
    await shows('conn-kl', lib.klDivergence(p, q, bits));
    await shows('conn-kl-difference', Hpq - H);
    expect(await text('conn-kl-difference')).toBe(await text('conn-kl'));
    await shows('conn-kl-reverse', lib.klDivergence(q, p, bits));
    await shows('conn-js', lib.jsDivergence(p, q, bits));
    await shows('conn-perplexity', lib.perplexity({ nll: Hpq, base: 'bits' }));
    const N = 10000;
    const seed = 1;
    const draws = P.sample(lib.createRng(seed), N);
    const logq = new Float64Array(N * 4);
    for (let i = 0; i < N; i++) for (let k = 0; k < 4; k++) logq[i * 4 + k] = Q.logProb(k);
    const nll = lib.nllLoss({ data: logq, shape: [N, 4] }, Int32Array.from(draws), { grad: false }).loss;
    await shows('conn-nll', lib.bitsPerToken(nll));
    expect(Math.abs(lib.bitsPerToken(nll) - Hpq)).toBeLessThan(0.05);
    const is = lib.importanceSampling({
      logTarget: (x) => P.logProb(x as number),
      proposal: Q,
      f: (x) => lib.surprisal(q[x as number], bits),
      samples: N,
      seed,
    });
    await shows('conn-is', is.value);
    await shows('conn-is-se', is.stdError);
    expect(Math.abs(is.value - Hpq)).toBeLessThan(4 * is.stdError);
    await shoot('connections');
  });

  it('keeps a single column without sideways scrolling on a phone', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    const widths = await page.evaluate(() => {
      const g = globalThis as unknown as {
        document: { documentElement: { scrollWidth: number }; querySelector(s: string): unknown };
        getComputedStyle(el: unknown): { gridTemplateColumns: string };
      };
      return {
        scroll: g.document.documentElement.scrollWidth,
        columns: g.getComputedStyle(g.document.querySelector('#axioms .grid')).gridTemplateColumns.split(' ')
          .length,
      };
    });
    expect(widths.columns).toBe(1);
    expect(widths.scroll).toBeLessThanOrEqual(390);
    await shoot('phone-cross-entropy', '#cross-entropy');
    await page.setViewportSize({ width: 1280, height: 900 });
    expect(pageErrors).toEqual([]);
  });
});
