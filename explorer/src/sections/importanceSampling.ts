/**
 * 7. Importance sampling: P(Z > a) for Z ~ N(0, 1) by naive Monte Carlo, a mean-shifted proposal and the
 * cross-entropy method; convergence with 95% bands, the weights' histogram, ESS and Pareto k̂.
 */
import * as Plot from '@observablehq/plot';
import {
  crossEntropyMethod,
  effectiveSampleSize,
  type GaussianTailMethod,
  gaussianTail,
  importanceSampling,
  Normal,
  ndtr,
  ndtri,
  type Point,
  paretoDiagnostics,
} from 'surprisal';
import { fmt, fmtInt } from '../format.js';
import { byId, chart, colors, expose, guarded, say, show, slider } from '../ui.js';

/** The sample sizes the slider offers. */
export const SAMPLE_SIZES = [1000, 2000, 5000, 10000, 20000, 50000, 100000] as const;
/** Where the convergence curves are evaluated (each a fresh, seeded run with that many draws). */
export const CONVERGENCE_SIZES = [100, 200, 500, 1000, 2000, 5000, 10000, 20000, 50000, 100000] as const;
/** Draws per level of the cross-entropy method (its default). */
const CE_SAMPLES = 1000;

type Method = 'naive' | 'shift' | 'exponential' | 'ce';
const METHOD_NAMES: Record<Method, string> = {
  naive: 'naive Monte Carlo',
  shift: 'mean shift N(a, 1)',
  exponential: 'exponential tilt a + Exp(a)',
  ce: 'cross-entropy method',
};
const METHOD_COLORS: Record<Method, string> = {
  naive: colors.muted,
  shift: colors.p,
  exponential: colors.accent,
  ce: colors.q,
};

interface Row {
  value: number;
  stdError: number;
  relativeError: number;
  ess: number;
  khat: number;
}

