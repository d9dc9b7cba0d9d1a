/**
 * Differential entropy: h = −∫ f log f of a normal and a uniform (the library's entropy() of each family), why
 * it can be negative (a density can exceed 1), the quantised entropy H_Δ ≈ h − log Δ, and an estimate from
 * draws (estimateDifferentialEntropy).
 */
import * as Plot from '@observablehq/plot';
import { createRng, entropy, estimateDifferentialEntropy, Normal, Uniform } from 'surprisal';
import { fmt } from '../format.js';
import { byId, chart, colors, expose, guarded, say, show, slider } from '../ui.js';

/** The bin widths Δ the quantisation slider offers. */
export const BIN_WIDTHS = [1, 0.5, 0.2, 0.1, 0.05, 0.02, 0.01] as const;
/** Draws behind the estimate. */
export const DRAWS = 2000;
/** Seed of those draws. */
export const SEED = 1;

/** Probabilities of the bins [kΔ, (k+1)Δ) that cover ±10σ of N(0, σ), from the library's cdf. */
export function binned(sigma: number, delta: number): { lo: number; p: number }[] {
  const d = new Normal(0, sigma);
  const k0 = Math.floor((-10 * sigma) / delta);
  const k1 = Math.ceil((10 * sigma) / delta);
  const bins: { lo: number; p: number }[] = [];
  for (let k = k0; k < k1; k++) bins.push({ lo: k * delta, p: d.cdf((k + 1) * delta) - d.cdf(k * delta) });
  return bins;
}

export function mountDifferentialEntropy(): void {
  const controls = byId('de-controls');
  let sigma = 1;
  let deltaIndex = 1;
  let width = 2;
  let bins: { lo: number; p: number }[] = [];

  slider(
    controls,
    {
      id: 'de-sigma',
      label: 'Standard deviation σ of N(0, σ²)',
      min: 0.05,
      max: 3,
      step: 0.01,
      value: sigma,
      format: (v) => fmt(v, 2),
    },
    (v) => {
      sigma = v;
      update();
    },
  );
  slider(
    controls,
    {
      id: 'de-delta',
      label: 'Bin width Δ of the quantised version',
      min: 0,
      max: BIN_WIDTHS.length - 1,
      step: 1,
      value: deltaIndex,
      format: (i) => String(BIN_WIDTHS[i]),
    },
    (i) => {
      deltaIndex = i;
      update();
    },
  );
  slider(
    controls,
    {
      id: 'de-width',
      label: 'Width w of Uniform(0, w)',
      min: 0.1,
      max: 4,
      step: 0.05,
      value: width,
      format: (v) => fmt(v, 2),
    },
    (v) => {
      width = v;
      update();
    },
  );

  const draw = chart(byId('de-chart'), (w) => {
    const d = new Normal(0, sigma);
    const delta = BIN_WIDTHS[deltaIndex];
    const xs: { x: number; f: number }[] = [];
    for (let i = 0; i <= 400; i++) {
      const x = -5 + (10 * i) / 400;
      xs.push({ x, f: Math.exp(d.logProb(x)) });
    }
    const peak = Math.exp(d.logProb(0));
    return Plot.plot({
      width: w,
      height: 240,
      x: { label: 'x', domain: [-5, 5] },
      y: { label: 'density', domain: [0, Math.max(1.2, peak * 1.05)], grid: true },
      marks: [
        Plot.rectY(
          bins.filter((b) => b.lo + delta > -5 && b.lo < 5),
          {
            x1: 'lo',
            x2: (b: { lo: number }) => b.lo + delta,
            y: (b: { p: number }) => b.p / delta,
            fill: colors.p,
            fillOpacity: 0.2,
            clip: true,
          },
        ),
        Plot.line(xs, { x: 'x', y: 'f', stroke: colors.p, strokeWidth: 2 }),
        Plot.ruleY([1], { stroke: colors.q, strokeDasharray: '4 3' }),
        Plot.text([{ y: 1 }], {
          x: 5,
          y: 'y',
          text: () => 'density 1',
          textAnchor: 'end',
          dy: -6,
          fill: colors.q,
        }),
        Plot.ruleY([0]),
      ],
    });
  });

  function update(): void {
    guarded('de-error', () => {
      const normal = new Normal(0, sigma);
      const h = normal.entropy();
      show('de-h', h);
      show('de-h-bits', h / Math.LN2);
      show('de-peak', Math.exp(normal.logProb(0)));
      say(
        'de-sign',
        h < 0
          ? `Negative: with σ = ${fmt(sigma, 2)} < 1/√(2πe) ≈ 0.242 the density is mostly above 1, so −log f is mostly below 0.`
          : `Positive: σ = ${fmt(sigma, 2)} ≥ 1/√(2πe) ≈ 0.242; shrink σ below it and h turns negative.`,
      );
      const delta = BIN_WIDTHS[deltaIndex];
      bins = binned(sigma, delta);
      const HDelta = entropy(
        bins.map((b) => b.p),
        { normalize: true },
      );
      show('de-HDelta', HDelta);
      show('de-HDelta-logDelta', HDelta + Math.log(delta));
      const x = createRng(SEED).fillNormal(new Float64Array(DRAWS), 0, sigma);
      const est = estimateDifferentialEntropy(x);
      show('de-estimate', est.value);
      show('de-estimate-se', est.stdError);
      const uniform = new Uniform(0, width);
      show('de-uniform', uniform.entropy());
      say(
        'de-uniform-sign',
        width < 1
          ? `Negative: Uniform(0, ${fmt(width, 2)}) has density ${fmt(1 / width, 2)} > 1 everywhere on its support.`
          : width === 1
            ? 'Zero: the uniform density on a unit interval is 1, and log 1 = 0.'
            : `Positive: its density ${fmt(1 / width, 2)} is below 1.`,
      );
      expose('differentialEntropy', { sigma, delta, width });
      draw();
    });
  }
  update();
}
