/**
 * 8. Model comparison: two Bayesian linear regressions (normal and Student-t likelihoods) fitted to a small data
 * set with outliers, compared by PSIS leave-one-out cross-validation (`loo`, `looCompare`, `modelWeights`).
 */
import * as Plot from '@observablehq/plot';
import {
  createRng,
  type LooResult,
  loo,
  looCompare,
  modelWeights,
  Normal,
  type Rng,
  StudentT,
} from 'surprisal';
import { fmt, fmtFixed, fmtInt } from '../format.js';
import { byId, chart, colors, expose, guarded, say, show } from '../ui.js';

/** The data set: N_CLEAN points on y = 1 + 2x + N(0, 1) noise, and three outliers above the line on the right. */
export const N_CLEAN = 27;
export const OUTLIERS: readonly { x: number; y: number }[] = [
  { x: 7.4, y: 1 + 2 * 7.4 + 10 },
  { x: 8.6, y: 1 + 2 * 8.6 + 13 },
  { x: 9.5, y: 1 + 2 * 9.5 + 11 },
];
/** Seed of the data's noise (fixed: the data set is part of the page). */
const DATA_SEED = 2024;
/** Posterior draws: 4 chains of 500. */
export const CHAINS = 4;
export const DRAWS = 500;
/** Degrees of freedom of the robust likelihood. */
export const NU = 4;
/** Metropolis: warm-up iterations per chain and thinning of the kept ones. */
const WARMUP = 500;
const THIN = 3;

export interface Data {
  x: number[];
  y: number[];
  outlier: boolean[];
}

/** The built-in data set, with or without the outliers (they come last). */
export function dataset(withOutliers: boolean): Data {
  const rng = createRng(DATA_SEED);
  const x: number[] = [];
  const y: number[] = [];
  for (let i = 0; i < N_CLEAN; i++) {
    const xi = (10 * i) / (N_CLEAN - 1);
    x.push(xi);
    y.push(1 + 2 * xi + rng.normal());
  }
  const outlier = x.map(() => false);
  if (withOutliers) {
    for (const o of OUTLIERS) {
      x.push(o.x);
      y.push(o.y);
      outlier.push(true);
    }
  }
  return { x, y, outlier };
}

/** Posterior draws of (β₀, β₁, σ), chain after chain: CHAINS × DRAWS rows. */
export interface Draws {
  b0: Float64Array;
  b1: Float64Array;
  sigma: Float64Array;
  /** Metropolis acceptance rate (1 for independent draws). */
  acceptance: number;
}

/** Least squares: β̂, the residual sum of squares and (XᵀX)⁻¹ for the design [1, x]. */
function leastSquares(d: Data) {
  const n = d.x.length;
  let sx = 0;
  let sxx = 0;
  let sy = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    sx += d.x[i];
    sxx += d.x[i] * d.x[i];
    sy += d.y[i];
    sxy += d.x[i] * d.y[i];
  }
  const det = n * sxx - sx * sx;
  const inv = [sxx / det, -sx / det, n / det]; // (XᵀX)⁻¹ = [[a, b], [b, c]]
  const b0 = inv[0] * sy + inv[1] * sxy;
  const b1 = inv[1] * sy + inv[2] * sxy;
  let rss = 0;
  for (let i = 0; i < n; i++) rss += (d.y[i] - b0 - b1 * d.x[i]) ** 2;
  return { b0, b1, rss, inv };
}

/**
 * Normal likelihood, prior p(β, σ²) ∝ 1/σ²: the conjugate posterior, σ² ~ scaled-inv-χ²(n − 2, s²) and
 * β | σ² ~ N(β̂, σ²(XᵀX)⁻¹), drawn independently with the library's Rng.
 */
export function normalPosterior(d: Data, rng: Rng): Draws {
  const n = d.x.length;
  const { b0, b1, rss, inv } = leastSquares(d);
  // Cholesky factor of (XᵀX)⁻¹.
  const l11 = Math.sqrt(inv[0]);
  const l21 = inv[1] / l11;
  const l22 = Math.sqrt(inv[2] - l21 * l21);
  const S = CHAINS * DRAWS;
  const out = { b0: new Float64Array(S), b1: new Float64Array(S), sigma: new Float64Array(S), acceptance: 1 };
  for (let s = 0; s < S; s++) {
    const sigma2 = rss / rng.chiSquared(n - 2);
    const sd = Math.sqrt(sigma2);
    const z1 = rng.normal();
    const z2 = rng.normal();
    out.b0[s] = b0 + sd * l11 * z1;
    out.b1[s] = b1 + sd * (l21 * z1 + l22 * z2);
    out.sigma[s] = sd;
  }
  return out;
}