export function mountImportanceSampling(): void {
  const section = byId('importance-sampling');
  const controls = byId('is-controls');
  const seedInput = byId<HTMLInputElement>('is-seed');
  let a = 5;
  let sizeIndex = 3;
  let inspect: 'shift' | 'ce' = 'shift';
  let convergence: { method: string; S: number; ratio: number; lo: number; hi: number }[] = [];
  let weights: { lw: number; kind: 'hit' | 'miss' }[] = [];
  let pending = 0;

  const first = controls.firstChild;
  const aInput = slider(
    controls,
    { id: 'is-threshold', label: 'Threshold a (standard deviations)', min: 2, max: 6, step: 0.5, value: a },
    (v) => {
      a = v;
      schedule();
    },
  );
  const sInput = slider(
    controls,
    {
      id: 'is-samples',
      label: 'Draws S',
      min: 0,
      max: SAMPLE_SIZES.length - 1,
      step: 1,
      value: sizeIndex,
      format: (i) => fmtInt(SAMPLE_SIZES[i]),
    },
    (i) => {
      sizeIndex = i;
      schedule();
    },
  );
  controls.insertBefore(aInput.parentElement as HTMLElement, first);
  controls.insertBefore(sInput.parentElement as HTMLElement, first);
  seedInput.addEventListener('change', schedule);
  for (const radio of controls.querySelectorAll<HTMLInputElement>('input[name="is-hist"]')) {
    radio.addEventListener('change', () => {
      if (radio.checked) {
        inspect = radio.value as 'shift' | 'ce';
        schedule();
      }
    });
  }

  const drawConvergence = chart(byId('is-convergence'), (width) =>
    Plot.plot({
      width,
      height: 240,
      x: { type: 'log', label: 'draws S' },
      y: { label: 'estimate ÷ exact', domain: [0, 2.5], clamp: true, grid: true },
      color: {
        domain: Object.values(METHOD_NAMES),
        range: Object.keys(METHOD_NAMES).map((m) => METHOD_COLORS[m as Method]),
        legend: true,
      },
      marks: [
        Plot.areaY(convergence, { x: 'S', y1: 'lo', y2: 'hi', fill: 'method', fillOpacity: 0.15 }),
        Plot.line(convergence, { x: 'S', y: 'ratio', stroke: 'method', strokeWidth: 2, marker: 'circle' }),
        Plot.ruleY([1], { stroke: '#111', strokeDasharray: '4 3' }),
      ],
    }),
  );

  const drawHistogram = chart(byId('is-histogram'), (width) =>
    Plot.plot({
      width,
      height: 200,
      x: { label: 'log weight, log p(x) − log q(x)' },
      y: { label: 'draws', grid: true },
      color: {
        domain: ['hit', 'miss'],
        range: [inspect === 'ce' ? colors.q : colors.p, '#c4c8cf'],
        legend: true,
        tickFormat: (k: string) => (k === 'hit' ? 'hits, x > a (k̂ is fitted to these)' : 'misses, f = 0'),
      },
      marks: [
        Plot.rectY(
          weights,
          // Grouped by kind, stacked: hits and misses on one axis.
          Plot.binX({ y: 'count' }, {
            x: 'lw',
            fill: 'kind',
            thresholds: 40,
          } as Plot.BinXInputs<Plot.RectYOptions>),
        ),
        Plot.ruleY([0]),
      ],
    }),
  );

  /** Moves are cheap to make and the largest runs take a second: compute once the controls settle. */
  function schedule(): void {
    section.dataset.state = 'busy';
    say('is-status', 'Computing…');
    const ticket = ++pending;
    setTimeout(() => {
      if (ticket === pending) compute();
    }, 60);
  }

  function compute(): void {
    const t0 = performance.now();
    guarded('is-error', () => {
      const S = SAMPLE_SIZES[sizeIndex];
      const seed = Math.max(0, Math.floor(Number(seedInput.value) || 0));
      const exact = ndtr(-a);
      const z = ndtri(0.975);
      const target = new Normal(0, 1);
      const logTarget = (x: Point) => target.logProb(x as number);
      const f = (x: Point) => ((x as number) > a ? 1 : 0);
      const ce = (s: number) =>
        crossEntropyMethod({
          nominal: [new Normal(0, 1)],
          score: (x) => x[0],
          threshold: a,
          samples: CE_SAMPLES,
          finalSamples: s,
          seed,
          fitScale: false,
        });
      const fit = ce(S);
      const tail = (method: GaussianTailMethod) => (s: number) =>
        gaussianTail({ threshold: a, method, samples: s, seed });
      const run: Record<Method, (s: number) => Row> = {
        naive: tail('naive'),
        shift: tail('shift'),
        exponential: tail('exponential'),
        ce: (s) => (s === S ? fit : ce(s)),
      };

      show('is-exact', exact);
      convergence = [];
      const atS: Partial<Record<Method, Row>> = {};
      for (const method of Object.keys(run) as Method[]) {
        for (const s of CONVERGENCE_SIZES.filter((n) => n <= S)) {
          const r = run[method](s);
          const lo = r.value - z * r.stdError;
          const hi = r.value + z * r.stdError;
          convergence.push({
            method: METHOD_NAMES[method],
            S: s,
            ratio: r.value / exact,
            lo: lo / exact,
            hi: hi / exact,
          });
          if (s === S) {
            show(`is-${method}-estimate`, r.value);
            show(`is-${method}-lo`, lo);
            show(`is-${method}-hi`, hi);
            show(`is-${method}-relerr`, r.relativeError, 3);
            show(`is-${method}-ess`, r.ess, 1);
            show(`is-${method}-k`, r.khat, 2);
            // One verdict for k̂ on the page: the library's, for the terms w·f this row averages.
            const verdict = paretoDiagnostics(r.khat, S);
            const tag = document.querySelector<HTMLElement>(`[data-testid="is-${method}-verdict"]`);
            if (tag) {
              tag.textContent = verdict.category;
              tag.dataset.category = verdict.category;
              tag.title = verdict.message;
            }
            atS[method] = r;
          }
        }
      }

      say('is-ce-levels', fit.levels.map((g) => fmt(g, 2)).join(' → '));
      const ceProposal = fit.proposal[0] as Normal;
      show('is-ce-mu', ceProposal.loc, 3, 'fixed');

      // The panel's k̂ is the table row's (fitted to that row's hits); the histogram shows S draws of the same
      // proposal with the same seed: the very draws of the mean-shift row (gaussianTail draws a + Z in the same
      // order), fresh ones for the cross-entropy method's proposal (the method does not return its final draws).
      const proposal = inspect === 'shift' ? new Normal(a, 1) : ceProposal;
      const xs: number[] = [];
      const inspected = importanceSampling({
        logTarget,
        proposal,
        f: (x: Point) => {
          xs.push(x as number);
          return f(x);
        },
        samples: S,
        seed,
      });
      const lw = inspected.logWeights;
      weights = Array.from(lw, (v, i) => ({ lw: v, kind: xs[i] > a ? 'hit' : 'miss' }));
      const row = atS[inspect] as Row;
      const verdict = paretoDiagnostics(row.khat, S);
      show('is-hist-hits', weights.filter((w) => w.kind === 'hit').length, 0);
      show('is-hist-k', row.khat, 2);
      show('is-hist-ess-kish', effectiveSampleSize(lw), 1);
      show('is-hist-ess-perplexity', effectiveSampleSize(lw, { method: 'perplexity' }), 1);
      say('is-hist-diagnosis', `${verdict.category}: ${verdict.message}`);
      byId('is-hist-diagnosis-wrap').dataset.category = verdict.category;
      say(
        'is-hist-source',
        inspect === 'shift'
          ? 'These are the very draws of the mean-shift row.'
          : 'For the cross-entropy method these are fresh draws of its final proposal; k̂ is the table’s, fitted to the method’s own final draws.',
      );
      for (const tr of section.querySelectorAll<HTMLElement>('tr[data-method]'))
        tr.classList.toggle('inspected', tr.dataset.method === inspect);
      expose('importanceSampling', {
        a,
        S,
        seed,
        inspect,
        ceProposal: { loc: ceProposal.loc, scale: ceProposal.scale },
      });
      drawConvergence();
      drawHistogram();
    });
    say('is-status', `Computed in ${Math.round(performance.now() - t0)} ms.`);
    section.dataset.state = 'ready';
  }
  compute();
}
