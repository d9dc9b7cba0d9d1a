/** 6. KL in practice: one Gaussian fitted to a bimodal target by forward and by reverse KL, side by side. */
import * as Plot from '@observablehq/plot';
import { kl, klDivergence, logSumExp, Normal } from 'surprisal';
import { type Bimodal, klGrid, mixtureMoments } from '../grid.js';
import { byId, chart, colors, expose, guarded, show, slider } from '../ui.js';

const xs = klGrid();
const logprobs = { from: 'logprobs', normalize: true } as const;

/** log density of the bimodal target π N(−d, s) + (1 − π) N(d, s), in log space throughout. */
function targetLogDensity(t: Bimodal): (x: number) => number {
  const left = new Normal(-t.separation, t.width);
  const right = new Normal(t.separation, t.width);
  const lw = Math.log(t.weight);
  const rw = Math.log1p(-t.weight);
  return (x) => logSumExp([lw + left.logProb(x), rw + right.logProb(x)]);
}

function onGrid(logDensity: (x: number) => number): Float64Array {
  return xs.map(logDensity);
}

/**
 * Nelder–Mead (Nelder & Mead 1965, with the standard coefficients 1, 2, ½, ½) minimising f over two parameters.
 * Gradient-free, deterministic; plenty for a two-parameter fit.
 */
function nelderMead(f: (v: [number, number]) => number, start: [number, number], step: [number, number]) {
  let simplex: { v: [number, number]; f: number }[] = [
    start,
    [start[0] + step[0], start[1]],
    [start[0], start[1] + step[1]],
  ].map((v) => ({ v: v as [number, number], f: f(v as [number, number]) }));
  const at = (a: [number, number], b: [number, number], t: number): [number, number] => [
    a[0] + t * (b[0] - a[0]),
    a[1] + t * (b[1] - a[1]),
  ];
  for (let it = 0; it < 500; it++) {
    simplex.sort((a, b) => a.f - b.f);
    const [best, mid, worst] = simplex;
    if (
      Math.abs(worst.f - best.f) < 1e-12 &&
      Math.hypot(worst.v[0] - best.v[0], worst.v[1] - best.v[1]) < 1e-7
    )
      break;
    const centroid: [number, number] = [(best.v[0] + mid.v[0]) / 2, (best.v[1] + mid.v[1]) / 2];
    const r = at(centroid, worst.v, -1);
    const fr = f(r);
    if (fr < best.f) {
      const e = at(centroid, worst.v, -2);
      const fe = f(e);
      simplex[2] = fe < fr ? { v: e, f: fe } : { v: r, f: fr };
    } else if (fr < mid.f) {
      simplex[2] = { v: r, f: fr };
    } else {
      const c = fr < worst.f ? at(centroid, r, 0.5) : at(centroid, worst.v, 0.5);
      const fc = f(c);
      if (fc < Math.min(fr, worst.f)) simplex[2] = { v: c, f: fc };
      else
        simplex = simplex.map((s, i) => {
          if (i === 0) return s;
          const v = at(best.v, s.v, 0.5);
          return { v, f: f(v) };
        });
    }
  }
  simplex.sort((a, b) => a.f - b.f);
  return simplex[0].v;
}

export function mountKlFit(): void {
  const controls = byId('kl-controls');
  const target: Bimodal = { separation: 2, width: 0.6, weight: 0.5 };
  let start = 0.5;
  let fwd = new Normal(0, 1);
  let rev = new Normal(0, 1);

  slider(
    controls,
    { id: 'kl-separation', label: 'Modes at ±d: d', min: 0, max: 4, step: 0.1, value: 2 },
    (v) => {
      target.separation = v;
      update();
    },
  );
  slider(
    controls,
    { id: 'kl-width', label: 'Width of each mode, s', min: 0.3, max: 1.5, step: 0.05, value: 0.6 },
    (v) => {
      target.width = v;
      update();
    },
  );
  slider(
    controls,
    { id: 'kl-weight', label: 'Weight of the left mode, π', min: 0.1, max: 0.9, step: 0.05, value: 0.5 },
    (v) => {
      target.weight = v;
      update();
    },
  );
  slider(
    controls,
    { id: 'kl-start', label: 'Both fits start at μ₀', min: -4, max: 4, step: 0.1, value: start },
    (v) => {
      start = v;
      update();
    },
  );

  const plotXs = Array.from({ length: 241 }, (_, i) => -7 + (14 * i) / 240);
  const panel = (el: HTMLElement, fitted: () => Normal, color: string) =>
    chart(el, (width) => {
      const lp = targetLogDensity(target);
      const q = fitted();
      const rows = plotXs.map((x) => ({ x, p: Math.exp(lp(x)), q: Math.exp(q.logProb(x)) }));
      return Plot.plot({
        width,
        height: 200,
        x: { label: 'x', domain: [-7, 7] },
        y: { label: 'density', grid: true },
        marks: [
          Plot.areaY(rows, { x: 'x', y: 'p', fill: colors.muted, fillOpacity: 0.3 }),
          Plot.line(rows, { x: 'x', y: 'p', stroke: colors.muted }),
          Plot.line(rows, { x: 'x', y: 'q', stroke: color, strokeWidth: 2.5 }),
          Plot.ruleX([start], { stroke: '#111', strokeDasharray: '2 3' }),
          Plot.ruleY([0]),
        ],
      });
    });
  const drawFwd = panel(byId('kl-fwd-chart'), () => fwd, colors.p);
  const drawRev = panel(byId('kl-rev-chart'), () => rev, colors.q);

  function update(): void {
    guarded('kl-error', () => {
      const logp = onGrid(targetLogDensity(target));
      const logq = (v: [number, number]) => onGrid((x) => new Normal(v[0], Math.exp(v[1])).logProb(x));
      const forward = (v: [number, number]) => klDivergence(logp, logq(v), logprobs);
      const reverse = (v: [number, number]) => klDivergence(logq(v), logp, logprobs);
      const f = nelderMead(forward, [start, 0], [1, 0.5]);
      const r = nelderMead(reverse, [start, 0], [1, 0.5]);
      fwd = new Normal(f[0], Math.exp(f[1]));
      rev = new Normal(r[0], Math.exp(r[1]));
      const lf = onGrid((x) => fwd.logProb(x));
      const lr = onGrid((x) => rev.logProb(x));
      show('kl-fwd-mu', fwd.loc, 3, 'fixed');
      show('kl-fwd-sigma', fwd.scale, 3, 'fixed');
      show('kl-fwd-value', klDivergence(logp, lf, logprobs));
      show('kl-fwd-other', klDivergence(lf, logp, logprobs));
      show('kl-rev-mu', rev.loc, 3, 'fixed');
      show('kl-rev-sigma', rev.scale, 3, 'fixed');
      show('kl-rev-value', klDivergence(lr, logp, logprobs));
      show('kl-rev-other', klDivergence(logp, lr, logprobs));
      const m = mixtureMoments(target);
      show('kl-target-mean', m.mean, 3, 'fixed');
      show('kl-target-sd', m.sd, 3, 'fixed');
      show('kl-between', kl(fwd, rev));
      expose('klFit', {
        target: { ...target },
        start,
        fwd: { mu: fwd.loc, sigma: fwd.scale },
        rev: { mu: rev.loc, sigma: rev.scale },
      });
      drawFwd();
      drawRev();
    });
  }
  update();
}