/**
 * Student-t (ν = NU) likelihood, flat prior on β and on log σ: random-walk Metropolis in (β₀, β₁, log σ), one
 * chain per CHAINS, proposals scaled by the least-squares covariance, WARMUP iterations dropped, every THIN-th
 * kept.
 */
export function studentPosterior(d: Data, rng: Rng): Draws {
  const n = d.x.length;
  const { b0, b1, rss, inv } = leastSquares(d);
  const s0 = Math.sqrt(rss / (n - 2));
  // The t log density up to its constant (which cancels in the acceptance ratio); the log-likelihood matrix
  // below is the library's StudentT.logProb.
  const logPost = (c0: number, c1: number, logSigma: number) => {
    const sigma = Math.exp(logSigma);
    let lp = 0;
    for (let i = 0; i < n; i++) {
      const z = (d.y[i] - c0 - c1 * d.x[i]) / sigma;
      lp -= ((NU + 1) / 2) * Math.log1p((z * z) / NU);
    }
    return lp - n * logSigma;
  };
  const l11 = Math.sqrt(inv[0]);
  const l21 = inv[1] / l11;
  const l22 = Math.sqrt(inv[2] - l21 * l21);
  // 2.4/√3 of a rough posterior scale; the t model's σ is smaller than the least-squares s with outliers.
  const step = (2.4 / Math.sqrt(3)) * 0.7 * s0;
  const stepLogSigma = 2.4 / Math.sqrt(3) / Math.sqrt(2 * n);
  const S = CHAINS * DRAWS;
  const out = { b0: new Float64Array(S), b1: new Float64Array(S), sigma: new Float64Array(S), acceptance: 0 };
  let accepted = 0;
  let proposed = 0;
  for (let c = 0; c < CHAINS; c++) {
    // Overdispersed starts around the least-squares fit.
    const z1 = rng.normal();
    const z2 = rng.normal();
    let t0 = b0 + 2 * s0 * l11 * z1;
    let t1 = b1 + 2 * s0 * (l21 * z1 + l22 * z2);
    let t2 = Math.log(s0) + 0.5 * rng.normal();
    let lp = logPost(t0, t1, t2);
    for (let it = 0; it < WARMUP + DRAWS * THIN; it++) {
      const z1 = rng.normal();
      const z2 = rng.normal();
      const p0 = t0 + step * l11 * z1;
      const p1 = t1 + step * (l21 * z1 + l22 * z2);
      const p2 = t2 + stepLogSigma * rng.normal();
      const lq = logPost(p0, p1, p2);
      const keep = Math.log(rng.uniformOpen()) < lq - lp;
      if (keep) {
        t0 = p0;
        t1 = p1;
        t2 = p2;
        lp = lq;
      }
      if (it >= WARMUP) {
        proposed++;
        if (keep) accepted++;
        const k = it - WARMUP;
        if ((k + 1) % THIN === 0) {
          const s = c * DRAWS + (k + 1) / THIN - 1;
          out.b0[s] = t0;
          out.b1[s] = t1;
          out.sigma[s] = Math.exp(t2);
        }
      }
    }
  }
  out.acceptance = accepted / proposed;
  return out;
}

/** The pointwise log-likelihood, { data, shape: [CHAINS, DRAWS, N] }, by the library's logProb. */
export function logLikelihood(d: Data, draws: Draws, family: 'normal' | 'student') {
  const n = d.x.length;
  const S = CHAINS * DRAWS;
  const data = new Float64Array(S * n);
  const std = family === 'normal' ? new Normal(0, 1) : new StudentT(NU);
  for (let s = 0; s < S; s++) {
    const logSigma = Math.log(draws.sigma[s]);
    for (let i = 0; i < n; i++) {
      const z = (d.y[i] - draws.b0[s] - draws.b1[s] * d.x[i]) / draws.sigma[s];
      data[s * n + i] = std.logProb(z) - logSigma;
    }
  }
  return { data, shape: [CHAINS, DRAWS, n] };
}

const MODEL_NAMES = { normal: 'normal', student: `Student-t (ν = ${NU})` } as const;
type Model = keyof typeof MODEL_NAMES;
const MODEL_COLORS: Record<Model, string> = { normal: colors.p, student: colors.q };

/** Everything the section shows for one choice of data and seed (memoised: the controls revisit states). */
export interface Fit {
  data: Data;
  draws: Record<Model, Draws>;
  loo: Record<Model, LooResult>;
}

const cache = new Map<string, Fit>();

/** Fits both models and runs loo on each; seed seeds the posterior draws (one Rng split per model). */
export function fitModels(withOutliers: boolean, seed: number): Fit {
  const key = `${withOutliers}/${seed}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const data = dataset(withOutliers);
  const rng = createRng(seed);
  const draws = { normal: normalPosterior(data, rng.split()), student: studentPosterior(data, rng.split()) };
  const fit: Fit = {
    data,
    draws,
    loo: {
      normal: loo(logLikelihood(data, draws.normal, 'normal')),
      student: loo(logLikelihood(data, draws.student, 'student')),
    },
  };
  cache.set(key, fit);
  return fit;
}

function mean(a: Float64Array): number {
  let s = 0;
  for (const v of a) s += v;
  return s / a.length;
}

export function mountModelComparison(): void {
  const section = byId('model-comparison');
  const outlierBox = byId<HTMLInputElement>('mc-outliers');
  const seedInput = byId<HTMLInputElement>('mc-seed');
  let fit: Fit | undefined;

  const drawData = chart(byId('mc-data'), (width) => {
    const f = fit as Fit;
    const points = f.data.x.map((x, i) => ({
      x,
      y: f.data.y[i],
      kind: f.data.outlier[i] ? 'outlier' : 'data',
    }));
    const lines = (Object.keys(MODEL_NAMES) as Model[]).flatMap((m) => {
      const b0 = mean(f.draws[m].b0);
      const b1 = mean(f.draws[m].b1);
      return [0, 10].map((x) => ({ x, y: b0 + b1 * x, model: MODEL_NAMES[m] }));
    });
    return Plot.plot({
      width,
      height: 220,
      x: { label: 'x' },
      y: { label: 'y', grid: true },
      color: {
        domain: Object.values(MODEL_NAMES),
        range: Object.keys(MODEL_NAMES).map((m) => MODEL_COLORS[m as Model]),
        legend: true,
      },
      marks: [
        Plot.line(lines, { x: 'x', y: 'y', stroke: 'model', strokeWidth: 2 }),
        Plot.dot(points, {
          x: 'x',
          y: 'y',
          r: 3.5,
          fill: (p: { kind: string }) => (p.kind === 'outlier' ? '#111' : colors.muted),
          symbol: (p: { kind: string }) => (p.kind === 'outlier' ? 'diamond' : 'circle'),
        }),
      ],
    });
  });

  const drawKhat = chart(byId('mc-khat'), (width) => {
    const f = fit as Fit;
    const threshold = f.loo.normal.diagnostics.threshold;
    const points = (Object.keys(MODEL_NAMES) as Model[]).flatMap((m) =>
      Array.from(f.loo[m].pointwise.khat, (k, i) => ({
        i: i + 1,
        k,
        model: MODEL_NAMES[m],
        high: k > threshold,
      })),
    );
    return Plot.plot({
      width,
      height: 240,
      x: { label: 'observation', domain: [0, f.data.x.length + 1] },
      y: {
        label: 'Pareto k̂',
        grid: true,
        domain: [Math.min(-0.2, ...points.map((p) => p.k)), Math.max(1.05, ...points.map((p) => p.k))],
      },
      color: {
        domain: Object.values(MODEL_NAMES),
        range: Object.keys(MODEL_NAMES).map((m) => MODEL_COLORS[m as Model]),
        legend: true,
      },
      marks: [
        Plot.ruleY([0.7], { stroke: '#111', strokeDasharray: '4 3' }),
        Plot.ruleY([threshold], { stroke: colors.accent, strokeDasharray: '2 2' }),
        Plot.text([threshold], {
          x: f.data.x.length + 1,
          y: (t: number) => t,
          text: () => `threshold ${fmt(threshold, 2)}`,
          textAnchor: 'end',
          dy: -6,
          fill: colors.accent,
        }),
        Plot.text([0.7], { x: 0, y: (t: number) => t, text: () => '0.7', textAnchor: 'start', dy: -6 }),
        Plot.dot(
          points.filter((p) => !p.high),
          { x: 'i', y: 'k', stroke: 'model', r: 3 },
        ),
        Plot.dot(
          points.filter((p) => p.high),
          { x: 'i', y: 'k', fill: 'model', stroke: '#111', strokeWidth: 1.5, r: 6 },
        ),
      ],
    });
  });

  function compute(): void {
    const t0 = performance.now();
    section.dataset.state = 'busy';
    guarded('mc-error', () => {
      const withOutliers = outlierBox.checked;
      const seed = Math.max(0, Math.floor(Number(seedInput.value) || 0));
      fit = fitModels(withOutliers, seed);
      const f = fit;
      show('mc-n', f.data.x.length, 0);
      for (const m of Object.keys(MODEL_NAMES) as Model[]) {
        const r = f.loo[m];
        show(`mc-${m}-elpd`, r.estimates.elpdLoo.value, 2);
        show(`mc-${m}-elpd-se`, r.estimates.elpdLoo.stdError, 2);
        show(`mc-${m}-ploo`, r.estimates.pLoo.value, 2);
        show(`mc-${m}-ploo-se`, r.estimates.pLoo.stdError, 2);
        show(`mc-${m}-looic`, r.estimates.looic.value, 2);
        show(`mc-${m}-b1`, mean(f.draws[m].b1), 3);
        r.diagnostics.khatTable.forEach((row, j) => {
          say(`mc-${m}-khat-range-${j}`, row.range);
          show(`mc-${m}-khat-count-${j}`, row.count, 0);
          show(`mc-${m}-khat-prop-${j}`, row.proportion, 3);
          say(`mc-${m}-khat-neff-${j}`, row.minNEff === null ? '—' : fmtInt(row.minNEff));
        });
        say(
          `mc-${m}-bad`,
          r.diagnostics.badObservations.length === 0
            ? 'none'
            : r.diagnostics.badObservations.map((i) => String(i + 1)).join(', '),
        );
      }
      show('mc-threshold', f.loo.normal.diagnostics.threshold, 2);
      show('mc-acceptance', f.draws.student.acceptance, 2);
      const models = { [MODEL_NAMES.normal]: f.loo.normal, [MODEL_NAMES.student]: f.loo.student };
      const rows = looCompare(models);
      rows.forEach((row, j) => {
        say(`mc-compare-model-${j}`, row.model);
        show(`mc-compare-diff-${j}`, row.elpdDiff, 2);
        show(`mc-compare-se-${j}`, row.seDiff, 2);
      });
      const weights = modelWeights(models, { method: 'stacking' });
      for (const m of Object.keys(MODEL_NAMES) as Model[])
        show(`mc-${m}-weight`, weights[MODEL_NAMES[m]], 3, 'fixed');
      const diff = rows[1].elpdDiff;
      say(
        'mc-verdict',
        Math.abs(diff) < 2 * rows[1].seDiff
          ? `The difference, ${fmtFixed(diff, 2)} ± ${fmtFixed(rows[1].seDiff, 2)}, is within two standard errors: no clear winner.`
          : `${rows[0].model} predicts left-out points better by ${fmtFixed(-diff, 2)} ± ${fmtFixed(rows[1].seDiff, 2)} in elpd.`,
      );
      expose('modelComparison', {
        withOutliers,
        seed,
        x: f.data.x,
        y: f.data.y,
        draws: Object.fromEntries(
          (Object.keys(MODEL_NAMES) as Model[]).map((m) => [
            m,
            {
              b0: Array.from(f.draws[m].b0),
              b1: Array.from(f.draws[m].b1),
              sigma: Array.from(f.draws[m].sigma),
            },
          ]),
        ),
      });
      drawData();
      drawKhat();
    });
    say('mc-status', `Computed in ${Math.round(performance.now() - t0)} ms.`);
    section.dataset.state = 'ready';
  }
  outlierBox.addEventListener('change', compute);
  seedInput.addEventListener('change', compute);
  compute();
}
